"""Helpers of the Excel round-trip tests: where things are in the workbook, filling it as a planner would,
and checking that a refused upload changed nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from ssepot.audit.models import AuditEntry
from ssepot.reporting import actions, workbook
from ssepot.reporting.models import Assignment, AssignmentEvent
from ssepot.reporting.workbook import WorkbookProblem, apply_workbook, read_workbook

# Where things are in the generated workbook (row 2 is the first item; the indicator of the Secretaría de
# Movilidad is disaggregated: its TOTAL row, then comuna 01, then comuna 02).
TOTAL_ROW, UNIT_01_ROW, UNIT_02_ROW = 2, 3, 4


def letter(kind: str, key: str) -> str:
    from openpyxl.utils import get_column_letter

    keys = [c.key for c in workbook.columns(kind, 2025)]
    return get_column_letter(keys.index(key) + 1)


VALUE, OBSERVATION = letter("indicador", "value"), letter("indicador", "observation")
PERIOD = letter("indicador", "period")
STATUS, PROGRESS = letter("compromiso", "status"), letter("compromiso", "progress")
BUDGET, EXECUTED = letter("proyecto", "budget"), letter("proyecto", "executed")
PHYSICAL = letter("proyecto", "physical_progress")


def fill(data: bytes, sheet: str, cells: dict[str, Any], *, as_text: bool = False) -> bytes:
    """The workbook with ``cells`` written as a planner would in Excel (``as_text`` keeps a leading '='
    as text instead of a formula)."""
    wb = load_workbook(io.BytesIO(data))
    for coordinate, value in cells.items():
        wb[sheet][coordinate] = value
        if as_text and isinstance(value, str):
            wb[sheet][coordinate].data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def snapshot(period: Any) -> tuple[Any, ...]:
    """Everything an upload could write."""
    rows = (
        Assignment.objects.filter(period=period)
        .order_by("pk")
        .values_list("pk", "draft", "revision", "state")
    )
    return list(rows), AssignmentEvent.objects.count(), AuditEntry.objects.count()


def items_of(period: Any, catalogue: dict[str, Any]) -> dict[str, Assignment]:
    """The period's assignments of the test catalogue, by name."""
    get = Assignment.objects.get
    return {
        "indicator": get(period=period, indicator=catalogue["indicator"]),
        "commitment": get(period=period, commitment=catalogue["commitment"]),
        "project": get(period=period, project=catalogue["project"]),
        "edu_indicator": get(period=period, indicator=catalogue["edu_indicator"]),
    }


def read(data: bytes, period: Any, agency: Any) -> workbook.WorkbookResult:
    return read_workbook(data, period=period, agency=agency, filename="reporte.xlsx")


def refused(data: bytes, period: Any, agency: Any, actor: Any) -> list[WorkbookProblem]:
    """The upload's problems, after checking that it cannot be applied and that nothing changed."""
    before = snapshot(period)
    result = read(data, period, agency)
    assert not result.ok
    with pytest.raises(actions.ActionRefused):
        apply_workbook(result, actor=actor)
    assert snapshot(period) == before
    return result.problems


def located(problems: list[WorkbookProblem], sheet: str, row: int | None, column: str | None) -> str:
    """The message of the one problem at that place."""
    [found] = [p for p in problems if (p.sheet, p.row, p.column) == (sheet, row, column)]
    return found.message
