"""Evidence files: checked by their content, not by their name, and stored with their SHA-256.

An agency proves a reported value with a PDF, a workbook or a picture. The extension says what the file
claims to be; the first bytes (or, for XLSX, the zip's table of contents) must agree, so a renamed
executable or a text file called ``informe.pdf`` is refused before anything is written. Then each kind is
checked as deeply as the agency's workbook is:

- XLSX: the workbook upload's own policy (``workbook.check_archive``): no macros, no zip bomb, no
  encryption, no DOCTYPE or entity declarations in its XML parts.
- PDF: no JavaScript, launch actions or embedded files (``ACTIVE_PDF``), in its text or in its compressed
  streams (object streams, ``/ObjStm``, hide whole dictionaries; ``/FlateDecode`` streams are inflated,
  at most ``MAX_PDF_INFLATED`` bytes in all), names with ``#xx`` escapes read as the viewer reads them
  (``/J#53`` is ``/JS``); and nothing after its end.
- PNG and JPEG: read by Pillow, which checks the structure; at most ``MAX_PIXELS`` pixels (a small file
  that decompresses into gigabytes is refused); nothing after the image's end.
- Any kind: not also a zip archive, nor HTML or script in its first bytes (a polyglot that a browser or
  another program would read as something else).

An item keeps at most ``MAX_FILES_PER_ITEM`` files and ``MAX_ITEM_BYTES`` in all.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from PIL import Image

from ssepot.audit.log import record
from ssepot.reporting import access
from ssepot.reporting.actions import ActionRefused
from ssepot.reporting.models import Assignment, AssignmentEvent, Evidence
from ssepot.reporting.workbook import check_archive

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


MAX_ITEM_BYTES = 50 * 1024 * 1024
"""50 MB of evidence per item: five scanned acts at the size limit."""
MAX_FILES_PER_ITEM = 20
MAX_PIXELS = 50_000_000
"""50 megapixels: a phone's photo has 12 to 48."""
#: PDF names that run something when the file is opened, or carry other files inside
ACTIVE_PDF = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA", b"/SubmitForm")
#: what a browser would take for a web page or a script, in a file's first bytes
MARKUP = (b"<script", b"<html", b"<!doctype html", b"<svg", b"<iframe", b"<?xml")
MAX_PDF_INFLATED = 64 * 1024 * 1024
"""64 MB: what a PDF's compressed streams may inflate to in all before it is refused as a compression bomb
(a 10 MB file of text and vector pages inflates to a few times its size)."""
TAIL_SLACK = 1024
"""Bytes allowed after a PDF's last ``%%EOF`` (scanners add line breaks or padding)."""


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
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    problem = _deep_problem(extension, data, name)
    if problem:
        raise ActionRefused(_("«%(name)s» no se aceptó: %(problem)s.") % {"name": name, "problem": problem})
    return CONTENT_TYPES[extension]


def _deep_problem(extension: str, data: bytes, name: str) -> str:
    """What makes a file of the right kind still unsafe to keep (see the module's docstring); "" if none."""
    if extension == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problems = check_archive(archive, name)
        return str(problems[0].message) if problems else ""
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _("además de %(kind)s es un archivo comprimido (ZIP); guárdelo de nuevo como %(kind)s") % {
            "kind": extension[1:].upper()
        }
    if any(tag in data[:1024].lower() for tag in MARKUP):
        return _("contiene una página web o un script al comienzo; no es un documento ni una imagen")
    if extension == ".pdf":
        try:
            found = next((n for part in _pdf_parts(data) if (n := _active_name(part))), None)
        except _TooLarge:
            return _(
                "el PDF tiene flujos comprimidos que se expanden a más de %(n)d MB (una bomba de "
                "compresión); guárdelo de nuevo como PDF"
            ) % {"n": MAX_PDF_INFLATED // 1024 // 1024}
        if found:
            return _(
                "el PDF tiene contenido activo (%(what)s); imprímalo o expórtelo de nuevo como PDF sin "
                "scripts, formularios ni adjuntos"
            ) % {"what": found.decode()}
        end = data.rfind(b"%%EOF")
        if end < 0 or len(data) - end - 5 > TAIL_SLACK:
            return _("el PDF está incompleto o tiene otros datos después de su final")
        return ""
    return _image_problem(data)


NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n")
FLATE = re.compile(rb"/(FlateDecode|Fl)(?![A-Za-z])")
IMAGE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z])")
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm(?![A-Za-z])")


