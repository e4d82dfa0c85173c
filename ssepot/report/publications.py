"""The annual report in public: ``/planes/<slug>/publicaciones/``.

Each release of a year is a publication, «Informe de seguimiento <año>, versión <n>», with its HTML, PDF
and Excel annex at permanent addresses (``informe-<año>-v<n>/``, ``.pdf``, ``.xlsx``) and an Atom feed.
A release's files are built from that release only (``collect(plan, year, release)``), all three at once,
by the warm-up task its publication enqueues (``ssepot.front.warmup``) or, if that has not run or failed,
the first time anyone asks for them, and stored under ``MEDIA_ROOT`` in a directory named by the release;
from then on the same bytes are served whatever is published later. The feed dates releases in the
site's time zone, with its offset. Only existing releases are
built or looked up: any other year or version is a 404 before anything is computed or stored.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ssepot.catalogue.models import Plan
from ssepot.report.issue import issue
from ssepot.reporting.models import Release

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_LOCKS: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)


def releases(plan: Plan) -> list[Release]:
    """The plan's publications, newest year and version first."""
    return list(Release.objects.filter(plan=plan).order_by("-year", "-number"))


def title(release: Release) -> str:
    return _("Informe de seguimiento %(year)s, versión %(number)s") % {
        "year": release.year,
        "number": release.number,
    }


def published_at(release: Release) -> dt.datetime:
    """When the release was published, in the site's time zone (Bogotá): the feed writes it with its
    offset, and a release published at 8 p.m. is dated that day, not the next one in UTC."""
    return timezone.localtime(release.published_at)


def url(release: Release, plan: Plan, kind: str = "html") -> str:
    name = {"html": "publication", "pdf": "publication_pdf", "xlsx": "publication_xlsx"}[kind]
    return reverse(f"publications:{name}", args=[plan.slug, release.year, release.number])


def release_dir(release: Release) -> Path:
    """Where a release's report is kept: named by the release and its publication instant, so a database
    rebuilt with the same ids never reads another's files."""
    stamp = int(release.published_at.timestamp() * 1_000_000)
    return (
        Path(settings.MEDIA_ROOT)
        / "publicaciones"
        / str(release.plan_id)
        / f"{release.year}-v{release.number}-{release.pk}-{stamp}"
    )


def stored(release: Release, plan: Plan) -> dict[str, Path]:
    """The release's report files (html, pdf, xlsx), built from the release the first time and kept."""
    final = release_dir(release)
    with _LOCKS[release.pk]:
        if not final.is_dir():
            final.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=final.parent, prefix=".en-curso-"))
            try:
                with translation.override(settings.LANGUAGE_CODE):  # NB: the report is a Spanish document
                    issued = issue(plan, release.year, work, release=release.number)
                for kind, path in issued.files.items():
                    path.rename(work / f"informe.{kind}")
                try:
                    work.rename(final)  # atomic: another process may have finished first
                except OSError:
                    if not final.is_dir():
                        raise
            finally:
                shutil.rmtree(work, ignore_errors=True)
    return {kind: final / f"informe.{kind}" for kind in CONTENT_TYPES}


def _release(slug: str, year: int, number: int) -> tuple[Plan, Release]:
    plan = get_object_or_404(Plan, slug=slug)
    return plan, get_object_or_404(Release, plan=plan, year=year, number=number)


@require_GET
def publications(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=plan_slug)
    items: list[dict[str, Any]] = []
    for r in releases(plan):
        latest = not items or items[-1]["release"].year != r.year
        items.append(
            {
                "release": r,
                "title": title(r),
                "html": url(r, plan),
                "pdf": url(r, plan, "pdf"),
                "xlsx": url(r, plan, "xlsx"),
                "latest_of_year": latest,
            }
        )
    return render(request, "report/publications/list.html", {"plan": plan, "items": items})


def _file(slug: str, year: str, number: str, kind: str) -> FileResponse:
    plan, release = _release(slug, int(year), int(number))
    path = stored(release, plan)[kind]
    if not path.is_file():
        raise Http404
    name = f"informe-{plan.slug}-{year}-v{number}.{kind}"
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[kind], as_attachment=kind != "html", filename=name
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def publication(request: HttpRequest, plan_slug: str, year: str, number: str) -> FileResponse:
    return _file(plan_slug, year, number, "html")


@require_GET
def publication_pdf(request: HttpRequest, plan_slug: str, year: str, number: str) -> FileResponse:
    return _file(plan_slug, year, number, "pdf")


@require_GET
def publication_xlsx(request: HttpRequest, plan_slug: str, year: str, number: str) -> FileResponse:
    return _file(plan_slug, year, number, "xlsx")


class PublicationsFeed(Feed):
    """Atom feed of a plan's publications, one entry per release."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, plan_slug: str) -> Plan:
        return get_object_or_404(Plan, slug=plan_slug)

    def title(self, plan: Plan) -> str:
        return _("Publicaciones de %(plan)s") % {"plan": plan.name}

    def link(self, plan: Plan) -> str:
        return reverse("publications:list", args=[plan.slug])

    def subtitle(self, plan: Plan) -> str:
        return _("Los informes de seguimiento del plan, uno por cada publicación de datos de una vigencia.")

    def items(self, plan: Plan) -> list[tuple[Plan, Release]]:
        return [(plan, r) for r in releases(plan)]

    def item_title(self, item: tuple[Plan, Release]) -> str:
        return title(item[1])

    def item_description(self, item: tuple[Plan, Release]) -> str:
        release = item[1]
        return _("Muestra los datos de la publicación %(release)s, del %(date)s.") % {
            "release": str(release),
            "date": published_at(release).strftime("%d/%m/%Y"),
        }

    def item_link(self, item: tuple[Plan, Release]) -> str:
        return url(item[1], item[0])

    def item_guid(self, item: tuple[Plan, Release]) -> str:
        return url(item[1], item[0])

    def item_pubdate(self, item: tuple[Plan, Release]) -> object:
        return published_at(item[1])

    def item_updateddate(self, item: tuple[Plan, Release]) -> object:
        return published_at(item[1])
