"""Anonymous visitors get whole pages from the cache, per publication and language; signed-in users never."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from ssepot.front import pagecache
from ssepot.front.data import CACHE_SECONDS
from ssepot.indicators.models import Indicator
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db


class Clock:
    """The page cache's clock, standing still until a test moves it: a first render slower than
    ``STAMP_SECONDS`` (a loaded machine) must not age what the test means to be fresh."""

    def __init__(self) -> None:
        self.start = self.now = time.monotonic()
        self.wall = time.time()

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.wall + self.now - self.start


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(pagecache, "time", clock)
    return clock


def pot_indicator(plan) -> str:
    return Indicator.objects.filter(plan=plan, development_plan__isnull=True).order_by("code")[0].code


def pages(plan) -> list[str]:
    return [
        reverse("front:plan", args=[plan.slug, 2025]),
        reverse("front:commitments", args=[plan.slug, 2025]) + "?horizonte=corto",
        reverse("front:pot_pdd", args=[plan.slug, 2025]),
        reverse("front:indicators", args=[plan.slug, 2025]),
        reverse("front:subsystems", args=[plan.slug, 2025]),
        reverse("front:indicator", args=[plan.slug, pot_indicator(plan)]),
    ]


def test_a_second_anonymous_visit_is_served_whole_from_the_cache(demo_plan, django_assert_max_num_queries):
    for url in pages(demo_plan):
        first = Client().get(url)
        assert first.status_code == 200 and first["X-SSEPOT-Cache"] == "miss"
        with django_assert_max_num_queries(0):  # the plan's newest release was read a moment ago
            again = Client().get(url)
        assert again["X-SSEPOT-Cache"] == "hit"
        assert again.content == first.content


def test_the_language_switch_works_without_a_token_and_the_cached_page_holds_none(demo_plan):
    url = pages(demo_plan)[0]
    Client().get(url)  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-SSEPOT-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.text and 'action="/i18n/setlang/"' in page.text
    assert settings.CSRF_COOKIE_NAME not in page.cookies
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    english = visitor.get(url)
    assert english["X-SSEPOT-Cache"] == "miss" and '<html lang="en">' in english.text
    again = visitor.get(url)
    assert again["X-SSEPOT-Cache"] == "hit" and again["Content-Language"] == "en"
    assert Client().get(url)["Content-Language"] == "es"  # the other visitors still read Spanish


def test_other_posts_still_need_the_csrf_token(demo_plan, admin_user):
    visitor = Client(enforce_csrf_checks=True)
    visitor.force_login(admin_user)
    assert visitor.post(reverse("logout")).status_code == 403


def test_a_new_release_shows_at_once_here_and_within_seconds_in_other_processes(demo_plan, clock):
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
        clock.now += pagecache.STAMP_SECONDS + 1
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


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, "messages"])
def test_a_visitor_with_a_session_or_messages_cookie_is_not_served_from_the_cache(demo_plan, cookie):
    url = pages(demo_plan)[0]
    Client().get(url)
    assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    response = visitor.get(url)
    assert response.status_code == 200 and "X-SSEPOT-Cache" not in response


def test_cached_pages_carry_the_inner_middlewares_headers_and_no_cookie(demo_plan):
    url = pages(demo_plan)[0]
    first = Client().get(url)
    visitor = Client()
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # a token from the login page, say
    hit = visitor.get(url)
    assert hit["X-SSEPOT-Cache"] == "hit"
    for header in ("X-Frame-Options", "Content-Language", "Vary", "Content-Type", "Content-Length"):
        assert hit[header] == first[header], header
    assert hit["X-Frame-Options"] == "DENY" and hit["Content-Length"] == str(len(hit.content))
    assert hit["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware, outside the cache
    assert not first.cookies and not hit.cookies


def test_a_cached_page_is_not_served_to_a_host_we_do_not_serve(demo_plan):
    url = pages(demo_plan)[0]
    Client().get(url)
    assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
    assert Client(HTTP_HOST="elsewhere.example").get(url).status_code == 400


def test_a_process_keeps_its_pages_no_longer_than_the_shared_cache(demo_plan, clock):
    url = pages(demo_plan)[0]
    Client().get(url)
    cache.clear()  # the shared copy is gone; this process still has its own, ready to send
    assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
    clock.now += CACHE_SECONDS + 1  # when the shared copy would have expired, so does this process's
    assert Client().get(url)["X-SSEPOT-Cache"] == "miss"


def test_the_workers_share_pages_through_ssepot_cache_dir(demo_plan, settings, tmp_path):
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    url = pages(demo_plan)[0]
    first = Client().get(url)
    assert first["X-SSEPOT-Cache"] == "miss" and list(tmp_path.iterdir())
    pagecache.forget_stamps()  # another worker: it has read no stamp and kept no page yet
    again = Client().get(url)
    assert again["X-SSEPOT-Cache"] == "hit" and again.content == first.content


def plain_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """A public page that holds the visitor's CSRF token when asked to (``?ficha=1``)."""
    return HttpResponse(f"<p>{get_token(request) if 'ficha' in request.GET else plan_slug}</p>")


urlpatterns = [path("planes/<slug:plan_slug>/prueba/", pagecache.public_page(plain_page))]


@pytest.mark.urls(__name__)
def test_a_page_that_sets_a_cookie_is_never_stored(demo_plan):
    url = f"/planes/{demo_plan.slug}/prueba/"
    assert Client().get(url)["X-SSEPOT-Cache"] == "miss"
    assert Client().get(url)["X-SSEPOT-Cache"] == "hit"
    first = Client().get(url + "?ficha=1")
    assert settings.CSRF_COOKIE_NAME in first.cookies and "X-SSEPOT-Cache" not in first
    again = Client().get(url + "?ficha=1")
    assert "X-SSEPOT-Cache" not in again and again.content != first.content


def test_unknown_plans_are_not_remembered(db):
    for n in range(3):
        assert Client().get(f"/planes/no-existe-{n}/2025/").status_code == 404
    assert not any(slug.startswith("no-existe") for slug in pagecache._STAMPS)
