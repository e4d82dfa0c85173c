"""Anonymous requests cannot grow the caches: a page is stored under its known parameters only, and the
API's figures of a release that does not exist are a 404, not a new cache entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ssepot.front import pagecache
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db


def entries() -> tuple[int, int]:
    """What the shared cache (LocMemCache in tests) and this process's page copies hold."""
    return len(cache._cache), len(pagecache._PAGES.pages)  # type: ignore[attr-defined]


def test_junk_query_parameters_do_not_create_cache_entries(demo_plan: Any) -> None:
    url = reverse("front:indicators", args=[demo_plan.slug, 2025])
    assert Client().get(url)["X-SSEPOT-Cache"] == "miss"
    assert Client().get(url + "?semaforo=verde")["X-SSEPOT-Cache"] == "miss"
    before = entries()
    junk = [
        *(f"?utm_source=campana{i}" for i in range(40)),
        *(f"?q=palabra{i}" for i in range(20)),  # a free-text search is rendered, not stored
        *(f"?pagina=0{i}" for i in range(1, 20)),  # the same page written another way
        *(f"?semaforo=verde&relleno={'x' * i}" for i in range(20)),
    ]
    for address in junk:
        answer = Client().get(url + address)
        assert answer.status_code == 200, address
        assert not answer.has_header("X-SSEPOT-Cache"), address
    assert entries() == before
    # what a visitor reads is still served from the cache, whatever the order of its parameters
    assert Client().get(url + "?semaforo=verde")["X-SSEPOT-Cache"] == "hit"
    assert Client().get(url + "?pagina=1&semaforo=verde")["X-SSEPOT-Cache"] == "miss"
    assert Client().get(url + "?semaforo=verde&pagina=1")["X-SSEPOT-Cache"] == "hit"
    assert Client().get(url + "?semaforo=verde&unidad=")["X-SSEPOT-Cache"] == "miss"  # as a form sends it


def test_the_figures_of_a_release_that_does_not_exist_are_a_404_not_a_cache_entry(
    client: Client, demo_plan: Any
) -> None:
    release = Release.objects.filter(plan=demo_plan).order_by("year", "number").first()
    assert release is not None
    address = f"/api/v1/planes/{demo_plan.slug}/cifras"
    shown = client.get(address, {"vigencia": release.year, "version": release.number, "limite": 1})
    assert shown.status_code == 200 and shown.json()["vigencia"] == release.year
    before = entries()
    for number in range(release.number + 50, release.number + 80):
        missing = client.get(address, {"vigencia": release.year, "version": number})
        assert missing.status_code == 404, number
        assert f"número {number}" in missing.json()["detalle"]
    for year in range(2000, 2010):  # years nothing published: computed, not kept
        assert client.get(address, {"vigencia": year, "limite": 1}).status_code == 200
    assert entries()[0] == before[0]
