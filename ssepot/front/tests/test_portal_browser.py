"""The indicator and subsystem pages in a real Chromium: filters, a click on a chart bar, a click on the map.

Each test has the Medellín demo committed (``committed_demo_plan``: the session's build, restored): the live
server needs committed data, and pytest-django empties the database after every browser test.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.browser

YEAR = 2025


@pytest.fixture
def demo(committed_demo_plan: Any) -> Any:
    cache.clear()
    return committed_demo_plan


def wait_for_charts(page: Any) -> None:
    """Until vega-embed has drawn every chart of the page."""
    page.wait_for_function(
        "document.querySelectorAll('[data-vega-spec]').length === "
        "document.querySelectorAll('.chart__canvas--drawn').length"
    )


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_filter_then_click_a_traffic_light_bar(page: Any, demo: Any, axe_violations: Any) -> None:
    from ssepot.figures.compute import all_figures
    from ssepot.indicators.models import Indicator

    figures = {f.key: f for f in all_figures(demo, YEAR)}
    movilidad = list(
        Indicator.objects.filter(plan=demo, subsystem__code="MOV", development_plan__isnull=True).order_by(
            "code"
        )
    )
    page.goto(f"/planes/{demo.slug}/{YEAR}/indicadores/")
    wait_for_charts(page)
    assert axe_violations(page) == []

    # the filter form works as a plain GET form
    page.get_by_label("Subsistema").select_option("MOV")
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_url(re.compile(r"subsistema=MOV"))
    codes = page.locator("#tabla-indicadores tbody tr td:first-child").all_inner_texts()
    assert codes == [i.code for i in movilidad]

    # a click on the first bar (verde comes first) keeps the subsystem and adds the light
    wait_for_charts(page)
    page.locator("#grafico-semaforos svg .mark-rect path").first.click()
    page.wait_for_url(re.compile(r"semaforo="))
    chosen = query(page)["semaforo"][0]
    assert query(page)["subsistema"] == ["MOV"]
    expected = [
        i.code for i in movilidad if (figures[f"indicador.{i.pk}.avance.{YEAR}"].status or "ND") == chosen
    ]
    assert page.locator("#tabla-indicadores tbody tr td:first-child").all_inner_texts() == expected
    assert page.locator(f"#tabla-indicadores tbody .traffic--{chosen}").count() == len(expected)
    assert page.locator(".active-filters").get_by_text("Semáforo:").count() == 1
    assert axe_violations(page) == []


def test_click_a_comuna_on_the_map_shows_its_series(page: Any, demo: Any, axe_violations: Any) -> None:
    from ssepot.catalogue.models import TerritorialUnit

    page.goto(f"/planes/{demo.slug}/indicadores/ECV-IDH/")
    wait_for_charts(page)
    shapes = page.locator("#grafico-mapa svg .mark-shape path")
    assert shapes.count() >= 21  # every comuna and corregimiento, drawn from the real boundaries
    # every shape names its unit and value for screen readers; Palmitas is big enough to click its centre
    palmitas = shapes.and_(page.locator('[aria-label$="Corregimiento de San Sebastián de Palmitas"]'))
    palmitas.click()
    page.wait_for_url(re.compile(r"unidad="))
    code = query(page)["unidad"][0]
    unit = TerritorialUnit.objects.get(plan=demo, code=code)
    assert unit.name == "Corregimiento de San Sebastián de Palmitas"
    assert page.locator("#titulo-unidad").inner_text() == f"Serie de {unit}"
    assert page.locator("#tabla-unidad tbody tr").count() >= 5
    wait_for_charts(page)
    assert axe_violations(page) == []


def test_click_a_subsystem_bar_filters_the_table_and_the_drill_down_reaches_an_indicator(
    page: Any, demo: Any, axe_violations: Any
) -> None:
    page.goto(f"/planes/{demo.slug}/{YEAR}/subsistemas/")
    wait_for_charts(page)
    page.locator("#grafico-subsistemas svg .mark-rect path").first.click()
    page.wait_for_url(re.compile(r"subsistema="))
    assert page.locator("#tabla-subsistemas tbody tr").count() == 1
    page.locator("#tabla-subsistemas tbody a").first.click()
    page.wait_for_url(re.compile(r"/subsistemas/[A-Z]+/"))
    assert axe_violations(page) == []
    page.locator("#tabla-proyectos tbody a").first.click()
    page.wait_for_url(re.compile(r"proyecto="))
    assert page.locator("#proyecto h3").is_visible()
    page.locator("#tabla-indicadores tbody a").first.click()
    page.wait_for_url(re.compile(r"/indicadores/"))
    assert page.locator("h1 .code").is_visible()
