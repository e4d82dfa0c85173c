"""The text inside a document is read when it is saved: PDF, DOCX and XLSX, each bounded."""

from __future__ import annotations

import io
import zipfile

from ssepot.archive import extraction
from ssepot.archive.extraction import extract_text
from ssepot.archive.tests import files


def test_pdf_text_is_read_with_its_accents() -> None:
    found = extract_text(files.pdf("Revisión del Plan de Ordenamiento: planeación zonal"), "acuerdo.pdf")
    assert "planeación zonal" in found.text and found.note == ""


def test_docx_paragraphs_are_read_in_order_and_unescaped() -> None:
    found = extract_text(files.docx("Diagnóstico territorial", "Ríos & quebradas <Medellín>"), "dx.docx")
    assert found.text.splitlines() == ["Diagnóstico territorial", "Ríos & quebradas <Medellín>"]


def test_xlsx_cells_are_read_row_by_row() -> None:
    data = files.xlsx([["Comuna", "Población"], ["Belén", 198_000]], title="Proyección")
    found = extract_text(data, "poblacion.xlsx")
    assert found.text.splitlines() == ["Proyección", "Comuna Población", "Belén 198000"]


def test_a_damaged_file_keeps_no_text_and_says_why() -> None:
    found = extract_text(b"%PDF-1.4 nothing else", "roto.pdf")
    assert found.text == "" and found.note


def test_a_kind_without_a_reader_says_so() -> None:
    found = extract_text(b"GIF89a", "plano.gif")
    assert found.text == "" and ".gif" in found.note


def test_a_docx_whose_text_part_is_too_big_is_not_decompressed(monkeypatch) -> None:
    monkeypatch.setattr(extraction, "MAX_DOCX_XML_BYTES", 100)
    found = extract_text(files.docx("x" * 500), "grande.docx")
    assert found.text == "" and found.note


def test_an_xlsx_is_held_to_the_workbook_upload_policy() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/vbaProject.bin", b"macro")
    found = extract_text(out.getvalue(), "libro.xlsx")
    assert found.text == "" and "macros" in found.note


def test_control_characters_are_dropped_and_the_text_is_cut_at_its_limit(monkeypatch) -> None:
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 10)
    found = extract_text(b"a\x02b\x03c\x00 dddddddddddd", "notas.txt")
    assert found.text == "a b c dddd" and found.note
