"""Writes of the technical archive. A document is saved with the text read from its file, in one
transaction with its audit entry (the admin's ``AuditedAdminMixin`` writes that entry for the admin's
edits; ``save_document`` writes it for every other caller)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from ssepot.archive.extraction import MAX_FILE_BYTES, extract_text
from ssepot.archive.models import ArchiveDocument
from ssepot.audit.log import record


def read_document_text(document: ArchiveDocument) -> None:
    """Fill ``text`` and ``text_note`` from the document's file (a new upload or a stored one)."""
    if not document.file:
        document.text, document.text_note = "", ""
        return
    handle = document.file
    stored = getattr(handle, "_committed", True)
    handle.open("rb")
    try:
        data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        # NB: a new upload is still to be written by the save that follows: rewind it, don't close it
        if stored:
            handle.close()
        else:
            handle.seek(0)
    extracted = extract_text(data, handle.name or "")
    document.text, document.text_note = extracted.text, extracted.note[:300]


def save_document(
    document: ArchiveDocument,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> ArchiveDocument:
    """Save a document of the archive with its text read again from its file, and audit it."""
    created = document.pk is None
    read_document_text(document)
    with transaction.atomic():
        document.save()
        record(
            "archivo: crear documento" if created else "archivo: cambiar documento",
            document,
            actor=actor,
            changes={**(changes or {}), "texto extraído (caracteres)": len(document.text)},
            reason=reason,
        )
    return document
