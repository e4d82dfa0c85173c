"""A plan that programs and executes its goals by quarter, as most Colombian plans do: its workbook has a
planned and an executed column per quarter, the mapping says which quarter each is (``metas_periodo``,
``logros_periodo``), and the year's progress is the quarters combined by each goal's rule, worked out by
hand below (three quarters of 2024 executed at the cut-off of 30 September 2024)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan
from ssepot.figures import loaders
from ssepot.figures.development import development_figures
from ssepot.importers.base import ImportFailed
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting.tests.batch_helpers import approve_pending

pytestmark = pytest.mark.django_db

MAPPING = """
plan_desarrollo: {identificador: pdm-2024-2027, nombre: Plan de Desarrollo Municipal, inicio: 2024, fin: 2027}
reglas:
  nombre: trimestral
  acumulacion: {Incremento: flujo, Mantenimiento: mantenimiento, Reducción: acumulado}
  pesos: global
niveles:
  - {nivel: programa, codigo: Prog, nombre: Programa}
indicador:
  codigo: Meta
  nombre: Meta de producto
  unidad: Unidad
  acumulacion: Tipo de meta
  sentido: Sentido
  linea_base: LB
  meta_plan: Meta cuatrienio
metas_periodo:
  Programado T1: 2024-T1
  Programado T2: 2024-T2
  Programado T3: 2024-T3
  Programado T4: 2024-T4
logros_periodo:
  Ejecutado T1: 2024-T1
  Ejecutado T2: 2024-T2
  Ejecutado T3: 2024-T3
  Ejecutado T4: 2024-T4
codigos:
  acumulacion: {Incremento: Incremento, Mantenimiento: Mantenimiento, Reducción: Reducción}
  sentido: {Aumentar: C, Disminuir: D}
"""
HEADER = [
    "Prog", "Programa", "Meta", "Meta de producto", "Unidad", "Tipo de meta", "Sentido", "LB",
    "Meta cuatrienio", "Programado T1", "Programado T2", "Programado T3", "Programado T4", "Ejecutado T1",
    "Ejecutado T2", "Ejecutado T3", "Ejecutado T4",
]  # fmt: skip
ROWS = [
    ["1", "Empleo", "M1", "Empleos creados", "Número", "Incremento", "Aumentar", "0", "400",
     25, 25, 25, 25, 10, 20, 30, None],
    ["1", "Empleo", "M2", "Cobertura de acueducto", "%", "Mantenimiento", "Aumentar", "90", "90",
     90, 90, 90, 90, "81", "90", "S/D", None],
    ["1", "Empleo", "M3", "Pérdidas de agua", "%", "Reducción", "Disminuir", "50", "30",
     48, 46, 44, 42, "49", "47,5", "45", None],
]  # fmt: skip
CUTOFF = dt.date(2024, 9, 30)


def load(plan: Plan, tmp_path: Path, rows: list[list[Any]], mapping: str = MAPPING) -> Any:
    (tmp_path / "trimestral.yml").write_text(mapping, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(tmp_path / "pdm.xlsx")
    result = PlanIndicativoImporter(
        tmp_path / "pdm.xlsx", plan=plan, mapping=str(tmp_path / "trimestral.yml")
    ).run()
    approve_pending(plan)  # NB: the achievements are a batch; the analyst approves it
    return result


def test_a_workbook_by_quarter_writes_quarter_rows_and_the_year_progress_combines_them(
    plan: Plan, tmp_path: Path
) -> None:
    load(plan, tmp_path, ROWS)
    flow = Indicator.objects.get(plan=plan, code="M1")
    assert flow.frequency == Indicator.Frequency.QUARTERLY
    assert sorted(IndicatorTarget.objects.filter(indicator=flow).values_list("period", "value")) == [
        (p, Decimal(25)) for p in (1, 2, 3, 4)
    ]
    assert sorted(IndicatorValue.objects.filter(indicator=flow).values_list("period", "value")) == [
        (1, Decimal(10)), (2, Decimal(20)), (3, Decimal(30))
    ]  # fmt: skip
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    result = development_figures(pdd, 2024, CUTOFF, loaders.WORKING)
    got = {r.code: r.progress.value for r in result.indicators}
    # Incremento = flujo: (10 + 20 + 30) / 400 = 15 %
    assert got["M1"] == Decimal(15)
    # Mantenimiento: T3 reported S/D is not a value: mean compliance (81/90 + 90/90) / 2 = 0,95, as 2024's
    # value 0,95 x 90; 9 of 48 months elapsed: 9 x 0,95 / 48 = 17,8125 %
    assert got["M2"] == Decimal("17.8125")
    # Reducción = acumulado, decreasing: the last quarter reported, 45: (50 - 45) / (50 - 30) = 25 %
    assert got["M3"] == Decimal(25)
    years = loaders.indicator_series(Indicator.objects.filter(plan=plan, code="M1"), loaders.WORKING)
    assert years[flow.pk].achievements == {2024: Decimal(60)}
    assert years[flow.pk].targets == {2024: Decimal(100)}
    combined = loaders.plan_series_data(plan, loaders.WORKING).periods[flow.pk][2024]
    assert combined.partial and "3 de 4 trimestres" in combined.formula


def test_importing_the_same_workbook_twice_changes_nothing_and_a_new_quarter_is_a_new_row(
    plan: Plan, tmp_path: Path
) -> None:
    load(plan, tmp_path, ROWS)
    again = load(plan, tmp_path, ROWS)
    assert again.details["logros"] == 0
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("Ejecutado T4")] = 40
    later = load(plan, tmp_path, rows)
    assert later.details["logros"] == 1
    flow = Indicator.objects.get(plan=plan, code="M1")
    assert loaders.indicator_series([flow], loaders.WORKING)[flow.pk].achievements == {2024: Decimal(100)}


def test_a_period_written_wrong_in_the_mapping_is_named_with_its_key(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        load(plan, tmp_path, ROWS, MAPPING.replace("Ejecutado T4: 2024-T4", "Ejecutado T4: 2024-T5"))
    message = str(failed.value.problems[0])
    assert "logros_periodo" in message and "2024-T5" in message


def test_quarters_and_months_in_one_mapping_are_refused(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        load(plan, tmp_path, ROWS, MAPPING.replace("Ejecutado T4: 2024-T4", "Ejecutado T4: 2024-M12"))
    assert "trimestres y meses" in str(failed.value.problems[0])
