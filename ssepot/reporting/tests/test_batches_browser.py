"""The analyst reviews an import in a real browser: the list and the batch's differences meet WCAG 2.1 AA
(axe-core), and approving with the button puts the file's value beside the one it replaces."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.actions import publish_existing
from ssepot.reporting.models import ImportBatch
from ssepot.reporting.tests.test_browser_cycle import sign_in

pytestmark = pytest.mark.browser


def test_the_analyst_sees_the_differences_and_approves_the_batch(
    transactional_db: None, page: Any, axe_violations: Any, plan: Plan, alice: Any, tmp_path: Path
) -> None:
    unit = TerritorialUnit.objects.create(plan=plan, code="01", name="Popular", kind="comuna")
    idh = Indicator.objects.create(
        plan=plan, code="ECV-IDH", name="Índice de desarrollo humano", indicator_type="R", unit="índice",
        accumulation="NoA", is_disaggregated=True,
    )  # fmt: skip
    IndicatorValue.objects.create(plan=plan, indicator=idh, year=2024, territorial_unit=unit, value="0.57")
    publish_existing(plan, 2024, actor=None, note="histórico")
    path = tmp_path / "ecv-2024.csv"
    path.write_text(
        'codigo_indicador,vigencia,codigo_unidad,valor,observacion\nECV-IDH,2024,01,"0,58",definitivo\n'
        "ECV-IDH,2025,01,0.6,\n",
        encoding="utf-8",
    )
    IndicatorValuesImporter(path, plan=plan).run()
    batch = ImportBatch.objects.get()

    sign_in(page, "alice")
    page.get_by_role("link", name="Importaciones por revisar").first.click()
    page.wait_for_url("**/reporte/importaciones/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Lote {batch.pk}").click()
    row = page.locator("tbody tr", has_text="cambiado")
    assert row.locator("td.num").nth(0).inner_text() == "0,57"
    assert row.locator("td.num").nth(1).inner_text() == "0,58"
    assert axe_violations(page) == []

    page.get_by_role("button", name="Aprobar: 1 nuevos y 1 cambiados").click()
    page.wait_for_url(f"**/reporte/importaciones/{batch.pk}/")
    assert "Lote" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []
    current = IndicatorValue.objects.current().get(indicator=idh, year=2024, territorial_unit=unit)
    assert current.value == Decimal("0.58")
