"""¿Llegará a la meta?: the summary page counts the POT indicators by forecast status with es-CO numbers and
filters and sorts them; each indicator's page shows its forecast with the chart and how it was computed;
the battery flags stale data."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from ssepot.core.forecast import NOT_ENOUGH, OFF_TRACK, ON_TRACK, STALE
from ssepot.figures.forecast import forecast_key, plan_forecast_figures
from ssepot.figures.loaders import PUBLISHED
from ssepot.front.dashboards.common import number
from ssepot.indicators.models import Indicator

URL = "/planes/medellin/2025/pronosticos/"


@pytest.fixture
def figures(demo_plan: Any, db: None) -> dict[str, Any]:
    return {f.key: f for f in plan_forecast_figures(demo_plan, 2025, PUBLISHED)}


def text(html: str) -> str:
    return re.sub(r"[ \t\n\r\xa0]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_summary_counts_the_indicators_by_status_in_spanish(
    client: Client, figures: dict[str, Any]
) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "¿Llegará a la meta?" in page and "vigencia 2025" in page
    states = Counter(f.status for k, f in figures.items() if k.endswith(".estado"))
    for status, label in (
        (ON_TRACK, "En camino"),
        (OFF_TRACK, "Fuera de camino"),
        (NOT_ENOUGH, "Sin datos suficientes"),
    ):
        assert f"{label} : {states[status]}" in page
    stale = sum(f.status == STALE for k, f in figures.items() if k.endswith(".desactualizado"))
    assert f"Dato desactualizado: {stale}" in page
    # es-CO numbers: a projection with two decimals is written with a decimal comma
    projection = next(f for k, f in figures.items() if k.endswith(".proyeccion") and f.value is not None)
    assert number(projection.value, 2) in page
    assert not re.search(r"\b\d+\.\d{2}\b(?! %)", page.split("Indicadores por estado")[1])


def test_the_status_filter_keeps_only_its_indicators_and_an_unknown_one_is_refused(
    client: Client, figures: dict[str, Any]
) -> None:
    on_track = sum(f.status == ON_TRACK for k, f in figures.items() if k.endswith(".estado"))
    page = text(client.get(URL, {"estado": "en_camino"}).content.decode())
    assert re.search(rf"Se muestran? {on_track} con el estado elegido", page)
    assert "Fuera de camino</td>" not in client.get(URL, {"estado": "en_camino"}).content.decode()
    assert client.get(URL, {"estado": "quizas"}).status_code == 400


def test_the_table_sorts_by_status(client: Client, figures: dict[str, Any]) -> None:
    html = client.get(URL, {"orden": "estado"}).content.decode()
    cells = re.findall(r"<td>(En camino|Fuera de camino|Sin datos suficientes)</td>", html)
    order = {"En camino": 0, "Fuera de camino": 1, "Sin datos suficientes": 2}
    assert cells and [order[c] for c in cells] == sorted(order[c] for c in cells)
    assert client.get(URL, {"orden": "azar"}).status_code == 400


def test_an_indicators_page_shows_its_forecast_chart_and_how_it_was_computed(
    client: Client, demo_plan: Any, db: None
) -> None:
    # NB: the demo's targets end in 2025: the 2024 forecast projects one year ahead, with its interval
    figures = {f.key: f for f in plan_forecast_figures(demo_plan, 2024, PUBLISHED)}
    indicators = Indicator.objects.filter(plan__slug="medellin", development_plan__isnull=True)
    # one projected past the year, with its interval
    item = next(
        i
        for i in indicators
        if "intervalo:bajo" in {x.ref for x in figures[f"{forecast_key(i.code)}.proyeccion"].inputs}
    )
    key = forecast_key(item.code)
    response = client.get(f"/planes/medellin/indicadores/{item.code}/", {"anio": "2024"})
    html = response.content.decode()
    assert "¿Llegará a la meta?" in html and 'id="pronostico"' in html
    for part in ("estado", "tasa_requerida", "tasa_observada", "proyeccion"):
        assert f'data-figure="{key}.{part}"' in html
        assert escape(figures[f"{key}.{part}"].formula) in html
    # the chart draws the engine's projection and interval at the horizon; the horizon is written as a year
    projection = figures[f"{key}.proyeccion"]
    bounds: dict[str, Any] = {i.ref: i.value for i in projection.inputs}
    layers = response.context["forecast"]["chart"]["layer"]
    drawn = [r for layer in layers for r in layer.get("data", {}).get("values", [])]
    rows = response.context["forecast"]["chart"]["data"]["values"]
    assert {"anio": bounds["horizonte"], "serie": "Proyección", "valor": float(projection.value or 0)} in rows
    assert {"anio": bounds["horizonte"], "bajo": float(bounds["intervalo:bajo"]),
            "alto": float(bounds["intervalo:alto"])} in drawn  # fmt: skip
    assert f"Año de la meta: {bounds['horizonte']}<" in html


def test_the_battery_flags_stale_data(client: Client, figures: dict[str, Any]) -> None:
    stale = sum(f.status == STALE for k, f in figures.items() if k.endswith(".desactualizado"))
    html = client.get("/planes/medellin/2025/indicadores/", {"descargar": "indicadores.csv"}).content.decode()
    assert html.count("Dato desactualizado") == stale
    assert "Actualidad del dato" in html
