"""A development plan's figures at any cut-off, by its own calculation rules: every indicator, program,
component, line, the plan and each agency, with progress and compliance (``ssepot.core.rules``).

The workbook's own results, when a mapping kept them (``Indicator.source_figures``), are compared with the
system's: an indicator the source computes differently, or with a second weight, is reported with the
points it moves on each level, so a difference with the city's published number always has a name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ssepot.catalogue.models import Agency
from ssepot.catalogue.year_view import YearView
from ssepot.core.commitments import slug
from ssepot.core.figures import HUNDRED, Figure, fmt_number
from ssepot.core.indicators import period_formula, period_note
from ssepot.core.integrity import Problem
from ssepot.core.money import MoneyRecord, money_totals
from ssepot.core.rules import (
    ZERO,
    Group,
    Leaf,
    RuleSet,
    Series,
    Term,
    evaluate,
    group_figures,
    indicator_figures,
    totals,
)
from ssepot.development.models import MONEY_FIELDS, DevelopmentPlan, PddNode, ProgramInvestment, plan_levels
from ssepot.figures import loaders
from ssepot.figures.loaders import PUBLISHED, WORKING, View
from ssepot.indicators.models import Indicator, IndicatorTarget

TOLERANCE = Decimal("0.0005")
"""A source's indicator progress further than this (0,05 points) from the system's is reported."""


@dataclass(frozen=True)
class Level:
    """One row of the plan's table: a node, the plan, or an agency, with its two figures."""

    level: str
    code: str
    name: str
    progress: Figure
    compliance: Figure
    programmed: Figure | None = None
    """The programmed progress at the cut-off (levels only)."""
    years: tuple[tuple[int, Decimal | None], ...] = ()
    """An indicator's own contribution of each year (fractions of its target); None: not reported."""
    money: LevelMoney | None = None
    """The level's budget and financial execution in the year (levels only; None: no budget lines)."""


@dataclass(frozen=True)
class LevelMoney:
    """A level's money in one year: the final appropriation, the executed amount and the financial
    execution (``ssepot.core.money``), and the total of every other amount the budget lines carry (None when
    no line carries it: not reported is not 0)."""

    year: int
    budget: Figure
    executed: Figure
    execution: Figure
    amounts: tuple[tuple[str, int | None], ...]
    """(mapping key, total in COP) for every amount column, in ``AMOUNT_KEYS`` order."""
    lines: int


@dataclass(frozen=True)
class DevelopmentFigures:
    rules: RuleSet
    term: Term
    levels: list[Level]
    indicators: list[Level]
    problems: list[Problem]

    def figures(self) -> list[Figure]:
        found = [f for row in (*self.levels, *self.indicators) for f in (row.progress, row.compliance)]
        for row in self.levels:
            if row.money is not None:
                found += [row.money.budget, row.money.executed, row.money.execution]
        return found


def _programmed(pdd: DevelopmentPlan, as_of: dt.datetime | None) -> dict[int, dict[int, Decimal]]:
    """The programmed progress each indicator's planning office declared per year (as it was at
    ``as_of``, a release's moment, when given: ADR 0006)."""
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    where = {"plan": pdd.plan_id, "indicator__development_plan": pdd}
    fields = ("indicator_id", "year", "programmed")
    live = {pk: row for pk, *row in IndicatorTarget.objects.filter(**where).values_list("pk", *fields)}
    rows = (
        live.values()
        if as_of is None
        else loaders.pinned_rows(live, IndicatorTarget.history.filter(**where), fields, as_of).values()
    )
    for indicator_id, year, share in rows:
        if share is not None:
            found[indicator_id][year] = share
    return found


