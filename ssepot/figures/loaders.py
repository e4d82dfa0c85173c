"""Turn a plan's rows into the core's plain records: the only place where figures meet the database.

Every loader reads reported data through a *view* (``PUBLISHED``, what the public sees; ``WORKING``, the
current versions, approved or not; or a release number, frozen forever) and does a fixed number of
queries whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import reduce
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from django.db.models import Exists, Model, QuerySet

from ssepot.catalogue import lookups  # noqa: F401  (registers ``__any``)
from ssepot.catalogue.history import HISTORISED, link_history
from ssepot.catalogue.models import Agency, Plan, Subsystem, VersionedQuerySet
from ssepot.catalogue.year_view import YearView
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import CommitmentRecord
from ssepot.core.indicators import IndicatorSeries
from ssepot.core.integrity import IntegrityInput, TargetSchedule, WeightGroup
from ssepot.core.money import MoneyRecord
from ssepot.core.periods import WHOLE_YEAR
from ssepot.core.periods import Year as PeriodYear
from ssepot.core.periods import combine as combine_periods
from ssepot.core.rules import RuleSet
from ssepot.development.models import (
    DevelopmentPlan,
    InvestmentPlanYear,
    PddNode,
    ProgramInvestment,
    leaf_level,
)
from ssepot.indicators.models import CalculationRules, Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import current_rules
from ssepot.projects.models import Project, ProjectYear
from ssepot.reporting.models import Release, ReportingPeriod

MILLION = 1_000_000

View = str | int | YearView
PUBLISHED: View = "publicado"
WORKING: View = "trabajo"


def year_view(plan: Plan | int, year: int, view: View) -> View:
    """The view the figures of ``year`` read (``YearView``, whose rule ``docs/cifras.md`` states): for
    ``PUBLISHED``, the year's latest release; for a release number, that release of the year. The working
    data and a ``YearView`` are returned as they are."""
    if view == WORKING or isinstance(view, YearView):
        return view
    releases = Release.objects.filter(plan=plan, year=year)
    if view != PUBLISHED:
        releases = releases.filter(number__lte=int(view))
    shown = releases.order_by("-number").values_list("number", "published_at").first()
    return YearView(year, *shown) if shown else YearView(year, 0, None)


def release_view(release: Release) -> YearView:
    """The view of ``release``'s year as ``release`` shows it."""
    return YearView(release.year, release.number, release.published_at)


class Coverage(NamedTuple):
    """How much of a year's plan a view has values for: commitments with a reported status (not «sin
    reporte») and the POT's indicators programmed in the year (with a yearly target) with a city-wide
    value, out of the catalogue's commitments and the year's programmed indicators."""

    reported: int
    total: int

    @property
    def share(self) -> Decimal | None:
        return Decimal(self.reported) / self.total if self.total else None

    def reaches(self, threshold: Decimal) -> bool:
        """Whether the year is covered enough to headline: a plan with nothing to report is never short."""
        return self.share is None or self.share >= threshold


def year_coverage(plan: Plan, year: int, view: View = PUBLISHED) -> Coverage:
    """The ``Coverage`` of ``year`` as its view shows it (``year_view``), in four counting queries."""
    view = year_view(plan, year, view)
    pot = Indicator.objects.filter(plan=plan, development_plan__isnull=True)
    programmed = IndicatorTarget.objects.filter(plan=plan, year=year, indicator__in=pot)
    programmed_ids = set(programmed.values_list("indicator_id", flat=True))
    statuses = reported(CommitmentStatus.objects.filter(plan=plan, year=year), view).exclude(
        status=CommitmentStatus.Status.NO_REPORT
    )
    city = IndicatorValue.objects.filter(plan=plan, year=year, territorial_unit__isnull=True)
    values = reported(city.filter(value__isnull=False), view)
    measured = set(values.values_list("indicator_id", flat=True)) & programmed_ids
    return Coverage(
        reported=statuses.values("commitment_id").distinct().count() + len(measured),
        total=Commitment.objects.filter(plan=plan).count() + len(programmed_ids),
    )


def reported(qs: VersionedQuerySet, view: View) -> VersionedQuerySet:
    """The versions a view shows."""
    if view == WORKING:
        return qs.current()
    if isinstance(view, YearView):
        return qs.published(view=view)
    if view == PUBLISHED:
        return qs.published()
    return qs.published(release_number=int(view))


