"""One write path: readers and reporters have no admin (they would see every agency's drafts, evidence and
the whole audit log); an analyst's catalogue edits in the admin land in the audit log with the changed
fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from ssepot.audit.models import AuditEntry
from ssepot.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

SEEN_BY_NOBODY_BUT_THE_PLAN_OFFICE = (
    "indicators_indicatorvalue",
    "commitments_commitmentstatus",
    "projects_projectyear",
    "reporting_assignment",
    "reporting_assignmentevent",
    "reporting_evidence",
    "reporting_approval",
    "reporting_release",
    "audit_auditentry",
    "indicators_indicator",
    "catalogue_plan",
)


@pytest.mark.parametrize("who", ["bob", "dana"])
@pytest.mark.parametrize("name", SEEN_BY_NOBODY_BUT_THE_PLAN_OFFICE)
def test_readers_and_reporters_cannot_list_or_add_in_the_admin(client, full_plan, request, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


@pytest.mark.parametrize("who", ["bob", "dana"])
def test_readers_and_reporters_cannot_open_any_record_in_the_admin(client, full_plan, request, who):
    client.force_login(request.getfixturevalue(who))
    for key, name in (("value", "indicators_indicatorvalue"), ("evidence", "reporting_evidence"),
                      ("assignment", "reporting_assignment")):  # fmt: skip
        response = client.get(reverse(f"admin:{name}_change", args=[full_plan[key].pk]))
        assert response.status_code in (302, 403), name  # 302: the admin's "does not exist"
    index = client.get(reverse("admin:index")).text
    assert "/admin/indicators/" not in index and "/admin/audit/" not in index


def test_a_reporter_cannot_add_another_agencys_value_in_the_admin(client, full_plan, bob):
    client.force_login(bob)
    value = full_plan["value"]
    before = IndicatorValue.objects.count()
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "plan": value.plan_id,
            "indicator": value.indicator_id,
            "year": "2025",
            "value": "99",
            "correction_of": value.pk,
            "reason": "otra dependencia",
        },
    )
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == before


def form_data(response: Any) -> dict[str, Any]:
    """The change form as the admin shows it, ready to post back (main form and its inlines)."""
    ctx = response.context
    forms = [ctx["adminform"].form]
    for inline in ctx["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(value, FieldFile):
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = value
    return data


def edit(client: Any, name: str, obj: Any, **changes: Any) -> None:
    url = reverse(f"admin:{name}_change", args=[obj.pk])
    data = form_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def entry_for(obj: Any) -> AuditEntry:
    return AuditEntry.objects.filter(object_id=str(obj.pk), action__startswith="admin: cambiar").get(
        content_type__model=obj._meta.model_name
    )


def test_an_analysts_target_edit_lands_in_the_audit_log_with_the_changed_field(client, alice, full_plan):
    client.force_login(alice)
    target = full_plan["target"]
    edit(client, "indicators_indicatortarget", target, value="12,5")
    entry = entry_for(target)
    assert (entry.actor, entry.plan_id) == (alice, target.plan_id)
    assert list(entry.changes) == ["value"]
    assert [Decimal(v) for v in entry.changes["value"]] == [Decimal(10), Decimal("12.5")]


@pytest.mark.parametrize(
    ("key", "name", "field", "typed", "stored"),
    [
        ("indicator", "indicators_indicator", "plan_target", "250", Decimal(250)),
        ("indicator", "indicators_indicator", "weight", "0,5", Decimal("0.5")),
        ("program", "development_pddnode", "weight", "3", Decimal(3)),
    ],
)
def test_catalogue_edits_in_the_admin_are_audited(client, alice, full_plan, key, name, field, typed, stored):
    client.force_login(alice)
    obj = full_plan[key]
    edit(client, name, obj, **{field: typed})
    obj.refresh_from_db()
    assert getattr(obj, field) == stored
    entry = entry_for(obj)
    assert entry.actor == alice and list(entry.changes) == [field]
    assert Decimal(entry.changes[field][1]) == stored


def test_the_plans_thresholds_edited_in_the_admin_are_audited(client, alice, full_plan):
    client.force_login(alice)
    plan = full_plan["target"].plan
    edit(client, "catalogue_plan", plan, class_low="0,5")
    plan.refresh_from_db()
    assert plan.class_low == Decimal("0.5")
    entry = entry_for(plan)
    assert entry.actor == alice and list(entry.changes) == ["class_low"]


def test_deleting_a_catalogue_record_in_the_admin_is_audited(client, alice, full_plan):
    client.force_login(alice)
    target = full_plan["target"]
    url = reverse("admin:indicators_indicatortarget_delete", args=[target.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(object_id=str(target.pk), action__startswith="admin: borrar")
    assert entry.actor == alice and entry.plan_id == target.plan_id
