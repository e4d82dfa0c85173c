"""Sistema de indicadores: the battery of a plan's POT indicators for a year, and each indicator's page.

Every number is the figures engine's: the year's value, target and compliance come from the compliance
figure (``indicador.<id>.cumplimiento.<year>``, its inputs are the published target and achievement), the
traffic light and the term progress from ``indicador.<id>.avance.<year>``, all from ``all_figures`` on the
published data (cached per publication by ``ssepot.front.data``). The indicator page computes the other
years' compliance with the same core function (``ssepot.core.indicators.yearly_compliance``) on the same
published series. The map shows the published values per territorial unit, as the API and exports do.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.charts import indicators as indicator_charts
from ssepot.charts import maps
from ssepot.core.figures import Figure
from ssepot.core.forecast import STALE
from ssepot.core.indicators import yearly_compliance
from ssepot.core.periods import period_text
from ssepot.core.rules import RuleSet
from ssepot.figures import loaders
from ssepot.figures.forecast import forecast_key
from ssepot.front.data import (
    ActiveFilter,
    BadFilter,
    PlanContext,
    cached,
    figure_map,
    plan_context,
    plan_page,
    publication_stamp,
    published_years,
)
from ssepot.front.tables import (
    NUMBER,
    PERCENT,
    TRAFFIC,
    TRAFFIC_LABELS,
    YEAR,
    Column,
    Link,
    Table,
    export_response,
    plain_number,
    traffic_label,
)
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue

LIGHTS = tuple(TRAFFIC_LABELS)
PER_PAGE = 25


def _bad_filter(request: HttpRequest, plan: Plan, year: int | None, error: BadFilter) -> HttpResponse:
    return render(
        request,
        "front/plan_error.html",
        {"plan": plan, "year": year, "error": error, "param": error.param},
        status=400,
    )


def _folded(text: str) -> str:
    """Lower case without accents: «movilidad» finds «Movilidad», «area» finds «Área»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- the battery ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatteryRow:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None
    compliance: Figure | None
    progress: Figure | None
    stale: bool = False
    """The last published value is older than the year allows (``pronostico.<indicador>.desactualizado``)."""

    @property
    def light(self) -> str:
        return (self.progress.status if self.progress else "") or "ND"


def _input(figure: Figure | None, suffix: str) -> Decimal | None:
    """The value of the figure's input whose reference ends with ``suffix`` (``:meta:2025``)."""
    for item in figure.inputs if figure else ():
        if item.ref.endswith(suffix) and isinstance(item.value, Decimal | int):
            return Decimal(item.value)
    return None


