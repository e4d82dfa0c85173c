"""Forecast and timeliness: required against observed rate, projection with its interval, status."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.forecast import (
    NOT_ENOUGH,
    OFF_TRACK,
    ON_TRACK,
    STALE,
    ForecastInput,
    forecast,
    forecast_figures,
    t_quantile,
)

D = Decimal


def question(values: Mapping[int, int | str], target: int | str | None = 25, horizon: int | None = 2024,
             flow: bool = False, direction: str = "C", base: int = 0) -> ForecastInput:  # fmt: skip
    return ForecastInput(
        code="POT-01",
        name="Prueba",
        values={y: D(v) for y, v in values.items()},
        flow=flow,
        direction=direction,
        target=None if target is None else D(target),
        horizon=horizon,
        base=D(base),
        unit="km",
    )


def test_a_hand_computed_series_is_projected_with_its_interval_and_is_off_track() -> None:
    # x̄ = 2021, ȳ = 13, Sxx = 2, Sxy = 7: b = 3,5; fitted 9,5 13 16,5; SSE = 1,5, s² = 1,5 (1 df)
    f = forecast(question({2020: 10, 2021: 12, 2022: 17}), 2022)
    assert f.observed == D("3.5")
    assert f.projection == D("23.5")  # 13 + 3,5 × 3
    assert f.required == D(4)  # (25 - 17) / 2
    # half width = 12,706 × √(1,5 × (1 + 1/3 + 9/2)) = 12,706 × √8,75
    half = D("12.706") * D("8.75").sqrt()
    assert f.low == D("23.5") - half and f.high == D("23.5") + half
    assert f.status == OFF_TRACK


def test_a_straight_series_toward_its_target_is_on_track_with_a_zero_width_interval() -> None:
    f = forecast(question({2020: 10, 2021: 20, 2022: 30}, target=60, horizon=2025), 2022)
    assert (f.observed, f.required, f.projection) == (D(10), D(10), D(60))
    assert f.low == f.high == D(60)
    assert f.status == ON_TRACK


def test_a_flow_is_projected_as_its_running_total_from_its_base() -> None:
    f = forecast(question({2020: 5, 2021: 5, 2022: 5}, target=40, horizon=2025, flow=True, base=10), 2022)
    assert dict(f.series) == {2020: D(15), 2021: D(20), 2022: D(25)}
    assert f.mean_amount == D(5)
    assert f.required == D(5)  # (40 - 25) / 3
    assert f.projection == D(40)
    assert f.status == ON_TRACK


def test_a_decreasing_indicator_is_on_track_when_the_projection_is_at_or_below_the_target() -> None:
    values = {2020: 100, 2021: 90, 2022: 80}
    assert forecast(question(values, 50, 2025, direction="D"), 2022).status == ON_TRACK
    assert forecast(question(values, 40, 2025, direction="D"), 2022).status == OFF_TRACK


def test_a_horizon_already_reached_judges_the_last_value() -> None:
    f = forecast(question({2020: 10, 2021: 20, 2022: 30}, target=30, horizon=2022), 2023)
    assert f.status == ON_TRACK and f.required is None and f.projection == D(30)


def test_two_values_or_no_target_are_not_enough() -> None:
    assert forecast(question({2021: 1, 2022: 2}), 2022).status == NOT_ENOUGH
    f = forecast(question({2020: 1, 2021: 2, 2022: 3}, target=None), 2022)
    assert f.status == NOT_ENOUGH and f.observed == D(1)


def test_the_last_value_older_than_two_years_before_the_forecast_is_stale() -> None:
    values = {2019: 1, 2020: 2, 2021: 3}
    assert forecast(question(values, horizon=2027), 2023).stale is False
    assert forecast(question(values, horizon=2027), 2024).stale is True
    assert forecast(question(values, horizon=2027), 2023, stale_years=1).stale is True


def test_the_t_quantile_comes_from_the_table_and_the_normal_beyond_it() -> None:
    assert t_quantile(1) == D("12.706")
    assert t_quantile(35) == D("2.042")  # the next lower entry: a wider interval
    assert t_quantile(500) == D("1.960")


def test_the_figures_carry_their_keys_formula_and_open_sdg_opinion() -> None:
    figures = {
        f.key: f
        for f in forecast_figures(question({2020: 10, 2021: 12, 2022: 17}), 2022, "pronostico.pot_01")
    }
    assert set(figures) == {
        f"pronostico.pot_01.{k}"
        for k in ("estado", "tasa_requerida", "tasa_observada", "proyeccion", "desactualizado", "opensdg")
    }
    state = figures["pronostico.pot_01.estado"]
    assert state.status == OFF_TRACK
    assert "proyección 2024 = 23,50 ≥ meta 25,00? fuera de camino" in state.formula
    assert figures["pronostico.pot_01.tasa_requerida"].formula.endswith("= 4,00 km por año")
    projection = figures["pronostico.pot_01.proyeccion"]
    assert {i.ref for i in projection.inputs} >= {"serie:2022", "meta", "intervalo:bajo", "intervalo:alto"}
    assert figures["pronostico.pot_01.opensdg"].status  # Open SDG's category, from its one module
    stale = forecast_figures(question({2018: 1, 2019: 2, 2020: 3}), 2023, "p")[4]
    assert (stale.value, stale.status) == (1, STALE)


years = st.integers(min_value=2000, max_value=2030)
amounts = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@given(start=years, n=st.integers(3, 8), first=amounts, rate=amounts, ahead=st.integers(1, 10),
       direction=st.sampled_from(["C", "D"]))  # fmt: skip
def test_a_series_exactly_on_the_required_path_is_on_track(
    start: int, n: int, first: Decimal, rate: Decimal, ahead: int, direction: str
) -> None:
    values = {start + i: first + rate * i for i in range(n)}
    horizon = start + n - 1 + ahead
    target = first + rate * (horizon - start)
    f = forecast(ForecastInput("X", "", values, False, direction, target, horizon), start + n - 1)
    assert f.status == ON_TRACK
    assert f.required == rate == f.observed


@given(start=years, n=st.integers(0, 2), first=amounts)
def test_a_series_shorter_than_three_values_has_not_enough_data(start: int, n: int, first: Decimal) -> None:
    values = {start + i: first for i in range(n)}
    f = forecast(ForecastInput("X", "", values, False, "C", D(1), start + 10), start + 2)
    assert f.status == NOT_ENOUGH


@given(values=st.dictionaries(years, amounts, min_size=3), later=st.dictionaries(years, amounts),
       flow=st.booleans())  # fmt: skip
def test_the_forecast_of_a_year_ignores_every_value_of_a_later_year(
    values: dict[int, Decimal], later: dict[int, Decimal], flow: bool
) -> None:
    year = max(values)
    extended = {**{y + year + 1 - min(later, default=0): v for y, v in later.items()}, **values}
    assert all(y <= year for y in values)
    plain = ForecastInput("X", "", values, flow, "C", D(500), year + 3)
    assert forecast(plain, year) == forecast(
        ForecastInput("X", "", extended, flow, "C", D(500), year + 3), year
    )