def candidates(qs: VersionedQuerySet, view: View) -> VersionedQuerySet:
    """The versions a view may show, for readers that keep the highest version per key (``_latest``):
    the same result as ``reported`` for a cheaper query (see ``published_versions``)."""
    if view == WORKING:
        return qs.current()
    if isinstance(view, YearView):
        return qs.published_versions(view=view)
    if view == PUBLISHED:
        return qs.published_versions()
    return qs.published_versions(release_number=int(view))


Names = tuple[dict[int, tuple[str, str]], dict[int, str]]


def year_cutoff(plan: Plan | int, year: int) -> dt.date:
    """The cut-off of a year's figures: its reporting period's (a plan may close a year early, as Medellín's
    planning department did on 31 August 2023, the end of a term), else 31 December. Every figure of the
    year (headline, levels, portal, API, report) is cut here, so one year shows one set of numbers."""
    found = ReportingPeriod.objects.filter(plan=plan, year=year).values_list("cutoff_date", flat=True).first()
    return found or dt.date(year, 12, 31)


def rules_in_force(plan_id: int, pdd: DevelopmentPlan | None, year: int, view: View) -> RuleSet:
    """The calculation rules a view's figures of ``year`` use (the development plan's, else the plan's):
    the current ones for the working data; for a release, those in force when it was published, so a later
    change of rules never moves a published figure."""
    published_at = None
    if isinstance(view, YearView):
        published_at = view.published_at
    elif view != WORKING:
        releases = Release.objects.filter(plan=plan_id, year=year)
        if view != PUBLISHED:
            releases = releases.filter(number__lte=int(view))
        published_at = releases.order_by("-number").values_list("published_at", flat=True).first()
    return current_rules(plan_id, pdd, as_of=published_at)


H = TypeVar("H", bound=Model)

EDITS = ("~", "-")
"""The history rows that change a row that existed (an edit, a deletion), as django-simple-history marks
them; "+" is a creation."""


def release_published_at(plan_id: int, year: int, view: View) -> dt.datetime | None:
    """When the release a view shows of ``year`` was published; None for the working data or a year not
    yet published."""
    if view == WORKING:
        return None
    if isinstance(view, tuple):  # NB: a ``YearView`` knows its release's date
        return view[2]
    releases = Release.objects.filter(plan=plan_id, year=year)
    if view != PUBLISHED:
        releases = releases.filter(number__lte=int(view))
    return releases.order_by("-number").values_list("published_at", flat=True).first()


def catalogue_as_of(plan_id: int, year: int, view: View) -> dt.datetime | None:
    """The moment whose catalogue (sheets, targets, node weights, thresholds, program budgets, rules) a view's
    figures of ``year`` read: the publication of the release it shows, so a later edit never moves a
    published figure (ADR 0006). None means the live rows: for the working data, a year not yet
    published, and a plan whose catalogue has not changed since the release (one EXISTS query, so an
    unchanged plan reads no history)."""
    published_at = release_published_at(plan_id, year, view)
    if published_at is None:
        return None
    since = {"history_date__gt": published_at, "history_type__in": EDITS}
    changed = reduce(
        operator.or_,
        (
            Exists(model.history.filter(**{"id" if model is Plan else "plan": plan_id}, **since))  # type: ignore[attr-defined]
            for model in HISTORISED
        ),
    )
    rules_since = Exists(CalculationRules.objects.filter(plan=plan_id, created_at__gt=published_at))
    plan = Plan.objects.filter(pk=plan_id)
    if not plan.filter(changed | rules_since).exists():
        return None
    if plan.filter(changed).exists() or _rules_changed(plan_id, published_at):
        return published_at
    return None


def latest_catalogue_as_of(plan_id: int, view: View) -> dt.datetime | None:
    """``catalogue_as_of`` for a table without a year (the projects and their subsystem and agency): the
    moment of the newest release the view shows of any year (for ``PUBLISHED``, the plan's newest
    publication; for a release number N, the newest of each year's releases up to N; a ``YearView``, its
    own), so a later edit moves no published download until the next publication."""
    if view == WORKING:
        return None
    if isinstance(view, YearView):
        return catalogue_as_of(plan_id, view.year, view)
    releases = Release.objects.filter(plan=plan_id)
    if view != PUBLISHED:
        releases = releases.filter(number__lte=int(view))
    year = releases.order_by("-published_at", "-number").values_list("year", flat=True).first()
    return None if year is None else catalogue_as_of(plan_id, year, view)


