"""Development-plan indicator technical sheets (fichas metodológicas) from Medellín's 'Reporte_Fichas' sheet.

One row per indicator. The row also carries the plan structure (line > component > program), which becomes
the ``PddNode`` tree of one ``DevelopmentPlan``; result indicators have no program and hang from their
component. Options: ``development_plan`` (slug, default 'pdd-2020-2023'), ``name`` (default 'Plan de
Desarrollo 2020-2023'), ``start_year`` (2020), ``end_year`` (2023), ``sheet`` ('Reporte_Fichas').
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ssepot.catalogue.models import Agency
from ssepot.core.inputs import fold, to_decimal
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.importers.base import ImportResult, Progress, register
from ssepot.importers.readers import (
    CheckedImporter,
    cell_text,
    fits,
    missing_columns,
    read_xlsx,
    stable_slug,
    stepper,
    upsert,
)
from ssepot.indicators.models import Indicator

DEFAULT_SHEET = "Reporte_Fichas"
REQUIRED = [
    "CodLinea",
    "NombreLinea",
    "CodComponenteCompuesto",
    "NombreComponente",
    "CodProgramaCompuesto",
    "NombrePrograma",
    "Indicador",
    "Tipo",
    "CodigoIndicador",
    "NombreIndicador",
    "Unidad",
    "LB",
    "MetaPlan",
    "FC",
    "Sentido",
]
# Descriptive columns of the sheet -> Indicator text fields; a sheet without one of them still imports.
TEXT_COLUMNS = {
    "Definicion": "definition",
    "Objetivo": "objective",
    "Normativa": "legal_basis",
    "FormulaIndicador": "formula",
    "VariablesOperativas": "operative_variables",
    "Comportamientodeseado": "desired_behaviour",
    "Periodicidad": "periodicity",
    "Fuente": "source",
    "TipoFuente": "source_type",
    "MedioVerificacion": "verification_means",
    "VigenciaLB": "baseline_year",
    "TipoLB": "baseline_type",
    "FormatoDatosFuente": "data_format",
    "InstrumentoRecoleccion": "collection_instrument",
    "Observaciones": "observations",
}
AGENCY_COLUMNS = {"Responsable": "agency", "ResponsableReportePI": "reporting_agency"}
OPTIONAL = [*TEXT_COLUMNS, "IncluyeLB", *AGENCY_COLUMNS]

# NB: in these sheets -1 and -2 mean "no baseline / not measurable yet", not negative quantities.
NUMERIC_CODES = {Decimal(-1): "-1", Decimal(-2): "-2"}
TEXT_CODES = {"s/d", "sd", "n/a", "na", "nd", "n/d", "-1", "-2"}
TYPES = {"p": "P", "r": "R", "g": "G", "i": "I", "producto": "P", "resultado": "R"}
ACCUMULATIONS = {"a": "A", "noa": "NoA", "no a": "NoA", "m": "M"}
DIRECTIONS = {"c": "C", "d": "D", "creciente": "C", "decreciente": "D"}
YES = {"si", "s"}
NO = {"no", "n"}


@dataclass(frozen=True)
class Node:
    level: str
    code: str
    name: str
    parent: str | None
    weight: Decimal | None = None
    """The node's own weight among its siblings, when the workbook gives one (rules ``pesos: nodo``)."""


@dataclass
class Sheet:
    """Everything read from the sheet: the structure, the agencies and the indicators."""

    nodes: dict[str, Node] = field(default_factory=dict)
    agencies: list[str] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)