def development_figures(
    pdd: DevelopmentPlan, year: int, cutoff: dt.date | None = None, view: View = PUBLISHED
) -> DevelopmentFigures:
    """Every level's progress and compliance at ``cutoff`` (when not given, the year's: its reporting
    period's cut-off, else 31 December)."""
    view = loaders.year_view(pdd.plan_id, year, view)
    rules = loaders.rules_in_force(pdd.plan_id, pdd, year, view)
    term = Term(pdd.start_year, pdd.end_year, cutoff or loaders.year_cutoff(pdd.plan_id, year))
    # NB: the catalogue (sheets, targets, node weights) as the view's release saw it (ADR 0006)
    as_of = loaders.catalogue_as_of(pdd.plan_id, year, view)
    nodes, sheets, _ = loaders.pdd_structure(pdd, as_of)
    series = loaders.indicator_series(sheets, view, as_of=as_of)
    missing = (
        "sin valores reportados hasta el corte"
        if view == WORKING
        else "sin valores publicados hasta el corte"
        if not isinstance(view, YearView) or not view.number
        else f"sin valores en la publicación {year}-{view.number} hasta el corte"
    )
    programmed = _programmed(pdd, as_of)
    level_names = dict(plan_levels(pdd))
    leaf_key = next(reversed(level_names))
    programs = {n.pk for n in nodes if n.level == leaf_key}
    extra: dict[int, tuple[dict[str, str], int | None]] = {
        pk: (source, agency)
        for pk, source, agency in Indicator.objects.filter(
            plan=pdd.plan_id, development_plan=pdd
        ).values_list("pk", "source_figures", "reporting_agency_id")
    }
    leaves: dict[int | None, list[Leaf]] = defaultdict(list)
    by_agency: dict[int | None, list[Leaf]] = defaultdict(list)
    indicator_rows: list[Level] = []
    every: list[Leaf] = []
    for sheet in sheets:
        s = series[sheet.pk]
        result = evaluate(
            Series(
                ref=f"indicator:{sheet.pk}",
                code=sheet.code,
                accumulation=sheet.accumulation,
                decreasing=s.decreasing,
                plan_target=s.plan_target,
                baseline=s.baseline,
                baseline_included=s.baseline_included,
                targets=s.targets,
                achievements=s.achievements,
                programmed=programmed.get(sheet.pk, {}),
                weight=sheet.weight,
            ),
            rules,
            term,
            missing,
        )
        leaf = Leaf(f"indicator:{sheet.pk}", f"{sheet.code} {sheet.name}"[:200], sheet.weight, result)
        every.append(leaf)
        # NB: as the headline's tree (``compute.pdd_tree``): only program indicators make the physical
        # progress; a component's result indicators have their own figures but do not roll up
        if sheet.pdd_node_id in programs:
            leaves[sheet.pdd_node_id].append(leaf)
            by_agency[extra[sheet.pk][1]].append(leaf)
        progress, compliance = indicator_figures(
            leaf, rules, term, f"pdd.{pdd.slug}.indicador.{slug(sheet.code)}"
        )
        if note := period_note(s, term.year):
            # NB: a year combined from some of its quarters or months says so, as the POT's indicators do
            progress, compliance = (
                f.replaced(note=note, formula=f.formula + period_formula(s, term.year))
                for f in (progress, compliance)
            )
        indicator_rows.append(
            Level("indicador", sheet.code, sheet.name, progress, compliance, years=result.contributions)
        )

    children: dict[int | None, list[PddNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    groups: dict[int, Group] = {}

    def build(node: PddNode) -> Group:
        kids = tuple(build(c) for c in children[node.pk])
        group = Group(
            ref=f"pddnode:{node.pk}",
            label=f"{level_names.get(node.level, node.level).split(' /')[0]} {node.code} {node.name}",
            leaves=tuple(leaves[node.pk]),
            children=kids,
            weight=node.weight,
            programs=1 if node.level == leaf_key else sum(k.programs for k in kids),
        )
        groups[node.pk] = group
        return group

    root = Group(f"developmentplan:{pdd.pk}", pdd.name, children=tuple(build(n) for n in children[None]))
    levels = [Level("plan", pdd.slug, pdd.name, *group_figures(root, rules, term, f"pdd.{pdd.slug}"))]
    for node in nodes:
        figures = group_figures(
            groups[node.pk], rules, term, f"pdd.{pdd.slug}.{node.level}.{slug(node.code)}"
        )
        levels.append(Level(node.level, node.code, node.name, *figures))
    named: list[tuple[str, Group]] = [(pdd.name, root)]
    named += [(f"{n.code} {n.name}", groups[n.pk]) for n in nodes]
    agencies = {pk: (code, name) for pk, code, name in Agency.objects.filter(plan=pdd.plan_id).values_list(
        "pk", "code", "name")}  # fmt: skip
    for agency_id, agency_leaves in sorted(
        by_agency.items(), key=lambda kv: agencies.get(kv[0] or 0, ("", ""))[1]
    ):
        code, name = agencies.get(agency_id or 0, ("", "sin dependencia"))
        group = Group(f"agency:{code}", name, leaves=tuple(agency_leaves))
        figures = group_figures(group, rules, term, f"pdd.{pdd.slug}.dependencia.{slug(code) or 'ninguna'}")
        levels.append(Level("dependencia", code, name, *figures))
        named.append((name, group))

    problems = _source_problems(every, named, extra, term, rules)
    levels = with_money(pdd, year, as_of, levels, nodes, {pk: agency for pk, (_s, agency) in extra.items()})
    return DevelopmentFigures(rules, term, levels, indicator_rows, problems)


def _source_problems(
    every: list[Leaf],
    named: list[tuple[str, Group]],
    extra: dict[int, tuple[dict[str, str], int | None]],
    term: Term,
    rules: RuleSet,
) -> list[Problem]:
    """Where the source's own results disagree with the system's: a second weight, or an indicator's
    progress computed another way, with the points it moves on every level (``named``: the plan, its
    nodes and its agencies)."""
    problems: list[Problem] = []
    moved: dict[str, Decimal] = {}  # leaf ref -> weight x (source - system), in fractions
    for leaf in every:
        source = extra[int(leaf.ref.split(":")[1])][0] or {}
        other_weight = source.get("peso")
        if other_weight is not None and leaf.weight is not None and Decimal(other_weight) != leaf.weight:
            problems.append(
                Problem(
                    "dos_pesos",
                    leaf.ref,
                    f"{leaf.label[:80]}: la fuente trae dos pesos, {fmt_number(leaf.weight, 8)} "
                    f"(el que se usa) y {fmt_number(Decimal(other_weight), 8)}",
                )
            )
        stated = source.get("avance")
        if stated is None or source.get("corte") != term.cutoff.isoformat():
            continue
        theirs = max(Decimal(stated), ZERO)
        if rules.progress_cap is not None:
            theirs = min(theirs, rules.progress_cap)
        ours = leaf.result.progress or ZERO
        if abs(theirs - ours) > TOLERANCE:
            moved[leaf.ref] = (leaf.weight or ZERO) * (theirs - ours)
            problems.append(
                Problem(
                    "fuente_distinta",
                    leaf.ref,
                    f"{leaf.label[:80]}: la fuente calcula un avance de {fmt_number(theirs * HUNDRED, 2)} % "
                    f"y la regla «{leaf.result.rule}» da {fmt_number(ours * HUNDRED, 2)} % "
                    f"({leaf.result.formula[:160]})",
                )
            )
    if moved:
        for name, group in named:
            refs = [leaf.ref for leaf in _leaves(group) if leaf.ref in moved]
            weight = totals(group, rules).weight
            if not refs or not weight:
                continue
            points = sum((moved[r] for r in refs), ZERO) / weight * HUNDRED
            problems.append(
                Problem(
                    "fuente_distinta_nivel",
                    group.ref,
                    f"{name[:80]}: {len(refs)} indicador(es) que la fuente calcula de otra forma mueven "
                    f"{fmt_number(points, 2)} puntos el avance de este nivel",
                )
            )
    return problems


def _leaves(group: Group) -> list[Leaf]:
    found = list(group.leaves)
    for child in group.children:
        found += _leaves(child)
    return found


AMOUNT_KEYS = {
    "initial_appropriation": "apropiacion_inicial",
    "budget": "apropiacion_definitiva",
    "commitments": "compromisos",
    "obligations": "obligaciones",
    "payments": "pagos",
    "executed": "ejecutado",
    "financial_plan": "plan_financiero",
}
"""Each amount of a budget line -> its name in the mapping, the JSON and the API."""


def investment_rows(
    pdd: DevelopmentPlan, year: int, as_of: dt.datetime | None = None
) -> dict[int, tuple[Any, ...]]:
    """The development plan's budget lines of ``year`` (id -> node, indicator, agency, bpin, source and
    ``MONEY_FIELDS``); with ``as_of`` (a release's moment, ADR 0006), as they were then."""
    fields = ("node_id", "indicator_id", "agency_id", "year", "bpin", "source", *MONEY_FIELDS)
    selected = ProgramInvestment.objects.filter(plan=pdd.plan_id, node__development_plan=pdd).order_by()
    live = {pk: tuple(row) for pk, *row in selected.values_list("pk", *fields)}
    if as_of is not None:
        history = ProgramInvestment.history.filter(plan=pdd.plan_id, node__development_plan=pdd)
        live = loaders.pinned_rows(live, history, fields, as_of)
    return {pk: row for pk, row in live.items() if row[3] == year}


def with_money(
    pdd: DevelopmentPlan,
    year: int,
    as_of: dt.datetime | None,
    levels: list[Level],
    nodes: list[PddNode],
    reporting_agency: dict[int, int | None],
) -> list[Level]:
    """``levels`` with each one's money in ``year``: a node's budget lines and its descendants', the plan's
    every line, an agency's the lines it is responsible for (the line's own agency, else its goal's
    reporting agency). Unchanged when the year has no budget lines."""
    rows = investment_rows(pdd, year, as_of)
    if not rows:
        return levels
    by_node: dict[int, PddNode] = {n.pk: n for n in nodes}
    code_of = {n.pk: n.code for n in nodes}
    agency_codes = dict(Agency.objects.filter(plan=pdd.plan_id).values_list("pk", "code"))
    records: dict[tuple[str, str], list[tuple[MoneyRecord, tuple[Any, ...]]]] = defaultdict(list)
    for pk, row in sorted(rows.items(), key=lambda kv: (code_of.get(kv[1][0], ""), kv[0])):
        node_id, indicator_id, agency_id, _year, bpin, source, *_amounts = row
        if node_id not in by_node:
            continue
        label = " ".join(p for p in (code_of[node_id], bpin, source) if p)
        amounts = dict(zip(MONEY_FIELDS, row[6:], strict=True))
        record = MoneyRecord(f"programinvestment:{pk}", label, year, amounts["budget"], amounts["executed"])
        records[("plan", pdd.slug)].append((record, row))
        node: PddNode | None = by_node[node_id]
        while node is not None:
            records[(node.level, node.code)].append((record, row))
            node = by_node.get(node.parent_id) if node.parent_id else None
        agency = agency_id or (reporting_agency.get(indicator_id) if indicator_id else None)
        if agency in agency_codes:
            records[("dependencia", agency_codes[agency])].append((record, row))
    shown: list[Level] = []
    for level in levels:
        found = records.get((level.level, level.code))
        if not found:
            shown.append(level)
            continue
        key = (
            f"pdd.{pdd.slug}.dinero"
            if level.level == "plan"
            else f"pdd.{pdd.slug}.{level.level}.{slug(level.code) or 'ninguna'}.dinero"
        )
        budget, executed, execution = money_totals([r for r, _ in found], [year], key, level.name)
        totals: list[tuple[str, int | None]] = []
        for i, name in enumerate(MONEY_FIELDS):
            given = [row[6 + i] for _, row in found if row[6 + i] is not None]
            totals.append((AMOUNT_KEYS[name], sum(given) if given else None))
        money = LevelMoney(year, budget, executed, execution, tuple(totals), len(found))
        shown.append(replace(level, money=money))
    return shown
