"""The Excel round-trip of the reporting cycle: a workbook generated for an agency, filled offline and
uploaded back.

``build_workbook`` writes an instructions sheet, one data sheet per kind of item (key columns locked, input
cells unlocked, drop-down lists and numeric validation) and a hidden, protected control sheet that names
the plan, the period, the agency and the template version. ``read_workbook`` checks the whole upload
(the file, the control sheet, every key and every input cell, through ``entries.parse``) and lists every
problem before anything is written; ``apply_workbook`` saves every draft through ``actions.save_draft`` in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from ssepot.catalogue.models import Agency, TerritorialUnit
from ssepot.commitments.models import CommitmentStatus
from ssepot.core.inputs import fold
from ssepot.core.periods import label_period
from ssepot.core.tabular import is_formula_like
from ssepot.indicators.models import IndicatorTarget
from ssepot.reporting import actions
from ssepot.reporting.entries import TOTAL, VALUE_CODES, Entry, formula_message, parse
from ssepot.reporting.models import Assignment, AssignmentEvent, ReportingPeriod

TEMPLATE_VERSION = "2"
"""Bump when the layout of the workbook changes: older workbooks are then refused."""

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 100 * 1024
"""Tiny parts compress very well without being dangerous; the ratio is checked from this size up."""
MAX_ZIP_ENTRIES = 1000
MAX_DATA_ROWS = 50_000

META_SHEET = "_ssepot"
INSTRUCTIONS_SHEET = "Instrucciones"
SHEETS = {
    Assignment.Kind.INDICATOR: "Indicadores",
    Assignment.Kind.COMMITMENT: "Compromisos",
    Assignment.Kind.PROJECT: "Proyectos",
}
"""Sheet names are part of the template (not translated), so a workbook reads back in any language."""
KIND_OF_SHEET = {sheet: kind for kind, sheet in SHEETS.items()}
TOTAL_CODE = "TOTAL"
REVISION_KEY, DRAFT_KEY = "revision:", "draft:"
"""The unit code of the city-total row of an indicator."""
EDITABLE_STATES = (Assignment.State.DRAFT, Assignment.State.RETURNED)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls files are OLE containers
_KEY_FILL = PatternFill("solid", fgColor="EDEDED")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


@dataclass
class WorkbookProblem:
    """One problem of an uploaded workbook, where a planner can find it (``sheet`` is empty for the file)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.sheet:
            place.append(_("hoja '%(sheet)s'") % {"sheet": self.sheet})
        if self.row is not None:
            place.append(_("fila %(row)d") % {"row": self.row})
        if self.column:
            place.append(_("columna '%(column)s'") % {"column": self.column})
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class WorkbookResult:
    """What an upload would save and what is wrong with it.

    ``drafts`` maps each editable assignment found in the workbook to its draft (the shape of
    ``entries``); an assignment whose values did not change keeps its current draft as it is.
    ``revisions`` are the assignments' revisions when the workbook was read: applying later refuses the
    items someone else saved in between.
    """

    drafts: dict[int, dict[str, Any]]
    problems: list[WorkbookProblem]
    filename: str
    revisions: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- the layout ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    is_input: bool = False
    is_number: bool = False
    """A number column: its text is read by the one number parser, which also refuses formula-like text."""


def columns(kind: str, year: int) -> list[Column]:
    """The columns of the data sheet of ``kind``: key columns first, then the input columns."""
    head = [Column("assignment", _("Asignación"), 12), Column("code", _("Código"), 14)]
    state = Column("state", _("Estado del ítem"), 16)
    observation = Column("observation", _("Observación"), 50, True)
    if kind == Assignment.Kind.INDICATOR:
        return [
            *head,
            Column("unit", _("Código unidad"), 14),
            Column("unit_name", _("Unidad territorial"), 24),
            Column("period", _("Periodo"), 11),
            Column("name", _("Indicador"), 50),
            Column("measure", _("Unidad de medida"), 16),
            Column("target", _("Meta del periodo"), 12),
            state,
            Column("value", _("Valor"), 14, True, is_number=True),
            observation,
        ]
    if kind == Assignment.Kind.COMMITMENT:
        return [
            *head,
            Column("name", _("Compromiso"), 60),
            state,
            Column("status", _("Estado del compromiso"), 20, True),
            Column("progress", _("Avance (%)"), 12, True, is_number=True),
            observation,
        ]
    return [
        *head,
        Column("name", _("Proyecto"), 50),
        state,
        Column("budget", _("Presupuesto (COP)"), 20, True, is_number=True),
        Column("executed", _("Ejecutado (COP)"), 20, True, is_number=True),
        Column("physical_progress", _("Avance físico (%)"), 14, True, is_number=True),
        observation,
    ]


def _item_code(a: Assignment) -> str:
    return str(getattr(a.item, "code", ""))


def _item_name(a: Assignment) -> str:
    if a.commitment is not None:
        return a.commitment.description
    return str(getattr(a.item, "name", ""))


