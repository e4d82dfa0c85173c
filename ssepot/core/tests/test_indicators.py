"""Indicator rules, computed by hand: yearly compliance, term progress, traffic lights and classes.

The term progress and the traffic light are the plan's calculation rules (``ssepot.core.rules``); here with
Medellín's (the default preset) unless a test declares its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal as D
from typing import TypedDict, Unpack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.indicators import (
    ClassThresholds,
    IndicatorSeries,
    class_distribution,
    expected_progress,
    progress_class,
    term_progress,
    yearly_compliance,
)
from ssepot.core.periods import Year as PeriodYear
from ssepot.core.rules import RuleSet, Term, preset, traffic_light

TERM = {2024: D(25), 2025: D(25), 2026: D(25), 2027: D(25)}
CITY = preset("dap-medellin")
FROM_BASELINE = RuleSet("desde la línea base", {"A": "acumulado", "L": "nivel"})


class SeriesFields(TypedDict, total=False):
    """``IndicatorSeries``'s fields, for changing a few in a test."""

    id: int
    code: str
    name: str
    accumulation: str
    direction: str
    plan_target: D | None
    baseline: D | None
    baseline_included: bool
    targets: Mapping[int, D]
    achievements: Mapping[int, D]
    weight: D | None
    periods: Mapping[int, PeriodYear]


def series(**kw: Unpack[SeriesFields]) -> IndicatorSeries:
    base = IndicatorSeries(
        id=17,
        code="1.1.1.1",
        name="Kilómetros de ciclorruta construidos",
        accumulation="A",
        direction="C",
        plan_target=D(100),
        targets=TERM,
    )
    return replace(base, **kw)


# -- yearly compliance -----------------------------------------------------------------------------------


def test_yearly_compliance_is_achievement_over_target() -> None:
    f = yearly_compliance(series(achievements={2025: D(20)}), 2025)
    assert f.value == D(80)
    assert f.unit == "%"
    assert f.status == ""
    assert "20 / 25 × 100 = 80,00 %" in f.formula
    assert {i.ref for i in f.inputs} == {"indicator:17:meta:2025", "indicator:17:logro:2025"}


def test_yearly_compliance_is_not_capped_when_the_target_is_beaten() -> None:
    assert yearly_compliance(series(achievements={2025: D(30)}), 2025).value == D(120)


def test_yearly_compliance_of_a_decreasing_indicator_is_target_over_achievement() -> None:
    s = series(direction="D", targets={2025: D(8)}, achievements={2025: D(10)})
    assert yearly_compliance(s, 2025).value == D(80)


def test_decreasing_indicator_with_achievement_zero_complies_fully() -> None:
    s = series(direction="D", targets={2025: D(8)}, achievements={2025: D(0)})
    assert yearly_compliance(s, 2025).value == D(100)


def test_a_target_of_zero_makes_yearly_compliance_not_applicable() -> None:
    f = yearly_compliance(series(targets={2025: D(0)}, achievements={2025: D(3)}), 2025)
    assert (f.value, f.status) == (None, "NA")


def test_no_achievement_at_the_cutoff_makes_yearly_compliance_not_available() -> None:
    f = yearly_compliance(series(achievements={2024: D(3)}), 2025)
    assert (f.value, f.status) == (None, "ND")


def test_no_target_programmed_makes_yearly_compliance_grey() -> None:
    f = yearly_compliance(series(targets={2024: D(25)}, achievements={2025: D(3)}), 2025)
    assert (f.value, f.status) == (None, "gris")


# -- term progress -----------------------------------------------------------------------------------------


def test_not_accumulated_progress_sums_the_years_of_the_term_up_to_the_cutoff() -> None:
    s = series(accumulation="NoA", achievements={2024: D(20), 2025: D(30), 2026: D(40)})
    f = term_progress(s, 2025, CITY)
    assert f.value == D(50)
    assert "20 + 30 = 50" in f.formula
    assert "indicator:17:logro:2026" not in {i.ref for i in f.inputs}


def test_not_accumulated_progress_ignores_years_before_the_start_year() -> None:
    s = series(accumulation="NoA", achievements={2023: D(50), 2024: D(20), 2025: D(30)})
    assert term_progress(s, 2025, CITY).value == D(50)
    assert term_progress(s, 2025, CITY, start_year=2025).value == D(30)


