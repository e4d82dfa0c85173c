"""Territorial equity: range, ratio, CV, Gini, Theil by zone, gaps and trend, checked by hand."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core import equity
from ssepot.core.equity import (
    CLOSING,
    RURAL,
    URBAN,
    WIDENING,
    EquitySeries,
    UnitValue,
    absolute_differences,
    coefficient_of_variation,
    equity_figures,
    gini,
    theil,
    theil_split,
)
from ssepot.core.figures import Figure, fmt_number, fmt_percent

#: four units: three comunas and a corregimiento, two years
UNITS_2024 = (
    UnitValue("01", "Popular", URBAN, D(2)),
    UnitValue("02", "Santa Cruz", URBAN, D(4)),
    UnitValue("14", "El Poblado", URBAN, D(6)),
    UnitValue("90", "Santa Elena", RURAL, D(8)),
)
UNITS_2023 = tuple(
    UnitValue(u.code, u.name, u.zone, v) for u, v in zip(UNITS_2024, (D(1), D(4), D(6), D(9)), strict=True)
)
SERIES = EquitySeries(
    ref="indicator:7",
    code="ECV-IMCV",
    name="Índice de condiciones de vida",
    unit="puntos",
    increasing=True,
    values={2023: UNITS_2023, 2024: UNITS_2024},
    targets={2024: D(7)},
)


def by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


def close(a: D | None, b: D | float, places: int = 10) -> bool:
    assert a is not None
    return round(a, places) == round(D(b), places)


def test_cv_uses_the_population_standard_deviation() -> None:
    # mean 5, deviations -3 -1 1 3: σ² = 20 / 4 = 5
    assert close(coefficient_of_variation([D(2), D(4), D(6), D(8)]), D(5).sqrt() / 5 * 100)


def test_gini_is_the_mean_absolute_difference_over_twice_the_mean() -> None:
    # ordered pairs: |2-4|, |2-6|, |2-8|, |4-6|, |4-8|, |6-8| = 2+4+6+2+4+2 = 20, twice: 40; 40 / (2 × 16 × 5)
    assert gini([D(8), D(2), D(6), D(4)]) == D(40) / D(160)


def test_theil_by_hand() -> None:
    xs = [D(2), D(4), D(6), D(8)]
    expected = sum((x / 5 * (x / 5).ln() for x in xs), D(0)) / 4
    assert close(theil(xs), expected, 20)
    # one unit holds everything: T = ln(n)
    assert close(theil([D(0), D(0), D(0), D(3)]), D(4).ln(), 20)


def test_theil_splits_into_within_and_between_the_zones() -> None:
    urban, rural = [D(2), D(4), D(6)], [D(8)]
    split = theil_split({URBAN: urban, RURAL: rural})
    assert split is not None
    assert close(split.within + split.between, theil(urban + rural) or -1, 20)
    # the rural zone's share of the total: 8 / 20
    assert split.shares[RURAL] == D("0.4")


def test_negative_values_leave_gini_and_theil_not_available() -> None:
    assert gini([D(-1), D(3)]) is None
    assert theil([D(-1), D(3)]) is None
    assert coefficient_of_variation([D(0), D(0)]) is None


def test_the_latest_year_gives_the_headline_figures_with_their_numbers() -> None:
    f = by_key(equity_figures(SERIES, 2025))
    assert f["equidad.ecv_imcv.rango"].value == 6
    assert "máximo (Santa Elena) 8,00 − mínimo (Popular) 2,00 = 6,00" in f["equidad.ecv_imcv.rango"].formula
    assert f["equidad.ecv_imcv.razon"].value == 4
    assert f["equidad.ecv_imcv.gini"].value == D("0.25")
    assert "40,0000 / (2 × 4² × 5,0000) = 0,2500" in f["equidad.ecv_imcv.gini"].formula
    assert [i.value for i in f["equidad.ecv_imcv.cv"].inputs] == [D(2), D(4), D(6), D(8)]
    # the urban zone alone: 2, 4, 6 -> pairs 2+4+2 = 8, twice 16 / (2 × 9 × 4)
    assert f["equidad.ecv_imcv.gini_urbano"].value == D(16) / D(72)
    assert f["equidad.ecv_imcv.gini_rural"].value == 0


def test_gaps_to_the_city_and_the_target_are_positive_when_a_unit_is_behind() -> None:
    f = by_key(equity_figures(SERIES, 2024))
    # no city value: the simple mean of the units, 5
    assert f["equidad.brecha.ecv_imcv.01.ciudad"].value == 3
    assert f["equidad.brecha.ecv_imcv.90.ciudad"].value == -3
    assert "promedio simple" in f["equidad.brecha.ecv_imcv.01.ciudad"].formula
    assert f["equidad.brecha.ecv_imcv.01.meta"].value == 5
    decreasing = EquitySeries(**{**SERIES.__dict__, "increasing": False, "city": {2024: D(4)}})
    g = by_key(equity_figures(decreasing, 2024))
    assert g["equidad.brecha.ecv_imcv.01.ciudad"].value == -2
    assert "valor publicado para toda la ciudad" in g["equidad.brecha.ecv_imcv.01.ciudad"].formula


def test_the_trend_compares_the_cv_with_the_first_and_the_previous_year() -> None:
    f = by_key(equity_figures(SERIES, 2024))
    before = coefficient_of_variation([u.value for u in UNITS_2023])
    now = coefficient_of_variation([u.value for u in UNITS_2024])
    assert before is not None and now is not None and now < before
    trend = f["equidad.ecv_imcv.tendencia_anterior"]
    assert trend.value == now - before
    assert trend.status == CLOSING
    widening = EquitySeries(**{**SERIES.__dict__, "values": {2023: UNITS_2024, 2024: UNITS_2023}})
    assert by_key(equity_figures(widening, 2024))["equidad.ecv_imcv.tendencia_inicio"].status == WIDENING


def test_every_year_measured_has_its_history_and_later_years_are_not_read() -> None:
    f = by_key(equity_figures(SERIES, 2023))
    assert "equidad.historia.ecv_imcv.2023.cv" in f
    assert "equidad.historia.ecv_imcv.2024.cv" not in f
    assert f["equidad.ecv_imcv.rango"].value == 8
    assert "equidad.ecv_imcv.tendencia_inicio" not in f  # one year: no trend
    assert equity_figures(SERIES, 2022) == []


values = st.lists(
    st.decimals(min_value=D("0.01"), max_value=D(10_000), places=2, allow_nan=False), min_size=2, max_size=25
)
scales = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2, allow_nan=False)


@given(values, scales)
def test_cv_and_gini_do_not_change_with_the_scale(xs: list[D], k: D) -> None:
    scaled = [x * k for x in xs]
    assert close(coefficient_of_variation(scaled), coefficient_of_variation(xs) or 0, 12)
    assert close(gini(scaled), gini(xs) or 0, 12)
    assert close(theil(scaled), theil(xs) or 0, 12)


@given(st.decimals(min_value=D("0.01"), max_value=D(10_000), places=2), st.integers(1, 30))
def test_equal_units_have_no_inequality(x: D, n: int) -> None:
    assert gini([x] * n) == 0
    assert coefficient_of_variation([x] * n) == 0
    assert close(theil([x] * n), 0, 20)


@given(values)
def test_gini_stays_between_zero_and_one(xs: list[D]) -> None:
    g = gini(xs)
    assert g is not None and 0 <= g < 1


@given(values)
def test_the_sorted_sum_of_differences_is_the_sum_over_every_pair(xs: list[D]) -> None:
    assert absolute_differences(xs) == sum((abs(a - b) for a, b in product(xs, xs)), D(0))


def test_the_formulas_are_written_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[tuple[object, ...]] = []

    def counted(write: Callable[..., str]) -> Callable[..., str]:
        def call(*args: object) -> str:
            written.append(args)
            return write(*args)

        return call

    monkeypatch.setattr(equity, "fmt_number", counted(fmt_number))
    monkeypatch.setattr(equity, "fmt_percent", counted(fmt_percent))
    figures = equity_figures(SERIES, 2024)
    assert written == []
    assert all(f.formula and f.inputs for f in figures)
    assert written


def test_the_latest_years_history_is_its_headline_under_the_history_keys() -> None:
    f = by_key(equity_figures(SERIES, 2024))
    headline = [k for k in f if k.count(".") == 2 and "tendencia" not in k]
    assert len(headline) == 11
    for key in headline:
        history = f[key.replace("equidad.", "equidad.historia.", 1).replace(".ecv_imcv.", ".ecv_imcv.2024.")]
        assert (history.label, history.value, history.formula, history.inputs) == (
            f[key].label, f[key].value, f[key].formula, f[key].inputs,
        )  # fmt: skip
