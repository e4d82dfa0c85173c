"""The indicator charts: the traffic-light distribution of a battery and an indicator's history.

Plain data in, Vega-Lite spec out (see ``ssepot.charts.base``): the portal embeds these specs and the
annual report draws the same ones with ``to_svg``. Numbers arrive as ``Decimal`` or ``int`` and leave as
JSON numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ssepot.charts.base import PALETTE, TRAFFIC, Spec, chart, clickable

#: the drawing, labels and legend included, fits the width of its container (long labels stay inside)
AUTOSIZE = {"type": "fit-x", "contains": "padding"}
#: every light the engine gives (``ssepot.core.indicators``), in the order a reader expects them
LIGHT_ORDER = ("verde", "amarillo", "rojo", "gris", "NA", "ND")
#: grey for "no target", "not applicable" and "not available": 4.8:1 on white, still a visible bar
NEUTRAL = "#6b7280"


def number(value: Decimal | int | float | None) -> float | None:
    """A JSON number for a spec (Django's JSON encoder would write a Decimal as text)."""
    return None if value is None else float(value)


def traffic_distribution(
    counts: Mapping[str, int], labels: Mapping[str, str], *, key: str, param: str = "semaforo"
) -> Spec:
    """Bars: how many indicators have each traffic light. Clicking a bar sets ``?<param>=<light>``.

    ``counts``: ``{light code: indicators}``; ``labels``: the words for each light (colour is never alone:
    the axis names the light)."""
    rows: list[dict[str, Any]] = [
        {"semaforo": light, "nombre": str(labels.get(light, light)), "indicadores": counts[light]}
        for light in LIGHT_ORDER
        if counts.get(light)
    ]
    total = sum(r["indicadores"] for r in rows)
    most = max((r["indicadores"] for r in rows), default=0)  # whole ticks only: 0, 1, 2, not 0,5
    parts = "; ".join(f"{r['nombre']}: {r['indicadores']}" for r in rows)
    spec = chart(
        {
            "data": {"values": rows},
            "mark": {"type": "bar"},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": {"step": 28},
            "encoding": {
                "y": {"field": "nombre", "type": "nominal", "title": None, "sort": None},
                "x": {
                    "field": "indicadores",
                    "type": "quantitative",
                    "title": _("indicadores"),
                    "axis": {"tickMinStep": 1, "format": "d", "tickCount": min(max(most, 1), 8)},
                },
                "color": {
                    "field": "semaforo",
                    "type": "nominal",
                    "legend": None,
                    "scale": {
                        "domain": [r["semaforo"] for r in rows],
                        "range": [TRAFFIC.get(r["semaforo"], NEUTRAL) for r in rows],
                    },
                },
                "tooltip": [
                    {"field": "nombre", "title": _("semáforo")},
                    {"field": "indicadores", "title": _("indicadores")},
                ],
            },
        },
        key=key,
        title=_("Indicadores por semáforo"),
        description=_("Distribución de %(total)s indicadores por semáforo: %(parts)s.")
        % {"total": total, "parts": parts or _("sin indicadores")},
    )
    return clickable(spec, param=param, field="semaforo")


def indicator_history(
    rows: Sequence[Mapping[str, Any]],
    *,
    key: str,
    name: str,
    unit: str,
    baseline: Decimal | None = None,
    baseline_label: str = "",
    title: str = "",
    axis: str = "",
) -> Spec:
    """Layers: the published values by year (line and points), the yearly targets (ticks) and the baseline
    (a dashed rule with its label).

    ``rows``: ``{"year": int, "value": Decimal | None, "target": Decimal | None}``, one per year; or one per
    quarter or month (``"year": "2025-T1"``) with ``title`` and ``axis`` naming the periods."""
    value_name, target_name = _("Valor publicado"), _("Meta")
    data = [
        {"vigencia": str(r["year"]), "serie": serie, "valor": number(r[field])}
        for r in rows
        for serie, field in ((value_name, "value"), (target_name, "target"))
        if r.get(field) is not None
    ]
    x = {
        "field": "vigencia",
        "type": "ordinal",
        "title": axis or _("vigencia"),
        "axis": {"labelAngle": 0},
        "scale": {"domain": [str(r["year"]) for r in rows]},
    }
    y = {"field": "valor", "type": "quantitative", "title": unit, "scale": {"zero": False}}
    colour = {
        "field": "serie",
        "type": "nominal",
        "title": None,
        "scale": {"domain": [value_name, target_name], "range": [PALETTE[0], PALETTE[1]]},
        "legend": {"orient": "bottom"},
    }
    tooltip = [
        {"field": "serie", "title": _("serie")},
        {"field": "vigencia", "title": _("vigencia")},
        {"field": "valor", "title": _("valor"), "type": "quantitative", "format": ",.4~f"},
    ]
    layers: list[Spec] = [
        {
            "transform": [{"filter": {"field": "serie", "equal": value_name}}],
            "mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
        },
        {
            "transform": [{"filter": {"field": "serie", "equal": target_name}}],
            "mark": {"type": "tick", "thickness": 3, "size": 22},
            "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
        },
    ]
    # NB: a layer without data draws an unlabelled group that screen readers (and axe) trip over
    drawn = {d["serie"] for d in data}
    layers = [layer for layer, name in zip(layers, (value_name, target_name), strict=True) if name in drawn]
    described = [
        f"{r['year']}: "
        + _("valor %(value)s, meta %(target)s") % {"value": _fmt(r["value"]), "target": _fmt(r["target"])}
        for r in rows
    ]
    if baseline is not None:
        label = baseline_label or _("Línea base")
        layers.append(
            {
                "data": {"values": [{"valor": number(baseline), "etiqueta": f"{label}: {_fmt(baseline)}"}]},
                "layer": [
                    {
                        "mark": {
                            "type": "rule",
                            "strokeDash": [6, 4],
                            "color": "#374151",
                            "strokeWidth": 1.5,
                        },
                        "encoding": {"y": {"field": "valor", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "dx": 4,
                            "dy": -7,
                            "color": "#1f2937",
                            "fontSize": 11,
                        },
                        "encoding": {
                            "y": {"field": "valor", "type": "quantitative"},
                            "x": {"value": 0},
                            "text": {"field": "etiqueta"},
                        },
                    },
                ],
            }
        )
        described.insert(0, f"{label}: {_fmt(baseline)}")
    return chart(
        {
            "data": {"values": data},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": 260,
            "layer": layers,
        },
        key=key,
        title=title or _("Valores y metas por vigencia"),
        description=(
            _("%(name)s (%(unit)s), valores publicados y metas por periodo. %(series)s.")
            if axis
            else _("%(name)s (%(unit)s), valores publicados y metas por vigencia. %(series)s.")
        )
        % {"name": name, "unit": unit, "series": "; ".join(described)},
    )


def _fmt(value: Decimal | int | float | None) -> str:
    """A number for a text alternative, in the active language (es-CO: 401.195; 0,57)."""
    from django.utils import formats

    if value is None:
        return _("sin dato")
    plain = Decimal(format(Decimal(str(value)).normalize(), "f"))  # 401195.000000 -> 401195, not 4.01195E+5
    return formats.number_format(plain, use_l10n=True, force_grouping=True)
