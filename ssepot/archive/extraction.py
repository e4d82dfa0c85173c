"""The text inside an archive document (PDF, DOCX, XLSX), read once when the document is saved so the
expediente can search it.

Every read is bounded, since a document may come from anywhere: at most ``MAX_FILE_BYTES`` of file, the
first ``MAX_PDF_PAGES`` pages of a PDF, the workbook policy of the reporting uploads for an XLSX
(``ssepot.reporting.workbook.check_archive``: no zip bomb, macros or XML entities) and its first
``MAX_CELLS`` cells, one declared-size-checked part of a DOCX (``word/document.xml``, read as text with a
pattern, never through an XML parser), and ``MAX_TEXT_CHARS`` characters kept. A file that cannot be read
keeps no text and a note that says why, in Spanish; saving the document never fails because of it.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils import formats
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_CELLS = 200_000
MAX_DOCX_XML_BYTES = 30 * 1024 * 1024
MAX_TEXT_CHARS = 500_000

# NB: control characters would break the highlight markers (``ssepot.archive.search``) and PostgreSQL
# refuses NUL: everything below a space but tab and newline goes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _grouped(n: int) -> str:
    return formats.number_format(n, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str  # empty when the text was read whole


def _tidy(text: str) -> tuple[str, bool]:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    text = _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    return text[:MAX_TEXT_CHARS], len(text) > MAX_TEXT_CHARS


def _pdf(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return "", _("el PDF está cifrado")
    pages = reader.pages
    texts = [pages[i].extract_text() or "" for i in range(min(len(pages), MAX_PDF_PAGES))]
    note = (
        _("se leyeron las primeras %(n)d páginas") % {"n": MAX_PDF_PAGES}
        if len(pages) > MAX_PDF_PAGES
        else ""
    )
    if not any(t.strip() for t in texts):
        note = _("el PDF no tiene texto (¿una imagen escaneada?)")
    return "\n\n".join(texts), note


_PARAGRAPH_END = re.compile(r"</w:p>|<w:br/>|<w:tab/>")
_RUN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _docx(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            info = package.getinfo("word/document.xml")
        except KeyError:
            return "", _("el archivo no es un documento de Word (.docx)")
        if info.file_size > MAX_DOCX_XML_BYTES or info.flag_bits & 0x1:
            return "", _("el documento de Word es demasiado grande o está cifrado")
        # NB: zipfile stops at the declared size, so a part that lies about it cannot expand past the check
        xml = package.read(info).decode("utf-8", errors="replace")
    paragraphs = [
        "".join(html.unescape(t) for t in _RUN_TEXT.findall(chunk)) for chunk in _PARAGRAPH_END.split(xml)
    ]
    return "\n".join(p for p in paragraphs if p), ""


def _xlsx(data: bytes, name: str) -> tuple[str, str]:
    from openpyxl import load_workbook

    from ssepot.reporting.workbook import check_archive

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        problems = check_archive(package, name)
    if problems:
        return "", problems[0].message
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines, cells, note = [], 0, ""
    try:
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                values = [str(v) for v in row if v is not None and str(v).strip()]
                cells += len(row)
                if values:
                    lines.append(" ".join(values))
                if cells > MAX_CELLS:
                    note = _("se leyeron las primeras %(n)s celdas") % {"n": _grouped(MAX_CELLS)}
                    break
            if note:
                break
    finally:
        book.close()
    return "\n".join(lines), note


def extract_text(data: bytes, name: str) -> Extracted:
    """The text of a file named ``name`` (its extension decides how it is read)."""
    suffix = PurePath(name).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        return Extracted(
            "", _("el archivo pesa más de %(mb)d MB: no se leyó su texto") % {"mb": MAX_FILE_BYTES // 2**20}
        )
    try:
        if suffix == ".pdf":
            text, note = _pdf(data)
        elif suffix == ".docx":
            text, note = _docx(data)
        elif suffix == ".xlsx":
            text, note = _xlsx(data, name)
        elif suffix in (".txt", ".csv", ".md"):
            text, note = data.decode("utf-8", errors="replace"), ""
        else:
            return Extracted(
                "", _("no se lee el texto de los archivos %(ext)s") % {"ext": suffix or _("sin extensión")}
            )
    except Exception as failure:  # NB: a damaged file of any kind must not stop the document's save
        return Extracted(
            "", _("no se pudo leer el texto del archivo (%(kind)s)") % {"kind": type(failure).__name__}
        )
    tidy, cut = _tidy(text)
    if cut and not note:
        note = _("el texto se recortó a %(n)s caracteres") % {"n": _grouped(MAX_TEXT_CHARS)}
    return Extracted(tidy, note)
