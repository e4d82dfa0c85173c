"""Cells for CSV and XLSX files that a spreadsheet can never run as formulas (CSV injection).

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage return) is read as a
formula by Excel, LibreOffice and Google Sheets when the file is opened. Every CSV or XLSX we write goes
through these helpers, so such text is neutralised while numbers stay numbers:

``safe_cell(value) -> value``
    Text that could start a formula gets a leading apostrophe (``"=1+1"`` → ``"'=1+1"``). Numbers
    (``-5``, ``Decimal("-1.5")``), dates, ``None`` and text that is a number as the input policy reads it
    (``"-1"``, the codes for a missing value, ``"-1.234,5"``: ``ssepot.core.inputs.is_number``) are
    returned unchanged: a spreadsheet reads them as numbers, never as a formula.

``is_formula_like(value) -> bool``
    The one formula-injection rule: every export, the audit log's downloads and the agency's workbook
    (written and read back) ask it, so a generated workbook re-uploads unchanged.

``write_csv(stream, columns, rows) -> None``
    Writes a header row and the rows to a text stream with :mod:`csv`, every cell through ``safe_cell``.
    Decimals are written with a dot and dates in ISO 8601, so the file is machine-readable
    (Frictionless, CKAN); ``None`` is an empty cell.

``csv_bytes(columns, rows, *, bom=False) -> bytes``
    The same as UTF-8 bytes; ``bom=True`` prepends a byte-order mark so Excel reads the accents.

``write_xlsx(sheets) -> bytes``
    A workbook from ``{sheet title: (columns, rows)}``. Text is always stored as a text cell (openpyxl
    would otherwise store ``"=..."`` as a formula); formula-like text keeps its exact characters and is
    marked with Excel's quote prefix, so it shows as typed and never evaluates. Needs openpyxl, imported
    only when called.

This module is plain Python (no Django), like the rest of ``ssepot.core``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from io import BytesIO, StringIO
from typing import TYPE_CHECKING, TextIO, TypeGuard, TypeVar

from ssepot.core.inputs import is_number

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.styles import Font
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]
#: what a cell of ours holds (a datetime is a date)
CellValue = int | float | Decimal | dt.date | str | None
V = TypeVar("V")


def is_formula_like(value: object) -> TypeGuard[str]:
    """True for text a spreadsheet would evaluate: it starts with a formula sign and is not a number
    written without spaces ("+57 300 000" is a phone number a spreadsheet would try to compute)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    return not is_number(value) or any(c.isspace() for c in value)


def safe_cell(value: V) -> V | str:
    """The value for a CSV or XLSX cell: formula-like text gets a leading apostrophe; nothing else changes."""
    if is_formula_like(value):
        return "'" + value
    return value


def _csv_value(value: object) -> int | float | str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float | str):
        return safe_cell(value)
    return safe_cell(str(value))


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([_csv_value(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])


def csv_bytes(columns: Sequence[str], rows: Iterable[Row], *, bom: bool = False) -> bytes:
    out = StringIO()
    write_csv(out, columns, rows)
    return ("\ufeff" if bom else "").encode("utf-8") + out.getvalue().encode("utf-8")


def _xlsx_value(value: object) -> CellValue:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # NB: XLSX has no time zones; callers pass local time
    if value is None or isinstance(value, int | float | Decimal | dt.date | str):
        return value
    return str(value)


def write_xlsx(sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, (columns, rows) in sheets.items():
        sheet: WriteOnlyWorksheet = book.create_sheet(title[:31])

        def cell(value: object, font: Font | None = None, sheet: WriteOnlyWorksheet = sheet) -> Cell:
            c = WriteOnlyCell(sheet)
            # NB: as the constructor would, which openpyxl's stub types without Decimal and date
            if (stored := _xlsx_value(value)) is not None:
                c.value = stored
            if isinstance(c.value, str):
                c.data_type = "s"
                c.quotePrefix = is_formula_like(c.value)
            elif isinstance(c.value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
            if font is not None:
                c.font = font
            return c

        sheet.append([cell(c, font=bold) for c in columns])
        for row in rows:
            sheet.append([cell(v) for v in row])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
