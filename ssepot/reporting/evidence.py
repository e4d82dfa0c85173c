"""Evidence files: checked by their content, not by their name, and stored with their SHA-256.

An agency proves a reported value with a PDF, a workbook or a picture. The extension says what the file
claims to be; the first bytes (or, for XLSX, the zip's table of contents) must agree, so a renamed
executable or a text file called ``informe.pdf`` is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ssepot.audit.log import record
from ssepot.reporting import access
from ssepot.reporting.actions import ActionRefused
from ssepot.reporting.models import Assignment, AssignmentEvent, Evidence

MAX_SIZE = 10 * 1024 * 1024
"""10 MB: a scanned act or a photo fits; a whole database dump does not."""

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def _is_xlsx(upload: UploadedFile) -> bool:
    """A zip whose table of contents names ``[Content_Types].xml`` and the ``xl/`` part. Nothing is
    extracted, so a zip bomb costs no more than reading its directory."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def check_upload(upload: UploadedFile) -> str:
    """The file's content type when it may be kept; ``ActionRefused`` with the reason otherwise."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise ActionRefused(_("«%(name)s»: solo se aceptan archivos PDF, XLSX, PNG o JPEG.") % {"name": name})
    if upload.size is None or upload.size == 0:
        raise ActionRefused(_("«%(name)s» está vacío.") % {"name": name})
    if upload.size > MAX_SIZE:
        raise ActionRefused(
            _("«%(name)s» pesa %(size)s MB; el máximo es 10 MB.")
            % {"name": name, "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
        )
    if extension == ".xlsx":
        matches = _is_xlsx(upload)
    else:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        matches = head.startswith(MAGIC[extension])
    if not matches:
        raise ActionRefused(
            _(
                "«%(name)s» no es un archivo %(kind)s aunque su nombre lo diga: "
                "su contenido no corresponde a la extensión."
            )
            % {"name": name, "kind": extension[1:].upper()}
        )
    return CONTENT_TYPES[extension]


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_evidence(assignment: Assignment, upload: UploadedFile, *, actor: User) -> Evidence:
    """Keep ``upload`` as evidence of the assignment: the agency while it may still edit its entry, or an
    analyst of the plan at any time. Records the review event and the audit entry."""
    a = Assignment.objects.select_for_update().get(pk=assignment.pk)
    reporter = access.can_report(actor, a)
    if not (reporter or access.can_review(actor, a)):
        raise ActionRefused(_("Solo la dependencia responsable o un analista adjuntan evidencias."))
    if (
        reporter
        and not access.can_review(actor, a)
        and a.state
        not in (
            Assignment.State.DRAFT,
            Assignment.State.RETURNED,
        )
    ):
        raise ActionRefused(_("El ítem ya fue enviado; espere la revisión para adjuntar más evidencias."))
    content_type = check_upload(upload)
    evidence = Evidence(
        plan_id=a.plan_id,
        assignment=a,
        original_name=PurePath(upload.name or "").name[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by=actor,
    )
    evidence.file.save(PurePath(upload.name or "evidencia").name, upload, save=False)
    evidence.save()
    AssignmentEvent.objects.create(
        plan_id=a.plan_id,
        assignment=a,
        actor=actor,
        action=AssignmentEvent.Action.EVIDENCE,
        from_state=a.state,
        to_state=a.state,
        message=evidence.original_name,
        data={"evidence": evidence.pk, "sha256": evidence.sha256},
    )
    record(
        "adjuntar evidencia",
        a,
        actor=actor,
        changes={"evidence": [None, evidence.original_name]},
        reason=evidence.sha256,
    )
    return evidence
