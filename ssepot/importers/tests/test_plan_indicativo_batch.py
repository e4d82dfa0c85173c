"""A plan indicativo's achievements go through review like a CSV of values: the import writes the plan's
catalogue (levels, indicators, targets) and keeps the achievements as a batch the analyst approves or
rejects in /reporte/importaciones/; until then no figure reads them. What is withdrawn follows the CSV's
rule (the file's indicators in the file's years), so an emptied cell withdraws nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssepot.catalogue.models import Plan
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.importers.tests.test_plan_indicativo import THIRD_MAPPING
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting import batches
from ssepot.reporting.models import ImportBatch

pytestmark = pytest.mark.django_db

HEADER = ["Eje", "Prog", "Nombre del programa", "N", "Meta de producto", "Unidad", "Meta", "Logro 2024"]
ROWS = [
    ["1", "1", "Agua potable", "1", "Viviendas conectadas", "Número", "1.234,5", "300"],
    ["1", "2", "Saneamiento", "1", "Colectores construidos", "km", "12", "7"],
]


def load(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, rows: list[list[Any]], actor: Any
) -> Any:
    mapping = tmp_path / "tercera.yml"
    mapping.write_text(THIRD_MAPPING, encoding="utf-8")
    path = write_sheet([HEADER, *rows], sheet="Hoja1", name="pdm.xlsx")
    importer = PlanIndicativoImporter(path, plan=plan, mapping=str(mapping), actor=actor)
    result = importer.run()
    return importer, result


def test_the_achievements_are_a_batch_approved_in_the_imports_page_and_the_catalogue_is_written(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, alice: Any, client: Client
) -> None:
    importer, result = load(plan, write_sheet, tmp_path, ROWS, alice)
    assert Indicator.objects.filter(plan=plan).count() == 2, "the catalogue is written at once"
    assert not IndicatorValue.objects.filter(plan=plan).exists(), "no figure reads a pending batch"
    batch = importer.batch
    assert batch is not None and (batch.importer, batch.imported_by) == ("plan-indicativo", alice)
    assert (result.details["logros"], result.details["lote"]) == (2, batch.pk)
    assert batches.differences(batch).counts["nuevo"] == 2

    client.force_login(alice)
    page = client.get(f"/reporte/importaciones/{batch.pk}/").content.decode()
    assert "pdm.xlsx" in page and "Aprobar: 2 nuevos y 0 cambiados" in page
    client.post(f"/reporte/importaciones/{batch.pk}/aprobar/", {"nota": ""})
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.APPROVED
    values = IndicatorValue.objects.filter(plan=plan).current()
    assert sorted(values.values_list("indicator__code", "value")) == [
        ("1.1.1", Decimal(300)), ("1.2.1", Decimal(7))
    ]  # fmt: skip
    assert {v.approval.batch for v in values.select_related("approval__batch")} == {batch}


def test_a_rejected_batch_writes_no_achievement_and_the_same_workbook_again_makes_none(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, alice: Any
) -> None:
    importer, _ = load(plan, write_sheet, tmp_path, ROWS, alice)
    batches.reject_batch(importer.batch, actor=alice, reason="libro de otra vigencia")
    assert not IndicatorValue.objects.filter(plan=plan).exists()
    again, _ = load(plan, write_sheet, tmp_path, ROWS, alice)
    batches.approve_batch(again.batch, actor=alice)
    third, result = load(plan, write_sheet, tmp_path, ROWS, alice)
    assert third.batch is None and result.details["logros"] == 0


def test_an_emptied_achievement_cell_withdraws_nothing_as_a_csv_without_that_indicator_and_year(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, alice: Any
) -> None:
    first, _ = load(plan, write_sheet, tmp_path, ROWS, alice)
    batches.approve_batch(first.batch, actor=alice)
    emptied = [list(ROWS[0]), [*ROWS[1][:-1], ""]]
    second, result = load(plan, write_sheet, tmp_path, emptied, alice)
    assert second.batch is None and result.details["logros retirados"] == 0
    kept = IndicatorValue.objects.current().get(plan=plan, indicator__code="1.2.1")
    assert (kept.value, kept.version) == (Decimal(7), 1)
