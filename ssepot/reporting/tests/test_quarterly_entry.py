"""An indicator that reports by quarter (or month) is reported by quarter: the form asks each quarter begun at
the cut-off, shows the year as its rule combines them, refuses a quarter not begun, and approval writes one
version per quarter (none for the year, none for a quarter left empty) that the figures combine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.entries import parse
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(plan: Any, catalogue: dict[str, Any]) -> Indicator:
    """POT-MOV-01 (disaggregated, SM) is made a quarterly flow with quarterly targets of 2025."""
    indicator: Indicator = catalogue["indicator"]
    indicator.frequency, indicator.accumulation = Indicator.Frequency.QUARTERLY, "NoA"
    indicator.save()
    for quarter, target in ((1, 10), (2, 10), (3, 15), (4, 15)):
        IndicatorTarget.objects.create(
            plan=plan, indicator=indicator, year=2025, period=quarter, value=target
        )
    return indicator


@pytest.fixture
def half_year(plan: Any, quarterly: Indicator, alice: Any) -> Assignment:
    """The period 2025 with its cut-off at the end of June: two quarters begun."""
    period = actions.open_period(plan, 2025, dt.date(2025, 6, 30), dt.date(2025, 7, 31), actor=alice)
    return Assignment.objects.get(period=period, indicator=quarterly)


def test_the_form_asks_each_quarter_begun_at_the_cutoff_with_its_target(
    client: Any, half_year: Assignment, bob: Any
) -> None:
    client.force_login(bob)
    page = client.get(reverse("reporting:assignment", args=[half_year.pk])).text
    assert 'name="periods.T1."' in page and 'name="periods.T2.01"' in page
    assert "periods.T3" not in page and 'name="values."' not in page  # T3 began after the cut-off
    assert "T1 (enero a marzo): total de la ciudad (km), meta 10" in page
    assert "Trimestral" in page and "por periodo: la meta de cada periodo está junto a su campo" in page


def test_the_form_saves_the_quarters_and_shows_the_year_its_rule_combines(
    client: Any, half_year: Assignment, bob: Any
) -> None:
    client.force_login(bob)
    url = reverse("reporting:assignment", args=[half_year.pk])
    client.post(url, {"revision": 0, "periods.T1.": "4,5", "periods.T2.": "6", "periods.T2.01": "S/D",
                      "observation": "", "action": "save"})  # fmt: skip
    half_year.refresh_from_db()
    assert half_year.draft["periods"]["T1"][""] == "4,5" and half_year.draft["periods"]["T2"]["01"] == "S/D"
    page = client.get(url).text
    assert "suma de T1 + T2 = 4,5 + 6 = 10,5" in page and "2 de 4 trimestres" in page


def test_a_quarter_not_begun_or_not_the_indicators_is_refused_by_name(
    half_year: Assignment, bob: Any
) -> None:
    draft = {"periods": {"T1": {"": "4"}, "T3": {"": "5"}}, "observation": ""}
    a = actions.save_draft(half_year, draft, actor=bob, expected_revision=0)
    with pytest.raises(actions.ActionRefused) as refused:
        actions.submit(a, actor=bob, expected_revision=a.revision)
    assert [p.field for p in refused.value.problems] == ["periods.T3"]
    assert "T3 no había empezado" in refused.value.problems[0].message
    wrong = parse("indicador", {"periods": {"T5": {"": "1"}}}, frequency="trimestral", begun=4)
    assert [p.message for p in wrong.errors] == ["«T5» no es un periodo del indicador: escriba T1 a T4"]
    yearly = parse("indicador", {"periods": {"T1": {"": "1"}}})
    assert "se reporta por año" in yearly.errors[0].message


def test_approval_writes_one_version_per_quarter_reported_and_the_figures_combine_them(
    half_year: Assignment, bob: Any, alice: Any, plan: Any, quarterly: Indicator, client: Any
) -> None:
    from ssepot.figures.loaders import WORKING, indicator_series

    draft: dict[str, Any] = {
        "periods": {"T1": {"": "4,5", "01": "2"}, "T2": {"": "6"}},
        "observation": "Conteo de obra",
    }
    a = actions.save_draft(half_year, draft, actor=bob, expected_revision=0)
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    a = actions.validate(a, actor=alice)
    approvals = actions.approve(a, actor=alice)
    assert len(approvals) == 3
    actions.publish(plan, 2025, actor=alice, note="Primer semestre")
    rows = IndicatorValue.objects.filter(indicator=quarterly, year=2025).current()
    written = {(r.period, r.territorial_unit.code if r.territorial_unit else ""): r.value for r in rows}
    assert written == {(1, ""): Decimal("4.5"), (1, "01"): Decimal(2), (2, ""): Decimal(6)}
    series = indicator_series([quarterly], WORKING)[quarterly.pk]
    assert series.achievements[2025] == Decimal("10.5") and series.targets[2025] == Decimal(50)
    # approving the same quarters again (a correction of T2 only) writes T2 alone
    a.refresh_from_db()
    a = actions.correct(a, {**draft, "periods": {**draft["periods"], "T2": {"": "7"}}}, "Acta corregida",
                        actor=alice, expected_revision=a.revision)  # fmt: skip
    assert len(actions.approve(a, actor=alice)) == 1
    # the second release's difference names the quarter that changed, and only it
    actions.publish(plan, 2025, actor=alice, note="Acta corregida")
    client.force_login(alice)
    page = client.get(reverse("reporting:publish", args=[half_year.period_id])).text
    assert "POT-MOV-01 T2 (total)" in page and "POT-MOV-01 T1" not in page


def test_a_quarter_out_of_its_units_range_is_refused_by_name(
    plan: Any, catalogue: dict[str, Any], alice: Any, charlie: Any
) -> None:
    indicator: Indicator = catalogue["edu_indicator"]
    indicator.frequency, indicator.unit = Indicator.Frequency.QUARTERLY, "porcentaje"
    indicator.save()
    period = actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 1, 31), actor=alice)
    a = Assignment.objects.get(period=period, indicator=indicator)
    draft = {"periods": {"T1": {"": "80"}, "T2": {"": "150"}}, "observation": ""}
    a = actions.save_draft(a, draft, actor=charlie, expected_revision=0)
    with pytest.raises(actions.ActionRefused) as refused:
        actions.submit(a, actor=charlie, expected_revision=a.revision)
    [problem] = refused.value.problems
    assert problem.field == "periods.T2." and problem.message.startswith("150 en T2 ")
