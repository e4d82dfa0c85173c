"""Evidence files are checked as deeply as the agency's workbook (the same policy for a workbook), and an
item keeps a limited number and size of them: macros, zip bombs, XML entities, active PDFs, polyglots and
image bombs are refused with a reason, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
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


@pytest.mark.parametrize("name", ["acta.pdf", "foto.png", "foto.jpg", "libro.xlsx"])
def test_a_plain_document_or_picture_is_still_accepted(
    client: Any, a: Assignment, bob: Any, name: str
) -> None:
    content = {"acta.pdf": PDF, "foto.png": PNG, "foto.jpg": JPEG, "libro.xlsx": xlsx()}[name]
    client.force_login(bob)
    assert f"Evidencia «{name}» adjuntada." in upload(client, a, name, content).text
