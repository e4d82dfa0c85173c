"""An agency's system reports a quarterly indicator by quarter through the API, with the web form's checks:
the assignment says its frequency and the quarters asked; a quarter not begun at the cut-off is refused by
name and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.indicators.models import Indicator
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(plan: Any, catalogue: dict[str, Any], alice: Any) -> Assignment:
    indicator: Indicator = catalogue["indicator"]
    indicator.frequency = Indicator.Frequency.QUARTERLY
    indicator.save()
    period = actions.open_period(plan, 2025, dt.date(2025, 9, 30), dt.date(2025, 10, 31), actor=alice)
    return Assignment.objects.get(period=period, indicator=indicator)


def put(client: Client, a: Assignment, body: Any, auth: dict[str, Any]) -> Any:
    return client.put(
        f"/api/v1/asignaciones/{a.pk}/borrador",
        data=json.dumps(body),
        content_type="application/json",
        **auth,
    )


def test_the_assignment_says_its_frequency_and_the_quarters_asked(
    client: Client, quarterly: Assignment, bob: Any, token_for: Any
) -> None:
    shown = client.get(f"/api/v1/asignaciones/{quarterly.pk}", **token_for(bob)).json()
    assert shown["frecuencia"] == "trimestral" and shown["periodos"] == ["T1", "T2", "T3"]


def test_quarters_are_saved_by_label_and_read_back(
    client: Client, quarterly: Assignment, bob: Any, token_for: Any
) -> None:
    body = {"revision": 0, "periodos": {"t1": {"total": "4,5", "01": 2}, "T2": {"total": 6}}}
    response = put(client, quarterly, body, token_for(bob))
    assert response.status_code == 200, response.content
    saved = Assignment.objects.get(pk=quarterly.pk)
    assert saved.draft["periods"] == {"T1": {"": "4,5", "01": "2"}, "T2": {"": "6"}}
    read_back = response.json()["borrador"]["periodos"]
    assert read_back == {"T1": {"total": "4,5", "01": "2"}, "T2": {"total": "6"}}
    entry = actions.parse_entry(saved, saved.draft)
    assert entry.periods == {1: {"": Decimal("4.5"), "01": 2}, 2: {"": 6}}


def test_a_quarter_not_begun_is_refused_by_name_and_nothing_is_written(
    client: Client, quarterly: Assignment, bob: Any, token_for: Any
) -> None:
    body = {"revision": 0, "periodos": {"T1": {"total": 4}, "T4": {"total": "x", "01": 3}}}
    response = put(client, quarterly, body, token_for(bob))
    assert response.status_code == 422
    fields = {p["campo"]: p["mensaje"] for p in response.json()["problemas"]}
    assert set(fields) == {"periodos.T4.total", "periodos.T4"}
    assert "T4 no había empezado" in fields["periodos.T4"]
    assert Assignment.objects.get(pk=quarterly.pk).revision == 0
