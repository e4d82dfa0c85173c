"""The chart libraries, served from the installed vl-convert-python package (no CDN)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from ssepot.charts.base import bundle, bundle_version

YEAR = 365 * 24 * 3600


@require_GET
def vega_bundle(request: HttpRequest, version: str) -> HttpResponse:
    """vega-embed, Vega-Lite and Vega in one script; the URL carries the version: cached for a year."""
    etag = f'"{bundle_version()}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = HttpResponse(bundle(), content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = (
        f"public, max-age={YEAR}, immutable" if version == bundle_version() else "no-cache"
    )
    return response
