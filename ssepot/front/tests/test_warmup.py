"""A new release is ready before its first visitor: publishing queues the warm-up after the commit; once
the worker has run it, the release's pages come from the page cache (no figure is computed) and its report
files exist; a warm-up that cannot be queued, or a page that fails, is logged and the publication stands."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from ssepot.front import warmup
from ssepot.report import publications
from ssepot.report.tests.test_release_pinning import correct_2024_commitment
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def run_queued(queued: Any) -> None:
    """What ``ssepot db_worker`` does with one queued task."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="prueba",
        excluded_queue_names=[],
    )
    worker.run_task(queued)
    queued.refresh_from_db()


def no_computation() -> Any:
    """Every way a page or a report computes figures, made to fail."""
    fail = mock.Mock(side_effect=AssertionError("computed after the warm-up"))
    return (
        mock.patch("ssepot.front.data.all_figures", fail),
        mock.patch("ssepot.front.data.development_figures", fail),
        mock.patch("ssepot.front.data.loaders.commitment_records", fail),
        mock.patch("ssepot.report.publications.issue", fail),
    )


def test_publishing_queues_the_warm_up_after_the_commit_and_then_pages_and_files_are_ready(
    client: Any, demo_plan: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    earlier = set(DBTaskResult.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        correct_2024_commitment(demo_plan)  # publishes 2024-2
    assert DBTaskResult.objects.exclude(pk__in=earlier).count() == 0, "nothing is queued before the commit"
    for callback in callbacks:
        callback()
    release = Release.objects.get(plan=demo_plan, year=2024, number=2)
    [queued] = DBTaskResult.objects.exclude(pk__in=earlier).filter(task_path__endswith="warm_release")
    assert queued.task_path == "ssepot.front.warmup.warm_release" and queued.args_kwargs["args"] == [
        release.pk
    ]

    run_queued(queued)
    assert queued.status == "SUCCESSFUL", queued.traceback
    pages = warmup.release_pages(release)
    assert queued.return_value == {"pages": len(pages), "failed": 0, "files": 3}
    assert f"/planes/{demo_plan.slug}/2024/pot-pdd/" in pages
    assert f"/planes/{demo_plan.slug}/2024/subsistemas/" in pages

    patches = no_computation()
    with patches[0], patches[1], patches[2], patches[3]:
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert response["X-SSEPOT-Cache"] == "hit", page
        for kind in ("html", "pdf", "xlsx"):
            response = client.get(publications.url(release, demo_plan, kind))
            assert response.status_code == 200 and b"".join(response.streaming_content), kind
    assert sorted(p.name for p in publications.release_dir(release).iterdir()) == [
        "informe.html",
        "informe.pdf",
        "informe.xlsx",
    ]


def test_a_warm_up_that_cannot_be_queued_is_logged_and_the_publication_stands(
    demo_plan: Any, settings: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    from django_tasks_db import DatabaseBackend

    settings.TASKS = DB_TASKS
    broken = mock.patch.object(DatabaseBackend, "enqueue", side_effect=RuntimeError("cola caída"))
    with broken, caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        correct_2024_commitment(demo_plan)
    assert Release.objects.filter(plan=demo_plan, year=2024, number=2).exists()
    assert "could not enqueue the warm-up" in caplog.text


def test_a_page_that_fails_is_logged_and_rendered_again_by_the_next_request(
    client: Any, demo_plan: Any, caplog: Any
) -> None:
    release = Release.objects.filter(plan=demo_plan).order_by("-pk")[0]
    pot_pdd = f"/planes/{demo_plan.slug}/{release.year}/pot-pdd/"
    fail = mock.Mock(side_effect=RuntimeError("sin cifras"))
    with mock.patch("ssepot.front.data.all_figures", fail), caplog.at_level(logging.WARNING):
        kept, failed = warmup.warm_pages([pot_pdd])
    assert (kept, failed) == (0, 1) and pot_pdd in caplog.text
    response = client.get(pot_pdd)
    assert response.status_code == 200 and response["X-SSEPOT-Cache"] == "miss"


def test_a_release_that_is_no_longer_the_newest_is_not_warmed(demo_plan: Any) -> None:
    older = Release.objects.filter(plan=demo_plan).order_by("pk")[0]
    assert warmup.warm(older.pk) == {"pages": 0, "failed": 0, "files": 0}
    assert not publications.release_dir(older).exists()
