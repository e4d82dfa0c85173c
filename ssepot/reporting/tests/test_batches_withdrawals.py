"""A value an import no longer brings is withdrawn: the import stages a batch that shows it, and approving
the batch retracts it with a new version (who, when, why), never deleting it; the public sees the
retraction only when a release publishes it, and the releases' diff calls it withdrawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.indicators.models import RETRACTED, IndicatorValue
from ssepot.reporting import batches, releases
from ssepot.reporting.actions import publish
from ssepot.reporting.tests.test_import_batches import csv_file, current, staged
from ssepot.reporting.tests.test_import_batches import survey as survey  # the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey")]


def published(plan: Plan, unit: str) -> IndicatorValue:
    return IndicatorValue.objects.filter(plan=plan).published().get(territorial_unit__code=unit)


def test_a_file_whose_only_change_is_a_dropped_value_stages_a_batch_that_shows_it(
    plan: Plan, tmp_path: Path
) -> None:
    kept = current(plan, "01")
    importer = IndicatorValuesImporter(csv_file(tmp_path, f"ECV-IDH,2024,01,{kept.value},\n"), plan=plan)
    result = importer.run()
    assert importer.batch is not None, "a withdrawal is a change the analyst reviews"
    assert result.details["retirados"] == 1 and result.created == result.details["versiones nuevas"] == 0
    found = batches.differences(importer.batch)
    assert found.counts == {"nuevo": 0, "cambiado": 0, "sin cambios": 1, "retirado": 1}
    [withdrawn] = batches.shown(importer.batch, found.of(batches.WITHDRAWN))
    dropped = current(plan, "02")
    assert (withdrawn.unit, withdrawn.year, withdrawn.after) == ("02", "2024", "")
    assert withdrawn.before == batches.value_text((dropped.value, "", ""))


def test_a_file_equal_to_the_current_data_still_makes_no_batch(plan: Plan, tmp_path: Path) -> None:
    body = "".join(f"ECV-IDH,2024,{u},{current(plan, u).value},\n" for u in ("01", "02"))
    importer = IndicatorValuesImporter(csv_file(tmp_path, body), plan=plan)
    importer.run()
    assert importer.batch is None


def test_approving_retracts_a_withdrawn_value_as_a_new_version_that_only_a_release_publishes(
    plan: Plan, tmp_path: Path, alice: Any
) -> None:
    dropped, kept = current(plan, "02"), current(plan, "01")
    batch = staged(plan, csv_file(tmp_path, f"ECV-IDH,2024,01,{kept.value},\n"), actor=alice)
    approvals = batches.approve_batch(batch, actor=alice)

    retraction = current(plan, "02")
    assert (retraction.value, retraction.value_code, retraction.version) == (None, RETRACTED, 2)
    assert retraction.supersedes_id == dropped.pk and retraction.recorded_by == alice
    assert f"lote {batch.pk}" in retraction.reason and "retirado" in retraction.reason
    assert IndicatorValue.objects.filter(pk=dropped.pk).exists(), "nothing is deleted"
    assert [a.indicator_value for a in approvals] == [retraction]
    assert (approvals[0].batch, approvals[0].reported_by, approvals[0].approved_by) == (batch, alice, alice)
    assert AuditEntry.objects.get(action="aprobar lote").changes["retirado"] == 1

    assert published(plan, "02") == dropped, "the published figure waits for a release"
    release = publish(plan, 2024, actor=alice)
    assert published(plan, "02") == retraction and published(plan, "01") == kept
    [change] = releases.release_differences(plan, 2024, release.number - 1, release.number)
    assert (change["kind"], change["previous"], change["record"]) == (releases.WITHDRAWN, dropped, retraction)


def test_a_retracted_value_is_not_withdrawn_again_and_a_file_may_bring_it_back(
    plan: Plan, tmp_path: Path, alice: Any
) -> None:
    kept = current(plan, "01")
    only_kept = csv_file(tmp_path, f"ECV-IDH,2024,01,{kept.value},\n")
    batches.approve_batch(staged(plan, only_kept), actor=alice)
    again = IndicatorValuesImporter(only_kept, plan=plan)
    again.run()
    assert again.batch is None, "the same file again changes nothing"

    back = staged(plan, csv_file(tmp_path, "ECV-IDH,2024,02,0.66,\n", "vuelve.csv"))
    assert batches.differences(back).counts["cambiado"] == 1
    batches.approve_batch(back, actor=alice)
    restored = current(plan, "02")
    assert (str(restored.value), restored.value_code, restored.version) == ("0.66", "", 3)


def test_the_page_counts_the_withdrawn_values_in_the_approve_button(
    plan: Plan, tmp_path: Path, alice: Any, client: Client
) -> None:
    batch = staged(plan, csv_file(tmp_path, f"ECV-IDH,2024,01,{current(plan, '01').value},\n"))
    client.force_login(alice)
    page = client.get(f"/reporte/importaciones/{batch.pk}/").content.decode()
    assert "Aprobar: 0 nuevos, 0 cambiados y 1 retirados" in page
    assert "los retira con una versión nueva" in page
