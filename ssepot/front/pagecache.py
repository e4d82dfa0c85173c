"""Whole public pages kept per publication, for the visitors who are not signed in.

A plan's public pages show only what releases published, and releases are never edited: a page is a
function of the plan's newest release, the language, the path and the query. ``PageCacheMiddleware`` sits
right after WhiteNoise and answers an anonymous GET of a page under ``/planes/<slug>/`` from the cache
before sessions, CSRF, authentication and URL resolution run: that is what keeps the portal's server time
close to a static file's under load (``bench/pages.py`` measures it). Which release is the newest is asked
of the database at most every ``STAMP_SECONDS`` per process, so a cached page costs no query at all; a new
release shows at once in the process that published it and within seconds in the others. Pages live in
the shared cache (``SSEPOT_CACHE_DIR`` lets every worker use what one rendered) and the last few megabytes
of them also in each process, ready to send.

A page is stored only if its view is wrapped in ``public_page`` and the response holds nothing of the
visitor: no cookie set, and no CSRF token (the language switcher posts without one, docs/decisions/0005).
Its name is built from known parameters only (``QUERY``): an address with another parameter, a free-text
search or a value no filter could hold is rendered but never stored, so anonymous requests with junk in
the query cannot fill the cache and push out the pages people read.
Visitors with a session or messages cookie (signed-in users, analysts, agencies) always get a freshly
rendered page: their header differs.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from ssepot.catalogue.models import Plan
from ssepot.front.data import CACHE_SECONDS
from ssepot.front.middleware import SpanishFirstLocaleMiddleware
from ssepot.reporting.models import Release

#: how long a process trusts what it last read as a plan's id and newest release
STAMP_SECONDS = 5.0
_STAMPS: dict[str, tuple[int, int, float]] = {}
_STAMPS_LOCK = threading.Lock()
#: the attribute ``public_page`` sets on its view's responses
PUBLIC = "ssepot_public_page"
#: what a plan's slug may look like in a path (Django's ``<slug:>``): anything else is no plan
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
#: the query parameters of the public pages, each with the shape of a value worth storing a page for (the
#: views refuse a value they do not know with a 400, which is never stored); a page asked with any other
#: parameter, or ``q`` (free text), is not stored. NB: a page that reads a new parameter adds it here.
#: A filter's value is as the views compare it: no space around it, no control character.
FILTER_VALUE = r"[^\s<>](?:[^<>\x00-\x1f]{0,78}[^\s<>])?"
QUERY = {
    **dict.fromkeys(
        ("unidad", "subsistema", "dependencia", "horizonte", "tipologia", "estado"), FILTER_VALUE
    ),
    "semaforo": r"[a-z_]{1,20}",
    "orden": r"[a-z]{1,20}",
    "anio": r"[12][0-9]{3}",
    "pagina": r"[1-9][0-9]{0,3}",
    "proyecto": r"[-\w.]{1,60}",
    "indicador": r"[-\w.]{1,60}",
    "descargar": r"[-\w.]{1,60}",  # a file download, never stored (``storable``)
}
_QUERY = {name: re.compile(shape) for name, shape in QUERY.items()}
#: more parameters than any page's filters: not stored
MAX_PARAMETERS = 12


def plan_stamp(slug: str) -> tuple[int | None, int]:
    """The plan's id (None if there is no such plan) and its newest release's id, read at most every
    ``STAMP_SECONDS`` in this process. Only existing plans are remembered: a path cannot grow the table."""
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
    if row is None:
        return None, 0
    plan_id, stamp = row[0], row[1] or 0
    with _STAMPS_LOCK:
        _STAMPS[slug] = (plan_id, stamp, now + STAMP_SECONDS)
    return plan_id, stamp


def forget_stamps() -> None:
    """Forget what this process read of the plans' publications, and the pages it kept of them."""
    with _STAMPS_LOCK:
        _STAMPS.clear()
    _PAGES.clear()


def release_published(sender: Any, **kwargs: Any) -> None:
    """A new release: this process looks again at once (``post_save`` of ``Release``), and once more when
    the transaction commits (a request in between may have read the stamp before the release existed)."""
    forget_stamps()
    transaction.on_commit(forget_stamps)


class Page(NamedTuple):
    headers: dict[str, str]
    body: bytes
    expires: float
    """``time.time()`` when the shared cache drops the page: the process's copy goes with it."""


