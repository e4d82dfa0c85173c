"""Turn a plan's rows into the core's plain records: the only place where figures meet the database.

Every loader reads the current version of reported data (``Versioned.current()``) and does a fixed number
of queries whatever the plan's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ssepot.catalogue.models import Plan
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import CommitmentRecord
from ssepot.core.indicators import IndicatorSeries
from ssepot.core.money import MoneyRecord
from ssepot.development.models import DevelopmentPlan, PddNode, ProgramInvestment
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.projects.models import ProjectYear

MILLION = 1_000_000


def commitment_records(plan: Plan, years: Iterable[int]) -> dict[int, list[CommitmentRecord]]:
    """Per year, every commitment with its current status; a commitment without a record that year is
    'sin reporte' (the agency did not report), so the total is always the whole catalogue."""
    years = sorted(set(years))
    commitments = list(
        Commitment.objects.filter(plan=plan).select_related("subsystem", "agency").order_by("code")
    )
    statuses = {
        (s.commitment_id, s.year): s
        for s in CommitmentStatus.objects.filter(plan=plan, year__in=years).current()
    }
    result: dict[int, list[CommitmentRecord]] = {}
    for year in years:
        result[year] = [
            CommitmentRecord(
                id=c.pk,
                code=c.code,
                horizon=c.horizon,
                typology=c.typology,
                subsystem=c.subsystem.name,
                agency=c.agency.acronym or c.agency.name,
                status=status.status if status else CommitmentStatus.Status.NO_REPORT,
                progress=status.progress if status else None,
            )
            for c in commitments
            for status in [statuses.get((c.pk, year))]
        ]
    return result


def development_plan_for(plan: Plan, year: int) -> DevelopmentPlan | None:
    """The development plan in force in ``year`` (the latest one starting on or before it)."""
    return (
        DevelopmentPlan.objects.filter(plan=plan, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


def indicator_series(indicators: Iterable[Indicator]) -> dict[int, IndicatorSeries]:
    """The core's view of indicators: sheet fields, yearly targets and current city-wide values."""
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator_id__in=ids):
        targets[t.indicator_id][t.year] = t.value
    achievements: dict[int, dict[int, Decimal]] = defaultdict(dict)
    values = IndicatorValue.objects.filter(
        indicator_id__in=ids, territorial_unit__isnull=True, value__isnull=False
    ).current()
    for v in values:
        if v.value is not None:
            achievements[v.indicator_id][v.year] = v.value
    return {
        i.pk: IndicatorSeries(
            id=i.pk,
            code=i.code,
            name=i.name,
            accumulation=i.accumulation,
            direction=i.direction,
            plan_target=i.plan_target,
            baseline=i.baseline_value,
            baseline_included=bool(i.baseline_included),
            targets=targets[i.pk],
            achievements=achievements[i.pk],
            weight=i.weight,
        )
        for i in indicators
    }


def pdd_structure(pdd: DevelopmentPlan) -> tuple[list[PddNode], list[Indicator], dict[int, set[int]]]:
    """The development plan's nodes, its indicators, and each indicator's linked POT projects."""
    nodes = list(PddNode.objects.filter(development_plan=pdd).order_by("code"))
    indicators = list(
        Indicator.objects.filter(development_plan=pdd).select_related("pdd_node").order_by("code")
    )
    links: dict[int, set[int]] = defaultdict(set)
    through = Indicator.projects.through.objects.filter(indicator__development_plan=pdd)
    for indicator_id, project_id in through.values_list("indicator_id", "project_id"):
        links[indicator_id].add(project_id)
    return nodes, indicators, links


def project_money(plan: Plan) -> list[MoneyRecord]:
    """Every project's yearly budget and execution (current versions), with subsystem, system, agency."""
    rows = (
        ProjectYear.objects.filter(plan=plan)
        .current()
        .select_related("project__subsystem__system", "project__agency")
    )
    return [
        MoneyRecord(
            ref=f"project:{r.project_id}",
            label=f"{r.project.code} {r.year}",
            year=r.year,
            budget=r.budget,
            executed=r.executed,
            groups={
                "subsistema": r.project.subsystem.name,
                "sistema": r.project.subsystem.system.name,
                "dependencia": r.project.agency.acronym or r.project.agency.name,
            },
        )
        for r in rows
    ]


def program_money(pdd: DevelopmentPlan) -> list[MoneyRecord]:
    rows = ProgramInvestment.objects.filter(node__development_plan=pdd).select_related("node")
    return [
        MoneyRecord(
            ref=f"pddnode:{r.node_id}",
            label=f"{r.node.code} {r.node.name} {r.year}",
            year=r.year,
            budget=r.budget,
            executed=r.executed,
            groups={"programa": r.node.name},
        )
        for r in rows
    ]


def nodes_related_to_systems(pdd: DevelopmentPlan) -> set[int]:
    """The development plan's nodes that the POT's systems relate to."""
    return set(
        PddNode.objects.filter(development_plan=pdd, systems__isnull=False).values_list("pk", flat=True)
    )
