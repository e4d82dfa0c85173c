"""The first-view job runs end to end on one synthetic plan and fills both rows (no timing is checked).

Run with ``DATABASE_URL=postgres://... .venv/bin/pytest bench/tests/test_first_view.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bench.firstview import first_view_rows
from bench.jobs import YEAR
from bench.measure import table
from ssepot.catalogue.models import Plan
from ssepot.reporting.models import Release
from ssepot.scale.generator import generate, remove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmarks measure PostgreSQL"),
]


@pytest.fixture
def one_plan() -> Any:
    generate(1, prefix="vista")
    yield Plan.objects.get(slug="vista-0001")
    remove("vista")


def test_the_first_view_job_measures_with_and_without_the_warm_up_and_leaves_no_release(
    one_plan: Plan, capsys: Any
) -> None:
    releases = Release.objects.filter(plan=one_plan).count()
    rows = first_view_rows(1, 1, one_plan, YEAR)
    print(table(rows))
    assert len(rows) == 2 and "pot-pdd" in rows[0].job and "annual report" in rows[1].job
    assert all(r.median is not None and r.baseline and r.ratio is not None for r in rows)
    assert "warm-up" in rows[0].note
    assert Release.objects.filter(plan=one_plan).count() == releases, "the releases were rolled back"
    assert "first view after a publication" in capsys.readouterr().out