def _rules_changed(plan_id: int, since: dt.datetime) -> bool:
    """Whether a rule set registered after ``since`` says something else than the one in force then (rule
    sets are versioned in their own rows, never edited). NB: the definitions are compared, not the dates: a
    release may be dated before the rules its import brought (``pinned_rows``)."""
    scopes = set(
        CalculationRules.objects.filter(plan=plan_id, created_at__gt=since).values_list(
            "development_plan_id", flat=True
        )
    )
    for scope in scopes:
        if (
            current_rules(plan_id, scope, as_of=since).definition()
            != current_rules(plan_id, scope).definition()
        ):
            return True
    return False


def pinned_rows(
    live: Mapping[int, Sequence[Any]], history: QuerySet[Any], fields: Sequence[str], as_of: dt.datetime
) -> dict[int, tuple[Any, ...]]:
    """``live`` rows (id -> ``fields``) as they were at ``as_of``, from ``history`` (the same selection's
    history rows) in one query: a row edited since takes its state then, a row deleted since comes back.

    NB: a row created after ``as_of`` counts as created before it, in its first state: a release may be
    dated before the import it publishes (``publish_existing``'s ``published_at``: the demo, a historical
    plan), so a creation's date says nothing about what the release covered. Rows written without
    history count as unchanged (``ssepot.catalogue.history``)."""
    then: dict[int, tuple[Any, ...] | None] = {}
    changed: set[int] = set()
    rows = history.order_by("history_date", "history_id").values_list(
        "id", "history_date", "history_type", *fields
    )
    for pk, date, kind, *row in rows:
        if date <= as_of or pk not in then:
            then[pk] = None if kind == "-" else tuple(row)
        if date > as_of and kind in EDITS:
            changed.add(pk)
    kept = {pk: tuple(row) for pk, row in live.items() if pk not in changed}
    kept |= {pk: row for pk in changed if (row := then.get(pk)) is not None}
    return kept


def instances_as_of(rows: Sequence[H], as_of: dt.datetime | None) -> list[H]:
    """Rows of one historised model (indicators with their sheets, a plan with its thresholds) as they
    were at ``as_of`` (``catalogue_as_of``), in one query, by the rules of ``pinned_rows``; the rows
    themselves when None. NB: a row taken from its history carries no related rows already read."""
    if as_of is None or not rows:
        return list(rows)
    history = type(rows[0]).history  # type: ignore[attr-defined]
    then: dict[int, Any] = {}
    edited: set[int] = set()
    for row in history.filter(id__any=[r.pk for r in rows]).order_by("history_date", "history_id"):
        if row.history_date <= as_of or row.id not in then:
            then[row.id] = row
        if row.history_date > as_of and row.history_type in EDITS:
            edited.add(row.id)
    return [then[r.pk].instance if r.pk in edited else r for r in rows]


def instance_as_of(row: H, as_of: dt.datetime | None) -> H:
    """One row as ``instances_as_of`` gives it."""
    return instances_as_of([row], as_of)[0]


def links_as_of(
    model: type[Model], name: str, owners: Sequence[int], as_of: dt.datetime | None
) -> list[tuple[int, int]]:
    """The links (owner id, linked id) of the ``owners``' many-to-many field ``name`` (one whose links
    ``model``'s history carries: ``ssepot.catalogue.history``) as they were at ``as_of``, by the rules of
    ``pinned_rows`` applied to each owner's links as a whole: an owner edited since (its links or any
    field) takes the links its history row then carries; the live links when None.

    NB: by the owners' ids: the link tables have no plan, and a join read every municipality's links."""
    field = model._meta.get_field(name)
    through = field.remote_field.through  # type: ignore[union-attr]
    owner, other = field.m2m_column_name(), field.m2m_reverse_name()  # type: ignore[union-attr]
    live = through.objects.filter(**{f"{owner}__any": list(owners)}).values_list(owner, other)
    if as_of is None:
        return list(live)
    then: dict[int, int | None] = {}
    edited: set[int] = set()
    history = model.history.filter(id__any=list(owners))  # type: ignore[attr-defined]
    for history_id, pk, date, kind in history.order_by("history_date", "history_id").values_list(
        "history_id", "id", "history_date", "history_type"
    ):
        if date <= as_of or pk not in then:
            then[pk] = None if kind == "-" else history_id
        if date > as_of and kind in EDITS:
            edited.add(pk)
    kept = [(a, b) for a, b in live if a not in edited]
    rows = [h for pk in edited if (h := then.get(pk)) is not None]
    snapshots = link_history(model, name).objects.filter(history_id__any=rows)
    return kept + list(snapshots.values_list(owner, other))


