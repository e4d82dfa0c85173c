"""The report's Excel annex: the indicator battery (sheet, values, progress, traffic light), the commitments
table and the figures with their formulas, from the same ``Report`` as the HTML and the PDF.

Numbers are stored as numbers (percentages as fractions with a ``0.0%`` format, so a spreadsheet in Spanish
shows 92,1 %); text is always a text cell, and text that a spreadsheet would run as a formula keeps its
characters with Excel's quote prefix (``ssepot.core.tabular``), so the annex can never execute anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.core.figures import Figure
from ssepot.core.tabular import is_formula_like
from ssepot.report.builder import Report

PERCENT = "0.0%"
NUMBER = "#,##0.##"
FILLS = {
    "verde": "D1FAE5",
    "amarillo": "FEF3C7",
    "rojo": "FEE2E2",
    "gris": "E5E7EB",
    "NA": "E5E7EB",
    "ND": "E5E7EB",
}


class Pct(Decimal):
    """A percentage value (92.1) to be stored as the fraction 0.921 with a percent format."""


def _fraction(figure: Figure | None) -> Pct | None:
    if figure is None or figure.value is None:
        return None
    return Pct(Decimal(figure.value) / 100)


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Pct):
        cell.value = float(value)
        cell.number_format = PERCENT
    elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = NUMBER
    elif isinstance(value, dt.datetime):
        cell.value = timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif value is None:
        cell.value = None
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # NB: openpyxl would store "=..." as a formula otherwise
        cell.quotePrefix = is_formula_like(text)
    return cell


def _table(
    book: Any, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()
) -> Any:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    header = PatternFill("solid", fgColor="E5E7EB")
    for c, name in enumerate(columns, start=1):
        cell = _put(sheet, 1, c, name)
        cell.font = Font(bold=True)
        cell.fill = header
    n = 1
    for n, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _put(sheet, n, c, value)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(n, 1)}"
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    return sheet


def write_annex(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    readme = book.active
    assert readme is not None  # a new workbook has one sheet
    readme.title = _("Léame")[:31]
    lines: list[tuple[str, Any]] = [
        (_("Anexo del Informe de Gestión del POT"), ""),
        (_("Plan"), f"{report.plan.name} ({report.plan.act})"),
        (_("Vigencia"), report.year),
        (_("Fecha de corte"), report.cutoff.isoformat()),
        (_("Publicación de los datos"), report.label),
        (_("Generado"), report.generated_at),
        (
            _("Semáforo"),
            _(
                "verde: avance >= umbral verde de lo esperado en línea recta; rojo: por debajo del "
                "umbral rojo; amarillo: entre ambos; gris: sin meta programada; NA: meta 0; ND: sin "
                "dato al corte"
            ),
        ),
    ]
    if report.plan.is_synthetic:
        lines.append((_("Atención"), _("Datos sintéticos de demostración.")))
    for r, (label, value) in enumerate(lines, start=1):
        _put(readme, r, 1, label).font = Font(bold=True)
        _put(readme, r, 2, value)
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 90

    f = report.figures
    battery = _table(
        book,
        _("Indicadores"),
        [
            _("Código"),
            _("Indicador"),
            _("Subsistema"),
            _("Tipo"),
            _("Unidad de medida"),
            _("Sentido"),
            _("Tipo de acumulación (FC)"),
            _("Línea base"),
            _("Meta del plan"),
            _("Dependencia responsable"),
            _("Fuente"),
            _("Fórmula"),
            _("Meta %(year)s") % {"year": report.year},
            _("Logro %(year)s") % {"year": report.year},
            _("Cumplimiento del año"),
            _("Avance"),
            _("Semáforo"),
        ],
        [
            [
                i.code,
                i.name,
                i.subsystem,
                *[
                    dict(i.fields).get(k, "")
                    for k in (
                        _("Tipo"),
                        _("Unidad de medida"),
                        _("Sentido"),
                        _("Tipo de acumulación (FC)"),
                        _("Línea base"),
                        _("Meta del plan"),
                        _("Dependencia responsable"),
                        _("Fuente"),
                        _("Fórmula"),
                    )
                ],
                *_year_values(i.rows, report.year),
                _fraction(f.get(i.compliance_key)),
                _fraction(f.get(i.progress_key)),
                i.light_label,
            ]
            for i in report.indicators
        ],
        widths=(14, 50, 22, 12, 18, 12, 14, 14, 14, 30, 30, 40, 12, 12, 14, 12, 16),
    )
    light_column = 17
    for row, sheet_row in enumerate(report.indicators, start=2):
        colour = FILLS.get(sheet_row.light)
        if colour:
            battery.cell(row=row, column=light_column).fill = PatternFill("solid", fgColor=colour)
    _table(
        book,
        _("Metas y logros"),
        [_("Código"), _("Vigencia"), _("Meta"), _("Logro")],
        [[i.code, year, target, value] for i in report.indicators for year, target, value in i.rows],
        widths=(14, 10, 16, 16),
    )
    _table(
        book,
        _("Compromisos"),
        [
            _("Código"),
            _("Compromiso"),
            _("Horizonte"),
            _("Tipología"),
            _("Subsistema"),
            _("Dependencia"),
            _("Estado"),
            _("Avance"),
        ],
        [
            [
                c["code"],
                c["description"],
                c["horizon"],
                c["typology"],
                c["subsystem"],
                c["agency"],
                c["status"],
                None if c["progress"] is None else Pct(Decimal(c["progress"]) / 100),
            ]
            for c in report.commitments
        ],
        widths=(10, 70, 16, 16, 26, 16, 14, 10),
    )
    _table(
        book,
        _("Cifras"),
        [_("Clave"), _("Cifra"), _("Valor"), _("Unidad"), _("Estado"), _("Fórmula"), _("Método")],
        [
            [k, fig.label, fig.value, fig.unit, fig.status, fig.formula, fig.method]
            for k, fig in f.items()
            if k in report.used
        ],
        widths=(40, 60, 16, 14, 10, 80, 60),
    )
    if report.corrections:
        _table(
            book,
            _("Correcciones posteriores"),
            [_("Dato"), _("Antes"), _("Después"), _("Motivo"), _("Quién"), _("Cuándo"), _("Publicación")],
            [[c.what, c.before, c.after, c.why, c.who, c.when, c.release] for c in report.corrections],
            widths=(36, 20, 20, 50, 20, 18, 12),
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _year_values(rows: Sequence[tuple[int, Decimal | None, Decimal | None]], year: int) -> list[Any]:
    for y, target, value in rows:
        if y == year:
            return [target, value]
    return [None, None]
