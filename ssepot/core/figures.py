"""A figure is a value with everything needed to explain it: formula, inputs, method and version.

Pages, the API, the CLI and the report show "cómo se calculó" from these fields, never from a second
computation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
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


def quantize(value: Number, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero (nothing to divide)."""
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def fmt_number(value: Number | None, places: int = 0) -> str:
    """es-CO formatting without locale machinery (the core has no Django): ``5.733.749``, ``92,1``."""
    if value is None:
        return "ND"
    q = quantize(value, places)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + ".".join(groups)
    return f"{text},{frac}" if frac else text


def fmt_percent(value: Number | None, places: int = 1) -> str:
    """``92,1 %`` (es-CO puts a space before the sign)."""
    return "ND" if value is None else f"{fmt_number(value, places)} %"
