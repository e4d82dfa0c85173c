"""In the admin a member sees and edits only the records of his own plans, as his role allows there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ssepot.accounts.models import Membership, Role
from ssepot.commitments.models import Commitment

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


def test_analyst_adds_a_commitment_with_a_status_inline(client, alice, full_plan):
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
            "statuses-TOTAL_FORMS": "1",
            "statuses-INITIAL_FORMS": "0",
            "statuses-0-year": "2025",
            "statuses-0-status": "cumplido",
            "statuses-0-progress": "100",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    status = Commitment.objects.get(code="C-002").statuses.get()
    assert status.plan_id == plan_id and status.recorded_by == alice


def test_reader_can_view_but_not_change(client, dana, full_plan):
    client.force_login(dana)
    commitment = full_plan["commitment"]
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    client.post(url, {"code": "HACK", "description": "x"})
    commitment.refresh_from_db()
    assert commitment.code == "C-001"
    assert client.get(reverse("admin:commitments_commitment_add")).status_code == 403


def test_role_applies_only_in_its_own_plan(client, dana, full_plan, other_plan):
    """Dana reads plan A and analyses plan B: she edits B's commitments and still only reads A's."""
    Membership.objects.create(plan=other_plan["commitment"].plan, user=dana, role=Role.ANALYST)
    client.force_login(dana)
    ours = client.get(reverse("admin:commitments_commitment_change", args=[full_plan["commitment"].pk]))
    theirs = client.get(reverse("admin:commitments_commitment_change", args=[other_plan["commitment"].pk]))
    assert 'name="_save"' not in ours.text
    assert 'name="_save"' in theirs.text


def test_reporter_cannot_add_catalogue_records(client, bob, full_plan):
    client.force_login(bob)
    assert client.get(reverse("admin:commitments_commitment_add")).status_code == 403
    assert client.get(reverse("admin:indicators_indicatorvalue_add")).status_code == 200