def project_assignments(plan: Plan | int, as_of: dt.datetime | None = None) -> dict[int, tuple[Any, Any]]:
    """Each of the plan's projects' subsystem and agency ids; with ``as_of`` (``catalogue_as_of``), as
    they were then (a project assigned since keeps the release's group)."""
    fields = ("subsystem_id", "agency_id")
    rows = Project.objects.filter(plan=plan).order_by().values_list("pk", *fields)
    live = {pk: (subsystem, agency) for pk, subsystem, agency in rows}
    if as_of is None:
        return live
    return pinned_rows(live, Project.history.filter(plan=plan), fields, as_of)


def commitment_records(
    plan: Plan, years: Iterable[int], view: View = PUBLISHED, names: Names | None = None
) -> dict[int, list[CommitmentRecord]]:
    """Per year, every commitment with its current status; a commitment without a record that year is
    'sin reporte' (the agency did not report), so the total is always the whole catalogue. A published
    view is the last year's (``year_view``). ``names``: the plan's ``catalogue_names`` when the caller has
    read them already."""
    years = sorted(set(years))
    if years:
        view = year_view(plan, years[-1], view)
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
    subsystem_id: int | None = None
    """The POT subsystem the indicator measures (its group in the POT's levels)."""


def sheets(indicators: QuerySet[Indicator], as_of: dt.datetime | None = None) -> list[Sheet]:
    """The indicators' sheets as plain rows, in the queryset's order; with ``as_of``, as they were then
    (``catalogue_as_of``), sorted by code. NB: an indicator deleted since does not come back (its values
    went with it)."""
    rows = [Sheet(*row) for row in indicators.values_list(*Sheet._fields)]
    if as_of is None:
        return rows
    history = Indicator.history.filter(id__any=[r.pk for r in rows])
    pinned = pinned_rows({r.pk: r[1:] for r in rows}, history, Sheet._fields[1:], as_of)
    return sorted((Sheet(pk, *row) for pk, row in pinned.items()), key=lambda r: r.code)


class SeriesData(NamedTuple):
    """Yearly targets and city-wide achievements by indicator id (what ``indicator_series`` reads); for
    an indicator that reports by quarter or month, its years as combined from them (``periods``)."""

    targets: dict[int, dict[int, Decimal]]
    achievements: dict[int, dict[int, Decimal]]
    periods: Mapping[int, dict[int, PeriodYear]] = MappingProxyType({})
    """Indicator id -> year -> the combination of its periods, with its formula ("3 de 4 trimestres")."""


ByPeriod = dict[tuple[int, int], Decimal]
"""Values or targets of one indicator by (year, period)."""


def _series_data(view: View, as_of: dt.datetime | None = None, **where: Any) -> SeriesData:
    """The yearly targets and the city-wide achievements (the highest version the view shows) of the
    indicators ``where`` selects, in two queries; an indicator with rows by quarter or month gets its
    years combined from them (``ssepot.core.periods``) by its plan's rules, in one more query (and its
    rules') only when there are such rows. With ``as_of`` (``catalogue_as_of``), the targets as they
    were then, in one more query."""
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # NB: rows below the year, keyed (year, period), apart: most plans have none
    by_period: dict[int, tuple[ByPeriod, ByPeriod]] = defaultdict(lambda: ({}, {}))
    target_fields = ("indicator_id", "year", "period", "value")
    target_rows: Iterable[tuple[Any, ...]] = (
        IndicatorTarget.objects.filter(**where).order_by().values_list("pk", *target_fields)
    )
    if as_of is not None:
        live = {pk: tuple(row) for pk, *row in target_rows}
        target_rows = ((pk, *row) for pk, row in pinned_rows(
            live, IndicatorTarget.history.filter(**where), target_fields, as_of
        ).items())  # fmt: skip
    for _pk, indicator_id, year, period, target in target_rows:
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
    return SeriesData(targets, achievements, _combined(by_period, targets, achievements, as_of, **where))


