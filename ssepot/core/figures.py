"""A figure is a value with everything needed to explain it: formula, inputs, method and version.

Pages, the API, the CLI and the report show "cómo se calculó" from these fields, never from a second
computation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

Number = Decimal | int

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Input:
    """One input of a figure: what it is (``ref``, e.g. ``commitment:17``), a readable label and its value."""

    ref: str
    label: str
    value: Number | str | None


@dataclass(frozen=True)
class Figure:
    key: str
    """Stable name, e.g. ``compromisos.cumplimiento_global``; narrative text refers to figures by it."""
    label: str
    value: Number | None
    unit: str
    """``%``, ``puntos``, ``COP``, ``millones de COP`` or a count noun (``compromisos``, ``indicadores``)."""
    formula: str
    """The formula in readable Spanish, with the numbers that went into it."""
    method: str
    version: str = "1"
    inputs: tuple[Input, ...] = field(default=(), repr=False)
    status: str = ""
    """A qualitative result beside the value: a traffic light, ``NA`` (no aplica), ``ND`` (no disponible)."""
    terms: tuple[str, ...] = ()
    """Spanish words that name this figure in running text (for the narrative consistency check)."""
    note: str = ""

    def replaced(self, **changes: Any) -> Figure:
        """``dataclasses.replace(self, **changes)`` without its per-call introspection: a plan's figures
        are thousands of copies with a new label or status, and ``replace`` was 6% of ``all_figures``. A
        Figure is frozen and has no ``__post_init__``, so copying its fields is all ``replace`` does."""
        unknown = changes.keys() - _FIGURE_FIELDS
        if unknown:
            raise TypeError(f"Figure has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Figure)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def rounded(self, places: int = 1) -> Decimal | None:
        return None if self.value is None else quantize(self.value, places)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: Decimals become strings so no precision is lost."""
        data = asdict(self)
        data["value"] = None if self.value is None else str(self.value)
        data["inputs"] = [
            {**i, "value": None if i["value"] is None else str(i["value"])} for i in data["inputs"]
        ]
        data["terms"] = list(self.terms)
        return data


#: ``10^-places`` for the usual places, built once (``quantize`` runs for every number a formula shows)
_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(-3, 10)}
#: es-CO separators from Python's: ``1,234.5`` -> ``1.234,5``
_ES_CO = str.maketrans(",.", ".,")


_FIGURE_FIELDS = frozenset(f.name for f in fields(Figure))


def quantize(value: Number, places: int) -> Decimal:
    exponent = _EXPONENTS.get(places) or Decimal(1).scaleb(-places)
    number = value if isinstance(value, Decimal) else Decimal(value)
    return number.quantize(exponent, rounding=ROUND_HALF_UP)


def share(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero (nothing to divide)."""
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


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
