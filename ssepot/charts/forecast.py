"""The forecast chart of an indicator: the series up to the year, the projection to the horizon with its
95 % interval, and the target. Plain data in, Vega-Lite spec out (``ssepot.charts.base``): the portal embeds
it and the report can draw the same spec with ``to_svg``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from ssepot.charts.base import PALETTE, Spec, chart
from ssepot.charts.indicators import AUTOSIZE, _fmt, number


def forecast_chart(
    series: Mapping[int, Decimal],
    *,
    key: str,
    name: str,
    unit: str,
    horizon: int | None,
    projection: Decimal | None,
    low: Decimal | None,
    high: Decimal | None,
    target: Decimal | None,
) -> Spec:
    """Layers: the observed series (line and points), a dashed line from the last value to the projection
    at the horizon, the interval as a vertical bar at the horizon and the target as a point."""
    observed, projected, goal = _("Serie observada"), _("Proyección"), _("Meta")
    last_year = max(series, default=None)
    rows = [{"anio": y, "serie": observed, "valor": number(v)} for y, v in sorted(series.items())]
    if last_year is not None and horizon is not None and projection is not None and horizon > last_year:
        rows += [
            {"anio": last_year, "serie": projected, "valor": number(series[last_year])},
            {"anio": horizon, "serie": projected, "valor": number(projection)},
        ]
    x = {
        "field": "anio",
        "type": "quantitative",
        "title": _("vigencia"),
        "axis": {"format": "d", "tickMinStep": 1},
    }
    y = {"field": "valor", "type": "quantitative", "title": unit, "scale": {"zero": False}}
    colour = {
        "field": "serie",
        "type": "nominal",
        "title": None,
        "scale": {"domain": [observed, projected, goal], "range": [PALETTE[0], PALETTE[2], PALETTE[1]]},
        "legend": {"orient": "bottom"},
    }
    tooltip = [
        {"field": "serie", "title": _("serie")},
        {"field": "anio", "title": _("vigencia"), "format": "d"},
        {"field": "valor", "title": _("valor"), "type": "quantitative", "format": ",.4~f"},
    ]
    layers: list[Spec] = [
        {
            "transform": [{"filter": {"field": "serie", "equal": observed}}],
            "mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
        }
    ]
    if any(r["serie"] == projected for r in rows):
        layers.append(
            {
                "transform": [{"filter": {"field": "serie", "equal": projected}}],
                "mark": {"type": "line", "strokeDash": [6, 4], "point": True, "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
            }
        )
    if horizon is not None and low is not None and high is not None:
        layers.append(
            {
                "data": {"values": [{"anio": horizon, "bajo": number(low), "alto": number(high)}]},
                "mark": {"type": "rule", "strokeWidth": 3, "color": PALETTE[2], "opacity": 0.6},
                "encoding": {
                    "x": x,
                    "y": {"field": "bajo", "type": "quantitative"},
                    "y2": {"field": "alto"},
                    "tooltip": [
                        {"field": "bajo", "title": _("límite inferior"), "format": ",.4~f"},
                        {"field": "alto", "title": _("límite superior"), "format": ",.4~f"},
                    ],
                },
            }
        )
    if horizon is not None and target is not None:
        layers.append(
            {
                "data": {"values": [{"anio": horizon, "serie": goal, "valor": number(target)}]},
                "mark": {"type": "point", "shape": "diamond", "size": 120, "filled": True},
                "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
            }
        )
    # NB: the chart's description (below) is its text alternative; its marks stay out of the accessibility
    # tree, since a layer without data (an indicator measured only by comuna) would expose an unnamed group
    for layer in layers:
        mark = layer["mark"]
        mark["aria"] = False
        if mark.get("point"):
            mark["point"] = {**(mark["point"] if isinstance(mark["point"], dict) else {}), "aria": False}
    values = "; ".join(f"{y}: {_fmt(v)}" for y, v in sorted(series.items())) or _("sin valores")
    described = _("%(name)s (%(unit)s), serie observada: %(values)s.") % {
        "name": name,
        "unit": unit,
        "values": values,
    }
    if projection is not None and horizon is not None:
        described += " " + _("Proyección a %(horizon)s: %(projection)s") % {
            "horizon": horizon,
            "projection": _fmt(projection),
        }
        if low is not None:
            described += " " + _("(intervalo del 95 %%: %(low)s a %(high)s)") % {
                "low": _fmt(low),
                "high": _fmt(high),
            }
        described += "."
    if target is not None and horizon is not None:
        described += " " + _("Meta %(horizon)s: %(target)s.") % {"horizon": horizon, "target": _fmt(target)}
    return chart(
        {
            "data": {"values": rows},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": 260,
            "layer": layers,
        },
        key=key,
        title=_("¿Llegará a la meta?"),
        description=described,
    )
