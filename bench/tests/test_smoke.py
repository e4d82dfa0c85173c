"""The benchmark code runs end to end at a tiny scale and prints its table (no timing is checked here).

Run with ``DATABASE_URL=postgres://... .venv/bin/pytest bench``. It builds two synthetic plans in the test
database and removes them afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bench import jobs
from bench.measure import table
from ssepot.catalogue.models import Plan
from ssepot.commitments.models import CommitmentStatus
from ssepot.indicators.models import IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.scale.generator import generate, remove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmarks measure PostgreSQL"),
]


@pytest.fixture
def two_plans() -> Any:
    generate(2, prefix="smoke")
    yield list(Plan.objects.filter(slug__startswith="smoke-").order_by("slug"))
    remove("smoke")


def test_the_bench_measures_every_job_and_prints_the_table(two_plans: list[Plan], capsys: Any) -> None:
    rows = [
        jobs.import_job(2, 1, "smoke"),
        jobs.figures_one_plan_job(2, 1, "smoke"),
        jobs.figures_all_plans_job(2, 1, "smoke", workers=2),
        jobs.development_at_cutoff_job(2, 1, "smoke"),
    ]
    rows.append(jobs.memory_row(rows))
    print(table(rows))

    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("| job ")
    assert "import indicator values" in out and "figures of all 2 plans (2 processes)" in out
    assert "development plans at a cut-off" in out and rows[3].median is not None
    assert all(r.median is not None and r.peak for r in rows[:3])
    # the workers' memory is added to the parent's: two Django processes weigh more than one
    assert rows[2].peak is not None and rows[1].peak is not None and rows[2].peak > rows[1].peak


@pytest.mark.parametrize(
    ("model", "table_name"),
    [
        (IndicatorValue, "indicators_indicatorvalue"),
        (CommitmentStatus, "commitments_commitmentstatus"),
        (ProjectYear, "projects_projectyear"),
    ],
)
def test_the_sql_baseline_reads_the_same_published_rows_as_the_figures(
    two_plans: list[Plan], model: Any, table_name: str
) -> None:
    plan = two_plans[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table_name} r WHERE r.plan_id = %s AND {jobs.published(table_name, 'r')}",
            [plan.pk],
        )
        by_sql = {row[0] for row in cursor.fetchall()}

    by_orm = set(model.objects.filter(plan=plan).published().values_list("pk", flat=True))

    assert by_sql == by_orm
    assert by_orm, "the generator publishes what it builds"
    corrected = model.objects.filter(plan=plan, version=2)
    assert corrected.exists() and not (by_sql & set(corrected.values_list("supersedes_id", flat=True)))


def test_the_generator_publishes_first_versions_and_corrections_in_two_releases(
    two_plans: list[Plan],
) -> None:
    plan = two_plans[1]
    values = IndicatorValue.objects.filter(plan=plan)

    assert values.published().count() == values.current().count()
    first = set(values.published(release_number=1).values_list("pk", flat=True))
    assert set(values.filter(version=2).values_list("supersedes_id", flat=True)) <= first
    assert not first & set(values.filter(version=2).values_list("pk", flat=True))


def test_the_report_job_is_skipped_with_a_note_when_the_command_is_missing(
    two_plans: list[Plan], monkeypatch: Any, capsys: Any
) -> None:
    import django.core.management

    monkeypatch.setattr(django.core.management, "get_commands", lambda: {"figures": "ssepot.figures"})

    row = jobs.report_row(2, "smoke")

    assert row.passed is None and row.median is None and "skipped" in row.note
    assert "no existe todavía" in capsys.readouterr().out
