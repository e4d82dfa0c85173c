"""The Relación POT-PDD dashboard: the development plan's structure with the POT projects linked to it, the
POT's contribution to the PDD's physical progress, the high/medium/low classes, and budget against
investment by year, subsystem and program.

The tree's progress values are the engine's (``ssepot.figures.compute.pdd_tree``), the classes those of the
``pdd.clases.*`` figures; money comes from the ``dinero.*`` figures or, when the page is filtered by
subsystem, agency or territorial unit, from ``ssepot.core.money`` applied to the matching projects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Agency, Subsystem
from ssepot.charts import pdd as pdd_charts
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.core.money import MoneyRecord, money_by_group
from ssepot.development.models import DevelopmentPlan, plan_levels
from ssepot.figures import loaders
from ssepot.figures.compute import pdd_tree
from ssepot.front.dashboards.common import MILLION, percent, shown
from ssepot.front.data import PlanContext, cached, figure_map, plan_page
from ssepot.front.tables import NUMBER, PERCENT, TEXT, YEAR, Column, Table, export_response
from ssepot.projects.models import Project

PDD_FILTERS = ("unidad", "subsistema", "dependencia")
CLASS_CODES = ("alto", "medio", "bajo", "ND")
#: programs in the money chart (all are in the table)
MAX_PROGRAMS_CHARTED = 15


@dataclass
class ProjectInfo:
    id: int
    code: str
    name: str
    subsystem: str
    subsystem_code: str
    agency_code: str
    units: frozenset[str]


@dataclass
class TreeNode:
    """A line, component or program of the PDD, with its indicators (programs) and children."""

    id: int
    level: str
    code: str
    name: str
    children: list[TreeNode] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    """``{"code", "name", "progress", "klass", "projects": [ProjectInfo]}``"""
    leaf: bool = False
    """Of the plan's deepest level (Medellín's programs): its indicators make the physical progress."""
    level_name: str = ""
    """The level's name as the plan declares it (``PddLevel``)."""

    @property
    def level_label(self) -> str:
        return self.level_name or self.level


@dataclass
class PddData:
    pdd: DevelopmentPlan
    roots: list[TreeNode]
    projects: dict[int, ProjectInfo]
    money: list[MoneyRecord]


def _classes(figures: dict[str, Figure]) -> dict[str, str]:
    """Each linked indicator's class (``indicator:<pk>`` -> alto/medio/bajo/ND), from the class figures."""
    return {
        i.ref: code for code in CLASS_CODES for i in getattr(figures.get(f"pdd.clases.{code}"), "inputs", ())
    }


