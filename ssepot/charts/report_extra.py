"""Charts the annual report needs and the portal does not draw (yet), built with the shared conventions.

Each function takes plain data and returns a Vega-Lite spec finished by ``ssepot.charts.base.chart``; the
report renders it to SVG with ``to_svg``, the portal may embed the same spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from ssepot.charts.base import STATUS_COLOURS, TRAFFIC, Spec, chart


def commitments_by_horizon(rows: Sequence[dict[str, Any]]) -> Spec:
    """Stacked bars: per horizon, how many commitments are done, in progress or without report.

    ``rows``: ``{"horizonte": str, "estado": str, "estado_clave": str, "compromisos": int}``."""
    colours = {**STATUS_COLOURS, "sin_reporte": "#6b7280", "no_aplica": "#9ca3af"}
    keys = [r["estado_clave"] for r in rows]
    domain = list(dict.fromkeys(r["estado"] for r in rows))
    rng = [colours.get(k, "#6b7280") for k in dict.fromkeys(keys)]
    return chart(
        {
            "data": {"values": list(rows)},
            "mark": "bar",
            "width": 420,
            "height": 110,
            "encoding": {
                "y": {"field": "horizonte", "type": "nominal", "title": None},
                "x": {
                    "field": "compromisos",
                    "type": "quantitative",
                    "stack": True,
                    "title": _("compromisos"),
                },
                "color": {
                    "field": "estado",
                    "type": "nominal",
                    "title": _("estado"),
                    "scale": {"domain": domain, "range": rng},
                    "legend": {"orient": "bottom"},
                },
                "order": {"field": "orden", "type": "quantitative"},
                "tooltip": [{"field": "horizonte"}, {"field": "estado"}, {"field": "compromisos"}],
            },
        },
        key="informe.compromisos.horizonte",
        title=_("Estado de los compromisos por horizonte"),
        description=_("Compromisos cumplidos, en proceso y sin reporte, por horizonte del plan."),
    )


def compliance_history(rows: Sequence[dict[str, Any]]) -> Spec:
    """A line of the global compliance of commitments per year.

    ``rows``: ``{"vigencia": int, "cumplimiento": float}``."""
    return chart(
        {
            "data": {"values": list(rows)},
            "mark": {"type": "line", "point": True},
            "width": 420,
            "height": 160,
            "encoding": {
                "x": {
                    "field": "vigencia",
                    "type": "ordinal",
                    "title": _("vigencia"),
                    "axis": {"labelAngle": 0},
                },
                "y": {
                    "field": "cumplimiento",
                    "type": "quantitative",
                    "title": _("cumplimiento global (%)"),
                    "scale": {"domain": [0, 100]},
                },
                "tooltip": [{"field": "vigencia"}, {"field": "cumplimiento", "format": ",.1f"}],
            },
        },
        key="informe.compromisos.historia",
        title=_("Cumplimiento global de los compromisos por vigencia"),
        description=_("Evolución del cumplimiento global de los compromisos del POT en cada vigencia."),
    )


def money_by_subsystem(rows: Sequence[dict[str, Any]]) -> Spec:
    """Horizontal bars: accumulated investment per subsystem, in millions of COP.

    ``rows``: ``{"subsistema": str, "millones": float}``."""
    return chart(
        {
            "data": {"values": list(rows)},
            "mark": "bar",
            "width": 380,
            "height": {"step": 14},
            "encoding": {
                "y": {"field": "subsistema", "type": "nominal", "sort": "-x", "title": None},
                "x": {
                    "field": "millones",
                    "type": "quantitative",
                    "title": _("millones de pesos"),
                    "axis": {"format": ",.0f"},
                },
                "tooltip": [{"field": "subsistema"}, {"field": "millones", "format": ",.0f"}],
            },
        },
        key="informe.dinero.subsistema",
        title=_("Inversión acumulada por subsistema"),
        description=_("Inversión acumulada del programa de ejecución por subsistema, en millones de pesos."),
    )


def pdd_classes(rows: Sequence[dict[str, Any]]) -> Spec:
    """Bars: PDD program indicators linked to the POT by progress class (high, medium, low).

    ``rows``: ``{"clase": str, "indicadores": int, "color": "verde"|"amarillo"|"rojo"}``."""
    return chart(
        {
            "data": {"values": list(rows)},
            "mark": "bar",
            "width": 300,
            "height": 90,
            "encoding": {
                "y": {"field": "clase", "type": "nominal", "sort": None, "title": None},
                "x": {"field": "indicadores", "type": "quantitative", "title": _("indicadores")},
                "color": {
                    "field": "clase",
                    "type": "nominal",
                    "legend": None,
                    "scale": {
                        "domain": [r["clase"] for r in rows],
                        "range": [TRAFFIC[r["color"]] for r in rows],
                    },
                },
                "tooltip": [{"field": "clase"}, {"field": "indicadores"}],
            },
        },
        key="informe.pdd.clases",
        title=_("Indicadores de programa del PDD vinculados al POT, por nivel de avance"),
        description=_("Número de indicadores con avance alto, medio y bajo."),
    )
