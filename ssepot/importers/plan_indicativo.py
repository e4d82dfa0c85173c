"""Any municipality's development-plan workbook (plan indicativo), read through a YAML column mapping.

The mapping says which sheets, tables and header row to read and which rows are not data (``tables.Layout``:
title rows, TOTAL rows, merged cells, several sheets, two tables side by side), which columns hold the levels
of the plan (any depth and names: eje > programa > subprograma > meta de resultado), which hold each field
of the indicator's technical sheet, how the workbook writes its coded values (type, accumulation,
direction, codes typed as numbers, "no data" words) and which columns to ignore. Another municipality's
workbook loads with a new mapping file and no code. Every column of the header must be mapped or ignored:
an unmapped column, a mapped column that is missing, or a value that is not among the declared codes stops
the import with its exact place (file, sheet, row, column and its letter) and changes nothing.

The rows become the same records as Medellín's sheets (``indicator_sheets``): one ``DevelopmentPlan``,
its levels (``PddLevel``), its ``PddNode`` tree and its indicators, matched on their codes, so running it
twice changes nothing. Every code, length, magnitude and precision is checked before anything is written,
so a bad file gets the same located messages on SQLite and PostgreSQL and never a database error.
Optional yearly targets (``metas_anuales``: column -> year) become ``IndicatorTarget`` rows and yearly
achievements (``logros_anuales``) the indicator's values, staged as a batch for the analyst's review
(``reporting.batches``, as a CSV of values: approved, they become new versions); targets and achievements
per quarter or month (``metas_periodo``, ``logros_periodo``: column -> ``2024-T1`` or ``2024-M03``) become the
same rows for that period, and make the indicators report with that frequency; ``componer`` builds a level's
code from its parent's when the workbook numbers levels (or indicators) inside their parent. Numbers are
read by the one number policy (``ssepot.core.inputs``: ``1.234,5`` too). The mapping for Medellín's
2020-2023 workbook is ``ssepot/importers/mappings/medellin-pdd-2020-2023.yml``; docs/correspondencias.md
documents every key.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from django.db.models import Model
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ssepot.core.inputs import InputError, NumberLimits, fit_number, fold, read_number
from ssepot.core.periods import WHOLE_YEAR, parse_period
from ssepot.core.rules import DEFAULT_PRESET, PRESETS, RuleSet, preset
from ssepot.development.models import DEFAULT_LEVEL_NAMES, DevelopmentPlan, PddLevel, PddNode
from ssepot.importers.base import Change, ImportResult, Problem, Progress, register
from ssepot.importers.indicator_sheets import TEXT_CODES, IndicatorSheetsImporter, Node, Sheet
from ssepot.importers.indicator_values import VALUE_LIMITS, IndicatorValuesImporter, ValueRow
from ssepot.importers.mapping_files import read_mapping
from ssepot.importers.readers import cell_text, fits, upsert
from ssepot.importers.tables import Layout, TableRow, read_tables
from ssepot.indicators.models import CalculationRules, Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import current_rules, set_rules

MAPPINGS = Path(__file__).resolve().parent / "mappings"
PRECISE = Decimal(1).scaleb(-15)
NODE_CODE = PddNode._meta.get_field("code").max_length or 30
INDICATOR_CODE = Indicator._meta.get_field("code").max_length or 40
VALUE_CODE = IndicatorValue._meta.get_field("value_code").max_length or 20
SPLIT = r"^\s*(?P<codigo>[^\s]+?)[\s.:\-–]*(?:\s|$)(?P<nombre>.*)$"
"""A code and a name in one cell: the first word is the code (``010101\\n Implementación...``)."""
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
NOT_PROGRAMMED = "NP"
"""The code a target or an achievement cell gets when its text is one of ``codigos.no_programado``."""
AGENCY_KEYS = {"dependencia": "Responsable", "dependencia_reporte": "ResponsableReportePI"}
SEQUENCE_LIMITS = NumberLimits.of(Indicator._meta.get_field("sequence"))
WEIGHT_LIMITS = NumberLimits.of(Indicator._meta.get_field("weight"))
BASELINE_LIMITS = NumberLimits.of(Indicator._meta.get_field("baseline_value"))
PLAN_TARGET_LIMITS = NumberLimits.of(Indicator._meta.get_field("plan_target"))
TARGET_LIMITS = NumberLimits.of(IndicatorTarget._meta.get_field("value"))
SOURCE_LIMITS = NumberLimits(decimal_places=15, integer_digits=14)
"""The workbook's own results (kept as text, to compare): any number a sheet computes."""
EXACT = NumberLimits(decimal_places=40, integer_digits=40)
"""Reads a number as written, to compare it with what its column keeps."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DevelopmentPlanMapping(Strict):
    identificador: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    nombre: str = Field(min_length=1, max_length=200)
    inicio: int = Field(ge=1900, le=2200)
    fin: int = Field(ge=1900, le=2200)


class CodeFormat(Strict):
    """How the workbook's codes are made one: ``10101.0``, ``10101`` and ``"010101"`` are the same code."""

    ancho: int | None = Field(None, ge=1, le=30)
    """A code of digits only is padded with zeros on the left to this width."""
    coma_decimal: bool = False
    """A comma is the decimal point (``2,2`` -> ``2.2``)."""
    sin_espacios: bool = True
    """Spaces inside the code are removed (``1. 2`` -> ``1.2``)."""

    def apply(self, raw: Any) -> str:
        text = cell_text(raw).strip()
        if self.sin_espacios:
            text = re.sub(r"\s+", "", text)
        if self.coma_decimal:
            text = text.replace(",", ".")
        if re.fullmatch(r"[0-9]+\.0+", text):
            text = text.split(".", 1)[0]
        if self.ancho and text.isdigit():
            text = text.zfill(self.ancho)
        return text