@register
class IndicatorSheetsImporter(CheckedImporter[Sheet]):
    """Create or update a development plan, its structure and its indicators, matched on their codes."""

    name = "indicator-sheets"

    @property
    def sheet(self) -> str:
        return str(self.options.get("sheet") or DEFAULT_SHEET)

    def read(self) -> list[Sheet]:
        self.start_reading()
        table = read_xlsx(self, self.sheet)
        self.raise_problems()
        assert table is not None
        missing_columns(self, table.header, REQUIRED, sheet=self.sheet)
        self.raise_problems()
        for column in OPTIONAL:
            if column not in table.header:
                self.warn(_("falta la columna; el campo queda vacío"), sheet=self.sheet, row=1, column=column)

        sheet = Sheet()
        agencies: dict[str, None] = {}
        first_row: dict[str, int] = {}
        for number, values in table.rows:
            indicator = self._indicator(number, values, sheet)
            if indicator is None:
                continue
            code = indicator["code"]
            if code in first_row:
                self.report(
                    _("el código de indicador '%(code)s' está repetido (ya aparece en la fila %(first)d)")
                    % {"code": code, "first": first_row[code]},
                    sheet=self.sheet,
                    row=number,
                    column="CodigoIndicador",
                )
                continue
            first_row[code] = number
            for column in AGENCY_COLUMNS:
                if indicator[column]:
                    agencies[indicator[column]] = None
            sheet.indicators.append(indicator)
        sheet.agencies = list(agencies)
        self.raise_problems()
        return [sheet]

    # Checking one row ---------------------------------------------------------------------------------

    def _indicator(self, row: int, values: dict[str, Any], sheet: Sheet) -> dict[str, Any] | None:
        """Check one row; report its problems and return None if any, else the indicator's fields."""
        before = len(self.problems)
        node_code = self._structure(row, values, sheet)

        code = cell_text(values.get("CodigoIndicador")).strip()
        if not code:
            self.report(
                _("falta el código del indicador"), sheet=self.sheet, row=row, column="CodigoIndicador"
            )
        elif node_code and not code.startswith(f"{node_code}."):
            self.warn(
                _("el código '%(code)s' no empieza por el de su programa o componente '%(node)s'")
                % {"code": code, "node": node_code},
                sheet=self.sheet,
                row=row,
                column="CodigoIndicador",
            )
        name = cell_text(values.get("NombreIndicador")).strip()
        if not name:
            self.report(
                _("falta el nombre del indicador"), sheet=self.sheet, row=row, column="NombreIndicador"
            )
        unit = cell_text(values.get("Unidad")).strip()
        if not unit:
            self.report(_("falta la unidad de medida"), sheet=self.sheet, row=row, column="Unidad")

        fields: dict[str, Any] = {
            "code": code,
            "name": fits(self, name, 600, sheet=self.sheet, row=row, column="NombreIndicador"),
            "unit": fits(self, unit, 120, sheet=self.sheet, row=row, column="Unidad"),
            "sequence": self._sequence(row, values.get("Indicador")),
            "indicator_type": self._choice(row, values, "Tipo", TYPES, "P, R"),
            "accumulation": self._choice(row, values, "FC", ACCUMULATIONS, "A, NoA, M"),
            "direction": self._choice(row, values, "Sentido", DIRECTIONS, "C, D"),
            "node": node_code,
        }
        fields["baseline_value"], fields["baseline_code"] = self._number_or_code(row, values, "LB")
        fields["plan_target"], fields["plan_target_code"] = self._number_or_code(row, values, "MetaPlan")
        fields["baseline_included"], fields["baseline_included_raw"] = self._included(row, values)
        for column, attribute in TEXT_COLUMNS.items():
            text = cell_text(values.get(column))
            max_length = getattr(Indicator._meta.get_field(attribute), "max_length", None)
            fields[attribute] = (
                fits(self, text, max_length, sheet=self.sheet, row=row, column=column) if max_length else text
            )
        for column in AGENCY_COLUMNS:
            fields[column] = cell_text(values.get(column)).strip()
        return None if len(self.problems) > before else fields

    def _structure(self, row: int, values: dict[str, Any], sheet: Sheet) -> str | None:
        """Record the row's line, component and program; return the code of the indicator's node."""
        levels = [
            (PddNode.Level.LINE, "CodLinea", "NombreLinea"),
            (PddNode.Level.COMPONENT, "CodComponenteCompuesto", "NombreComponente"),
            (PddNode.Level.PROGRAM, "CodProgramaCompuesto", "NombrePrograma"),
        ]
        parent: str | None = None
        for level, code_column, name_column in levels:
            code = cell_text(values.get(code_column)).strip()
            if not code:
                if level != PddNode.Level.PROGRAM:  # result indicators have no program
                    self.report(_("falta el código"), sheet=self.sheet, row=row, column=code_column)
                    return None
                break
            if parent is not None and not code.startswith(f"{parent}."):
                self.report(
                    _("el código '%(code)s' no empieza por el de su nivel superior '%(parent)s'")
                    % {"code": code, "parent": parent},
                    sheet=self.sheet,
                    row=row,
                    column=code_column,
                )
                return None
            name = cell_text(values.get(name_column)).strip()
            if not name:
                self.report(_("falta el nombre"), sheet=self.sheet, row=row, column=name_column)
                return None
            known = sheet.nodes.get(code)
            if known is None:
                sheet.nodes[code] = Node(
                    level, code, fits(self, name, 400, sheet=self.sheet, row=row, column=name_column), parent
                )
            elif known.level != level:
                self.report(
                    _("el código '%(code)s' ya se usó para otro nivel del plan") % {"code": code},
                    sheet=self.sheet,
                    row=row,
                    column=code_column,
                )
                return None
            elif known.name != name[: len(known.name)]:
                self.warn(
                    _("'%(code)s' tiene otro nombre en una fila anterior ('%(name)s'); se usa el primero")
                    % {"code": code, "name": known.name},
                    sheet=self.sheet,
                    row=row,
                    column=name_column,
                )
            parent = code
        return parent

    def _sequence(self, row: int, value: Any) -> int | None:
        number = to_decimal(value, places=0) if value not in (None, "") else None
        if number is None or number < 0 or to_decimal(value) != number:
            self.report(
                _("se esperaba un número entero y dice '%(value)s'") % {"value": cell_text(value)},
                sheet=self.sheet,
                row=row,
                column="Indicador",
            )
            return None
        return int(number)

    def _choice(
        self, row: int, values: dict[str, Any], column: str, choices: dict[str, str], expected: str
    ) -> str:
        raw = cell_text(values.get(column)).strip()
        choice = choices.get(fold(raw))
        if choice is None:
            self.report(
                _("valor desconocido '%(value)s': se esperaba %(expected)s")
                % {"value": raw, "expected": expected},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return ""
        return choice

    def _number_or_code(self, row: int, values: dict[str, Any], column: str) -> tuple[Decimal | None, str]:
        """A number, or the code the sheet uses for an unknown value ('S/D', -1, -2)."""
        raw = values.get(column)
        if raw is None or cell_text(raw).strip() == "":
            return None, ""
        if isinstance(raw, str) and fold(raw) in TEXT_CODES:
            return None, raw.strip().upper()
        number = to_decimal(raw)
        if number is not None and number in NUMERIC_CODES:
            return None, NUMERIC_CODES[number]
        if number is None or abs(number) >= Decimal(10) ** 14:
            self.report(
                _("se esperaba un número (o un código: S/D, -1, -2) y dice '%(value)s'")
                % {"value": cell_text(raw)},
                sheet=self.sheet,
                row=row,
                column=column,
            )
            return None, ""
        return number, ""

    def _included(self, row: int, values: dict[str, Any]) -> tuple[bool | None, str]:
        """'IncluyeLB' as yes/no; anything else is kept as written, with a warning (it is not an error)."""
        raw = cell_text(values.get("IncluyeLB")).strip()
        word = fold(raw)
        if word in YES:
            return True, ""
        if word in NO:
            return False, ""
        if raw:
            self.warn(
                _("se esperaba Sí o No y dice '%(value)s'; se guarda el texto y queda sin definir")
                % {"value": raw},
                sheet=self.sheet,
                row=row,
                column="IncluyeLB",
            )
        return None, raw[:40]

    # Writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[Sheet], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        plan = self.plan
        sheet = rows[0]
        levels = [n.level for n in sheet.nodes.values()]
        result = ImportResult(
            details={
                "líneas": levels.count(PddNode.Level.LINE),
                "componentes": levels.count(PddNode.Level.COMPONENT),
                "programas": levels.count(PddNode.Level.PROGRAM),
                "indicadores": len(sheet.indicators),
            }
        )
        development_plan = self._development_plan(result)
        agencies = self._agencies(sheet.agencies, result)

        nodes: dict[str, PddNode] = {}
        depth: dict[str, int] = {}
        for n in sheet.nodes.values():  # NB: a parent is always read before its children
            depth[n.code] = depth[n.parent] + 1 if n.parent else 1
        for level in sorted(set(depth.values())):
            existing = {n.code: n for n in PddNode.objects.filter(development_plan=development_plan)}
            wanted = (
                (
                    n.code,
                    {
                        "plan_id": plan.pk,
                        "development_plan_id": development_plan.pk,
                        "level": n.level,
                        "code": n.code,
                        "name": n.name,
                        "parent_id": nodes[n.parent].pk if n.parent else None,
                        **({"weight": n.weight} if n.weight is not None else {}),
                    },
                )
                for n in sheet.nodes.values()
                if depth[n.code] == level
            )
            upsert(PddNode, existing, wanted, result)
            nodes = {n.code: n for n in PddNode.objects.filter(development_plan=development_plan)}

        existing_indicators = {
            i.code: i for i in Indicator.objects.filter(plan=plan, development_plan=development_plan)
        }
        upsert(
            Indicator,
            existing_indicators,
            self._indicator_values(sheet, plan.pk, development_plan.pk, nodes, agencies),
            result,
            stepper(progress, len(sheet.indicators), every=25),
        )
        return result

    def _development_plan(self, result: ImportResult) -> DevelopmentPlan:
        assert self.plan is not None
        values = {
            "name": str(self.options.get("name") or "Plan de Desarrollo 2020-2023"),
            "start_year": int(self.options.get("start_year") or 2020),
            "end_year": int(self.options.get("end_year") or 2023),
        }
        slug = str(self.options.get("development_plan") or "pdd-2020-2023")
        existing = {d.slug: d for d in DevelopmentPlan.objects.filter(plan=self.plan, slug=slug)}
        # NB: the source is only set on creation, so an operator's edit of it survives re-imports.
        upsert(
            DevelopmentPlan,
            existing,
            [
                (
                    slug,
                    {"plan_id": self.plan.pk, "slug": slug, **values}
                    if slug in existing
                    else {"plan_id": self.plan.pk, "slug": slug, "source": self.path.name, **values},
                )
            ],
            result,
        )
        return DevelopmentPlan.objects.get(plan=self.plan, slug=slug)

    def _agencies(self, names: list[str], result: ImportResult) -> dict[str, int]:
        """The plan's agency for each name: matched on the name (any case or accents), else on the slug."""
        assert self.plan is not None
        saved = list(Agency.objects.filter(plan=self.plan))
        by_name = {fold(a.name): a for a in saved}
        by_code = {a.code: a for a in saved}
        found: dict[str, Agency] = {}
        to_create: list[Agency] = []
        for name in names:
            agency = by_name.get(fold(name)) or by_code.get(stable_slug(name))
            if agency is None:
                agency = Agency(plan=self.plan, code=stable_slug(name), name=name[:200])
                by_code[agency.code] = agency
                to_create.append(agency)
            else:
                result.unchanged += 1
            found[name] = agency
        Agency.objects.bulk_create(to_create)
        result.created += len(to_create)
        ids = dict(Agency.objects.filter(plan=self.plan).values_list("code", "pk"))
        return {name: ids[agency.code] for name, agency in found.items()}

    def _indicator_values(
        self,
        sheet: Sheet,
        plan_id: int,
        development_plan_id: int,
        nodes: dict[str, PddNode],
        agencies: dict[str, int],
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        for fields in sheet.indicators:
            values = {k: v for k, v in fields.items() if k not in {"node", *AGENCY_COLUMNS}}
            values.update(
                plan_id=plan_id,
                development_plan_id=development_plan_id,
                pdd_node_id=nodes[fields["node"]].pk,
                agency_id=agencies.get(fields["Responsable"]),
                reporting_agency_id=agencies.get(fields["ResponsableReportePI"]),
            )
            yield fields["code"], values