def pdd_data(ctx: PlanContext) -> PddData | None:
    """The PDD in force in the year, as a tree with the engine's progress, and the POT projects; cached."""

    def compute() -> PddData | None:
        pdd = loaders.development_plan_for(ctx.plan, ctx.year)
        if pdd is None:
            return None
        # NB: the tree and its weights as the year's release saw them (ADR 0006)
        as_of = loaders.catalogue_as_of(ctx.plan.pk, ctx.year, ctx.view)
        nodes, indicators, links = loaders.pdd_structure(pdd, as_of)
        root = pdd_tree(pdd, nodes, indicators, ctx.year, ctx.view, as_of=as_of)
        progress: dict[str, Decimal | None] = {}

        def walk(node: Any) -> None:
            for child in node.children:
                if child.id.startswith("indicator:"):
                    progress[child.id] = child.value
                else:
                    walk(child)

        walk(root)
        classes = _classes(figure_map(ctx.plan, ctx.year, ctx.stamp))
        # NB: each project in the subsystem and agency the release saw; unassigned ones are not shown
        assigned = loaders.project_assignments(ctx.plan, as_of)
        subsystems = {s.pk: s for s in Subsystem.objects.filter(plan=ctx.plan)}
        agencies = {a.pk: a for a in Agency.objects.filter(plan=ctx.plan)}
        projects = {
            p.pk: ProjectInfo(
                p.pk,
                p.code,
                p.name,
                subsystems[subsystem].name,
                subsystems[subsystem].code,
                agencies[agency].code,
                frozenset(u.code for u in p.territorial_units.all()),
            )
            for p in Project.objects.filter(
                plan=ctx.plan,
                pk__any=[pk for pk, (s, a) in assigned.items() if s in subsystems and a in agencies],
            ).prefetch_related("territorial_units")
            for subsystem, agency in [assigned[p.pk]]
        }
        levels = plan_levels(pdd)
        names, leaf = dict(levels), levels[-1][0]
        tree = {
            n.pk: TreeNode(
                n.pk, n.level, n.code, n.name, leaf=n.level == leaf, level_name=names.get(n.level, "")
            )
            for n in nodes
        }
        roots: list[TreeNode] = []
        for n in nodes:
            (tree[n.parent_id].children if n.parent_id in tree else roots).append(tree[n.pk])
        for i in indicators:
            if i.pdd_node_id in tree and tree[i.pdd_node_id].leaf:
                ref = f"indicator:{i.pk}"
                tree[i.pdd_node_id].indicators.append(
                    {
                        "code": i.code,
                        "name": i.name,
                        "progress": progress.get(ref),
                        "klass": classes.get(ref, ""),
                        "projects": sorted(
                            (projects[p] for p in links.get(i.pk, ()) if p in projects), key=lambda p: p.code
                        ),
                    }
                )
        return PddData(pdd, roots, projects, loaders.project_money(ctx.plan, ctx.view, as_of=as_of))

    return cached(ctx.plan, f"pdd:{ctx.year}", compute, ctx.stamp)


def _matching_projects(ctx: PlanContext, data: PddData) -> set[int] | None:
    """The projects the filters keep, or None when no filter applies."""
    if ctx.subsystem is None and ctx.agency is None and ctx.unit is None:
        return None
    return {
        p.id
        for p in data.projects.values()
        if (ctx.subsystem is None or p.subsystem_code == ctx.subsystem.code)
        and (ctx.agency is None or p.agency_code == ctx.agency.code)
        and (ctx.unit is None or ctx.unit.code in p.units)
    }


def _prune(nodes: Sequence[TreeNode], keep: set[int]) -> list[TreeNode]:
    """The tree with only the programs linked to a kept project (and only those projects)."""
    result = []
    for n in nodes:
        if n.children:
            children = _prune(n.children, keep)
            if children:
                result.append(replace(n, children=children, indicators=[]))
        else:
            indicators = [
                {**i, "projects": [p for p in i["projects"] if p.id in keep]}
                for i in n.indicators
                if any(p.id in keep for p in i["projects"])
            ]
            if indicators:
                result.append(replace(n, children=[], indicators=indicators))
    return result


