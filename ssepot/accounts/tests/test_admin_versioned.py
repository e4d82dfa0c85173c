"""In the admin, reported data is read-only: the reporting cycle's actions write it, with their checks and
the audit log; the admin only shows every version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ssepot.commitments.models import CommitmentStatus

pytestmark = pytest.mark.django_db

REPORTED = ("commitments_commitmentstatus", "indicators_indicatorvalue", "projects_projectyear")
CYCLE = ("reporting_assignment", "reporting_approval", "reporting_release", "reporting_evidence",
         "reporting_assignmentevent", "audit_auditentry")  # fmt: skip


def test_a_reported_status_opens_read_only(client, alice, full_plan):
    client.force_login(alice)
    status = full_plan["status"]
    response = client.get(reverse("admin:commitments_commitmentstatus_change", args=[status.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert "Eliminar" not in response.text and "Delete" not in response.text
    assert "ciclo de reporte" in response.text


@pytest.mark.parametrize("name", REPORTED + CYCLE)
def test_an_analyst_sees_reported_data_but_cannot_add_it_in_the_admin(client, alice, full_plan, name):
    client.force_login(alice)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_posting_a_new_version_in_the_admin_writes_nothing(client, alice, full_plan):
    client.force_login(alice)
    status = full_plan["status"]
    response = client.post(
        reverse("admin:commitments_commitmentstatus_add"),
        {
            "plan": status.plan_id,
            "commitment": status.commitment_id,
            "year": "2025",
            "status": "cumplido",
            "progress": "100",
            "reason": "x",
        },
    )
    assert response.status_code == 403
    assert CommitmentStatus.objects.count() == 1


def test_the_admins_correction_action_is_gone(client, alice, full_plan):
    client.force_login(alice)
    page = client.get(reverse("admin:commitments_commitmentstatus_changelist")).text
    assert "record_correction" not in page and "delete_selected" not in page
