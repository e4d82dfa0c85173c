"""The strategic framework's page in Chromium: no WCAG 2.1 AA violation (axe-core), usable at 360 px
(nothing wider than the screen but the matrix's own scrolling region) and navigable without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from ssepot.front.tests.test_accessibility import visit

pytestmark = pytest.mark.browser

YEAR = 2025


def test_the_framework_page_has_no_wcag_violations_and_fits_360_px(
    page: Any, committed_demo_plan: Any, axe_violations: Any
) -> None:
    cache.clear()
    url = f"/planes/{committed_demo_plan.slug}/{YEAR}/marco-estrategico/"
    visit(page, url)
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 360
    # An objective's link in the matrix takes the reader to that objective's links.
    first = page.locator("table.framework-matrix thead a").first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()
    assert axe_violations(page) == []
