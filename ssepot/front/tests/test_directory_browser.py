"""The plans' directory and the comparison in a real browser: no axe-core violation (WCAG 2.1 AA) in
Spanish and English, and a click on a column's header sorts the plans without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from ssepot.front.tests.test_directory import publish_towns

pytestmark = pytest.mark.browser

PAGES = ("/planes/", "/planes/?departamento=05&orden=-cumplimiento", "/planes/comparar/?departamento=05")


def test_the_directory_and_the_comparison_have_no_wcag_aa_violations(
    page: Any, live_server: Any, admin_user: Any, axe_violations: Any
) -> None:
    publish_towns(admin_user)
    found: dict[str, Any] = {}
    for language in ("es", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for url in PAGES:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            if violations := axe_violations(page):
                found[f"{language} {url}"] = violations
    assert found == {}


def test_a_column_header_sorts_the_plans(page: Any, admin_user: Any) -> None:
    publish_towns(admin_user)
    page.goto("/planes/")
    page.get_by_role("link", name="Cumplimiento de los compromisos").click()
    page.wait_for_url("**orden=cumplimiento**")
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    header.get_by_role("link").click()
    page.wait_for_url("**orden=-cumplimiento**")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