def _money_rows(
    figures: dict[str, Figure], prefix: str, groups: Sequence[tuple[str, str, str]]
) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Chart and table rows of ``<prefix>.<slug>.presupuesto|ejecutado|ejecucion_pct``.

    ``groups``: (slug in the figure key, label, code for the filter or the year)."""
    labels = {"presupuesto": _("Presupuesto"), "ejecutado": _("Ejecutado")}
    chart_rows: list[dict[str, Any]] = []
    table_rows: list[list[Any]] = []
    for key_slug, label, code in groups:
        stem = f"{prefix}.{key_slug}"
        if f"{stem}.presupuesto" not in figures:
            continue
        budget, executed = figures[f"{stem}.presupuesto"].value, figures[f"{stem}.ejecutado"].value
        for measure, value in (("presupuesto", budget), ("ejecutado", executed)):
            chart_rows.append(
                {
                    "grupo": label,
                    "codigo": code,
                    "medida": labels[measure],
                    "medida_codigo": measure,
                    "millones": None if value is None else Decimal(value) / MILLION,
                }
            )
        pct = figures.get(f"{stem}.ejecucion_pct")
        table_rows.append(
            [
                label,
                None if budget is None else Decimal(budget) / MILLION,
                None if executed is None else Decimal(executed) / MILLION,
                pct.value if pct else None,
            ]
        )
    return chart_rows, table_rows


def _money_table(key: str, caption: str, first: Column, rows: list[list[Any]]) -> Table:
    return Table(
        key=key,
        caption=_("%(caption)s, en millones de pesos") % {"caption": caption},
        columns=[
            first,
            Column("presupuesto", _("Presupuesto"), NUMBER),
            Column("ejecutado", _("Ejecutado"), NUMBER),
            Column("ejecucion", _("Ejecución (%)"), PERCENT, 1),
        ],
        rows=rows,
    )


@plan_page(allowed=PDD_FILTERS)
def pot_pdd(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """The PDD's structure with the linked POT projects, progress and contribution, classes, money."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    data = pdd_data(ctx)
    keep = _matching_projects(ctx, data) if data else None
    money = dict(figures)
    if data is not None and keep is not None:
        # the engine's money functions on the matching projects' records
        chosen = [r for r in data.money if int(r.ref.split(":")[1]) in keep]
        years = {
            "budget_years": range(data.pdd.start_year, data.pdd.end_year + 1),
            "executed_years": range(data.pdd.start_year, ctx.year + 1),
        }
        by_year = [
            MoneyRecord(r.ref, r.label, r.year, r.budget, r.executed, {"vigencia": str(r.year)})
            for r in chosen
        ]
        money = {
            f.key: f
            for f in [
                *money_by_group(chosen, "subsistema", "dinero.subsistema", **years),
                *money_by_group(by_year, "vigencia", "dinero.vigencia"),
            ]
        }
    cards = [
        shown(figures[k])
        for k in (
            "pdd.avance_fisico",
            "pdd.aporte_pot",
            "pdd.avance_agregado_vinculados",
            "pdd.indicadores_vinculados",
            "pdd.programas_vinculados",
            "pdd.proyectos_vinculados",
            "pdd.avance_fisico.cobertura",
            "pdd.indicadores_componente_sistemas",
        )
        if k in figures
    ]
    tables: list[Table] = []
    charts: dict[str, Any] = {}
    # progress and contribution
    progress_keys = ("pdd.avance_fisico", "pdd.aporte_pot", "pdd.avance_agregado_vinculados")
    progress_rows = [
        {"medida": figures[k].label, "valor": figures[k].value, "texto": shown(figures[k]).value}
        for k in progress_keys
        if k in figures
    ]
    if progress_rows:
        charts["progress"] = pdd_charts.progress(progress_rows)
        tables.append(
            Table(
                key="pdd-avance",
                caption=_("Avance físico del PDD y aporte del POT"),
                columns=[
                    Column("cifra", _("Cifra"), TEXT, header=True),
                    Column("valor", _("Valor"), NUMBER, 1),
                    Column("unidad", _("Unidad")),
                ],
                rows=[
                    [figures[k].label, figures[k].value, figures[k].unit]
                    for k in progress_keys
                    if k in figures
                ],
            )
        )
    # the classes
    class_labels = {
        "alto": _("Avance alto"),
        "medio": _("Avance medio"),
        "bajo": _("Avance bajo"),
        "ND": _("Sin dato"),
    }
    class_rows = [
        {
            "clase": class_labels[c],
            "clase_codigo": c,
            "indicadores": figures[f"pdd.clases.{c}"].value,
            "porcentaje": figures[f"pdd.clases.{c}_pct"].value,
        }
        for c in CLASS_CODES
        if f"pdd.clases.{c}" in figures
    ]
    if class_rows:
        charts["classes"] = pdd_charts.classes(class_rows)
        tables.append(
            Table(
                key="pdd-clases",
                caption=_("Indicadores del PDD vinculados al POT por nivel de avance"),
                columns=[
                    Column("clase", _("Nivel de avance"), header=True),
                    Column("indicadores", _("Indicadores"), NUMBER),
                    Column("porcentaje", _("Porcentaje"), PERCENT, 1),
                ],
                rows=[[r["clase"], r["indicadores"], r["porcentaje"]] for r in class_rows],
            )
        )
    # money by year, subsystem and program
    year_groups = sorted(
        {
            int(k.split(".")[2])
            for k in money
            if k.startswith("dinero.vigencia.") and k.endswith(".presupuesto")
        }
    )
    year_chart, year_rows = _money_rows(
        money, "dinero.vigencia", [(str(y), str(y), str(y)) for y in year_groups if y <= ctx.year]
    )
    charts["years"] = pdd_charts.budget_vs_executed(
        year_chart,
        key="pdd-dinero-vigencia",
        title=_("Presupuesto e inversión del programa de ejecución por vigencia"),
        group_title=_("Vigencia"),
        vertical=True,
    )
    tables.append(
        _money_table(
            "pdd-dinero-vigencia",
            _("Presupuesto e inversión del programa de ejecución por vigencia"),
            Column("vigencia", _("Vigencia"), YEAR, header=True),
            [[int(r[0]), *r[1:]] for r in year_rows],
        )
    )
    subsystem_groups = [(slug(s.name), s.name, s.code) for s in ctx.subsystems]
    subsystem_chart, subsystem_rows = _money_rows(money, "dinero.subsistema", subsystem_groups)
    charts["subsystems"] = pdd_charts.budget_vs_executed(
        subsystem_chart,
        key="pdd-dinero-subsistema",
        title=_("Presupuesto e inversión por subsistema"),
        group_title=_("Subsistema"),
        param="subsistema",
    )
    tables.append(
        _money_table(
            "pdd-dinero-subsistema",
            _("Presupuesto e inversión por subsistema (presupuesto del cuatrienio; ejecutado a la vigencia)"),
            Column("subsistema", _("Subsistema"), header=True),
            subsystem_rows,
        )
    )
    roots = data.roots if data else []
    if keep is not None:
        roots = _prune(roots, keep)
    program_names = sorted({n.name for n in _programs(roots)})
    program_chart, program_rows = _money_rows(
        figures, "dinero.programa", [(slug(name), name, slug(name)) for name in program_names]
    )
    # the largest budgets first
    top = [r[0] for r in sorted(program_rows, key=lambda r: -(r[1] or 0))[:MAX_PROGRAMS_CHARTED]]
    charts["programs"] = pdd_charts.budget_vs_executed(
        sorted((r for r in program_chart if r["grupo"] in top), key=lambda r: top.index(r["grupo"])),
        key="pdd-dinero-programa",
        title=_("Programas del PDD con mayor presupuesto"),
        group_title=_("Programa"),
    )
    program_table = _money_table(
        "pdd-dinero-programa",
        _("Presupuesto e inversión por programa del PDD"),
        Column("programa", _("Programa"), header=True),
        program_rows,
    )
    tables.append(program_table)
    links_table = _links_table(roots, data)
    tables.append(links_table)
    if (download := export_response(request, tables)) is not None:
        return download
    program_table.paginate(request.GET.get("pagina"), 25)  # the longest list
    return render(
        request,
        "front/dashboards/pot_pdd.html",
        {
            **ctx.as_dict(),
            "pdd": data.pdd if data else None,
            "cards": cards,
            "charts": charts,
            "tables": {t.key.replace("-", "_"): t for t in tables},
            "roots": roots,
            "tree": cached(
                ctx.plan,
                f"pdd-tree:{ctx.year}:{get_language()}:{ctx.query()}",
                lambda: render_tree(roots),
                ctx.stamp,
            ),
            "projects": data.projects if data else {},
            "filtered": keep is not None,
            "n_programs_charted": min(len(program_rows), MAX_PROGRAMS_CHARTED),
        },
    )


