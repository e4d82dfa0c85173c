"""A document filed in the admin has its file's text read on save, in the same transaction as the
admin's audit entry; a new file is read again, an unchanged one is not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssepot.archive.models import ArchiveDocument
from ssepot.archive.tests import files
from ssepot.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form(plan: Any, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan.pk,
        "title": "Decreto reglamentario de planes parciales",
        "doc_type": "acto",
        "date": "2024-03-01",
        "is_public": "on",
        "product": "actos-reglamentarios",
        **extra,
    }


def test_the_admin_reads_the_text_of_an_uploaded_file(
    client: Any, admin_user: Any, plan: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(admin_user)
    upload = SimpleUploadedFile(
        "decreto.docx", files.docx("Artículo 1. Reglamentación de la planeación zonal.")
    )
    answer = client.post(reverse("admin:archive_archivedocument_add"), _form(plan, file=upload))
    assert answer.status_code == 302, answer.context["adminform"].form.errors if answer.context else answer
    document = ArchiveDocument.objects.get(plan=plan)
    assert "planeación zonal" in document.text and document.is_public
    assert AuditEntry.objects.filter(object_id=str(document.pk), action__startswith="admin: crear").exists()
    # the file is stored whole, not emptied by the reading
    with document.file.open("rb") as stored:
        assert stored.read().startswith(b"PK")

    replaced = SimpleUploadedFile("decreto.pdf", files.pdf("Texto nuevo del decreto"))
    url = reverse("admin:archive_archivedocument_change", args=[document.pk])
    assert client.post(url, _form(plan, file=replaced)).status_code == 302
    document.refresh_from_db()
    assert document.text == "Texto nuevo del decreto"


def test_the_admin_refuses_a_product_the_guide_does_not_have(client: Any, admin_user: Any, plan: Any) -> None:
    client.force_login(admin_user)
    answer = client.post(reverse("admin:archive_archivedocument_add"), _form(plan, product="inventado"))
    assert answer.status_code == 200 and not ArchiveDocument.objects.exists()


def test_the_command_reads_again_the_text_of_documents_filed_before(
    plan: Any, settings: Any, tmp_path: Any
) -> None:
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    document = ArchiveDocument(plan=plan, title="DTS", doc_type="dts", date="2014-12-17")
    document.file = SimpleUploadedFile("dts.pdf", files.pdf("Modelo de ocupación"))
    document.save()  # as before the expediente existed: no text read
    assert document.text == ""
    out = io.StringIO()
    call_command("read_archive_texts", plan=plan.slug, stdout=out)
    document.refresh_from_db()
    assert (
        document.text == "Modelo de ocupación"
        and "documentos leídos: 1; con texto nuevo: 1." in out.getvalue()
    )
    assert AuditEntry.objects.filter(
        object_id=str(document.pk), reason="lectura del texto del archivo"
    ).exists()
