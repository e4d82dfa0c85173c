"""The publications page in Chromium, anonymous, in Spanish and English: no axe-core WCAG 2.1 AA violation."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_the_publications_page_has_no_wcag_aa_violations(
    page: Any, live_server: Any, committed_demo_plan: Any, axe_violations: Any
) -> None:
    url = f"/planes/{committed_demo_plan.slug}/publicaciones/"
    found = {}
    for language in ("es", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".publication").count() > 0
        if violations := axe_violations(page):
            found[language] = violations
    assert found == {}
