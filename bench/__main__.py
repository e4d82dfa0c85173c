"""``python -m bench {run,generate,remove}``: see ``bench/__init__.py`` and ``docs/performance.md``."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

JOBS = ("import", "plan-indicativo", "figures", "cutoff", "all", "pages", "report", "first-view")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="build what is missing, measure every job and print the table")
    run.add_argument("--scale", type=int, action="append", help="plans: 1, 125, 1102 (repeatable)")
    run.add_argument("--runs", type=int, default=5, help="runs per job, the median is shown (default 5)")
    run.add_argument(
        "--runs-all",
        type=int,
        default=3,
        help="runs of the all-plans recompute (default 3: on a shared machine one run can be 20%% off)",
    )
    run.add_argument("--prefix", default="bench", help="slug prefix of the synthetic plans")
    run.add_argument(
        "--jobs",
        default=",".join(JOBS),
        help=f"comma-separated jobs to run (default all: {','.join(JOBS)})",
    )
    run.add_argument(
        "--plan",
        help="measure this plan (e.g. the demo's medellin) in the figures, pages and report jobs instead of "
        "synthetic plan 1; without --scale nothing is built",
    )
    run.add_argument("--workers", type=int, help="processes of the all-plans recompute (default: CPUs)")
    run.add_argument("--clients", type=int, default=20, help="concurrent clients of the pages job")
    run.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    generate = sub.add_parser("generate", help="only build the synthetic plans (idempotent)")
    generate.add_argument("--scale", type=int, required=True)
    generate.add_argument("--prefix", default="bench")
    remove = sub.add_parser("remove", help="delete every synthetic plan under the prefix")
    remove.add_argument("--prefix", default="bench")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssepot.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "bench: los trabajos se miden en PostgreSQL; DATABASE_URL apunta a "
            f"{connection.vendor}. Ejemplo: DATABASE_URL=postgres://%2Fvar%2Frun%2Fpostgresql/ssepot_bench",
            file=sys.stderr,
        )
        return 2
    call_command("migrate", verbosity=0)

    from ssepot.scale import generator

    if args.command == "remove":
        print(f"planes borrados: {generator.remove(args.prefix)}")
        return 0
    default = [] if args.command == "run" and args.plan else [1]
    scales = sorted(set(args.scale or default)) if args.command == "run" else [args.scale]
    for scale in scales:
        start = time.perf_counter()
        summary = generator.generate(scale, prefix=args.prefix, progress=_progress)
        print(
            f"escala {scale}: {len(summary.created)} planes creados, {len(summary.skipped)} ya existían "
            f"({sum(summary.rows.values()):,} filas en {time.perf_counter() - start:.1f} s)",
            file=sys.stderr,
        )
    if args.command == "generate":
        return 0
    jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    unknown = sorted(set(jobs) - set(JOBS))
    if unknown:
        parser.error(f"unknown jobs {unknown}; choose among {list(JOBS)}")
    return _run(scales, args, jobs)


def _progress(done: int, total: int) -> None:
    print(f"  {done}/{total} planes", file=sys.stderr, end="\r" if done < total else "\n")


def _run(scales: list[int], args: argparse.Namespace, selected: list[str]) -> int:
    from django.db import connection

    from bench import jobs
    from bench.measure import table
    from ssepot.catalogue.models import Plan

    prefix = args.prefix
    in_database = Plan.objects.filter(slug__startswith=f"{prefix}-").count()
    if scales and max(scales) < in_database:
        print("aviso: la base tiene más planes sintéticos que la escala mayor pedida", file=sys.stderr)
    rows = []
    for scale in scales:
        if "import" in selected:
            rows.append(jobs.import_job(scale, args.runs, prefix))
        if "plan-indicativo" in selected:
            rows.append(jobs.plan_indicativo_job(scale, args.runs, prefix))
        if "figures" in selected and not args.plan:
            rows.append(jobs.figures_one_plan_job(scale, args.runs, prefix))
        if "cutoff" in selected and not args.plan:
            rows.append(jobs.development_at_cutoff_job(scale, args.runs, prefix))
        if "all" in selected and scale > 1:
            rows.append(jobs.figures_all_plans_job(scale, args.runs_all, prefix, args.workers))
    # NB: the pages and the report are of plan 1 (or --plan), whatever the scale: what changes is how many
    # plans the database holds, which is the scale these rows are labelled with.
    plans = Plan.objects.count()
    if "figures" in selected and args.plan:
        rows.append(jobs.figures_one_plan_job(plans, args.runs, prefix, args.plan))
    if "cutoff" in selected and args.plan:
        rows.append(jobs.development_at_cutoff_job(plans, args.runs, prefix, args.plan))
    if "pages" in selected:
        rows += jobs.pages_rows(plans, prefix, args.clients, args.requests, args.plan)
    if "report" in selected:
        rows.append(jobs.report_row(plans, prefix, args.plan))
    if "first-view" in selected:
        from bench.firstview import first_view_rows
        from ssepot.scale.generator import slug_for

        # NB: every run builds the annual report twice and warms every page once: 3 runs at most
        plan = Plan.objects.get(slug=args.plan or slug_for(1, prefix))
        rows += first_view_rows(plans, min(args.runs, 3), plan, jobs.YEAR)
    rows.append(jobs.memory_row(rows))
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node()}; {version}; "
        f"{os.cpu_count()} CPU; carga (1, 5, 15 min) al terminar: {load}; "
        f"planes en la base: {Plan.objects.count()}; runs={args.runs}"
    )
    print(table(rows))
    return 1 if any(r.passed is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
