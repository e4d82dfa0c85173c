"""Until the reporting cycle asks for quarters, an agency reports the year's own value: the rows of an
indicator's quarters are neither overwritten by the year's approval nor shown as the year's target."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ssepot.indicators.models import IndicatorTarget, IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


def test_approving_the_year_keeps_the_quarters_apart(catalogue: Any, period: Any, alice: Any) -> None:
    a = Assignment.objects.filter(period=period, kind=Assignment.Kind.INDICATOR).select_related("indicator")[
        0
    ]
    indicator = a.indicator
    assert indicator is not None
    IndicatorTarget.objects.create(plan=a.plan, indicator=indicator, year=period.year, period=1, value=5)
    quarter = IndicatorValue.objects.create(
        plan=a.plan, indicator=indicator, year=period.year, period=1, value=Decimal(3)
    )
    a.draft = {"values": {"": "12"}, "observation": ""}
    a.state = Assignment.State.VALIDATED
    a.save()
    actions.approve(a, actor=alice)
    year = IndicatorValue.objects.filter(indicator=indicator, year=period.year, period=0).current().get()
    assert (year.value, year.supersedes_id) == (Decimal(12), None)
    assert IndicatorValue.objects.filter(pk=quarter.pk).current().exists()