def _combined(
    by_period: Mapping[int, tuple[ByPeriod, ByPeriod]],
    targets: dict[int, dict[int, Decimal]],
    achievements: dict[int, dict[int, Decimal]],
    as_of: dt.datetime | None,
    **where: Any,
) -> dict[int, dict[int, PeriodYear]]:
    """Each indicator reporting by period gets its years combined by its rule (its plan's or development
    plan's rules); a year's own row (period 0) wins. ``targets`` and ``achievements`` are updated. With
    ``as_of``, the sheets (accumulation, direction, frequency) and the rules as they were then."""
    indicators = instances_as_of(
        list(
            Indicator.objects.filter(pk__any=list(by_period), plan__in=_plans_of(where)).only(
                "pk", "plan_id", "code", "accumulation", "direction", "frequency", "development_plan_id"
            )
        ),
        as_of,
    )
    rules: dict[tuple[int, int | None], RuleSet] = {}
    found: dict[int, dict[int, PeriodYear]] = {}
    for i in indicators:
        if i.frequency == Indicator.Frequency.YEARLY:
            continue
        scope = (i.plan_id, i.development_plan_id)
        if scope not in rules:
            rules[scope] = current_rules(i.plan_id, i.development_plan_id, as_of=as_of)
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


def plan_series_data(
    plan: Plan | int, view: View = PUBLISHED, as_of: dt.datetime | None = None
) -> SeriesData:
    """Every indicator's targets and city-wide achievements in the plan: what ``all_figures`` reads once
    for the POT's indicators and the development plan's (targets as of ``as_of`` when given)."""
    return _series_data(view, as_of, plan=plan)


def indicator_series(
    given: Iterable[Indicator] | Iterable[Sheet],
    view: View = PUBLISHED,
    data: SeriesData | None = None,
    as_of: dt.datetime | None = None,
) -> dict[int, IndicatorSeries]:
    """The core's view of indicators (models or ``Sheet`` rows): sheet fields, yearly targets and
    current city-wide values; from ``data`` (``plan_series_data``) when given, else read for these
    indicators (targets as of ``as_of`` when given)."""
    indicators: list[Indicator | Sheet] = list(given)
    if data is None:
        # NB: every row of an indicator belongs to the indicator's plan; filtering by plan too lets the
        # plan-first indexes serve the query.
        data = _series_data(
            view,
            as_of,
            plan_id__in={i.plan_id for i in indicators},
            indicator_id__any=[i.pk for i in indicators],
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
            periods=data.periods.get(i.pk, {}),
        )
        for i in indicators
    }


def pdd_structure(
    pdd: DevelopmentPlan, as_of: dt.datetime | None = None
) -> tuple[list[PddNode], list[Sheet], dict[int, set[int]]]:
    """The development plan's nodes, its indicators' sheets (with their node's id), and each indicator's
    linked POT projects; with ``as_of`` (``catalogue_as_of``), nodes and sheets as they were then."""
    nodes = list(PddNode.objects.filter(development_plan=pdd).order_by("code"))
    if as_of is not None:
        history = PddNode.history.filter(plan=pdd.plan_id, development_plan=pdd)
        fields = [f.attname for f in PddNode._meta.concrete_fields if not f.primary_key]
        pinned = pinned_rows(
            {n.pk: tuple(getattr(n, f) for f in fields) for n in nodes}, history, fields, as_of
        )
        nodes = sorted(
            (PddNode(pk=pk, **dict(zip(fields, row, strict=True))) for pk, row in pinned.items()),
            key=lambda n: n.code,
        )
    # NB: plain rows, not models: a model costs ten times a row
    indicators = sheets(
        Indicator.objects.filter(plan=pdd.plan_id, development_plan=pdd).order_by("code"), as_of
    )
    links: dict[int, set[int]] = defaultdict(set)
    # NB: by the indicators' ids: the link table has no plan, and a join with the indicators made
    # PostgreSQL read every municipality's links (38 ms a plan with half the country in the database)
    for indicator_id, project_id in links_as_of(Indicator, "projects", [i.pk for i in indicators], as_of):
        links[indicator_id].add(project_id)
    return nodes, indicators, links


