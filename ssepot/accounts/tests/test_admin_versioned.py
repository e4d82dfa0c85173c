"""In the admin, reported data is append-only: added, corrected by a new version, never edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ssepot.commitments.models import CommitmentStatus

pytestmark = pytest.mark.django_db


def test_a_reported_status_opens_read_only(client, alice, full_plan):
    client.force_login(alice)
    status = full_plan["status"]
    response = client.get(reverse("admin:commitments_commitmentstatus_change", args=[status.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert "Eliminar" not in response.text and "Delete" not in response.text


def test_the_correction_action_opens_the_add_form_prefilled(client, alice, full_plan):
    client.force_login(alice)
    status = full_plan["status"]
    response = client.post(
        reverse("admin:commitments_commitmentstatus_changelist"),
        {"action": "record_correction", "_selected_action": [status.pk]},
    )
    assert response.status_code == 302
    form = client.get(response["Location"]).context["adminform"].form
    assert form.initial["commitment"] == status.commitment_id
    assert form.initial["year"] == 2025


def _correction(full_plan, **extra):
    status = full_plan["status"]
    return {
        "plan": status.plan_id,
        "commitment": status.commitment_id,
        "year": "2025",
        "status": "cumplido",
        "progress": "100",
        "correction_of": status.pk,
        **extra,
    }


def test_a_correction_is_a_new_version_with_its_reason(client, alice, full_plan):
    client.force_login(alice)
    response = client.post(
        reverse("admin:commitments_commitmentstatus_add"),
        _correction(full_plan, reason="Acta de entrega recibida"),
    )
    assert response.status_code == 302
    latest = CommitmentStatus.objects.current().get()
    assert (latest.version, latest.supersedes, latest.recorded_by) == (2, full_plan["status"], alice)


def test_a_correction_without_reason_is_refused(client, alice, full_plan):
    client.force_login(alice)
    response = client.post(reverse("admin:commitments_commitmentstatus_add"), _correction(full_plan))
    assert response.status_code == 200
    assert CommitmentStatus.objects.count() == 1


def test_a_second_first_version_is_refused(client, alice, full_plan):
    client.force_login(alice)
    data = _correction(full_plan, correction_of="")
    response = client.post(reverse("admin:commitments_commitmentstatus_add"), data)
    assert response.status_code == 200
    assert "registre una corrección" in response.text
    assert CommitmentStatus.objects.count() == 1
