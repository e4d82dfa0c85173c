"""`ssepot figures` lists the territorial equity of the real quality-of-life indices: the coefficient of
variation and the Gini recomputed here straight from the CSV in ``../shared/data`` agree with it."""

from __future__ import annotations

import csv
import json
import statistics
from io import StringIO
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CSV = Path("medellin-ecv-indicadores-comuna") / "ecv_indicadores_comuna_2014_2024.csv"


def figures_json(*extra: str) -> dict[str, Any]:
    out = StringIO()
    call_command("figures", "--plan", "medellin", "--year", "2025", "--format", "json", *extra, stdout=out)
    return {f["key"]: f for f in json.loads(out.getvalue())["figures"]}


def csv_values(shared_data: Path, indicator: str, year: int) -> list[float]:
    with (shared_data / CSV).open(encoding="utf-8") as f:
        return [
            float(row["valor"])
            for row in csv.DictReader(f)
            if row["indicador"] == indicator and int(row["anio"]) == year
        ]


def cv(xs: list[float]) -> float:
    return statistics.pstdev(xs) / statistics.fmean(xs) * 100


def gini(xs: list[float]) -> float:
    return sum(abs(a - b) for a, b in product(xs, xs)) / (2 * len(xs) ** 2 * statistics.fmean(xs))


@pytest.fixture
def figures(demo_plan: Any, db: Any) -> dict[str, Any]:
    return figures_json()


@pytest.mark.parametrize(("indicator", "key", "year"), [("imcv", "ecv_imcv", 2024), ("idh", "ecv_idh", 2021)])
def test_cv_and_gini_of_the_latest_year_match_the_csv(
    figures: dict[str, Any], shared_data: Path, indicator: str, key: str, year: int
) -> None:
    xs = csv_values(shared_data, indicator, year)
    assert len(xs) == 21
    assert float(figures[f"equidad.{key}.cv"]["value"]) == pytest.approx(cv(xs), rel=1e-12)
    assert float(figures[f"equidad.{key}.gini"]["value"]) == pytest.approx(gini(xs), rel=1e-12)
    # the headline figures say which year they measure
    assert str(year) in figures[f"equidad.{key}.cv"]["label"]
    assert len(figures[f"equidad.{key}.gini"]["inputs"]) == 21


def test_every_year_is_in_the_history_and_the_trend_compares_with_the_first(
    demo_plan: Any, db: Any, shared_data: Path
) -> None:
    every = figures_json("--all")
    for year in (2014, 2019, 2021, 2024):
        xs = csv_values(shared_data, "pobreza_multidimensional", year)
        assert float(every[f"equidad.historia.ecv_ipm.{year}.cv"]["value"]) == pytest.approx(
            cv(xs), rel=1e-12
        )
    assert "equidad.historia.ecv_ipm.2020.cv" not in every  # no survey in 2020
    trend = every["equidad.ecv_ipm.tendencia_inicio"]
    change = cv(csv_values(shared_data, "pobreza_multidimensional", 2024)) - cv(
        csv_values(shared_data, "pobreza_multidimensional", 2014)
    )
    assert float(trend["value"]) == pytest.approx(change, rel=1e-9)
    assert trend["status"] == ("se cierran" if change < 0 else "se amplían")


def test_gaps_are_details_and_follow_the_indicator_direction(
    demo_plan: Any, db: Any, shared_data: Path
) -> None:
    headline, every = figures_json(), figures_json("--all")
    assert not any(k.startswith("equidad.brecha.") for k in headline)
    ipm = csv_values(shared_data, "pobreza_multidimensional", 2024)
    # IPM is decreasing (less poverty is better): Popular (01), the poorest comuna, is behind the city
    popular = every["equidad.brecha.ecv_ipm.01.ciudad"]
    assert float(popular["value"]) == pytest.approx(ipm[0] - statistics.fmean(ipm), rel=1e-12)
    assert float(popular["value"]) > 0
