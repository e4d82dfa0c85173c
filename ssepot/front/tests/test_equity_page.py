"""The territorial equity page: every indicator measured by comuna and corregimiento with its inequality
measures in es-CO numbers, one indicator in detail with its gaps map, linked from the plan's tabs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from ssepot.figures.equity import plan_equity_figures
from ssepot.figures.loaders import PUBLISHED
from ssepot.front.dashboards.common import number, percent

URL = "/planes/medellin/2025/equidad/"


@pytest.fixture
def figures(demo_plan: Any, db: None) -> dict[str, Any]:
    return {f.key: f for f in plan_equity_figures(demo_plan, 2025, PUBLISHED)}


def text(html: str) -> str:
    """The page's words, a non-breaking space read as a space."""
    return re.sub(r"[ \t\n\r\xa0]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_lists_each_indicator_with_its_measures_in_spanish_numbers(
    client: Client, figures: dict[str, Any]
) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Equidad territorial: vigencia 2025" in page
    for key in ("ecv_imcv", "ecv_ipm", "ecv_idh"):
        cv, gini = figures[f"equidad.{key}.cv"], figures[f"equidad.{key}.gini"]
        assert percent(cv.value, 2).replace("\xa0", " ") in page  # es-CO: 21,93 %
        assert number(gini.value, 4) in page
    assert re.search(r"\d,\d{4}", page) and not re.search(r"\b0\.\d{4}\b", page)
    assert "se cierran" in page or "se amplían" in page


def test_one_indicator_shows_its_gaps_map_and_how_each_figure_was_computed(
    client: Client, figures: dict[str, Any]
) -> None:
    html = client.get(URL, {"indicador": "ECV-IMCV"}).content.decode()
    page = text(html)
    assert "¿Cómo se calculó?" in page and "σ poblacional" in page
    assert "mapa-brechas" in html and "Mapa de brecha frente a la ciudad" in html
    gap = figures["equidad.brecha.ecv_imcv.01.ciudad"]
    assert number(gap.value, 2) in page
    assert 'data-figure="equidad.ecv_imcv.theil_entre_zonas"' in html


def test_the_plan_tabs_link_the_page_and_an_unknown_indicator_is_refused(
    client: Client, demo_plan: Any
) -> None:
    home = client.get("/planes/medellin/2025/").content.decode()
    assert 'href="/planes/medellin/2025/equidad/"' in home
    refused = client.get(URL, {"indicador": "NO-EXISTE"})
    assert refused.status_code == 400
    assert "ECV-IMCV" in refused.content.decode()


def test_the_gaps_table_downloads_as_csv(client: Client, figures: dict[str, Any]) -> None:
    response = client.get(URL, {"indicador": "ECV-IPM", "descargar": "brechas.csv"})
    assert response.status_code == 200
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Código,Unidad territorial,Zona,Valor")
    assert len(rows) == 1 + 21
