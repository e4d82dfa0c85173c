"""Anonymous visitors get whole pages from the cache, per publication and language; signed-in users never."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssepot.front import pagecache
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pages(plan) -> list[str]:
    return [
        reverse("front:plan", args=[plan.slug, 2025]),
        reverse("front:commitments", args=[plan.slug, 2025]) + "?horizonte=corto",
        reverse("front:pot_pdd", args=[plan.slug, 2025]),
        reverse("front:indicators", args=[plan.slug, 2025]),
        reverse("front:subsystems", args=[plan.slug, 2025]),
    ]


def test_a_second_anonymous_visit_is_served_whole_from_the_cache(demo_plan, django_assert_max_num_queries):
    for url in pages(demo_plan):
        first = Client().get(url)
        assert first.status_code == 200 and first["X-SSEPOT-Cache"] == "miss"
        with django_assert_max_num_queries(0):  # the plan's newest release was read a moment ago
            again = Client().get(url)
        assert again["X-SSEPOT-Cache"] == "hit"
        assert TOKEN.sub("", again.text) == TOKEN.sub("", first.text)


def test_each_visitor_gets_his_own_csrf_token_and_can_switch_language_from_a_cached_page(demo_plan):
    url = pages(demo_plan)[0]
    Client().get(url)  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-SSEPOT-Cache"] == "hit"
    [token] = set(TOKEN.findall(page.text))
    assert "__ssepot_csrf_token__" not in page.text
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    english = visitor.get(url)
    assert english["X-SSEPOT-Cache"] == "miss" and '<html lang="en">' in english.text


def test_a_new_release_shows_at_once_here_and_within_seconds_in_other_processes(demo_plan, monkeypatch):
    url = pages(demo_plan)[0]
    Client().get(url)
    assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
    release = Release.objects.create(plan=demo_plan, year=2025, number=99, published_at=timezone.now())
    try:
        assert Client().get(url)["X-SSEPOT-Cache"] == "miss"  # this process published it
    finally:
        release.delete()
    Client().get(url)
    # another process publishes: no signal reaches this one, which looks again after STAMP_SECONDS
    [other] = Release.objects.bulk_create(
        [Release(plan=demo_plan, year=2025, number=98, published_at=timezone.now())]
    )
    try:
        assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
        later = time.monotonic() + pagecache.STAMP_SECONDS + 1
        monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
        assert Client().get(url)["X-SSEPOT-Cache"] == "miss"
    finally:
        Release.objects.filter(pk=other.pk).delete()


def test_signed_in_users_and_downloads_are_never_served_from_the_page_cache(demo_plan, admin_user):
    url = pages(demo_plan)[1]
    Client().get(url)
    signed_in = Client()
    signed_in.force_login(admin_user)
    response = signed_in.get(url)
    assert response.status_code == 200 and "X-SSEPOT-Cache" not in response
    assert admin_user.get_username() in response.text
    download = Client().get(url + "&descargar=compromisos-lista.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "X-SSEPOT-Cache" not in download
