"""Tables as CSV or XLSX downloads that a spreadsheet cannot turn into formulas.

Text a spreadsheet would run as a formula (CSV injection; the one rule is
``ssepot.core.tabular.is_formula_like``) gets a leading apostrophe in CSV; in XLSX it is written as a text
cell marked with Excel's quote prefix, so it shows as typed and never evaluates. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from ssepot.core.tabular import is_formula_like, safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | Decimal | dt.date | str):
        return value
    return str(value)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """UTF-8 with a byte-order mark, so Excel reads the accents; dates in ISO 8601, local time."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        cells = [_plain(v) for v in row]
        writer.writerow([safe_cell(v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v) for v in cells])
    return response


def xlsx_response(
    filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)

    def cell(value: Any, **style: Any) -> Any:  # an openpyxl WriteOnlyCell
        c = WriteOnlyCell(sheet, value=_plain(value))
        if isinstance(c.value, str):
            # NB: openpyxl stores a string that starts with "=" as a formula; force text, quote-prefixed.
            c.data_type = "s"
            c.quotePrefix = is_formula_like(c.value)
        if isinstance(c.value, dt.datetime):
            c.number_format = "yyyy-mm-dd hh:mm:ss"
        for key, v in style.items():
            setattr(c, key, v)
        return c

    sheet.append([cell(h, font=bold) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
