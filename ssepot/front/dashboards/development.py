"""The development plan's levels at the year's cut-off: the plan's headline progress and compliance, its lines
> components > programs with their traffic lights, the agencies, and where the source disagrees with itself.

Every number is a figure of ``ssepot.figures.development.development_figures`` on the published data (cached
per publication by ``ssepot.front.data.development_levels``); this module only arranges them for the page and
its downloads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.catalogue.models import Agency
from ssepot.core.figures import Figure, quantize
from ssepot.core.integrity import Problem
from ssepot.core.money import millions
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.figures import loaders
from ssepot.figures.development import DevelopmentFigures, Level, LevelMoney
from ssepot.figures.loaders import year_cutoff
from ssepot.front.dashboards.common import MAX_INPUTS, percent
from ssepot.front.data import PlanContext, cached, development_levels, plan_page
from ssepot.front.tables import MONEY, PERCENT, TEXT, TRAFFIC, Column, Table, export_response, traffic_label

#: decimals of the page's percentages: the city publishes its results with two (81,25 %)
PLACES = 2
#: decimals of the downloads' percentages: enough to recompute, not the engine's 28 digits
FILE_PLACES = 6

LEVEL_LABELS = {
    "plan": gettext_lazy("Plan"),
    "linea": gettext_lazy("Línea"),
    "componente": gettext_lazy("Componente"),
    "programa": gettext_lazy("Programa"),
    "dependencia": gettext_lazy("Dependencia"),
    "indicador": gettext_lazy("Indicador"),
}

PROBLEM_TITLES = {
    "dos_pesos": gettext_lazy("Indicadores con dos pesos distintos en la fuente"),
    "fuente_distinta": gettext_lazy("Indicadores cuyo avance la fuente calcula de otra forma"),
    "fuente_distinta_nivel": gettext_lazy("Puntos que esos indicadores mueven en cada nivel"),
}


@dataclass
class ShownLevel:
    """A level as the page shows it: both figures in words, and what «¿Cómo se calculó?» lists."""

    level: str
    code: str
    name: str
    progress: str
    compliance: str
    light: str
    light_label: str
    progress_formula: str
    compliance_formula: str
    method: str
    note: str
    keys: tuple[str, str]
    inputs: list[tuple[str, str]]
    more_inputs: int
    children: list[ShownLevel] = field(default_factory=list)
    money: ShownMoney | None = None

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level))


@dataclass(frozen=True)
class ShownMoney:
    """A level's money in the year as the page shows it: es-CO pesos in millions ($ 1.234 millones)."""

    year: int
    execution: str
    budget: str
    executed: str
    formula: str
    key: str
    amounts: list[tuple[str, str]]
    """(label, amount) of every other amount the budget lines carry."""


AMOUNT_LABELS = {
    "apropiacion_inicial": gettext_lazy("Apropiación inicial"),
    "compromisos": gettext_lazy("Compromisos"),
    "obligaciones": gettext_lazy("Obligaciones"),
    "pagos": gettext_lazy("Pagos"),
    "plan_financiero": gettext_lazy("Plan financiero"),
}


def pesos(amount: int | None) -> str:
    """``$ 4.949.484 millones`` from 4_949_483_929_382 pesos (es-CO, rounded to the million)."""
    return _("ND") if amount is None else f"$ {millions(amount)}"


def shown_money(money: LevelMoney | None) -> ShownMoney | None:
    if money is None:
        return None
    totals = dict(money.amounts)
    return ShownMoney(
        year=money.year,
        execution=_value(money.execution),
        budget=pesos(totals["apropiacion_definitiva"]),
        executed=pesos(totals["ejecutado"]),
        formula=money.execution.formula,
        key=money.execution.key,
        amounts=[
            (str(label), pesos(totals[key]))
            for key, label in AMOUNT_LABELS.items()
            if totals[key] is not None
        ],
    )


