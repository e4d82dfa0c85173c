"""``/api/v1/planes/{slug}/planes-de-desarrollo/{identificador}/niveles`` gives the same published levels as
``development_figures`` at the year's cut-off, and says plainly what it cannot give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.development.models import DevelopmentPlan
from ssepot.figures.development import development_figures
from ssepot.figures.loaders import PUBLISHED


@pytest.fixture
def plan(city_tracking_plan: Any, db: None) -> Any:
    return city_tracking_plan


def url(plan: Any, pdd: str = "pdd-2020-2023") -> str:
    return f"/api/v1/planes/{plan.slug}/planes-de-desarrollo/{pdd}/niveles"


def test_the_levels_are_the_published_figures_at_the_year_s_cut_off(client: Client, plan: Any) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    figures = development_figures(pdd, 2023, dt.date(2023, 8, 31), PUBLISHED)
    response = client.get(f"{url(plan)}?vigencia=2023&nivel=plan")
    assert response.status_code == 200
    body = response.json()
    assert body["corte"] == "2023-08-31" and body["meses_transcurridos"] == 44
    assert body["plan_desarrollo"]["datos_sinteticos"] is False
    assert body["reglas"]["nombre"] == figures.rules.name
    (row,) = body["resultados"]
    head = figures.levels[0]
    assert Decimal(row["avance"]["valor"]) == head.progress.value
    assert Decimal(row["cumplimiento"]["valor"]) == head.compliance.value
    assert row["avance"]["estado"] == head.progress.status
    assert (
        "corte 2023-08-31" in row["avance"]["metodo"] and len(row["avance"]["insumos"]) == 612
    )  # program indicators
    assert len(body["inconsistencias_fuente"]) == len(figures.problems) > 0


def test_each_level_can_be_asked_for(client: Client, plan: Any) -> None:
    totals = {
        level: client.get(url(plan), {"vigencia": 2023, "nivel": level, "limite": 1}).json()["total"]
        for level in ("linea", "componente", "programa", "indicador")
    }
    assert totals == {"linea": 5, "componente": 28, "programa": 105, "indicador": 810}


def test_an_earlier_cut_off_gives_other_figures(client: Client, plan: Any) -> None:
    at_2022 = client.get(f"{url(plan)}?vigencia=2022&corte=2022-06-30&nivel=plan").json()
    at_2023 = client.get(f"{url(plan)}?vigencia=2023&nivel=plan").json()
    assert at_2022["meses_transcurridos"] == 30
    assert Decimal(at_2022["resultados"][0]["avance"]["valor"]) < Decimal(
        at_2023["resultados"][0]["avance"]["valor"]
    )


@pytest.mark.parametrize(
    ("pdd", "params", "words"),
    [
        ("nada", {"vigencia": 2023}, "No existe el plan de desarrollo «nada»"),
        ("pdd-2020-2023", {"vigencia": 2025}, "va de 2020 a 2023"),
        ("pdd-2020-2023", {"vigencia": 2022, "corte": "2023-01-01"}, "no está en la vigencia 2022"),
        ("pdd-2020-2023", {"vigencia": 2023, "nivel": "eje"}, "No existe el nivel «eje»"),
    ],
)
def test_what_does_not_exist_is_named(
    client: Client, plan: Any, pdd: str, params: dict[str, Any], words: str
) -> None:
    response = client.get(url(plan, pdd), params)
    assert response.status_code == 404
    assert words in response.json()["detalle"]
