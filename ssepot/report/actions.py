"""The report's writes: start a build, save a narrative text. Each runs in one transaction with its audit
record; views only parse, check access and call one of these."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.db import transaction
from django.utils.translation import gettext as _

from ssepot.audit.log import record
from ssepot.catalogue.models import Plan
from ssepot.report.models import NarrativeText, ReportBuild

logger = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser


@transaction.atomic
def start_build(plan: Plan, year: int, *, actor: User, release_number: int | None = None) -> ReportBuild:
    """Queue a build of the year's report (the worker runs it after the commit)."""
    from ssepot.report.tasks import build_report

    build = ReportBuild.objects.create(
        plan=plan,
        year=year,
        release_number=release_number,
        requested_by=actor if isinstance(actor, DjangoUser) else None,
        message=_("En cola"),
    )
    record("generar informe", build, actor=actor, reason=f"{year}")

    def enqueue() -> None:
        try:
            build_report.enqueue(build.pk)
        except Exception as error:
            logger.exception("could not enqueue the report build %s", build.pk)
            ReportBuild.objects.filter(pk=build.pk).update(
                status=ReportBuild.Status.FAILED, error=_("No se pudo encolar la tarea: %(e)s") % {"e": error}
            )

    transaction.on_commit(enqueue)
    return build


@transaction.atomic
def save_text(
    plan: Plan, year: int, section: str, *, title: str, body: str, source: str, actor: User
) -> NarrativeText:
    """Create or replace the text of one section of the year's report."""
    text, created = NarrativeText.objects.get_or_create(plan=plan, year=year, section=section)
    before = {"title": text.title, "body": text.body, "source": text.source}
    text.title, text.body, text.source = title, body, source
    text.save()
    changes = {k: [v, getattr(text, k)] for k, v in before.items() if v != getattr(text, k)}
    record("crear texto" if created else "editar texto", text, actor=actor, changes=changes)
    return text
