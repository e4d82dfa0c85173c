"""Any municipality's development-plan workbook (plan indicativo), read through a YAML column mapping.

The mapping says which sheet and header row to read, which columns hold the levels of the plan (line >
component > program, any names), which hold each field of the indicator's technical sheet, how the
workbook writes its coded values (type, accumulation, direction) and which columns to ignore. Another
municipality's workbook loads with a new mapping file and no code. Every column of the header must be
mapped or ignored: an unmapped column, a mapped column that is missing, or a value that is not among the
declared codes stops the import with its exact place (file, sheet, row, column) and changes nothing.

The rows become the same records as Medellín's sheets (``indicator_sheets``): one ``DevelopmentPlan``,
its ``PddNode`` tree and its indicators, matched on their codes, so running it twice changes nothing.
Optional yearly targets (``metas_anuales``: column -> year) become ``IndicatorTarget`` rows and yearly
achievements (``logros_anuales``) new versions of the indicator's values; targets and achievements per
quarter or month (``metas_periodo``, ``logros_periodo``: column -> ``2024-T1`` or ``2024-M03``) become the
same rows for that period, and make the indicators report with that frequency; ``componer`` builds a level's
code from its parent's when the workbook numbers levels (or indicators) inside their parent. Numbers may be
written the Colombian way (``1.234,5``). The mapping
for Medellín's 2020-2023 workbook is ``ssepot/importers/mappings/medellin-pdd-2020-2023.yml``; its
comments document every key.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ssepot.core.inputs import InputError, read_number
from ssepot.core.periods import WHOLE_YEAR, parse_period
from ssepot.core.rules import DEFAULT_PRESET, PRESETS, RuleSet, preset
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.importers.base import ImportResult, Problem, Progress, register
from ssepot.importers.indicator_sheets import IndicatorSheetsImporter, Node, Sheet
from ssepot.importers.indicator_values import VALUE_LIMITS, IndicatorValuesImporter, ValueRow
from ssepot.importers.readers import cell_text, fits, fold, to_decimal
from ssepot.indicators.models import Indicator, IndicatorTarget
from ssepot.indicators.rules import current_rules, set_rules

MAPPINGS = Path(__file__).resolve().parent / "mappings"
PRECISE = Decimal(1).scaleb(-15)
LEVELS = {
    "linea": PddNode.Level.LINE,
    "componente": PddNode.Level.COMPONENT,
    "programa": PddNode.Level.PROGRAM,
}
TEXT_FIELDS = {
    "definicion": "definition",
    "objetivo": "objective",
    "normativa": "legal_basis",
    "formula": "formula",
    "variables_operativas": "operative_variables",
    "comportamiento_deseado": "desired_behaviour",
    "periodicidad": "periodicity",
    "fuente": "source",
    "tipo_fuente": "source_type",
    "medio_verificacion": "verification_means",
    "vigencia_linea_base": "baseline_year",
    "tipo_linea_base": "baseline_type",
    "formato_datos": "data_format",
    "instrumento_recoleccion": "collection_instrument",
    "observaciones": "observations",
}
AGENCY_KEYS = {"dependencia": "Responsable", "dependencia_reporte": "ResponsableReportePI"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DevelopmentPlanMapping(Strict):
    identificador: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    nombre: str = Field(min_length=1, max_length=200)
    inicio: int = Field(ge=1900, le=2200)
    fin: int = Field(ge=1900, le=2200)


class LevelMapping(Strict):
    nivel: Literal["linea", "componente", "programa"]
    codigo: str
    nombre: str | None = None
    opcional: bool = False
    """An empty code ends the row's path (result indicators hang from their component)."""
    componer: bool = False
    """The workbook numbers this level inside its parent (``2``): the code becomes ``<parent>.2``."""
    peso: str | None = None
    """The column with the node's own weight among its siblings (rules ``pesos: nodo``)."""


