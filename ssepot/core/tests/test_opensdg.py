"""The Open SDG progress status: each category with and without a target, both directions."""

from __future__ import annotations

from decimal import Decimal as D

from ssepot.core.opensdg import ProgressConfig, cagr, progress_status

NEAR = D("1e-20")


def s(**values: object) -> dict[int, D]:
    return {int(year[1:]): D(str(v)) for year, v in values.items()}


# -- without a target: thresholds on the observed yearly growth ------------------------------------------


def test_growth_of_2_percent_a_year_is_substantial_progress() -> None:
    f = progress_status(s(y2015=100, y2017="104.04"), "C", None, None)
    assert f.status == "progreso sustancial"
    assert f.value is not None and abs(f.value - D(2)) < NEAR
    assert "CAGR observado = (104,04 / 100,00)^(1/2) - 1 = 2,00 %" in f.formula
    assert any(i.ref == "cagr_observado" for i in f.inputs)


def test_growth_of_1_percent_a_year_is_moderate_progress() -> None:
    assert progress_status(s(y2015=100, y2016=101), "C", None, None).status == "progreso moderado"


def test_growth_of_a_fifth_of_a_percent_is_limited_progress() -> None:
    assert progress_status(s(y2015=100, y2016="100.2"), "C", None, None).status == "progreso limitado"


def test_a_falling_increasing_indicator_is_deterioration() -> None:
    f = progress_status(s(y2015=100, y2016=99), "C", None, None)
    assert f.status == "deterioro"
    assert f.value == D(-1)


def test_a_falling_decreasing_indicator_is_progress() -> None:
    f = progress_status(s(y2015=100, y2016=98), "D", None, None)
    assert f.status == "progreso sustancial"
    assert f.value == D(2)


def test_a_rising_decreasing_indicator_is_deterioration() -> None:
    assert progress_status(s(y2015=100, y2016=102), "D", None, None).status == "deterioro"


def test_the_no_target_thresholds_sit_exactly_at_1_5_and_0_5_percent() -> None:
    assert progress_status(s(y2015=100, y2016="101.5"), "C", None, None).status == "progreso sustancial"
    assert progress_status(s(y2015=100, y2016="101.49"), "C", None, None).status == "progreso moderado"
    assert progress_status(s(y2015=100, y2016="100.5"), "C", None, None).status == "progreso moderado"
    assert progress_status(s(y2015=100, y2016=100), "C", None, None).status == "progreso limitado"


def test_a_rate_exactly_on_a_threshold_over_several_years_stays_on_it() -> None:
    """The power is taken in floating point: 1,5 % a year over two and three years must still be 1,5 %."""
    assert cagr(D("103.0225"), D(100), 2) == D("0.015")
    assert progress_status(s(y2015=100, y2017="103.0225"), "C", None, None).status == "progreso sustancial"
    assert progress_status(s(y2015=100, y2018="101.5075125"), "C", None, None).status == "progreso moderado"
    assert abs(cagr(D(2), D(1), 10) - (D(2) ** (D(1) / 10) - 1)) < D("1e-12")


def test_negative_series_flip_the_sign_of_growth() -> None:
    """sdg-build's ``s``: from -100 to -90 the value grew, yet the CAGR of the ratio is negative."""
    assert progress_status(s(y2015=-100, y2016=-90), "C", None, None).status == "progreso sustancial"


# -- with a target: R = observed / required growth ------------------------------------------------------

BASE = {"y2015": 100}


def test_growing_as_fast_as_required_is_substantial_progress() -> None:
    # required: (121 / 100)^(1/2) - 1 = 10 %; observed: 110 / 100 - 1 = 10 %; R = 100 %
    f = progress_status(s(**BASE, y2016=110), "C", D(121), 2017)
    assert f.status == "progreso sustancial"
    assert f.value is not None and abs(f.value - D(100)) < NEAR
    assert "CAGR requerido = (121,00 / 100,00)^(1/2) - 1 = 10,00 %" in f.formula
    assert any(i.ref == "cagr_requerido" for i in f.inputs)


