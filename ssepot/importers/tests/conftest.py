"""Fixtures for the importer tests: the real files, broken copies of them, and database snapshots."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from ssepot.catalogue.models import Agency, Municipality, TerritorialUnit
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.indicators.models import Indicator

SHEET = "Reporte_Fichas"


@pytest.fixture
def geojson_file(shared_data: Path) -> Path:
    return shared_data / "medellin-comunas" / "medellin_comunas_corregimientos.geojson"


@pytest.fixture
def divipola_file(shared_data: Path) -> Path:
    return shared_data / "colombia-divipola" / "DIVIPOLA.csv"


@pytest.fixture
def sheets_file(shared_data: Path) -> Path:
    return shared_data / "medellin-pdd-2020-2023" / "fichas_metodologicas_pi_2020_2023.xlsx"


@pytest.fixture
def geojson_data(geojson_file: Path) -> dict[str, Any]:
    """The real FeatureCollection, to edit into a broken copy."""
    data: dict[str, Any] = json.loads(geojson_file.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_geojson(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / "comunas.geojson"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


@functools.cache
def _sheet_rows(path: Path) -> tuple[tuple[Any, ...], ...]:
    workbook = load_workbook(path, read_only=True)
    rows = tuple(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    return rows


@pytest.fixture
def sheet_copy(sheets_file: Path) -> list[list[Any]]:
    """The real sheet's rows (header first) as an editable copy; the file is read once per session."""
    return [list(r) for r in _sheet_rows(sheets_file)]


@pytest.fixture
def write_sheet(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[list[Any]], sheet: str = SHEET, name: str = "fichas.xlsx") -> Path:
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(sheet)
        for row in rows:
            worksheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


def cell(rows: list[list[Any]], excel_row: int, column: str) -> Any:
    return rows[excel_row - 1][rows[0].index(column)]


def set_cell(rows: list[list[Any]], excel_row: int, column: str, value: Any) -> None:
    rows[excel_row - 1][rows[0].index(column)] = value


def remove_column(rows: list[list[Any]], column: str) -> None:
    index = rows[0].index(column)
    for row in rows:
        del row[index]


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row the importers write, to prove a failed import left the database exactly as it was."""
    models = [Municipality, TerritorialUnit, Agency, DevelopmentPlan, PddNode, Indicator]
    return {m.__name__: list(m._default_manager.order_by("pk").values()) for m in models}
