"""The measured jobs, each with the baseline it is compared to in the same run and its goal (issue 8).

- ``import``: ``ssepot import indicator-values`` of one plan's whole file (every indicator, year and
  territorial unit, every value changed so every row becomes a new version), run as ``--dry-run`` (all the
  writes happen, then roll back) against a raw ``COPY`` of exactly the rows it writes into the same table,
  also rolled back (``import_job``). Goal: our throughput >= 30% of COPY's.
- ``figures (one plan)``: ``all_figures(plan, 2025)`` (published data, as the public sees it) of plan 1
  while the database holds every plan of the scale, against a plain SQL aggregation of the same published
  data. Goal: <= 0.5 s (a Medellín-sized plan).
- ``figures (all plans)``: the same for every plan of the scale, on every core (one process per core, each
  taking plans from a shared queue), against the SQL aggregation of all plans in one pass. Goal at the
  national scale: <= 60 s and <= 5x the SQL aggregation.
- ``pages``: ``bench.pages`` (gunicorn, 20 clients, against a static file of the same size).
- ``report``: ``ssepot report`` of one plan in a child process: wall time and peak memory.
"""

from __future__ import annotations

import csv
import gc
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import connection, connections, transaction

from bench.measure import MB, MEMORY_LIMIT, Row, run_measured, timed
from bench.pages import percentile
from ssepot.catalogue.models import Plan
from ssepot.core.figures import Figure
from ssepot.figures.compute import all_figures
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.batches import STAGED_FIELDS
from ssepot.reporting.models import ImportedValue
from ssepot.scale.generator import PREFIX, slug_for

YEAR = 2025
SCRATCH = "bench_scratch_indicatorvalue"
# What ``VersionedQuerySet.published()`` shows, in plain SQL: a version some release published that no
# published version supersedes.
# NB: the approvals are matched with the plan too, as the figures' loaders do, so both sides can use the
# same plan-first indexes.
PUBLISHED = """EXISTS (SELECT 1 FROM reporting_approval a WHERE a.plan_id = {alias}.plan_id
                         AND a.{column} = {alias}.id AND a.release_id IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM {table} n JOIN reporting_approval na ON na.{column} = n.id
                  WHERE n.supersedes_id = {alias}.id AND na.release_id IS NOT NULL)"""


