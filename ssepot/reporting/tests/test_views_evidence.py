"""Evidence files: PDF, XLSX, PNG and JPEG up to 10 MB, whose content must match their extension."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from ssepot.audit.models import AuditEntry
from ssepot.reporting.models import Assignment, AssignmentEvent, Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    """Uploaded files go to a temporary folder, not the data folder."""
    settings.MEDIA_ROOT = tmp_path


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def image(kind: str) -> bytes:
    """A real picture (the evidence check reads it with Pillow)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, kind)
    return out.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")


def xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hola.txt", "no soy un libro")
    return out.getvalue()


@pytest.fixture
def a(period: Any, catalogue: Any) -> Assignment:
    return Assignment.objects.get(period=period, indicator=catalogue["indicator"])


def upload(client: Any, a: Assignment, name: str, content: bytes) -> Any:
    return client.post(
        reverse("reporting:upload_evidence", args=[a.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("acta.pdf", PDF, "application/pdf"),
        ("soporte.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("foto.PNG", PNG, "image/png"),
        ("foto.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_an_evidence_file_is_kept_with_its_hash_event_and_audit_entry(
    client: Any, a: Assignment, bob: Any, name: str, content: bytes, content_type: str
) -> None:
    client.force_login(bob)
    page = upload(client, a, name, content).text
    assert f"Evidencia «{name}» adjuntada." in page
    evidence = Evidence.objects.get(assignment=a)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        name,
        content_type,
        len(content),
    )
    assert evidence.uploaded_by == bob and evidence.file.read() == content
    assert AssignmentEvent.objects.filter(assignment=a, action="evidencia", message=name, actor=bob).exists()
    entry = AuditEntry.objects.get(action="adjuntar evidencia")
    assert entry.actor == bob and entry.reason == evidence.sha256
    assert name in page and "Adjuntó una evidencia" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("informe.pdf", b"esto es texto plano, no un PDF"),
        ("informe.pdf", PNG),
        ("foto.png", JPEG),
        ("foto.jpg", PDF),
        ("libro.xlsx", plain_zip()),
        ("libro.xlsx", b"PK\x03\x04 roto"),
        ("libro.xlsx", PDF),
    ],
)
def test_an_evidence_file_whose_content_is_not_its_extension_is_refused_and_nothing_is_stored(
    client: Any, a: Assignment, bob: Any, name: str, content: bytes
) -> None:
    client.force_login(bob)
    page = upload(client, a, name, content).text
    assert f"«{name}» no es un archivo" in page and "no corresponde a la extensión" in page
    assert not Evidence.objects.exists() and not AssignmentEvent.objects.filter(action="evidencia").exists()
    assert not AuditEntry.objects.filter(action="adjuntar evidencia").exists()


def test_other_kinds_of_file_are_refused(client: Any, a: Assignment, bob: Any) -> None:
    client.force_login(bob)
    page = upload(client, a, "programa.exe", b"MZ\x90\x00").text
    assert "solo se aceptan archivos PDF, XLSX, PNG o JPEG" in page
    assert not Evidence.objects.exists()


def test_a_file_over_10_mb_is_refused(client: Any, a: Assignment, bob: Any) -> None:
    client.force_login(bob)
    page = upload(client, a, "grande.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)).text
    assert "el máximo es 10 MB" in page
    assert not Evidence.objects.exists()


def test_a_submitted_item_takes_no_more_evidence_from_the_agency(
    client: Any, a: Assignment, bob: Any, alice: Any
) -> None:
    from ssepot.reporting import actions

    a = actions.save_draft(a, {"values": {"": "1"}}, actor=bob, expected_revision=0)
    actions.submit(a, actor=bob, expected_revision=a.revision)
    client.force_login(bob)
    assert "espere la revisión" in upload(client, a, "acta.pdf", PDF).text
    client.force_login(alice)  # the analyst may still attach what supports a correction
    assert "adjuntada" in upload(client, a, "acta.pdf", PDF).text
    assert Evidence.objects.filter(uploaded_by=alice).count() == 1
