"""The plan's home and the two dashboards in a real Chromium: charts drawn, a click on a bar filters the page
and the URL keeps it, the filter form works, the PDD tree opens with the keyboard, zero axe violations, in
Spanish and in English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from ssepot.core.figures import quantize

pytestmark = pytest.mark.browser
YEAR = 2025
BAR = "#grafico-{key} svg .mark-rect path"


@pytest.fixture
def live_demo(committed_demo_plan: Any) -> Any:
    """The Medellín demo in the live server's database (a transactional test empties it afterwards)."""
    return committed_demo_plan


@pytest.fixture
def patient_page(page: Any) -> Any:
    """A page that waits longer for navigations: the first visit computes the year's figures (a second or
    more on a busy machine) before the cache serves them."""
    page.set_default_navigation_timeout(60_000)
    return page


def wait_for_charts(page: Any) -> None:
    page.wait_for_selector(".chart__canvas--drawn svg")
    assert page.locator("[data-vega-error]").count() == 0


def test_plan_home_and_commitments_filter_by_form_and_by_click(
    patient_page: Any, live_demo: Any, axe_violations: Any
) -> None:
    page = patient_page
    page.goto(f"/planes/{live_demo.slug}/")
    assert page.url.endswith(f"/planes/{live_demo.slug}/{YEAR}/")
    assert page.locator(".card").count() >= 10
    page.locator(".card details summary").first.click()
    assert page.locator(".card details[open] .how__formula").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Compromisos", exact=True).first.click()
    wait_for_charts(page)
    assert axe_violations(page) == []
    total = page.locator('[data-figure="compromisos.total"]').inner_text()

    # the filter form, without JavaScript's help: a GET that the URL keeps
    page.select_option("#filtro-horizonte", "corto")
    page.get_by_role("button", name="Aplicar filtros").click()
    assert parse_qs(urlparse(page.url).query)["horizonte"] == ["corto"]
    assert page.locator('[data-figure="compromisos.total"]').inner_text() != total
    page.locator(".active-filters a.chip").first.click()  # remove it
    assert "horizonte" not in page.url

    # a click on a bar of the subsystem chart filters the page by that subsystem
    wait_for_charts(page)
    page.locator(BAR.format(key="compromisos-subsistema")).first.click()
    page.wait_for_url(re.compile(r"subsistema="))
    code = parse_qs(urlparse(page.url).query)["subsistema"][0]
    chip = page.locator(".active-filters").inner_text()
    assert "Subsistema:" in chip
    rows = page.locator("#tabla-compromisos-lista tbody tr")
    assert 0 < rows.count() < 25
    assert page.locator("#filtro-subsistema").input_value() == code
    wait_for_charts(page)
    assert axe_violations(page) == []

    # and the commitment's own page
    page.locator("#tabla-compromisos-lista tbody tr th a").first.click()
    assert page.locator("h1").inner_text().startswith("Compromiso ")
    assert axe_violations(page) == []


def test_pot_pdd_tree_by_keyboard_chart_click_and_english(
    patient_page: Any, live_demo: Any, axe_violations: Any
) -> None:
    page = patient_page
    page.goto(f"/planes/{live_demo.slug}/{YEAR}/pot-pdd/")
    wait_for_charts(page)
    assert axe_violations(page) == []

    summary = page.locator("#estructura ~ ul.tree > li > details > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#estructura ~ ul.tree > li > details").first.get_attribute("open") is not None

    before = page.locator("#tabla-pdd-dinero-vigencia tbody").inner_text()
    page.locator(BAR.format(key="pdd-dinero-subsistema")).first.click()
    page.wait_for_url(re.compile(r"subsistema="))
    assert page.locator("#tabla-pdd-dinero-subsistema tbody tr").count() == 1
    assert page.locator("#tabla-pdd-dinero-vigencia tbody").inner_text() != before
    wait_for_charts(page)
    assert axe_violations(page) == []

    # English, chosen with the language form: numbers the English way
    from ssepot.figures.compute import all_figures

    compliance = {f.key: f for f in all_figures(live_demo, YEAR)}["compromisos.cumplimiento_global"].value
    assert compliance is not None
    page.goto(f"/planes/{live_demo.slug}/{YEAR}/compromisos/")
    page.select_option("#language-select", "en")
    page.locator(".language-form button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    shown = page.locator('[data-figure="compromisos.cumplimiento_global"]').inner_text()
    assert shown.startswith(f"{quantize(Decimal(compliance), 1)}")  # 92.1, not 92,1
    wait_for_charts(page)
    assert axe_violations(page) == []
