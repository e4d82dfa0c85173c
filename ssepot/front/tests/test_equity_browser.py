"""The territorial equity page in a real browser: its gaps map is drawn and axe-core finds no WCAG 2.1 AA
violation, with the summary and with one indicator open."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.browser


def test_the_equity_page_draws_its_map_with_no_wcag_aa_violations(
    page: Any, committed_demo_plan: Any, axe_violations: Any
) -> None:
    cache.clear()
    found = {}
    for query in ("", "?indicador=ECV-IPM"):
        url = f"/planes/{committed_demo_plan.slug}/2025/equidad/{query}"
        # NB: the first visit computes the year's figures (cold cache): allow for a busy machine
        response = page.goto(url, timeout=90_000)
        assert response is not None and response.status == 200, url
        page.wait_for_function(
            "document.querySelectorAll('[data-vega-spec]').length > 0 && "
            "document.querySelectorAll('[data-vega-spec]').length === "
            "document.querySelectorAll('.chart__canvas--drawn').length",
            timeout=30_000,
        )
        assert page.locator("[data-vega-error]").count() == 0, url
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}
