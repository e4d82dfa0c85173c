"""What the dashboards share: numbers in the active language and figures ready for a card."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from ssepot.core.equity import INDEX, INDEX_PLACES, TIMES, VALUE_PLACES
from ssepot.core.figures import Figure, Number, quantize

MILLION = 1_000_000
#: decimals shown for a unit whose values are small (an inequality index, a ratio)
PLACES = {INDEX: INDEX_PLACES, TIMES: VALUE_PLACES}
#: how many inputs the "¿cómo se calculó?" disclosure lists before summing up the rest
MAX_INPUTS = 25


def number(value: Number | None, places: int = 0) -> str:
    """A number in the active language's format: 5.733.749 and 92,1 in Spanish."""
    if value is None:
        return _("ND")
    # NB: number_format cuts extra decimals (56,99 would read 56,9); round half up first, as the engine does
    return formats.number_format(quantize(value, places), places, use_l10n=True, force_grouping=True)


def percent(value: Number | None, places: int = 1) -> str:
    """92,1 % in Spanish (a space before the sign, as es-CO writes it)."""
    if value is None:
        return _("ND")
    return f"{number(value, places)}\u00a0%"


def figure_parts(f: Figure) -> tuple[str, str]:
    """The value and the unit in words, as a card shows them: ("92,1 %", ""), ("101", "compromisos")."""
    if f.value is None:
        return f.status or _("ND"), ""
    if f.unit == "%":
        return percent(f.value), ""
    if f.unit == "COP":
        return _("$ %(n)s") % {"n": number(Decimal(f.value) / MILLION)}, _("millones")
    if f.unit == "puntos":
        return number(f.value, 1), _("puntos")
    if f.unit in PLACES:
        return number(f.value, PLACES[f.unit]), f.unit
    return number(f.value), f.unit


def figure_value(f: Figure) -> str:
    """The figure's value with its unit: «92,1 %», «101 compromisos», «$ 5.733.749 millones»."""
    return " ".join(p for p in figure_parts(f) if p)


@dataclass(frozen=True)
class ShownFigure:
    """A figure ready for the page: its value in words and everything "¿cómo se calculó?" lists."""

    key: str
    label: str
    value: str
    number: str
    unit_text: str
    raw: Number | None
    unit: str
    formula: str
    method: str
    status: str
    inputs: list[tuple[str, str]]
    more_inputs: int


def shown(f: Figure) -> ShownFigure:
    inputs = [
        (i.label, "" if i.value is None else (i.value if isinstance(i.value, str) else number(i.value, 2)))
        for i in f.inputs[:MAX_INPUTS]
    ]
    shown_number, unit_text = figure_parts(f)
    return ShownFigure(
        key=f.key,
        label=f.label,
        value=figure_value(f),
        number=shown_number,
        unit_text=unit_text,
        raw=f.value,
        unit=f.unit,
        formula=f.formula,
        method=f.method,
        status=f.status,
        inputs=inputs,
        more_inputs=max(len(f.inputs) - MAX_INPUTS, 0),
    )
