"""The portal's tables: shown accessibly in HTML and downloaded as CSV or XLSX from the same rows.

A view builds each table once, as plain values, and hands it to ``front/includes/table.html``::

    table = Table(
        key="valores",
        caption=_("Valores publicados"),
        columns=[Column("year", _("Vigencia"), YEAR, header=True), Column("value", _("Valor"), NUMBER, 2)],
        rows=[[2024, Decimal("92.1")], ...],
    )
    if (download := export_response(request, [table])) is not None:
        return download

``export_response`` answers ``?descargar=<key>.csv`` or ``?descargar=<key>.xlsx`` with the table's rows
(every row, not only the page shown) through ``ssepot.core.tabular``, so no cell can run as a formula, and
it tells each table the page's query string for its download links. An unknown key or format is a 404 that
says which were asked for and which exist.

In HTML, numbers follow the active language (es-CO: 5.733.749 and 92,1 %) and are right-aligned; in the
files they stay machine-readable numbers (a dot for decimals, no grouping), so a spreadsheet can add them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.core.figures import quantize
from ssepot.core.tabular import csv_bytes, write_xlsx

TEXT, NUMBER, PERCENT, MONEY, YEAR, DATE, TRAFFIC = (
    "text",
    "number",
    "percent",
    "money",
    "year",
    "date",
    "traffic",
)
NUMERIC_KINDS = frozenset({NUMBER, PERCENT, MONEY})

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOAD_PARAM = "descargar"
DOWNLOAD = re.compile(r"(?P<key>[a-z0-9][a-z0-9_-]*)\.(?P<fmt>csv|xlsx)")

#: The traffic light's words: the figure engine's codes (``ssepot.core.indicators``) as readers see them.
TRAFFIC_LABELS = {
    "verde": gettext_lazy("Verde"),
    "amarillo": gettext_lazy("Amarillo"),
    "rojo": gettext_lazy("Rojo"),
    "gris": gettext_lazy("Sin meta"),
    "NA": gettext_lazy("No aplica"),
    "ND": gettext_lazy("No disponible"),
}


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere in HTML and is plain text in the files."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    places: int | None = 0
    """Decimals shown; None shows the value as stored, without trailing zeros (an indicator's own data)."""
    header: bool = False
    """The row's header cell (``<th scope="row">``): what names the row."""

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True)
class Cell:
    """A cell as the HTML shows it."""

    text: str
    numeric: bool = False
    header: bool = False
    url: str = ""
    traffic: str = ""


def traffic_label(code: str | None) -> str:
    return str(TRAFFIC_LABELS.get(code or "ND", code or ""))


