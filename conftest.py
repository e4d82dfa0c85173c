"""Shared test fixtures: a small plan and a named cast of users with different roles.

- ``alice``: planning analyst of the plan
- ``bob``: reporter for the Secretaría de Movilidad
- ``charlie``: reporter for the Empresa de Desarrollo Urbano (another agency)
- ``dana``: reader
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
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


# -- The demo and the city's tracking plan, built once per session --------------------------------------
# The demo takes ~40 s to build and the city's tracking workbook seconds to import; dozens of modules and
# browser tests need them. Each is built once, on the database as migrations left it, and the whole database
# is then kept as a snapshot (SQLite: the backup API; PostgreSQL: every table through COPY, and the
# sequences). A module or a browser test that needs it gets the snapshot restored, and the database as it was
# before is restored afterwards, so the next module starts as if the demo had never been there.

_SNAPSHOTS: dict[str, Any] = {}
_IN_PLACE: list[str] = []  # the states restored right now, outermost first


def _take_snapshot() -> Any:
    """The whole test database, kept in memory."""
    from django.db import connection, transaction

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    if connection.vendor != "postgresql":
        raise NotImplementedError(f"no database snapshot for {connection.vendor}")
    with transaction.atomic(), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(chunk) for chunk in copy)
        cursor.execute(
            "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
            "WHERE schemaname = current_schema()"
        )
        sequences = cursor.fetchall()
    return rows, sequences


def _restore_snapshot(snapshot: Any) -> None:
    """Puts the test database back exactly as it was when ``snapshot`` was taken, committed."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, connection, transaction

    from ssepot.front.data import clear_caches

    assert not connection.in_atomic_block, "a snapshot is restored outside any test's transaction"
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        snapshot.backup(connection.connection)
    else:
        rows, sequences = snapshot
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            # NB: DELETE of the few tables in use is much faster than TRUNCATE, which makes new files for
            # every table and index; the rows restored are whole, so foreign keys need no checking
            with contextlib.suppress(DatabaseError), transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")  # NB: a superuser's right
            cursor.execute(
                " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in rows),
                list(rows),
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, data in rows.items():
                if data:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(data)
            for sequence, last in sequences:
                cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last or 1, last is not None])
    # NB: ids cached in memory belong to the database that was replaced
    ContentType.objects.clear_cache()
    clear_caches()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, and a snapshot of it as migrations left it."""
    with django_db_blocker.unblock():
        _SNAPSHOTS["migrated"] = _take_snapshot()


@contextlib.contextmanager
def _database_state(name: str, build: Callable[[], None]) -> Iterator[None]:
    """The database as migrations left it plus what ``build`` writes, committed, while the block runs; the
    database as it was before once it ends. ``build`` runs once per session and its result is restored from
    then on; when another state is already in place (a module using both), it runs again on top of it."""
    before = _take_snapshot()
    if _IN_PLACE:
        build()
    elif name in _SNAPSHOTS:
        _restore_snapshot(_SNAPSHOTS[name])
    else:
        _restore_snapshot(_SNAPSHOTS["migrated"])
        build()
        _SNAPSHOTS[name] = _take_snapshot()
    _IN_PLACE.append(name)
    try:
        yield
    finally:
        _IN_PLACE.remove(name)
        _restore_snapshot(before)


def _build_demo() -> None:
    from ssepot.demo.builder import build_demo

    build_demo()


def _demo() -> Any:
    from ssepot.catalogue.models import Plan
    from ssepot.demo.content import PLAN_SLUG

    return Plan.objects.get(slug=PLAN_SLUG)


@pytest.fixture(scope="module")
def demo_plan(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The whole Medellín demo, committed, for the tests of one module (each test's ``db`` rolls back what
    it writes); removed afterwards. Built once per session (``_database_state``)."""
    with django_db_blocker.unblock(), _database_state("demo", _build_demo):
        yield _demo()


@pytest.fixture
def committed_demo_plan(transactional_db: None) -> Iterator[Any]:
    """The whole Medellín demo, committed, for one test that needs it outside a transaction (the browser
    tests' live server); pytest-django empties the database afterwards."""
    with _database_state("demo", _build_demo):
        yield _demo()


CITY_TRACKING_SLUG = "medellin-futuro"


def _build_city_tracking() -> None:

    from ssepot.accounts.models import Role
    from ssepot.catalogue.models import Municipality, Plan
    from ssepot.demo import city_tracking
    from ssepot.reporting.models import ReportingPeriod

    municipality = Municipality.objects.get_or_create(
        divipola_code="05001",
        defaults={"name": "MEDELLÍN", "department_code": "05", "department_name": "ANTIOQUIA"},
    )[0]
    plan = Plan.objects.create(
        municipality=municipality, slug=CITY_TRACKING_SLUG, name="POT de Medellín (seguimiento real)",
        act="Acuerdo 48 de 2014", adoption_date=dt.date(2014, 12, 17), start_date=dt.date(2014, 12, 17),
        end_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    ReportingPeriod.objects.create(
        plan=plan, year=2023, cutoff_date=city_tracking.CUTOFF, deadline=dt.date(2024, 2, 15),
        status=ReportingPeriod.Status.CLOSED,
    )  # fmt: skip
    # NB: the plan's analyst approves the workbook's batch, as the demo's does
    analyst = _member(plan, "analista-seguimiento", Role.ANALYST)
    city_tracking.load_city_tracking(plan, SHARED_DATA, analyst)


@pytest.fixture(scope="module")
def city_tracking_plan(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """A real plan and nothing else: Medellín's development plan 2020-2023 from the planning department's
    tracking workbook, imported and published by an analyst as the demo does (``ssepot.demo.city_tracking``),
    with 2023's reporting period cut on 31 August. For the tests of one module, removed afterwards; built
    once per session (``_database_state``)."""
    from ssepot.catalogue.models import Plan

    with django_db_blocker.unblock(), _database_state("city-tracking", _build_city_tracking):
        yield Plan.objects.get(slug=CITY_TRACKING_SLUG)


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
    # NB: a page's first visit computes the year's figures, seconds when other jobs share the cores
    context.set_default_navigation_timeout(60_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def axe_violations() -> Any:
    """Runs axe-core (from node_modules, no network) on a page and returns its WCAG 2.1 AA violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm install` at the repository root.", pytrace=False)

    def run(page: Any) -> list[dict[str, Any]]:
        # a click that navigates returns before the new page has loaded: axe must read the loaded one
        page.wait_for_load_state("load")
        # NB: evaluated through the DevTools protocol: the pages' Content-Security-Policy refuses inline
        # scripts
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
