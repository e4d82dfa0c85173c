"""The Excel round-trip: an agency downloads its workbook, fills it offline and uploads it back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from ssepot.reporting import actions, workbook
from ssepot.reporting.models import Assignment, AssignmentEvent
from ssepot.reporting.tests.workbook_helpers import (
    BUDGET,
    EXECUTED,
    OBSERVATION,
    PHYSICAL,
    PROGRESS,
    STATUS,
    TOTAL_ROW,
    UNIT_01_ROW,
    UNIT_02_ROW,
    VALUE,
    fill,
    items_of,
    read,
    snapshot,
)
from ssepot.reporting.workbook import WorkbookProblem, apply_workbook, build_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def sm(agencies: dict[str, Any]) -> Any:
    return agencies["movilidad"]


@pytest.fixture
def items(period: Any, catalogue: dict[str, Any]) -> dict[str, Assignment]:
    return items_of(period, catalogue)


# -- round trip ----------------------------------------------------------------------------------------------


def test_an_unchanged_workbook_reads_back_with_no_problems_and_the_same_drafts(
    period: Any, sm: Any, items: dict[str, Assignment], bob: Any
) -> None:
    saved: dict[str, dict[str, Any]] = {
        "indicator": {"values": {"": "12,5", "01": "S/D", "02": "doce"}, "observation": "Fuente: SIMM"},
        "commitment": {"status": "en_proceso", "progress": "80", "observation": ""},
        "project": {"budget": "1.200.000.000", "executed": "900000000", "physical_progress": "45,5"},
    }
    for name, draft in saved.items():
        actions.save_draft(items[name], draft, actor=bob, expected_revision=0)
    result = read(build_workbook(period, sm), period, sm)
    assert result.problems == [
        WorkbookProblem("Indicadores", UNIT_02_ROW, "Valor", result.problems[0].message)
    ]
    assert "doce" in result.problems[0].message  # the bad draft value is still bad, and still there
    actions.save_draft(
        items["indicator"],
        {"values": {"": "12,5", "01": "S/D"}, "observation": "Fuente: SIMM"},
        actor=bob,
        expected_revision=1,
    )
    result = read(build_workbook(period, sm), period, sm)
    assert result.ok, result.problems
    assert result.drafts == {a.pk: a.draft for a in Assignment.objects.filter(period=period, agency=sm)}
    before = snapshot(period)
    assert apply_workbook(result, actor=bob) == 0
    assert snapshot(period) == before


def test_values_filled_in_excel_become_the_drafts(period: Any, sm: Any, items: dict[str, Assignment]) -> None:
    data = build_workbook(period, sm)
    data = fill(
        data,
        "Indicadores",
        {
            f"{VALUE}{TOTAL_ROW}": 12.5,
            f"{VALUE}{UNIT_01_ROW}": "s/d",
            f"{VALUE}{UNIT_02_ROW}": 7,
            f"{OBSERVATION}{TOTAL_ROW}": "Fuente: SIMM",
        },
    )
    data = fill(data, "Compromisos", {f"{STATUS}2": "En proceso", f"{PROGRESS}2": 80})
    data = fill(
        data, "Proyectos", {f"{BUDGET}2": 1_200_000_000, f"{EXECUTED}2": "900000000", f"{PHYSICAL}2": 45.5}
    )
    result = read(data, period, sm)
    assert result.ok, result.problems
    assert result.drafts == {
        items["indicator"].pk: {
            "values": {"": "12.5", "01": "s/d", "02": "7"},
            "observation": "Fuente: SIMM",
        },
        items["commitment"].pk: {"status": "en_proceso", "progress": "80", "observation": ""},
        items["project"].pk: {
            "budget": "1200000000",
            "executed": "900000000",
            "physical_progress": "45.5",
            "observation": "",
        },
    }


def test_an_incomplete_workbook_is_kept_as_a_draft(
    period: Any, sm: Any, items: dict[str, Assignment]
) -> None:
    data = fill(build_workbook(period, sm), "Compromisos", {f"{STATUS}2": "En proceso"})  # no progress yet
    result = read(data, period, sm)
    assert result.ok, result.problems
    assert result.drafts[items["commitment"].pk]["status"] == "en_proceso"


def test_applying_saves_each_changed_draft_with_one_upload_event_and_a_new_revision(
    period: Any, sm: Any, items: dict[str, Assignment], bob: Any
) -> None:
    data = fill(build_workbook(period, sm), "Indicadores", {f"{VALUE}{TOTAL_ROW}": 12})
    data = fill(data, "Compromisos", {f"{STATUS}2": "Cumplido"})
    assert apply_workbook(read(data, period, sm), actor=bob) == 2
    for name in ("indicator", "commitment"):
        a = Assignment.objects.get(pk=items[name].pk)
        assert a.revision == 1 and a.state == "borrador"
        assert list(a.events.values_list("action", "actor")) == [(AssignmentEvent.Action.UPLOAD, bob.pk)]
    assert Assignment.objects.get(pk=items["indicator"].pk).draft["values"][""] == "12"
    assert Assignment.objects.get(pk=items["commitment"].pk).draft["status"] == "cumplido"
    assert Assignment.objects.get(pk=items["project"].pk).revision == 0  # unchanged: not written


# -- what the workbook looks like ----------------------------------------------------------------------------


def test_the_key_columns_are_locked_and_the_input_cells_are_not(period: Any, sm: Any) -> None:
    wb = load_workbook(io.BytesIO(build_workbook(period, sm)))
    assert wb.security.lockStructure
    for sheet in ("Indicadores", "Compromisos", "Proyectos"):
        ws = wb[sheet]
        assert ws.protection.sheet is True
        cols = workbook.columns(workbook.KIND_OF_SHEET[sheet], 2025)
        for i, col in enumerate(cols, start=1):
            assert ws.cell(row=2, column=i).protection.locked is (not col.is_input), (sheet, col.key)
    assert wb["Indicadores"][f"{OBSERVATION}{UNIT_01_ROW}"].protection.locked  # on the TOTAL row only
    meta = wb["_ssepot"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet is True


def test_the_status_column_has_a_drop_down_list_and_numbers_have_ranges(period: Any, sm: Any) -> None:
    wb = load_workbook(io.BytesIO(build_workbook(period, sm)))
    rules = {str(dv.sqref).split(":")[0][:1]: dv for dv in wb["Compromisos"].data_validations.dataValidation}
    assert rules[STATUS].type == "list" and "En proceso" in rules[STATUS].formula1
    assert (rules[PROGRESS].type, rules[PROGRESS].formula1, rules[PROGRESS].formula2) == (
        "decimal",
        "0",
        "100",
    )
    money = {str(dv.sqref)[:1]: dv for dv in wb["Proyectos"].data_validations.dataValidation}
    assert money[BUDGET].type == "custom" and "INT(" in money[BUDGET].formula1


def test_the_instructions_name_the_agency_the_period_the_deadline_and_the_version(
    period: Any, sm: Any
) -> None:
    wb = load_workbook(io.BytesIO(build_workbook(period, sm)))
    assert wb.sheetnames[0] == "Instrucciones"
    text = "\n".join(str(c.value) for c in wb["Instrucciones"]["A"] if c.value)
    for expected in (
        "Secretaría de Movilidad",
        "2025",
        "15/02/2026",
        "31/12/2025",
        f"versión de la plantilla: {workbook.TEMPLATE_VERSION}",
        "S/D",
        "bloqueadas",
    ):
        assert expected.lower() in text.lower(), expected


def test_a_disaggregated_indicator_has_a_row_per_unit_and_the_year_target(
    period: Any, sm: Any, catalogue: dict[str, Any]
) -> None:
    from ssepot.indicators.models import IndicatorTarget

    IndicatorTarget.objects.create(plan=period.plan, indicator=catalogue["indicator"], year=2025, value=40)
    ws = load_workbook(io.BytesIO(build_workbook(period, sm)))["Indicadores"]
    keys = [c.key for c in workbook.columns("indicador", 2025)]
    rows = [dict(zip(keys, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    assert [(r["code"], r["unit"], r["period"], r["target"]) for r in rows] == [
        ("POT-MOV-01", "TOTAL", "2025", 40),
        ("POT-MOV-01", "01", "2025", None),
        ("POT-MOV-01", "02", "2025", None),
    ]