def _programs(nodes: Sequence[TreeNode]) -> list[TreeNode]:
    result = []
    for n in nodes:
        if n.leaf:
            result.append(n)
        result += _programs(n.children)
    return result


def _links_table(roots: Sequence[TreeNode], data: PddData | None) -> Table:
    """Every link between a PDD program indicator and a POT project, for the download."""
    rows: list[list[Any]] = []
    if data is not None:
        for program in _programs(roots):
            for i in program.indicators:
                for project in i["projects"]:
                    rows.append(
                        [
                            program.code,
                            program.name,
                            i["code"],
                            i["name"],
                            i["progress"],
                            project.code,
                            project.name,
                            project.subsystem,
                        ]
                    )
    return Table(
        key="pdd-vinculos",
        caption=_("Indicadores de programa del PDD y proyectos del POT vinculados"),
        columns=[
            Column("programa_codigo", _("Código del programa"), header=True),
            Column("programa", _("Programa")),
            Column("indicador_codigo", _("Código del indicador")),
            Column("indicador", _("Indicador")),
            Column("avance", _("Avance (%)"), PERCENT, 1),
            Column("proyecto_codigo", _("Código del proyecto")),
            Column("proyecto", _("Proyecto del POT")),
            Column("subsistema", _("Subsistema")),
        ],
        rows=rows,
    )


