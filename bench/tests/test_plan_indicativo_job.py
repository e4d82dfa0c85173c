"""The plan-indicativo bench job runs end to end on a small workbook of the real shape (no timing checked),
and its dry run leaves nothing written. PostgreSQL only, like the other bench tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from bench import jobs
from bench.workbooks import plan_workbook
from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.indicators.models import Indicator
from ssepot.scale.generator import generate, remove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmarks measure PostgreSQL"),
]


@pytest.fixture
def one_plan() -> Any:
    generate(1, prefix="smokepi")
    yield Plan.objects.get(slug__startswith="smokepi-")
    remove("smokepi")


def test_the_bench_workbook_imports_with_its_documented_mapping(one_plan: Plan, tmp_path: Path) -> None:
    book, mapping = plan_workbook(tmp_path, goals=400)
    result = PlanIndicativoImporter(book, plan=one_plan, mapping=str(mapping)).run()
    assert result.details["indicadores"] == 400
    assert Indicator.objects.filter(development_plan__slug="pdm-bench").count() == 400
    assert Indicator.objects.filter(development_plan__slug="pdm-bench", baseline_code="S.D").count() == 8


def test_the_job_measures_a_dry_run_that_writes_nothing(one_plan: Plan) -> None:
    row = jobs.plan_indicativo_job(1, 1, "smokepi", goals=400)
    assert row.job == "import plan indicativo (400 metas, 4 niveles)"
    assert row.median is not None and row.peak
    assert not DevelopmentPlan.objects.filter(slug="pdm-bench").exists()
