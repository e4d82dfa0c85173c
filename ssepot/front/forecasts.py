"""¿Llegará a la meta?: each POT indicator's forecast of the year, on its page and in a summary.

Every number is the figures engine's (``pronostico.<indicador>.*``, ``ssepot.figures.forecast``), read
from the published figures of the year (``figure_map``, cached per publication); the indicators and
their filters are the battery's (``ssepot.front.indicators``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.charts.forecast import forecast_chart
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.core.forecast import NOT_ENOUGH, OFF_TRACK, ON_TRACK, STALE
from ssepot.figures.forecast import forecast_key
from ssepot.front.data import ActiveFilter, BadFilter, PlanContext, figure_map, plan_page
from ssepot.front.indicators import _bad_filter, battery_rows, filter_rows, indicator_url
from ssepot.front.tables import NUMBER, Column, Link, Table, export_response, plain_number
from ssepot.indicators.models import Indicator

#: the engine's statuses as readers see them, by the code the ``estado`` filter takes
STATUS_LABELS = {
    slug(ON_TRACK): gettext_lazy("En camino"),
    slug(OFF_TRACK): gettext_lazy("Fuera de camino"),
    slug(NOT_ENOUGH): gettext_lazy("Sin datos suficientes"),
}
STALE_CODE = "desactualizado"
#: ``orden``: the table's sort keys
SORTS = ("codigo", "estado", "brecha")


@dataclass(frozen=True)
class ForecastRow:
    indicator: Indicator
    figures: Mapping[str, Figure]

    def part(self, name: str) -> Figure | None:
        return self.figures.get(f"{forecast_key(self.indicator.code)}.{name}")

    @property
    def status(self) -> str:
        state = self.part("estado")
        return slug(state.status) if state else slug(NOT_ENOUGH)

    @property
    def stale(self) -> bool:
        flag = self.part("desactualizado")
        return bool(flag and flag.status == STALE)


def forecast_rows(ctx: PlanContext) -> list[ForecastRow]:
    """The battery's indicators the page's filters keep, each with its forecast figures."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    return [ForecastRow(r.indicator, figures) for r in filter_rows(ctx, battery_rows(ctx))]


def stale_codes(ctx: PlanContext) -> set[str]:
    """The codes of the POT indicators whose last published value is older than the year allows."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    return {
        key.removeprefix("pronostico.").removesuffix(".desactualizado")
        for key, f in figures.items()
        if key.startswith("pronostico.") and key.endswith(".desactualizado") and f.status == STALE
    }


def _value(figure: Figure | None) -> Decimal | None:
    return None if figure is None or figure.value is None else Decimal(figure.value)


def _input(figure: Figure | None, ref: str) -> Any:
    return next((i.value for i in (figure.inputs if figure else ()) if i.ref == ref), None)


def _shown(ref: str, value: Any) -> str:
    """An input in es-CO numbers; the horizon is a year, written as one (2027, not 2.027)."""
    if value is None or isinstance(value, str) or ref == "horizonte":
        return plain_number(None) if value is None else str(value)
    return plain_number(value)


def forecast_panel(ctx: PlanContext, item: Indicator) -> dict[str, Any]:
    """The indicator page's «¿Llegará a la meta?»: the figures and the chart (empty without figures)."""
    row = ForecastRow(item, figure_map(ctx.plan, ctx.year, ctx.stamp) if ctx.release else {})
    state, projection = row.part("estado"), row.part("proyeccion")
    if state is None or projection is None:
        return {}
    # NB: what the line was fitted to: the values, or a flow's running totals
    fitted = "total:" if any(i.ref.startswith("total:") for i in projection.inputs) else "serie:"
    series = {
        int(i.ref.removeprefix(fitted)): Decimal(i.value)
        for i in projection.inputs
        if i.ref.startswith(fitted) and isinstance(i.value, Decimal | int)
    }
    horizon = _input(state, "horizonte")
    chart = forecast_chart(
        series,
        key=f"pronostico-{slug(item.code)}",
        name=f"{item.code} {item.name}",
        unit=item.unit,
        horizon=horizon,
        projection=_value(projection),
        low=_input(projection, "intervalo:bajo"),
        high=_input(projection, "intervalo:alto"),
        target=_input(state, "meta"),
    )
    return {
        "forecast": {
            "status": row.status,
            "status_label": STATUS_LABELS.get(row.status, state.status),
            "stale": row.stale,
            "parts": [p for p in (state, row.part("tasa_requerida"), row.part("tasa_observada"), projection,
                                  row.part("desactualizado"), row.part("opensdg")) if p is not None],
            "opensdg": row.part("opensdg"),
            "inputs": [
                (i.label, _shown(i.ref, i.value)) for i in projection.inputs
            ],
            "chart": chart,
        }
    }  # fmt: skip


