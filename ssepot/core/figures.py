"""A figure is a value with everything needed to explain it: formula, inputs, method and version.

Pages, the API, the CLI and the report show "cómo se calculó" from these fields, never from a second
computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TypedDict, Unpack

Number = Decimal | int

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Input:
    """One input of a figure: what it is (``ref``, e.g. ``commitment:17``), a readable label and its value."""

    ref: str
    label: str
    value: Number | str | None


class FigureChanges(TypedDict, total=False):
    """The fields ``Figure.replaced`` may change, with their constructor's types."""

    key: str
    label: str
    value: Number | None
    unit: str
    formula: str | Callable[[], str]
    method: str
    version: str
    inputs: tuple[Input, ...] | Callable[[], tuple[Input, ...]]
    status: str
    terms: tuple[str, ...]
    note: str


class InputDict(TypedDict):
    ref: str
    label: str
    value: str | None


class FigureDict(TypedDict):
    """``Figure.as_dict``: the fields in the constructor's order, numbers as text."""

    key: str
    label: str
    value: str | None
    unit: str
    formula: str
    method: str
    version: str
    inputs: list[InputDict]
    status: str
    terms: list[str]
    note: str


class Figure:
    """A value with everything needed to explain it.

    Immutable, like a frozen dataclass. ``formula`` and ``inputs`` may be given as functions of no
    arguments: they are called the first time someone reads them (a page's "¿Cómo se calculó?", the
    report, the API) and the result is kept. A national recompute builds 2.7 million figures and needs
    their values, not their prose; the explanation of each is still built from the same numbers, only
    later (``docs/cifras.md``). Pickling, equality and ``as_dict`` read the resolved text.
    """

    key: str
    """Stable name, e.g. ``compromisos.cumplimiento_global``; narrative text refers to figures by it."""
    label: str
    value: Number | None
    unit: str
    """``%``, ``puntos``, ``COP``, ``millones de COP`` or a count noun (``compromisos``, ``indicadores``)."""
    method: str
    version: str
    status: str
    """A qualitative result beside the value: a traffic light, ``NA`` (no aplica), ``ND`` (no disponible)."""
    terms: tuple[str, ...]
    """Spanish words that name this figure in running text (for the narrative consistency check)."""
    note: str
    _formula: str | Callable[[], str]
    _inputs: tuple[Input, ...] | Callable[[], tuple[Input, ...]]

    def __init__(
        self,
        key: str,
        label: str,
        value: Number | None,
        unit: str,
        formula: str | Callable[[], str],
        method: str,
        version: str = "1",
        inputs: tuple[Input, ...] | Callable[[], tuple[Input, ...]] = (),
        status: str = "",
        terms: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        # NB: straight into the instance's dict: a plan's figures are thousands, and this is a third of
        # what a frozen dataclass's ``__init__`` costs
        self.__dict__.update(
            key=key,
            label=label,
            value=value,
            unit=unit,
            _formula=formula,
            method=method,
            version=version,
            _inputs=inputs,
            status=status,
            terms=terms,
            note=note,
        )

    @property
    def formula(self) -> str:
        """The formula in readable Spanish, with the numbers that went into it."""
        formula = self._formula
        if not isinstance(formula, str):
            formula = formula()
            self.__dict__["_formula"] = formula
        return formula

    @property
    def inputs(self) -> tuple[Input, ...]:
        inputs = self._inputs
        if not isinstance(inputs, tuple):
            inputs = tuple(inputs() if callable(inputs) else inputs)
            self.__dict__["_inputs"] = inputs
        return inputs

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in FIGURE_FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Figure)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in FIGURE_FIELDS if name != "inputs")
        return f"Figure({shown})"

    def __reduce__(self) -> tuple[object, ...]:
        # NB: the explanation is resolved: a function cannot be pickled (the portal's cache pickles)
        return (Figure, self._fields())

    def replaced(self, **changes: Unpack[FigureChanges]) -> Figure:
        """A copy with some fields changed (``dataclasses.replace``); a lazy formula or inputs stay lazy
        unless changed. A plan's figures are thousands of copies with a new label or status, and
        ``dataclasses.replace``'s introspection was 6% of ``all_figures``."""
        unknown = changes.keys() - _FIGURE_FIELDS
        if unknown:
            raise TypeError(f"Figure has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Figure)
        copy.__dict__.update(self.__dict__)
        for name, value in changes.items():
            copy.__dict__[_STORED_AS.get(name, name)] = value
        return copy

    def rounded(self, places: int = 1) -> Decimal | None:
        return None if self.value is None else quantize(self.value, places)

    def as_dict(self) -> FigureDict:
        """JSON-ready: Decimals become strings so no precision is lost."""
        return {
            "key": self.key,
            "label": self.label,
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "formula": self.formula,
            "method": self.method,
            "version": self.version,
            "inputs": [
                {"ref": i.ref, "label": i.label, "value": None if i.value is None else str(i.value)}
                for i in self.inputs
            ],
            "status": self.status,
            "terms": list(self.terms),
            "note": self.note,
        }


#: the fields, in the constructor's order
FIGURE_FIELDS = (
    "key", "label", "value", "unit", "formula", "method", "version", "inputs", "status", "terms", "note",
)  # fmt: skip
_FIGURE_FIELDS = frozenset(FIGURE_FIELDS)
_STORED_AS = {"formula": "_formula", "inputs": "_inputs"}


#: ``10^-places`` for the usual places, built once (``quantize`` runs for every number a formula shows)
_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(-3, 10)}
#: es-CO separators from Python's: ``1,234.5`` -> ``1.234,5``
_ES_CO = str.maketrans(",.", ".,")


def quantize(value: Number, places: int) -> Decimal:
    exponent = _EXPONENTS.get(places) or Decimal(1).scaleb(-places)
    number = value if isinstance(value, Decimal) else Decimal(value)
    return number.quantize(exponent, rounding=ROUND_HALF_UP)


def share(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero (nothing to divide)."""
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def share_formula(part: int, whole: int, pct: Number | None) -> Callable[[], str]:
    """The formula of a count's share, ``12 / 101 × 100 = 11,88 %``, written when it is read."""
    return lambda: f"{part} / {whole} × 100 = {fmt_percent(pct, 2)}"


def fmt_number(value: Number | None, places: int = 0) -> str:
    """es-CO formatting without locale machinery (the core has no Django): ``5.733.749``, ``92,1``."""
    if value is None:
        return "ND"
    return _fmt(value, places)


@lru_cache(maxsize=16384)
def _fmt(value: Number, places: int) -> str:
    """NB: cached: a plan's formulas show the same numbers many times (a value in its year's compliance,
    its term progress and its Open SDG series). Equal numbers (``1.0``, ``1.00``, ``1``) share an entry,
    which is right: they round to the same text."""
    q = quantize(value, places)
    # NB: the sign is the rounded value's: -0,04 shown with one decimal is "0,0", not "-0,0".
    text = f"{q.copy_abs():,f}".translate(_ES_CO)
    return "-" + text if q < 0 else text


def fmt_percent(value: Number | None, places: int = 1) -> str:
    """``92,1 %`` (es-CO puts a space before the sign)."""
    return "ND" if value is None else f"{fmt_number(value, places)} %"
