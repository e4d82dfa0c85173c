"""Turn a plan's rows into the core's plain records: the only place where figures meet the database.

Every loader reads reported data through a *view* (``PUBLISHED``, what the public sees; ``WORKING``, the
current versions, approved or not; or a release number, frozen forever) and does a fixed number of
queries whatever the plan's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from django.db.models import QuerySet

from ssepot.catalogue import lookups  # noqa: F401  (registers ``__any``)
from ssepot.catalogue.models import Agency, Plan, Subsystem, VersionedQuerySet
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import CommitmentRecord
from ssepot.core.indicators import IndicatorSeries
from ssepot.core.integrity import IntegrityInput, TargetSchedule, WeightGroup
from ssepot.core.money import MoneyRecord
from ssepot.core.periods import WHOLE_YEAR
from ssepot.core.periods import Year as PeriodYear
from ssepot.core.periods import combine as combine_periods
from ssepot.core.rules import RuleSet
from ssepot.development.models import DevelopmentPlan, PddNode, ProgramInvestment
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import current_rules
from ssepot.projects.models import Project, ProjectYear
from ssepot.reporting.models import Release

MILLION = 1_000_000

View = str | int
PUBLISHED: View = "publicado"
WORKING: View = "trabajo"


def reported(qs: VersionedQuerySet, view: View) -> VersionedQuerySet:
    """The versions a view shows."""
    if view == WORKING:
        return qs.current()
    if view == PUBLISHED:
        return qs.published()
    return qs.published(release_number=int(view))


def candidates(qs: VersionedQuerySet, view: View) -> VersionedQuerySet:
    """The versions a view may show, for readers that keep the highest version per key (``_latest``):
    the same result as ``reported`` for a cheaper query (see ``published_versions``)."""
    if view == WORKING:
        return qs.current()
    if view == PUBLISHED:
        return qs.published_versions()
    return qs.published_versions(release_number=int(view))


Names = tuple[dict[int, tuple[str, str]], dict[int, str]]


def rules_in_force(plan_id: int, pdd: DevelopmentPlan | None, year: int, view: View) -> RuleSet:
    """The calculation rules a view's figures of ``year`` use (the development plan's, else the plan's):
    the current ones for the working data; for a release, those in force when it was published, so a later
    change of rules never moves a published figure."""
    published_at = None
    if view != WORKING:
        releases = Release.objects.filter(plan=plan_id, year=year)
        if view != PUBLISHED:
            releases = releases.filter(number__lte=int(view))
        published_at = releases.order_by("-number").values_list("published_at", flat=True).first()
    return current_rules(plan_id, pdd, as_of=published_at)


def commitment_records(
    plan: Plan, years: Iterable[int], view: View = PUBLISHED, names: Names | None = None
) -> dict[int, list[CommitmentRecord]]:
    """Per year, every commitment with its current status; a commitment without a record that year is
    'sin reporte' (the agency did not report), so the total is always the whole catalogue. ``names``:
    the plan's ``catalogue_names`` when the caller has read them already."""
    years = sorted(set(years))
    subsystems, agencies = names or catalogue_names(plan)
    commitments = [
        (pk, code, horizon, typology, subsystems[subsystem][0], agencies[agency])
        for pk, code, horizon, typology, subsystem, agency in Commitment.objects.filter(plan=plan)
        .order_by("code")
        .values_list("pk", "code", "horizon", "typology", "subsystem_id", "agency_id")
    ]
    statuses = _latest(
        candidates(CommitmentStatus.objects.filter(plan=plan, year__in=years), view)
        .order_by()  # NB: the models' ordering joins plan and municipality; ``_latest`` needs no order
        .values_list("commitment_id", "year", "version", "status", "progress")
    )
    no_report = (CommitmentStatus.Status.NO_REPORT, None)
    result: dict[int, list[CommitmentRecord]] = {}
    for year in years:
        result[year] = [
            CommitmentRecord(
                id=pk,
                code=code,
                horizon=horizon,
                typology=typology,
                subsystem=subsystem,
                agency=agency,
                status=status,
                progress=progress,
            )
            for pk, code, horizon, typology, subsystem, agency in commitments
            for status, progress in [statuses.get((pk, year), no_report)]
        ]
    return result


