"""Evidence files are checked as deeply as the agency's workbook (the same policy for a workbook), and an
item keeps a limited number and size of them: macros, zip bombs, XML entities, active PDFs, polyglots and
image bombs are refused with a reason, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

import pytest
from PIL import Image

from ssepot.audit.models import AuditEntry
from ssepot.reporting import evidence as policy
from ssepot.reporting.models import Assignment, Evidence
from ssepot.reporting.tests.test_views_evidence import (  # noqa: F401 (fixtures)
    JPEG,
    PDF,
    PNG,
    media,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def a(period: Any, catalogue: Any) -> Assignment:
    return Assignment.objects.get(period=period, indicator=catalogue["indicator"])


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", b"<Types/>")
        bomb.writestr("xl/workbook.xml", b"<workbook/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(64):
                part.write(bytes(1024 * 1024))  # 64 MB of zeros in a few dozen KB
    return out.getvalue()


def small_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("programa.js", "alert(1)")
    return out.getvalue()


def png_bomb() -> bytes:
    """A PNG that says it is 20000 × 20000 pixels (400 megapixels) in a few hundred bytes."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    return out.getvalue()


def pdf_with_stream(dictionary: bytes, content: bytes) -> bytes:
    """A small PDF whose object 2 is a ``/FlateDecode`` stream with ``dictionary``'s entries."""
    packed = zlib.compress(content)
    return (
        b"%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 3 0 R >> endobj\n"
        + b"2 0 obj << "
        + dictionary
        + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )


# NB: the action's dictionary only inside a compressed object stream, as PDF 1.5 writers store objects
OBJECT_STREAM_JS = pdf_with_stream(
    b"/Type /ObjStm /N 1 /First 5", b"4 0 << /Type /Action /S /JavaScript /JS (app.alert(1)) >>"
)


ENTITIES = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>'


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("libro.xlsx", with_part(xlsx(), "xl/vbaProject.bin", b"\x00" * 64), "macros"),
        ("libro.xlsx", zip_bomb(), "bomba de compresión"),
        ("libro.xlsx", with_part(xlsx(), "xl/custom.xml", ENTITIES), "declaraciones XML"),
        ("acta.pdf", PDF + small_zip(), "archivo comprimido (ZIP)"),
        ("foto.png", PNG + small_zip(), "archivo comprimido (ZIP)"),
        ("foto.jpg", JPEG + small_zip(), "archivo comprimido (ZIP)"),
        ("acta.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "script"),
        (
            "acta.pdf",
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF",
            "/JavaScript",
        ),
        ("acta.pdf", b"%PDF-1.4\n1 0 obj << /Type /EmbeddedFile >> endobj\n%%EOF\n", "/EmbeddedFile"),
        ("acta.pdf", OBJECT_STREAM_JS, "/JavaScript"),
        ("acta.pdf", pdf_with_stream(b"/Type /ObjStm /N 1 /First 5", b"4 0 << /J#53 (x) >>"), "/JS"),
        ("acta.pdf", b"%PDF-1.4\n1 0 obj << /S /L#61unch >> endobj\n%%EOF\n", "/Launch"),
        ("acta.pdf", pdf_with_stream(b"", bytes(80 * 1024 * 1024)), "bomba de compresión"),
        ("acta.pdf", b"%PDF-1.4\n1 0 obj << /S /Launch /F (calc.exe) >> endobj\n%%EOF\n", "/Launch"),
        ("acta.pdf", PDF + b"\n" + b"x" * 4096, "después de su final"),
        ("acta.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n", "incompleto"),
        ("foto.png", PNG + b"<?php system($_GET['c']); ?>", "después de su final"),
        ("foto.jpg", JPEG + b"MZ" + bytes(2048), "después de su final"),
        ("foto.png", png_bomb(), "demasiados píxeles"),
        ("foto.png", PNG[:40], "dañada"),
    ],
)
def test_an_unsafe_evidence_file_is_refused_with_its_reason_and_nothing_is_stored(
    client: Any, a: Assignment, bob: Any, name: str, content: bytes, reason: str
) -> None:
    client.force_login(bob)
    page = upload(client, a, name, content).text
    assert f"«{name}» no se aceptó" in page and reason in page
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.filter(action="adjuntar evidencia").exists()


def test_the_xlsx_evidence_check_is_the_workbook_upload_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """One policy: changing the workbook's check changes what evidence accepts."""
    from ssepot.reporting.workbook import WorkbookProblem

    refused = [WorkbookProblem("", None, None, "regla del libro")]
    monkeypatch.setattr(policy, "check_archive", lambda archive, name: refused)
    assert policy._deep_problem(".xlsx", xlsx(), "libro.xlsx") == "regla del libro"


def test_an_item_keeps_at_most_its_evidence_limit(
    client: Any, a: Assignment, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(bob)
    monkeypatch.setattr(policy, "MAX_ITEM_BYTES", 3 * len(PNG))
    for i in range(3):
        assert "adjuntada" in upload(client, a, f"foto-{i}.png", PNG).text
    page = upload(client, a, "foto-3.png", PNG).text
    assert "Las evidencias del ítem pasarían de" in page and Evidence.objects.count() == 3
    monkeypatch.setattr(policy, "MAX_ITEM_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(policy, "MAX_FILES_PER_ITEM", 3)
    page = upload(client, a, "foto-3.png", PNG).text
    assert "ya tiene 3 evidencias, el máximo" in page and Evidence.objects.count() == 3


def test_the_pdf_check_reads_inside_compressed_streams() -> None:
    """The same /JS in the file's text and only inside its object stream: refused both ways; a compressed
    page with no active names, and a picture whose pixels happen to spell one, pass."""
    assert "/JavaScript" in policy._deep_problem(".pdf", OBJECT_STREAM_JS, "acta.pdf")
    assert b"/JavaScript" not in OBJECT_STREAM_JS, "the name is only inside the compressed stream"
    page = pdf_with_stream(b"", b"BT /F1 12 Tf 72 712 Td (Acta de entrega /JSON no) Tj ET")
    assert policy._deep_problem(".pdf", page, "acta.pdf") == ""
    picture = pdf_with_stream(b"/Type /XObject /Subtype /Image /Width 4 /Height 4", b"/JS" * 20)
    assert policy._deep_problem(".pdf", picture, "acta.pdf") == ""


@pytest.mark.parametrize("name", ["acta.pdf", "foto.png", "foto.jpg", "libro.xlsx"])
def test_a_plain_document_or_picture_is_still_accepted(
    client: Any, a: Assignment, bob: Any, name: str
) -> None:
    content = {"acta.pdf": PDF, "foto.png": PNG, "foto.jpg": JPEG, "libro.xlsx": xlsx()}[name]
    client.force_login(bob)
    assert f"Evidencia «{name}» adjuntada." in upload(client, a, name, content).text
