"""An analyst's catalogue edit in the admin keeps its history: who, when and the reason typed beside the
fields (ADR 0006); the record's history page lists it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ssepot.accounts.tests.test_admin_one_write_path import edit

pytestmark = pytest.mark.django_db

REASON = "La meta del acuerdo es 250, no 100"


@pytest.mark.parametrize(
    ("key", "name", "field", "typed"),
    [
        ("indicator", "indicators_indicator", "plan_target", "250"),
        ("target", "indicators_indicatortarget", "value", "12,5"),
        ("program", "development_pddnode", "weight", "3"),
    ],
)
def test_an_analysts_catalogue_edit_keeps_who_when_and_why(client, alice, full_plan, key, name, field, typed):
    client.force_login(alice)
    obj = full_plan[key]
    before = getattr(obj, field)
    edit(client, name, obj, **{field: typed, "change_reason": REASON})
    last, previous = obj.history.all()[:2]
    assert (last.history_user, last.history_change_reason, last.history_type) == (alice, REASON, "~")
    assert getattr(previous, field) == before != getattr(last, field)
    page = client.get(reverse(f"admin:{name}_history", args=[obj.pk])).text
    assert REASON in page


def test_the_plans_thresholds_keep_their_history(client, alice, full_plan):
    client.force_login(alice)
    plan = full_plan["target"].plan
    edit(client, "catalogue_plan", plan, traffic_green="0,8", change_reason=REASON)
    last = plan.history.first()
    assert (last.traffic_green, last.history_user, last.history_change_reason) == (
        Decimal("0.8"),
        alice,
        REASON,
    )
