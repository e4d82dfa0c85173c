"""A batch is reviewed by someone other than who imported it when the plan separates the review's duties;
without the setting one analyst imports and approves, and an import run by the system binds no one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan
from ssepot.reporting import batches
from ssepot.reporting.models import ImportBatch
from ssepot.reporting.tests.test_import_batches import csv_file, staged
from ssepot.reporting.tests.test_import_batches import survey as survey  # the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey")]

BODY = "ECV-IDH,2024,01,0.99,\nECV-IDH,2024,02,0.61,\n"


@pytest.fixture
def second_analyst(plan: Plan) -> Any:
    from django.contrib.auth import get_user_model

    from ssepot.accounts.models import Membership

    user = get_user_model().objects.create_user(username="erin", password="secreto-de-prueba-1")
    Membership.objects.create(plan=plan, user=user, role="analista")
    return user


def separate(plan: Plan) -> None:
    plan.separate_duties = True
    plan._change_reason = "Dos niveles de aprobación"  # type: ignore[attr-defined]
    plan.save()


def test_with_separation_who_imported_a_batch_cannot_approve_it(
    plan: Plan, tmp_path: Path, alice: Any, second_analyst: Any
) -> None:
    separate(plan)
    batch = staged(plan, csv_file(tmp_path, BODY), actor=alice)
    with pytest.raises(batches.BatchRefused, match="distinta de quien lo importó"):
        batches.approve_batch(batch, actor=alice)
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PENDING and not batch.approvals.exists()
    assert not AuditEntry.objects.filter(action="aprobar lote").exists()
    assert len(batches.approve_batch(batch, actor=second_analyst)) == 1


def test_with_separation_who_imported_may_still_reject_the_batch(
    plan: Plan, tmp_path: Path, alice: Any
) -> None:
    separate(plan)
    batch = staged(plan, csv_file(tmp_path, BODY), actor=alice)
    assert batches.reject_batch(batch, actor=alice, reason="archivo equivocado").state == "rechazado"


def test_without_separation_or_for_a_system_import_the_analyst_approves(
    plan: Plan, tmp_path: Path, alice: Any
) -> None:
    assert len(batches.approve_batch(staged(plan, csv_file(tmp_path, BODY), actor=alice), actor=alice)) == 1
    separate(plan)
    system_import = staged(plan, csv_file(tmp_path, "ECV-IDH,2024,01,0.5,\nECV-IDH,2024,02,0.61,\n"))
    assert len(batches.approve_batch(system_import, actor=alice)) == 1


def test_the_page_says_why_the_importer_cannot_approve(
    plan: Plan, tmp_path: Path, alice: Any, client: Client
) -> None:
    separate(plan)
    batch = staged(plan, csv_file(tmp_path, BODY), actor=alice)
    client.force_login(alice)
    response = client.post(f"/reporte/importaciones/{batch.pk}/aprobar/", {"nota": ""}, follow=True)
    assert "aprueba el lote una persona distinta de quien lo importó" in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PENDING
