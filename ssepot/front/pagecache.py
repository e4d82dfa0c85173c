"""Whole public pages kept per publication, for the visitors who are not signed in.

A plan's public pages show only what releases published, and releases are never edited: a page is a
function of the plan's newest release, the language, the path and the query. For an anonymous GET the
page is served from the cache after two small queries (the plan's id, its newest release), which is what
keeps the portal's server time close to a static file's under load (``bench/pages.py`` measures it).

Signed-in users (analysts, agencies) always get a freshly rendered page: their header differs. The
language form's CSRF token is the only per-visitor part of an anonymous page: it is stored as a
placeholder and each response gets the visitor's own token.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from ssepot.catalogue.models import Plan
from ssepot.front.data import CACHE_SECONDS
from ssepot.reporting.models import Release

PLACEHOLDER = b"__ssepot_csrf_token__"
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def page_key(request: HttpRequest, plan_id: int, stamp: int) -> str:
    where = f"{plan_id}:{stamp}:{translation.get_language()}:{request.get_full_path()}"
    return "ssepot:page:" + hashlib.sha256(where.encode()).hexdigest()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s HTML from the cache for anonymous GETs of the same plan publication."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        plan_id = Plan.objects.filter(slug=kwargs.get("plan_slug")).values_list("pk", flat=True).first()
        if plan_id is None:
            return view(request, *args, **kwargs)
        stamp = Release.objects.filter(plan_id=plan_id).aggregate(last=Max("pk"))["last"] or 0
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