@dataclass
class DevelopmentPage:
    pdd: DevelopmentPlan
    figures: DevelopmentFigures
    plan_row: ShownLevel
    lines: list[ShownLevel]
    orphans: list[ShownLevel]
    """Nodes whose parent is not a line (a plan with another structure): listed after the lines."""
    agencies: list[Level]
    agency_codes: dict[str, str]
    problems: list[tuple[str, list[Problem]]]


def _value(figure: Figure) -> str:
    return percent(figure.value, PLACES) if figure.value is not None else figure.status or _("ND")


def shown_level(row: Level) -> ShownLevel:
    progress, compliance = row.progress, row.compliance
    inputs = [
        (i.label, "" if i.value is None else percent(Decimal(i.value), PLACES))
        for i in progress.inputs[:MAX_INPUTS]
    ]
    light = progress.status or "ND"
    return ShownLevel(
        level=row.level,
        code=row.code,
        name=row.name,
        progress=_value(progress),
        compliance=_value(compliance),
        light=light,
        light_label=traffic_label(light),
        progress_formula=progress.formula,
        compliance_formula=compliance.formula,
        method=progress.method,
        note=progress.note,
        keys=(progress.key, compliance.key),
        inputs=inputs,
        more_inputs=max(len(progress.inputs) - MAX_INPUTS, 0),
        money=shown_money(row.money),
    )


def development_page(ctx: PlanContext) -> DevelopmentPage | None:
    """The development plan in force in the year, at the year's cut-off, arranged as a tree; cached."""

    def compute() -> DevelopmentPage | None:
        pdd = loaders.development_plan_for(ctx.plan, ctx.year)
        if pdd is None:
            return None
        figures = development_levels(pdd, ctx.year, year_cutoff(ctx.plan, ctx.year), stamp=ctx.stamp)
        rows = {(row.level, row.code): row for row in figures.levels}
        shown_nodes: dict[int, ShownLevel] = {}
        parents: dict[int, int | None] = {}
        nodes = sorted(
            PddNode.objects.filter(development_plan=pdd).only("pk", "parent_id", "level", "code"),
            key=lambda n: natural_key(n.code),
        )
        for node in nodes:
            row = rows.get((node.level, node.code))
            if row is not None:
                shown_nodes[node.pk] = shown_level(row)
                parents[node.pk] = node.parent_id
        lines: list[ShownLevel] = []
        orphans: list[ShownLevel] = []
        for pk, shown in shown_nodes.items():
            parent = parents[pk]
            if parent in shown_nodes:
                shown_nodes[parent].children.append(shown)
            elif shown.level == PddNode.Level.LINE:
                lines.append(shown)
            else:
                orphans.append(shown)
        by_kind: dict[str, list[Problem]] = defaultdict(list)
        for problem in figures.problems:
            by_kind[problem.kind].append(problem)
        agencies = [row for row in figures.levels if row.level == "dependencia"]
        codes = {
            code: acronym or code
            for code, acronym in Agency.objects.filter(plan=ctx.plan).values_list("code", "acronym")
        }
        return DevelopmentPage(
            pdd=pdd,
            figures=figures,
            plan_row=shown_level(figures.levels[0]),
            lines=lines,
            orphans=orphans,
            agencies=agencies,
            agency_codes=codes,
            problems=[(str(PROBLEM_TITLES.get(kind, kind)), found) for kind, found in by_kind.items()],
        )

    return cached(ctx.plan, f"development-page:{ctx.year}", compute, ctx.stamp)


