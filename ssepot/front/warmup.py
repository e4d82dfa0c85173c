"""A new release, ready before its first visitor: its figures, its public pages and its report files.

Publishing a release changes the name of every cached figure and page of the plan (``data.cached`` and
``pagecache``: a name holds the plan's newest release), so without this the first visitor of each page
after a publication waits while it is computed (the POT-PDD dashboard of Medellín, ~3 s), and the first
reader of the release's annual report waits while it is built (~15 s).

Rules, stated once:
- ``actions.publish`` announces the release after its commit (``signals.release_published``); the
  receiver here only enqueues ``warm_release`` (the task worker runs it), so the publication stays one fast
  transaction. A queue that fails is logged; the publication stands.
- The task renders the pages the way a visitor's request does: an anonymous GET in the site's language
  through the whole middleware stack, so ``PageCacheMiddleware`` stores exactly the page a visitor would
  get, under the same name, and the figures are computed by the pages' own code (``data.cached``).
- Which pages: every dashboard (the frame's tabs) of the release's year and of the year
  ``/planes/<slug>/`` opens (when it is another), the release year's subsystem pages and POT indicator
  pages as the battery links them (``?anio=<year>``), then the list of publications: addresses of known
  parameters only (``pagecache.QUERY``), so each is stored under the name a visitor's request has.
- The plan's headline for the plans' directory and the comparison (``headlines.store_headline``), from
  the figures just computed.
- Then the release's report files (HTML, PDF, XLSX), built once and kept (``publications.stored``).
- A release that is no longer the plan's newest when the task runs is skipped: its pages' names are
  already out of date, and the newer release's own task warms them.
- A page or a file that fails is logged and left alone: the next visitor's request renders or builds it,
  as it did before.
- The cache must be the web processes' cache for the pages to help: the demo runs the worker in its own
  process; a production worker (``ssepot db_worker``) needs ``SSEPOT_CACHE_DIR`` (docs/performance.md).
"""

from __future__ import annotations

import io
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http.request import validate_host
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from ssepot.catalogue.models import Plan, Subsystem
from ssepot.front import data
from ssepot.front.headlines import store_headline
from ssepot.front.indicators import indicator_url
from ssepot.front.pagecache import forget_stamps, plan_stamp
from ssepot.indicators.models import Indicator
from ssepot.report import publications
from ssepot.reporting.models import Release

logger = logging.getLogger(__name__)


def release_pages(release: Release) -> list[str]:
    """The addresses to warm for ``release``, the ones visitors reach first last (a cache that is full
    drops its oldest entries first)."""
    plan = release.plan
    year = release.year
    pages = [
        indicator_url(plan, code, year)
        for code in Indicator.objects.filter(plan=plan, development_plan__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    ]
    pages += [
        reverse("front:subsystem", args=[plan.slug, year, code])
        for code in Subsystem.objects.filter(plan=plan).order_by("code").values_list("code", flat=True)
    ]
    opened = data.default_year(plan)
    for shown in dict.fromkeys(y for y in (opened, year) if y is not None):
        # NB: the dashboards are the frame's tabs, so a new dashboard is warmed as soon as it has its tab
        tabs = data.PlanContext(plan=plan, year=shown, release=None, years=[], stamp=0).tabs
        pages += [tab["url"] for tab in tabs]
    pages.append(reverse("publications:list", args=[plan.slug]))
    return pages


class Visitor:
    """Asks the site for pages as an anonymous visitor does, without a network: a GET through the whole
    middleware stack (``WSGIHandler.get_response``), in the site's language."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        site = urlsplit(settings.SSEPOT_SITE_URL)
        hosts = [h for h in (site.hostname, *settings.ALLOWED_HOSTS) if h and "*" not in h]
        self.host = next((h for h in hosts if validate_host(h, settings.ALLOWED_HOSTS)), "localhost")
        # NB: a site that redirects HTTP to HTTPS would answer a plain request with a redirect
        self.secure = site.scheme == "https" or settings.SECURE_SSL_REDIRECT

    def get(self, address: str) -> Any:
        path, _sep, query = address.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": self.host,
            "SERVER_PORT": "443" if self.secure else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": self.host,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "https" if self.secure else "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy and self.secure:
            environ[proxy[0]] = proxy[1]
        # NB: not ``handler(environ, ...)``: its request signals would close the worker's connection
        return self.handler.get_response(WSGIRequest(environ))


def warm_pages(addresses: list[str]) -> tuple[int, int]:
    """Render each page so the page cache keeps it; returns (pages kept, pages that failed or were not
    kept). A failure is logged, never raised: the next request renders that page."""
    visitor = Visitor()
    kept = failed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for address in addresses:
            try:
                response = visitor.get(address)
            except Exception:
                logger.exception("warm-up: %s failed", address)
                failed += 1
                continue
            if response.get("X-SSEPOT-Cache") in ("hit", "miss"):
                kept += 1
            else:
                logger.warning("warm-up: %s answered %s and was not kept", address, response.status_code)
                failed += 1
    return kept, failed


def warm(release_id: int) -> dict[str, int]:
    """Compute and keep ``release``'s figures and pages, then build its report files (rules above)."""
    release = Release.objects.select_related("plan").get(pk=release_id)
    plan: Plan = release.plan
    forget_stamps()  # NB: this process may have read the plan's newest release before this one existed
    if plan_stamp(plan.slug)[1] != release.pk:
        logger.info("warm-up: release %s is no longer the newest of %s, skipped", release, plan.slug)
        return {"pages": 0, "failed": 0, "files": 0}
    try:
        data.published_figures(plan, release.year)
    except Exception:
        logger.exception("warm-up: the figures of %s failed", release)
    try:
        store_headline(plan)
    except Exception:
        logger.exception("warm-up: the headline of %s failed", release)
    kept, failed = warm_pages(release_pages(release))
    files = 0
    try:
        files = sum(path.is_file() for path in publications.stored(release, plan).values())
    except Exception:
        logger.exception("warm-up: the report files of %s failed", release)
    logger.info("warm-up of %s: %d pages kept, %d failed, %d report files", release, kept, failed, files)
    return {"pages": kept, "failed": failed, "files": files}


@task()
def warm_release(release_id: int) -> dict[str, int]:
    return warm(release_id)


def on_release_published(sender: Any, release: Release, **kwargs: Any) -> None:
    """Receiver of ``signals.release_published`` (sent after the publication's commit): enqueue only."""
    try:
        warm_release.enqueue(release.pk)
    except Exception:  # NB: the release is published; the first visitors will compute its pages
        logger.exception("could not enqueue the warm-up of release %s", release.pk)