def _assignments(period: ReportingPeriod, agency: Agency) -> list[Assignment]:
    rows = Assignment.objects.filter(period=period, agency=agency).select_related(
        "period", "indicator", "commitment", "project"
    )
    return sorted(rows, key=lambda a: (list(SHEETS).index(Assignment.Kind(a.kind)), _item_code(a), a.pk))


def _units(period: ReportingPeriod) -> list[TerritorialUnit]:
    return list(TerritorialUnit.objects.filter(plan_id=period.plan_id).order_by("code"))


def _status_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in CommitmentStatus.Status.choices}


# -- building -----------------------------------------------------------------------------------------------


def _put(cell: Any, value: Any) -> None:
    """Write a value; text is always stored as text, so a name starting with '=' never becomes a formula,
    and formula-like text is quote-prefixed as in every export (``ssepot.core.tabular``)."""
    cell.value = None if value == "" else value
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.quotePrefix = is_formula_like(cell.value)


def _period_text(year: int, label: str) -> str:
    """The period cell of an indicator's row: ``2025`` for the year's own value, ``2025-T1`` for a quarter."""
    return f"{year}-{label}" if label else str(year)


def _prefill(kind: str, draft: Mapping[str, Any], entry: Entry, unit: str | None,
             period: tuple[int, str] = (0, "")) -> dict[str, Any]:  # fmt: skip
    """The input cells of one row from the current draft: numbers as numbers, anything else as typed;
    ``period`` is an indicator's quarter or month (``(1, "T1")``), ``(0, "")`` for the year's own value."""
    bad = {p.field for p in entry.problems}

    def raw(key: str) -> str:
        value = draft.get(key)
        return "" if value is None else str(value)

    def typed(key: str, value: Any) -> Any:
        return value if value is not None and key not in bad else raw(key)

    if kind == Assignment.Kind.INDICATOR:
        assert unit is not None
        values: Any = draft.get("values") or {}
        numbers, codes, name = entry.values, entry.codes, f"values.{unit}"
        number, label = period
        if label:
            periods = draft.get("periods") if isinstance(draft.get("periods"), Mapping) else {}
            values = (periods or {}).get(label) or {}
            numbers, codes = entry.periods.get(number, {}), entry.period_codes.get(number, {})
            name = f"periods.{label}.{unit}"
        value: Any = ""
        if unit in numbers and name not in bad:
            value = numbers[unit]
        elif isinstance(values, Mapping):
            value = codes.get(unit) or str(values.get(unit) or "")
        return {"value": value, "observation": raw("observation")}
    if kind == Assignment.Kind.COMMITMENT:
        status = raw("status")
        return {
            "status": _status_labels().get(status, status),
            "progress": typed("progress", entry.progress) if raw("progress").strip() else "",
            "observation": raw("observation"),
        }
    return {
        "budget": typed("budget", entry.budget),
        "executed": typed("executed", entry.executed),
        "physical_progress": typed("physical_progress", entry.physical_progress),
        "observation": raw("observation"),
    }


def _between(low: str, high: str, error: str) -> DataValidation:
    return DataValidation(
        type="decimal", operator="between", formula1=low, formula2=high, allow_blank=True, error=error
    )


def _validations(kind: str, cols: list[Column], last_row: int) -> list[DataValidation]:
    """Drop-down lists and numeric ranges for the input columns (Excel checks them as the cell is typed;
    ``read_workbook`` checks them again, since a copy-paste skips them)."""
    letter = {c.key: get_column_letter(i) for i, c in enumerate(cols, start=1)}
    found: list[DataValidation] = []

    def add(key: str, dv: DataValidation) -> None:
        dv.showErrorMessage, dv.errorStyle, dv.errorTitle = True, "stop", _("Valor no válido")
        dv.add(f"{letter[key]}2:{letter[key]}{last_row}")
        found.append(dv)

    percent = _("Escriba un número entre 0 y 100, sin el signo %.")
    if kind == Assignment.Kind.INDICATOR:
        first = f"{letter['value']}2"
        codes = ",".join(f'{first}="{code}"' for code in VALUE_CODES)
        error = _("Escriba un número o uno de los códigos %(codes)s.") % {"codes": ", ".join(VALUE_CODES)}
        rule = f"OR(ISNUMBER({first}),{codes})"
        add("value", DataValidation(type="custom", formula1=rule, allow_blank=True, error=error))
    elif kind == Assignment.Kind.COMMITMENT:
        labels = ",".join(_status_labels().values())
        error = _("Elija un estado de la lista.")
        add("status", DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, error=error))
        add("progress", _between("0", "100", percent))
    else:
        money = _("Escriba un monto en pesos, sin decimales y no negativo.")
        for key in ("budget", "executed"):
            first = f"{letter[key]}2"  # NB: a relative reference: Excel shifts it down the column
            rule = f"AND(ISNUMBER({first}),{first}>=0,{first}=INT({first}))"
            add(key, DataValidation(type="custom", formula1=rule, allow_blank=True, error=money))
        add("physical_progress", _between("0", "100", percent))
    return found


