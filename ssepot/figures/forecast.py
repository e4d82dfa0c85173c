"""Forecast figures of a plan's year: every POT indicator's required and observed rates, projection to its
horizon, status and stale-data flag (``pronostico.<indicador>.*``), computed by ``ssepot.core.forecast``
from the series the year's view shows (``loaders.year_view``: nothing published after the year's release),
cut at the year."""

from __future__ import annotations

import datetime as dt

from ssepot.catalogue.models import Plan
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.core.forecast import forecast_figures, question_of
from ssepot.figures import loaders
from ssepot.figures.loaders import PUBLISHED, View
from ssepot.indicators.models import Indicator

Read = tuple[loaders.SeriesData, dt.datetime | None]
"""What ``all_figures`` has already read for the year (``figures.equity.Read``)."""


def forecast_key(code: str) -> str:
    """``pronostico.<indicador>``: the indicator's code in lower case (``POT-MOV-01`` -> ``pot_mov_01``)."""
    return f"pronostico.{slug(code)}"


def plan_forecast_figures(
    plan: Plan, year: int, view: View = PUBLISHED, read: Read | None = None
) -> list[Figure]:
    """Every POT indicator's forecast of ``year``, in code order; ``read``, when given, is not read again."""
    view = loaders.year_view(plan, year, view)
    if read is None:
        as_of = loaders.catalogue_as_of(plan.pk, year, view)
        read = loaders.plan_series_data(plan, view, as_of), as_of
    data, as_of = read
    own = Indicator.objects.filter(plan=plan, development_plan__isnull=True)
    units = dict(own.values_list("pk", "unit"))
    sheets = loaders.sheets(own.order_by("code"), as_of)
    series = loaders.indicator_series(sheets, view, data, as_of)
    rules = loaders.rules_in_force(plan.pk, None, year, view)
    # NB: the plan's setting as the view's release saw it (ADR 0006)
    stale_years = loaders.instance_as_of(plan, as_of).stale_years
    return [
        f
        for s in sheets
        for f in forecast_figures(
            question_of(series[s.pk], rules, units.get(s.pk, "")),
            year,
            forecast_key(s.code),
            stale_years,
        )
    ]