class IndicatorMapping(Strict):
    codigo: str
    componer_codigo: bool = False
    """The workbook numbers indicators inside their level (``3``): the code becomes ``<level>.3``."""
    nombre: str
    unidad: str
    tipo: str | None = None
    acumulacion: str | None = None
    sentido: str | None = None
    linea_base: str | None = None
    meta_plan: str | None = None
    incluye_linea_base: str | None = None
    numero: str | None = None
    peso: str | None = None
    dependencia: str | None = None
    dependencia_reporte: str | None = None
    codigo_dependencia_reporte: str | None = None
    """The reporting agency's code: the agency is the code's (its first name), as the workbook's own
    per-agency results group it; a code written with two names is a warning naming both."""
    definicion: str | None = None
    objetivo: str | None = None
    normativa: str | None = None
    formula: str | None = None
    variables_operativas: str | None = None
    comportamiento_deseado: str | None = None
    periodicidad: str | None = None
    fuente: str | None = None
    tipo_fuente: str | None = None
    medio_verificacion: str | None = None
    vigencia_linea_base: str | None = None
    tipo_linea_base: str | None = None
    formato_datos: str | None = None
    instrumento_recoleccion: str | None = None
    observaciones: str | None = None


class Defaults(Strict):
    tipo: Literal["P", "R", "G", "I"] = "P"
    acumulacion: str = "NoA"
    sentido: Literal["C", "D"] = "C"


class Codes(Strict):
    tipo: dict[str, Literal["P", "R", "G", "I"]] = {"P": "P", "R": "R"}
    acumulacion: dict[str, str] = {"A": "A", "NoA": "NoA", "M": "M"}
    """The workbook's text -> the plan's own code, which its calculation rules map to a named rule."""
    sentido: dict[str, Literal["C", "D"]] = {"C": "C", "D": "D"}
    afirmativos: list[str] = ["Sí", "Si", "S"]
    negativos: list[str] = ["No", "N"]

    @field_validator("afirmativos", "negativos", mode="before")
    @classmethod
    def words(cls, value: Any) -> Any:
        """NB: YAML reads an unquoted ``No`` or ``Sí`` as a boolean; take it back as the word."""
        if isinstance(value, list):
            return [("Sí" if v else "No") if isinstance(v, bool) else str(v) for v in value]
        return value