def _status_filter(request: HttpRequest, ctx: PlanContext) -> str:
    """The ``estado`` filter (``en_camino``, ``fuera_de_camino``, ``sin_datos_suficientes``,
    ``desactualizado``), added to the page's active filters."""
    code = request.GET.get("estado", "").strip()
    if not code:
        return ""
    known = [*STATUS_LABELS, STALE_CODE]
    if code not in known:
        raise BadFilter(
            "estado", code, _("Use uno de estos valores: %(values)s.") % {"values": ", ".join(known)}
        )
    ctx.filters["estado"] = code
    shown = str(STATUS_LABELS.get(code, _("Dato desactualizado")))
    remove = ctx.path + ctx.query(estado=None)
    ctx.active_filters.append(ActiveFilter("estado", _("Estado"), code, shown, remove))
    return code


def _sorted(rows: Sequence[ForecastRow], order: str) -> list[ForecastRow]:
    if order == "estado":
        ranks = {code: n for n, code in enumerate(STATUS_LABELS)}
        return sorted(rows, key=lambda r: (ranks.get(r.status, 9), r.indicator.code))
    if order == "brecha":
        # NB: the farthest below its target first; those without a projection last
        def gap(r: ForecastRow) -> tuple[int, Decimal]:
            value = _value(r.part("estado"))
            if value is None:
                return (1, Decimal(0))
            return (0, -value if r.indicator.direction == Indicator.Direction.DECREASING else value)

        return sorted(rows, key=lambda r: (*gap(r), r.indicator.code))
    return sorted(rows, key=lambda r: r.indicator.code)


def summary_table(ctx: PlanContext, rows: Sequence[ForecastRow]) -> Table:
    def number(row: ForecastRow, part: str) -> Decimal | None:
        return _value(row.part(part))

    return Table(
        key="pronosticos",
        caption=_("¿Llegará a la meta? Indicadores del POT, vigencia %(year)s") % {"year": ctx.year},
        columns=[
            Column("code", _("Código")),
            Column("name", _("Indicador"), header=True),
            Column("status", _("Estado")),
            Column("required", _("Tasa requerida por año"), NUMBER, places=2),
            Column("observed", _("Tasa observada por año"), NUMBER, places=2),
            Column("horizon", _("Horizonte")),
            Column("projection", _("Proyección al horizonte"), NUMBER, places=2),
            Column("target", _("Meta"), NUMBER, places=None),
            Column("stale", _("Actualidad del dato")),
            Column("opensdg", _("Open SDG")),
        ],
        rows=[
            [
                r.indicator.code,
                Link(r.indicator.name, indicator_url(ctx.plan, r.indicator.code, ctx.year)),
                str(STATUS_LABELS.get(r.status, r.status)),
                number(r, "tasa_requerida"),
                number(r, "tasa_observada"),
                str(_input(r.part("estado"), "horizonte") or ""),
                number(r, "proyeccion"),
                _input(r.part("estado"), "meta"),
                _("Dato desactualizado") if r.stale else _("Al día"),
                (r.part("opensdg").status if r.part("opensdg") else ""),  # type: ignore[union-attr]
            ]
            for r in rows
        ],
        empty=_("Ningún indicador cumple los filtros."),
    )


@plan_page(allowed=("subsistema", "dependencia", "q"))
def summary(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """``/planes/<slug>/<year>/pronosticos/``: how many indicators are on track, off track or without
    enough data, and the sortable, filterable table."""
    order = request.GET.get("orden", "").strip() or SORTS[0]
    try:
        status = _status_filter(request, ctx)
        # NB: an unknown order is refused (400), never stored by the page cache
        if order not in SORTS:
            raise BadFilter(
                "orden", order, _("Use uno de estos valores: %(values)s.") % {"values": ", ".join(SORTS)}
            )
    except BadFilter as error:
        return _bad_filter(request, ctx.plan, ctx.year, error)
    rows = forecast_rows(ctx)
    counts = Counter(r.status for r in rows)
    stale = sum(r.stale for r in rows)
    shown = [r for r in rows if (r.stale if status == STALE_CODE else r.status == status)] if status else rows
    table = summary_table(ctx, _sorted(shown, order))
    if (download := export_response(request, [table])) is not None:
        return download
    summary_counts = [
        {"code": code, "label": label, "count": counts[code], "query": ctx.query(estado=code)}
        for code, label in STATUS_LABELS.items()
    ]
    return render(
        request,
        "front/indicators/forecasts.html",
        {
            **ctx.as_dict(),
            "table": table,
            "counts": summary_counts,
            "stale": stale,
            "stale_query": ctx.query(estado=STALE_CODE),
            "status": status,
            "statuses": [{"code": c, "label": label} for c, label in STATUS_LABELS.items()],
            "stale_code": STALE_CODE,
            "orders": [
                {"code": code, "label": label, "query": ctx.query(orden=code), "current": code == order}
                for code, label in zip(
                    SORTS, (_("código"), _("estado"), _("distancia a la meta")), strict=True
                )
            ],
            "total": len(rows),
            "shown": len(shown),
        },
    )
