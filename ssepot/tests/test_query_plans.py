"""The hot queries use an index for the plan, so one tenant's data does not grow another's query times.

The database holds three plans built by the synthetic generator (``ssepot.scale.generator``); each hot
query is run through ``EXPLAIN`` and no plan node may scan a whole big table. NB: at this tiny size the
planner rightly prefers a sequential scan for a third of a table, so the test sets ``enable_seqscan = off``:
that makes a sequential scan the last resort, and one still shows up only when no index can serve the
query. PostgreSQL only: SQLite's planner is not the one production runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from ssepot.catalogue.models import Plan
from ssepot.commitments.models import CommitmentStatus
from ssepot.figures import loaders
from ssepot.figures.compute import all_figures, integrity_problems
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.scale.generator import generate, remove, slug_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's; run with DATABASE_URL"
    ),
]

BIG_TABLES = (
    "indicators_indicatorvalue",
    "indicators_indicatortarget",
    "commitments_commitmentstatus",
    "projects_projectyear",
)
YEAR = 2025


@pytest.fixture(scope="module")
def plans(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[Plan]]:
    """Three synthetic plans, built once for the module and removed afterwards."""
    from ssepot.catalogue.models import Municipality

    with django_db_blocker.unblock():
        before = set(Municipality.objects.values_list("pk", flat=True))
        generate(3, prefix="qp")
        yield list(Plan.objects.filter(slug__startswith="qp-").order_by("slug"))
        remove("qp")
        Municipality.objects.exclude(pk__in=before).delete()


def explain(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def seq_scans(plan_text: str) -> list[str]:
    return [t for t in re.findall(r"Seq Scan on (\w+)", plan_text) if t in BIG_TABLES]


def queries_of(action: Callable[[], Any]) -> Iterator[tuple[str, str]]:
    """Every statement ``action`` runs that reads a big table, with its EXPLAIN output."""
    with CaptureQueriesContext(connection) as captured:
        action()
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and any(t in sql for t in BIG_TABLES):
            # NB: the captured SQL has its parameters inlined already, so it is explained as it is.
            yield sql, explain(sql, None)


def explained(queryset: QuerySet[Any]) -> str:
    sql, params = queryset.query.sql_with_params()
    return explain(sql, params)


def test_every_query_of_the_figures_uses_an_index_for_the_plan(plans: list[Plan]) -> None:
    checked = 0
    for sql, plan_text in queries_of(lambda: all_figures(plans[1], YEAR)):
        assert not seq_scans(plan_text), f"{sql}\n{plan_text}"
        checked += 1
    assert checked >= 4, "the figures read commitment statuses, targets, values and project years"


#: tables that hold a row per plan and thing, and so grow with the number of municipalities
CATALOGUE_TABLES = (
    "catalogue_agency",
    "catalogue_subsystem",
    "commitments_commitment",
    "indicators_indicator",
    "projects_project",
    "development_pddnode",
    "development_programinvestment",
    # the links between them carry no plan: they must be read by the ids of one plan's rows
    "indicators_indicator_projects",
    "indicators_indicator_commitments",
    "development_pddnode_systems",
)


def whole_reads(plan_text: str) -> list[str]:
    """Catalogue tables read whole: a sequential scan, or an index scan with no condition (with
    ``enable_seqscan = off`` the planner reads a whole table through its primary key instead)."""
    lines = plan_text.splitlines()
    found = []
    for n, line in enumerate(lines):
        match = re.search(r"(Seq Scan|Index Scan|Index Only Scan)(?: using \w+)? on (\w+)", line)
        if not match or match.group(2) not in CATALOGUE_TABLES:
            continue
        depth = len(line) - len(line.lstrip())
        details = []
        for below in lines[n + 1 :]:
            if len(below) - len(below.lstrip()) <= depth or "->" in below:
                break
            details.append(below)
        if match.group(1) == "Seq Scan" or not any("Index Cond" in d for d in details):
            found.append(match.group(2))
    return found


def test_the_figures_read_the_catalogue_of_one_plan_only(plans: list[Plan]) -> None:
    """With the country in the database a join with the agencies or subsystems made PostgreSQL hash the
    whole table for every plan (30-130 ms a query instead of 1-2 ms): the loaders read the catalogue by
    plan and match names in Python (``loaders.catalogue_names``), and the link tables by ids."""
    with CaptureQueriesContext(connection) as captured:
        all_figures(plans[1], YEAR)
        integrity_problems(plans[1], YEAR)
    checked = 0
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and any(f'"{t}"' in sql for t in CATALOGUE_TABLES):
            plan_text = explain(sql, None)
            assert not whole_reads(plan_text), f"{sql}\n{plan_text}"
            checked += 1
    assert checked >= 5


def test_the_loaders_read_one_plan_and_year_through_indexes(plans: list[Plan]) -> None:
    plan = plans[2]
    pdd = loaders.development_plan_for(plan, YEAR)
    assert pdd is not None
    actions: list[Callable[[], Any]] = [
        lambda: loaders.commitment_records(plan, [YEAR]),
        lambda: loaders.indicator_series(Indicator.objects.filter(development_plan=pdd)),
        lambda: loaders.plan_series_data(plan),
        lambda: loaders.pdd_structure(pdd),
        lambda: loaders.project_money(plan),
        lambda: loaders.program_money(pdd),
    ]
    for action in actions:
        for sql, plan_text in queries_of(action):
            assert not seq_scans(plan_text), f"{sql}\n{plan_text}"


def test_current_values_of_one_indicator_use_an_index(plans: list[Plan]) -> None:
    plan = plans[0]
    indicator = Indicator.objects.filter(plan=plan, is_disaggregated=True).first()
    assert indicator is not None

    plan_text = explained(IndicatorValue.objects.filter(plan=plan, indicator=indicator).current())

    assert not seq_scans(plan_text), plan_text
    assert "Index" in plan_text


def test_a_plans_commitments_with_their_statuses_use_an_index(plans: list[Plan]) -> None:
    plan = plans[1]
    statuses = (
        CommitmentStatus.objects.filter(plan=plan)
        .current()
        .select_related("commitment")
        .order_by("commitment__code", "year")
    )

    plan_text = explained(statuses)

    assert not seq_scans(plan_text), plan_text
    assert statuses.count() > 0


def test_the_generator_is_deterministic_and_idempotent(plans: list[Plan]) -> None:
    again = generate(3, prefix="qp")

    assert again.created == [] and again.skipped == [slug_for(n, "qp") for n in (1, 2, 3)]
    totals = [sum(v.value or 0 for v in IndicatorValue.objects.filter(plan=p).current()) for p in plans]
    assert len(set(totals)) == 3, "each plan draws its own data"