def natural_key(code: str) -> list[tuple[int, int | str]]:
    """1.2 before 1.10: each part of a code as a number when it is one."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in code.split(".")]


def _level_columns(first: str, money: bool = False) -> list[Column]:
    """The columns of a table of levels; with ``money``, the level's appropriation, executed amount and
    financial execution in the year too."""
    columns = [
        Column("nivel", _("Nivel")),
        Column("codigo", _("Código")),
        Column("nombre", first, TEXT, header=True),
        Column("avance", _("Avance físico (%)"), PERCENT, PLACES),
        Column("semaforo", _("Semáforo"), TRAFFIC),
        Column("cumplimiento", _("Cumplimiento (%)"), PERCENT, PLACES),
        Column("nota", _("Nota")),
    ]
    if money:
        columns += [
            Column("apropiacion_definitiva", _("Apropiación definitiva (COP)"), MONEY, 0),
            Column("ejecutado", _("Ejecutado (COP)"), MONEY, 0),
            Column("ejecucion_financiera", _("Ejecución financiera (%)"), PERCENT, PLACES),
        ]
    return columns


def _level_row(row: Level, money: bool = False) -> list[Any]:
    progress, compliance = row.progress.value, row.compliance.value
    return [
        str(LEVEL_LABELS.get(row.level, row.level)),
        row.code,
        row.name,
        None if progress is None else quantize(progress, FILE_PLACES),
        row.progress.status or "ND",
        None if compliance is None else quantize(compliance, FILE_PLACES),
        row.progress.note,
        *(_money_cells(row.money) if money else []),
    ]


def _money_cells(money: LevelMoney | None) -> list[Any]:
    """The level's final appropriation and executed amount (pesos) and its financial execution (%)."""
    if money is None:
        return [None, None, None]
    totals = dict(money.amounts)
    execution = money.execution.value
    return [
        totals["apropiacion_definitiva"],
        totals["ejecutado"],
        None if execution is None else quantize(execution, FILE_PLACES),
    ]


def level_tables(page: DevelopmentPage) -> list[Table]:
    """The levels (plan, lines, components, programs), the agencies and the indicators, as tables."""
    levels = [row for row in page.figures.levels if row.level != "dependencia"]
    money = any(row.money is not None for row in levels)
    agency_money = any(row.money is not None for row in page.agencies)
    return [
        Table(
            key="pdd-niveles",
            caption=_("Avance físico, cumplimiento y ejecución financiera por nivel del plan de desarrollo")
            if money
            else _("Avance físico y cumplimiento por nivel del plan de desarrollo"),
            columns=_level_columns(_("Nivel del plan"), money),
            rows=[_level_row(row, money) for row in levels],
        ),
        Table(
            key="pdd-dependencias",
            caption=_("Avance físico y cumplimiento por dependencia responsable del reporte"),
            columns=[
                Column("dependencia", _("Dependencia"), TEXT, header=True),
                Column("codigo", _("Código")),
                *_level_columns("", agency_money)[3:],
            ],
            rows=[
                [row.name, page.agency_codes.get(row.code, ""), *_level_row(row, agency_money)[3:]]
                for row in page.agencies
            ],
        ),
        Table(
            key="pdd-indicadores",
            caption=_("Avance físico y cumplimiento por indicador del plan de desarrollo"),
            columns=_level_columns(_("Indicador")),
            rows=[_level_row(row) for row in page.figures.indicators],
        ),
    ]


@plan_page(allowed=())
def development(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """The development plan's levels with progress, compliance and traffic light at the year's cut-off."""
    page = development_page(ctx)
    tables = level_tables(page) if page is not None else []
    if (download := export_response(request, tables)) is not None:
        return download
    rules = page.figures.rules if page else None
    return render(
        request,
        "front/dashboards/development.html",
        {
            **ctx.as_dict(),
            "page": page,
            "pdd": page.pdd if page else None,
            "cutoff": page.figures.term.cutoff if page else year_cutoff(ctx.plan, ctx.year),
            "term": page.figures.term if page else None,
            "rules": rules,
            "green": percent(rules.green * 100, 0) if rules else "",
            "red": percent(rules.red * 100, 0) if rules else "",
            "tables": {t.key.replace("-", "_"): t for t in tables},
            "n_problems": len(page.figures.problems) if page else 0,
        },
    )