class LocalPages:
    """The pages served last, kept in this process up to ``limit`` bytes of HTML: a hit then neither
    unpickles the page nor, with ``SSEPOT_CACHE_DIR``, reads a file. Safe because a page's name holds its
    publication; an edit of the catalogue shows when the shared cache's copy expires, here as there."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, where: str) -> Page | None:
        with self.lock:
            page = self.pages.get(where)
            if page is None:
                return None
            if page.expires <= time.time():
                self.size -= len(self.pages.pop(where).body)
                return None
            self.pages.move_to_end(where)
            return page

    def put(self, where: str, page: Page) -> None:
        with self.lock:
            if where in self.pages:
                self.size -= len(self.pages.pop(where).body)
            self.pages[where] = page
            self.size += len(page.body)
            while self.size > self.limit:
                self.size -= len(self.pages.popitem(last=False)[1].body)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


#: up to 32 MB of pages per process (~400 of Medellín's 30-200 KB pages)
_PAGES = LocalPages(32 * 1024 * 1024)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let ``PageCacheMiddleware`` keep ``view``'s pages for anonymous visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, PUBLIC, True)
        return response

    return wrapper


def storable(response: HttpResponseBase) -> bool:
    """A whole HTML page of a ``public_page`` view, the same for every visitor."""
    return (
        bool(getattr(response, PUBLIC, False))
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not response.cookies  # a cookie (a CSRF token, a session) means the page is the visitor's own
    )


class PageCacheMiddleware:
    """Serves anonymous GETs of the plans' public pages from the cache, before the rest of the middleware.

    Put it right after ``SecurityMiddleware`` and WhiteNoise: a hit skips sessions, locale, common, CSRF,
    authentication, messages, clickjacking and URL resolution; the headers those added to the stored page
    (``X-Frame-Options``, ``Vary``, ``Content-Language``, ``Content-Length``) are stored with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # the language is decided exactly as the locale middleware further in decides it
        self.locale = SpanishFirstLocaleMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        where = self.where(request)
        if where is None:
            return self.get_response(request)
        page = _PAGES.get(where)
        if page is None:
            key = "ssepot:page:v2:" + hashlib.sha256(where.encode()).hexdigest()
            page = cache.get(key)
            if page is None:
                return self.render_and_keep(request, where, key)
            _PAGES.put(where, page)
        return HttpResponse(page.body, headers=page.headers)

    def render_and_keep(self, request: HttpRequest, where: str, key: str) -> HttpResponseBase:
        response = self.get_response(request)
        if storable(response):
            page = Page(
                {**response.headers, "X-SSEPOT-Cache": "hit"},
                response.content,  # type: ignore[attr-defined]
                time.time() + CACHE_SECONDS,
            )
            cache.set(key, page, CACHE_SECONDS)
            _PAGES.put(where, page)
            response["X-SSEPOT-Cache"] = "miss"
        return response

    def where(self, request: HttpRequest) -> str | None:
        """What names the page of an anonymous GET under ``/planes/<slug>/`` (plan, publication, language,
        path and known query, ``known_query``); None for any other request."""
        if (
            request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or CookieStorage.cookie_name in request.COOKIES
        ):
            return None
        parts = request.path_info.split("/", 3)
        if len(parts) < 4 or parts[1] != "planes" or not SLUG.fullmatch(parts[2]):
            return None
        request.get_host()  # a Host not in ALLOWED_HOSTS is refused (400), as CommonMiddleware would
        plan_id, stamp = plan_stamp(parts[2])
        if plan_id is None:
            return None
        query = known_query(request)
        if query is None:
            return None
        self.locale.process_request(request)
        return f"{plan_id}:{stamp}:{request.LANGUAGE_CODE}:{request.path}?{query}"


def known_query(request: HttpRequest) -> str | None:
    """The query in a fixed order when every parameter is a known one with a value of its shape (or
    empty, as a filter form sends it); None otherwise (the page is then rendered and not stored)."""
    return known_pairs([(name, value) for name, values in request.GET.lists() for value in values])


def known_pairs(pairs: list[tuple[str, str]]) -> str | None:
    """``known_query`` of a query already split into (name, value) pairs."""
    if len(pairs) > MAX_PARAMETERS:
        return None
    for name, value in pairs:
        shape = _QUERY.get(name)
        if shape is None or (value and not shape.fullmatch(value)):
            return None
    return urlencode(sorted(pairs))