class LevelMapping(Strict):
    nivel: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][-a-z0-9_]*$")
    """The level's key (``linea``, ``programa``, ``meta-resultado``)."""
    etiqueta: str | None = Field(None, min_length=1, max_length=120)
    """The level's name as the portal shows it (``Meta de resultado``); without it, the key's default."""
    codigo: str
    nombre: str | None = None
    dividir: bool = False
    """The code column holds the code and the name (``010101\\n Implementación...``)."""
    patron_dividir: str | None = None
    """A regular expression with the groups ``codigo`` and ``nombre`` to split that cell."""
    formato_codigo: CodeFormat | None = None
    opcional: bool = False
    """An empty code ends the row's path (result indicators hang from their component)."""
    componer: bool = False
    """The workbook numbers this level inside its parent (``2``): the code becomes ``<parent>.2``."""
    peso: str | None = None
    """The column with the node's own weight among its siblings (rules ``pesos: nodo``)."""

    @model_validator(mode="after")
    def one_name(self) -> LevelMapping:
        if self.dividir and self.nombre:
            raise ValueError("con «dividir» el nombre sale de la celda del código: quite «nombre»")
        if self.patron_dividir is not None:
            try:
                pattern = re.compile(self.patron_dividir, re.DOTALL)
            except re.error as exc:
                raise ValueError(f"patron_dividir no es una expresión regular válida: {exc}") from None
            if not {"codigo", "nombre"} <= set(pattern.groupindex):
                raise ValueError("patron_dividir debe tener los grupos (?P<codigo>...) y (?P<nombre>...)")
        return self

    def label(self) -> str:
        return self.etiqueta or str(
            DEFAULT_LEVEL_NAMES.get(self.nivel, self.nivel.replace("-", " ").capitalize())
        )


class IndicatorMapping(Strict):
    codigo: str
    formato_codigo: CodeFormat | None = None
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
    sin_dato: list[str] = []
    """More words for "no data" in a numeric column (``S.D``, ``No aplica``), besides S/D, N/A, -1, -2."""
    textos: dict[str, str] = {}
    """A text in a numeric column -> the code stored instead of a number (``Meta cumplida: MC``)."""
    texto_como_nota: bool = False
    """Any other text in a numeric column (``2 km``) is kept as a note, with a warning, instead of refused."""
    no_programado: list[str] = []
    """Words in a target cell that mean the goal is not programmed that year or period (``NP``): its target
    is 0 ("no aplica"), apart from a blank cell (no target written) and from a number."""

    @field_validator("sin_dato", "no_programado", mode="before")
    @classmethod
    def no_data(cls, value: Any) -> Any:
        return [cell_text(v) for v in value] if isinstance(value, list) else value

    @field_validator("textos")
    @classmethod
    def short_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value.values():
            if not code.strip() or len(code.strip()) > VALUE_CODE:
                raise ValueError(f"el código «{code}» debe tener de 1 a {VALUE_CODE} caracteres")
        return value

    @field_validator("afirmativos", "negativos", mode="before")
    @classmethod
    def words(cls, value: Any) -> Any:
        """NB: YAML reads an unquoted ``No`` or ``Sí`` as a boolean; take it back as the word."""
        if isinstance(value, list):
            return [("Sí" if v else "No") if isinstance(v, bool) else str(v) for v in value]
        return value


