"""The accumulation type (FC) means what Medellín's planning department means by it, on its own rows.

``tabla_Segto_PI.xlsx`` (sheet ReporteSegP) is the city's tracking workbook of the 2020-2023 plan with its
own results: an FC=A value already includes the earlier years (progress = last value / plan target), an
FC=NoA value is one year's flow (progress = sum of the years / plan target). The series are built by hand
from the sheet's numbers and must give the city's Avance23.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ssepot.core.indicators import IndicatorSeries, term_progress
from ssepot.core.rules import preset

YEARS = (2020, 2021, 2022, 2023)
WORKBOOK = Path("medellin-pdd-seguimiento-2020-2023") / "tabla_Segto_PI.xlsx"
CITY = preset("dap-medellin")


@pytest.fixture
def city_rows(shared_data: Path) -> dict[str, dict[str, Any]]:
    book = openpyxl.load_workbook(shared_data / WORKBOOK, read_only=True, data_only=True)
    try:
        rows = book["ReporteSegP"].iter_rows(values_only=True)
        header = [str(name) for name in next(rows)]
        code = header.index("CodigoIndicador")
        return {str(r[code]): dict(zip(header, r, strict=True)) for r in rows}
    finally:
        book.close()


def as_series(row: dict[str, Any]) -> IndicatorSeries:
    def number(name: str) -> Decimal:
        return Decimal(repr(row[name]))

    return IndicatorSeries(
        id=1,
        code=row["CodigoIndicador"],
        name=row["NombreIndicador"],
        accumulation=row["FC"],
        direction=row["Sentido"],
        plan_target=number("MetaPlan"),
        baseline=number("LB"),
        targets={y: number(f"Meta{y}") for y in YEARS},
        achievements={y: number(f"Log{y % 100}") for y in YEARS},
    )


def city_progress(row: dict[str, Any]) -> Decimal:
    return Decimal(repr(row["Avance23"])) * 100


def test_an_accumulated_indicator_compares_its_last_value_with_the_plan_target(
    city_rows: dict[str, dict[str, Any]],
) -> None:
    row = city_rows["1.1.2.8"]  # Estudiantes formados para el trabajo: 221, 391, 618, 807 toward 1000
    series = as_series(row)
    assert (series.accumulation, series.baseline, series.plan_target) == ("A", Decimal(795), Decimal(1000))
    assert [series.achievements[y] for y in YEARS] == [221, 391, 618, 807]
    figure = term_progress(series, 2023, CITY, start_year=2020)
    assert figure.value == Decimal("80.7") == city_progress(row)
    assert "último valor (2023) = 807" in figure.formula


def test_a_not_accumulated_indicator_compares_the_sum_of_its_years_with_the_plan_target(
    city_rows: dict[str, dict[str, Any]],
) -> None:
    row = city_rows["1.1.1.2"]  # Jóvenes formados en competencias laborales: 316 + 4552 + 3906 + 2133
    series = as_series(row)
    assert (series.accumulation, series.plan_target) == ("NoA", Decimal(17500))
    assert sum(series.achievements.values()) == 10907
    figure = term_progress(series, 2023, CITY, start_year=2020)
    assert figure.value is not None
    assert abs(figure.value - city_progress(row)) < Decimal("1e-9")
    assert "316 + 4.552 + 3.906 + 2.133 = 10.907" in figure.formula