def test_not_accumulated_progress_adds_the_baseline_when_it_counts_and_the_rules_say_so() -> None:
    s = series(
        accumulation="NoA", baseline=D(10), baseline_included=True, achievements={2024: D(20), 2025: D(30)}
    )
    honouring = RuleSet.from_definition({**CITY.definition(), "respetar_incluye_linea_base": True})
    f = term_progress(s, 2025, honouring)
    assert f.value == D(60)
    assert "línea base 10" in f.formula
    # Medellín's workbook never adds it, whatever the sheet says (25 NoA indicators marked Sí)
    assert term_progress(s, 2025, CITY).value == D(50)


def test_not_accumulated_progress_leaves_out_a_baseline_that_does_not_count() -> None:
    s = series(accumulation="NoA", baseline=D(10), achievements={2024: D(20), 2025: D(30)})
    assert term_progress(s, 2025, CITY).value == D(50)


def test_accumulated_progress_takes_the_last_value_not_the_sum() -> None:
    # NB: an FC=A value already includes the earlier years: 30 is the stock at the cut-off
    s = series(accumulation="A", achievements={2024: D(40), 2025: D(30)})
    f = term_progress(s, 2025, CITY)
    assert f.value == D(30)
    assert "último valor (2025) = 30" in f.formula


def test_maintenance_progress_is_the_months_weighted_mean_of_yearly_compliance() -> None:
    # NB: 12 months at 25 / 25 and 12 at 20 / 25, over the 48 months of the term
    s = series(accumulation="M", achievements={2024: D(25), 2025: D(20)})
    assert term_progress(s, 2025, CITY).value == D(45)


def test_an_accumulated_indicator_is_compared_as_it_is_even_when_its_baseline_counts() -> None:
    # NB: Medellín's workbook divides the last value by the target for every such indicator
    s = series(
        accumulation="A", baseline=D(20), baseline_included=True, achievements={2024: D(40), 2025: D(60)}
    )
    assert term_progress(s, 2025, CITY).value == D(60)


def test_a_level_rule_runs_from_the_baseline() -> None:
    s = series(accumulation="L", baseline=D(20), achievements={2024: D(40), 2025: D(60)})
    f = term_progress(s, 2025, FROM_BASELINE)
    assert f.value == D(50)
    assert "(60 - 20) / (100 - 20)" in f.formula


def test_a_baseline_that_does_not_count_is_not_the_starting_point() -> None:
    s = series(accumulation="A", baseline=D(20), achievements={2024: D(40), 2025: D(60)})
    assert term_progress(s, 2025, CITY).value == D(60)


def test_a_zero_baseline_included_gives_the_same_progress_as_none() -> None:
    s = series(accumulation="A", baseline=D(0), baseline_included=True, achievements={2025: D(60)})
    assert term_progress(s, 2025, CITY).value == D(60)


def test_decreasing_progress_runs_from_the_baseline_down_to_the_target() -> None:
    s = series(
        accumulation="NoA", direction="D", plan_target=D(60), baseline=D(100), achievements={2025: D(80)}
    )
    f = term_progress(s, 2025, CITY)
    assert f.value == D(50)
    assert "(100 - 80) / (100 - 60)" in f.formula


def test_progress_beyond_the_target_is_capped_at_100_and_keeps_the_uncapped_value() -> None:
    f = term_progress(series(accumulation="NoA", achievements={2024: D(70), 2025: D(80)}), 2025, CITY)
    assert f.value == D(100)
    assert "150,00 %" in f.formula
    assert "tope" in f.formula
    assert any(i.ref == "indicator:17:avance_sin_tope:2025" and i.value == D(150) for i in f.inputs)


def test_a_decreasing_indicator_that_beat_its_target_is_capped_at_100() -> None:
    s = series(
        accumulation="NoA", direction="D", plan_target=D(60), baseline=D(100), achievements={2025: D(50)}
    )
    f = term_progress(s, 2025, CITY)
    assert f.value == D(100)
    assert "125,00 %" in f.formula


def test_a_decreasing_indicator_that_got_worse_than_its_baseline_is_floored_at_0() -> None:
    s = series(
        accumulation="NoA", direction="D", plan_target=D(60), baseline=D(100), achievements={2025: D(110)}
    )
    f = term_progress(s, 2025, CITY)
    assert f.value == D(0)
    assert "-25,00 %" in f.formula