class Mapping(Layout):
    plan_desarrollo: DevelopmentPlanMapping
    niveles: list[LevelMapping] = Field(min_length=1, max_length=12)
    indicador: IndicatorMapping
    metas_anuales: dict[str, int] = {}
    logros_anuales: dict[str, int] = {}
    """Column -> year of the measured value (logro): a new version of the indicator's value that year."""
    metas_periodo: dict[str, str] = {}
    """Column -> quarter (``2024-T1``) or month (``2024-M03``) of the target: the plans that program by
    quarter; the indicators then report with that frequency (``ssepot.core.periods``)."""
    logros_periodo: dict[str, str] = {}
    """Column -> quarter or month of the measured value (the executed of a quarter)."""
    programado_periodo: dict[str, str] = {}
    """Column -> quarter or month whose cells say whether the goal is programmed then (``codigos.afirmativos``
    / ``negativos``): a period not programmed has a target of 0 ("no aplica")."""
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

    @field_validator("niveles")
    @classmethod
    def distinct_levels(cls, value: list[LevelMapping]) -> list[LevelMapping]:
        keys = [level.nivel for level in value]
        if len(set(keys)) != len(keys):
            raise ValueError(f"un nivel aparece dos veces: {', '.join(keys)}")
        return value

    @field_validator("metas_periodo", "logros_periodo", "programado_periodo")
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
        return {**self.metas_periodo, **self.logros_periodo, **self.programado_periodo}

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
        for key, column in self.indicador.model_dump(
            exclude_none=True, exclude={"componer_codigo", "formato_codigo"}
        ).items():
            found[column] = f"indicador.{key}"
        for column in self.metas_anuales:
            found[column] = f"metas_anuales.{column}"
        for column in self.logros_anuales:
            found[column] = f"logros_anuales.{column}"
        for column in self.metas_periodo:
            found[column] = f"metas_periodo.{column}"
        for column in self.logros_periodo:
            found[column] = f"logros_periodo.{column}"
        for column in self.programado_periodo:
            found[column] = f"programado_periodo.{column}"
        for column in self.avance_programado:
            found[column] = f"avance_programado.{column}"
        for key, column in self.resultados_fuente.items():
            found[column] = f"resultados_fuente.{key}"
        return found


