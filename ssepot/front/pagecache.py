"""Whole public pages kept per publication, for the visitors who are not signed in.

A plan's public pages show only what releases published, and releases are never edited: a page is a
function of the plan's newest release, the language, the path and the query. For an anonymous GET the
page is served from the cache; which release is the newest is asked of the database at most every
``STAMP_SECONDS`` per process, so a cached page costs no query at all; a new release shows at once in the
process that published it and within seconds in the others. That is what keeps the portal's server time
close to a static file's under load (``bench/pages.py`` measures it).

Signed-in users (analysts, agencies) always get a freshly rendered page: their header differs. The
language form's CSRF token is the only per-visitor part of an anonymous page: it is stored as a
placeholder and each response gets the visitor's own token.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from ssepot.catalogue.models import Plan
from ssepot.front.data import CACHE_SECONDS
from ssepot.reporting.models import Release

PLACEHOLDER = b"__ssepot_csrf_token__"
#: how long a process trusts what it last read as a plan's id and newest release
STAMP_SECONDS = 5.0
_STAMPS: dict[str, tuple[int | None, int, float]] = {}
_STAMPS_LOCK = threading.Lock()
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def plan_stamp(slug: str) -> tuple[int | None, int]:
    """The plan's id (None if there is no such plan) and its newest release's id, read at most every
    ``STAMP_SECONDS`` in this process."""
    now = time.monotonic()
    with _STAMPS_LOCK:
        known = _STAMPS.get(slug)
    if known is not None and known[2] > now:
        return known[0], known[1]
    row = (
        Plan.objects.filter(slug=slug)
        .annotate(last=Subquery(Release.objects.filter(plan=OuterRef("pk")).order_by("-pk").values("pk")[:1]))
        .values_list("pk", "last")
        .first()
    )
    plan_id, stamp = (row[0], row[1] or 0) if row else (None, 0)
    with _STAMPS_LOCK:
        _STAMPS[slug] = (plan_id, stamp, now + STAMP_SECONDS)
    return plan_id, stamp


def forget_stamps() -> None:
    with _STAMPS_LOCK:
        _STAMPS.clear()


def release_published(sender: Any, **kwargs: Any) -> None:
    """A new release: this process looks again at once (``post_save`` of ``Release``), and once more when
    the transaction commits (a request in between may have read the stamp before the release existed)."""
    forget_stamps()
    transaction.on_commit(forget_stamps)


def page_key(request: HttpRequest, plan_id: int, stamp: int) -> str:
    where = f"{plan_id}:{stamp}:{translation.get_language()}:{request.get_full_path()}"
    return "ssepot:page:" + hashlib.sha256(where.encode()).hexdigest()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s HTML from the cache for anonymous GETs of the same plan publication."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        plan_id, stamp = plan_stamp(str(kwargs.get("plan_slug")))
        if plan_id is None:
            return view(request, *args, **kwargs)
        key = page_key(request, plan_id, stamp)
        hit = cache.get(key)
        if hit is not None:
            content_type, body = hit
            response = HttpResponse(
                body.replace(PLACEHOLDER, get_token(request).encode()), content_type=content_type
            )
            response["X-SSEPOT-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        content_type = response.get("Content-Type", "")
        if (
            response.status_code == 200
            and not response.streaming
            and content_type.startswith("text/html")
            and not response.has_header("Content-Disposition")
        ):
            body = TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (content_type, body), CACHE_SECONDS)
            response["X-SSEPOT-Cache"] = "miss"
        return response

    return wrapper
