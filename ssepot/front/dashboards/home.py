"""The plan's home: the year's headline figures as cards, each with "¿cómo se calculó?"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ssepot.figures.compute import is_headline
from ssepot.front.dashboards.common import ShownFigure, shown
from ssepot.front.data import PlanContext, cached, figure_map, plan_page

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

#: the units of the figures that summarise the whole plan (shares, progress, compliance): a partial year's
#: home (``PlanContext.partial``) shows none of them, only counts and amounts beside its coverage
GLOBAL_UNITS = ("%", "puntos")

#: the other headline figures, grouped by prefix for the tables of the home
GROUPS = ("compromisos.", "pdd.", "dinero.")


@plan_page(allowed=())
def plan_home(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """The year's headline figures as cards, each with "¿cómo se calculó?", and links into the dashboards."""

    def compute() -> tuple[list[ShownFigure], list[dict[str, Any]]]:
        figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
        if ctx.partial:
            figures = {k: f for k, f in figures.items() if f.unit not in GLOBAL_UNITS}
        cards = [shown(figures[k]) for k in CARDS if k in figures]
        groups = []
        for prefix in GROUPS:
            rows = [
                shown(f)
                for f in figures.values()
                if is_headline(f) and f.key.startswith(prefix) and f.key not in CARDS
            ]
            if rows:
                groups.append({"prefix": prefix, "title": _group_title(prefix), "rows": rows})
        return cards, groups

    # the figures as the page words them, in the page's language
    key = f"home:{ctx.year}:{get_language()}:{'parcial' if ctx.partial else 'completa'}"
    cards, groups = cached(ctx.plan, key, compute, ctx.stamp)
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
