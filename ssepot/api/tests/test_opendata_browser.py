"""The open-data page in Chromium: every download link works and axe-core finds no WCAG 2.1 AA violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_the_open_data_page_is_accessible_and_its_links_answer(
    page: Any, live_server: Any, plan: Any, axe_violations: Any
) -> None:
    from ssepot.reporting.models import Release

    Release.objects.create(plan=plan, year=2025, number=1, published_at=timezone.now())
    response = page.goto("/datos/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []
    links = page.locator("main a[href^='/datos/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 10
    for href in links:
        answer = page.request.get(href)
        assert answer.status == 200, href
