"""Every figure of a plan's year, computed by the core from the database's current data.

``headline_figures`` is what the report's summary, the portal's home and ``ssepot figures`` show;
``all_figures`` adds the breakdowns (typology, subsystem, agency) and the yearly history. Here the core's
figures also get the words that name them in the report's prose (``terms``), for the consistency check.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal

from django.db.models import Min

from ssepot.catalogue.models import Plan, Subsystem
from ssepot.commitments.models import CommitmentStatus
from ssepot.core import commitments as core_commitments
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure, Input
from ssepot.core.indicators import (
    ClassThresholds,
    class_distribution,
    progress_term,
    rules_series,
    term_progress,
    yearly_compliance,
)
from ssepot.core.integrity import Problem, check_all
from ssepot.core.money import MoneyRecord, millions, money_by_group, money_totals, share_figure
from ssepot.core.opensdg import progress_status
from ssepot.core.rollup import Node, rollup_with_coverage, subset_contribution, subset_mean
from ssepot.core.rules import Group, Leaf, RuleSet, Term, evaluate, group_figures, rollup_tree, traffic_light
from ssepot.development.models import DevelopmentPlan, PddNode, leaf_level
from ssepot.figures import loaders
from ssepot.figures.equity import plan_equity_figures
from ssepot.figures.forecast import plan_forecast_figures
from ssepot.figures.loaders import PUBLISHED, WORKING, View
from ssepot.indicators.models import Indicator

COMPONENT = PddNode.Level.COMPONENT


def named(figure: Figure, label: str | None = None, terms: tuple[str, ...] = ()) -> Figure:
    """The same figure with the label and the words that name it in the report's prose."""
    return figure.replaced(label=label or figure.label, terms=terms)


def count_figure(key: str, label: str, refs: Iterable[str], unit: str, terms: tuple[str, ...]) -> Figure:
    refs = sorted(refs)
    return Figure(
        key=key,
        label=label,
        value=len(refs),
        unit=unit,
        formula=f"conteo de registros distintos = {len(refs)}",
        method="conteo",
        inputs=lambda: tuple(Input(ref, ref, None) for ref in refs),
        terms=terms,
    )


# -- commitments ------------------------------------------------------------------------------------------


def commitment_figures(
    plan: Plan, year: int, *, with_details: bool, view: View = PUBLISHED, names: loaders.Names | None = None
) -> list[Figure]:
    first = CommitmentStatus.objects.filter(plan=plan).aggregate(first=Min("year"))["first"] or year
    by_year = loaders.commitment_records(
        plan, range(min(first, year), year + 1) if with_details else [year], view, names
    )
    records = by_year[year]
    figures = [
        *core_commitments.status_figures(records, "compromisos", "todos", ("compromisos",)),
        core_commitments.global_compliance(records),
        *core_commitments.horizon_figures(records),
    ]
    if with_details:
        figures += core_commitments.breakdown(records, lambda r: r.typology, "compromisos.tipologia")
        figures += core_commitments.breakdown(records, lambda r: r.subsystem, "compromisos.subsistema")
        figures += core_commitments.breakdown(records, lambda r: r.agency, "compromisos.dependencia")
        figures += core_commitments.history(by_year)
    return figures


# -- POT-PDD articulation ---------------------------------------------------------------------------------


def _months(pdd: DevelopmentPlan, cutoff: dt.date) -> tuple[int, int]:
    """Months of the plan elapsed at the cut-off, and the plan's total months."""
    term = Term(pdd.start_year, pdd.end_year, cutoff)
    return term.months_elapsed, term.months_total