def test_a_target_equal_to_the_starting_point_makes_progress_not_applicable() -> None:
    level = series(accumulation="L", plan_target=D(5), baseline=D(5), achievements={2025: D(4)})
    assert term_progress(level, 2025, FROM_BASELINE).status == "NA"
    zero_target = series(plan_target=D(0), achievements={2025: D(4)})
    f = term_progress(zero_target, 2025, CITY)
    assert (f.value, f.status) == (None, "NA")


def test_a_decreasing_indicator_whose_target_is_its_baseline_is_target_over_value() -> None:
    # NB: the city's workbook (3.1.18 of Medellín 2020-2023): it must stay at or below its baseline
    s = series(direction="D", plan_target=D(5), baseline=D(5), achievements={2025: D(8)})
    assert term_progress(s, 2025, CITY).value == D("62.5")


def test_no_achievement_in_the_term_makes_progress_not_available() -> None:
    f = term_progress(series(achievements={2026: D(5)}), 2025, CITY)
    assert (f.value, f.status) == (None, "ND")


def test_a_decreasing_indicator_without_baseline_has_no_progress() -> None:
    s = series(accumulation="NoA", direction="D", plan_target=D(5), achievements={2025: D(4)})
    assert term_progress(s, 2025, CITY).status == "ND"


def test_no_plan_target_makes_progress_grey() -> None:
    f = term_progress(series(plan_target=None, achievements={2025: D(4)}), 2025, CITY)
    assert (f.value, f.status) == (None, "gris")


def test_the_demo_rule_is_achievement_over_plan_target() -> None:
    """pdd_design: NoA sums 2024..2025, A takes 2025, increasing, baseline not included."""
    flows = {2024: D("2.5"), 2025: D("3.75")}
    noa = series(accumulation="NoA", plan_target=D("12.5"), baseline=D(3), achievements=flows)
    a = series(plan_target=D(80), baseline=D(70), achievements={2024: D(75), 2025: D(72)})
    assert term_progress(noa, 2025, CITY).value == D(50)
    assert term_progress(a, 2025, CITY).value == D(90)


values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@given(
    accumulation=st.sampled_from(["A", "NoA", "M"]),
    direction=st.sampled_from(["C", "D"]),
    target=values,
    baseline=values | st.none(),
    included=st.booleans(),
    achievements=st.dictionaries(st.integers(2024, 2027), values, max_size=4),
)
def test_progress_is_always_between_0_and_100(
    accumulation: str,
    direction: str,
    target: D,
    baseline: D | None,
    included: bool,
    achievements: dict[int, D],
) -> None:
    s = series(
        accumulation=accumulation,
        direction=direction,
        plan_target=target,
        baseline=baseline,
        baseline_included=included,
        achievements=achievements,
    )
    f = term_progress(s, 2027, CITY)
    assert f.value is None or D(0) <= f.value <= D(100)
    assert (f.value is None) == (f.status in {"NA", "ND", "gris"})


@given(
    accumulation=st.sampled_from(["A", "L"]),
    baseline=values,
    span=st.decimals(min_value="0.01", max_value=1000, places=2),
    value=values,
)
def test_decreasing_progress_mirrors_increasing_progress(
    accumulation: str, baseline: D, span: D, value: D
) -> None:
    # NB: an increasing indicator mirrors a decreasing one when both run from the baseline
    up = series(
        accumulation="L",
        plan_target=baseline + span,
        baseline=baseline,
        achievements={2025: value},
    )
    down = series(
        accumulation=accumulation,
        direction="D",
        plan_target=-(baseline + span),
        baseline=-baseline,
        achievements={2025: -value},
    )
    assert term_progress(up, 2025, FROM_BASELINE).value == term_progress(down, 2025, FROM_BASELINE).value


# -- traffic light ---------------------------------------------------------------------------------------


def test_expected_progress_is_a_straight_line_over_the_term() -> None:
    assert expected_progress(24, 48) == D(50)
    assert expected_progress(12, 48) == D(25)
    with pytest.raises(ValueError):
        expected_progress(1, 0)