INFLATE_CHUNK = 64 * 1024


class _TooLarge(Exception):
    """A PDF's streams inflate past ``MAX_PDF_INFLATED``."""


def _names_as_read(data: bytes) -> bytes:
    """``data`` with the ``#xx`` escapes of its names decoded, as a viewer reads them."""
    return NAME.sub(lambda m: ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), m[0]), data)


def _active_name(part: bytes) -> bytes | None:
    """The first of ``ACTIVE_PDF`` in a part of a PDF (its text or an inflated stream), or None."""
    text = _names_as_read(part)
    return next((n for n in ACTIVE_PDF if re.search(re.escape(n) + rb"(?![A-Za-z])", text)), None)


def _pdf_parts(data: bytes) -> Iterator[bytes]:
    """The PDF's text, then each ``/FlateDecode`` stream inflated (an object stream always; a picture's
    never, since its pixels hold no dictionaries), at most ``MAX_PDF_INFLATED`` bytes in all
    (``_TooLarge`` past it). A stream that does not inflate is checked as far as it does."""
    yield data
    budget = MAX_PDF_INFLATED
    for match in STREAM.finditer(data):
        if data[match.start() - 3 : match.start()] == b"end":
            continue  # ``endstream\n``
        head = _names_as_read(data[max(0, data.rfind(b"obj", 0, match.start())) : match.start()][-4096:])
        if not FLATE.search(head) or (IMAGE.search(head) and not OBJECT_STREAM.search(head)):
            continue
        end = data.find(b"endstream", match.end())
        source = data[match.end() : end if end >= 0 else len(data)]
        inflater, pieces = zlib.decompressobj(), []
        for start in range(0, len(source), INFLATE_CHUNK):
            try:
                # NB: at most what the budget allows: a bomb stops here, not in memory
                pieces.append(inflater.decompress(source[start : start + INFLATE_CHUNK], budget + 1))
            except zlib.error:
                break
            budget -= len(pieces[-1])
            if budget < 0:
                raise _TooLarge
            if inflater.eof:
                break
        yield b"".join(pieces)


def _image_problem(data: bytes) -> str:
    """Pillow reads the image's structure; the number of pixels and what follows the image are checked."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image_format = image.format
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("la imagen tiene demasiados píxeles (el máximo es %(n)s millones)") % {
            "n": MAX_PIXELS // 1_000_000
        }
    except Exception:  # Pillow raises many kinds for a damaged image
        return _("la imagen está dañada o no se puede leer")
    if image_format == "PNG":
        finished = data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82")
    else:
        finished = data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")
    return "" if finished else _("la imagen tiene otros datos después de su final")


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
    kept = Evidence.objects.filter(assignment=a).aggregate(n=Count("pk"), size=Sum("size"))
    if kept["n"] >= MAX_FILES_PER_ITEM:
        raise ActionRefused(
            _("El ítem ya tiene %(n)d evidencias, el máximo; quite una antes de adjuntar otra.")
            % {"n": kept["n"]}
        )
    if (kept["size"] or 0) + (upload.size or 0) > MAX_ITEM_BYTES:
        raise ActionRefused(
            _(
                "Las evidencias del ítem pasarían de %(limit)d MB (ya tiene %(size)s MB); quite alguna o "
                "adjunte archivos más livianos."
            )
            % {
                "limit": MAX_ITEM_BYTES // 1024 // 1024,
                "size": f"{(kept['size'] or 0) / 1024 / 1024:.1f}".replace(".", ","),
            }
        )
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