def published(table: str, alias: str) -> str:
    column = {
        "commitments_commitmentstatus": "commitment_status_id",
        "projects_projectyear": "project_year_id",
        "indicators_indicatorvalue": "indicator_value_id",
    }[table]
    return PUBLISHED.format(table=table, alias=alias, column=column)


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
    """Exactly the rows the import writes (the batch's staged values, ids resolved), as the tuples a raw
    COPY would send: captured from a dry run of the importer."""
    captured: list[tuple[Any, ...]] = []

    def capture(model: Any, fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        captured.extend(rows)
        return len(captured)

    with mock.patch("ssepot.reporting.batches.insert_rows", capture):
        IndicatorValuesImporter(path, plan=plan).run(dry_run=True)
    return captured


def raw_copy(rows: Sequence[tuple[Any, ...]], table: str) -> None:
    columns = ", ".join(str(getattr(ImportedValue._meta.get_field(f), "column", f)) for f in STAGED_FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        transaction.set_rollback(True)


def import_job(scale: int, runs: int, prefix: str) -> Row:
    """The import against COPY of the same rows into the same table, both rolled back: the same indexes,
    constraints and foreign-key checks, so the ratio is what reading, validating and comparing with the
    current versions cost on top of PostgreSQL's own work. The note adds COPY into an empty scratch table
    with the same indexes and no foreign keys (the previous baseline: small indexes, always in memory)."""
    plan = Plan.objects.get(slug=slug_for(1, prefix))
    table = ImportedValue._meta.db_table  # NB: an import now writes its batch, reviewed later
    with tempfile.TemporaryDirectory() as folder:
        path = write_value_file(plan, Path(folder))
        rows = copy_rows(plan, path)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
            cursor.execute(
                f"CREATE TABLE {SCRATCH} (LIKE {table} INCLUDING DEFAULTS INCLUDING INDEXES "
                "INCLUDING IDENTITY)"
            )
        try:
            ours = timed(lambda: IndicatorValuesImporter(path, plan=plan).run(dry_run=True), runs)
            baseline = timed(lambda: raw_copy(rows, table), runs)
            scratch = timed(lambda: raw_copy(rows, SCRATCH), runs)
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
        note=f"{len(rows) / ours.median:,.0f} rows/s vs {len(rows) / baseline.median:,.0f}; CPU "
        f"{ours.cpu:.3f} s; COPY into an empty scratch table {scratch.median:.3f} s "
        f"(ratio {scratch.median / ours.median:.2f})",
    )


def plan_indicativo_job(scale: int, runs: int, prefix: str, goals: int = 5000) -> Row:
    """``ssepot import plan-indicativo`` of a workbook of ``goals`` goals in the shape other municipalities
    send (``bench.workbooks``), as ``--dry-run`` (every write, then rolled back) into plan 1. Goal (issue
    14): <= 10 s and <= 300 MB."""
    from bench.workbooks import plan_workbook
    from ssepot.importers.plan_indicativo import PlanIndicativoImporter

    plan = Plan.objects.get(slug=slug_for(1, prefix))
    with tempfile.TemporaryDirectory() as folder:
        book, mapping = plan_workbook(Path(folder), goals)
        ours = timed(
            lambda: PlanIndicativoImporter(book, plan=plan, mapping=str(mapping)).run(dry_run=True), runs
        )
    passed = ours.median <= 10 and ours.peak <= 300 * MB
    return Row(
        job=f"import plan indicativo ({goals:,} metas, 4 niveles)",
        scale=scale,
        median=ours.median,
        peak=ours.peak,
        goal="<= 10 s and <= 300 MB",
        passed=passed,
        note=f"CPU {ours.cpu:.3f} s",
    )


# -- figures ----------------------------------------------------------------------------------------------


def sql_aggregation(plan_ids: list[int], year: int = YEAR) -> int:
    """The same data the figures read, aggregated in plain SQL (published versions); returns the rows."""
    status = "commitments_commitmentstatus"
    project_year = "projects_projectyear"
    value = "indicators_indicatorvalue"
    queries = [
        # commitments by status for the year, with the mean progress, and by typology/subsystem/agency
        f"""SELECT c.plan_id, c.typology, c.subsystem_id, c.agency_id, COALESCE(s.status, 'sin_reporte'),
                   count(*), avg(s.progress)
            FROM commitments_commitment c
            LEFT JOIN {status} s ON s.commitment_id = c.id AND s.plan_id = c.plan_id AND s.year = %(year)s
                 AND {published(status, "s")}
            WHERE c.plan_id = ANY(%(plans)s)
            GROUP BY ROLLUP ((c.plan_id), (c.typology, c.subsystem_id, c.agency_id, 5))""",
        # the yearly history of statuses
        f"""SELECT s.plan_id, s.year, s.status, count(*), avg(s.progress) FROM {status} s
            WHERE s.plan_id = ANY(%(plans)s) AND s.year <= %(year)s
              AND {published(status, "s")}
            GROUP BY 1, 2, 3""",
        # execution program money by subsystem and agency
        f"""SELECT py.plan_id, p.subsystem_id, p.agency_id, sum(py.budget), sum(py.executed),
                   sum(py.executed) FILTER (WHERE py.year <= %(year)s)
            FROM {project_year} py JOIN projects_project p ON p.id = py.project_id
            WHERE py.plan_id = ANY(%(plans)s) AND {published(project_year, "py")}
            GROUP BY GROUPING SETS ((1), (1, 2), (1, 3))""",
        # every indicator's accumulated and last city-wide value, and its targets
        f"""SELECT v.plan_id, v.indicator_id, sum(v.value), max(v.year), count(*) FROM {value} v
            WHERE v.plan_id = ANY(%(plans)s) AND v.territorial_unit_id IS NULL AND v.value IS NOT NULL
              AND v.year <= %(year)s AND {published(value, "v")}
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


def figures_one_plan_job(scale: int | str, runs: int, prefix: str, slug: str | None = None) -> Row:
    plan = Plan.objects.get(slug=slug or slug_for(1, prefix))
    ours = timed(lambda: all_figures(plan, YEAR), runs)
    explained = timed(lambda: explain_all(all_figures(plan, YEAR)), runs)
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
        note=f"CPU {ours.cpu:.3f} s (this process; the wall time adds the database and other programs); "
        f"with every formula and input list written too: {explained.median:.3f} s",
    )


def development_at_cutoff_job(scale: int | str, runs: int, prefix: str, slug: str | None = None) -> Row:
    """Every level of the plan's development plans at a mid-term cut-off, by their own rules (what
    ``ssepot figures --cutoff`` and the portal's development-plan page compute)."""
    import datetime as dt

    from ssepot.development.models import DevelopmentPlan
    from ssepot.figures.development import development_figures
    from ssepot.figures.loaders import WORKING

    plan = Plan.objects.get(slug=slug or slug_for(1, prefix))
    pdds = list(DevelopmentPlan.objects.filter(plan=plan))

    def compute() -> int:
        return sum(
            len(development_figures(p, p.start_year + 1, dt.date(p.start_year + 1, 6, 30), WORKING).levels)
            for p in pdds
        )

    ours = timed(compute, runs)
    baseline = timed(lambda: sql_aggregation([plan.pk]), runs)
    return Row(
        job="development plans at a cut-off (every level)",
        scale=scale,
        median=ours.median,
        peak=max(ours.peak, baseline.peak),
        baseline=baseline.median,
        ratio=ours.median / baseline.median,
        goal="<= 0.5 s",
        passed=ours.median <= 0.5,
        note=f"{len(pdds)} plan(es) de desarrollo, {compute()} niveles; CPU {ours.cpu:.3f} s",
    )


def explain_all(figures: list[Figure]) -> int:
    """Write every figure's explanation (formula and inputs), as the report and the API do; the size."""
    return sum(len(f.formula) + len(f.inputs) for f in figures)


def _figures_of(plan_id: int) -> tuple[int, int, int]:
    """In a worker: recompute one plan's figures; (figures, worker pid, worker's peak RSS in bytes)."""
    plan = Plan.objects.get(pk=plan_id)
    count = len(all_figures(plan, YEAR))
    return count, os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def recompute_all(plan_ids: list[int], workers: int) -> tuple[int, int, float]:
    """Every plan's figures on ``workers`` forked processes (each with its own connection, plans handed
    out a few at a time); returns the number of figures, the sum of the workers' peak RSS and the CPU
    time the workers used (user + system)."""
    connections.close_all()  # the workers must not share this process's socket
    peaks: dict[int, int] = {}
    figures = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # NB: the workers run without the cyclic garbage collector, as batch jobs may: figures make no
    # reference cycles, so reference counting frees each plan's figures; with it, every plan's figures
    # were walked once more when ``all_figures`` switched it back on (about a tenth of a plan's time)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=gc.disable)
    try:
        for count, pid, peak in pool.imap_unordered(_figures_of, plan_ids, chunksize=4):
            figures += count
            peaks[pid] = max(peaks.get(pid, 0), peak)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()  # the workers are waited for, so their CPU time is in RUSAGE_CHILDREN
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return figures, sum(peaks.values()), cpu


def figures_all_plans_job(scale: int, runs: int, prefix: str, workers: int | None = None) -> Row:
    ids = [p.pk for p in plans(scale, prefix)]
    workers = workers or os.cpu_count() or 1
    cpu: list[float] = []

    def recompute() -> None:
        _, peak, used = recompute_all(ids, workers)
        cpu.append(used)
        peaks.append(peak)

    peaks: list[int] = []
    ours = timed(
        recompute, runs, extra_peak=lambda: max(peaks, default=0), extra_cpu=lambda: statistics.median(cpu)
    )
    baseline = timed(lambda: sql_aggregation(ids), runs)
    ratio = ours.median / baseline.median
    national = scale >= 1102
    return Row(
        job=f"figures of all {len(ids)} plans ({workers} processes)",
        scale=scale,
        median=ours.median,
        peak=max(ours.peak, baseline.peak),
        baseline=baseline.median,
        ratio=ratio,
        goal="<= 60 s and <= 5x SQL" if national else "<= 5x SQL",
        passed=ratio <= 5 and (ours.median <= 60 or not national),
        note=f"{len(ids) / ours.median:,.1f} plans/s; runs {', '.join(f'{r:.1f}' for r in ours.runs)} s; "
        f"workers' CPU {ours.cpu:.1f} s in all; memory = parent + every worker's peak",
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


# -- pages ------------------------------------------------------------------------------------------------


def pages_rows(scale: int, prefix: str, clients: int, requests: int, slug: str | None = None) -> list[Row]:
    """One row per public page of plan 1 or ``slug`` (``bench.pages.PAGES``): p95 server time against the
    static file."""
    from bench.pages import measure_pages

    plan = Plan.objects.get(slug=slug or slug_for(1, prefix))
    code = (
        Indicator.objects.filter(plan=plan, development_plan__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
        or "-"
    )
    national = scale >= 1102
    limit = 300.0 if national else 150.0
    rows = []
    for page in measure_pages(plan.slug, YEAR, code, clients=clients, requests=requests):
        if page.skipped:
            print(f"aviso: {page.url} responde {page.status}; se omite (la página aún no existe)")
            rows.append(Row(job=f"page {page.url}", scale=scale, note=f"skipped: HTTP {page.status}"))
            continue
        p95, static = page.p95 / 1000, page.static_p95 / 1000
        ratio = page.p95 / page.static_p95 if page.static_p95 else None
        rows.append(
            Row(
                job=f"page {page.url} ({clients} clients; median column = p95)",
                scale=scale,
                median=p95,
                peak=page.worker_peak or None,
                baseline=static,
                ratio=ratio,
                goal=f"p95 <= {limit:.0f} ms" + ("" if scale >= 1102 else " and <= 3x static"),
                passed=page.p95 <= limit
                and (scale >= 1102 or (ratio is not None and ratio <= 3))
                and not page.errors,
                note=(
                    f"client p95 {percentile(page.client_ms, 95):.0f} ms vs static "
                    f"{percentile(page.static_client_ms, 95):.0f} ms; {page.html_bytes / 1024:.0f} KB HTML "
                    f"+ {page.asset_bytes / 1024:.0f} KB assets; {page.errors} errors; memory: the "
                    f"largest gunicorn process, {page.server_peak / MB:.0f} MB master and workers added up"
                ),
            )
        )
    return rows


# -- the annual report ------------------------------------------------------------------------------------


def report_row(scale: int, prefix: str, slug: str | None = None) -> Row:
    """``ssepot report --plan SLUG --year 2025 --out DIR`` in a child process: wall time and peak RSS."""
    from django.core.management import get_commands

    job = "annual report of one plan (ssepot report)"
    if "report" not in get_commands():
        print("aviso: el comando 'ssepot report' no existe todavía; se omite el trabajo del informe")
        return Row(job=job, scale=scale, goal="<= 60 s", note="skipped: no 'ssepot report' command yet")
    plan = Plan.objects.get(slug=slug or slug_for(1, prefix))
    out = Path(tempfile.mkdtemp(prefix="ssepot-bench-report-"))
    command = [sys.executable, "-m", "ssepot.cli", "report", "--plan", plan.slug, "--year", str(YEAR),
               "--out", str(out)]  # fmt: skip
    try:
        timing = run_measured(command)
        files = sorted(p for p in out.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in files)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if timing is None:
        return Row(job=job, scale=scale, goal="<= 60 s", passed=False, note="the command failed")
    return Row(
        job=job,
        scale=scale,
        median=timing.median,
        peak=timing.peak,
        goal="<= 60 s and < 1 GB",
        passed=timing.median <= 60 and timing.peak < MEMORY_LIMIT,
        note=f"{len(files)} files, {size / 1024 / 1024:.1f} MB",
    )
