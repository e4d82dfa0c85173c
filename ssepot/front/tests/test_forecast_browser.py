"""¿Llegará a la meta? in a real browser: the summary and an indicator's forecast chart are drawn, in Spanish
and English, with zero axe-core violations (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from ssepot.front.tests.test_accessibility import visit

pytestmark = pytest.mark.browser


def test_the_forecast_pages_draw_their_charts_without_violations(
    page: Any, live_server: Any, committed_demo_plan: Any, axe_violations: Any
) -> None:
    cache.clear()
    slug = committed_demo_plan.slug
    # NB: 2024 projects to the demo's 2025 targets: the chart has its projection and interval
    pages = [
        f"/planes/{slug}/2025/pronosticos/?orden=estado",
        f"/planes/{slug}/indicadores/POT-MOV-03/?anio=2024",
    ]
    found: dict[str, Any] = {}
    for language in ("es", "en"):
        if language == "en":
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        for url in pages:
            visit(page, url)
            assert page.locator("html").get_attribute("lang") == language
            if violations := axe_violations(page):
                found[f"{language} {url}"] = violations
    assert found == {}
    assert page.locator("#pronostico .chart__canvas--drawn").count() == 1
