"""Territorial equity figures of a plan's year: every POT indicator measured by comuna and corregimiento,
read through the year's view like every other figure (``loaders.year_view``), computed by
``ssepot.core.equity``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.core.equity import RURAL, URBAN, EquitySeries, UnitValue, equity_figures
from ssepot.core.figures import Figure
from ssepot.core.periods import WHOLE_YEAR
from ssepot.figures import loaders
from ssepot.figures.loaders import PUBLISHED, View
from ssepot.indicators.models import Indicator, IndicatorValue

ZONE_OF_KIND: dict[str, str] = {
    TerritorialUnit.Kind.COMUNA: URBAN,
    TerritorialUnit.Kind.CORREGIMIENTO: RURAL,
}


Read = tuple[loaders.SeriesData, dt.datetime | None]
"""What ``all_figures`` has already read for the year: the plan's series data (``plan_series_data``) and the
moment of the catalogue it was read as of (``catalogue_as_of``)."""


def equity_series(
    plan: Plan, year: int, view: View = PUBLISHED, read: Read | None = None
) -> list[EquitySeries]:
    """The plan's own indicators with values by comuna or corregimiento that the year's view shows, each
    with its yearly values by unit (the highest version of each; a withdrawn one leaves the unit out), its
    city-wide values and targets, as the view's release saw the sheets; ``read``, when given, is not read
    again."""
    view = loaders.year_view(plan, year, view)
    # NB: the plan's own indicators (with their unit of measure) and its comunas and corregimientos are read
    # apart and matched here: a join would make PostgreSQL read the catalogue tables whole once many plans
    # share them
    measures = dict(
        Indicator.objects.filter(plan=plan, development_plan__isnull=True).values_list("pk", "unit")
    )
    units = {
        u.pk: u
        for u in TerritorialUnit.objects.filter(plan=plan, kind__in=list(ZONE_OF_KIND)).only(
            "pk", "code", "name", "kind"
        )
    }
    rows = loaders.candidates(
        IndicatorValue.objects.filter(plan=plan, period=WHOLE_YEAR, territorial_unit__isnull=False), view
    ).order_by()
    latest: dict[tuple[int, int, int], tuple[int, Decimal | None]] = {}
    for indicator_id, unit_id, value_year, version, value in rows.values_list(
        "indicator_id", "territorial_unit_id", "year", "version", "value"
    ):
        if indicator_id not in measures or unit_id not in units:
            continue
        key = (indicator_id, unit_id, value_year)
        if key not in latest or latest[key][0] <= version:
            latest[key] = (version, value)
    if not latest:
        return []
    values: dict[int, dict[int, list[UnitValue]]] = defaultdict(lambda: defaultdict(list))
    for (indicator_id, unit_id, value_year), (_version, value) in latest.items():
        if value is not None:
            unit = units[unit_id]
            values[indicator_id][value_year].append(
                UnitValue(unit.code, unit.name or str(unit), ZONE_OF_KIND[unit.kind], value)
            )
    if read is None:
        as_of = loaders.catalogue_as_of(plan.pk, year, view)
        read = loaders.plan_series_data(plan, view, as_of), as_of
    data, as_of = read
    sheets = loaders.sheets(Indicator.objects.filter(pk__in=list(values)).order_by("code"), as_of)
    return [
        EquitySeries(
            ref=f"indicator:{s.pk}",
            code=s.code,
            name=s.name,
            unit=measures.get(s.pk, ""),
            increasing=s.direction != Indicator.Direction.DECREASING,
            values={y: tuple(us) for y, us in values[s.pk].items()},
            city=data.achievements.get(s.pk, {}),
            targets=data.targets.get(s.pk, {}),
        )
        for s in sheets
    ]


def plan_equity_figures(
    plan: Plan, year: int, view: View = PUBLISHED, read: Read | None = None
) -> list[Figure]:
    """Every equity figure of the year (``equidad.*``), indicator by indicator in code order."""
    return [f for series in equity_series(plan, year, view, read) for f in equity_figures(series, year)]
