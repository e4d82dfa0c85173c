"""``__any``: the same rows as ``__in``; on PostgreSQL the list goes as one parameter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssepot.catalogue.models import Agency, Municipality, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies() -> list[Agency]:
    town = Municipality.objects.create(
        divipola_code="99001", name="Pueblo", department_code="99", department_name="Prueba"
    )
    day = dt.date(2024, 1, 1)
    plan = Plan.objects.create(municipality=town, slug="pueblo", name="POT de prueba", act="Acuerdo 1",
                               adoption_date=day, start_date=day, end_date=dt.date(2035, 12, 31))  # fmt: skip
    return [Agency.objects.create(plan=plan, code=f"A{n}", name=f"Dependencia {n}") for n in range(5)]


def test_any_finds_the_same_rows_as_in_and_nothing_for_an_empty_list(agencies: list[Agency]) -> None:
    wanted = [a.pk for a in agencies[1:4]] + [10**9]
    with CaptureQueriesContext(connection) as captured:
        found = set(Agency.objects.filter(pk__any=wanted).values_list("pk", flat=True))
    assert found == set(Agency.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == set(wanted[:3])
    assert set(Agency.objects.filter(plan_id__any=[agencies[0].plan_id])) == set(agencies)
    assert not Agency.objects.filter(pk__any=[]).exists()
    if connection.vendor == "postgresql":
        assert "= ANY(" in captured.captured_queries[0]["sql"]
