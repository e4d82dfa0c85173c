"""Reported data is append-only: a correction is a new version with who and why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ssepot.catalogue.models import Subsystem, System
from ssepot.commitments.models import Commitment, CommitmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(plan, agencies):
    system = System.objects.create(plan=plan, code="SFE", name="Sistemas Físico-Espaciales")
    subsystem = Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")
    return Commitment.objects.create(
        plan=plan,
        code="C-001",
        description="Adoptar el plan de movilidad",
        horizon="corto",
        typology="Normativo",
        subsystem=subsystem,
        agency=agencies["movilidad"],
    )


def test_saving_an_existing_status_raises(commitment, alice):
    status = CommitmentStatus.objects.create(
        plan=commitment.plan,
        commitment=commitment,
        year=2025,
        status="en_proceso",
        progress=Decimal("40"),
        recorded_by=alice,
    )
    status.progress = Decimal("90")
    with pytest.raises(ValidationError):
        status.save()
    status.refresh_from_db()
    assert status.progress == Decimal("40")


def test_deleting_a_status_raises(commitment):
    status = CommitmentStatus.objects.create(
        plan=commitment.plan, commitment=commitment, year=2025, status="cumplido", progress=Decimal("100")
    )
    with pytest.raises(ValidationError):
        status.delete()
    assert CommitmentStatus.objects.filter(pk=status.pk).exists()


def test_correction_is_a_new_version_and_current_returns_only_it(commitment, alice):
    first = CommitmentStatus.objects.create(
        plan=commitment.plan,
        commitment=commitment,
        year=2025,
        status="en_proceso",
        progress=Decimal("40"),
        recorded_by=alice,
    )
    second = CommitmentStatus.objects.create(
        plan=commitment.plan,
        commitment=commitment,
        year=2025,
        status="cumplido",
        progress=Decimal("100"),
        recorded_by=alice,
        supersedes=first,
        reason="Acta de entrega recibida",
    )
    assert second.version == 2
    assert list(CommitmentStatus.objects.filter(commitment=commitment).current()) == [second]
    assert CommitmentStatus.objects.filter(commitment=commitment).count() == 2


def test_correction_without_reason_is_refused(commitment):
    first = CommitmentStatus.objects.create(
        plan=commitment.plan, commitment=commitment, year=2025, status="en_proceso", progress=Decimal("40")
    )
    with pytest.raises(ValidationError):
        CommitmentStatus.objects.create(
            plan=commitment.plan,
            commitment=commitment,
            year=2025,
            status="cumplido",
            progress=Decimal("100"),
            supersedes=first,
        )


def test_deleting_a_plan_removes_its_history(commitment):
    first = CommitmentStatus.objects.create(
        plan=commitment.plan, commitment=commitment, year=2025, status="en_proceso", progress=Decimal("40")
    )
    CommitmentStatus.objects.create(
        plan=commitment.plan,
        commitment=commitment,
        year=2025,
        status="cumplido",
        progress=Decimal("100"),
        supersedes=first,
        reason="x",
    )
    commitment.plan.delete()
    assert CommitmentStatus.objects.count() == 0