def load_mapping(path: Path) -> tuple[Mapping | None, list[Problem]]:
    return read_mapping(path, Mapping)


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
        self._letters: dict[str, str] = {}
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
        wanted = {c: key for c, key in mapping.columns().items() if "!" not in c}
        tables = read_tables(self.path, self, mapping, wanted, mapping_name=mapping_path.name)
        self.tables = tables
        self.raise_problems()
        self._join_other_sheets(tables.rows, mapping)
        self.raise_problems()

        sheet = Sheet()
        agencies: dict[str, None] = {}
        named: dict[str, tuple[str, int]] = {}
        first_row: dict[str, tuple[str, int]] = {}
        for table_row in tables.rows:
            self.options["sheet"] = table_row.sheet
            self._letters = table_row.letters
            number = table_row.number
            indicator = self._row(number, table_row.values, sheet)
            if indicator is None:
                continue
            code = indicator["code"]
            if code in first_row:
                first_sheet, first = first_row[code]
                self.report(
                    _("el código de indicador '%(code)s' está repetido (ya aparece en la fila %(first)d)")
                    % {"code": code, "first": first}
                    if first_sheet == table_row.sheet
                    else _(
                        "el código de indicador '%(code)s' está repetido (ya aparece en la hoja '%(sheet)s', "
                        "fila %(first)d)"
                    )
                    % {"code": code, "first": first, "sheet": first_sheet},
                    sheet=self.sheet,
                    row=number,
                    column=mapping.indicador.codigo,
                )
                continue
            first_row[code] = (table_row.sheet, number)
            self._agency_by_code(number, indicator, named)
            for key in AGENCY_KEYS.values():
                if indicator[key]:
                    agencies[indicator[key]] = None
            sheet.indicators.append(indicator)
        sheet.agencies = list(agencies)
        self._letters = {}
        self.raise_problems()
        return [sheet]

    def _join_other_sheets(self, rows: list[TableRow], mapping: Mapping) -> None:
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
                for table_row in rows:
                    values = table_row.values
                    code = cell_text(values.get(mapping.indicador.codigo)).strip()
                    other = by_code.get(code)
                    if other is None:
                        self.report(
                            _("el indicador '%(code)s' no está en la hoja '%(sheet)s'")
                            % {"code": code, "sheet": sheet_name},
                            sheet=table_row.sheet,
                            row=table_row.number,
                            column=mapping.indicador.codigo,
                            letter=table_row.letters.get(mapping.indicador.codigo),
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

    # -- one row ------------------------------------------------------------------------------------------

    def _row(self, row: int, values: dict[str, Any], sheet: Sheet) -> dict[str, Any] | None:
        m = self.mapping.indicador
        before = len(self.problems)
        notes: list[str] = []
        node = self._levels(row, values, sheet)

        def text(column: str | None) -> str:
            return cell_text(values.get(column)).strip() if column else ""

        code = m.formato_codigo.apply(values.get(m.codigo)) if m.formato_codigo else text(m.codigo)
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
        self._code_fits(code, INDICATOR_CODE, row, m.codigo)
        fields: dict[str, Any] = {
            "code": code,
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
            fields["baseline_value"], fields["baseline_code"], note = self._number_or_note(
                row, values, m.linea_base, BASELINE_LIMITS
            )
            if note:
                notes.append(_("Línea base en el libro: %(text)s") % {"text": note})
        if m.meta_plan:
            fields["plan_target"], fields["plan_target_code"], note = self._number_or_note(
                row, values, m.meta_plan, PLAN_TARGET_LIMITS
            )
            if note:
                notes.append(_("Meta del plan en el libro: %(text)s") % {"text": note})
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
        fields["targets"] = {}
        targets = [(column, (year, WHOLE_YEAR)) for column, year in self.mapping.metas_anuales.items()]
        targets += [(c, parse_period(when)[::2]) for c, when in self.mapping.metas_periodo.items()]
        for column, (year, period) in targets:
            if not text(column):
                continue
            # NB: a target of -1 is a number (the city's workbook has them), not the "no data" code
            target, value_code, note = self._number_or_note(
                row, values, column, TARGET_LIMITS, numeric_codes=False
            )
            if target is not None:
                fields["targets"][(year, period)] = target
            elif note or value_code:
                # NB: a target is a number; a code or a text in its cell is kept as a note
                notes.append(
                    _("Meta %(when)s en el libro: %(text)s") % {"when": column, "text": note or value_code}
                )
        self._programming(row, values, targets, fields["targets"], notes)
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
            number = self._decimal(row, values, column, limits=SOURCE_LIMITS)
            if number is not None:
                source[key] = str(number)
        if source and self.mapping.corte_fuente:
            source["corte"] = self.mapping.corte_fuente.isoformat()
        fields["source_figures"] = source
        fields["achievements"] = {}
        achievements = [(column, (year, WHOLE_YEAR)) for column, year in self.mapping.logros_anuales.items()]
        achievements += [(c, parse_period(when)[::2]) for c, when in self.mapping.logros_periodo.items()]
        for column, (year, period) in achievements:
            if text(column):
                fields["achievements"][(year, period)] = self._number_or_note(row, values, column)
        if notes:
            observations = fields.get("observations", "")
            fields["observations"] = "\n".join([observations, *notes] if observations else notes)
        if node is None and not len(self.problems) > before:
            self.report(_("la fila no tiene nivel del plan"), sheet=self.sheet, row=row)
        return None if len(self.problems) > before else fields

    def _programming(
        self,
        row: int,
        values: dict[str, Any],
        targets: list[tuple[str, tuple[int, int]]],
        found: dict[tuple[int, int], Decimal],
        notes: list[str],
    ) -> None:
        """Which years and periods the goal is not programmed in: a target cell with a word of
        ``codigos.no_programado``, or a ``programado_periodo`` cell saying no. Such a period's target is 0
        ("no aplica"); a blank target cell stays without a target. A period said not programmed whose target
        is a number other than 0 is refused; one said programmed without a target is a warning."""
        for column, when in targets:
            if fold(cell_text(values.get(column))) in {fold(w) for w in self.mapping.codigos.no_programado}:
                found[when] = Decimal(0)
                shown = _("Meta %(when)s en el libro: %(text)s") % {"when": column, "text": NOT_PROGRAMMED}
                if shown in notes:
                    notes.remove(shown)
        for column, text in self.mapping.programado_periodo.items():
            year, _frequency, period = parse_period(text)
            programmed, _raw = self._yes_no(row, values, column)
            target = found.get((year, period))
            if programmed is False:
                if target:
                    self.report(
                        _("dice que el periodo %(when)s no está programado, pero su meta es %(target)s")
                        % {"when": text, "target": target},
                        sheet=self.sheet,
                        row=row,
                        column=column,
                    )
                found[(year, period)] = Decimal(0)
            elif programmed and target is None:
                self.warn(
                    _("dice que el periodo %(when)s está programado, pero no tiene meta") % {"when": text},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )

    def _code_fits(self, code: str, max_length: int, row: int, column: str) -> bool:
        """A code longer than its field is refused (cutting it could make two codes one)."""
        if len(code) <= max_length:
            return True
        self.report(
            _("el código '%(code)s' tiene %(length)d caracteres y el sistema admite a lo sumo %(max)d")
            % {"code": code[:80], "length": len(code), "max": max_length},
            sheet=self.sheet,
            row=row,
            column=column,
        )
        return False

    def _level_code_and_name(self, level: LevelMapping, values: dict[str, Any]) -> tuple[str, str]:
        raw = values.get(level.codigo)
        if level.dividir:
            whole = cell_text(raw).strip()
            found = re.match(level.patron_dividir or SPLIT, whole, re.DOTALL)
            if found is None:
                return (level.formato_codigo.apply(whole) if level.formato_codigo else whole), ""
            code, name = found["codigo"], " ".join(found["nombre"].split())
            return (level.formato_codigo.apply(code) if level.formato_codigo else code.strip()), name
        code = level.formato_codigo.apply(raw) if level.formato_codigo else cell_text(raw).strip()
        name = " ".join(cell_text(values.get(level.nombre)).split()) if level.nombre else code
        return code, name

    def _levels(self, row: int, values: dict[str, Any], sheet: Sheet) -> str | None:
        parent: str | None = None
        for level in self.mapping.niveles:
            code, name = self._level_code_and_name(level, values)
            if code and level.componer and parent is not None:
                code = f"{parent}.{code}"
            if not code:
                if not level.opcional:
                    self.report(_("falta el código"), sheet=self.sheet, row=row, column=level.codigo)
                    return None
                break
            if not self._code_fits(code, NODE_CODE, row, level.codigo):
                return None
            if not name:
                self.report(
                    _("falta el nombre"), sheet=self.sheet, row=row, column=level.nombre or level.codigo
                )
                return None
            name = fits(self, name, 400, sheet=self.sheet, row=row, column=level.nombre or level.codigo)
            known = sheet.nodes.get(code)
            kind = level.nivel
            weight = self._decimal(row, values, level.peso, places=15) if level.peso else None
            if known is None:
                sheet.nodes[code] = Node(kind, code, name, parent, weight)
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
        if raw is None or cell_text(raw).strip() == "":
            return None
        try:
            number = read_number(raw, SEQUENCE_LIMITS)
        except InputError as refused:
            number = None
            why = refused.message
        if number is None or number < 0:
            self.report(
                _("se esperaba un número entero y dice '%(value)s'") % {"value": cell_text(raw)}
                + (f": {why}" if number is None else ""),
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None
        return int(number)

    def _read(self, row: int, column: str, raw: Any, limits: NumberLimits) -> Decimal:
        """The number as its column keeps it; a warning when it had more decimals than the column keeps.
        ``InputError`` when it is not a number or does not fit (the one number policy)."""
        text = raw.strip().rstrip("%").strip() if isinstance(raw, str) else raw
        exact = read_number(text, EXACT)
        fitted = fit_number(exact, limits)
        if fitted != exact:
            self.warn(
                _("el valor %(value)s tiene más de %(places)d decimales: se guarda %(kept)s")
                % {"value": format(exact.normalize(), "f"), "places": limits.decimal_places, "kept": fitted},
                sheet=self.sheet,
                row=row,
                column=column,
            )
        return fitted

    def _number_or_note(
        self,
        row: int,
        values: dict[str, Any],
        column: str,
        limits: NumberLimits = VALUE_LIMITS,
        *,
        numeric_codes: bool = True,
    ) -> tuple[Decimal | None, str, str]:
        """A number; or a "no data" code (S/D, -1, -2, ``codigos.sin_dato``) or a declared text's code
        (``codigos.textos``); or, with ``codigos.texto_como_nota``, the text kept as a note with a warning.
        Returns (number, code, note)."""
        raw = values.get(column)
        if raw is None or cell_text(raw).strip() == "":
            return None, "", ""
        codes = self.mapping.codigos
        text = cell_text(raw).strip()
        if isinstance(raw, str):
            if fold(text) in TEXT_CODES or fold(text) in {fold(w) for w in codes.sin_dato}:
                return None, text.upper()[:VALUE_CODE], ""
            if fold(text) in {fold(w) for w in codes.no_programado}:
                return None, NOT_PROGRAMMED, ""
            declared = {fold(k): v for k, v in codes.textos.items()}.get(fold(text))
            if declared is not None:
                return None, declared.strip(), ""
        try:
            number = self._read(row, column, raw, limits)
        except InputError as refused:
            if isinstance(raw, str) and codes.texto_como_nota and not re.fullmatch(r"[-+0-9.,\s%]+", text):
                self.warn(
                    _("'%(value)s' no es un número: queda como nota del indicador, sin valor")
                    % {"value": text[:80]},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
                return None, "", text
            self.report(
                _(
                    "se esperaba un número (o un código: S/D, -1, -2 o los de codigos.sin_dato y "
                    "codigos.textos): %(why)s"
                )
                % {"why": refused.message},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None, "", ""
        if numeric_codes and number in (Decimal(-1), Decimal(-2)):
            return None, str(int(number)), ""
        return number, "", ""

    def _decimal(
        self,
        row: int,
        values: dict[str, Any],
        column: str,
        places: int = 6,
        limits: NumberLimits | None = None,
    ) -> Decimal | None:
        """A number for a weight (``places=15``) or a value, checked against what its column holds."""
        raw = values.get(column)
        if raw is None or cell_text(raw).strip() == "":
            return None
        try:
            return self._read(row, column, raw, limits or (WEIGHT_LIMITS if places == 15 else VALUE_LIMITS))
        except InputError as refused:
            self.report(
                _("se esperaba un número: %(why)s") % {"why": refused.message},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[Sheet], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        targets = {fields["code"]: fields.pop("targets") for fields in rows[0].indicators}
        programmed = {fields["code"]: fields.pop("programmed") for fields in rows[0].indicators}
        achievements = {fields["code"]: fields.pop("achievements") for fields in rows[0].indicators}
        for fields in rows[0].indicators:
            fields.setdefault("sequence", None)
        changes = self._changes(rows[0], targets)
        result = super().write(rows, progress)
        # NB: the counts by the plan's own levels, not Medellín's three
        for key in ("líneas", "componentes", "programas"):
            result.details.pop(key, None)
        kinds = [n.level for n in rows[0].nodes.values()]
        result.details = {
            **{level.label(): kinds.count(level.nivel) for level in self.mapping.niveles},
            **result.details,
        }
        result.details["niveles de la estructura escritos"] = self._write_levels()
        result.changes = changes
        if any(targets.values()):
            ids = dict(
                Indicator.objects.filter(
                    plan=self.plan, development_plan__slug=self.options["development_plan"]
                ).values_list("code", "pk")
            )
            existing: dict[str, Model] = {
                f"{t.indicator_id}:{t.year}:{t.period}": t
                for t in IndicatorTarget.objects.filter(indicator_id__in=ids.values())
            }
            wanted = [
                (
                    f"{ids[code]}:{year}:{period}",
                    {
                        "plan_id": self.plan.pk, "indicator_id": ids[code], "year": year, "period": period,
                        "value": value,
                        # NB: the declared programmed progress is the year's, never a quarter's
                        "programmed": programmed[code].get(year) if period == WHOLE_YEAR else None,
                    },
                )
                for code, by_period in targets.items()
                for (year, period), value in by_period.items()
                if value is not None
            ]  # fmt: skip
            # NB: in bulk, with the catalogue's history (5,000 goals x 4 years in a few seconds)
            counts = ImportResult()
            upsert(IndicatorTarget, existing, wanted, counts)
            written = counts.created + counts.updated
            result.details["metas escritas"] = written
        if any(achievements.values()):
            staged = self._write_achievements(achievements)
            # NB: what the batch would write (new and changed), not yet written: the analyst approves it
            result.details["logros"] = staged.created + staged.details["versiones nuevas"]
            result.details["logros retirados"] = staged.details["retirados"]
            if self.batch is not None:
                result.details["lote"] = self.batch.pk
        if self.mapping.reglas:
            development_plan = DevelopmentPlan.objects.get(
                plan=self.plan, slug=self.options["development_plan"]
            )
            row = set_rules(
                self.plan,
                self.mapping.reglas,
                actor=self.options.get("actor"),
                reason=_("importación de %(file)s") % {"file": self.path.name},
                development_plan=development_plan,
            )
            if row is not None and self.options.get("history_date") is not None:
                # NB: a historical load's rules are in force from its releases' date, like its history
                CalculationRules.objects.filter(pk=row.pk).update(created_at=self.options["history_date"])
            result.details["versión nueva de las reglas de cálculo"] = row.version if row else 0
        return result

    def _write_levels(self) -> int:
        """The plan's levels as the mapping declares them (key, name, depth); rewritten when they differ."""
        assert self.plan is not None
        pdd = DevelopmentPlan.objects.get(plan=self.plan, slug=self.options["development_plan"])
        wanted = [(i, level.nivel, level.label()) for i, level in enumerate(self.mapping.niveles, start=1)]
        saved = list(PddLevel.objects.filter(development_plan=pdd).order_by("depth"))
        if [(lv.depth, lv.key, lv.name) for lv in saved] == wanted:
            return 0
        PddLevel.objects.filter(development_plan=pdd).delete()
        PddLevel.objects.bulk_create(
            PddLevel(plan=self.plan, development_plan=pdd, depth=depth, key=key, name=name)
            for depth, key, name in wanted
        )
        return len(wanted)

    def _changes(self, sheet: Sheet, targets: dict[str, dict[tuple[int, int], Decimal]]) -> list[Change]:
        """What the import creates or changes, record by record, and what it leaves out (rows that are not
        data, ignored columns, warnings), for the planner's report."""
        assert self.plan is not None
        pdd = DevelopmentPlan.objects.filter(plan=self.plan, slug=self.options["development_plan"]).first()
        names = {level.nivel: level.label() for level in self.mapping.niveles}
        changes: list[Change] = []
        nodes = {n.code: n for n in PddNode.objects.filter(development_plan=pdd)} if pdd else {}
        for node in sheet.nodes.values():
            what = names.get(node.level, node.level)
            old = nodes.get(node.code)
            if old is None:
                changes.append(Change(_("crear"), what, node.code, node.name))
                continue
            moved = []
            if old.name != node.name:
                moved.append(_("nombre: «%(old)s» → «%(new)s»") % {"old": old.name, "new": node.name})
            if old.level != node.level:
                moved.append(_("nivel: %(old)s → %(new)s") % {"old": old.level, "new": node.level})
            if node.weight is not None and old.weight != node.weight:
                moved.append(_("peso: %(old)s → %(new)s") % {"old": old.weight, "new": node.weight})
            changes.append(
                Change(_("cambiar") if moved else _("sin cambios"), what, node.code, "; ".join(moved))
            )
        indicators = {i.code: i for i in Indicator.objects.filter(plan=self.plan, development_plan=pdd)}
        saved_targets: dict[tuple[str, int, int], Decimal] = {}
        if pdd is not None:
            for code, year, period, value in IndicatorTarget.objects.filter(
                indicator__development_plan=pdd
            ).values_list("indicator__code", "year", "period", "value"):
                saved_targets[(code, year, period)] = value
        shown = {
            "name": _("nombre"),
            "unit": _("unidad"),
            "baseline_value": _("línea base"),
            "baseline_code": _("código de línea base"),
            "plan_target": _("meta del plan"),
            "plan_target_code": _("código de meta"),
            "weight": _("peso"),
            "accumulation": _("acumulación"),
            "direction": _("sentido"),
            "indicator_type": _("tipo"),
            "observations": _("observaciones"),
        }
        for fields in sheet.indicators:
            saved = indicators.get(fields["code"])
            if saved is None:
                changes.append(Change(_("crear"), _("indicador"), fields["code"], fields["name"]))
            else:
                moved = [
                    _("%(field)s: %(old)s → %(new)s")
                    % {"field": label, "old": _short(getattr(saved, key)), "new": _short(fields[key])}
                    for key, label in shown.items()
                    if key in fields and getattr(saved, key) != fields[key]
                ]
                hung = nodes.get(fields["node"] or "")
                if hung is not None and saved.pdd_node_id is not None and hung.pk != saved.pdd_node_id:
                    moved.append(_("cambia de nivel: %(node)s") % {"node": fields["node"]})
                changes.append(
                    Change(
                        _("cambiar") if moved else _("sin cambios"),
                        _("indicador"),
                        fields["code"],
                        "; ".join(moved),
                    )
                )
            for (year, period), value in sorted(targets.get(fields["code"], {}).items()):
                when = f"{year}" if period == WHOLE_YEAR else f"{year}-{period}"
                before = saved_targets.get((fields["code"], year, period))
                if before is None:
                    changes.append(
                        Change(_("crear"), _("meta %(when)s") % {"when": when}, fields["code"], _short(value))
                    )
                elif before != value:
                    changes.append(
                        Change(
                            _("cambiar"),
                            _("meta %(when)s") % {"when": when},
                            fields["code"],
                            f"{_short(before)} → {_short(value)}",
                        )
                    )
        for skipped in self.tables.skipped:
            changes.append(
                Change(
                    _("omitir"),
                    _("fila"),
                    "",
                    skipped.reason,
                    str(self.problem("", sheet=skipped.sheet or None, row=skipped.row)).rstrip(": "),
                )
            )
        for sheet_name, letter, header in self.tables.ignored:
            changes.append(
                Change(
                    _("ignorar"),
                    _("columna"),
                    header,
                    _("no se importa (ignorar)"),
                    str(self.problem("", sheet=sheet_name or None, column=header, letter=letter)).rstrip(
                        ": "
                    ),
                )
            )
        for warning in self.warnings:
            place = str(
                self.problem(
                    "", sheet=warning.sheet, row=warning.row, column=warning.column, letter=warning.letter
                )
            )
            changes.append(Change(_("advertencia"), "", "", warning.message, place.rstrip(": ")))
        return changes

    def _write_achievements(
        self, achievements: dict[str, dict[tuple[int, int], tuple[Decimal | None, str, str]]]
    ) -> ImportResult:
        """The achievements of each year, quarter or month as indicator values, staged as a batch for the
        analyst's review like a CSV of values (``IndicatorValuesImporter.write``): approved, they become new
        versions; until then no figure reads them. Nothing new, changed or withdrawn makes no batch."""
        assert self.plan is not None
        ids = dict(
            Indicator.objects.filter(
                plan=self.plan, development_plan__slug=self.options["development_plan"]
            ).values_list("code", "pk")
        )
        rows = [
            ValueRow(0, ids[code], year, None, value, value_code, note, period)
            for code, by_period in achievements.items()
            for (year, period), (value, value_code, note) in sorted(by_period.items())
            if value is not None or value_code or note
        ]
        values = IndicatorValuesImporter(
            self.path, plan=self.plan, actor=self.options.get("actor"), batch_importer=self.name
        )
        staged = values.write(rows)
        self.batch = values.batch
        return staged


def _short(value: Any) -> str:
    """A value as the report shows it: numbers without trailing zeros, texts cut at 80 characters."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"
