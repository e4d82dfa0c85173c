"""Territorial equity: for each POT indicator measured by comuna and corregimiento, how far apart its units
are (range, best/worst ratio, coefficient of variation, Gini and Theil, urban and rural), each unit's gap to
the city and to the target, whether the gaps close or widen, and a map of the gaps.

Every number is an ``equidad.*`` figure of the engine (``ssepot.figures.equity`` through ``all_figures`` on
the published data, cached per publication); the page only picks them by key.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ssepot.charts import maps
from ssepot.core.commitments import slug
from ssepot.core.equity import CLOSING, RURAL, STEADY, WIDENING, EquitySeries
from ssepot.core.figures import Figure
from ssepot.figures.equity import equity_series
from ssepot.front.dashboards.common import shown
from ssepot.front.data import BadFilter, PlanContext, cached, figure_map, plan_page
from ssepot.front.indicators import _map_features as map_features
from ssepot.front.tables import NUMBER, PERCENT, TEXT, YEAR, Column, Link, Table, export_response

#: the measures of an indicator's year, in the order the page shows them
MEASURES = ("rango", "razon", "cv", "gini", "theil", "gini_urbano", "gini_rural", "theil_urbano",
            "theil_rural", "theil_entre_zonas", "theil_dentro_zonas")  # fmt: skip
TRENDS = ("tendencia_inicio", "tendencia_anterior")
CARDS = ("cv", "gini", "theil", "gini_urbano", "gini_rural", "theil_entre_zonas", "razon", "rango")


def _trend_words(status: str) -> str:
    """The engine's trend (``core.equity``: closing, widening, steady, ND) in the page's language."""
    words = {CLOSING: _("se cierran"), WIDENING: _("se amplían"), STEADY: _("sin cambio")}
    return words.get(status, _("ND"))


def _value(figures: dict[str, Figure], key: str) -> Any:
    f = figures.get(key)
    return None if f is None else f.value


def _summary(series: list[EquitySeries], figures: dict[str, Figure], year: int, base: str) -> Table:
    rows = []
    for s in series:
        prefix = f"equidad.{s.key}"
        trend = figures.get(f"{prefix}.tendencia_inicio")
        rows.append([
            Link(f"{s.code} {s.name}", f"{base}?indicador={s.code}#indicador"),
            s.years(year)[-1],
            len(s.values[s.years(year)[-1]]),
            _value(figures, f"{prefix}.cv"),
            _value(figures, f"{prefix}.gini"),
            _value(figures, f"{prefix}.theil"),
            _value(figures, f"{prefix}.gini_urbano"),
            _value(figures, f"{prefix}.gini_rural"),
            _value(figures, f"{prefix}.razon"),
            _trend_words(trend.status) if trend is not None else "",
        ])  # fmt: skip
    return Table(
        key="equidad",
        caption=_("Desigualdad entre comunas y corregimientos de cada indicador, último año medido"),
        columns=[
            Column("indicator", _("Indicador"), header=True),
            Column("year", _("Año del dato"), YEAR),
            Column("units", _("Unidades"), NUMBER),
            Column("cv", _("Coeficiente de variación"), PERCENT, 2),
            Column("gini", _("Gini"), NUMBER, 4),
            Column("theil", _("Theil T"), NUMBER, 4),
            Column("gini_urban", _("Gini urbano"), NUMBER, 4),
            Column("gini_rural", _("Gini rural"), NUMBER, 4),
            Column("ratio", _("Razón mejor/peor (veces)"), NUMBER, 2),
            Column("trend", _("Brechas desde el primer año"), TEXT),
        ],
        rows=rows,
        empty=_("Ningún indicador del POT tiene valores publicados por comuna y corregimiento."),
    )


def _units(s: EquitySeries, figures: dict[str, Figure], year: int) -> Table:
    prefix = f"equidad.brecha.{s.key}"
    rows = [
        [
            u.code,
            u.name,
            _("rural") if u.zone == RURAL else _("urbana"),
            u.value,
            _value(figures, f"{prefix}.{slug(u.code)}.ciudad"),
            _value(figures, f"{prefix}.{slug(u.code)}.meta"),
        ]
        for u in sorted(s.values[year], key=lambda u: u.code)
    ]
    return Table(
        key="brechas",
        caption=_("%(name)s, %(year)s: valor y brecha de cada unidad territorial (positiva: rezagada)")
        % {"name": s.name, "year": year},
        columns=[
            Column("code", _("Código")),
            Column("unit", _("Unidad territorial"), header=True),
            Column("zone", _("Zona")),
            Column("value", _("Valor"), NUMBER, None),
            Column("gap_city", _("Brecha frente a la ciudad"), NUMBER, 2),
            Column("gap_target", _("Brecha frente a la meta"), NUMBER, 2),
        ],
        rows=rows,
    )


def _history(s: EquitySeries, figures: dict[str, Figure], year: int) -> Table:
    rows = []
    for y in s.years(year):
        prefix = f"equidad.historia.{s.key}.{y}"
        rows.append([y, *(_value(figures, f"{prefix}.{m}") for m in ("cv", "gini", "theil", "razon"))])
    return Table(
        key="historia",
        caption=_("%(name)s: desigualdad entre unidades territoriales por año") % {"name": s.name},
        columns=[
            Column("year", _("Año"), YEAR, header=True),
            Column("cv", _("Coeficiente de variación"), PERCENT, 2),
            Column("gini", _("Gini"), NUMBER, 4),
            Column("theil", _("Theil T"), NUMBER, 4),
            Column("ratio", _("Razón mejor/peor (veces)"), NUMBER, 2),
        ],
        rows=rows,
    )


def _without_click(spec: dict[str, Any]) -> dict[str, Any]:
    """The gaps map is read, not clicked: the unit's row is in the table beside it."""
    spec.get("usermeta", {}).pop("click", None)
    spec["mark"].pop("cursor", None)
    return spec


