"""Shared test fixtures: a small plan and a named cast of users with different roles.

- ``alice``: planning analyst of the plan
- ``bob``: reporter for the Secretaría de Movilidad
- ``charlie``: reporter for the Empresa de Desarrollo Urbano (another agency)
- ``dana``: reader
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def spanish():
    """Every test starts in Spanish: a request that chose English must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the repository (``../shared/data``)."""
    assert SHARED_DATA.is_dir(), f"../shared/data is missing: expected at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="module")
def demo_plan(django_db_setup, django_db_blocker):
    """The whole Medellín demo, built once per test module and removed afterwards."""
    from django.contrib.auth import get_user_model

    from ssepot.catalogue.models import Municipality
    from ssepot.demo.builder import DEMO_USERS, build_demo, remove_demo

    with django_db_blocker.unblock():
        before = set(Municipality.objects.values_list("pk", flat=True))
        plan = build_demo().plan
        yield plan
        remove_demo()
        get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()
        Municipality.objects.exclude(pk__in=before).delete()


@pytest.fixture(scope="module")
def city_tracking_plan(django_db_setup, django_db_blocker):
    """A real plan and nothing else: Medellín's development plan 2020-2023 from the planning department's
    tracking workbook, imported and published by an analyst as the demo does (``ssepot.demo.city_tracking``),
    with 2023's reporting period cut on 31 August. Built once per module and removed afterwards."""
    from django.contrib.auth import get_user_model

    from ssepot.catalogue.models import Municipality, Plan
    from ssepot.demo import city_tracking
    from ssepot.reporting.models import ReportingPeriod

    with django_db_blocker.unblock():
        municipality, created = Municipality.objects.get_or_create(
            divipola_code="05001",
            defaults={"name": "MEDELLÍN", "department_code": "05", "department_name": "ANTIOQUIA"},
        )
        plan = Plan.objects.create(
            municipality=municipality, slug="medellin-futuro", name="POT de Medellín (seguimiento real)",
            act="Acuerdo 48 de 2014", adoption_date=dt.date(2014, 12, 17), start_date=dt.date(2014, 12, 17),
            end_date=dt.date(2027, 12, 31),
        )  # fmt: skip
        ReportingPeriod.objects.create(
            plan=plan, year=2023, cutoff_date=city_tracking.CUTOFF, deadline=dt.date(2024, 2, 15),
            status=ReportingPeriod.Status.CLOSED,
        )  # fmt: skip
        analyst = get_user_model().objects.create_user(username="analista-seguimiento")
        city_tracking.load_city_tracking(plan, SHARED_DATA, analyst)
        yield plan
        # NB: a queryset delete goes through the collector, not through ``Versioned.delete``
        Plan.objects.filter(pk=plan.pk).delete()
        analyst.delete()
        if created:
            municipality.delete()


@pytest.fixture
def medellin(db):
    from ssepot.catalogue.models import Municipality

    return Municipality.objects.get_or_create(
        divipola_code="05001",
        defaults={"name": "MEDELLÍN", "department_code": "05", "department_name": "ANTIOQUIA"},
    )[0]


@pytest.fixture
def plan(medellin):
    from ssepot.catalogue.models import Plan

    return Plan.objects.create(
        municipality=medellin,
        slug="pot-prueba",
        name="POT de prueba",
        act="Acuerdo 48 de 2014",
        adoption_date=dt.date(2014, 12, 17),
        start_date=dt.date(2014, 12, 17),
        end_date=dt.date(2027, 12, 31),
    )


@pytest.fixture
def agencies(plan):
    from ssepot.catalogue.models import Agency

    return {
        "movilidad": Agency.objects.create(plan=plan, code="SM", name="Secretaría de Movilidad"),
        "edu": Agency.objects.create(plan=plan, code="EDU", name="Empresa de Desarrollo Urbano"),
    }


def _member(plan, username, role, agency=None):
    from django.contrib.auth import get_user_model

    from ssepot.accounts.models import Membership

    user = get_user_model().objects.create_user(username=username, password="secreto-de-prueba-1")
    Membership.objects.create(plan=plan, user=user, role=role, agency=agency)
    return user


@pytest.fixture
def alice(plan):
    return _member(plan, "alice", "analista")


@pytest.fixture
def bob(plan, agencies):
    return _member(plan, "bob", "reportante", agencies["movilidad"])


@pytest.fixture
def charlie(plan, agencies):
    return _member(plan, "charlie", "reportante", agencies["edu"])


@pytest.fixture
def dana(plan):
    return _member(plan, "dana", "lector")


# -- Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server ------------
# Nothing is downloaded: Chromium comes from ``apt-get install chromium`` and axe-core from ``npm install``
# (``node_modules/axe-core``). When either is missing the browser tests fail and say how to install it.
# One Chromium for the whole session: Playwright's sync API allows one running instance per thread.

REPO = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("SSEPOT_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or point SSEPOT_CHROMIUM at a Chromium binary).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # NB: Playwright's sync API keeps an event loop running in this thread, which makes Django refuse ORM
    # calls from the test body; the test itself is synchronous, so that guard does not apply here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh page whose relative URLs go to the live server; Spanish (Colombia) like a local visitor."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-US"
    )  # NB: an English browser must still get Spanish
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def axe_violations() -> Any:
    """Runs axe-core (from node_modules, no network) on a page and returns its WCAG 2.1 AA violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm install` at the repository root.", pytrace=False)

    def run(page: Any) -> list[dict[str, Any]]:
        # NB: evaluated through the DevTools protocol: the pages' Content-Security-Policy refuses inline scripts
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS
        )
        assert result["passes"], "axe-core ran no checks: is the page empty?"
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return run
