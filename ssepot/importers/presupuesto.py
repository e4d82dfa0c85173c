"""A development plan's money from any budget execution workbook, read through a YAML column mapping.

``ssepot import presupuesto LIBRO.xlsx --plan SLUG --mapping MAPA.yml`` reads one sheet (or a CSV) whose rows
are budget lines: the plan level (program, component, line) or the goal (indicator) they fund, the year, and
the amounts a Colombian budget execution report carries (apropiación inicial and definitiva, compromisos,
obligaciones, pagos, ejecutado, plan financiero), with the investment project (BPIN code and name), the
funding source and the agency. They become ``ProgramInvestment`` rows of a development plan whose structure
is already loaded (``ssepot import plan-indicativo``), matched on (level or goal, year, BPIN, source), so a
second run changes nothing.

Every amount is read by the one number policy (``ssepot.core.inputs``) and checked against its column's
limits (integer pesos, ``NumberLimits``) before anything is written; a mapping may declare the workbook's
unit (pesos, miles, millones) and whether cents are rounded. A code that is not in the plan, a year outside
the plan, an amount that is negative, too large or not a number, a repeated budget line: each stops the
import with the file, sheet, row and column, and nothing is written. An upper level's code that disagrees
with the plan's structure is a warning: the money goes where the row's own code puts it. The mapping for
Medellín's 2020-2023 financial execution is ``ssepot/importers/mappings/medellin-presupuesto-2020-2023.yml``;
``docs/correspondencias.md`` documents every key.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ssepot.catalogue.models import Agency
from ssepot.core.inputs import InputError, NumberLimits, clean_text, fit_number, fold, read_number
from ssepot.development.models import DevelopmentPlan, PddNode, ProgramInvestment
from ssepot.importers.base import Change, ImportResult, Problem, Progress, register
from ssepot.importers.mapping_files import read_mapping
from ssepot.importers.readers import CheckedImporter, cell_text, decode, fits, stepper, upsert
from ssepot.indicators.models import Indicator

MAPPINGS = Path(__file__).resolve().parent / "mappings"

AMOUNTS = {
    "apropiacion_inicial": "initial_appropriation",
    "apropiacion_definitiva": "budget",
    "compromisos": "commitments",
    "obligaciones": "obligations",
    "pagos": "payments",
    "ejecutado": "executed",
    "plan_financiero": "financial_plan",
}
"""The mapping's amount keys -> the ``ProgramInvestment`` fields they fill."""
UNITS = {"pesos": 1, "miles": 1_000, "millones": 1_000_000}
READING = NumberLimits(6, 25)
"""How an amount is read before its unit and its column's limits apply: six decimals, 25 digits (the
column's own limit speaks after the unit applies)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Amounts(Strict):
    apropiacion_inicial: str | None = None
    apropiacion_definitiva: str
    compromisos: str | None = None
    obligaciones: str | None = None
    pagos: str | None = None
    ejecutado: str | None = None
    """Without it, the executed amount is the commitments (compromisos)."""
    plan_financiero: str | None = None


class BudgetMapping(Strict):
    plan_desarrollo: str = Field(min_length=1, max_length=60)
    """The development plan's identifier: it must exist, with its structure loaded."""
    hoja: str | None = None
    fila_encabezado: int = Field(1, ge=1, le=1000)
    vigencia: int | str
    """A year (``2023``: the whole sheet is that year's) or the column that holds each row's year."""
    corte: dt.date | None = None
    """The date the amounts were taken (a mid-year execution report)."""
    nivel: str | None = None
    """The column with the code of the plan's level (program, component or line) the row funds."""
    indicador: str | None = None
    """The column with the code of the goal (indicator) the row funds; its level is the indicator's."""
    niveles_superiores: list[str] = []
    """Columns with the codes of the upper levels: checked against the plan's structure (a warning)."""
    montos: Amounts
    unidad_montos: Literal["pesos", "miles", "millones"] = "pesos"
    centavos: Literal["rechazar", "redondear"] = "rechazar"
    bpin: str | None = None
    proyecto: str | None = None
    fuente: str | None = None
    dependencia: str | None = None
    """The column with the agency's name, code or acronym (the agency must exist)."""
    omitir_filas: list[str] = []
    """Texts of the level (or goal) code column that mark rows to skip, such as ``TOTAL``; ``""``: empty."""
    sumar_repetidas: bool = False
    """Rows of the same budget line (level or goal, year, BPIN, source) are added up instead of refused."""
    ignorar: list[str] = []

    @model_validator(mode="after")
    def where_the_money_goes(self) -> BudgetMapping:
        if not self.nivel and not self.indicador:
            raise ValueError("declare «nivel» (columna del código del nivel del plan) o «indicador»")
        if isinstance(self.vigencia, int) and not 1900 <= self.vigencia <= 2200:
            raise ValueError(f"la vigencia {self.vigencia} no es un año")
        return self

    def columns(self) -> dict[str, str]:
        """Every mapped column -> the key that maps it."""
        found: dict[str, str] = {}
        if isinstance(self.vigencia, str):
            found[self.vigencia] = "vigencia"
        for key in ("nivel", "indicador", "bpin", "proyecto", "fuente", "dependencia"):
            column = getattr(self, key)
            if column:
                found[column] = key
        for i, column in enumerate(self.niveles_superiores):
            found[column] = f"niveles_superiores[{i}]"
        for key, column in self.montos.model_dump(exclude_none=True).items():
            found[column] = f"montos.{key}"
        return found