def catalogue_names(plan: Plan) -> Names:
    """The plan's subsystems (name, system's name) and agencies (acronym, or name without one) by id.

    NB: read apart and matched in Python rather than joined: a join with these catalogue tables, which
    hold every municipality's rows, made PostgreSQL hash the whole tables (30-130 ms a query with the
    country in the database, against 1-2 ms for these two plan-first queries)."""
    subsystems = {
        pk: (name, system)
        for pk, name, system in Subsystem.objects.filter(plan=plan)
        .order_by()
        .values_list("pk", "name", "system__name")
    }
    agencies = {
        pk: acronym or name
        for pk, acronym, name in Agency.objects.filter(plan=plan)
        .order_by()
        .values_list("pk", "acronym", "name")
    }
    return subsystems, agencies


def _latest(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[int, int], tuple[Any, ...]]:
    """``(id, year, version, *fields)`` rows as ``{(id, year): fields}``, the highest version winning.

    This is what makes ``candidates`` equal to ``reported``: a published view's candidates hold every
    published version of a key, and the highest is the one ``published()`` shows.
    """
    kept: dict[tuple[int, int], tuple[Any, ...]] = {}
    versions: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (row[0], row[1])
        if versions.get(key, -1) <= row[2]:
            versions[key] = row[2]
            kept[key] = row[3:]
    return kept


