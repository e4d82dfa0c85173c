"""Every public page of the portal, in Spanish and in English, with zero axe-core violations (WCAG 2.1 AA),
its charts drawn; the filter form and the charts' export menus are reachable with the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.browser

YEAR = 2025


@pytest.fixture
def demo(committed_demo_plan: Any) -> Any:
    cache.clear()
    return committed_demo_plan


def public_pages(plan: Any) -> list[str]:
    from ssepot.commitments.models import Commitment

    commitment = Commitment.objects.filter(plan=plan).order_by("code").first()
    assert commitment is not None
    base = f"/planes/{plan.slug}/{YEAR}/"
    return [
        "/",
        base,
        f"{base}compromisos/",
        f"{base}compromisos/{commitment.code}/",
        f"{base}pot-pdd/",
        f"{base}subsistemas/",
        f"{base}subsistemas/MOV/",
        f"{base}subsistemas/MOV/?proyecto=PE-MOV-01",
        f"{base}indicadores/",
        f"{base}indicadores/?semaforo=verde&q=area",
        f"/planes/{plan.slug}/indicadores/POT-MOV-03/",
        f"/planes/{plan.slug}/indicadores/ECV-IDH/",  # disaggregated: the map
        f"/planes/{plan.slug}/indicadores/ECV-IMCV/?unidad=14",
        f"/planes/{plan.slug}/indicadores/POT-EQU-01/",
        f"/planes/{plan.slug}/2023/plan-de-desarrollo/",  # the real plan 2020-2023, at its 31 August cut-off
        f"{base}plan-de-desarrollo/",
    ]


def visit(page: Any, url: str) -> None:
    # NB: the first visit of a page computes the year's figures (cold cache): allow for a busy machine
    response = page.goto(url, timeout=60_000)
    assert response is not None and response.status == 200, url
    page.wait_for_function(
        "document.querySelectorAll('[data-vega-spec]').length === "
        "document.querySelectorAll('.chart__canvas--drawn').length",
        timeout=30_000,
    )
    assert page.locator("[data-vega-error]").count() == 0, url


def test_every_public_page_has_no_wcag_aa_violations_in_spanish_and_english(
    page: Any, live_server: Any, demo: Any, axe_violations: Any
) -> None:
    pages = public_pages(demo)
    found: dict[str, Any] = {}
    for url in pages:
        visit(page, url)
        assert page.locator("html").get_attribute("lang") == "es"
        if violations := axe_violations(page):
            found[f"es {url}"] = violations
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for url in pages:
        visit(page, url)
        assert page.locator("html").get_attribute("lang") == "en"
        if violations := axe_violations(page):
            found[f"en {url}"] = violations
    assert found == {}


def focus_by_tab(page: Any, selector: str, presses: int = 80) -> bool:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def test_keyboard_reaches_the_filters_and_the_chart_export_menu(page: Any, demo: Any) -> None:
    visit(page, f"/planes/{demo.slug}/{YEAR}/indicadores/")
    assert focus_by_tab(page, "#filtro-q")
    assert focus_by_tab(page, "#grafico-semaforos summary")  # vega-embed's menu: PNG and SVG downloads
    page.keyboard.press("Enter")
    menu = page.locator("#grafico-semaforos .vega-actions")
    assert menu.get_by_text("Descargar como PNG").is_visible()
    assert menu.get_by_text("Descargar como SVG").is_visible()
    visit(page, f"/planes/{demo.slug}/indicadores/ECV-IDH/")
    assert focus_by_tab(page, "#grafico-mapa summary", presses=200)
