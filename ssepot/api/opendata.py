"""The open-data downloads under ``/datos/``: the index page, the files of each plan (latest published data
or a frozen release) and the DCAT catalogue. Files carry an ``ETag``, so a harvester that sends
``If-None-Match`` gets a 304 when nothing changed.

The whole-plan files (XLSX, JSON, GeoJSON, the descriptor) are built once per publication and kept in the
portal's cache (``ssepot.front.data.cached``: a new release changes the key at once; a catalogue edit shows
within its timeout), so their bytes and ETag stay the same between requests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ssepot.api import exports, sdmx
from ssepot.api.datasets import BY_NAME, DATASETS
from ssepot.api.dcat import catalogue_graph
from ssepot.catalogue.models import Plan
from ssepot.core.tabular import XLSX_TYPE
from ssepot.front.data import cached, published_years
from ssepot.reporting.models import Release


def _file(
    request: HttpRequest, content: bytes, content_type: str, filename: str | None = None
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    response["Access-Control-Allow-Origin"] = "*"  # NB: open data: any site may read it
    patch_cache_control(response, public=True, max_age=300)
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def _plan(slug: str, release: int | None) -> tuple[Plan, exports.View]:
    plan = Plan.objects.select_related("municipality").filter(slug=slug).first()
    if plan is None:
        raise Http404(_("No existe el plan «%(slug)s».") % {"slug": slug})
    if release is not None and not Release.objects.filter(plan=plan, number=release).exists():
        raise Http404(_("El plan no tiene una versión publicada número %(n)d.") % {"n": release})
    return plan, exports.view_for(release)


def _built(plan: Plan, view: exports.View, name: str, build: Callable[[], bytes]) -> bytes:
    content: bytes = cached(plan, f"opendata:{view}:{name}", build)
    return content


def _name(plan: Plan, view: exports.View, ext: str) -> str:
    suffix = "" if view == exports.PUBLISHED else f"-version-{view}"
    return f"ssepot-{plan.slug}{suffix}.{ext}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = [
        {"plan": p, "releases": exports.releases(p), "datasets": DATASETS}
        for p in Plan.objects.select_related("municipality")
    ]
    return render(request, "api/opendata.html", {"plans": plans})


@require_GET
def dataset_csv(request: HttpRequest, slug: str, name: str, release: int | None = None) -> HttpResponse:
    plan, view = _plan(slug, release)
    dataset = BY_NAME.get(name)
    if dataset is None:
        raise Http404(_("No existe el conjunto de datos «%(name)s».") % {"name": name})
    return _file(request, exports.dataset_csv(dataset, plan, view), "text/csv; charset=utf-8", f"{name}.csv")


@require_GET
def workbook(request: HttpRequest, slug: str, release: int | None = None) -> HttpResponse:
    plan, view = _plan(slug, release)
    content = _built(plan, view, "xlsx", lambda: exports.workbook(plan, view))
    return _file(request, content, XLSX_TYPE, _name(plan, view, "xlsx"))


@require_GET
def json_document(request: HttpRequest, slug: str, release: int | None = None) -> HttpResponse:
    plan, view = _plan(slug, release)
    content = _built(plan, view, "json", lambda: exports.json_document(plan, view))
    return _file(request, content, "application/json", _name(plan, view, "json"))


@require_GET
def datapackage(request: HttpRequest, slug: str, release: int | None = None) -> HttpResponse:
    plan, view = _plan(slug, release)
    content = _built(
        plan,
        view,
        "datapackage",
        lambda: json.dumps(exports.descriptor(plan, view), ensure_ascii=False, indent=2).encode("utf-8"),
    )
    return _file(request, content, "application/json")


@require_GET
def geojson(request: HttpRequest, slug: str, release: int | None = None) -> HttpResponse:
    plan, view = _plan(slug, release)
    year, indicator = request.GET.get("vigencia", ""), request.GET.get("indicador", "")
    content = _built(
        plan,
        view,
        f"geojson:{indicator}:{year}",
        lambda: exports.geojson(
            plan, view, indicator=indicator or None, year=int(year) if year.isdigit() else None
        ),
    )
    return _file(request, content, "application/geo+json", _name(plan, view, "geojson"))


@require_GET
def sdmx_csv(request: HttpRequest, slug: str, release: int | None = None) -> HttpResponse:
    """The indicator values as SDMX-CSV 2.0; ``?vigencia=AAAA`` keeps one year."""
    plan, view = _plan(slug, release)
    raw = request.GET.get("vigencia", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    name = _name(plan, view, f"{year}.sdmx.csv" if year else "sdmx.csv")
    if year is None or year in published_years(plan):
        content = _built(plan, view, f"sdmx:{year}", lambda: sdmx.sdmx_csv(plan, view, year))
    else:  # NB: not cached: a year nothing published must not let requests fill the cache
        content = sdmx.sdmx_csv(plan, view, year)
    return _file(request, content, sdmx.MEDIA_TYPE, name)


def _catalogue(request: HttpRequest, fmt: str, content_type: str) -> HttpResponse:
    data = catalogue_graph(request.build_absolute_uri("/")).serialize(format=fmt)
    return _file(request, data.encode("utf-8") if isinstance(data, str) else data, content_type)


@require_GET
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    return _catalogue(request, "json-ld", "application/ld+json")


@require_GET
def catalogue_turtle(request: HttpRequest) -> HttpResponse:
    return _catalogue(request, "turtle", "text/turtle; charset=utf-8")