def load_mapping(path: Path) -> tuple[BudgetMapping | None, list[Problem]]:
    return read_mapping(path, BudgetMapping)


@dataclass
class BudgetLine:
    """One budget line as it will be written: where it goes, its year and its amounts (COP or None)."""

    row: int
    node_id: int
    indicator_id: int | None
    year: int
    texts: dict[str, str]
    amounts: dict[str, int | None]
    agency_id: int | None = None
    rows: list[int] = field(default_factory=list)

    def key(self) -> tuple[int | None, int | None, int, str, str]:
        node = None if self.indicator_id is not None else self.node_id
        return (node, self.indicator_id, self.year, self.texts["bpin"], self.texts["source"])


@register
class BudgetImporter(CheckedImporter[BudgetLine]):
    """A development plan's budget lines from any workbook, through a YAML mapping (option ``mapping``)."""

    name = "presupuesto"
    mapping: BudgetMapping
    pdd: DevelopmentPlan

    @property
    def sheet(self) -> str:
        return str(self.options.get("sheet") or "")

    # -- reading ------------------------------------------------------------------------------------------

    def read(self) -> list[BudgetLine]:
        self.start_reading()
        mapping_path = Path(str(self.options.get("mapping") or ""))
        mapping, problems = load_mapping(mapping_path)
        self.problems += problems
        self.raise_problems()
        assert mapping is not None and self.plan is not None
        self.mapping = mapping
        pdd = DevelopmentPlan.objects.filter(plan=self.plan, slug=mapping.plan_desarrollo).first()
        if pdd is None:
            known = ", ".join(
                DevelopmentPlan.objects.filter(plan=self.plan).values_list("slug", flat=True)
            ) or _("ninguno")
            self.report(
                _(
                    "no existe el plan de desarrollo «%(pdd)s» en el plan «%(plan)s» (hay: %(known)s); "
                    "cree el plan y su estructura con ssepot import plan-indicativo antes de su presupuesto"
                )
                % {"pdd": mapping.plan_desarrollo, "plan": self.plan.slug, "known": known}
            )
            self.raise_problems()
        assert pdd is not None
        self.pdd = pdd
        header, rows = self._table()
        self.raise_problems()
        self._check_columns(header, mapping_path.name)
        self.raise_problems()

        nodes: dict[str, tuple[int, str | None]] = {
            code: (pk, parent)
            for pk, code, parent in PddNode.objects.filter(development_plan=pdd).values_list(
                "pk", "code", "parent__code"
            )
        }
        by_pk = {pk: code for code, (pk, _parent) in nodes.items()}
        self._codes = by_pk
        indicators: dict[str, tuple[int, int | None]] = {
            code: (pk, node)
            for pk, code, node in Indicator.objects.filter(plan=self.plan, development_plan=pdd).values_list(
                "pk", "code", "pdd_node_id"
            )
        }
        agencies: dict[str, int] = {}
        for pk, code, name, acronym in Agency.objects.filter(plan=self.plan).values_list(
            "pk", "code", "name", "acronym"
        ):
            for word in (code, name, acronym):
                if word:
                    agencies.setdefault(fold(word), pk)

        lines: dict[tuple[int | None, int | None, int, str, str], BudgetLine] = {}
        skipped: list[tuple[int, str]] = []
        for number, values in rows:
            code_column = mapping.nivel or mapping.indicador
            assert code_column is not None
            if fold(cell_text(values.get(code_column))) in {fold(t) for t in mapping.omitir_filas}:
                skipped.append((number, cell_text(values.get(code_column)).strip()))
                continue
            line = self._line(number, values, nodes, by_pk, indicators, agencies)
            if line is None:
                continue
            key = line.key()
            first = lines.get(key)
            if first is None:
                lines[key] = line
            elif mapping.sumar_repetidas:
                first.rows.append(number)
                for name, amount in line.amounts.items():
                    if amount is not None:
                        first.amounts[name] = (first.amounts[name] or 0) + amount
            else:
                self.report(
                    _(
                        "esta línea de presupuesto ya está en la fila %(first)d (mismo nivel o meta, "
                        "vigencia, BPIN y fuente); corrija el libro o declare sumar_repetidas: true"
                    )
                    % {"first": first.row},
                    sheet=self.sheet,
                    row=number,
                    column=code_column,
                )
        self.skipped = skipped
        self.ignored = [c for c in header if c and c in set(mapping.ignorar)]
        self.raise_problems()
        return list(lines.values())

    def _table(self) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
        header_row = self.mapping.fila_encabezado
        if self.path.suffix.lower() == ".csv":
            self.options["sheet"] = ""
            text = decode(self, self.path.read_bytes(), str(self.options.get("encoding") or "utf-8"))
            if text is None:
                return [], []
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            return self._rows(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            self.report(_("no es un libro de Excel (.xlsx) legible: %(error)s") % {"error": exc})
            return [], []
        try:
            name = self.mapping.hoja or book.sheetnames[0]
            self.options["sheet"] = name
            if name not in book.sheetnames:
                self.report(
                    _("no existe la hoja '%(sheet)s'; el libro tiene: %(sheets)s")
                    % {"sheet": name, "sheets": ", ".join(book.sheetnames)}
                )
                return [], []
            header, rows = self._rows(book[name].iter_rows(values_only=True))
            if not header:
                self.report(
                    _("la hoja no llega a la fila de encabezado %(row)d") % {"row": header_row},
                    sheet=self.sheet,
                )
            return header, rows
        finally:
            book.close()

    def _rows(self, raw: Any) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
        header: list[str] = []
        rows: list[tuple[int, dict[str, Any]]] = []
        empty = 0
        for number, values in enumerate(raw, start=1):
            if number < self.mapping.fila_encabezado:
                continue
            if number == self.mapping.fila_encabezado:
                header = [cell_text(h).strip() for h in values]
                if self.sheet:
                    from openpyxl.utils import get_column_letter

                    self._letters = {h: get_column_letter(i + 1) for i, h in enumerate(header) if h}
                continue
            if not any(v is not None and str(v).strip() for v in values):
                # NB: a sheet formatted down to its last row is read until 100 empty rows in a row
                empty += 1
                if empty >= 100:
                    break
                continue
            empty = 0
            rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
        return header, rows

    def _check_columns(self, header: list[str], mapping_name: str) -> None:
        mapped = self.mapping.columns()
        ignored = set(self.mapping.ignorar)
        row = self.mapping.fila_encabezado
        seen: set[str] = set()
        for column in header:
            if column in seen and column in mapped:
                self.report(
                    _("la columna aparece dos veces en el encabezado: no se sabe cuál leer"),
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
            seen.add(column)
            if column and column not in mapped and column not in ignored:
                self.report(
                    _("columna sin correspondencia: añádala a %(file)s (montos, textos o ignorar)")
                    % {"file": mapping_name},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
        for column, key in mapped.items():
            if column not in seen:
                self.report(
                    _("la columna que declara «%(key)s» en %(file)s no está en el encabezado")
                    % {"key": key, "file": mapping_name},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
        for column in self.mapping.ignorar:
            if column not in seen:
                self.warn(
                    _("«ignorar» nombra una columna que no está en el encabezado"),
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )

    # -- one row ------------------------------------------------------------------------------------------

    def _line(
        self,
        row: int,
        values: dict[str, Any],
        nodes: dict[str, tuple[int, str | None]],
        by_pk: dict[int, str],
        indicators: dict[str, tuple[int, int | None]],
        agencies: dict[str, int],
    ) -> BudgetLine | None:
        m = self.mapping
        before = len(self.problems)
        node_id: int | None = None
        indicator_id: int | None = None
        if m.nivel:
            code = cell_text(values.get(m.nivel)).strip()
            if not code:
                self.report(
                    _("falta el código del nivel del plan"), sheet=self.sheet, row=row, column=m.nivel
                )
            elif code not in nodes:
                self.report(
                    _(
                        "el código '%(code)s' no está en la estructura del plan de desarrollo «%(pdd)s»: "
                        "cárguela con ssepot import plan-indicativo o corrija el código"
                    )
                    % {"code": code, "pdd": self.pdd.slug},
                    sheet=self.sheet,
                    row=row,
                    column=m.nivel,
                )
            else:
                node_id = nodes[code][0]
        if m.indicador:
            code = cell_text(values.get(m.indicador)).strip()
            found = indicators.get(code) if code else None
            if code and found is None:
                self.report(
                    _("la meta (indicador) '%(code)s' no está en el plan de desarrollo «%(pdd)s»")
                    % {"code": code, "pdd": self.pdd.slug},
                    sheet=self.sheet,
                    row=row,
                    column=m.indicador,
                )
            elif found is not None:
                indicator_id, its_node = found
                if node_id is not None and its_node != node_id:
                    self.report(
                        _("la meta '%(code)s' es del nivel '%(its)s', no del que dice la fila")
                        % {"code": code, "its": by_pk.get(its_node or 0, "")},
                        sheet=self.sheet,
                        row=row,
                        column=m.indicador,
                    )
                node_id = its_node
            elif not m.nivel:
                self.report(_("falta el código de la meta"), sheet=self.sheet, row=row, column=m.indicador)
        if node_id is not None:
            self._check_upper_levels(row, values, node_id, nodes, by_pk)
        year = self._year(row, values)
        texts = {
            "bpin": self._text(row, values, m.bpin, "bpin"),
            "project": self._text(row, values, m.proyecto, "project"),
            "source": self._text(row, values, m.fuente, "source"),
        }
        agency_id: int | None = None
        if m.dependencia and (name := cell_text(values.get(m.dependencia)).strip()):
            agency_id = agencies.get(fold(name))
            if agency_id is None:
                self.report(
                    _(
                        "no existe la dependencia '%(name)s' en el plan (se busca por nombre, código o "
                        "sigla); créela con ssepot agency create"
                    )
                    % {"name": name},
                    sheet=self.sheet,
                    row=row,
                    column=m.dependencia,
                )
        amounts = {
            attribute: self._amount(row, values, getattr(m.montos, key), attribute)
            for key, attribute in AMOUNTS.items()
        }
        if m.montos.ejecutado is None:
            amounts["executed"] = amounts["commitments"]
        if amounts["budget"] is None and len(self.problems) == before:
            self.report(
                _("falta la apropiación definitiva"),
                sheet=self.sheet,
                row=row,
                column=m.montos.apropiacion_definitiva,
            )
        if len(self.problems) > before or node_id is None or year is None:
            return None
        return BudgetLine(row, node_id, indicator_id, year, texts, amounts, agency_id, [row])

    def _check_upper_levels(
        self,
        row: int,
        values: dict[str, Any],
        node_id: int,
        nodes: dict[str, tuple[int, str | None]],
        by_pk: dict[int, str],
    ) -> None:
        """Each upper level's code the row writes must be an ancestor of its level in the plan; if not, a
        warning: the money goes where the row's own code puts it, and so do its sums."""
        ancestors: list[str] = []
        parent = nodes[by_pk[node_id]][1]
        while parent is not None:
            ancestors.append(parent)
            parent = nodes[parent][1] if parent in nodes else None
        for column in self.mapping.niveles_superiores:
            written = cell_text(values.get(column)).strip()
            if written and written not in ancestors:
                self.warn(
                    _(
                        "la fila dice '%(written)s', pero en la estructura del plan '%(code)s' está bajo "
                        "%(ancestors)s: el dinero se suma a '%(code)s' y a sus niveles superiores del plan"
                    )
                    % {
                        "written": written,
                        "code": by_pk[node_id],
                        "ancestors": " > ".join(reversed(ancestors)) or _("ningún nivel"),
                    },
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )

    def _year(self, row: int, values: dict[str, Any]) -> int | None:
        given = self.mapping.vigencia
        if isinstance(given, int):
            year: int | None = given
            column = "vigencia"
        else:
            column = given
            raw = cell_text(values.get(column)).strip()
            year = int(raw) if raw.isdigit() else None
            if year is None:
                self.report(
                    _("se esperaba el año de la vigencia (p. ej. 2023) y dice '%(value)s'") % {"value": raw},
                    sheet=self.sheet,
                    row=row,
                    column=column,
                )
                return None
        assert year is not None
        if not self.pdd.start_year <= year <= self.pdd.end_year:
            self.report(
                _("la vigencia %(year)d está fuera del plan de desarrollo «%(pdd)s» (%(start)d-%(end)d)")
                % {
                    "year": year,
                    "pdd": self.pdd.slug,
                    "start": self.pdd.start_year,
                    "end": self.pdd.end_year,
                },
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None
        return year

    def _text(self, row: int, values: dict[str, Any], column: str | None, attribute: str) -> str:
        if not column:
            return ""
        try:
            text = clean_text(cell_text(values.get(column)))
        except InputError as exc:
            self.report(exc.message, sheet=self.sheet, row=row, column=column)
            return ""
        max_length = int(getattr(ProgramInvestment._meta.get_field(attribute), "max_length", 0) or 0)
        if attribute == "project":
            return fits(self, text, max_length, sheet=self.sheet, row=row, column=column)
        if len(text) > max_length:
            # NB: a key (BPIN, source) is never cut: two cut keys could become one line
            self.report(
                _("el texto tiene %(length)d caracteres y caben a lo sumo %(max)d")
                % {"length": len(text), "max": max_length},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return ""
        return text

    def _amount(self, row: int, values: dict[str, Any], column: str | None, attribute: str) -> int | None:
        """The cell as integer pesos (None when blank), by the number policy and the column's limits."""
        if not column:
            return None
        raw = values.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        limits = NumberLimits.of(ProgramInvestment._meta.get_field(attribute))
        try:
            number = read_number(
                raw.strip().removeprefix("$").strip() if isinstance(raw, str) else raw, READING
            )
            number *= UNITS[self.mapping.unidad_montos]
            if self.mapping.centavos == "redondear":
                number = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            pesos = fit_number(number, limits)
        except InputError as exc:
            self.report(exc.message, sheet=self.sheet, row=row, column=column)
            return None
        if pesos < 0:
            self.report(
                _("un monto no puede ser negativo: %(value)s") % {"value": cell_text(raw)},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None
        return int(pesos)

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[BudgetLine], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        result = ImportResult(
            details={
                "líneas de presupuesto": len(rows),
                "filas omitidas (omitir_filas)": len(getattr(self, "skipped", [])),
                "columnas ignoradas": len(getattr(self, "ignored", [])),
                "filas sumadas (sumar_repetidas)": sum(len(line.rows) - 1 for line in rows),
                "apropiación definitiva (COP)": sum(line.amounts["budget"] or 0 for line in rows),
                "ejecutado (COP)": sum(line.amounts["executed"] or 0 for line in rows),
            }
        )
        existing: dict[str, ProgramInvestment] = {}
        years = {line.year for line in rows}
        for obj in ProgramInvestment.objects.filter(
            plan=self.plan, node__development_plan=self.pdd, year__in=years
        ):
            node = None if obj.indicator_id is not None else obj.node_id
            existing[repr((node, obj.indicator_id, obj.year, obj.bpin, obj.source))] = obj
        wanted: list[tuple[str, dict[str, Any]]] = []
        for line in rows:
            values = {"plan_id": self.plan.pk, **dict(self._values(line))}
            result.changes.append(self._change(line, values, existing.get(repr(line.key()))))
            wanted.append((repr(line.key()), values))
        # NB: in bulk, with the catalogue's history (who imported, and the file as the reason: ADR 0006)
        upsert(ProgramInvestment, existing, wanted, result, stepper(progress, len(rows), every=25))
        left = set(existing) - {key for key, _values in wanted}
        result.changes += self._left_out()
        if left:
            result.warnings.append(
                self.problem(
                    _(
                        "%(n)d línea(s) de presupuesto de la(s) vigencia(s) %(years)s ya guardadas no "
                        "están en el archivo y se conservan (bórrelas en la administración si sobran)"
                    )
                    % {"n": len(left), "years": ", ".join(str(y) for y in sorted(years))}
                )
            )
        return result

    def _place(self, row: int | None = None, column: str | None = None) -> str:
        where = self.problem("", sheet=self.sheet or None, row=row, column=column)
        letter = self._letters.get(column or "")
        return str(Problem(where.file, "", where.sheet, row, column, letter)).rstrip(": ")

    def _change(self, line: BudgetLine, values: dict[str, Any], found: ProgramInvestment | None) -> Change:
        """One line of the planner's report: the budget line created, changed (which amounts) or unchanged."""
        code = " ".join(
            p for p in (self._codes.get(line.node_id, ""), line.texts["bpin"], line.texts["source"]) if p
        )
        what = _("línea de presupuesto %(year)d") % {"year": line.year}
        place = self._place(line.row)
        if found is None:
            shown = "; ".join(
                f"{key} {amount}"
                for key, attribute in AMOUNTS.items()
                if (amount := values[attribute]) is not None
            )
            return Change(_("crear"), what, code, shown, place)
        moved = [
            f"{name}: {getattr(found, name)} → {value}"
            for name, value in values.items()
            if getattr(found, name) != value
        ]
        return Change(_("cambiar") if moved else _("sin cambios"), what, code, "; ".join(moved), place)

    def _left_out(self) -> list[Change]:
        """The rows skipped by ``omitir_filas``, the ignored columns and the warnings, for the report."""
        changes = [
            Change(_("omitir"), _("fila"), text, "omitir_filas", self._place(row))
            for row, text in getattr(self, "skipped", [])
        ]
        changes += [
            Change(
                _("ignorar"), _("columna"), column, _("no se importa (ignorar)"), self._place(column=column)
            )
            for column in getattr(self, "ignored", [])
        ]
        for warning in self.warnings:
            where = Problem(warning.file, "", warning.sheet, warning.row, warning.column, warning.letter)
            changes.append(Change(_("advertencia"), "", "", warning.message, str(where).rstrip(": ")))
        return changes

    def _values(self, line: BudgetLine) -> Iterator[tuple[str, Any]]:
        yield "node_id", line.node_id
        yield "indicator_id", line.indicator_id
        yield "agency_id", line.agency_id
        yield "year", line.year
        yield "cutoff", self.mapping.corte
        yield from line.texts.items()
        for attribute, amount in line.amounts.items():
            # NB: the two amounts every line has are 0 when the source leaves them blank
            yield attribute, amount if amount is not None or attribute not in {"budget", "executed"} else 0
