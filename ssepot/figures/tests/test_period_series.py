"""The figures read an indicator that reports by quarter as years combined by its plan's rules."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssepot.catalogue.models import Plan
from ssepot.figures import loaders
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import set_rules

pytestmark = pytest.mark.django_db


def indicator(plan: Plan, code: str, accumulation: str, frequency: str = "trimestral") -> Indicator:
    return Indicator.objects.create(
        plan=plan, code=code, name=f"Indicador {code}", indicator_type="P", unit="unidades",
        accumulation=accumulation, frequency=frequency, plan_target=D(400),
    )  # fmt: skip


def rows(i: Indicator, year: int, values: dict[int, Any], targets: dict[int, Any]) -> None:
    for period, value in values.items():
        IndicatorValue.objects.create(plan=i.plan, indicator=i, year=year, period=period, value=D(value))
    for period, value in targets.items():
        IndicatorTarget.objects.create(plan=i.plan, indicator=i, year=year, period=period, value=D(value))


def test_a_flow_indicator_reported_by_quarter_is_read_as_the_sum_of_its_quarters(plan: Plan) -> None:
    flow = indicator(plan, "F1", "NoA")
    rows(flow, 2024, {1: 10, 2: 20, 3: 5, 4: 15}, {p: 25 for p in (1, 2, 3, 4)})
    rows(flow, 2025, {1: 30, 2: 30, 3: 40}, {p: 25 for p in (1, 2, 3, 4)})
    series = loaders.indicator_series([flow], loaders.WORKING)[flow.pk]
    assert series.achievements == {2024: D(50), 2025: D(100)}
    assert series.targets == {2024: D(100), 2025: D(100)}
    years = loaders.plan_series_data(plan, loaders.WORKING).periods[flow.pk]
    assert not years[2024].partial
    assert years[2025].partial and "3 de 4 trimestres" in years[2025].formula


def test_the_combination_follows_the_plan_s_rules_not_the_letter(plan: Plan) -> None:
    """The same code, ``Incremento``, is a flow in one plan's rules and a stock in another's."""
    i = indicator(plan, "I1", "Incremento")
    rows(i, 2024, {1: 10, 2: 30}, {})
    set_rules(plan, "incremento-mantenimiento-reduccion", actor=None, reason="prueba")
    assert loaders.indicator_series([i], loaders.WORKING)[i.pk].achievements == {2024: D(40)}
    definition = {"nombre": "otro", "acumulacion": {"Incremento": "acumulado"}}
    set_rules(plan, definition, actor=None, reason="prueba")
    assert loaders.indicator_series([i], loaders.WORKING)[i.pk].achievements == {2024: D(30)}


def test_a_year_with_its_own_value_keeps_it_and_other_indicators_are_untouched(plan: Plan) -> None:
    quarterly = indicator(plan, "Q1", "A")
    rows(quarterly, 2024, {0: 77, 1: 10, 2: 20}, {0: 80})
    yearly = indicator(plan, "Y1", "NoA", frequency="anual")
    rows(yearly, 2024, {0: 5}, {0: 6})
    series = loaders.indicator_series([quarterly, yearly], loaders.WORKING)
    assert series[quarterly.pk].achievements == {2024: D(77)}
    assert series[quarterly.pk].targets == {2024: D(80)}
    assert series[yearly.pk].achievements == {2024: D(5)}


def test_a_corrected_quarter_counts_with_its_newest_version(plan: Plan) -> None:
    i = indicator(plan, "C1", "NoA")
    rows(i, 2024, {1: 10, 2: 20}, {})
    first = IndicatorValue.objects.get(indicator=i, period=2)
    IndicatorValue.objects.create(
        plan=plan, indicator=i, year=2024, period=2, value=D(25), supersedes=first, reason="corrección"
    )
    assert loaders.indicator_series([i], loaders.WORKING)[i.pk].achievements == {2024: D(35)}


def test_a_plan_without_periods_reads_its_series_in_two_queries(plan: Plan) -> None:
    yearly = indicator(plan, "Y2", "NoA", frequency="anual")
    rows(yearly, 2024, {0: 5}, {0: 6})
    with CaptureQueriesContext(connection) as captured:
        loaders.plan_series_data(plan, loaders.WORKING)
    assert len(captured.captured_queries) == 2


def test_a_release_combines_its_quarters_by_the_rules_and_sheets_it_was_published_with(plan: Plan) -> None:
    """A change of rules or of the sheet's accumulation after publishing moves only the working data."""
    from django.utils import timezone

    from ssepot.reporting.models import Release

    i = indicator(plan, "R1", "Incremento")
    rows(i, 2024, {1: 10, 2: 30}, {1: 20, 2: 20})
    set_rules(plan, "incremento-mantenimiento-reduccion", actor=None, reason="prueba")
    release = Release.objects.create(plan=plan, year=2024, number=1, published_at=timezone.now())
    assert loaders.catalogue_as_of(plan.pk, 2024, release.number) is None, "nothing changed yet"
    pinned = loaders.plan_series_data(plan, loaders.WORKING, release.published_at).achievements[i.pk]
    assert pinned == {2024: D(40)}, "Incremento is a flow in this preset: the sum of the quarters"

    set_rules(
        plan, {"nombre": "otro", "acumulacion": {"Incremento": "acumulado"}}, actor=None, reason="prueba"
    )
    as_of = loaders.catalogue_as_of(plan.pk, 2024, release.number)
    assert as_of == release.published_at, "a rule set registered since counts as a catalogue change"
    assert loaders.plan_series_data(plan, loaders.WORKING, as_of).achievements[i.pk] == pinned
    assert loaders.plan_series_data(plan, loaders.WORKING).achievements[i.pk] == {2024: D(30)}

    i.accumulation = "Mantenimiento"
    i.frequency = "anual"
    i.save()
    assert loaders.plan_series_data(plan, loaders.WORKING, as_of).achievements[i.pk] == pinned
