"""Bad workbooks: each is refused with a problem a planner can find, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ssepot.reporting import actions, workbook
from ssepot.reporting.models import Assignment
from ssepot.reporting.tests.workbook_helpers import (
    BUDGET,
    EXECUTED,
    OBSERVATION,
    PERIOD,
    PHYSICAL,
    PROGRESS,
    STATUS,
    TOTAL_ROW,
    UNIT_01_ROW,
    UNIT_02_ROW,
    VALUE,
    edit,
    fill,
    items_of,
    located,
    read,
    refused,
)
from ssepot.reporting.workbook import apply_workbook, build_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def sm(agencies: dict[str, Any]) -> Any:
    return agencies["movilidad"]


@pytest.fixture
def items(period: Any, catalogue: dict[str, Any]) -> dict[str, Assignment]:
    return items_of(period, catalogue)


@pytest.fixture
def blank(period: Any, sm: Any) -> bytes:
    return build_workbook(period, sm)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook's zip with one more part."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


# -- cells ---------------------------------------------------------------------------------------------------


def test_text_in_a_number_cell_names_sheet_row_column_and_what_it_says(
    period: Any, sm: Any, blank: bytes, bob: Any
) -> None:
    data = fill(blank, "Indicadores", {f"{VALUE}{UNIT_01_ROW}": "doce"})
    data = fill(data, "Proyectos", {f"{BUDGET}2": "mil millones"})
    problems = refused(data, period, sm, bob)
    assert "número" in located(problems, "Indicadores", UNIT_01_ROW, "Valor")
    assert "«doce»" in located(problems, "Indicadores", UNIT_01_ROW, "Valor")
    assert "mil millones" in located(problems, "Proyectos", 2, "Presupuesto (COP)")
    assert str(problems[0]).startswith("hoja 'Indicadores', fila 3, columna 'Valor': ")


def test_every_problem_of_the_workbook_is_listed_at_once(
    period: Any, sm: Any, blank: bytes, bob: Any
) -> None:
    data = fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": "doce", f"{VALUE}{UNIT_02_ROW}": "=1+1"})
    data = fill(data, "Compromisos", {f"{PROGRESS}2": 150})
    data = fill(data, "Proyectos", {f"{BUDGET}2": -5, f"{EXECUTED}2": 12.5, f"{PHYSICAL}2": 101})
    problems = refused(data, period, sm, bob)
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Indicadores", TOTAL_ROW, "Valor"),
        ("Indicadores", UNIT_02_ROW, "Valor"),
        ("Compromisos", 2, "Avance (%)"),
        ("Proyectos", 2, "Presupuesto (COP)"),
        ("Proyectos", 2, "Ejecutado (COP)"),
        ("Proyectos", 2, "Avance físico (%)"),
    ]


def test_values_out_of_range_are_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    data = fill(blank, "Compromisos", {f"{STATUS}2": "Cumplido", f"{PROGRESS}2": 150})
    data = fill(data, "Proyectos", {f"{BUDGET}2": -5, f"{EXECUTED}2": 12.5})
    problems = refused(data, period, sm, bob)
    assert "entre 0 y 100" in located(problems, "Compromisos", 2, "Avance (%)")
    assert "negativo" in located(problems, "Proyectos", 2, "Presupuesto (COP)")
    assert "sin decimales" in located(problems, "Proyectos", 2, "Ejecutado (COP)")


def test_a_status_not_in_the_list_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    problems = refused(fill(blank, "Compromisos", {f"{STATUS}2": "Casi listo"}), period, sm, bob)
    assert "estado" in located(problems, "Compromisos", 2, "Estado del compromiso")


def test_a_formula_cell_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    data = fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": "=SUM(I3:I4)"})
    assert "fórmula" in located(refused(data, period, sm, bob), "Indicadores", TOTAL_ROW, "Valor")


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+57 300 000", "@SUM(A1)", "-cmd|' /C calc'!A0"])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, text: str
) -> None:
    data = fill(blank, "Indicadores", {f"{OBSERVATION}{TOTAL_ROW}": text}, as_text=True)
    data = fill(data, "Compromisos", {f"{STATUS}2": text}, as_text=True)
    problems = refused(data, period, sm, bob)
    assert f"«{text[0]}»" in located(problems, "Indicadores", TOTAL_ROW, "Observación")
    assert "fórmula" in located(problems, "Compromisos", 2, "Estado del compromiso")


def test_a_plain_negative_number_is_not_taken_for_a_formula(
    period: Any, sm: Any, blank: bytes, items: dict[str, Assignment]
) -> None:
    result = read(
        fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": "-3,5", f"{VALUE}{UNIT_01_ROW}": -2}), period, sm
    )
    assert result.ok, result.problems
    assert result.drafts[items["indicator"].pk]["values"] == {"": "-3,5", "01": "-2", "02": ""}


def test_an_observation_on_a_unit_row_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    data = fill(blank, "Indicadores", {f"{OBSERVATION}{UNIT_01_ROW}": "va en el total"})
    assert "TOTAL" in located(refused(data, period, sm, bob), "Indicadores", UNIT_01_ROW, "Observación")


# -- key columns ---------------------------------------------------------------------------------------------


def test_an_unknown_assignment_id_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, items: dict[str, Assignment]
) -> None:
    data = fill(blank, "Compromisos", {"A2": 999999})
    assert "999999" in located(refused(data, period, sm, bob), "Compromisos", 2, "Asignación")


def test_a_changed_item_code_or_unit_code_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    data = fill(blank, "Proyectos", {"B2": "P-999"})
    data = fill(data, "Indicadores", {f"C{UNIT_02_ROW}": "99"})
    problems = refused(data, period, sm, bob)
    assert "P-999" in located(problems, "Proyectos", 2, "Código")
    assert "99" in located(problems, "Indicadores", UNIT_02_ROW, "Código unidad")


def test_a_row_added_for_another_agencys_item_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, items: dict[str, Assignment]
) -> None:
    theirs = items["edu_indicator"]
    data = fill(blank, "Indicadores", {"A6": theirs.pk, "B6": "POT-EQU-01", "C6": "TOTAL", f"{VALUE}6": 3})
    message = located(refused(data, period, sm, bob), "Indicadores", 6, "Asignación")
    assert "SM" in message and "no agregue filas" in message


def test_a_duplicated_row_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, items: dict[str, Assignment]
) -> None:
    copy = {"A6": items["indicator"].pk, "B6": "POT-MOV-01", "C6": "01", f"{PERIOD}6": "2025", f"{VALUE}6": 4}
    message = located(
        refused(fill(blank, "Indicadores", copy), period, sm, bob), "Indicadores", 6, "Asignación"
    )
    assert f"fila {UNIT_01_ROW}" in message


def test_changing_an_item_already_submitted_is_refused_on_its_row(
    period: Any, sm: Any, bob: Any, items: dict[str, Assignment]
) -> None:
    a = actions.save_draft(items["commitment"], {"status": "cumplido"}, actor=bob, expected_revision=0)
    actions.submit(a, actor=bob, expected_revision=a.revision)
    data = build_workbook(period, sm)
    unchanged = read(fill(data, "Indicadores", {f"{VALUE}{TOTAL_ROW}": 3}), period, sm)
    assert unchanged.ok and items["commitment"].pk not in unchanged.drafts  # the same values: no problem
    problems = refused(
        fill(data, "Compromisos", {f"{STATUS}2": "En proceso", f"{PROGRESS}2": 50}), period, sm, bob
    )
    assert "Enviado" in located(problems, "Compromisos", 2, None)


# -- the workbook as a whole ---------------------------------------------------------------------------------


def test_a_workbook_of_another_agency_is_refused(period: Any, agencies: dict[str, Any], bob: Any) -> None:
    data = fill(build_workbook(period, agencies["edu"]), "Indicadores", {f"{VALUE}2": 5})
    problems = refused(data, period, agencies["movilidad"], bob)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("_ssepot", None, None)]
    assert "dependencia EDU" in problems[0].message


def test_a_workbook_of_another_period_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, alice: Any
) -> None:
    next_year = actions.open_period(
        period.plan, 2026, dt.date(2026, 12, 31), dt.date(2027, 2, 15), actor=alice
    )
    problems = refused(blank, next_year, sm, bob)
    assert "periodo 2025" in located(problems, "_ssepot", None, None)


def test_another_template_version_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    def older(wb: Any) -> None:
        meta = wb["_ssepot"]
        [row] = [r for r in meta.iter_rows() if r[0].value == "template_version"]
        row[1].value = "0"

    message = located(refused(edit(blank, older), period, sm, bob), "_ssepot", None, None)
    assert "versión «0»" in message and "descargue" in message


def test_a_workbook_without_the_control_sheet_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any
) -> None:
    def remove(wb: Any) -> None:
        del wb["_ssepot"]

    assert "hoja de control" in located(refused(edit(blank, remove), period, sm, bob), "_ssepot", None, None)


def test_a_workbook_for_a_closed_period_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, alice: Any
) -> None:
    actions.close_period(period, actor=alice)
    assert "no está abierto" in located(refused(blank, period, sm, bob), "", None, None)


def test_xml_with_entity_declarations_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>'
    data = with_part(blank, "xl/custom.xml", laughs)
    assert "XML" in located(refused(data, period, sm, bob), "", None, None)


def test_a_file_that_is_not_a_workbook_is_refused(period: Any, sm: Any, bob: Any) -> None:
    for data in (b"Assignment,Valor\n1,2\n", b"PK\x03\x04 broken"):
        assert ".xlsx" in located(refused(data, period, sm, bob), "", None, None)


def test_an_encrypted_or_old_xls_file_is_refused(period: Any, sm: Any, bob: Any) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "contraseña" in located(refused(ole, period, sm, bob), "", None, None)


def test_a_macro_enabled_workbook_is_refused(period: Any, sm: Any, blank: bytes, bob: Any) -> None:
    data = with_part(blank, "xl/vbaProject.bin", b"\x00" * 64)
    assert "macros" in located(refused(data, period, sm, bob), "", None, None)


def test_a_zip_bomb_is_refused_before_it_is_decompressed(
    period: Any, sm: Any, blank: bytes, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", b"<Types/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(64):
                part.write(bytes(1024 * 1024))  # 64 MB of zeros
    data = out.getvalue()
    assert len(data) < 200 * 1024  # small on disk
    monkeypatch.setattr(workbook, "load_workbook", lambda *a, **k: pytest.fail("the bomb was opened"))
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: pytest.fail("a part was decompressed"))
    message = located(refused(data, period, sm, bob), "", None, None)
    assert "bomba de compresión" in message


def test_a_zip_that_would_decompress_above_the_limit_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    data = with_part(blank, "xl/media/image1.png", os.urandom(2 * 1024 * 1024))  # does not compress
    assert "descomprimido" in located(refused(data, period, sm, bob), "", None, None)


def test_a_zip_with_too_many_parts_is_refused(
    period: Any, sm: Any, blank: bytes, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_ZIP_ENTRIES", 20)
    for n in range(20):
        blank = with_part(blank, f"xl/media/image{n}.png", b"x")
    assert "partes" in located(refused(blank, period, sm, bob), "", None, None)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    period: Any, sm: Any, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("the file was opened"))
    data = b"PK" + bytes(workbook.MAX_UPLOAD_BYTES - 1)
    message = located(refused(data, period, sm, bob), "", None, None)
    assert "20 MB" in message


def test_a_200_mb_file_is_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "reporte.xlsx"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: nothing is written to disk
    problem = workbook.check_size(big.stat().st_size)
    assert problem is not None and "200 MB" in problem.message
    assert workbook.check_size(workbook.MAX_UPLOAD_BYTES) is None


# -- applying ------------------------------------------------------------------------------------------------


def test_applying_is_all_or_nothing_when_someone_saved_an_item_meanwhile(
    period: Any, sm: Any, blank: bytes, bob: Any, items: dict[str, Assignment]
) -> None:
    data = fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": 10})
    data = fill(data, "Proyectos", {f"{BUDGET}2": 500})
    result = read(data, period, sm)
    assert result.ok
    actions.save_draft(items["project"], {"budget": "700"}, actor=bob, expected_revision=0)  # the web form
    before = [(a.draft, a.revision) for a in Assignment.objects.order_by("pk")]
    with pytest.raises(actions.StaleRevision, match="P-001: Otra persona"):
        apply_workbook(result, actor=bob)
    assert [(a.draft, a.revision) for a in Assignment.objects.order_by("pk")] == before


def test_a_workbook_older_than_a_save_in_ssepot_cannot_undo_it(
    period: Any, sm: Any, blank: bytes, bob: Any, items: dict[str, Assignment]
) -> None:
    actions.save_draft(
        items["project"], {"budget": "700"}, actor=bob, expected_revision=0
    )  # after the download
    untouched = read(fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": 10}), period, sm)
    assert untouched.ok, untouched.problems  # the project's row was left as downloaded: not an edit
    assert items["project"].pk not in untouched.drafts
    assert apply_workbook(untouched, actor=bob) == 1
    assert Assignment.objects.get(pk=items["project"].pk).draft == {"budget": "700"}  # the web save stays
    data = fill(blank, "Proyectos", {f"{BUDGET}2": 500})
    assert "después de que usted descargó" in located(refused(data, period, sm, bob), "Proyectos", 2, None)


def test_a_reporter_of_another_agency_cannot_apply_the_workbook(
    period: Any, sm: Any, blank: bytes, bob: Any, charlie: Any
) -> None:
    result = read(fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": 10}), period, sm)
    assert result.ok
    with pytest.raises(actions.ActionRefused, match="dependencia responsable"):
        apply_workbook(result, actor=charlie)
    assert Assignment.objects.filter(period=period, revision__gt=0).count() == 0
