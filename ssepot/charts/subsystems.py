"""The subsystems' progress: commitment compliance and financial execution side by side, per subsystem.

Plain data in, Vega-Lite spec out (see ``ssepot.charts.base``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ssepot.charts.base import PALETTE, Spec, chart, clickable
from ssepot.charts.indicators import AUTOSIZE


def subsystem_progress(rows: Sequence[Mapping[str, Any]], *, key: str, param: str = "subsistema") -> Spec:
    """Grouped horizontal bars, one group per subsystem: commitment compliance and financial execution (%).

    ``rows``: ``{"code", "name", "system", "compliance": Decimal | None, "execution": Decimal | None}``.
    A missing measure has no bar (the table beside says ND). Clicking a bar sets ``?<param>=<code>``."""
    compliance, execution = _("Cumplimiento de compromisos"), _("Ejecución financiera")
    data = [
        {
            "codigo": r["code"],
            "subsistema": r["name"],
            "sistema": r["system"],
            "medida": measure,
            "porcentaje": float(r[field]),
        }
        for r in rows
        for measure, field in ((compliance, "compliance"), (execution, "execution"))
        if r.get(field) is not None
    ]
    described = "; ".join(
        f"{r['name']}: " + _("compromisos %(c)s, ejecución %(e)s") % {"c": _pct(r.get("compliance")),
                                                                      "e": _pct(r.get("execution"))}
        for r in rows
    )  # fmt: skip
    spec = chart(
        {
            "data": {"values": data},
            "mark": {"type": "bar"},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": {"step": 11},
            "encoding": {
                "y": {
                    "field": "subsistema",
                    "type": "nominal",
                    "title": None,
                    "sort": [r["name"] for r in rows],
                    "axis": {"labelLimit": 260},
                },
                "yOffset": {"field": "medida", "sort": [compliance, execution]},
                "x": {
                    "field": "porcentaje",
                    "type": "quantitative",
                    "title": _("porcentaje"),
                    "axis": {"format": ".0f"},
                },
                "color": {
                    "field": "medida",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": [compliance, execution], "range": [PALETTE[0], PALETTE[1]]},
                    "legend": {"orient": "bottom", "labelLimit": 320},
                },
                "tooltip": [
                    {"field": "subsistema", "title": _("subsistema")},
                    {"field": "sistema", "title": _("sistema")},
                    {"field": "medida", "title": _("medida")},
                    {"field": "porcentaje", "title": _("porcentaje"), "format": ",.1f"},
                ],
            },
        },
        key=key,
        title=_("Avance de los subsistemas"),
        description=_("Cumplimiento de los compromisos y ejecución financiera por subsistema: %(parts)s.")
        % {"parts": described or _("sin datos")},
    )
    return clickable(spec, param=param, field="codigo")


def _pct(value: Decimal | None) -> str:
    from django.utils import formats

    if value is None:
        return _("ND")
    number = formats.number_format(
        Decimal(value).quantize(Decimal("0.1")), 1, use_l10n=True, force_grouping=True
    )
    return _("%(number)s %%") % {"number": number}