def render_tree(nodes: Sequence[TreeNode]) -> SafeString:
    """The tree as nested lists of ``<details>`` (keyboard-usable, readable without JavaScript).

    Built in Python rather than with a recursive template: the PDD has hundreds of indicators and links,
    and the template engine took most of the page's time."""
    class_words = {
        "alto": _("Avance alto"),
        "medio": _("Avance medio"),
        "bajo": _("Avance bajo"),
        "ND": _("Sin dato"),
    }
    project_word = _("Proyecto del POT")
    no_projects = _("(sin proyectos del POT vinculados)")
    no_value = _("sin dato")
    projects_label = escape(_("Proyectos del POT vinculados"))

    def indicator(i: dict[str, Any]) -> str:
        value = _("avance %(p)s") % {"p": percent(i["progress"])} if i["progress"] is not None else no_value
        word = escape(class_words.get(i["klass"], i["klass"]))
        klass = f' <span class="status status--{escape(i["klass"])}">{word}</span>' if i["klass"] else ""
        if i["projects"]:
            items = "".join(
                f'<li>{escape(project_word)} <span class="code">{escape(p.code)}</span> {escape(p.name)} '
                f'<span class="tree__meta">({escape(p.subsystem)})</span></li>'
                for p in i["projects"]
            )
            links = f'<ul class="tree__projects" aria-label="{projects_label}">{items}</ul>'
        else:
            links = f' <span class="tree__meta">{escape(no_projects)}</span>'
        return (
            f'<li><span class="code">{escape(i["code"])}</span> {escape(i["name"])}: '
            f"{escape(value)}{klass}{links}</li>"
        )

    def level(items: Sequence[TreeNode]) -> str:
        parts = []
        for n in items:
            if n.children:
                count = ngettext("%(n)s elemento", "%(n)s elementos", len(n.children)) % {
                    "n": len(n.children)
                }
                inner = level(n.children)
            else:
                count = ngettext("%(n)s indicador", "%(n)s indicadores", len(n.indicators)) % {
                    "n": len(n.indicators)
                }
                inner = (
                    '<ul class="tree__indicators">' + "".join(indicator(i) for i in n.indicators) + "</ul>"
                )
            meta = f'<span class="tree__meta">({escape(n.level_label)}: {escape(count)})</span>'
            parts.append(
                f'<li class="tree__{escape(n.level)}"><details><summary>'
                f'<span class="code">{escape(n.code)}</span> {escape(n.name)} {meta}'
                f"</summary>{inner}</details></li>"
            )
        return '<ul class="tree">' + "".join(parts) + "</ul>"

    return mark_safe(level(nodes))  # every piece of text above is escaped