_NUMBER_FORMATS = {"budget": "#,##0", "executed": "#,##0", "progress": "0.00", "physical_progress": "0.00"}


def _periods(a: Assignment) -> list[tuple[int, str]]:
    """The periods an item's rows ask: ``(0, "")`` (the year) for a yearly indicator or another item; each
    quarter or month begun at the cut-off for an indicator that reports by period."""
    if a.indicator is None or a.indicator.frequency == a.indicator.Frequency.YEARLY:
        return [(0, "")]
    return [(label_period(a.indicator.frequency, label), label) for label in actions.asked_periods(a)]


def _write_sheet(ws: Any, kind: str, items: list[Assignment], period: ReportingPeriod,
                 units: list[TerritorialUnit], targets: dict[tuple[int, int], Decimal]) -> None:  # fmt: skip
    cols = columns(kind, period.year)
    for i, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=i)
        _put(cell, col.title)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = col.width
    row = 1
    for a in items:
        editable = a.state in EDITABLE_STATES
        entry = parse(kind, a.draft, {u.code for u in units}, **actions.period_options(a))
        rows: list[tuple[str | None, str, str]] = [(None, "", "")]
        if a.indicator is not None:
            rows = [(TOTAL, TOTAL_CODE, _("Total de la ciudad"))]
            if a.indicator.is_disaggregated:
                rows += [(u.code, u.code, u.name) for u in units]
        # NB: an indicator that reports by quarter or month has a row per period (and unit): T1 TOTAL,
        # T1 01, ... T2 TOTAL...; the observation goes on its first row only
        for index, (unit, unit_code, unit_name, (number, label)) in enumerate(
            (*r, p) for p in _periods(a) for r in rows
        ):
            row += 1
            total = unit in (None, TOTAL)
            target = targets.get((a.indicator_id or 0, number)) if total else None
            keys: dict[str, Any] = {
                "assignment": a.pk, "code": _item_code(a), "unit": unit_code, "unit_name": unit_name,
                "period": _period_text(period.year, label), "name": _item_name(a),
                "measure": a.indicator.unit if a.indicator else "", "target": target,
                "state": a.get_state_display(),
            }  # fmt: skip
            values = {**keys, **_prefill(kind, a.draft, entry, unit, (number, label))}
            if index:
                values["observation"] = ""
            for i, col in enumerate(cols, start=1):
                cell = ws.cell(row=row, column=i)
                _put(cell, values.get(col.key))
                open_ = col.is_input and editable and not (col.key == "observation" and index)
                cell.protection = Protection(locked=not open_)
                cell.fill = _INPUT_FILL if open_ else _KEY_FILL
                cell.alignment = Alignment(wrap_text=col.width >= 40, vertical="top")
                if col.key in _NUMBER_FORMATS:
                    cell.number_format = _NUMBER_FORMATS[col.key]
    for dv in _validations(kind, cols, max(row, 2)):
        ws.add_data_validation(dv)
    ws.freeze_panes = "C2"
    ws.protection.sheet = True
    # Planners may widen columns and rows; they may not insert, delete or sort rows.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _instructions(ws: Any, period: ReportingPeriod, agency: Agency, generated_at: dt.datetime) -> None:
    codes = ", ".join(VALUE_CODES)
    lines = [
        _("SSEPOT: libro de reporte de la vigencia %(year)d") % {"year": period.year},
        "",
        _("Plan: %(plan)s") % {"plan": period.plan.name},
        _("Dependencia: %(code)s, %(name)s") % {"code": agency.code, "name": agency.name},
        _("Vigencia: %(year)d. Fecha de corte: %(cutoff)s.") % {
            "year": period.year, "cutoff": f"{period.cutoff_date:%d/%m/%Y}"},
        _("Fecha límite de reporte: %(deadline)s.") % {"deadline": f"{period.deadline:%d/%m/%Y}"},
        _("Versión de la plantilla: %(version)s. Generado: %(at)s.") % {
            "version": TEMPLATE_VERSION, "at": f"{timezone.localtime(generated_at):%d/%m/%Y %H:%M}"},
        "",
        _("Qué llenar"),
        _("• Llene solo las celdas amarillas. Un libro incompleto se puede cargar: se guarda como borrador "
          "y nada se envía a revisión hasta que usted envíe cada ítem en SSEPOT."),
        _("• Las columnas de llave (Asignación, Código, Código unidad, periodo, nombre, unidad de medida y "
          "meta) están bloqueadas: no las cambie, no agregue filas ni copie filas de otro libro."),
        _("• Los ítems ya enviados, validados o aprobados aparecen bloqueados (gris): no se cambian desde "
          "el libro."),
        _("• Hoja 'Indicadores': escriba el valor en la unidad de medida de la columna 'Unidad de medida', "
          "con coma o punto decimal. Si no tiene el número escriba un código: %(codes)s (S/D: sin dato; "
          "ND: no disponible; NA: no aplica).") % {"codes": codes},
        _("• Un indicador desagregado tiene una fila por unidad territorial (comuna o corregimiento) y una "
          "fila TOTAL para la ciudad; la observación se escribe en la primera fila TOTAL del indicador."),
        _("• Un indicador que se reporta por trimestre o por mes tiene una fila por periodo (2025-T1, "
          "2025-M03...), solo de los periodos que empezaron antes de la fecha de corte, con la meta del "
          "periodo: escriba el valor de cada periodo; SSEPOT combina el año según la regla del indicador. "
          "Un periodo sin valor queda sin reportar (no es cero)."),
        _("• Hoja 'Compromisos': elija el estado en la lista (cumplido, en proceso, sin reporte, no aplica) "
          "y el avance en porcentaje, de 0 a 100; un compromiso cumplido tiene avance 100."),
        _("• Hoja 'Proyectos': presupuesto y ejecutado en pesos colombianos, sin decimales; avance físico "
          "en porcentaje, de 0 a 100."),
        _("• No escriba fórmulas ni textos que empiecen por =, +, - o @ (un número negativo sí se puede)."),
        _("• Cargue el libro en SSEPOT, en la página de la vigencia; si algo está mal, SSEPOT le dice la "
          "hoja, la fila y la columna, y no guarda nada hasta que el libro esté bien."),
    ]  # fmt: skip
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1)
        _put(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120
    ws.protection.sheet = True


def _metadata(
    period: ReportingPeriod, agency: Agency, generated_at: dt.datetime, items: list[Assignment]
) -> dict[str, str]:
    """The control sheet: whose workbook this is, and each item's revision when it was downloaded (an
    upload must not undo what someone saved in SSEPOT after the download)."""
    return {
        "plan": period.plan.slug,
        "period_id": str(period.pk),
        "year": str(period.year),
        "agency_id": str(agency.pk),
        "agency_code": agency.code,
        "template_version": TEMPLATE_VERSION,
        "generated_at": generated_at.isoformat(),
        **{f"{REVISION_KEY}{a.pk}": str(a.revision) for a in items},
        **{f"{DRAFT_KEY}{a.pk}": json.dumps(a.draft, ensure_ascii=False) for a in items},
    }


def build_workbook(period: ReportingPeriod, agency: Agency) -> bytes:
    """The .xlsx workbook of ``agency``'s assignments of ``period``, with the current drafts filled in."""
    generated_at = timezone.now()
    items = _assignments(period, agency)
    units = _units(period)
    indicator_ids = [a.indicator_id for a in items if a.indicator_id]
    targets = {
        (indicator_id, number): value
        for indicator_id, number, value in IndicatorTarget.objects.filter(
            indicator_id__in=indicator_ids, year=period.year
        ).values_list("indicator_id", "period", "value")
    }
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new workbook always has one sheet
    _instructions(first, period, agency, generated_at)
    first.title = INSTRUCTIONS_SHEET
    for kind, sheet in SHEETS.items():
        of_kind = [a for a in items if a.kind == kind]
        if of_kind:
            _write_sheet(wb.create_sheet(sheet), kind, of_kind, period, units, targets)
    meta = wb.create_sheet(META_SHEET)
    for i, (key, value) in enumerate(_metadata(period, agency, generated_at, items).items(), start=1):
        _put(meta.cell(row=i, column=1), key)
        _put(meta.cell(row=i, column=2), value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet added, removed, renamed or unhidden
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- reading: the file --------------------------------------------------------------------------------------


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def check_size(size: int) -> WorkbookProblem | None:
    """The upload is refused above ``MAX_UPLOAD_BYTES``."""
    if size <= MAX_UPLOAD_BYTES:
        return None
    return WorkbookProblem("", None, None, _(
        "el archivo pesa %(size)s MB y el límite es %(limit)s MB: cargue solo el libro generado por SSEPOT"
    ) % {"size": _megabytes(size), "limit": _megabytes(MAX_UPLOAD_BYTES)})  # fmt: skip


def check_archive(archive: zipfile.ZipFile, filename: str) -> list[WorkbookProblem]:
    """Refuse a zip bomb, a macro-enabled or encrypted workbook, or a zip that is not a workbook, from the
    zip's directory alone, before any part is decompressed.

    NB: the declared sizes can be trusted as a ceiling because Python's zipfile stops decompressing an
    entry at its declared size, so a part that lies about its size cannot expand past the check.
    """

    def problem(message: str) -> list[WorkbookProblem]:
        return [WorkbookProblem("", None, None, message)]

    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return problem(_("el archivo tiene %(n)d partes internas; un libro de SSEPOT tiene unas pocas")
                       % {"n": len(entries)})  # fmt: skip
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        return problem(_(
            "el archivo descomprimido ocuparía %(size)s MB (el límite es %(limit)s MB): parece un archivo "
            "malicioso (bomba de compresión), no un libro de reporte"
        ) % {"size": _megabytes(total), "limit": _megabytes(MAX_UNCOMPRESSED_BYTES)})  # fmt: skip
    for e in entries:
        if e.file_size >= RATIO_CHECK_FROM_BYTES and e.file_size > MAX_COMPRESSION_RATIO * max(
            e.compress_size, 1
        ):
            return problem(_(
                "la parte «%(name)s» del archivo se comprime más de %(ratio)d a 1: parece un archivo "
                "malicioso (bomba de compresión), no un libro de reporte"
            ) % {"name": e.filename, "ratio": MAX_COMPRESSION_RATIO})  # fmt: skip
        if e.flag_bits & 0x1:
            return problem(_("el archivo está cifrado: guárdelo sin contraseña y cárguelo de nuevo"))
    names = {e.filename for e in entries}
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if (
        filename.lower().endswith((".xlsm", ".xltm"))
        or any(n.lower().endswith("vbaproject.bin") for n in names)
        or b"macroEnabled" in content_types
    ):
        return problem(_(
            "el libro tiene macros (.xlsm): SSEPOT no recibe libros con macros; use el libro .xlsx que "
            "generó SSEPOT"
        ))  # fmt: skip
    if not content_types or "xl/workbook.xml" not in names:
        return problem(_("el archivo no es un libro de Excel (.xlsx)"))
    for e in entries:
        if e.filename.endswith((".xml", ".rels")):
            with archive.open(e) as part:
                head = part.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return problem(_("el libro tiene declaraciones XML no permitidas: no es un libro de SSEPOT"))
    return []


def _check_file(data: bytes, filename: str) -> list[WorkbookProblem]:
    too_big = check_size(len(data))
    if too_big:
        return [too_big]
    if data[:8] == _OLE_MAGIC:
        return [WorkbookProblem("", None, None, _(
            "el libro está protegido con contraseña de apertura o es un .xls antiguo: guárdelo como .xlsx "
            "sin contraseña y cárguelo de nuevo"
        ))]  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return check_archive(archive, filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError):
        return [
            WorkbookProblem("", None, None, _("el archivo no es un libro de Excel (.xlsx) o está dañado"))
        ]


# -- reading: the cells -------------------------------------------------------------------------------------


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def cell_text(value: Any) -> str:
    """An input cell as the text a draft keeps: numbers without float noise, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("VERDADERO") if value else _("FALSO")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f" or (
        not isinstance(
            cell.value, str | int | float | Decimal | bool | dt.date | dt.time | dt.timedelta | type(None)
        )
    )


@dataclass
class _Row:
    sheet: str
    number: int
    assignment: Assignment
    unit: str | None  # TOTAL or a unit code for indicators, None otherwise
    inputs: dict[str, str]
    bad: set[str]  # input keys already reported (formula or injection)
    period: str = ""  # an indicator's quarter or month (T1, M03), empty for the year's own value


@dataclass
class _Reader:
    period: ReportingPeriod
    agency: Agency
    assignments: dict[int, Assignment]
    units: dict[str, TerritorialUnit]
    downloaded: dict[int, int]  # assignment id -> its revision when the workbook was downloaded
    downloaded_drafts: dict[int, dict[str, Any]]  # and its draft then
    problems: list[WorkbookProblem] = field(default_factory=list)

    def report(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(WorkbookProblem(sheet, row, column, message))

    def read_sheet(self, ws: Any, kind: str) -> list[_Row]:
        sheet, cols = SHEETS[Assignment.Kind(kind)], columns(kind, self.period.year)
        title = {c.key: c.title for c in cols}
        rows_iter = ws.iter_rows(min_row=1, max_col=len(cols))
        header = [cell_text(c.value) for c in next(rows_iter, ())]
        if header[: len(cols)] != [c.title for c in cols]:
            self.report(sheet, 1, None, _(
                "los títulos de las columnas no son los de la plantilla (se esperaba: %(titles)s): "
                "descargue el libro de nuevo"
            ) % {"titles": ", ".join(c.title for c in cols)})  # fmt: skip
            return []
        rows: list[_Row] = []
        seen: dict[tuple[int, str | None, str], int] = {}
        for number, cells in enumerate(rows_iter, start=2):
            cells = list(cells) + [None] * (len(cols) - len(cells))
            by_key = dict(zip((c.key for c in cols), cells, strict=True))
            if all(c is None or cell_text(c.value) == "" for c in cells):
                continue
            if number > MAX_DATA_ROWS:
                self.report(
                    sheet, number, None, _("la hoja tiene demasiadas filas: no es un libro de SSEPOT")
                )
                break
            row = self._keys(sheet, number, kind, by_key, title, seen)
            if row is not None:
                self._inputs(row, cols, by_key)
                rows.append(row)
        return rows

    def _keys(self, sheet: str, number: int, kind: str, cells: dict[str, Any], title: dict[str, str],
              seen: dict[tuple[int, str | None, str], int]) -> _Row | None:  # fmt: skip
        """The row's assignment and unit, or None (with a problem) when a key column was edited."""
        raw_id = cells["assignment"].value if cells["assignment"] is not None else None
        text_id = cell_text(raw_id)
        a = self.assignments.get(int(text_id)) if text_id.isdigit() else None
        if a is None or a.kind != kind:
            self.report(sheet, number, title["assignment"], _(
                "«%(id)s» no es una asignación de %(agency)s en %(year)d: no agregue filas ni cambie las "
                "columnas bloqueadas"
            ) % {"id": _short(text_id), "agency": self.agency.code, "year": self.period.year})  # fmt: skip
            return None
        code = cell_text(cells["code"].value if cells["code"] is not None else None)
        if code != _item_code(a):
            self.report(sheet, number, title["code"], _(
                "el código cambió: dice «%(found)s» y la asignación %(id)d es «%(code)s»"
            ) % {"found": _short(code), "id": a.pk, "code": _item_code(a)})  # fmt: skip
            return None
        unit: str | None = None
        if kind == Assignment.Kind.INDICATOR:
            assert a.indicator is not None
            found = cell_text(cells["unit"].value if cells["unit"] is not None else None)
            allowed = {TOTAL_CODE, *(self.units if a.indicator.is_disaggregated else ())}
            if found not in allowed:
                self.report(sheet, number, title["unit"], _(
                    "«%(unit)s» no es una unidad de este indicador (escriba TOTAL para la ciudad o el código "
                    "de una comuna o corregimiento si el indicador se desagrega)"
                ) % {"unit": _short(found)})  # fmt: skip
                return None
            unit = TOTAL if found == TOTAL_CODE else found
            asked = {_period_text(self.period.year, label): label for _n, label in _periods(a)}
            written = cell_text(cells["period"].value if cells["period"] is not None else None)
            if written not in asked:
                self.report(sheet, number, title["period"], _(
                    "«%(found)s» no es un periodo que se reporte para %(code)s (se reporta: %(asked)s): no "
                    "cambie las columnas bloqueadas"
                ) % {"found": _short(written), "code": _item_code(a), "asked": ", ".join(asked)})  # fmt: skip
                return None
            label = asked[written]
        key = (a.pk, unit, label) if kind == Assignment.Kind.INDICATOR else (a.pk, unit, "")
        first = seen.setdefault(key, number)
        if first != number:
            where = " ".join(part for part in (key[2], unit) if part)
            self.report(sheet, number, title["assignment"], _(
                "fila repetida: %(code)s%(unit)s ya está en la fila %(first)d"
            ) % {"code": _item_code(a), "unit": f" ({where})" if where else "", "first": first})  # fmt: skip
            return None
        return _Row(sheet, number, a, unit, {}, set(), key[2])

    def _inputs(self, row: _Row, cols: list[Column], cells: dict[str, Any]) -> None:
        for col in cols:
            if not col.is_input:
                continue
            cell = cells[col.key]
            value = None if cell is None else cell.value
            if cell is not None and value is not None and _is_formula(cell):
                self.report(row.sheet, row.number, col.title, _(
                    "la celda tiene una fórmula (%(formula)s): escriba el valor, no la fórmula"
                ) % {"formula": _short(str(value))})  # fmt: skip
                row.bad.add(col.key)
                row.inputs[col.key] = ""
                continue
            text = cell_text(value)
            if not col.is_number and (message := formula_message(text)) is not None:
                # a number column's text goes to the number parser, which reads "-1 000" and refuses "=1+1"
                self.report(row.sheet, row.number, col.title, message)
                row.bad.add(col.key)
            row.inputs[col.key] = text

    def draft(self, a: Assignment, rows: list[_Row]) -> tuple[dict[str, Any], dict[str, tuple[_Row, str]]]:
        """The assignment's draft from its rows, and where each draft field came from (row, input key)."""
        first = rows[0]
        where: dict[str, tuple[_Row, str]] = {}
        if a.kind == Assignment.Kind.INDICATOR:

            def texts(current: Any) -> dict[str, str]:
                found = current if isinstance(current, Mapping) else {}
                return {str(k): "" if v is None else str(v) for k, v in found.items()}

            values = texts(a.draft.get("values"))
            given = a.draft.get("periods") if isinstance(a.draft.get("periods"), Mapping) else {}
            periods = {str(label): texts(by_unit) for label, by_unit in (given or {}).items()}
            observation = str(a.draft.get("observation") or "")
            opening = (TOTAL, _periods(a)[0][1]) if _periods(a) else None
            for row in rows:
                assert row.unit is not None
                if row.period:
                    periods.setdefault(row.period, {})[row.unit] = row.inputs["value"]
                    where[f"periods.{row.period}.{row.unit}"] = (row, "value")
                else:
                    values[row.unit] = row.inputs["value"]
                    where[f"values.{row.unit}"] = (row, "value")
                if (row.unit, row.period) == opening:
                    observation = row.inputs["observation"]
                    where["observation"] = (row, "observation")
                elif row.inputs["observation"]:
                    self.report(row.sheet, row.number, _("Observación"),
                                _("la observación del indicador va en su primera fila (TOTAL)"))  # fmt: skip
            draft: dict[str, Any] = {"values": values, "observation": observation}
            if periods:
                draft["periods"] = periods
            return draft, where
        if a.kind == Assignment.Kind.COMMITMENT:
            by_label = {fold(label): value for value, label in _status_labels().items()}
            by_label.update({fold(value): value for value in _status_labels()})
            raw = first.inputs["status"]
            draft = {
                "status": by_label.get(fold(raw), raw),
                "progress": first.inputs["progress"],
                "observation": first.inputs["observation"],
            }
        else:
            draft = {k: first.inputs[k] for k in ("budget", "executed", "physical_progress", "observation")}
        return draft, {k: (first, k) for k in draft}


def _fingerprint(kind: str, draft: Mapping[str, Any], units: set[str], **options: Any) -> tuple[Any, ...]:
    """What a draft means (typed values, or the problem for what does not parse): two drafts with the
    same fingerprint say the same thing however they are written ('12,5' and 12.5). ``options``: an
    indicator's periods (``actions.period_options``)."""
    e = parse(kind, draft, units, **options)
    problems = tuple(sorted((p.field, p.message) for p in e.problems))
    return (e.values, e.codes, e.periods, e.period_codes, e.status, e.progress, e.budget, e.executed,
            e.physical_progress, e.observation, problems)  # fmt: skip


def _read_metadata(
    wb: Any, period: ReportingPeriod, agency: Agency
) -> tuple[dict[str, str], list[WorkbookProblem]]:
    def problem(message: str) -> list[WorkbookProblem]:
        return [WorkbookProblem(META_SHEET, None, None, message)]

    if META_SHEET not in wb.sheetnames:
        return {}, problem(_(
            "al libro le falta la hoja de control de SSEPOT: cargue el libro que descargó de SSEPOT, no una "
            "copia de otro libro"
        ))  # fmt: skip
    meta = {
        cell_text(key): cell_text(value)
        for key, value, *_rest in wb[META_SHEET].iter_rows(max_col=2, values_only=True)
        if key is not None
    }
    found: list[WorkbookProblem] = []
    if meta.get("template_version") != TEMPLATE_VERSION:
        found += problem(_(
            "el libro es de la versión «%(found)s» de la plantilla y la vigente es la %(current)s: descargue "
            "el libro de nuevo y copie en él sus valores"
        ) % {"found": meta.get("template_version", "?"), "current": TEMPLATE_VERSION})  # fmt: skip
    if meta.get("plan") != period.plan.slug:
        found += problem(_("el libro es de otro plan («%(plan)s»)") % {"plan": meta.get("plan", "?")})
    if meta.get("agency_id") != str(agency.pk):
        found += problem(_(
            "el libro es de la dependencia %(other)s y usted está cargando el reporte de %(agency)s: cargue "
            "el libro de su dependencia"
        ) % {"other": meta.get("agency_code", "?"), "agency": agency.code})  # fmt: skip
    if meta.get("period_id") != str(period.pk):
        found += problem(_(
            "el libro es del periodo %(other)s y usted está cargando el de %(year)d: descargue el libro de "
            "%(year)d"
        ) % {"other": meta.get("year", "?"), "year": period.year})  # fmt: skip
    return meta, found


def read_workbook(data: bytes, *, period: ReportingPeriod, agency: Agency, filename: str) -> WorkbookResult:
    """Check the whole upload and list every problem; nothing is written."""
    result = WorkbookResult(drafts={}, problems=_check_file(data, filename), filename=filename)
    if result.problems:
        return result
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        result.problems.append(
            WorkbookProblem("", None, None, _("el libro de Excel está dañado o no se puede leer"))
        )
        return result
    try:
        meta, result.problems = _read_metadata(wb, period, agency)
        if result.problems:
            return result
        if period.status != ReportingPeriod.Status.OPEN:
            result.problems.append(WorkbookProblem("", None, None, _(
                "el periodo %(year)d no está abierto: no se reciben reportes"
            ) % {"year": period.year}))  # fmt: skip
            return result
        units = _units(period)
        downloaded = {
            int(key.removeprefix(REVISION_KEY)): int(value)
            for key, value in meta.items()
            if key.startswith(REVISION_KEY) and key.removeprefix(REVISION_KEY).isdigit() and value.isdigit()
        }
        items = {a.pk: a for a in _assignments(period, agency)}
        reader = _Reader(period, agency, items, {u.code: u for u in units}, downloaded, _drafts(meta))
        rows: list[_Row] = []
        for kind, sheet in SHEETS.items():
            if sheet in wb.sheetnames:
                rows += reader.read_sheet(wb[sheet], kind)
    except Exception:  # a damaged part shows only when its rows are read
        result.problems.append(
            WorkbookProblem("", None, None, _("el libro de Excel está dañado o no se puede leer"))
        )
        return result
    finally:
        wb.close()
    _assemble(reader, rows, result)
    result.problems = reader.problems + result.problems
    return result


def _drafts(meta: Mapping[str, str]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for key, value in meta.items():
        pk = key.removeprefix(DRAFT_KEY)
        if key.startswith(DRAFT_KEY) and pk.isdigit():
            try:
                draft = json.loads(value)
            except ValueError:
                continue
            if isinstance(draft, dict):
                found[int(pk)] = draft
    return found


def _assemble(reader: _Reader, rows: list[_Row], result: WorkbookResult) -> None:
    by_assignment: dict[int, list[_Row]] = {}
    for row in rows:
        by_assignment.setdefault(row.assignment.pk, []).append(row)
    for pk, its_rows in by_assignment.items():
        a = its_rows[0].assignment
        units = set(reader.units) if a.indicator is not None and a.indicator.is_disaggregated else set()
        options = actions.period_options(a)
        draft, where = reader.draft(a, its_rows)
        for p in parse(a.kind, draft, units, **options).errors:
            row, key = where.get(p.field, (its_rows[0], ""))
            if key and (key in row.bad or not row.inputs.get(key)):
                continue  # already reported, or a blank cell: an incomplete draft is fine
            title = next((c.title for c in columns(a.kind, reader.period.year) if c.key == key), None)
            reader.report(row.sheet, row.number, title, p.message)
        if _fingerprint(a.kind, draft, units, **options) == _fingerprint(a.kind, a.draft, units, **options):
            draft = a.draft
        elif a.state not in EDITABLE_STATES:
            reader.report(its_rows[0].sheet, its_rows[0].number, None, _(
                "%(code)s está «%(state)s»: ya no se puede cambiar desde el libro (si hay que corregirlo, "
                "pida a planeación que se lo devuelva)"
            ) % {"code": _item_code(a), "state": a.get_state_display()})  # fmt: skip
            continue
        elif reader.downloaded.get(pk, a.revision) != a.revision:
            then = reader.downloaded_drafts.get(pk)
            if then is not None and _fingerprint(a.kind, draft, units, **options) == _fingerprint(
                a.kind, then, units, **options
            ):
                continue  # the planner left the item as downloaded: keep what was saved since
            reader.report(its_rows[0].sheet, its_rows[0].number, None, _(
                "alguien guardó %(code)s en SSEPOT después de que usted descargó este libro: descargue el "
                "libro de nuevo y copie en él sus valores, para no borrar lo que se guardó"
            ) % {"code": _item_code(a)})  # fmt: skip
            continue
        if a.state in EDITABLE_STATES:
            result.drafts[pk] = draft
            result.revisions[pk] = a.revision
    reader.problems.sort(key=lambda p: (_sheet_order(p.sheet), p.row or 0))


def _sheet_order(sheet: str) -> int:
    names: Sequence[str] = ["", META_SHEET, *SHEETS.values()]
    return names.index(sheet) if sheet in names else len(names)


# -- applying -----------------------------------------------------------------------------------------------


def apply_workbook(result: WorkbookResult, *, actor: User) -> int:
    """Save every changed draft of a checked workbook, all or nothing, and return how many were saved.

    Raises ``ActionRefused`` when the workbook has problems, or when any item cannot be saved (access,
    state, or someone saved it since the workbook was read): then nothing is written.
    """
    if not result.ok:
        raise actions.ActionRefused(
            _("El libro tiene problemas: corríjalos y cárguelo de nuevo; no se guardó nada."), result.problems
        )
    saved = 0
    with transaction.atomic():
        items = Assignment.objects.select_related("indicator", "commitment", "project").in_bulk(
            list(result.drafts)
        )
        for pk, draft in sorted(result.drafts.items()):
            a = items.get(pk)
            if a is None:
                raise actions.ActionRefused(_("Un ítem del libro ya no existe: descargue el libro de nuevo."))
            if a.draft == draft:
                continue
            try:
                revision = result.revisions.get(pk, a.revision)
                upload = AssignmentEvent.Action.UPLOAD
                actions.save_draft(a, draft, actor=actor, expected_revision=revision, action=upload)
            except actions.ActionRefused as exc:
                raise type(exc)(f"{_item_code(a)}: {exc.message}", exc.problems) from exc
            saved += 1
    return saved


def problems_text(problems: Iterable[WorkbookProblem]) -> str:
    """Every problem on its own line, as a planner reads them."""
    return "\n".join(str(p) for p in problems)