def battery_rows(ctx: PlanContext) -> list[BatteryRow]:
    """Every POT indicator of the plan with the engine's figures for the year, in code order; each sheet
    (its name, unit, subsystem and agencies) as the year's release saw it (ADR 0006)."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    indicators = Indicator.objects.filter(plan=ctx.plan, development_plan__isnull=True)
    sheets = indicators.select_related("subsystem", "agency", "reporting_agency").order_by("code")
    rows = []
    for item in loaders.instances_as_of(
        list(sheets), loaders.catalogue_as_of(ctx.plan.pk, ctx.year, ctx.view)
    ):
        compliance = figures.get(f"indicador.{item.pk}.cumplimiento.{ctx.year}")
        rows.append(
            BatteryRow(
                indicator=item,
                value=_input(compliance, f":logro:{ctx.year}"),
                target=_input(compliance, f":meta:{ctx.year}"),
                compliance=compliance,
                progress=figures.get(f"indicador.{item.pk}.avance.{ctx.year}"),
                stale=_is_stale(figures.get(f"{forecast_key(item.code)}.desactualizado")),
            )
        )
    return rows


def _is_stale(flag: Figure | None) -> bool:
    return flag is not None and flag.status == STALE


def _in_unit(ctx: PlanContext, unit: TerritorialUnit) -> set[int]:
    """Indicators that concern the unit: linked to it in the catalogue or with a published value there."""
    linked = Indicator.territorial_units.through.objects.filter(territorialunit_id=unit.pk)
    measured = IndicatorValue.objects.filter(plan=ctx.plan, territorial_unit=unit).published(view=ctx.view)
    return set(linked.values_list("indicator_id", flat=True)) | set(
        measured.values_list("indicator_id", flat=True).distinct()
    )


def filter_rows(ctx: PlanContext, rows: Sequence[BatteryRow]) -> list[BatteryRow]:
    """The rows the filters keep (all but the traffic light, which the chart's distribution leaves open)."""
    kept = list(rows)
    if ctx.subsystem is not None:
        kept = [r for r in kept if r.indicator.subsystem_id == ctx.subsystem.pk]
    if ctx.agency is not None:
        pk = ctx.agency.pk
        kept = [r for r in kept if pk in (r.indicator.agency_id, r.indicator.reporting_agency_id)]
    if ctx.unit is not None:
        ids = _in_unit(ctx, ctx.unit)
        kept = [r for r in kept if r.indicator.pk in ids]
    if query := ctx.filters.get("q"):
        words = _folded(query).split()
        kept = [r for r in kept if all(w in _folded(f"{r.indicator.code} {r.indicator.name}") for w in words)]
    return kept


def _light_filter(request: HttpRequest, ctx: PlanContext) -> str:
    """The ``semaforo`` filter (``verde``, ``amarillo``, ...), added to the page's active filters."""
    light = request.GET.get("semaforo", "").strip()
    if not light:
        return ""
    if light not in LIGHTS:
        raise BadFilter(
            "semaforo",
            light,
            _("Use uno de estos valores: %(values)s.") % {"values": ", ".join(LIGHTS)},
        )
    ctx.filters["semaforo"] = light
    remove = ctx.path + ctx.query(semaforo=None)
    ctx.active_filters.append(ActiveFilter("semaforo", _("Semáforo"), light, traffic_label(light), remove))
    return light


def battery_table(ctx: PlanContext, rows: Sequence[BatteryRow]) -> Table:
    return Table(
        key="indicadores",
        caption=_("Indicadores del POT, vigencia %(year)s") % {"year": ctx.year},
        columns=[
            Column("code", _("Código")),
            Column("name", _("Indicador"), header=True),
            Column("subsystem", _("Subsistema")),
            Column("agency", _("Dependencia")),
            Column("value", _("Valor %(year)s") % {"year": ctx.year}, NUMBER, places=None),
            Column("target", _("Meta %(year)s") % {"year": ctx.year}, NUMBER, places=None),
            Column("compliance", _("Cumplimiento %(year)s") % {"year": ctx.year}, PERCENT, places=1),
            Column("progress", _("Avance"), PERCENT, places=1),
            Column("light", _("Semáforo"), TRAFFIC),
            Column("stale", _("Actualidad del dato")),
        ],
        rows=[
            [
                r.indicator.code,
                Link(r.indicator.name, indicator_url(ctx.plan, r.indicator.code, ctx.year)),
                r.indicator.subsystem.name if r.indicator.subsystem else "",
                _agency(r.indicator),
                r.value,
                r.target,
                r.compliance.value if r.compliance else None,
                r.progress.value if r.progress else None,
                r.light,
                _("Dato desactualizado") if r.stale else _("Al día"),
            ]
            for r in rows
        ],
        empty=_("Ningún indicador cumple los filtros."),
    )


def _agency(item: Indicator) -> str:
    agency = item.agency or item.reporting_agency
    return (agency.acronym or agency.name) if agency else ""


def indicator_url(plan: Plan, code: str, year: int | None = None) -> str:
    url = reverse("front:indicator", args=[plan.slug, code])
    return f"{url}?anio={year}" if year is not None else url


@plan_page(allowed=("unidad", "subsistema", "dependencia", "q"))
def battery(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """``/planes/<slug>/<year>/indicadores/``: the searchable, filterable battery with its traffic lights."""
    try:
        light = _light_filter(request, ctx)
    except BadFilter as error:
        return _bad_filter(request, ctx.plan, ctx.year, error)
    rows = filter_rows(ctx, battery_rows(ctx))
    counts = Counter(r.light for r in rows)
    shown = [r for r in rows if r.light == light] if light else rows
    table = battery_table(ctx, shown)
    if (download := export_response(request, [table])) is not None:
        return download
    table.paginate(request.GET.get("pagina"), PER_PAGE)
    labels = {code: str(label) for code, label in TRAFFIC_LABELS.items()}
    chart = indicator_charts.traffic_distribution(counts, labels, key="semaforos")
    summary = [
        {"light": code, "label": labels[code], "count": counts[code], "query": ctx.query(semaforo=code)}
        for code in LIGHTS
        if counts[code]
    ]
    return render(
        request,
        "front/indicators/battery.html",
        {
            **ctx.as_dict(),
            "table": table,
            "chart": chart,
            "summary": summary,
            "light": light,
            "lights": [{"code": code, "label": labels[code]} for code in LIGHTS],
            "query_without_light": ctx.query(semaforo=None),
            "total": len(rows),
            "shown": len(shown),
        },
    )


# -- one indicator ----------------------------------------------------------------------------------------


def _sheet(item: Indicator) -> list[tuple[str, str]]:
    """Every field of the technical sheet, in the model's order, with its label; empty ones say so."""
    skip = {"id", "plan", "development_plan", "pdd_node", "sequence", "baseline_included_raw"}
    rows: list[tuple[str, str]] = []
    for field in Indicator._meta.get_fields():
        if field.name in skip or not hasattr(field, "verbose_name") or field.auto_created:
            continue
        if field.many_to_many:
            related = getattr(item, field.name).all()
            if field.name == "territorial_units":
                related = related.defer("geometry")
            text = "; ".join(str(r) for r in related)
        else:
            value = getattr(item, field.name)
            display = getattr(item, f"get_{field.name}_display", None)
            if display is not None:
                text = str(display()) if value not in (None, "") else ""
            elif isinstance(value, bool):
                text = _("Sí") if value else _("No")
            elif isinstance(value, Decimal):
                text = plain_number(value)
            else:
                text = "" if value is None else str(value)
        if field.name == "baseline_included" and item.baseline_included is None:
            text = item.baseline_included_raw
        rows.append((str(field.verbose_name).capitalize(), text))
    return rows


def _map_features(plan: Plan, stamp: int) -> list[dict[str, Any]]:
    """The plan's comunas and corregimientos, simplified for the page (cached per publication)."""

    def compute() -> list[dict[str, Any]]:
        units = TerritorialUnit.objects.filter(plan=plan, kind__in=["comuna", "corregimiento"]).order_by(
            "code"
        )
        return maps.simplify_features(
            [{"code": u.code, "name": u.name or str(u), "geometry": u.geometry} for u in units]
        )

    return cached(plan, "map-features", compute, stamp)


def _year_of(request: HttpRequest, years: list[int], default: int) -> int:
    raw = request.GET.get("anio", "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) not in years:
        raise BadFilter(
            "anio",
            raw,
            _("Use una vigencia publicada: %(years)s.") % {"years": ", ".join(str(y) for y in years) or "-"},
        )
    return int(raw)


def indicator_year_redirect(request: HttpRequest, plan_slug: str, year: int, code: str) -> HttpResponse:
    """``/planes/<slug>/<year>/indicadores/<code>/`` is the indicator page for that year."""
    query = request.GET.copy()
    query["anio"] = str(year)
    return HttpResponseRedirect(f"{reverse('front:indicator', args=[plan_slug, code])}?{query.urlencode()}")


def indicator(request: HttpRequest, plan_slug: str, code: str) -> HttpResponse:
    """An indicator's page: technical sheet, values and targets by year (chart and table), the map by
    territorial unit when it is disaggregated, the traffic light with how it was computed, downloads.

    Only what a release published is shown: values approved but not yet published stay out."""
    plan = get_object_or_404(Plan, slug=plan_slug)
    item = get_object_or_404(
        Indicator.objects.select_related("agency", "reporting_agency", "subsystem__system"),
        plan=plan,
        code=code,
        development_plan__isnull=True,
    )
    stamp = publication_stamp(plan)
    years = published_years(plan, stamp)
    values = list(
        IndicatorValue.objects.filter(plan=plan, indicator=item)
        .published()
        .select_related(
            "territorial_unit", "approval__release", "approval__reported_by", "approval__approved_by"
        )
        .defer("territorial_unit__geometry")  # NB: a comuna's boundary is ~250 kB of JSON to parse
        .order_by("year", "territorial_unit__code")
    )
    with_data = sorted({v.year for v in values if v.year in years}, reverse=True)
    default = with_data[0] if with_data else (years[0] if years else timezone.localdate().year)
    try:
        year = _year_of(request, years, default)
        ctx = plan_context(request, plan_slug, year, allowed=("unidad",))
    except BadFilter as error:
        return _bad_filter(request, plan, default, error)
    ctx.path = f"{ctx.base_url}indicadores/{item.code}/"  # the tab and the year links of the frame
    # NB: the sheet and its targets as the year's release saw them (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, ctx.view)
    item = loaders.instance_as_of(item, as_of)
    context = {**ctx.as_dict(), "indicator": item, "sheet": _sheet(item), "years_with_data": with_data}
    # NB: the rows of quarters or months are shown apart; the year's figures combine them
    context.update(_values_and_figures(ctx, item, [v for v in values if not v.period], as_of))
    context.update(_periods(ctx, item, [v for v in values if v.period and v.territorial_unit_id is None]))
    from ssepot.front.forecasts import forecast_panel  # NB: forecasts builds on this module's battery

    context.update(forecast_panel(ctx, item))
    tables = [
        context[k]
        for k in ("values_table", "periods_table", "units_table", "unit_table")
        if context.get(k) is not None
    ]
    if (download := export_response(request, tables)) is not None:
        return download
    return render(request, "front/indicators/indicator.html", context)


def _values_and_figures(
    ctx: PlanContext, item: Indicator, values: list[IndicatorValue], as_of: dt.datetime | None = None
) -> dict[str, Any]:
    year = ctx.year
    city = {v.year: v for v in values if v.territorial_unit_id is None}
    series = loaders.indicator_series([item], ctx.view, as_of=as_of)[item.pk]
    all_years = sorted(set(city) | set(series.targets))
    figures = figure_map(ctx.plan, year, ctx.stamp) if ctx.release else {}
    compliance = figures.get(f"indicador.{item.pk}.cumplimiento.{year}")
    progress = figures.get(f"indicador.{item.pk}.avance.{year}")
    # NB: a year combined from its quarters or months has no row of its own: its value is the combination
    all_years = sorted(set(all_years) | set(series.periods))
    by_period = item.frequency != Indicator.Frequency.YEARLY
    columns = [
        Column("year", _("Vigencia"), YEAR, header=True),
        Column("value", _("Valor"), NUMBER, places=None),
        Column("target", _("Meta"), NUMBER, places=None),
        Column("compliance", _("Cumplimiento"), PERCENT, places=1),
        *([Column("periods", _("Periodos reportados"))] if by_period else []),
        Column("release", _("Publicación")),
        Column("reported_by", _("Reportó")),
        Column("approved_by", _("Aprobó")),
        Column("observation", _("Observación")),
    ]

    def year_value(y: int) -> Decimal | str | None:
        return _value(city[y]) if y in city else series.achievements.get(y)

    def coverage(y: int) -> str:
        return series.periods[y].coverage if y in series.periods else ""

    values_table = Table(
        key="valores",
        caption=_("Valores publicados y metas por vigencia (total de la ciudad)"),
        columns=columns,
        rows=[
            [
                y,
                year_value(y),
                series.targets.get(y),
                yearly_compliance(series, y).value,
                *([coverage(y)] if by_period else []),
                _release(city.get(y)),
                _who(city.get(y), "reported_by"),
                _who(city.get(y), "approved_by"),
                city[y].observation if y in city else "",
            ]
            for y in all_years
        ],
        empty=_("No hay valores publicados para el total de la ciudad."),
    )
    history = indicator_charts.indicator_history(
        [
            {
                "year": y,
                "value": city[y].value if y in city else series.achievements.get(y),
                "target": series.targets.get(y),
            }
            for y in all_years
        ],
        key="historia",
        name=f"{item.code} {item.name}",
        unit=item.unit,
        baseline=item.baseline_value,
        baseline_label=_("Línea base %(year)s") % {"year": item.baseline_year} if item.baseline_year else "",
    )
    if ctx.unit is not None:
        # the chosen comuna's own series (the targets are the city's, so they stay out)
        unit_id = ctx.unit.pk
        own = {v.year: v.value for v in values if v.territorial_unit_id == unit_id and v.value is not None}
        if own:
            history = indicator_charts.indicator_history(
                [{"year": y, "value": own[y], "target": None} for y in sorted(own)],
                key="historia",
                name=f"{item.code} {item.name}: {ctx.unit}",
                unit=item.unit,
            )
            all_years = sorted(set(all_years) | set(own))
    result: dict[str, Any] = {
        "values_table": values_table,
        "history": history if all_years else None,
        "compliance": compliance,
        "progress": progress,
        "light": (progress.status if progress else "") or "ND",
        "light_label": traffic_label((progress.status if progress else "") or "ND"),
        "progress_text": _percent(progress),
        "compliance_text": _percent(compliance),
        "period_note": (compliance.note if compliance else "") or (progress.note if progress else ""),
        "value_text": plain_number(_input(compliance, f":logro:{year}")),
        "target_text": plain_number(_input(compliance, f":meta:{year}")),
        "expectation": _expectation(
            ctx, series.targets, progress, loaders.rules_in_force(ctx.plan.pk, None, year, ctx.view)
        ),
        "figure_inputs": [
            (i.label, i.value if isinstance(i.value, str) else plain_number(i.value))
            for f in (progress, compliance)
            if f is not None
            for i in f.inputs
        ],
        "inputs_used": [
            {
                "year": y,
                "shown": _shown_value(city[y]),
                "provenance": _provenance(city[y]),
                "release": _release(city[y]),
            }
            for y in sorted(city)
            if y <= year
        ],
        "units_table": None,
        "unit_table": None,
    }
    by_unit = [v for v in values if v.territorial_unit_id is not None and v.year == year]
    if item.is_disaggregated or by_unit:
        result.update(_map(ctx, item, values, by_unit, city.get(year)))
    return result


def _periods(ctx: PlanContext, item: Indicator, values: list[IndicatorValue]) -> dict[str, Any]:
    """An indicator that reports by quarter or month: its published city totals and targets by period, as a
    table and a chart (the years' figures combine them by the indicator's rule)."""
    if item.frequency == Indicator.Frequency.YEARLY:
        return {"periods_table": None, "periods_chart": None}
    published = {(v.year, v.period): v for v in values if v.year <= ctx.year}
    targets = dict(
        (((y, p), value) for y, p, value in IndicatorTarget.objects.filter(
            plan=ctx.plan, indicator=item, period__gt=0, year__lte=ctx.year
        ).values_list("year", "period", "value"))
    )  # fmt: skip
    keys = sorted(set(published) | set(targets))
    rows = [
        {"year": period_text(y, item.frequency, p), "value": _value(published.get((y, p))),
         "target": targets.get((y, p)), "release": _release(published.get((y, p)))}
        for y, p in keys
    ]  # fmt: skip
    table = Table(
        key="periodos",
        caption=_("Valores publicados y metas por periodo (total de la ciudad)"),
        columns=[
            Column("period", _("Periodo"), header=True),
            Column("value", _("Valor"), NUMBER, places=None),
            Column("target", _("Meta"), NUMBER, places=None),
            Column("release", _("Publicación")),
        ],
        rows=[[r["year"], r["value"], r["target"], r["release"]] for r in rows],
        empty=_("No hay valores publicados por periodo."),
    )
    chart = indicator_charts.indicator_history(
        [{**r, "value": r["value"] if isinstance(r["value"], Decimal) else None} for r in rows],
        key="periodos",
        name=f"{item.code} {item.name}",
        unit=item.unit,
        title=_("Valores y metas por periodo"),
        axis=_("periodo"),
    )
    return {"periods_table": table, "periods_chart": chart if rows else None}


def _percent(figure: Figure | None) -> str:
    if figure is None:
        return traffic_label("ND")
    if figure.value is None:
        return traffic_label(figure.status or "ND")
    return _("%(number)s %%") % {"number": plain_number(figure.value, 1)}


def _shown_value(v: IndicatorValue) -> str:
    return plain_number(v.value) if v.value is not None else v.value_code


def _expectation(ctx: PlanContext, targets: Any, progress: Figure | None, rules: RuleSet) -> str:
    """The traffic light's rule with this indicator's numbers: the straight-line expectation over its
    programmed years and the two bounds of the plan's rules in force for the view (as
    ``ssepot.figures.compute.indicator_figures`` applies them)."""
    from ssepot.core.indicators import expected_progress

    if not targets or progress is None or progress.value is None:
        return ""
    first, last = min(targets), max(targets)
    total = (last - first + 1) * 12
    elapsed = min(max((ctx.year - first + 1) * 12, 0), total)
    expected = expected_progress(elapsed, total)
    green, red = rules.green * expected, rules.red * expected
    return _(
        "avance esperado en línea recta a diciembre de %(year)s = %(elapsed)s meses de %(total)s "
        "(%(first)s-%(last)s) = %(expected)s; verde desde %(green)s (%(gshare)s de lo esperado), rojo por "
        "debajo de %(red)s (%(rshare)s); el avance es %(value)s: %(light)s."
    ) % {
        "year": ctx.year,
        "elapsed": elapsed,
        "total": total,
        "first": first,
        "last": last,
        "expected": _("%(number)s %%") % {"number": plain_number(expected, 1)},
        "green": _("%(number)s %%") % {"number": plain_number(green, 1)},
        "red": _("%(number)s %%") % {"number": plain_number(red, 1)},
        "gshare": _("%(number)s %%") % {"number": plain_number(rules.green * 100, 0)},
        "rshare": _("%(number)s %%") % {"number": plain_number(rules.red * 100, 0)},
        "value": _("%(number)s %%") % {"number": plain_number(progress.value, 1)},
        "light": traffic_label(progress.status),
    }


def _value(v: IndicatorValue | None) -> Decimal | str | None:
    if v is None:
        return None
    return v.value if v.value is not None else v.value_code


def _release(v: IndicatorValue | None) -> str:
    approval = getattr(v, "approval", None) if v is not None else None
    if approval is None or approval.release is None:
        return ""
    release = approval.release
    date = timezone.localtime(release.published_at).strftime("%d/%m/%Y")
    return _("versión %(number)s del %(date)s") % {"number": release.number, "date": date}


def _provenance(v: IndicatorValue) -> str:
    """«reportó X; aprobó Y», or how a value without users came in (an import or the demonstration)."""
    approval = getattr(v, "approval", None)
    if approval is None or (approval.reported_by is None and approval.approved_by is None):
        return _("cargado sin usuario (importación o demostración)")
    return _("reportó %(reporter)s; aprobó %(approver)s") % {
        "reporter": _who(v, "reported_by"),
        "approver": _who(v, "approved_by"),
    }


def _who(v: IndicatorValue | None, role: str) -> str:
    approval = getattr(v, "approval", None) if v is not None else None
    if approval is None:
        return ""
    user = getattr(approval, role, None)
    if user is None:
        return _("carga de datos (sin usuario)")
    return str(user.get_full_name() or user.get_username())


def _map(
    ctx: PlanContext,
    item: Indicator,
    values: list[IndicatorValue],
    by_unit: list[IndicatorValue],
    city: IndicatorValue | None,
) -> dict[str, Any]:
    unit_years = sorted({v.year for v in values if v.territorial_unit_id is not None}, reverse=True)
    kinds = ("comuna", "corregimiento")
    shown = [v for v in by_unit if v.territorial_unit and v.territorial_unit.kind in kinds]
    table = Table(
        key="territorio",
        caption=_("Vigencia %(year)s: publicación %(release)s del %(date)s, por unidad territorial")
        % {
            "year": ctx.year,
            "release": ctx.release or "-",
            "date": timezone.localtime(ctx.release.published_at).strftime("%d/%m/%Y") if ctx.release else "-",
        },
        columns=[
            Column("code", _("Código")),
            Column("unit", _("Unidad territorial"), header=True),
            Column("value", _("Valor"), NUMBER, places=None),
        ],
        rows=[["", _("Total de la ciudad"), _value(city)]] if city else [],
        empty=_("No hay valores publicados por unidad territorial en esta vigencia."),
    )
    for v in by_unit:
        unit = v.territorial_unit
        assert unit is not None
        table.rows.append(
            [unit.code, Link(str(unit), f"?anio={ctx.year}&unidad={unit.code}#mapa"), _value(v)]
        )  # fmt: skip
    spec = None
    if shown:
        spec = maps.choropleth(
            _map_features(ctx.plan, ctx.stamp),
            {v.territorial_unit.code: v.value for v in shown if v.territorial_unit},
            key="mapa",
            title=_("%(name)s por comuna y corregimiento, %(year)s") % {"name": item.name, "year": ctx.year},
            measure=item.unit,
            selected=ctx.unit.code if ctx.unit else None,
        )
    unit_table = None
    if ctx.unit is not None:
        unit_table = Table(
            key="unidad",
            caption=_("Valores publicados de %(unit)s por vigencia") % {"unit": ctx.unit},
            columns=[
                Column("year", _("Vigencia"), YEAR, header=True),
                Column("value", _("Valor"), NUMBER, places=None),
                Column("release", _("Publicación")),
                Column("observation", _("Observación")),
            ],
            rows=[
                [v.year, _value(v), _release(v), v.observation]
                for v in values
                if v.territorial_unit_id == ctx.unit.pk
            ],
            empty=_("Esta unidad territorial no tiene valores publicados de este indicador."),
        )
    return {"units_table": table, "map": spec, "unit_years": unit_years, "unit_table": unit_table}
