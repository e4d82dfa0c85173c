"""The benchmark code runs end to end at a tiny scale and prints its table (no timing is checked here).

Run with ``DATABASE_URL=postgres://... .venv/bin/pytest bench`` (``scripts/test`` collects ``ssepot/``
only). It builds one synthetic plan in the test database and removes it afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bench import jobs
from bench.measure import table
from ssepot.scale.generator import generate, remove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmarks measure PostgreSQL"),
]


def test_the_bench_measures_every_job_and_prints_the_table(capsys: Any) -> None:
    generate(2, prefix="smoke")
    try:
        rows = [
            jobs.import_job(2, 1, "smoke"),
            jobs.figures_one_plan_job(2, 1, "smoke"),
            jobs.figures_all_plans_job(2, 1, "smoke"),
        ]
        rows += [jobs.memory_row(rows), *jobs.pending_rows()]
        print(table(rows))
    finally:
        remove("smoke")

    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("| job ")
    assert "import indicator values" in out and "figures of all 2 plans" in out
    assert "pending: the pages do not exist yet (issue 5)" in out
    assert all(r.median is not None and r.peak for r in rows[:3])