def development_plan_for(plan: Plan, year: int) -> DevelopmentPlan | None:
    """The development plan in force in ``year`` (the latest one starting on or before it)."""
    return (
        DevelopmentPlan.objects.filter(plan=plan, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


class Sheet(NamedTuple):
    """The fields of an indicator's sheet the figures read: a plain row, a tenth the cost of a model."""

    pk: int
    plan_id: int
    code: str
    name: str
    accumulation: str
    direction: str
    plan_target: Decimal | None
    baseline_value: Decimal | None
    baseline_included: bool | None
    weight: Decimal | None
    pdd_node_id: int | None
    """The development plan's node (program or component) of a PDD indicator; None for the POT's."""


def sheets(indicators: QuerySet[Indicator]) -> list[Sheet]:
    """The indicators' sheets as plain rows, in the queryset's order."""
    return [Sheet(*row) for row in indicators.values_list(*Sheet._fields)]


class SeriesData(NamedTuple):
    """Yearly targets and city-wide achievements by indicator id (what ``indicator_series`` reads); for
    an indicator that reports by quarter or month, its years as combined from them (``periods``)."""

    targets: dict[int, dict[int, Decimal]]
    achievements: dict[int, dict[int, Decimal]]
    periods: Mapping[int, dict[int, PeriodYear]] = MappingProxyType({})
    """Indicator id -> year -> the combination of its periods, with its formula ("3 de 4 trimestres")."""


ByPeriod = dict[tuple[int, int], Decimal]
"""Values or targets of one indicator by (year, period)."""


def _series_data(view: View, **where: Any) -> SeriesData:
    """The yearly targets and the city-wide achievements (the highest version the view shows) of the
    indicators ``where`` selects, in two queries; an indicator with rows by quarter or month gets its
    years combined from them (``ssepot.core.periods``) by its plan's rules, in one more query (and its
    rules') only when there are such rows."""
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # NB: rows below the year, keyed (year, period), apart: most plans have none
    by_period: dict[int, tuple[ByPeriod, ByPeriod]] = defaultdict(lambda: ({}, {}))
    target_rows = IndicatorTarget.objects.filter(**where).order_by()
    for indicator_id, year, period, target in target_rows.values_list(
        "indicator_id", "year", "period", "value"
    ):
        if period:
            by_period[indicator_id][1][(year, period)] = target
        else:
            targets[indicator_id][year] = target
    # NB: ``_latest`` written out for this one field: these are a plan's most numerous rows
    achievements: dict[int, dict[int, Decimal]] = defaultdict(dict)
    versions: dict[tuple[int, int, int], int] = {}
    value_rows = candidates(
        IndicatorValue.objects.filter(**where, territorial_unit__isnull=True, value__isnull=False), view
    ).order_by()
    for indicator_id, year, period, version, value in value_rows.values_list(
        "indicator_id", "year", "period", "version", "value"
    ):
        key = (indicator_id, year, period)
        if versions.get(key, -1) <= version:
            versions[key] = version
            if period:
                by_period[indicator_id][0][(year, period)] = value
            else:
                achievements[indicator_id][year] = value
    if not by_period:
        return SeriesData(targets, achievements)
    return SeriesData(targets, achievements, _combined(by_period, targets, achievements, **where))


def _combined(
    by_period: Mapping[int, tuple[ByPeriod, ByPeriod]],
    targets: dict[int, dict[int, Decimal]],
    achievements: dict[int, dict[int, Decimal]],
    **where: Any,
) -> dict[int, dict[int, PeriodYear]]:
    """Each indicator reporting by period gets its years combined by its rule (its plan's or development
    plan's rules); a year's own row (period 0) wins. ``targets`` and ``achievements`` are updated."""
    indicators = (
        Indicator.objects.filter(pk__any=list(by_period), plan__in=_plans_of(where))
        .exclude(frequency=Indicator.Frequency.YEARLY)
        .select_related("development_plan")
        .only("pk", "plan_id", "code", "accumulation", "direction", "frequency", "development_plan")
    )
    rules: dict[tuple[int, int | None], RuleSet] = {}
    found: dict[int, dict[int, PeriodYear]] = {}
    for i in indicators:
        scope = (i.plan_id, i.development_plan_id)
        if scope not in rules:
            rules[scope] = current_rules(i.plan_id, i.development_plan)
        rule = rules[scope].rule_for(i.accumulation, f"indicador {i.code}, campo tipo de acumulación")
        values, period_targets = by_period[i.pk]
        own_values = {(y, WHOLE_YEAR): v for y, v in achievements.get(i.pk, {}).items()}
        own_targets = {(y, WHOLE_YEAR): v for y, v in targets.get(i.pk, {}).items()}
        years = combine_periods(
            rule,
            i.frequency,
            {**values, **own_values},
            {**period_targets, **own_targets},
            decreasing=i.direction == Indicator.Direction.DECREASING,
        )
        found[i.pk] = years
        for year, combined in years.items():
            if combined.value is not None:
                achievements[i.pk][year] = combined.value
            if combined.target is not None:
                targets[i.pk][year] = combined.target
    return found


def _plans_of(where: Mapping[str, Any]) -> list[Any]:
    """The plans a ``_series_data`` selection is in, so the plan-first index serves the indicators' read."""
    if "plan" in where:
        return [where["plan"]]
    if "plan_id" in where:
        return [where["plan_id"]]
    return list(where["plan_id__in"])


def plan_series_data(plan: Plan | int, view: View = PUBLISHED) -> SeriesData:
    """Every indicator's targets and city-wide achievements in the plan: what ``all_figures`` reads once
    for the POT's indicators and the development plan's."""
    return _series_data(view, plan=plan)


def indicator_series(
    given: Iterable[Indicator] | Iterable[Sheet],
    view: View = PUBLISHED,
    data: SeriesData | None = None,
) -> dict[int, IndicatorSeries]:
    """The core's view of indicators (models or ``Sheet`` rows): sheet fields, yearly targets and
    current city-wide values; from ``data`` (``plan_series_data``) when given, else read for these
    indicators."""
    indicators: list[Indicator | Sheet] = list(given)
    if data is None:
        # NB: every row of an indicator belongs to the indicator's plan; filtering by plan too lets the
        # plan-first indexes serve the query.
        data = _series_data(
            view, plan_id__in={i.plan_id for i in indicators}, indicator_id__any=[i.pk for i in indicators]
        )
    targets, achievements = data.targets, data.achievements
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
            targets=targets.get(i.pk, {}),
            achievements=achievements.get(i.pk, {}),
            weight=i.weight,
        )
        for i in indicators
    }


