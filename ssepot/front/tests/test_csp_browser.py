"""The Content-Security-Policy in a real Chromium: the charts draw (Vega's expression interpreter, no eval),
the API's documentation page works, and the browser reports no blocked script."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def blocked_scripts(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text
            else None
        ),
    )
    return found


def test_charts_draw_under_the_policy_without_blocked_scripts(page: Any, committed_demo_plan: Any) -> None:
    page.set_default_navigation_timeout(60_000)
    blocked = blocked_scripts(page)
    response = page.goto(f"/planes/{committed_demo_plan.slug}/2025/pot-pdd/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".chart__canvas--drawn svg")
    assert page.locator("[data-vega-error]").count() == 0
    assert page.locator(".chart__canvas--drawn").count() == page.locator(".chart__canvas").count() > 0
    page.goto(f"/planes/{committed_demo_plan.slug}/2025/indicadores/")
    page.wait_for_selector(".chart__canvas--drawn svg")
    assert page.locator("[data-vega-error]").count() == 0
    assert blocked == []


def test_the_api_documentation_works_under_the_policy(page: Any) -> None:
    blocked = blocked_scripts(page)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    assert blocked == []