def pdd_tree(
    pdd: DevelopmentPlan,
    nodes: Sequence[PddNode],
    indicators: Sequence[loaders.Sheet],
    year: int,
    view: View,
    data: loaders.SeriesData | None = None,
    rules: RuleSet | None = None,
    cutoff: dt.date | None = None,
    as_of: dt.datetime | None = None,
) -> Node:
    """The development plan as a roll-up tree whose leaves are program indicators with their term progress
    by the plan's rules (those in force for the view when not given), None when an indicator has no value;
    nodes carry their own weights (``ssepot.core.rules.rollup_tree`` weighs them as the rules say).

    Component indicators do not enter the physical progress (they measure results, not the programs).
    """
    rules = rules or loaders.rules_in_force(pdd.plan_id, pdd, year, view)
    cutoff = cutoff or loaders.year_cutoff(pdd.plan_id, year)
    series = loaders.indicator_series(indicators, view, data, as_of)
    children: dict[int | None, list[PddNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    leaves: dict[int, list[Node]] = defaultdict(list)
    leaf = leaf_level(pdd)
    programs = _program_ids(nodes, leaf)
    for i in indicators:
        if i.pdd_node_id in programs:
            value = term_progress(
                series[i.pk], year, rules, start_year=pdd.start_year, end_year=pdd.end_year, cutoff=cutoff
            ).value
            progress = None if value is None else Decimal(value)
            leaves[i.pdd_node_id].append(
                Node(id=f"indicator:{i.pk}", label=i.code, weight=i.weight, value=progress)
            )

    def branch(node: PddNode) -> Node:
        kids = leaves[node.pk] if node.level == leaf else [branch(c) for c in children[node.pk]]
        return Node(
            id=f"pddnode:{node.pk}",
            label=f"{node.code} {node.name}",
            weight=node.weight,
            children=tuple(kids),
        )

    return Node(
        id=f"developmentplan:{pdd.pk}", label=pdd.name, children=tuple(branch(n) for n in children[None])
    )


def pdd_figures(
    pdd: DevelopmentPlan, year: int, view: View = PUBLISHED, data: loaders.SeriesData | None = None
) -> list[Figure]:
    """The POT-PDD articulation: links, the PDD's physical progress, the POT's contribution, classes.

    The physical progress and the contribution follow the plan's rules (weights, missing values); the
    coverage is the share of the weight whose indicators have a value, whatever the rules count."""
    view = loaders.year_view(pdd.plan_id, year, view)
    # NB: the catalogue as the view's release saw it (ADR 0006)
    as_of = loaders.catalogue_as_of(pdd.plan_id, year, view)
    nodes, indicators, links = loaders.pdd_structure(pdd, as_of)
    rules = loaders.rules_in_force(pdd.plan_id, pdd, year, view)
    cutoff = loaders.year_cutoff(pdd.plan_id, year)
    tree = pdd_tree(pdd, nodes, indicators, year, view, data, rules, cutoff, as_of)
    root = rollup_tree(tree, rules)
    values = {leaf.id: leaf.value for program in _programs(tree) for leaf in program.children}
    programs = _program_ids(nodes, leaf_level(pdd))
    linked = [i for i in indicators if i.pk in links and i.pdd_node_id in programs]
    linked_refs = [f"indicator:{i.pk}" for i in linked]
    components = {n.pk for n in nodes if n.level == COMPONENT}
    with_systems = components & loaders.nodes_related_to_systems(nodes, as_of)
    component_related = [i for i in indicators if i.pdd_node_id in with_systems]
    physical, _ = rollup_with_coverage(root, "pdd.avance_fisico")
    with_data, coverage = rollup_with_coverage(rollup_tree(tree, rules, counted=False), "pdd.avance_fisico")
    # NB: the status says whether all the weight has data, also when the rules count a missing value as 0
    physical = physical.replaced(status=with_data.status)
    plan = loaders.instance_as_of(pdd.plan, as_of)
    elapsed, total = _months(pdd, cutoff)
    return [
        count_figure("pdd.indicadores_vinculados",
                     "Indicadores de programa del PDD vinculados a proyectos del POT", linked_refs,
                     "indicadores", ("indicadores de programa", "programas del pdd")),
        count_figure("pdd.programas_vinculados", "Programas del PDD con indicadores vinculados al POT",
                     {f"pddnode:{i.pdd_node_id}" for i in linked}, "programas", ("programas del pdd",)),
        count_figure("pdd.proyectos_vinculados", "Proyectos del POT vinculados a indicadores del PDD",
                     {f"project:{p}" for i in linked for p in links[i.pk]}, "proyectos",
                     ("proyectos del pot",)),
        count_figure("pdd.indicadores_componente_sistemas",
                     "Indicadores de componente del PDD relacionados con los sistemas del POT",
                     {f"indicator:{i.pk}" for i in component_related}, "indicadores",
                     ("indicadores de componentes",)),
        named(physical, f"Avance físico del {pdd.name}", ("avance físico del pdd", "avance físico")),
        named(coverage, f"Cobertura del avance físico del {pdd.name}", ("cobertura",)),
        named(subset_contribution(root, linked_refs, "pdd.aporte_pot"),
              "Aporte de los indicadores vinculados al POT al avance físico del PDD",
              ("aportó", "aporte", "avance físico")),
        named(subset_mean(root, linked_refs, "pdd.avance_agregado_vinculados"),
              "Avance agregado de los indicadores del PDD vinculados al POT", ("avance agregado",)),
        *class_distribution({ref: values.get(ref) for ref in linked_refs}, elapsed, total,
                            ClassThresholds(high=plan.class_high, low=plan.class_low),
                            key_prefix="pdd.clases"),
    ]  # fmt: skip


def _program_ids(nodes: Iterable[PddNode], leaf: str) -> set[int]:
    """The nodes of the plan's deepest level (``leaf``: Medellín's programs), whose indicators roll up."""
    return {n.pk for n in nodes if n.level == leaf}


def _programs(node: Node) -> Iterable[Node]:
    """The roll-up tree's program nodes (those whose children are leaves)."""
    for child in node.children:
        if (
            child.id.startswith("pddnode:")
            and child.children
            and not child.children[0].id.startswith("pddnode:")
        ):
            yield child
        else:
            yield from _programs(child)


# -- the POT's own indicators ------------------------------------------------------------------------------


def indicator_figures(
    plan: Plan, year: int, view: View = PUBLISHED, data: loaders.SeriesData | None = None
) -> list[Figure]:
    """Per POT indicator: the year's compliance, the term progress with its traffic light, and the Open SDG
    progress status as a second method. The progress follows the plan's rules; the straight-line
    expectation runs over the indicator's programmed years (its first to its last yearly target)."""
    view = loaders.year_view(plan, year, view)
    # NB: the catalogue as the view's release saw it (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, view)
    indicators = loaders.sheets(
        Indicator.objects.filter(plan=plan, development_plan__isnull=True).order_by("code"), as_of
    )
    series = loaders.indicator_series(indicators, view, data, as_of)
    # NB: the plan's rules (those in force at the release's publication) give the traffic-light shares too
    rules = loaders.rules_in_force(plan.pk, None, year, view)
    figures: list[Figure] = []
    leaves: dict[int | None, list[tuple[Leaf, Term]]] = defaultdict(list)
    for indicator in indicators:
        s = series[indicator.pk]
        name = f"{indicator.code} {indicator.name}"
        term_of = progress_term(s, year)
        result = evaluate(rules_series(s), rules, term_of)
        progress = term_progress(s, year, rules, result=result)
        leaves[indicator.subsystem_id].append((Leaf(s.ref, name, indicator.weight, result), term_of))
        target_years = sorted(s.targets)
        light = progress.status
        if target_years:
            term = Term(target_years[0], target_years[-1], dt.date(year, 12, 31))
            target = s.targets.get(year)
            value = None if progress.value is None else Decimal(progress.value) / 100
            light = traffic_light(
                value, rules, term, programmed=target is not None, not_applicable=target == 0
            )
        figures += [
            named(yearly_compliance(s, year), f"Cumplimiento {year} de {name}", (indicator.name.lower(),)),
            progress.replaced(
                label=f"Avance de {name} a {year}", status=light, terms=(indicator.name.lower(),)
            ),
            # NB: the year's own series: no value after the year's cut-off year
            progress_status(
                {y: v for y, v in s.achievements.items() if y <= year},
                s.direction,
                s.plan_target,
                target_years[-1] if target_years else None,
            ).replaced(
                key=f"indicador.{indicator.pk}.opensdg",
                label=f"Estado de progreso (método Open SDG) de {name}",
            ),
        ]
    return figures + pot_level_figures(plan, leaves, rules)


def pot_level_figures(
    plan: Plan, leaves: dict[int | None, list[tuple[Leaf, Term]]], rules: RuleSet
) -> list[Figure]:
    """The POT's physical progress, compliance and programmed progress for each subsystem, each system and
    the whole plan, from its own indicators by the plan's rules (weights, missing data, cap, traffic-light
    shares), as a development plan's levels are (``ssepot.core.rules.group_figures``).
    A group's term runs from the first to the last year its indicators have targets; an indicator
    without subsystem counts only in the plan's."""
    if not any(leaves.values()):
        return []
    subsystems = (
        Subsystem.objects.filter(plan=plan).select_related("system").order_by("system__order", "order")
    )
    by_system: dict[int, list[Group]] = defaultdict(list)
    system_entries: dict[int, list[tuple[Leaf, Term]]] = defaultdict(list)
    systems = {}

    def term(entries: Sequence[tuple[Leaf, Term]]) -> Term:
        return Term(
            min(t.start_year for _, t in entries), max(t.end_year for _, t in entries), entries[0][1].cutoff
        )

    figures: list[Figure] = []
    for sub in subsystems:
        entries = leaves.get(sub.pk, [])
        if not entries:
            continue
        group = Group(
            f"subsistema:{sub.code}", f"el subsistema {sub.name}", tuple(leaf for leaf, _ in entries)
        )
        figures += group_figures(group, rules, term(entries), f"pot.subsistema.{slug(sub.code)}")
        by_system[sub.system_id].append(group)
        system_entries[sub.system_id] += entries
        systems[sub.system_id] = sub.system
    for system_id, groups in by_system.items():
        system = systems[system_id]
        group = Group(f"sistema:{system.code}", f"el sistema {system.name}", children=tuple(groups))
        figures += group_figures(
            group, rules, term(system_entries[system_id]), f"pot.sistema.{slug(system.code)}"
        )
    everything = [e for entries in leaves.values() for e in entries]
    whole = Group("pot", "los indicadores del POT", tuple(leaf for leaf, _ in everything))
    return figures + list(group_figures(whole, rules, term(everything), "pot"))


# -- money ------------------------------------------------------------------------------------------------


def _group_terms(
    figures: list[Figure], records: Sequence[MoneyRecord], group: str, prefix: str
) -> list[Figure]:
    """A group's executed amount is named by the group's own name ("movilidad con $1.632.138 millones")."""
    names = {slug(name): name for name in {r.groups.get(group, "") for r in records}}
    result = []
    for f in figures:
        group_slug, _, measure = f.key.removeprefix(f"{prefix}.").rpartition(".")
        name = names.get(group_slug, group_slug).lower()
        terms = {"ejecutado": (name,), "presupuesto": (f"presupuesto de {name}",)}.get(
            measure, (f"ejecución de {name}",)
        )
        result.append(named(f, terms=terms))
    return result


def money_figures(
    plan: Plan,
    pdd: DevelopmentPlan | None,
    year: int,
    view: View = PUBLISHED,
    names: loaders.Names | None = None,
) -> list[Figure]:
    """The execution program's money against the PDD's investment plan, by subsystem and by program: the
    budget of the development plan's years and the executed amount up to ``year``, as the year's view
    shows them (a later year's budget only as published by the year's release)."""
    # NB: each project in the subsystem and agency the view's release saw (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, view)
    records = loaders.project_money(plan, loaders.year_view(plan, year, view), names, as_of)
    if pdd is None:
        # NB: the whole program's budget; the executed amount of the years up to ``year`` only
        executed_years = range(min((r.year for r in records), default=year), year + 1)
        return money_totals(
            records,
            None,
            "dinero.programa_ejecucion",
            "Programa de ejecución del POT",
            executed_years=executed_years,
        )
    years = {
        "budget_years": range(pdd.start_year, pdd.end_year + 1),
        "executed_years": range(pdd.start_year, year + 1),
    }
    budget, executed, execution = money_totals(
        records, None, "dinero.programa_ejecucion", "Programa de ejecución del POT", **years
    )
    # NB: the development plan's money as the view's release saw it (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, view)
    ppi_rows = loaders.investment_plan(pdd, as_of)
    ppi = Figure(
        key="dinero.plan_plurianual",
        label=f"Plan plurianual de inversiones del {pdd.name}",
        value=sum(r.amount for r in ppi_rows),
        unit="COP",
        formula=" + ".join(f"{r.year}: {millions(r.amount)}" for r in ppi_rows) or "sin plan plurianual",
        method="suma de los montos anuales del plan plurianual de inversiones",
        inputs=tuple(Input(f"investmentplanyear:{r.pk}", str(r.year), r.amount) for r in ppi_rows),
        terms=("plan plurianual",),
    )
    figures = [
        named(budget, terms=("programa de ejecución",)),
        named(executed, "Inversión acumulada del programa de ejecución", ("inversión acumulada",)),
        named(execution, "Ejecución financiera del programa de ejecución", ("ejecución financiera",)),
        ppi,
        named(share_figure(budget, ppi, "dinero.participacion_ppi",
                           "Participación del programa de ejecución en el plan plurianual de inversiones"),
              terms=("plan plurianual",)),
    ]  # fmt: skip
    by_subsystem = _group_terms(
        money_by_group(records, "subsistema", "dinero.subsistema", **years),
        records,
        "subsistema",
        "dinero.subsistema",
    )
    figures += by_subsystem
    for f in by_subsystem:
        if f.key.endswith(".ejecutado"):
            stem, name = f.key.removesuffix(".ejecutado"), f.terms[0]
            figures.append(
                named(
                    share_figure(
                        f,
                        budget,
                        f"{stem}.participacion_programa",
                        f"Participación de {name} en el programa de ejecución",
                    ),
                    terms=(name, "programa de ejecución"),
                )
            )
            figures.append(named(share_figure(f, executed, f"{stem}.participacion_ejecutado",
                                              f"Participación de {name} en la inversión acumulada"),
                                 terms=(name, "inversión acumulada")))  # fmt: skip
    figures += money_by_group(records, "dependencia", "dinero.dependencia", **years)
    figures += money_by_group(records, "vigencia", "dinero.vigencia")
    programs = loaders.program_money(pdd, as_of)
    figures += _group_terms(
        money_by_group(programs, "programa", "dinero.programa", **years),
        programs,
        "programa",
        "dinero.programa",
    )
    return figures


DETAIL_PREFIXES = (
    "compromisos.tipologia.",
    "compromisos.subsistema.",
    "compromisos.dependencia.",
    "compromisos.historia.",
    "dinero.programa.",
    "dinero.dependencia.",
    "dinero.vigencia.",
    "indicador.",
    "pot.subsistema.",
    "pot.sistema.",
    "equidad.historia.",
    "equidad.brecha.",
    "pronostico.",
)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the figures are built.

    A plan's figures are thousands of small immutable objects that all survive until the end: each
    collection the allocations trigger walks every object of the process (Django's included) and finds
    nothing to free. Measured on a synthetic plan of 500 indicators: half of ``all_figures``'s time
    (``docs/performance.md``). The figures make no reference cycles, reference counting frees everything
    as usual, and the collector is switched back on when the last caller (thread) leaves.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def all_figures(plan: Plan, year: int, view: View = PUBLISHED) -> list[Figure]:
    """Every figure of the year as ``view`` shows the data: published (default), working, or a release
    of the year; a published view reads other years as ``loaders.year_view`` says (nothing published
    after the year's release)."""
    with cyclic_gc_paused():
        # NB: read once: the year's view (its release, and what other years had published by then)
        view = loaders.year_view(plan, year, view)
        pdd = loaders.development_plan_for(plan, year)
        # NB: read once: the targets and values of the POT's indicators and of the development plan's,
        # and the names of the subsystems and agencies
        as_of = loaders.catalogue_as_of(plan.pk, year, view)
        data = loaders.plan_series_data(plan, view, as_of)
        names = loaders.catalogue_names(plan)
        return [
            *commitment_figures(plan, year, with_details=True, view=view, names=names),
            *(pdd_figures(pdd, year, view, data) if pdd else []),
            *money_figures(plan, pdd, year, view, names),
            *indicator_figures(plan, year, view, data),
            *plan_equity_figures(plan, year, view, (data, as_of)),
            *plan_forecast_figures(plan, year, view, (data, as_of)),
        ]


def integrity_problems(plan: Plan, year: int, view: View = WORKING) -> list[Problem]:
    """What is missing or inconsistent in the plan's catalogue at the cut-off of ``year``."""
    problems = check_all(loaders.integrity_input(plan, loaders.development_plan_for(plan, year), view), year)
    names = loaders.reference_names(plan)
    return [replace(p, message=p.message.replace(p.ref, names.get(p.ref, p.ref))) for p in problems]


def is_headline(figure: Figure) -> bool:
    """The summary leaves out the breakdowns by typology, subsystem, agency, year and PDD program."""
    return not figure.key.startswith(DETAIL_PREFIXES)
