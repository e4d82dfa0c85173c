"""The measured jobs, each with the baseline it is compared to in the same run and its goal (issue 8).

- ``import``: ``ssepot import indicator-values`` of one plan's whole file (every indicator, year and
  territorial unit, every value changed so every row becomes a new version), run as ``--dry-run`` (all the
  writes happen, then roll back) against a raw ``COPY`` of the same rows into a scratch table with the same
  columns and indexes (logged, like ours; no foreign keys). Goal: our throughput >= 30% of COPY's.
- ``figures (one plan)``: ``all_figures(plan, 2025)`` of plan 1 while the database holds every plan of the
  scale, against a plain SQL aggregation of the same data. Goal: <= 0.5 s (a Medellín-sized plan).
- ``figures (all plans)``: the same for every plan of the scale, one after the other. Goal at the national
  scale: <= 60 s and <= 5x the SQL aggregation of all plans.
- pages and the annual report: not measurable yet (issues 5 and 6); the table says so.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bench.measure import MEMORY_LIMIT, Row, timed
from ssepot.catalogue.models import Plan
from ssepot.figures.compute import all_figures
from ssepot.importers.indicator_values import FIELDS, IndicatorValuesImporter
from ssepot.indicators.models import IndicatorValue
from ssepot.scale.generator import PREFIX, slug_for

YEAR = 2025
SCRATCH = "bench_scratch_indicatorvalue"
NOT_SUPERSEDED = "NOT EXISTS (SELECT 1 FROM {table} n WHERE n.supersedes_id = {alias}.id)"


def plans(scale: int, prefix: str = PREFIX) -> list[Plan]:
    return list(Plan.objects.filter(slug__in=[slug_for(n, prefix) for n in range(1, scale + 1)]))


# -- import -----------------------------------------------------------------------------------------------


def write_value_file(plan: Plan, folder: Path) -> Path:
    """Every current POT value of the plan, changed (+1), half of them written the Colombian way."""
    path = folder / f"valores-{plan.slug}.csv"
    rows = (
        IndicatorValue.objects.filter(plan=plan, indicator__development_plan__isnull=True)
        .current()
        .values_list("indicator__code", "year", "territorial_unit__code", "value", "value_code")
        .order_by("indicator__code", "year", "territorial_unit__code")
    )
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["codigo_indicador", "vigencia", "codigo_unidad", "valor", "observacion"])
        for n, (code, year, unit, value, value_code) in enumerate(rows):
            text = value_code if value is None else str(value + 1)
            out.writerow([code, year, unit or "", text.replace(".", ",") if n % 2 else text, ""])
    return path


def copy_rows(plan: Plan, path: Path) -> list[tuple[Any, ...]]:
    """The rows the import writes, as the tuples a raw COPY would send (ids resolved, version 2)."""
    now = timezone.now()
    return [
        (
            plan.pk,
            r.indicator_id,
            r.year,
            r.unit_id,
            r.value,
            r.value_code,
            r.observation,
            "",
            2,
            None,
            now,
            "",
        )
        for r in IndicatorValuesImporter(path, plan=plan).read()
    ]


def raw_copy(rows: Sequence[tuple[Any, ...]]) -> None:
    columns = ", ".join(str(getattr(IndicatorValue._meta.get_field(f), "column", f)) for f in FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {SCRATCH} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        transaction.set_rollback(True)


def import_job(scale: int, runs: int, prefix: str) -> Row:
    plan = Plan.objects.get(slug=slug_for(1, prefix))
    with tempfile.TemporaryDirectory() as folder:
        path = write_value_file(plan, Path(folder))
        rows = copy_rows(plan, path)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
            cursor.execute(
                f"CREATE TABLE {SCRATCH} (LIKE {IndicatorValue._meta.db_table} INCLUDING DEFAULTS "
                "INCLUDING INDEXES INCLUDING IDENTITY)"
            )
        try:
            ours = timed(lambda: IndicatorValuesImporter(path, plan=plan).run(dry_run=True), runs)
            baseline = timed(lambda: raw_copy(rows), runs)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
    ratio = baseline.median / ours.median  # throughput ratio: same rows, so the inverse of the times
    return Row(
        job=f"import indicator values ({len(rows)} rows)",
        scale=scale,
        median=ours.median,
        peak=max(ours.peak, baseline.peak),
        baseline=baseline.median,
        ratio=ratio,
        goal="throughput >= 0.30 x COPY",
        passed=ratio >= 0.30,
        note=f"{len(rows) / ours.median:,.0f} rows/s vs {len(rows) / baseline.median:,.0f}",
    )


# -- figures ----------------------------------------------------------------------------------------------


def sql_aggregation(plan_ids: list[int], year: int = YEAR) -> int:
    """The same data the figures read, aggregated in plain SQL (current versions only); returns the rows."""
    status = "commitments_commitmentstatus"
    project_year = "projects_projectyear"
    value = "indicators_indicatorvalue"
    queries = [
        # commitments by status for the year, with the mean progress, and by typology/subsystem/agency
        f"""SELECT c.plan_id, c.typology, c.subsystem_id, c.agency_id, COALESCE(s.status, 'sin_reporte'),
                   count(*), avg(s.progress)
            FROM commitments_commitment c
            LEFT JOIN {status} s ON s.commitment_id = c.id AND s.plan_id = c.plan_id AND s.year = %(year)s
                 AND {NOT_SUPERSEDED.format(table=status, alias="s")}
            WHERE c.plan_id = ANY(%(plans)s)
            GROUP BY ROLLUP ((c.plan_id), (c.typology, c.subsystem_id, c.agency_id, 5))""",
        # the yearly history of statuses
        f"""SELECT s.plan_id, s.year, s.status, count(*), avg(s.progress) FROM {status} s
            WHERE s.plan_id = ANY(%(plans)s) AND s.year <= %(year)s
              AND {NOT_SUPERSEDED.format(table=status, alias="s")}
            GROUP BY 1, 2, 3""",
        # execution program money by subsystem and agency
        f"""SELECT py.plan_id, p.subsystem_id, p.agency_id, sum(py.budget), sum(py.executed),
                   sum(py.executed) FILTER (WHERE py.year <= %(year)s)
            FROM {project_year} py JOIN projects_project p ON p.id = py.project_id
            WHERE py.plan_id = ANY(%(plans)s) AND {NOT_SUPERSEDED.format(table=project_year, alias="py")}
            GROUP BY GROUPING SETS ((1), (1, 2), (1, 3))""",
        # every indicator's accumulated and last city-wide value, and its targets
        f"""SELECT v.plan_id, v.indicator_id, sum(v.value), max(v.year), count(*) FROM {value} v
            WHERE v.plan_id = ANY(%(plans)s) AND v.territorial_unit_id IS NULL AND v.value IS NOT NULL
              AND v.year <= %(year)s AND {NOT_SUPERSEDED.format(table=value, alias="v")}
            GROUP BY 1, 2""",
        """SELECT t.plan_id, t.indicator_id, sum(t.value) FILTER (WHERE t.year <= %(year)s), sum(t.value)
            FROM indicators_indicatortarget t WHERE t.plan_id = ANY(%(plans)s) GROUP BY 1, 2""",
        # the development plan's weights and program investment
        """SELECT i.plan_id, i.pdd_node_id, sum(i.weight), count(*) FROM indicators_indicator i
            WHERE i.plan_id = ANY(%(plans)s) AND i.pdd_node_id IS NOT NULL GROUP BY 1, 2""",
        """SELECT pi.plan_id, pi.node_id, sum(pi.budget), sum(pi.executed) FILTER (WHERE pi.year <= %(year)s)
            FROM development_programinvestment pi WHERE pi.plan_id = ANY(%(plans)s) GROUP BY 1, 2""",
    ]
    count = 0
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql, {"plans": plan_ids, "year": year})
            count += len(cursor.fetchall())
    return count


def figures_one_plan_job(scale: int, runs: int, prefix: str) -> Row:
    plan = Plan.objects.get(slug=slug_for(1, prefix))
    ours = timed(lambda: all_figures(plan, YEAR), runs)
    baseline = timed(lambda: sql_aggregation([plan.pk]), runs)
    return Row(
        job="figures of one plan (all_figures)",
        scale=scale,
        median=ours.median,
        peak=max(ours.peak, baseline.peak),
        baseline=baseline.median,
        ratio=ours.median / baseline.median,
        goal="<= 0.5 s",
        passed=ours.median <= 0.5,
    )


def figures_all_plans_job(scale: int, runs: int, prefix: str) -> Row:
    everyone = plans(scale, prefix)

    def recompute() -> None:
        for plan in everyone:
            all_figures(plan, YEAR)

    ours = timed(recompute, runs)
    baseline = timed(lambda: sql_aggregation([p.pk for p in everyone]), runs)
    ratio = ours.median / baseline.median
    national = scale >= 1102
    return Row(
        job=f"figures of all {len(everyone)} plans",
        scale=scale,
        median=ours.median,
        peak=max(ours.peak, baseline.peak),
        baseline=baseline.median,
        ratio=ratio,
        goal="<= 60 s and <= 5x SQL" if national else "<= 5x SQL",
        passed=ratio <= 5 and (ours.median <= 60 or not national),
    )


def memory_row(rows: list[Row]) -> Row:
    peaks = [r.peak for r in rows if r.peak is not None]
    peak = max(peaks) if peaks else None
    return Row(
        job="memory: highest peak of any job",
        scale="all",
        peak=peak,
        goal="<= 1 GB",
        passed=None if peak is None else peak <= MEMORY_LIMIT,
    )


def pending_rows() -> list[Row]:
    """The goals that need pages and the annual report, which do not exist yet."""
    return [
        Row(job="public pages p95, 20 clients", scale="1 / 1102", goal="<= 150 ms / <= 300 ms",
            note="pending: the pages do not exist yet (issue 5)"),
        Row(job="annual report of one plan", scale=1, goal="<= 60 s",
            note="pending: the report does not exist yet (issue 6)"),
    ]  # fmt: skip
