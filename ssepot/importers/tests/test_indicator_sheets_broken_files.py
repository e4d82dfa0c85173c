"""A broken sheet fails as a whole, names sheet, Excel row and column of every problem, writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ssepot.catalogue.models import Plan
from ssepot.importers.base import ImportFailed, Problem
from ssepot.importers.indicator_sheets import IndicatorSheetsImporter
from ssepot.indicators.models import Indicator

from .conftest import cell, remove_column, set_cell, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(plan: Plan, sheets_file: Path, sheet_copy: list[list[Any]]) -> list[list[Any]]:
    """The real sheet imported once, then a copy whose first indicator has a new name (must not arrive)."""
    IndicatorSheetsImporter(sheets_file, plan=plan).run()
    set_cell(sheet_copy, 2, "NombreIndicador", "NOMBRE QUE NO DEBE LLEGAR")
    return sheet_copy


@pytest.fixture
def fail(plan: Plan, write_sheet: Callable[..., Path]) -> Callable[[list[list[Any]]], list[Problem]]:
    def run(rows: list[list[Any]]) -> list[Problem]:
        before = snapshot()
        with pytest.raises(ImportFailed) as failed:
            IndicatorSheetsImporter(write_sheet(rows), plan=plan).run()
        assert snapshot() == before
        assert not Indicator.objects.filter(name="NOMBRE QUE NO DEBE LLEGAR").exists()
        return failed.value.problems

    return run


Fail = Callable[[list[list[Any]]], list[Problem]]


def test_text_in_the_target_column_is_located_exactly(rows: list[list[Any]], fail: Fail) -> None:
    set_cell(rows, 17, "MetaPlan", "cien")

    problems = fail(rows)

    assert [str(p) for p in problems] == [
        "fichas.xlsx, hoja 'Reporte_Fichas', fila 17, columna 'MetaPlan': "
        "se esperaba un número (o un código: S/D, -1, -2) y dice 'cien'"
    ]


def test_a_removed_column_is_reported_on_the_header_row(rows: list[list[Any]], fail: Fail) -> None:
    remove_column(rows, "MetaPlan")

    problems = fail(rows)

    assert [(p.file, p.sheet, p.row, p.column) for p in problems] == [
        ("fichas.xlsx", "Reporte_Fichas", 1, "MetaPlan")
    ]


def test_an_empty_indicator_code_is_a_problem(rows: list[list[Any]], fail: Fail) -> None:
    set_cell(rows, 30, "CodigoIndicador", None)

    problems = fail(rows)

    assert [(p.row, p.column, p.message) for p in problems] == [
        (30, "CodigoIndicador", "falta el código del indicador")
    ]


def test_a_duplicated_indicator_code_names_the_first_row(rows: list[list[Any]], fail: Fail) -> None:
    set_cell(rows, 40, "CodigoIndicador", cell(rows, 3, "CodigoIndicador"))

    problems = fail(rows)

    assert [(p.row, p.column) for p in problems] == [(40, "CodigoIndicador")]
    assert "fila 3" in problems[0].message


def test_an_unknown_accumulation_type_is_a_problem(rows: list[list[Any]], fail: Fail) -> None:
    set_cell(rows, 5, "FC", "Acumulativo")

    problems = fail(rows)

    assert [(p.row, p.column) for p in problems] == [(5, "FC")]
    assert "'Acumulativo'" in problems[0].message and "A, NoA, M" in problems[0].message


def test_every_problem_of_the_sheet_is_reported_at_once(rows: list[list[Any]], fail: Fail) -> None:
    set_cell(rows, 10, "LB", "mucho")
    set_cell(rows, 10, "Tipo", "X")
    set_cell(rows, 200, "Indicador", "tres")
    set_cell(rows, 811, "Sentido", "arriba")
    set_cell(rows, 500, "CodComponenteCompuesto", "9.9")

    problems = fail(rows)

    assert [(p.row, p.column) for p in problems] == [
        (10, "Tipo"),
        (10, "LB"),
        (200, "Indicador"),
        (500, "CodComponenteCompuesto"),
        (811, "Sentido"),
    ]


def test_a_missing_sheet_lists_the_sheets_the_book_has(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    path = write_sheet(sheet_copy, sheet="Hoja1")

    with pytest.raises(ImportFailed) as failed:
        IndicatorSheetsImporter(path, plan=plan).run()

    [problem] = failed.value.problems
    assert "'Reporte_Fichas'" in problem.message and "Hoja1" in problem.message


def test_a_file_that_is_not_a_workbook_is_refused(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "fichas.xlsx"
    path.write_text("CodLinea;NombreLinea\n", encoding="utf-8")

    with pytest.raises(ImportFailed) as failed:
        IndicatorSheetsImporter(path, plan=plan).run()

    assert "no es un libro de Excel" in failed.value.problems[0].message