class Mapping(Strict):
    plan_desarrollo: DevelopmentPlanMapping
    hoja: str | None = None
    fila_encabezado: int = Field(1, ge=1, le=1000)
    niveles: list[LevelMapping] = Field(min_length=1, max_length=3)
    indicador: IndicatorMapping
    metas_anuales: dict[str, int] = {}
    logros_anuales: dict[str, int] = {}
    """Column -> year of the measured value (logro): a new version of the indicator's value that year."""
    metas_periodo: dict[str, str] = {}
    """Column -> quarter (``2024-T1``) or month (``2024-M03``) of the target: the plans that program by
    quarter; the indicators then report with that frequency (``ssepot.core.periods``)."""
    logros_periodo: dict[str, str] = {}
    """Column -> quarter or month of the measured value (the executed of a quarter)."""
    avance_programado: dict[str, int] = {}
    """Column -> year of the programmed progress the planning office declared (fraction of the target)."""
    avance_programado_ponderado: bool = False
    """The programmed-progress columns hold weight x progress: divided by the indicator's weight."""
    resultados_fuente: dict[Literal["avance", "cumplimiento", "peso"], str] = {}
    """The workbook's own results per indicator, kept to compare with the system's (never used as figures)."""
    corte_fuente: dt.date | None = None
    """The cut-off of ``resultados_fuente``."""
    otras_hojas: dict[str, str] = {}
    """Sheet -> its indicator-code column: a column written ``Hoja!Columna`` is read from that sheet, on the
    row with the same indicator code."""
    reglas: str | dict[str, Any] | None = None
    """The calculation rules of the development plan: a shipped preset's name (``dap-medellin``) or a whole
    definition (``ssepot.core.rules``: nombre, acumulacion, tope_anual, pesos...)."""
    codigos: Codes = Codes()
    por_defecto: Defaults = Defaults()
    ignorar: list[str] = []

    @field_validator("metas_periodo", "logros_periodo")
    @classmethod
    def known_periods(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value.values():
            parse_period(text)  # PeriodError (a ValueError) says how to write a period
        return value

    @model_validator(mode="after")
    def one_frequency(self) -> Mapping:
        if len({parse_period(t)[1] for t in self.periods().values()}) > 1:
            raise ValueError("metas_periodo y logros_periodo mezclan trimestres y meses: use uno de los dos")
        return self

    def periods(self) -> dict[str, str]:
        """Every column by period -> its period."""
        return {**self.metas_periodo, **self.logros_periodo}

    def frequency(self) -> str | None:
        """The frequency the periods' columns give the indicators (None: yearly columns only)."""
        found = {parse_period(t)[1] for t in self.periods().values()}
        return found.pop() if found else None

    @field_validator("reglas")
    @classmethod
    def known_rules(cls, value: str | dict[str, Any] | None) -> str | dict[str, Any] | None:
        if isinstance(value, str) and value not in PRESETS:
            raise ValueError(
                f"no existe el conjunto de reglas «{value}»; los incluidos: {', '.join(PRESETS)}"
            )
        if isinstance(value, dict):
            RuleSet.from_definition(value)  # RulesError (a ValueError) names the wrong key
        return value

    def columns(self) -> dict[str, str]:
        """Every mapped column -> the key that maps it (``indicador.unidad``, ``niveles[1].codigo``)."""
        found: dict[str, str] = {}
        for i, level in enumerate(self.niveles):
            found[level.codigo] = f"niveles[{i}].codigo"
            if level.nombre:
                found[level.nombre] = f"niveles[{i}].nombre"
            if level.peso:
                found[level.peso] = f"niveles[{i}].peso"
        for key, column in self.indicador.model_dump(exclude_none=True, exclude={"componer_codigo"}).items():
            found[column] = f"indicador.{key}"
        for column in self.metas_anuales:
            found[column] = f"metas_anuales.{column}"
        for column in self.logros_anuales:
            found[column] = f"logros_anuales.{column}"
        for column in self.metas_periodo:
            found[column] = f"metas_periodo.{column}"
        for column in self.logros_periodo:
            found[column] = f"logros_periodo.{column}"
        for column in self.avance_programado:
            found[column] = f"avance_programado.{column}"
        for key, column in self.resultados_fuente.items():
            found[column] = f"resultados_fuente.{key}"
        return found


def readable_number(text: str) -> Decimal | None:
    """``1.234,5``, ``12,5``, ``1234.5`` or ``45 %`` as a number (six decimals); None for anything else."""
    try:
        return read_number(text.strip().rstrip("%").strip(), VALUE_LIMITS)
    except InputError:
        return None


def load_mapping(path: Path) -> tuple[Mapping | None, list[Problem]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [Problem(path.name, _("no existe el archivo de correspondencias"))]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [
            Problem(path.name, _("YAML no válido: %(e)s") % {"e": getattr(exc, "problem", exc)}, row=line)
        ]
    try:
        return Mapping.model_validate(data or {}), []
    except ValidationError as exc:
        return None, [
            Problem(
                path.name,
                _("clave «%(key)s»: %(msg)s") % {"key": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]},
            )
            for e in exc.errors()
        ]


@register
class PlanIndicativoImporter(IndicatorSheetsImporter):
    """A development plan's indicators from any workbook, through a YAML mapping (option ``mapping``)."""

    name = "plan-indicativo"
    mapping: Mapping

    @property
    def sheet(self) -> str:
        return str(self.options.get("sheet") or "")

    def read(self) -> list[Sheet]:
        self.start_reading()
        mapping_path = Path(str(self.options.get("mapping") or ""))
        mapping, problems = load_mapping(mapping_path)
        self.problems += problems
        self.raise_problems()
        assert mapping is not None
        self.mapping = mapping
        pdd = mapping.plan_desarrollo
        self.options.update(
            development_plan=pdd.identificador, name=pdd.nombre, start_year=pdd.inicio, end_year=pdd.fin
        )
        header, rows = self._table(mapping)
        self.raise_problems()
        self._check_columns(header, mapping, mapping_path.name)
        self.raise_problems()
        self._join_other_sheets(rows, mapping)
        self.raise_problems()

        sheet = Sheet()
        agencies: dict[str, None] = {}
        named: dict[str, tuple[str, int]] = {}
        first_row: dict[str, int] = {}
        for number, values in rows:
            indicator = self._row(number, values, sheet)
            if indicator is None:
                continue
            code = indicator["code"]
            if code in first_row:
                self.report(
                    _("el código de indicador '%(code)s' está repetido (ya aparece en la fila %(first)d)")
                    % {"code": code, "first": first_row[code]},
                    sheet=self.sheet,
                    row=number,
                    column=mapping.indicador.codigo,
                )
                continue
            first_row[code] = number
            self._agency_by_code(number, indicator, named)
            for key in AGENCY_KEYS.values():
                if indicator[key]:
                    agencies[indicator[key]] = None
            sheet.indicators.append(indicator)
        sheet.agencies = list(agencies)
        self.raise_problems()
        return [sheet]

    def _join_other_sheets(self, rows: list[tuple[int, dict[str, Any]]], mapping: Mapping) -> None:
        """Add to each row the ``Hoja!Columna`` cells the mapping reads from other sheets, matched on the
        indicator code; a sheet, a column or a code that is missing stops the import with its place."""
        wanted = [c for c in mapping.columns() if "!" in c]
        if not wanted:
            return
        from openpyxl import load_workbook

        book = load_workbook(self.path, read_only=True, data_only=True)
        try:
            for sheet_name, code_column in mapping.otras_hojas.items():
                columns = [c.split("!", 1)[1] for c in wanted if c.split("!", 1)[0] == sheet_name]
                if sheet_name not in book.sheetnames:
                    self.report(
                        _("no existe la hoja '%(sheet)s' que declara otras_hojas") % {"sheet": sheet_name}
                    )
                    continue
                raw = book[sheet_name].iter_rows(values_only=True)
                header = [cell_text(h).strip() for h in next(raw, ())]
                for column in [code_column, *columns]:
                    if column not in header:
                        self.report(
                            _("la columna no está en el encabezado"), sheet=sheet_name, row=1, column=column
                        )
                if self.problems:
                    return
                by_code: dict[str, tuple[Any, ...]] = {}
                at, empty = header.index(code_column), 0
                for r in raw:
                    # NB: a sheet formatted down to row 1,048,576 (the city's Seguimiento) is read until 100
                    # empty rows in a row, not to its last formatted row: 0.1 s instead of 5.5 s
                    if not any(v is not None and str(v).strip() for v in r):
                        empty += 1
                        if empty >= 100:
                            break
                        continue
                    empty = 0
                    if len(r) > at:
                        by_code[cell_text(r[at]).strip()] = r
                for number, values in rows:
                    code = cell_text(values.get(mapping.indicador.codigo)).strip()
                    other = by_code.get(code)
                    if other is None:
                        self.report(
                            _("el indicador '%(code)s' no está en la hoja '%(sheet)s'")
                            % {"code": code, "sheet": sheet_name},
                            sheet=self.sheet,
                            row=number,
                            column=mapping.indicador.codigo,
                        )
                        continue
                    for column in columns:
                        values[f"{sheet_name}!{column}"] = other[header.index(column)]
            for column in wanted:
                if column.split("!", 1)[0] not in mapping.otras_hojas:
                    self.report(
                        _("la columna '%(column)s' nombra una hoja que no está en otras_hojas")
                        % {"column": column}
                    )
        finally:
            book.close()

    # -- reading the table --------------------------------------------------------------------------------

    def _table(self, mapping: Mapping) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
        if self.path.suffix.lower() == ".csv":
            self.options["sheet"] = ""
            return self._csv(mapping.fila_encabezado)
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            self.report(_("no es un libro de Excel (.xlsx) legible: %(error)s") % {"error": exc})
            return [], []
        try:
            name = mapping.hoja or book.sheetnames[0]
            self.options["sheet"] = name
            if name not in book.sheetnames:
                self.report(
                    _("no existe la hoja '%(sheet)s'; el libro tiene: %(sheets)s")
                    % {"sheet": name, "sheets": ", ".join(book.sheetnames)}
                )
                return [], []
            raw = book[name].iter_rows(values_only=True)
            return self._rows(list(raw), mapping.fila_encabezado)
        finally:
            book.close()

    def _csv(self, header_row: int) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
        text = self.path.read_bytes().decode("utf-8-sig", errors="replace")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return self._rows(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), header_row)

    def _rows(self, raw: list[Any], header_row: int) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
        if len(raw) < header_row:
            self.report(
                _("la hoja no llega a la fila de encabezado %(row)d") % {"row": header_row}, sheet=self.sheet
            )
            return [], []
        header = [cell_text(h).strip() for h in raw[header_row - 1]]
        rows = [
            (number, {h: v for h, v in zip(header, values, strict=False) if h})
            for number, values in enumerate(raw[header_row:], start=header_row + 1)
            if any(v is not None and str(v).strip() for v in values)
        ]
        return header, rows

    def _check_columns(self, header: list[str], mapping: Mapping, mapping_name: str) -> None:
        seen: set[str] = set()
        for column in header:
            if column and column in seen:
                self.report(
                    _("la columna aparece dos veces en el encabezado"),
                    sheet=self.sheet,
                    row=mapping.fila_encabezado,
                    column=column,
                )
            seen.add(column)
        mapped = mapping.columns()
        ignored = set(mapping.ignorar)
        row = mapping.fila_encabezado
        for column in header:
            if column and column not in mapped and column not in ignored:
                self.report(
                    _("columna sin correspondencia: añádala a %(file)s (indicador, niveles o ignorar)")
                    % {"file": mapping_name},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
        present = set(header)
        for column, key in mapped.items():
            if "!" not in column and column not in present:
                self.report(
                    _("la columna que declara «%(key)s» en %(file)s no está en el encabezado")
                    % {"key": key, "file": mapping_name},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )

    # -- one row ------------------------------------------------------------------------------------------

    def _row(self, row: int, values: dict[str, Any], sheet: Sheet) -> dict[str, Any] | None:
        m = self.mapping.indicador
        before = len(self.problems)
        node = self._levels(row, values, sheet)

        def text(column: str | None) -> str:
            return cell_text(values.get(column)).strip() if column else ""

        code = text(m.codigo)
        if code and m.componer_codigo and node is not None:
            code = f"{node}.{code}"
        for column, label in (
            (m.codigo, _("el código")),
            (m.nombre, _("el nombre")),
            (m.unidad, _("la unidad")),
        ):
            if not text(column):
                self.report(
                    _("falta %(what)s del indicador") % {"what": label},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
        fields: dict[str, Any] = {
            "code": fits(self, code, 40, sheet=self.sheet, row=row, column=m.codigo),
            "name": fits(self, text(m.nombre), 600, sheet=self.sheet, row=row, column=m.nombre),
            "unit": fits(self, text(m.unidad), 120, sheet=self.sheet, row=row, column=m.unidad),
            "indicator_type": self._coded(row, values, m.tipo, "tipo"),
            "accumulation": self._accumulation(row, values, m.acumulacion),
            "direction": self._coded(row, values, m.sentido, "sentido"),
            "node": node,
        }
        if m.numero:
            fields["sequence"] = self._whole(row, values, m.numero)
        if m.peso:
            fields["weight"] = self._decimal(row, values, m.peso, places=15)
        if m.linea_base:
            fields["baseline_value"], fields["baseline_code"] = self._number_or_code(
                row, values, m.linea_base
            )
        if m.meta_plan:
            fields["plan_target"], fields["plan_target_code"] = self._number_or_code(row, values, m.meta_plan)
        if m.incluye_linea_base:
            fields["baseline_included"], fields["baseline_included_raw"] = self._yes_no(
                row, values, m.incluye_linea_base
            )
        for key, attribute in TEXT_FIELDS.items():
            column = getattr(m, key)
            if column:
                max_length = getattr(Indicator._meta.get_field(attribute), "max_length", None)
                value = cell_text(values.get(column))
                fields[attribute] = (
                    fits(self, value, max_length, sheet=self.sheet, row=row, column=column)
                    if max_length
                    else value
                )
        for key, name in AGENCY_KEYS.items():
            fields[name] = text(getattr(m, key))
        if m.codigo_dependencia_reporte:
            fields["agency_code"] = text(m.codigo_dependencia_reporte)
        fields["targets"] = {
            (year, WHOLE_YEAR): self._decimal(row, values, column)
            for column, year in self.mapping.metas_anuales.items()
            if text(column)
        }
        for column, when in self.mapping.metas_periodo.items():
            year, _frequency, period = parse_period(when)
            fields["targets"][(year, period)] = self._decimal(row, values, column)
        if (frequency := self.mapping.frequency()) is not None:
            fields["frequency"] = frequency
        weight = fields.get("weight")
        fields["programmed"] = {}
        for column, year in self.mapping.avance_programado.items():
            share = self._decimal(row, values, column, places=15)
            if share is not None and self.mapping.avance_programado_ponderado:
                share = share / weight if weight else None
            if share is not None:
                fields["programmed"][year] = share.quantize(PRECISE)
        source: dict[str, Any] = {}
        for key, column in self.mapping.resultados_fuente.items():
            number = self._decimal(row, values, column, places=15)
            if number is not None:
                source[key] = str(number)
        if source and self.mapping.corte_fuente:
            source["corte"] = self.mapping.corte_fuente.isoformat()
        fields["source_figures"] = source
        fields["achievements"] = {
            (year, WHOLE_YEAR): self._number_or_code(row, values, column)
            for column, year in self.mapping.logros_anuales.items()
            if text(column)
        }
        for column, when in self.mapping.logros_periodo.items():
            year, _frequency, period = parse_period(when)
            fields["achievements"][(year, period)] = self._number_or_code(row, values, column)
        if node is None and not len(self.problems) > before:
            self.report(_("la fila no tiene nivel del plan"), sheet=self.sheet, row=row)
        return None if len(self.problems) > before else fields

    def _levels(self, row: int, values: dict[str, Any], sheet: Sheet) -> str | None:
        parent: str | None = None
        for level in self.mapping.niveles:
            code = cell_text(values.get(level.codigo)).strip()
            if code and level.componer and parent is not None:
                code = f"{parent}.{code}"
            if not code:
                if not level.opcional:
                    self.report(_("falta el código"), sheet=self.sheet, row=row, column=level.codigo)
                    return None
                break
            name = cell_text(values.get(level.nombre)).strip() if level.nombre else code
            if not name:
                self.report(_("falta el nombre"), sheet=self.sheet, row=row, column=level.nombre)
                return None
            known = sheet.nodes.get(code)
            kind = LEVELS[level.nivel]
            weight = self._decimal(row, values, level.peso, places=15) if level.peso else None
            if known is None:
                sheet.nodes[code] = Node(kind, code, name[:400], parent, weight)
            elif weight is not None and known.weight is not None and weight != known.weight:
                self.report(
                    _("el nivel '%(code)s' ya tiene peso %(first)s en una fila anterior; aquí dice %(this)s")
                    % {"code": code, "first": known.weight, "this": weight},
                    sheet=self.sheet,
                    row=row,
                    column=level.peso,
                )
                return None
            elif known.level != kind or known.parent != parent:
                self.report(
                    _("el código '%(code)s' ya aparece en otro lugar de la estructura del plan")
                    % {"code": code},
                    sheet=self.sheet,
                    row=row,
                    column=level.codigo,
                )
                return None
            parent = code
        return parent

    def _coded(self, row: int, values: dict[str, Any], column: str | None, key: str) -> str:
        if not column:
            return str(getattr(self.mapping.por_defecto, key))
        codes: dict[str, str] = getattr(self.mapping.codigos, key)
        raw = cell_text(values.get(column)).strip()
        found = {fold(k): v for k, v in codes.items()}.get(fold(raw))
        if found is None:
            self.report(
                _("código desconocido '%(value)s': la correspondencia declara %(known)s (codigos.%(key)s)")
                % {"value": raw, "known": ", ".join(codes), "key": key},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return ""
        return found

    def _agency_by_code(self, row: int, indicator: dict[str, Any], named: dict[str, tuple[str, int]]) -> None:
        """With ``codigo_dependencia_reporte`` the reporting agency is its code's, as the workbook groups its
        own per-agency results: named by the first name written for the code. Another name for the same
        code, or a name another code already has (then suffixed with the code), is a warning."""
        column = self.mapping.indicador.codigo_dependencia_reporte
        code = indicator.pop("agency_code", "")
        key = AGENCY_KEYS["dependencia_reporte"]
        name = indicator[key]
        if not column or not code:
            return
        if code not in named:
            taken = {first for c, (first, _) in named.items() if c != code}
            chosen = name if name not in taken else f"{name} (código {code})"
            if chosen != name:
                self.warn(
                    _(
                        "el nombre '%(name)s' ya es de otro código de dependencia: esta queda como "
                        "'%(chosen)s'"
                    )
                    % {"name": name, "chosen": chosen},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
            named[code] = (chosen, row)
        first, first_row = named[code]
        if first != name and not first.startswith(f"{name} (código"):
            self.warn(
                _(
                    "el código de dependencia %(code)s ya se escribió '%(first)s' (fila %(row)d); aquí dice "
                    "'%(name)s': el indicador queda en '%(first)s', como lo agrupa el libro por código"
                )
                % {"code": code, "first": first, "row": first_row, "name": name},
                sheet=self.sheet,
                row=row,
                column=column,
            )
        indicator[key] = first

    def _accumulation(self, row: int, values: dict[str, Any], column: str | None) -> str:
        """The plan's accumulation code, which must have a rule in the rules the plan will compute with."""
        code = self._coded(row, values, column, "acumulacion")
        rules = self._rules()
        if code and code not in rules.accumulation:
            self.report(
                _(
                    "el tipo de acumulación '%(code)s' no tiene regla en las %(rules)s del plan %(plan)s "
                    "(códigos con regla: %(known)s); declare otras reglas o corrija codigos.acumulacion"
                )
                % {
                    "code": code,
                    "rules": rules.label,
                    "plan": self.plan.slug if self.plan else "",
                    "known": ", ".join(sorted(rules.accumulation)),
                },
                sheet=self.sheet,
                row=row,
                column=column or "por_defecto.acumulacion",
            )
            return ""
        return code

    def _rules(self) -> RuleSet:
        """The rules the development plan will compute with: the mapping's, else the ones in force."""
        found = getattr(self, "_found_rules", None)
        if found is None:
            if isinstance(self.mapping.reglas, str):
                found = preset(self.mapping.reglas)
            elif self.mapping.reglas:
                found = RuleSet.from_definition(self.mapping.reglas)
            else:
                pdd = DevelopmentPlan.objects.filter(
                    plan=self.plan, slug=self.mapping.plan_desarrollo.identificador
                ).first()
                found = current_rules(self.plan, pdd) if self.plan else preset(DEFAULT_PRESET)
            self._found_rules = found
        return found

    def _yes_no(self, row: int, values: dict[str, Any], column: str) -> tuple[bool | None, str]:
        raw = cell_text(values.get(column)).strip()
        if fold(raw) in {fold(w) for w in self.mapping.codigos.afirmativos}:
            return True, ""
        if fold(raw) in {fold(w) for w in self.mapping.codigos.negativos}:
            return False, ""
        if raw:
            self.warn(
                _("se esperaba Sí o No y dice '%(value)s'; se guarda el texto y queda sin definir")
                % {"value": raw},
                sheet=self.sheet,
                row=row,
                column=column,
            )
        return None, raw[:40]

    def _whole(self, row: int, values: dict[str, Any], column: str) -> int | None:
        raw = values.get(column)
        if raw in (None, ""):
            return None
        number = to_decimal(raw)
        if number is None or number < 0 or number != number.to_integral_value():
            self.report(
                _("se esperaba un número entero y dice '%(value)s'") % {"value": cell_text(raw)},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None
        return int(number)

    def _number_or_code(self, row: int, values: dict[str, Any], column: str) -> tuple[Decimal | None, str]:
        """As the sheets importer, and also numbers written the Colombian way (``1.234,5``, ``45 %``)."""
        raw = values.get(column)
        if isinstance(raw, str) and (number := readable_number(raw)) is not None:
            values = {**values, column: number}
        return super()._number_or_code(row, values, column)

    def _decimal(self, row: int, values: dict[str, Any], column: str, places: int = 6) -> Decimal | None:
        raw = values.get(column)
        if raw in (None, ""):
            return None
        number = readable_number(raw) if isinstance(raw, str) else to_decimal(raw, places)
        if number is None or abs(number) >= Decimal(10) ** 14:
            self.report(
                _("se esperaba un número y dice '%(value)s'") % {"value": cell_text(raw)},
                sheet=self.sheet,
                row=row,
                column=column,
            )
        return number

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[Sheet], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        targets = {fields["code"]: fields.pop("targets") for fields in rows[0].indicators}
        programmed = {fields["code"]: fields.pop("programmed") for fields in rows[0].indicators}
        achievements = {fields["code"]: fields.pop("achievements") for fields in rows[0].indicators}
        for fields in rows[0].indicators:
            fields.setdefault("sequence", None)
        result = super().write(rows, progress)
        if any(targets.values()):
            ids = dict(
                Indicator.objects.filter(
                    plan=self.plan, development_plan__slug=self.options["development_plan"]
                ).values_list("code", "pk")
            )
            existing = {
                (t.indicator_id, t.year, t.period): t
                for t in IndicatorTarget.objects.filter(indicator_id__in=ids.values())
            }
            written = 0
            for code, by_period in targets.items():
                for (year, period), value in by_period.items():
                    if value is None:
                        continue
                    # NB: the declared programmed progress is the year's, never a quarter's
                    share = programmed[code].get(year) if period == WHOLE_YEAR else None
                    target = existing.get((ids[code], year, period))
                    if target is None:
                        IndicatorTarget.objects.create(
                            plan=self.plan, indicator_id=ids[code], year=year, period=period, value=value,
                            programmed=share,
                        )  # fmt: skip
                        written += 1
                    elif target.value != value or target.programmed != share:
                        target.value, target.programmed = value, share
                        target.save(update_fields=["value", "programmed"])
                        written += 1
            result.details["metas escritas"] = written
        if any(achievements.values()):
            result.details["logros"] = self._write_achievements(achievements)
        if self.mapping.reglas:
            development_plan = DevelopmentPlan.objects.get(
                plan=self.plan, slug=self.options["development_plan"]
            )
            row = set_rules(
                self.plan,
                self.mapping.reglas,
                actor=None,
                reason=_("importación de %(file)s") % {"file": self.path.name},
                development_plan=development_plan,
            )
            result.details["versión nueva de las reglas de cálculo"] = row.version if row else 0
        return result

    def _write_achievements(
        self, achievements: dict[str, dict[tuple[int, int], tuple[Decimal | None, str]]]
    ) -> int:
        """The achievements of each year, quarter or month as indicator values, through the values importer
        (new versions only)."""
        assert self.plan is not None
        ids = dict(
            Indicator.objects.filter(
                plan=self.plan, development_plan__slug=self.options["development_plan"]
            ).values_list("code", "pk")
        )
        rows = [
            ValueRow(0, ids[code], year, None, value, value_code, "", period)
            for code, by_period in achievements.items()
            for (year, period), (value, value_code) in sorted(by_period.items())
            if value is not None or value_code
        ]
        written = IndicatorValuesImporter(self.path, plan=self.plan).write_versions(rows)
        return written.created + written.details.get("versiones nuevas", 0)
