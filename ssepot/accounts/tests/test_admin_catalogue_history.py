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
    edit(client, "catalogue_plan", plan, class_high="0,8", change_reason=REASON)
    last = plan.history.first()
    assert (last.class_high, last.history_user, last.history_change_reason) == (
        Decimal("0.8"),
        alice,
        REASON,
    )


def test_the_plans_traffic_light_is_its_rules_shown_not_a_field_of_its_own(client, alice, full_plan):
    from ssepot.indicators.rules import current_rules, set_rules

    client.force_login(alice)
    plan = full_plan["target"].plan
    stricter = {**current_rules(plan).definition(), "verde": "0.95", "rojo": "0.7"}
    set_rules(plan, stricter, actor=alice, reason=REASON)
    page = client.get(reverse("admin:catalogue_plan_change", args=[plan.pk])).text
    assert "verde desde 95,0 %" in page and "rojo por debajo de 70,0 %" in page
    assert 'name="traffic_green"' not in page and 'name="traffic_red"' not in page
