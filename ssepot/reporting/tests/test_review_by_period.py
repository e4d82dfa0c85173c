"""An indicator that reports by quarter is reviewed by quarter too: the review page puts each quarter's
value beside the last approved value of the same quarter and the same quarter of the previous year, with
the change and the flag against the indicator's direction, and checks each quarter's comunas' sum; the
entry's validation warns of a quarter whose comunas add up to more than its total, naming the quarter, and
of a quarter far from the same quarter's history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from ssepot.catalogue.models import TerritorialUnit
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment
from ssepot.reporting.tests.test_review_comparison import review_page, row
from ssepot.reporting.validation import WARNING

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(plan: Any, catalogue: dict[str, Any]) -> Indicator:
    """POT-MOV-01 (disaggregated, km, increasing) reported by quarter, a flow."""
    indicator: Indicator = catalogue["indicator"]
    indicator.frequency, indicator.accumulation = Indicator.Frequency.QUARTERLY, "NoA"
    indicator.save()
    for quarter in (1, 2, 3, 4):
        IndicatorTarget.objects.create(plan=plan, indicator=indicator, year=2025, period=quarter, value=10)
    return indicator


def quarter_value(indicator: Indicator, year: int, quarter: int, value: str, unit: Any = None) -> None:
    IndicatorValue.objects.create(plan_id=indicator.plan_id, indicator=indicator, year=year, period=quarter,
                                  territorial_unit=unit, value=Decimal(value))  # fmt: skip


@pytest.fixture
def published_2024(plan: Any, quarterly: Indicator, alice: Any) -> None:
    """2024 as the public sees it, by quarter: T1 20 km (10 in comuna 01), T2 8 km."""
    popular = TerritorialUnit.objects.get(plan=plan, code="01")
    quarter_value(quarterly, 2024, 1, "20")
    quarter_value(quarterly, 2024, 1, "10", popular)
    quarter_value(quarterly, 2024, 2, "8")
    actions.publish_existing(plan, 2024, actor=alice, note="Histórico 2024")


@pytest.fixture
def half_year(plan: Any, quarterly: Indicator, alice: Any) -> Assignment:
    """2025 cut at the end of June: two quarters begun."""
    period = actions.open_period(plan, 2025, dt.date(2025, 6, 30), dt.date(2025, 7, 31), actor=alice)
    return Assignment.objects.get(period=period, indicator=quarterly)


def submit(a: Assignment, bob: Any, periods: dict[str, dict[str, str]], observation: str = "") -> Assignment:
    a = actions.save_draft(a, {"periods": periods, "observation": observation}, actor=bob,
                           expected_revision=a.revision)  # fmt: skip
    return actions.submit(a, actor=bob, expected_revision=a.revision)


def test_each_quarter_is_compared_with_the_same_quarter_of_last_year_and_flagged(
    client: Any, published_2024: Any, half_year: Assignment, alice: Any, bob: Any
) -> None:
    a = submit(half_year, bob, {"T1": {"": "12", "01": "11"}, "T2": {"": "9"}})
    page = review_page(client, a, alice)
    assert "Comparación con valores anteriores · sentido: Creciente" in page
    t1 = row(page, "T1 · Total")
    assert '<td class="num">12</td><td class="num">—</td><td class="num">—</td>' in t1
    assert '<td class="num">20</td><td class="num">-8 (-40,0 %)</td>' in t1
    assert "En contra del sentido: baja 40,0 % frente a la vigencia anterior" in t1
    popular = row(page, "T1 · 01 Popular")
    assert '<td class="num">10</td><td class="num">+1 (+10,0 %)</td>' in popular
    assert "En contra del sentido" not in popular
    t2 = row(page, "T2 · Total")
    assert '<td class="num">8</td><td class="num">+1 (+12,5 %)</td>' in t2 and "En contra" not in t2
    assert "los del mismo periodo" in page


def test_a_quarters_correction_is_compared_with_that_quarters_last_approved_value(
    client: Any, half_year: Assignment, alice: Any, bob: Any
) -> None:
    a = actions.validate(submit(half_year, bob, {"T1": {"": "12"}, "T2": {"": "10"}}), actor=alice)
    actions.approve(a, actor=alice)
    a = Assignment.objects.get(pk=a.pk)
    actions.correct(a, {"periods": {"T1": {"": "6"}, "T2": {"": "10"}}}, "El SIMM corrigió T1", actor=alice,
                    expected_revision=a.revision)  # fmt: skip
    page = review_page(client, a, alice)
    t1 = row(page, "T1 · Total")
    assert '<td class="num">6</td><td class="num">12</td><td class="num">-6 (-50,0 %)</td>' in t1
    assert "baja 50,0 % frente al último valor aprobado de la vigencia" in t1
    t2 = row(page, "T2 · Total")
    assert '<td class="num">10</td><td class="num">10</td><td class="num">0 (0,0 %)</td>' in t2
    assert "En contra" not in t2


def test_each_quarters_comunas_sum_is_checked_on_the_page_and_in_the_entry(
    client: Any, half_year: Assignment, alice: Any, bob: Any
) -> None:
    periods = {"T1": {"": "12", "01": "5", "02": "7"}, "T2": {"": "4", "01": "5"}}
    entry = actions.parse_entry(half_year, {"periods": periods})
    warnings = [p for p in entry.problems if p.severity == WARNING]
    assert [p.field for p in warnings] == ["periods.T2."]
    assert warnings[0].message.startswith("en T2: las unidades territoriales reportadas (1 de 2) suman 5")
    a = submit(half_year, bob, periods, observation="T2 parcial")
    page = review_page(client, a, alice)
    assert "T1: Las 2 unidades territoriales suman 12, igual al total (12)." in page
    assert "Revise la suma de T2:" in page
    assert "la suma de las 1 reportadas, 5, es un mínimo del total, y el total (4) queda por debajo." in page


def test_a_quarter_far_from_the_same_quarters_history_is_a_warning_named_by_it(
    half_year: Assignment, quarterly: Indicator
) -> None:
    history = ((2020, "10", "490"), (2021, "11", "510"), (2022, "10", "500"), (2023, "12", "495"),
               (2024, "11", "505"))  # fmt: skip
    for year, second, first in history:
        quarter_value(quarterly, year, 2, second)
        quarter_value(quarterly, year, 1, first)  # T1 runs near 500: 95 is far from T2's own history only
    entry = actions.parse_entry(half_year, {"periods": {"T1": {"": "500"}, "T2": {"": "95"}}})
    outliers = [p for p in entry.problems if "se aparta de la historia" in p.message]
    assert [p.field for p in outliers] == ["periods.T2."]
    assert outliers[0].message.startswith(
        "95 en T2 se aparta de la historia del indicador: entre 2020 y 2024"
    )
