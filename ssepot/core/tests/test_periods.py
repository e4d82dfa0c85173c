"""Quarters and months combined into the year by the indicator's rule (``ssepot.core.periods``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.periods import (
    MONTHLY,
    QUARTERLY,
    PeriodError,
    combine,
    combine_year,
    parse_period,
    period_text,
)
from ssepot.core.rules import FLOW, LEVEL, MAINTENANCE, STOCK, Series, Term, evaluate, preset

TOLERANCE = D("1e-18")
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
quarters = st.dictionaries(st.integers(1, 4), amounts, min_size=1)


def test_a_flow_year_is_the_sum_of_its_quarters() -> None:
    year = combine_year(FLOW, QUARTERLY, 2024, {1: D(10), 2: D(20), 3: D(5), 4: D(15)}, {})
    assert year.value == D(50)
    assert not year.partial
    assert "T1 + T2 + T3 + T4" in year.formula


def test_a_year_with_three_quarters_is_partial_and_says_so() -> None:
    year = combine_year(
        FLOW, QUARTERLY, 2024, {1: D(10), 2: D(20), 3: D(5)}, {p: D(10) for p in (1, 2, 3, 4)}
    )
    assert year.value == D(35)
    assert year.partial
    assert year.target == D(40)
    assert "3 de 4 trimestres" in year.formula


def test_a_stock_year_is_its_last_reported_quarter_not_the_highest_value() -> None:
    year = combine_year(STOCK, QUARTERLY, 2024, {1: D(40), 3: D(30)}, {})
    assert year.value == D(30)
    assert "T3" in year.formula


def test_a_maintenance_year_is_the_mean_of_its_quarters_compliance() -> None:
    values = {1: D(90), 2: D(100), 3: D(110), 4: D(100)}
    targets = {p: D(100) for p in values}
    year = combine_year(MAINTENANCE, QUARTERLY, 2024, values, targets)
    assert year.target == D(100)
    assert year.value == D(100)  # compliance (0.9 + 1 + 1.1 + 1) / 4 = 1


def test_a_maintenance_quarter_without_its_own_target_uses_the_year_target() -> None:
    year = combine_year(MAINTENANCE, QUARTERLY, 2024, {1: D(45), 2: D(50)}, {0: D(50)})
    assert year.value == D("47.5")  # (0.9 + 1) / 2 x 50
    assert "2 de 4 trimestres" in year.formula


def test_a_year_with_its_own_value_uses_it_whatever_its_periods_say() -> None:
    year = combine_year(FLOW, QUARTERLY, 2024, {0: D(7), 1: D(10), 2: D(20)}, {})
    assert year.value == D(7)
    assert not year.partial


def test_a_year_without_any_period_reported_has_no_value_not_zero() -> None:
    year = combine_year(FLOW, QUARTERLY, 2024, {}, {1: D(10)})
    assert year.value is None
    assert year.target == D(10)


def test_months_are_labelled_by_their_number() -> None:
    year = combine_year(FLOW, MONTHLY, 2024, {1: D(1), 3: D(2)}, {})
    assert "M01 + M03" in year.formula
    assert "2 de 12 meses" in year.formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-T1", (2024, QUARTERLY, 1)),
        ("2024-M03", (2024, MONTHLY, 3)),
        (" 2025-t4 ", (2025, QUARTERLY, 4)),
    ],
)
def test_periods_are_read_as_mappings_write_them(text: str, expected: tuple[int, str, int]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2024-T5", "2024-M13", "2024-Q1", "2024", "T1-2024", "2024-M00"])
def test_a_period_that_does_not_exist_is_refused_in_words(text: str) -> None:
    with pytest.raises(PeriodError, match="2024"):
        parse_period(text)


@given(st.integers(2000, 2100), st.sampled_from([QUARTERLY, MONTHLY]), st.data())
def test_a_period_written_and_read_back_is_the_same(year: int, frequency: str, data: st.DataObject) -> None:
    period = data.draw(st.integers(1, 4 if frequency == QUARTERLY else 12))
    assert parse_period(period_text(year, frequency, period)) == (year, frequency, period)


@given(quarters)
def test_flow_is_the_sum_of_what_was_reported_and_partial_when_a_quarter_is_missing(
    values: dict[int, D],
) -> None:
    year = combine_year(FLOW, QUARTERLY, 2024, values, {})
    assert year.value == sum(values.values(), D(0))
    assert year.partial == (len(values) < 4)
    assert year.reported == len(values)


@given(quarters, st.sampled_from([STOCK, LEVEL]))
def test_stock_and_level_take_the_last_reported_quarter(values: dict[int, D], rule: str) -> None:
    assert combine_year(rule, QUARTERLY, 2024, values, {}).value == values[max(values)]


@given(st.dictionaries(st.integers(1, 4), st.tuples(amounts, positive), min_size=1))
def test_maintenance_value_has_the_mean_compliance_of_the_quarters(pairs: dict[int, tuple[D, D]]) -> None:
    values = {p: v for p, (v, _) in pairs.items()}
    targets = {p: t for p, (_, t) in pairs.items()}
    year = combine_year(MAINTENANCE, QUARTERLY, 2024, values, targets)
    mean = sum((v / t for v, t in pairs.values()), D(0)) / len(pairs)
    assert year.value is not None and year.target is not None
    assert abs(year.value / year.target - mean) < TOLERANCE


@given(st.dictionaries(st.integers(1, 4), st.tuples(positive, positive), min_size=1))
def test_decreasing_maintenance_value_has_the_mean_compliance_as_the_yearly_rule_counts_it(
    pairs: dict[int, tuple[D, D]],
) -> None:
    values = {p: v for p, (v, _) in pairs.items()}
    targets = {p: t for p, (_, t) in pairs.items()}
    year = combine_year(MAINTENANCE, QUARTERLY, 2024, values, targets, decreasing=True)
    mean = sum((D(1) if v <= t else t / v for v, t in pairs.values()), D(0)) / len(pairs)
    assert year.value is not None and year.target is not None
    yearly = D(1) if year.value <= year.target else year.target / year.value
    assert abs(yearly - mean) < TOLERANCE


@given(quarters, st.sampled_from([FLOW, STOCK, LEVEL, MAINTENANCE]), amounts)
def test_the_year_own_value_always_wins(values: dict[int, D], rule: str, own: D) -> None:
    year = combine_year(rule, QUARTERLY, 2024, {**values, 0: own}, {p: D(1) for p in values})
    assert year.value == own
    assert not year.partial


@given(st.dictionaries(st.integers(2020, 2023), st.lists(amounts, min_size=4, max_size=4), min_size=1))
def test_a_flow_plan_reported_by_quarter_progresses_as_if_reported_by_year(
    by_year: dict[int, list[D]],
) -> None:
    rows = {(y, q + 1): v for y, vs in by_year.items() for q, v in enumerate(vs)}
    combined = combine(FLOW, QUARTERLY, rows, {})
    yearly = {y: sum(vs, D(0)) for y, vs in by_year.items()}
    assert {y: c.value for y, c in combined.items()} == yearly
    rules, term = preset("dap-medellin"), Term(2020, 2023, dt.date(2023, 12, 31))

    def progress(achievements: dict[int, D]) -> D | None:
        s = Series("indicator:1", "1", "NoA", False, D(1000), achievements=achievements)
        return evaluate(s, rules, term).progress

    assert progress({y: c.value for y, c in combined.items() if c.value is not None}) == progress(yearly)