def pdd_structure(pdd: DevelopmentPlan) -> tuple[list[PddNode], list[Sheet], dict[int, set[int]]]:
    """The development plan's nodes, its indicators' sheets (with their node's id), and each indicator's
    linked POT projects."""
    nodes = list(PddNode.objects.filter(development_plan=pdd).order_by("code"))
    # NB: plain rows, not models: a model costs ten times a row
    indicators = sheets(Indicator.objects.filter(plan=pdd.plan_id, development_plan=pdd).order_by("code"))
    links: dict[int, set[int]] = defaultdict(set)
    # NB: by the indicators' ids: the link table has no plan, and a join with the indicators made
    # PostgreSQL read every municipality's links (38 ms a plan with half the country in the database)
    through = Indicator.projects.through.objects.filter(indicator_id__any=[i.pk for i in indicators])
    for indicator_id, project_id in through.values_list("indicator_id", "project_id"):
        links[indicator_id].add(project_id)
    return nodes, indicators, links


def project_money(plan: Plan, view: View = PUBLISHED, names: Names | None = None) -> list[MoneyRecord]:
    """Every project's yearly budget and execution, grouped by subsystem, system, agency and year
    (``vigencia``).

    NB: names matched in Python, as ``catalogue_names`` explains."""
    subsystems, agencies = names or catalogue_names(plan)
    projects = {
        pk: (code, *subsystems[subsystem], agencies[agency])
        for pk, code, subsystem, agency in Project.objects.filter(plan=plan)
        .order_by()
        .values_list("pk", "code", "subsystem_id", "agency_id")
    }
    latest = _latest(
        candidates(ProjectYear.objects.filter(plan=plan), view)
        .order_by()
        .values_list("project_id", "year", "version", "budget", "executed")
    )
    # NB: in the models' order (project code, year), sorted here: the database need not sort
    rows = sorted((projects[project_id], year, project_id, row) for (project_id, year), row in latest.items())
    return [
        MoneyRecord(
            ref=f"project:{project_id}",
            label=f"{code} {year}",
            year=year,
            budget=budget,
            executed=executed,
            groups={"subsistema": subsystem, "sistema": system, "dependencia": agency, "vigencia": str(year)},
        )
        for (code, subsystem, system, agency), year, project_id, (budget, executed) in rows
    ]


def program_money(pdd: DevelopmentPlan) -> list[MoneyRecord]:
    rows = sorted(  # node code, year: the models' order, sorted here
        ProgramInvestment.objects.filter(plan=pdd.plan_id, node__development_plan=pdd)
        .order_by()
        .values_list("node_id", "node__code", "node__name", "year", "budget", "executed"),
        key=lambda r: (r[1], r[3]),
    )
    return [
        MoneyRecord(
            ref=f"pddnode:{node_id}",
            label=f"{code} {name} {year}",
            year=year,
            budget=budget,
            executed=executed,
            groups={"programa": name},
        )
        for node_id, code, name, year, budget, executed in rows
    ]


def nodes_related_to_systems(nodes: Iterable[PddNode]) -> set[int]:
    """The nodes (of one development plan) that the POT's systems relate to.

    NB: by the nodes' ids: the link table has no plan, and a join read every municipality's links."""
    links = PddNode.systems.through.objects.filter(pddnode_id__any=[n.pk for n in nodes])
    return set(links.values_list("pddnode_id", flat=True))


