"""The commitments' charts: status by group (horizon, typology, subsystem, agency) and the yearly history.

Pure spec builders (plain rows in, Vega-Lite spec out), drawn by the portal and, through ``to_svg``, by the
report. Rows carry the status's code (``estado_codigo``) for the colours and the group's code (``codigo``)
for click-to-filter; the words (``grupo``, ``estado``) come translated from the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from ssepot.charts.base import STATUS_COLOURS, Spec, chart, clickable
from ssepot.core.figures import quantize

#: the drawing, labels and legend included, fits the width it is given (long labels do not overflow)
AUTOSIZE = {"type": "fit-x", "contains": "padding"}
#: with more groups than this, the text alternative sums up and points to the table
MAX_DESCRIBED = 6
#: every status a commitment can have in a year, in the order the bars stack them
STATUS_ORDER = ("cumplido", "en_proceso", "sin_reporte", "no_aplica")
#: grey for "sin reporte" and "no aplica": not a result, so not a traffic colour (4.6:1 and 3.5:1 on white)
COLOURS = {**STATUS_COLOURS, "sin_reporte": "#6b7280", "no_aplica": "#8b95a1"}


def _percent(value: Any) -> str:
    """92,1 % in Spanish, for the text alternative."""
    number = formats.number_format(quantize(Decimal(str(value)), 1), 1, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0%"


def count_axis(largest: int) -> dict[str, Any]:
    """An axis of whole counts: explicit ticks for small counts (Vega would put 0,5 or repeat a rounded
    label), Vega's own above 100."""
    axis: dict[str, Any] = {"tickMinStep": 1, "format": ",d"}
    for top, step in ((10, 1), (20, 2), (50, 5), (100, 10)):
        if largest <= top:
            axis["values"] = list(range(0, largest + step, step))
            break
    return axis


def _count(value: Any) -> str:
    """1.400 in Spanish."""
    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)


def _colour(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A colour encoding whose legend lists the statuses present, in the usual order and colours."""
    labels: dict[str, str] = {}
    for r in rows:
        labels.setdefault(r["estado_codigo"], r["estado"])
    codes = [c for c in STATUS_ORDER if c in labels] + sorted(set(labels) - set(STATUS_ORDER))
    return {
        "field": "estado",
        "type": "nominal",
        "title": _("Estado"),
        "scale": {"domain": [labels[c] for c in codes], "range": [COLOURS.get(c, "#6b7280") for c in codes]},
        "legend": {"orient": "bottom", "direction": "horizontal", "columnPadding": 18, "labelLimit": 160},
    }


def _order(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with ``orden``, the status's place in the stack."""
    return [
        {**r, "orden": STATUS_ORDER.index(r["estado_codigo"]) if r["estado_codigo"] in STATUS_ORDER else 9}
        for r in rows
    ]


def status_by_group(
    rows: Sequence[dict[str, Any]],
    *,
    key: str,
    title: str,
    group_title: str,
    param: str | None = None,
    width: int | str = "container",
) -> Spec:
    """Stacked horizontal bars: per group, how many commitments have each status.

    ``rows``: ``{"grupo": str, "codigo": str, "estado": str, "estado_codigo": str, "compromisos": int}``,
    groups in the order to show. With ``param``, clicking a bar sets ``?<param>=<codigo>``. ``width``: pixels
    for the report (``to_svg``); the page's default fills the container."""
    groups = list(dict.fromkeys(r["grupo"] for r in rows))
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["grupo"]] = totals.get(r["grupo"], 0) + int(r["compromisos"])
    if len(groups) <= MAX_DESCRIBED:
        parts = [
            f"{g}: "
            + ", ".join(
                f"{_count(r['compromisos'])} {r['estado'].lower()}"
                for r in rows
                if r["grupo"] == g and r["compromisos"]
            )
            for g in groups
        ]
        description = _("%(title)s. %(groups)s.") % {"title": title, "groups": "; ".join(parts)}
    else:
        largest = max(groups, key=lambda g: totals[g]) if groups else ""
        description = _(
            "%(title)s: %(n)s grupos; el mayor es %(largest)s con %(total)s compromisos. "
            "La tabla junto al gráfico tiene todos los datos."
        ) % {"title": title, "n": len(groups), "largest": largest, "total": _count(totals.get(largest, 0))}
    spec: Spec = {
        "data": {"values": _order(rows)},
        "mark": {"type": "bar", "tooltip": True},
        "width": width,
        "autosize": AUTOSIZE,
        "height": {"step": 22},
        "encoding": {
            "y": {
                "field": "grupo",
                "type": "nominal",
                "title": None,
                "sort": groups,
                "axis": {"labelLimit": 220},
            },
            "x": {
                "field": "compromisos",
                "type": "quantitative",
                "stack": True,
                "title": _("Compromisos"),
                "axis": count_axis(max(totals.values(), default=0)),
            },
            "color": _colour(rows),
            "order": {"field": "orden", "type": "quantitative"},
            "tooltip": [
                {"field": "grupo", "title": group_title},
                {"field": "estado", "title": _("Estado")},
                {"field": "compromisos", "title": _("Compromisos"), "format": ",d"},
            ],
        },
    }
    if param:
        clickable(spec, param=param, field="codigo")
    return chart(spec, key=key, title=title, description=description)


