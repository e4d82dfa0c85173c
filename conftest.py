"""Shared test fixtures: a small plan and a named cast of users with different roles.

- ``alice``: planning analyst of the plan
- ``bob``: reporter for the Secretaría de Movilidad
- ``charlie``: reporter for the Empresa de Desarrollo Urbano (another agency)
- ``dana``: reader
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