def project_money(
    plan: Plan,
    view: View = PUBLISHED,
    names: Names | None = None,
    as_of: dt.datetime | None = None,
) -> list[MoneyRecord]:
    """Every project's yearly budget and execution, grouped by subsystem, system, agency and year
    (``vigencia``). A year's figures pass their ``year_view``: ``PUBLISHED`` reads every publication.
    With ``as_of`` (``catalogue_as_of``), each project in the subsystem and agency it had then.

    NB: names matched in Python, as ``catalogue_names`` explains."""
    subsystems, agencies = names or catalogue_names(plan)
    # NB: an imported project not yet assigned (no subsystem or agency) groups as "sin asignar"
    unassigned = "sin asignar"
    assigned = project_assignments(plan, as_of)
    projects = {
        pk: (code, *subsystems.get(subsystem, (unassigned, unassigned)), agencies.get(agency, unassigned))
        for pk, code in Project.objects.filter(plan=plan).order_by().values_list("pk", "code")
        for subsystem, agency in [assigned.get(pk, (None, None))]
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


def program_money(pdd: DevelopmentPlan, as_of: dt.datetime | None = None) -> list[MoneyRecord]:
    """The development plan's programs' yearly budget and execution; with ``as_of``
    (``catalogue_as_of``), as they were then."""
    selected = ProgramInvestment.objects.filter(plan=pdd.plan_id, node__development_plan=pdd).order_by()
    found: Iterable[tuple[Any, ...]] = selected.values_list(
        "node_id", "node__code", "node__name", "year", "budget", "executed"
    )
    if as_of is not None:
        fields = ("node_id", "year", "budget", "executed")
        history = ProgramInvestment.history.filter(plan=pdd.plan_id, node__development_plan=pdd)
        live = {pk: tuple(row) for pk, *row in selected.values_list("pk", *fields)}
        nodes = PddNode.objects.filter(development_plan=pdd).order_by()
        names = {pk: (code, name) for pk, code, name in nodes.values_list("pk", "code", "name")}
        found = [
            (node_id, *names[node_id], year, budget, executed)
            for node_id, year, budget, executed in pinned_rows(live, history, fields, as_of).values()
            if node_id in names
        ]
    rows = sorted(found, key=lambda r: (r[1], r[3]))  # node code, year: the models' order, sorted here
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


def investment_plan(pdd: DevelopmentPlan, as_of: dt.datetime | None = None) -> list[InvestmentPlanYear]:
    """The development plan's multi-year investment plan by year; with ``as_of`` (``catalogue_as_of``),
    as it was then."""
    rows = list(InvestmentPlanYear.objects.filter(development_plan=pdd).order_by("year"))
    if as_of is None:
        return rows
    fields = ("year", "amount")
    history = InvestmentPlanYear.history.filter(plan=pdd.plan_id, development_plan=pdd)
    pinned = pinned_rows({r.pk: (r.year, r.amount) for r in rows}, history, fields, as_of)
    return sorted(
        (
            InvestmentPlanYear(pk=pk, plan_id=pdd.plan_id, development_plan=pdd, year=year, amount=amount)
            for pk, (year, amount) in pinned.items()
        ),
        key=lambda r: r.year,
    )


def nodes_related_to_systems(nodes: Iterable[PddNode], as_of: dt.datetime | None = None) -> set[int]:
    """The nodes (of one development plan) that the POT's systems relate to; with ``as_of``
    (``catalogue_as_of``), as they were then."""
    return {node for node, _system in links_as_of(PddNode, "systems", [n.pk for n in nodes], as_of)}


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
        # NB: the deepest level's nodes are those just read: no join back to every plan's nodes
        leaf = leaf_level(pdd)
        leaves = {node.pk for node in nodes if node.level == leaf}
        pdd_indicators = Indicator.objects.filter(development_plan=pdd).order_by("code")
        for pk, node_id, weight in pdd_indicators.values_list("pk", "pdd_node_id", "weight"):
            if node_id not in leaves:
                continue
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