def test_growing_at_seven_tenths_of_the_required_rate_is_moderate_progress() -> None:
    assert progress_status(s(**BASE, y2016=107), "C", D(121), 2017).status == "progreso moderado"


def test_growing_at_three_tenths_of_the_required_rate_is_limited_progress() -> None:
    f = progress_status(s(**BASE, y2016=103), "C", D(121), 2017)
    assert f.status == "progreso limitado"
    assert f.value is not None and abs(f.value - D(30)) < NEAR


def test_moving_away_from_the_target_is_deterioration() -> None:
    assert progress_status(s(**BASE, y2016=98), "C", D(121), 2017).status == "deterioro"


def test_reaching_the_target_is_target_achieved_whatever_the_ratio() -> None:
    f = progress_status(s(**BASE, y2016=90, y2017=121), "C", D(121), 2017)
    assert f.status == "meta alcanzada"
    assert progress_status(s(**BASE, y2016=200), "C", D(121), 2030).status == "meta alcanzada"


def test_a_decreasing_indicator_on_track_to_its_lower_target_is_substantial_progress() -> None:
    # required: (81 / 100)^(1/2) - 1 = -10 %; observed: -10 %; R = -1 x -10 % / 10 % = 100 %
    f = progress_status(s(**BASE, y2016=90), "D", D(81), 2017)
    assert f.status == "progreso sustancial"
    assert f.value is not None and abs(f.value - D(100)) < NEAR


def test_a_decreasing_indicator_falling_too_slowly_is_limited_progress() -> None:
    assert progress_status(s(**BASE, y2016=95), "D", D(81), 2017).status == "progreso limitado"


def test_a_decreasing_indicator_falling_at_three_quarters_pace_is_moderate_progress() -> None:
    assert progress_status(s(**BASE, y2016="92.5"), "D", D(81), 2017).status == "progreso moderado"


def test_a_rising_decreasing_indicator_with_a_target_is_deterioration() -> None:
    assert progress_status(s(**BASE, y2016=105), "D", D(81), 2017).status == "deterioro"


def test_a_decreasing_indicator_at_or_below_its_target_has_achieved_it() -> None:
    assert progress_status(s(**BASE, y2016=80), "D", D(81), 2017).status == "meta alcanzada"


def test_a_series_that_started_on_its_target_and_left_it_is_deterioration() -> None:
    f = progress_status(s(**BASE, y2016=95), "C", D(100), 2020)
    assert (f.value, f.status) == (None, "deterioro")


def test_a_target_of_zero_requires_falling_a_hundred_percent() -> None:
    f = progress_status(s(**BASE, y2016=50), "D", D(0), 2016)
    assert f.status == "progreso limitado"
    assert f.value is not None and abs(f.value - D(50)) < NEAR


def test_thresholds_are_configurable() -> None:
    lenient = ProgressConfig(with_target_high=D("0.25"))
    assert progress_status(s(**BASE, y2016=103), "C", D(121), 2017, config=lenient).status == (
        "progreso sustancial"
    )


# -- base year and unavailable cases ----------------------------------------------------------------------


def test_the_base_year_moves_to_the_next_year_with_data() -> None:
    f = progress_status(s(y2014=1, y2016=100, y2017=110), "C", None, None, base_year=2015)
    assert f.value is not None
    assert abs(f.value - D(10)) < NEAR
    assert "(1/1)" in f.formula


def test_one_year_of_data_is_not_enough() -> None:
    assert progress_status(s(y2015=100), "C", None, None).status == "ND"
    assert progress_status({}, "C", None, None).status == "ND"
    assert progress_status(s(y2015=100, y2016=110), "C", None, None, base_year=2016).status == "ND"


def test_a_zero_base_value_has_no_growth_rate() -> None:
    f = progress_status(s(y2015=0, y2016=10), "C", None, None)
    assert (f.value, f.status) == (None, "ND")


def test_values_of_opposite_signs_have_no_growth_rate() -> None:
    assert progress_status(s(y2015=-5, y2016=10), "C", None, None).status == "ND"


def test_cagr_is_the_compound_yearly_rate() -> None:
    assert cagr(D(121), D(100), 2) == D("0.1")