def _selected(request: HttpRequest, series: list[EquitySeries]) -> EquitySeries | None:
    code = request.GET.get("indicador", "").strip()
    if not code:
        return series[0] if series else None
    found = next((s for s in series if s.code == code), None)
    if found is None:
        raise BadFilter(
            "indicador",
            code,
            _("Use un indicador medido por comuna y corregimiento: %(codes)s.")
            % {"codes": ", ".join(s.code for s in series) or "-"},
        )
    return found


@plan_page(allowed=())
def equity(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """The equity summary of every indicator measured by unit, and one indicator in detail (``indicador``)."""
    series = cached(
        ctx.plan, f"equity:{ctx.year}", lambda: equity_series(ctx.plan, ctx.year, ctx.view), ctx.stamp
    )
    figures = {k: f for k, f in figure_map(ctx.plan, ctx.year, ctx.stamp).items() if k.startswith("equidad.")}
    try:
        selected = _selected(request, series)
    except BadFilter as error:
        return render(
            request,
            "front/plan_error.html",
            {"plan": ctx.plan, "year": ctx.year, "error": error, "param": error.param},
            status=400,
        )
    tables = [_summary(series, figures, ctx.year, ctx.base_url + "equidad/")]
    detail: dict[str, Any] = {}
    if selected is not None:
        year = selected.years(ctx.year)[-1]
        prefix = f"equidad.{selected.key}"
        units, history = _units(selected, figures, year), _history(selected, figures, ctx.year)
        tables += [units, history]
        gaps = {
            u.code: _value(figures, f"equidad.brecha.{selected.key}.{slug(u.code)}.ciudad")
            for u in selected.values[year]
        }
        detail = {
            "series": selected,
            "data_year": year,
            "cards": [shown(figures[f"{prefix}.{m}"]) for m in CARDS if f"{prefix}.{m}" in figures],
            "trends": [shown(figures[f"{prefix}.{t}"]) for t in TRENDS if f"{prefix}.{t}" in figures],
            "units": units,
            "history": history,
            "map": _without_click(maps.choropleth(
                map_features(ctx.plan, ctx.stamp),
                gaps,
                key="mapa-brechas",
                title=_("Brecha de %(name)s frente a la ciudad por comuna y corregimiento, %(year)s")
                % {"name": selected.name, "year": year},
                measure=_("brecha frente a la ciudad (%(unit)s)") % {"unit": selected.unit},
            )),
        }  # fmt: skip
    if (download := export_response(request, tables)) is not None:
        return download
    return render(
        request,
        "front/dashboards/equity.html",
        {**ctx.as_dict(), "summary": tables[0], "indicators": series, **detail},
    )
