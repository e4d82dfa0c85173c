"""The report's background task: an analyst asks for the report, the task worker builds it.

The task receives the ``ReportBuild``'s primary key and writes its progress there after each step, which the
page polls (HTMX). See docs/decisions/0004-task-queue.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ssepot.report.builder import ReportError
from ssepot.report.issue import issue
from ssepot.report.models import ReportBuild

logger = logging.getLogger(__name__)

Status = ReportBuild.Status


def build_dir(build: ReportBuild) -> Path:
    return Path(settings.MEDIA_ROOT) / "informes" / str(build.plan_id) / str(build.year) / str(build.pk)


def run_build(build_id: int) -> str:
    """Build the report of ``ReportBuild`` ``build_id``; returns its final status."""
    build = ReportBuild.objects.select_related("plan").get(pk=build_id)
    ReportBuild.objects.filter(pk=build_id).update(status=Status.RUNNING, progress=1, message=_("Iniciando"))

    def progress(percent: int, message: str) -> None:
        ReportBuild.objects.filter(pk=build_id).update(progress=percent, message=message[:200])

    try:
        issued = issue(
            build.plan, build.year, build_dir(build), release=build.release_number, progress=progress
        )
    except ReportError as error:
        ReportBuild.objects.filter(pk=build_id).update(
            status=Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        return Status.FAILED
    except Exception as error:  # NB: the page must say it failed, not poll forever
        logger.exception("report build %s failed", build_id)
        ReportBuild.objects.filter(pk=build_id).update(
            status=Status.FAILED,
            error=_("Error inesperado: %(e)s") % {"e": error},
            finished_at=timezone.now(),
        )
        return Status.FAILED
    ReportBuild.objects.filter(pk=build_id).update(
        status=Status.DONE,
        progress=100,
        message=_("Informe terminado"),
        release_label=issued.report.label,
        files={kind: path.name for kind, path in issued.files.items()},
        seconds={k: round(v, 2) for k, v in issued.seconds.items()},
        findings=[f.message for f in issued.findings],
        corrections=len(issued.report.corrections),
        finished_at=timezone.now(),
    )
    return Status.DONE


@task()
def build_report(build_id: int) -> str:
    return run_build(build_id)
