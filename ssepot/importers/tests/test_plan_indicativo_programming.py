"""Which quarters a goal is programmed in, as a planning office writes it: a word such as «NP» in the
quarter's planned cell, or a Sí/No column per quarter. A period not programmed has a target of 0 («no
aplica»), kept apart from a blank cell (no target written) and from a number; an executed cell left blank is
not a measured zero."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ssepot.catalogue.models import Plan
from ssepot.importers.base import ImportFailed
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting.tests.batch_helpers import approve_pending

pytestmark = pytest.mark.django_db

MAPPING = """
plan_desarrollo: {identificador: pdm-2024-2027, nombre: Plan de Desarrollo Municipal, inicio: 2024, fin: 2027}
niveles:
  - {nivel: programa, codigo: Prog, nombre: Programa}
indicador: {codigo: Meta, nombre: Meta de producto, unidad: Unidad, meta_plan: Meta cuatrienio}
metas_periodo: {Prog T1: 2024-T1, Prog T2: 2024-T2, Prog T3: 2024-T3, Prog T4: 2024-T4}
logros_periodo: {Ejec T1: 2024-T1, Ejec T2: 2024-T2, Ejec T3: 2024-T3, Ejec T4: 2024-T4}
programado_periodo: {"¿Programado T1?": 2024-T1, "¿Programado T4?": 2024-T4}
codigos:
  no_programado: [NP, No programado]
"""
HEADER = [
    "Prog", "Programa", "Meta", "Meta de producto", "Unidad", "Meta cuatrienio",
    "Prog T1", "Prog T2", "Prog T3", "Prog T4", "Ejec T1", "Ejec T2", "Ejec T3", "Ejec T4",
    "¿Programado T1?", "¿Programado T4?",
]  # fmt: skip


def load(plan: Plan, tmp_path: Path, rows: list[list[Any]]) -> Any:
    (tmp_path / "pi.yml").write_text(MAPPING, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(tmp_path / "pi.xlsx")
    result = PlanIndicativoImporter(tmp_path / "pi.xlsx", plan=plan, mapping=str(tmp_path / "pi.yml")).run()
    approve_pending(plan)  # NB: the achievements are a batch; the analyst approves it
    return result


def test_not_programmed_blank_and_zero_are_three_different_things(plan: Plan, tmp_path: Path) -> None:
    rows = [
        # T1 not programmed by its Sí/No column, T2 by the word in its cell, T3 blank, T4 a written 0
        ["1", "Empleo", "M1", "Empleos", "Número", 100, None, "NP", None, 0, None, None, None, 0, "No", "Sí"],
        # every quarter programmed; T2 executed left blank, T3 executed 0
        ["1", "Empleo", "M2", "Cursos", "Número", 40, 10, 10, 10, 10, 5, None, 0, None, "Sí", "Sí"],
    ]  # fmt: skip
    result = load(plan, tmp_path, rows)
    one = Indicator.objects.get(plan=plan, code="M1")
    targets = dict(IndicatorTarget.objects.filter(indicator=one).values_list("period", "value"))
    assert targets == {1: Decimal(0), 2: Decimal(0), 4: Decimal(0)}  # T3 blank: no target at all
    assert "NP" not in one.observations  # the word is a programming fact, not a note
    assert dict(IndicatorValue.objects.filter(indicator=one).values_list("period", "value")) == {
        4: Decimal(0)
    }
    two = Indicator.objects.get(plan=plan, code="M2")
    executed = dict(IndicatorValue.objects.filter(indicator=two).values_list("period", "value"))
    assert executed == {1: Decimal(5), 3: Decimal(0)}  # T2 blank is not reported, T3's 0 is measured
    # «Sí» where the planned cell is blank is a warning with its cell
    assert not any("programado" in str(w) for w in result.warnings)
    rows[1][HEADER.index("Prog T4")] = None
    again = load(plan, tmp_path, rows)
    assert any(
        "fila 3, columna '¿Programado T4?'" in str(w) and "no tiene meta" in str(w) for w in again.warnings
    )


def test_a_period_said_not_programmed_with_a_target_is_refused_at_its_cell(
    plan: Plan, tmp_path: Path
) -> None:
    rows = [
        ["1", "Empleo", "M1", "Empleos", "Número", 100, 25, 25, 25, 25, None, None, None, None, "No", "Sí"]
    ]
    with pytest.raises(ImportFailed) as failed:
        load(plan, tmp_path, rows)
    assert any(
        "fila 2, columna '¿Programado T1?'" in str(p) and "no está programado" in str(p)
        for p in failed.value.problems
    )
    assert not Indicator.objects.filter(plan=plan).exists()
