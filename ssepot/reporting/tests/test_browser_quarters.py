"""A quarterly indicator in a real Chromium: the reporter's form asks each quarter begun at the cut-off and
shows the year as its rule combines them, and the public page shows the published quarters; axe-core checks
both (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ssepot.reporting.tests.test_browser_cycle import sign_in

pytestmark = pytest.mark.browser


def test_a_quarterly_indicator_is_reported_by_quarter_and_shown_by_quarter(
    transactional_db: None, page: Any, axe_violations: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    from ssepot.front.data import clear_caches
    from ssepot.indicators.models import Indicator, IndicatorTarget
    from ssepot.reporting import actions
    from ssepot.reporting.models import Assignment

    indicator: Indicator = catalogue["indicator"]
    indicator.frequency, indicator.accumulation = Indicator.Frequency.QUARTERLY, "NoA"
    indicator.save()
    for quarter in (1, 2, 3, 4):
        IndicatorTarget.objects.create(
            plan=indicator.plan, indicator=indicator, year=2025, period=quarter, value=10
        )
    period = actions.open_period(
        indicator.plan, 2025, dt.date(2025, 6, 30), dt.date(2025, 7, 31), actor=alice
    )
    a = Assignment.objects.get(period=period, indicator=indicator)

    sign_in(page, "bob")
    page.goto(f"/reporte/asignacion/{a.pk}/")
    page.get_by_label("T1 (enero a marzo): total de la ciudad (km), meta 10").fill("4,5")
    page.get_by_label("T2 (abril a junio): total de la ciudad (km), meta 10").fill("6")
    assert page.get_by_label("T3 (julio a septiembre): total de la ciudad (km), meta 10").count() == 0
    page.get_by_role("button", name="Guardar borrador").click()
    # the inline save swaps the entry: the year as the rule combines the two quarters saved
    page.locator("#entry-combined", has_text="2 de 4 trimestres").wait_for()
    assert "suma de T1 + T2 = 4,5 + 6 = 10,5" in page.locator("#entry-combined").inner_text()
    assert axe_violations(page) == []

    a.refresh_from_db()
    a = actions.validate(actions.submit(a, actor=bob, expected_revision=a.revision), actor=alice)
    actions.approve(a, actor=alice)
    actions.publish(indicator.plan, 2025, actor=alice, note="Primer semestre 2025")
    clear_caches()
    page.goto(f"/planes/{indicator.plan.slug}/indicadores/POT-MOV-01/?anio=2025")
    assert "2025 parcial: 2 de 4 trimestres reportados" in page.locator(".partial-note").inner_text()
    table = page.locator("table.data", has_text="por periodo")
    assert "2025-T2" in table.inner_text()
    assert axe_violations(page) == []
