"""The POT-PDD articulation's charts: progress and contribution, the high/medium/low classes, and budget
against investment by year, subsystem or program.

Pure spec builders (plain rows in, Vega-Lite spec out), drawn by the portal and, through ``to_svg``, by the
report. Money goes in millions of pesos (``millones``), as the seed's dashboards show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from ssepot.charts.base import PALETTE, TRAFFIC, Spec, chart, clickable
from ssepot.charts.commitments import count_axis
from ssepot.core.figures import quantize

AUTOSIZE = {"type": "fit-x", "contains": "padding"}
#: the classes in the order green, yellow, red; "ND" (no value) in grey
CLASS_ORDER = ("alto", "medio", "bajo", "ND")
CLASS_COLOURS = {
    "alto": TRAFFIC["verde"],
    "medio": TRAFFIC["amarillo"],
    "bajo": TRAFFIC["rojo"],
    "ND": "#6b7280",
}
#: budget in blue, executed in orange (both 3:1 or more on white)
MEASURE_COLOURS = {"presupuesto": PALETTE[0], "ejecutado": PALETTE[1]}
MAX_DESCRIBED = 6


def _number(value: Any, places: int = 0) -> str:
    return formats.number_format(
        quantize(Decimal(str(value)), places), places, use_l10n=True, force_grouping=True
    )


def progress(
    rows: Sequence[dict[str, Any]], *, key: str = "pdd-avance", width: int | str = "container"
) -> Spec:
    """Horizontal bars on a 0-100 scale: the PDD's physical progress, the POT's contribution to it and the
    linked indicators' own progress.

    ``rows``: ``{"medida": str, "valor": float, "texto": str}`` (``texto``: as the page shows it)."""
    title = _("Avance físico del PDD y aporte del POT")
    values = "; ".join(f"{r['medida']}: {r['texto']}" for r in rows)
    description = f"{title}: {values}."
    spec: Spec = {
        "data": {"values": [{**r, "valor": float(r["valor"])} for r in rows if r["valor"] is not None]},
        "width": width,
        "autosize": AUTOSIZE,
        "height": {"step": 34},
        "encoding": {
            "y": {
                "field": "medida",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "valor",
                "type": "quantitative",
                "title": _("Porcentaje o puntos"),
                "scale": {"domain": [0, 100]},
            },
        },
        "layer": [
            {"mark": {"type": "bar", "color": PALETTE[0], "tooltip": True}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": "#111827"},
                "encoding": {"text": {"field": "texto"}},
            },
        ],
    }
    return chart(spec, key=key, title=title, description=description)


def classes(
    rows: Sequence[dict[str, Any]], *, key: str = "pdd-clases", width: int | str = "container"
) -> Spec:
    """Bars: how many linked PDD indicators have high, medium or low progress (the traffic colours, with
    the class's word on the axis, so colour is not the only carrier).

    ``rows``: ``{"clase": str, "clase_codigo": str, "indicadores": int, "porcentaje": float}``."""
    title = _("Indicadores del PDD vinculados al POT por nivel de avance")
    values = "; ".join(
        f"{r['clase']}: {_number(r['indicadores'])} ({_number(r['porcentaje'] or 0, 1)}\u00a0%)" for r in rows
    )
    description = f"{title}: {values}."
    codes = [c for c in CLASS_ORDER if any(r["clase_codigo"] == c for r in rows)]
    labels = {r["clase_codigo"]: r["clase"] for r in rows}
    spec: Spec = {
        "data": {"values": [{**r, "porcentaje": float(r["porcentaje"] or 0)} for r in rows]},
        "width": width,
        "autosize": AUTOSIZE,
        "height": {"step": 34},
        "encoding": {
            "y": {"field": "clase", "type": "nominal", "title": None, "sort": [labels[c] for c in codes]},
            "x": {
                "field": "indicadores",
                "type": "quantitative",
                "title": _("Indicadores"),
                "axis": count_axis(max((int(r["indicadores"] or 0) for r in rows), default=0)),
            },
            "color": {
                "field": "clase",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": [labels[c] for c in codes], "range": [CLASS_COLOURS[c] for c in codes]},
            },
            "tooltip": [
                {"field": "clase", "title": _("Nivel de avance")},
                {"field": "indicadores", "title": _("Indicadores"), "format": ",d"},
                {"field": "porcentaje", "title": _("Porcentaje"), "format": ",.1f"},
            ],
        },
        "layer": [
            {"mark": {"type": "bar"}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": "#111827"},
                "encoding": {"text": {"field": "indicadores", "format": ",d"}, "color": {"value": "#111827"}},
            },
        ],
    }
    return chart(spec, key=key, title=title, description=description)


def budget_vs_executed(
    rows: Sequence[dict[str, Any]],
    *,
    key: str,
    title: str,
    group_title: str,
    param: str | None = None,
    vertical: bool = False,
    width: int | str = "container",
) -> Spec:
    """Paired bars per group: the budget and the executed investment, in millions of pesos.

    ``rows``: ``{"grupo": str, "codigo": str, "medida": str, "medida_codigo": "presupuesto"|"ejecutado",
    "millones": float}``, groups in the order to show. With ``param``, clicking a bar sets
    ``?<param>=<codigo>``. ``vertical``: groups along x (years), else along y (names)."""
    groups = list(dict.fromkeys(r["grupo"] for r in rows))
    if len(groups) <= MAX_DESCRIBED:
        detail = "; ".join(
            f"{g}: "
            + ", ".join(f"{r['medida'].lower()} {_number(r['millones'])}" for r in rows if r["grupo"] == g)
            for g in groups
        )
    else:
        detail = _("%(n)s grupos; la tabla junto al gráfico tiene todos los datos") % {"n": len(groups)}
    description = _("%(title)s, en millones de pesos. %(detail)s.") % {"title": title, "detail": detail}
    measures = list(dict.fromkeys((r["medida_codigo"], r["medida"]) for r in rows))
    group_axis = {
        "field": "grupo",
        "type": "nominal",
        "title": None if not vertical else group_title,
        "sort": groups,
        "axis": {"labelLimit": 220, **({"labelAngle": 0} if vertical else {})},
    }
    value_axis = {
        "field": "millones",
        "type": "quantitative",
        "title": _("Millones de pesos"),
        "axis": {"format": ",.0f", "labelOverlap": True, "tickCount": 4},
    }
    offset = {"field": "medida", "sort": [m[1] for m in measures]}
    encoding: dict[str, Any] = {
        "color": {
            "field": "medida",
            "type": "nominal",
            "title": None,
            "scale": {
                "domain": [m[1] for m in measures],
                "range": [MEASURE_COLOURS.get(m[0], PALETTE[2]) for m in measures],
            },
            "legend": {"orient": "top", "direction": "horizontal", "columnPadding": 18},
        },
        "tooltip": [
            {"field": "grupo", "title": group_title},
            {"field": "medida", "title": _("Medida")},
            {"field": "millones", "title": _("Millones de pesos"), "format": ",.0f"},
        ],
    }
    if vertical:
        encoding.update({"x": group_axis, "xOffset": offset, "y": value_axis})
    else:
        encoding.update({"y": group_axis, "yOffset": offset, "x": value_axis})
    spec: Spec = {
        "data": {"values": [{**r, "millones": float(r["millones"] or 0)} for r in rows]},
        "mark": {"type": "bar", "tooltip": True},
        "width": width,
        "autosize": AUTOSIZE,
        "height": 260 if vertical else {"step": 11},
        "encoding": encoding,
    }
    if param:
        clickable(spec, param=param, field="codigo")
    return chart(spec, key=key, title=title, description=description)