def months(m: int) -> Term:
    """A 48-month term with ``m`` months elapsed (whole years)."""
    return Term(2024, 2027, dt.date(2024 + m // 12 - 1, 12, 31))


def test_traffic_light_is_green_exactly_at_90_percent_of_the_expectation() -> None:
    assert traffic_light(D("0.45"), CITY, months(24)) == "verde"
    assert traffic_light(D("0.4499"), CITY, months(24)) == "amarillo"


def test_traffic_light_is_red_just_below_60_percent_of_the_expectation() -> None:
    assert traffic_light(D("0.30"), CITY, months(24)) == "amarillo"
    assert traffic_light(D("0.2999"), CITY, months(24)) == "rojo"


def test_traffic_light_thresholds_match_the_citys_monthly_factors() -> None:
    """0.01875 x m and 0.0125 x m as fractions with a 48-month term; at m = 12: 22.5 % and 15 %."""
    assert traffic_light(D("0.225"), CITY, months(12)) == "verde"
    assert traffic_light(D("0.2249"), CITY, months(12)) == "amarillo"
    assert traffic_light(D("0.15"), CITY, months(12)) == "amarillo"
    assert traffic_light(D("0.1499"), CITY, months(12)) == "rojo"


def test_traffic_light_thresholds_are_configurable_per_plan() -> None:
    strict = replace(CITY, green=D(1), red=D("0.8"))
    assert traffic_light(D("0.45"), strict, months(24)) == "amarillo"
    assert traffic_light(D("0.39"), strict, months(24)) == "rojo"
    assert traffic_light(D("0.50"), strict, months(24)) == "verde"


def test_traffic_light_is_grey_without_programming_then_na_then_nd() -> None:
    assert traffic_light(D("0.5"), CITY, months(24), programmed=False, not_applicable=True) == "gris"
    assert traffic_light(D("0.5"), CITY, months(24), not_applicable=True) == "NA"
    assert traffic_light(None, CITY, months(24)) == "ND"


# -- classes ----------------------------------------------------------------------------------------------


def test_progress_classes_at_the_demo_cutoff_split_at_45_and_30() -> None:
    assert progress_class(D(45), 24, 48) == "alto"
    assert progress_class(D("44.99"), 24, 48) == "medio"
    assert progress_class(D(30), 24, 48) == "medio"
    assert progress_class(D("29.99"), 24, 48) == "bajo"
    assert progress_class(None, 24, 48) == "ND"


def test_absolute_progress_classes_use_shares_of_the_target() -> None:
    absolute = ClassThresholds(high=D("0.8"), low=D("0.5"), relative_to_expectation=False)
    assert progress_class(D(80), 24, 48, absolute) == "alto"
    assert progress_class(D(79), 24, 48, absolute) == "medio"
    assert progress_class(D(49), 24, 48, absolute) == "bajo"


def test_class_distribution_counts_and_shares_every_class() -> None:
    progress = {
        "indicator:1": D(100),
        "indicator:2": D(45),
        "indicator:3": D(40),
        "indicator:4": D(10),
        "indicator:5": None,
    }
    figures = {f.key: f for f in class_distribution(progress, 24, 48)}
    assert figures["pdd.clases.total"].value == 5
    assert figures["pdd.clases.alto"].value == 2
    assert figures["pdd.clases.alto_pct"].value == D(40)
    assert figures["pdd.clases.medio"].value == 1
    assert figures["pdd.clases.bajo_pct"].value == D(20)
    assert figures["pdd.clases.ND"].value == 1
    assert {i.ref for i in figures["pdd.clases.alto"].inputs} == {"indicator:1", "indicator:2"}
    assert "45,00 %" in figures["pdd.clases.alto"].formula


def test_class_distribution_leaves_out_nd_when_every_indicator_has_a_value() -> None:
    figures = class_distribution({"a": D(50)}, 24, 48, key_prefix="x")
    assert [f.key for f in figures] == [
        "x.total",
        "x.alto",
        "x.alto_pct",
        "x.medio",
        "x.medio_pct",
        "x.bajo",
        "x.bajo_pct",
    ]


def test_the_seeds_class_shares_round_to_72_12_and_16() -> None:
    progress = {f"i{n}": D(60) for n in range(107)}
    progress |= {f"m{n}": D(35) for n in range(18)}
    progress |= {f"b{n}": D(5) for n in range(24)}
    figures = {f.key: f for f in class_distribution(progress, 24, 48)}
    assert [figures[f"pdd.clases.{c}_pct"].rounded(0) for c in ("alto", "medio", "bajo")] == [
        D(72),
        D(12),
        D(16),
    ]
