"""The values file takes a quarter or a month in its ``periodo`` column, as the indicator's frequency says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssepot.catalogue.models import Plan
from ssepot.importers.base import ImportFailed
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.batches import approve_batch

pytestmark = pytest.mark.django_db

HEADER = "codigo_indicador,vigencia,codigo_unidad,valor,periodo\n"


def indicator(plan: Plan, code: str, frequency: str) -> Indicator:
    return Indicator.objects.create(
        plan=plan, code=code, name=code, indicator_type="P", unit="u", accumulation="NoA", frequency=frequency
    )


def run(plan: Plan, tmp_path: Path, body: str, analyst: Any = None) -> object:
    path = tmp_path / "valores.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    importer = IndicatorValuesImporter(path, plan=plan)
    result = importer.run()
    if analyst is not None and importer.batch is not None:
        approve_batch(importer.batch, actor=analyst)
    return result


def test_quarter_rows_are_kept_apart_from_the_year_and_from_each_other(
    plan: Plan, tmp_path: Path, alice: Any
) -> None:
    quarterly = indicator(plan, "Q", "trimestral")
    run(plan, tmp_path, "Q,2024,,10,T1\nQ,2024,,20,2024-T2\nQ,2024,,35,\n", alice)
    rows = IndicatorValue.objects.filter(indicator=quarterly).values_list("period", "value")
    assert sorted(rows) == [(0, Decimal(35)), (1, Decimal(10)), (2, Decimal(20))]
    run(plan, tmp_path, "Q,2024,,12,T1\n", alice)
    current = IndicatorValue.objects.filter(indicator=quarterly, period=1).current().get()
    assert (current.value, current.version) == (Decimal(12), 2)


def test_a_period_that_does_not_match_the_indicator_is_refused_at_its_cell(
    plan: Plan, tmp_path: Path
) -> None:
    indicator(plan, "Q", "trimestral")
    indicator(plan, "Y", "anual")
    with pytest.raises(ImportFailed) as failed:
        run(
            plan,
            tmp_path,
            "Q,2024,,10,M03\nY,2024,,10,T1\nQ,2024,,10,2025-T1\nQ,2024,,10,T1\nQ,2024,,11,T1\n",
        )
    assert [str(p) for p in failed.value.problems] == [
        "valores.csv, fila 2, columna 'periodo': el indicador reporta con frecuencia trimestral y el periodo "
        "«M03» es mensual",
        "valores.csv, fila 3, columna 'periodo': el indicador reporta con frecuencia anual y el periodo «T1» "
        "es trimestral",
        "valores.csv, fila 4, columna 'periodo': el periodo «2025-T1» no es del año 2024 de la fila",
        "valores.csv, fila 6, columna 'codigo_indicador': el indicador 'Q', año 2024-T1 y unidad 'total' ya "
        "aparecen en la fila 5",
    ]
