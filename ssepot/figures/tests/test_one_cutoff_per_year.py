"""A year has one cut-off, its reporting period's (Medellín closed 2023 on 31 August, the end of the term):
the headline physical progress, every level and the portal's development-plan page give the same number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ssepot.development.models import DevelopmentPlan
from ssepot.figures.compute import all_figures
from ssepot.figures.development import development_figures
from ssepot.figures.loaders import PUBLISHED, year_cutoff

pytestmark = pytest.mark.django_db


def test_the_headline_and_the_levels_are_cut_on_the_reporting_period_s_date(city_tracking_plan: Any) -> None:
    plan = city_tracking_plan
    assert year_cutoff(plan, 2023) == dt.date(2023, 8, 31)
    assert year_cutoff(plan, 2022) == dt.date(2022, 12, 31)  # no period: 31 December
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    head = development_figures(pdd, 2023, None, PUBLISHED).levels[0].progress
    assert "corte 2023-08-31" in head.method
    (headline,) = [f for f in all_figures(plan, 2023, PUBLISHED) if f.key == "pdd.avance_fisico"]
    assert headline.value is not None and head.value is not None
    assert round(headline.value, 9) == round(head.value, 9)
