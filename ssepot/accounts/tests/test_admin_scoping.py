"""In the admin a member sees and edits only the records of his own plans, as his role allows there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ssepot.accounts.models import Membership, Role
from ssepot.audit.models import AuditEntry
from ssepot.commitments.models import Commitment, CommitmentStatus

pytestmark = pytest.mark.django_db


def test_analyst_of_one_plan_does_not_see_another_plans_records(client, alice, full_plan, other_plan):
    client.force_login(alice)
    for name in (
        "commitments_commitment",
        "indicators_indicator",
        "catalogue_subsystem",
        "archive_archivedocument",
        "commitments_commitmentstatus",
    ):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
        assert "OTRO-" not in response.text, name
    assert "POT de Envigado" not in client.get(reverse("admin:catalogue_plan_changelist")).text


def test_analyst_cannot_open_another_plans_record(client, alice, full_plan, other_plan):
    client.force_login(alice)
    theirs = other_plan["commitment"]
    response = client.get(reverse("admin:commitments_commitment_change", args=[theirs.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index


def test_add_form_offers_only_the_users_plans_and_their_records(client, alice, full_plan, other_plan):
    client.force_login(alice)
    page = client.get(reverse("admin:commitments_commitment_add")).text
    assert "POT de prueba" in page and "POT de Envigado" not in page
    response = client.post(
        reverse("admin:commitments_commitment_add"),
        {
            "plan": full_plan["commitment"].plan_id,
            "code": "C-999",
            "description": "x",
            "horizon": "corto",
            "typology": "Estudio",
            "subsystem": other_plan["subsystem"].pk,
            "agency": full_plan["agency"].pk,
            "statuses-TOTAL_FORMS": "0",
            "statuses-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Commitment.objects.filter(code="C-999").exists()


def test_analyst_adds_a_commitment_and_the_audit_log_says_who_and_what(client, alice, full_plan):
    client.force_login(alice)
    plan_id = full_plan["commitment"].plan_id
    response = client.post(
        reverse("admin:commitments_commitment_add"),
        {
            "plan": plan_id,
            "code": "C-002",
            "description": "Estudio de amenaza",
            "horizon": "mediano",
            "typology": "Estudio",
            "subsystem": full_plan["subsystem"].pk,
            "agency": full_plan["agency"].pk,
            "statuses-TOTAL_FORMS": "0",
            "statuses-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    commitment = Commitment.objects.get(code="C-002")
    entry = AuditEntry.objects.get(object_id=str(commitment.pk), action__startswith="admin: crear")
    assert (entry.actor, entry.plan_id) == (alice, plan_id)
    assert entry.changes["code"] == [None, "C-002"]


def test_an_analyst_cannot_add_reported_rows_through_an_inline(client, alice, full_plan):
    client.force_login(alice)
    commitment = full_plan["commitment"]
    before = CommitmentStatus.objects.count()
    page = client.get(reverse("admin:commitments_commitment_change", args=[commitment.pk])).text
    assert "statuses-__prefix__" not in page  # no empty row to fill in
    client.post(
        reverse("admin:commitments_commitment_change", args=[commitment.pk]),
        {
            "plan": commitment.plan_id,
            "code": commitment.code,
            "description": commitment.description,
            "horizon": commitment.horizon,
            "typology": commitment.typology,
            "subsystem": commitment.subsystem_id,
            "agency": commitment.agency_id,
            "statuses-TOTAL_FORMS": "1",
            "statuses-INITIAL_FORMS": "0",
            "statuses-0-year": "2026",
            "statuses-0-status": "cumplido",
            "statuses-0-progress": "100",
        },
    )
    assert CommitmentStatus.objects.count() == before


def test_role_applies_only_in_its_own_plan(client, dana, full_plan, other_plan):
    """Dana reads plan A and analyses plan B: she edits B's commitments in the admin; A is not there."""
    Membership.objects.create(plan=other_plan["commitment"].plan, user=dana, role=Role.ANALYST)
    client.force_login(dana)
    ours = client.get(reverse("admin:commitments_commitment_change", args=[full_plan["commitment"].pk]))
    theirs = client.get(reverse("admin:commitments_commitment_change", args=[other_plan["commitment"].pk]))
    assert ours.status_code == 302  # the admin's "does not exist" redirect: a reader has no admin
    assert 'name="_save"' in theirs.text
    listed = client.get(reverse("admin:audit_auditentry_changelist")).text
    assert str(full_plan["commitment"].plan) not in listed.split('id="changelist-filter"')[0]