def _number(value: Decimal, places: int | None) -> str:
    if places is None:
        # 401195.000000 -> 401195 (not 4.01195E+5), 0.570000 -> 0.57
        plain = Decimal(format(value.normalize(), "f"))
        return formats.number_format(plain, use_l10n=True, force_grouping=True)
    # NB: Django's number_format cuts extra decimals; round half up first, as the figures engine does
    return formats.number_format(
        quantize(value, places), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def plain_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """A number as text in the active language, for the page's prose (``_("ND")`` without a value)."""
    return _("ND") if value is None else _number(Decimal(str(value)), places)


def display(value: Any, column: Column) -> str:
    """``value`` as text in the active language (es-CO: ``5.733.749``, ``92,1 %``, ``$ 1.200``)."""
    if value is None or value == "":
        return _("ND") if column.numeric else ""
    if isinstance(value, Link):
        return value.text
    kind = column.kind
    if kind == YEAR:
        return str(value)
    if kind in {NUMBER, PERCENT, MONEY} and isinstance(value, int | float | Decimal):
        number = _number(Decimal(value), column.places)
        if kind == PERCENT:
            return _("%(number)s %%") % {"number": number}
        if kind == MONEY:
            return _("$ %(number)s") % {"number": number}
        return number
    if kind == DATE and isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind == TRAFFIC:
        return traffic_label(str(value))
    return str(value)


def file_value(value: Any, column: Column) -> Any:
    """``value`` for a CSV or XLSX cell: numbers stay numbers, links become their text, lights their word."""
    if isinstance(value, Link):
        return value.text
    if column.kind == TRAFFIC and value is not None:
        return traffic_label(str(value))
    if isinstance(value, float):
        return Decimal(str(value))
    return value


@dataclass
class Table:
    """A table: a key (for the download's name and the element's id), a caption, columns and rows.

    ``rows`` hold plain values in the order of ``columns`` (numbers as ``int`` or ``Decimal``, dates as
    ``date``, links as ``Link``). ``paginate()`` limits the HTML to a page; the files hold every row."""

    key: str
    caption: str
    columns: Sequence[Column]
    rows: list[Any]
    note: str = ""
    empty: str = field(default_factory=lambda: _("No hay datos para mostrar."))
    page: Page | None = None
    query: str = ""

    def __post_init__(self) -> None:
        if not DOWNLOAD.fullmatch(f"{self.key}.csv"):
            raise ValueError(f"table key {self.key!r}: use lower-case letters, digits, - and _")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.key}: a row has {len(row)} cells for {len(self.columns)} columns"
                )

    def paginate(self, number: Any, per_page: int = 25) -> Page:
        """Show page ``number`` (the ``pagina`` parameter; out-of-range or junk gives the nearest page)."""
        self.page = Paginator(self.rows, per_page).get_page(number)
        return self.page

    @property
    def shown_rows(self) -> Sequence[Sequence[Any]]:
        return list(self.page.object_list) if self.page is not None else self.rows

    @property
    def html_rows(self) -> list[list[Cell]]:
        return [
            [
                Cell(
                    text=display(value, column),
                    numeric=column.numeric,
                    header=column.header,
                    url=value.url if isinstance(value, Link) else "",
                    traffic=str(value) if column.kind == TRAFFIC and value else "",
                )
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.shown_rows
        ]

    @property
    def csv_url(self) -> str:
        return self._download_url("csv")

    @property
    def xlsx_url(self) -> str:
        return self._download_url("xlsx")

    def _page_url(self, number: int) -> str:
        query = QueryDict(self.query, mutable=True)
        query["pagina"] = str(number)
        return "?" + query.urlencode()

    @property
    def previous_url(self) -> str:
        page = self.page
        return self._page_url(page.previous_page_number()) if page and page.has_previous() else ""

    @property
    def next_url(self) -> str:
        page = self.page
        return self._page_url(page.next_page_number()) if page and page.has_next() else ""

    def _download_url(self, fmt: str) -> str:
        query = QueryDict(self.query, mutable=True)
        query.pop("pagina", None)
        query[DOWNLOAD_PARAM] = f"{self.key}.{fmt}"
        return "?" + query.urlencode()

    def file_rows(self) -> Iterable[list[Any]]:
        for row in self.rows:
            yield [file_value(v, c) for v, c in zip(row, self.columns, strict=True)]

    @property
    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]


def _filename(request: HttpRequest, key: str) -> str:
    """``<page>-<key>``: the page's path as a readable name (``medellin-2024-indicadores-valores``)."""
    parts = [p for p in request.path.split("/") if p and p != "planes"]
    stem = "-".join([*parts, key])
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem)[:120]


def export_response(request: HttpRequest, tables: Sequence[Table]) -> HttpResponse | None:
    """The CSV or XLSX file ``?descargar=<key>.<csv|xlsx>`` asks for, or None when it asks for none.

    Also gives every table the page's query string, so its download links keep the active filters."""
    query = request.GET.copy()
    query.pop(DOWNLOAD_PARAM, None)
    for table in tables:
        table.query = query.urlencode()
    asked = request.GET.get(DOWNLOAD_PARAM)
    if asked is None:
        return None
    match = DOWNLOAD.fullmatch(asked)
    known = {t.key: t for t in tables}
    if match is None or match["key"] not in known:
        raise Http404(
            _("Descarga desconocida «%(asked)s»: use %(choices)s.")
            % {"asked": asked, "choices": ", ".join(f"{k}.csv, {k}.xlsx" for k in known) or "-"}
        )
    table = known[match["key"]]
    filename = _filename(request, table.key)
    if match["fmt"] == "csv":
        response = HttpResponse(
            csv_bytes(table.header, table.file_rows(), bom=True), content_type="text/csv; charset=utf-8"
        )
    else:
        title = re.sub(r"[\[\]:*?/\\]", " ", str(table.caption))[:31] or table.key
        response = HttpResponse(
            write_xlsx({title: (table.header, table.file_rows())}), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{match["fmt"]}"'
    return response
