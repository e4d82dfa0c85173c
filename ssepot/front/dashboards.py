"""The plan's portal: its home with the headline figures, and the Compromisos and Relación POT-PDD dashboards.

Every number on these pages is a ``Figure`` of the engine (``ssepot.figures.compute.all_figures`` on the
published data, cached per publication by ``ssepot.front.data``) or, when the page is filtered, the same
core function applied to the filtered records; the page never computes a figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from ssepot.core.figures import Figure, Number
from ssepot.figures.compute import is_headline
from ssepot.front.data import PlanContext, figure_map, plan_page

MILLION = 1_000_000
#: how many inputs the "¿cómo se calculó?" disclosure lists before summing up the rest
MAX_INPUTS = 25


def number(value: Number | None, places: int = 0) -> str:
    """A number in the active language's format: 5.733.749 and 92,1 in Spanish."""
    if value is None:
        return _("ND")
    return formats.number_format(Decimal(value), places, use_l10n=True, force_grouping=True)


def percent(value: Number | None, places: int = 1) -> str:
    """92,1 % in Spanish (a space before the sign, as es-CO writes it)."""
    if value is None:
        return _("ND")
    return f"{number(value, places)}\u00a0%"


def figure_value(f: Figure) -> str:
    """The figure's value with its unit, as a card shows it."""
    if f.value is None:
        return f.status or _("ND")
    if f.unit == "%":
        return percent(f.value)
    if f.unit == "COP":
        return _("$ %(n)s millones") % {"n": number(Decimal(f.value) / MILLION)}
    if f.unit == "puntos":
        return _("%(n)s puntos") % {"n": number(f.value, 1)}
    return f"{number(f.value)} {f.unit}"


@dataclass(frozen=True)
class ShownFigure:
    """A figure ready for the page: its value in words and everything "¿cómo se calculó?" lists."""

    key: str
    label: str
    value: str
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
    return ShownFigure(
        key=f.key,
        label=f.label,
        value=figure_value(f),
        raw=f.value,
        unit=f.unit,
        formula=f.formula,
        method=f.method,
        status=f.status,
        inputs=inputs,
        more_inputs=max(len(f.inputs) - MAX_INPUTS, 0),
    )


# -- the plan's home --------------------------------------------------------------------------------------

#: the headline figures shown as cards, in this order; the other headline figures go in the tables below
CARDS = (
    "compromisos.total",
    "compromisos.cumplimiento_global",
    "compromisos.cumplido_pct",
    "compromisos.en_proceso_pct",
    "compromisos.no_reportado_pct",
    "pdd.avance_fisico",
    "pdd.aporte_pot",
    "pdd.avance_agregado_vinculados",
    "pdd.indicadores_vinculados",
    "pdd.proyectos_vinculados",
    "dinero.programa_ejecucion.presupuesto",
    "dinero.programa_ejecucion.ejecutado",
    "dinero.programa_ejecucion.ejecucion_pct",
    "dinero.plan_plurianual",
    "dinero.participacion_ppi",
)

#: the other headline figures, grouped by prefix for the tables of the home
GROUPS = ("compromisos.", "pdd.", "dinero.")


@plan_page(allowed=())
def plan_home(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """The year's headline figures as cards, each with "¿cómo se calculó?", and links into the dashboards."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    cards = [shown(figures[k]) for k in CARDS if k in figures]
    carded = set(CARDS)
    groups = []
    for prefix in GROUPS:
        rows = [
            shown(f)
            for f in figures.values()
            if is_headline(f) and f.key.startswith(prefix) and f.key not in carded
        ]
        if rows:
            groups.append({"prefix": prefix, "title": _group_title(prefix), "rows": rows})
    return render(
        request,
        "front/dashboards/plan_home.html",
        {**ctx.as_dict(), "cards": cards, "groups": groups},
    )


def _group_title(prefix: str) -> str:
    return {
        "compromisos.": _("Compromisos: todas las cifras principales"),
        "pdd.": _("Relación POT-PDD: todas las cifras principales"),
        "dinero.": _("Programa de ejecución e inversión: todas las cifras principales"),
    }[prefix]