def integrity_input(plan: Plan, pdd: DevelopmentPlan | None, view: View = PUBLISHED) -> IntegrityInput:
    """The plan's catalogue as plain ids and links for the integrity checks."""
    pot = Indicator.objects.filter(plan=plan, development_plan__isnull=True)
    commitments = tuple(
        f"commitment:{pk}" for pk in Commitment.objects.filter(plan=plan).values_list("pk", flat=True)
    )
    projects = tuple(f"project:{pk}" for pk in Project.objects.filter(plan=plan).values_list("pk", flat=True))
    indicators = tuple(f"indicator:{pk}" for pk in pot.values_list("pk", flat=True))
    # NB: the link tables carry no plan: they are read by the plan's indicator ids (see ``pdd_structure``)
    ids = list(Indicator.objects.filter(plan=plan).values_list("pk", flat=True))
    commitment_links = tuple(
        (f"commitment:{c}", f"indicator:{i}")
        for i, c in Indicator.commitments.through.objects.filter(indicator_id__any=ids).values_list(
            "indicator_id", "commitment_id"
        )
    )
    project_links = tuple(
        (f"project:{p}", f"indicator:{i}")
        for i, p in Indicator.projects.through.objects.filter(indicator_id__any=ids).values_list(
            "indicator_id", "project_id"
        )
    )
    data_years: dict[str, set[int]] = defaultdict(set)
    for indicator_id, year in (
        IndicatorValue.objects.filter(indicator__in=pot)
        .current()
        .order_by()  # NB: the models' ordering joins the plan, its municipality and the indicator
        .values_list("indicator_id", "year")
        .distinct()
    ):
        data_years[f"indicator:{indicator_id}"].add(year)
    target_years: dict[int, set[int]] = defaultdict(set)
    targets = IndicatorTarget.objects.filter(plan=plan).order_by()
    for indicator_id, year in targets.values_list("indicator_id", "year"):
        target_years[indicator_id].add(year)
    pot_ids = set(pot.values_list("pk", flat=True))
    schedules = [
        TargetSchedule(f"indicator:{pk}", min(years), max(years), frozenset(years))
        for pk, years in target_years.items()
        if pk in pot_ids
    ]
    groups: list[WeightGroup] = []
    if pdd is not None:
        nodes = list(PddNode.objects.filter(development_plan=pdd).order_by("code"))
        by_parent: dict[str, list[tuple[str, Decimal | None]]] = defaultdict(list)
        for node in nodes:
            by_parent[f"pddnode:{node.parent_id}" if node.parent_id else f"developmentplan:{pdd.pk}"].append(
                (f"pddnode:{node.pk}", node.weight)
            )
        pdd_indicators = Indicator.objects.filter(development_plan=pdd, pdd_node__level=PddNode.Level.PROGRAM)
        for pk, node_id, weight in pdd_indicators.values_list("pk", "pdd_node_id", "weight"):
            by_parent[f"pddnode:{node_id}"].append((f"indicator:{pk}", weight))
            # NB: a PDD indicator is programmed for every year of the development plan.
            schedules.append(
                TargetSchedule(f"indicator:{pk}", pdd.start_year, pdd.end_year, frozenset(target_years[pk]))
            )
        groups = [WeightGroup(parent, tuple(weights)) for parent, weights in sorted(by_parent.items())]
    return IntegrityInput(
        commitments=commitments,
        indicators=indicators,
        projects=projects,
        commitment_indicator_links=commitment_links,
        project_indicator_links=project_links,
        data_years=data_years,
        weight_groups=tuple(groups),
        schedules=tuple(schedules),
    )


def reference_names(plan: Plan) -> dict[str, str]:
    """Readable names for the refs the core uses (``indicator:17`` -> ``indicador POT-MOV-01``)."""
    names = {
        f"indicator:{pk}": f"{code}"
        for pk, code in Indicator.objects.filter(plan=plan).values_list("pk", "code")
    }
    names |= {
        f"commitment:{pk}": code
        for pk, code in Commitment.objects.filter(plan=plan).values_list("pk", "code")
    }
    names |= {
        f"project:{pk}": code for pk, code in Project.objects.filter(plan=plan).values_list("pk", "code")
    }
    return names
