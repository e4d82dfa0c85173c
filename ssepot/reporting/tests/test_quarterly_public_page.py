"""A quarterly indicator reported through the cycle: once published, its public page says the year is partial
(«3 de 4 trimestres»), shows the year as its rule combines the quarters, and lists and charts the quarters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from ssepot.indicators.models import Indicator, IndicatorTarget
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


def test_a_published_partial_year_says_its_quarters_and_shows_them(
    client: Any, plan: Any, catalogue: dict[str, Any], alice: Any, bob: Any
) -> None:
    from ssepot.front.data import clear_caches

    indicator: Indicator = catalogue["indicator"]
    indicator.frequency, indicator.accumulation = Indicator.Frequency.QUARTERLY, "NoA"
    indicator.save()
    for quarter in (1, 2, 3, 4):
        IndicatorTarget.objects.create(plan=plan, indicator=indicator, year=2025, period=quarter, value=10)
    period = actions.open_period(plan, 2025, dt.date(2025, 9, 30), dt.date(2025, 10, 31), actor=alice)
    a = Assignment.objects.get(period=period, indicator=indicator)
    draft = {"periods": {"T1": {"": "8"}, "T2": {"": "9,5", "01": "3"}, "T3": {"": "12"}}, "observation": ""}
    a = actions.save_draft(a, draft, actor=bob, expected_revision=0)
    a = actions.validate(actions.submit(a, actor=bob, expected_revision=a.revision), actor=alice)
    actions.approve(a, actor=alice)
    actions.publish(plan, 2025, actor=alice, note="Tercer trimestre 2025")
    clear_caches()
    response = client.get(reverse("front:indicator", args=[plan.slug, indicator.code]), {"anio": 2025})
    page = response.text
    assert "2025 parcial: 3 de 4 trimestres reportados" in page
    assert "suma de T1 + T2 + T3 = 8 + 9,5 + 12 = 29,5" in page
    # the year's row holds the combination and says how many quarters it has
    assert "29,5" in page and "3 de 4 trimestres" in page
    assert "Valores publicados y metas por periodo" in page
    for label in ("2025-T1", "2025-T2", "2025-T3", "2025-T4"):
        assert label in page, label
    spec = response.context["periods_chart"]
    assert 'id="grafico-periodos-spec"' in page
    values = [d for d in spec["data"]["values"] if d["serie"] == "Valor publicado"]
    assert [(d["vigencia"], d["valor"]) for d in values] == [
        ("2025-T1", 8),
        ("2025-T2", 9.5),
        ("2025-T3", 12),
    ]