def status_history(
    rows: Sequence[dict[str, Any]], *, key: str = "compromisos-historia", width: int | str = "container"
) -> Spec:
    """Stacked columns: per year, how many commitments had each status (the accumulated history).

    ``rows``: ``{"vigencia": int, "estado": str, "estado_codigo": str, "compromisos": int}``."""
    years = sorted({int(r["vigencia"]) for r in rows})
    totals: dict[int, int] = {}
    for r in rows:
        totals[int(r["vigencia"])] = totals.get(int(r["vigencia"]), 0) + int(r["compromisos"])
    title = _("Historia del estado de los compromisos")
    span = f"{years[0]}-{years[-1]}" if years else ""
    description = _(
        "%(title)s %(span)s: compromisos por estado en cada vigencia; la tabla de al lado tiene los datos."
    ) % {"title": title, "span": span}
    spec: Spec = {
        "data": {"values": _order(rows)},
        "mark": {"type": "bar", "tooltip": True},
        "width": width,
        "autosize": AUTOSIZE,
        "height": 240,
        "encoding": {
            "x": {"field": "vigencia", "type": "ordinal", "title": _("Vigencia"), "axis": {"labelAngle": 0}},
            "y": {
                "field": "compromisos",
                "type": "quantitative",
                "stack": True,
                "title": _("Compromisos"),
                "axis": count_axis(max(totals.values(), default=0)),
            },
            "color": _colour(rows),
            "order": {"field": "orden", "type": "quantitative"},
            "tooltip": [
                {"field": "vigencia", "title": _("Vigencia")},
                {"field": "estado", "title": _("Estado")},
                {"field": "compromisos", "title": _("Compromisos"), "format": ",d"},
            ],
        },
    }
    return chart(spec, key=key, title=title, description=description)


def compliance_history(
    rows: Sequence[dict[str, Any]], *, key: str = "compromisos-cumplimiento", width: int | str = "container"
) -> Spec:
    """A line: the global compliance (mean progress of the reported commitments) per year.

    ``rows``: ``{"vigencia": int, "cumplimiento": float | None}`` (years without a value are left out)."""
    values = [r for r in rows if r["cumplimiento"] is not None]
    title = _("Cumplimiento global de los compromisos por vigencia")
    description = _("%(title)s: %(values)s.") % {
        "title": title,
        "values": "; ".join(f"{r['vigencia']}: {_percent(r['cumplimiento'])}" for r in values),
    }
    spec: Spec = {
        "data": {"values": [{**r, "cumplimiento": float(r["cumplimiento"])} for r in values]},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "width": width,
        "autosize": AUTOSIZE,
        "height": 200,
        "encoding": {
            "x": {"field": "vigencia", "type": "ordinal", "title": _("Vigencia"), "axis": {"labelAngle": 0}},
            "y": {
                "field": "cumplimiento",
                "type": "quantitative",
                "title": _("Cumplimiento global (%)"),
                "scale": {"domain": [0, 100]},
            },
            "tooltip": [
                {"field": "vigencia", "title": _("Vigencia")},
                {"field": "cumplimiento", "title": _("Cumplimiento global (%)"), "format": ",.1f"},
            ],
        },
    }
    return chart(spec, key=key, title=title, description=description)
