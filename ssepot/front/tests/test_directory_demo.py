"""The Medellín demo in the plans' directory and the comparison: the same headline figures as its home."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssepot.front import data
from ssepot.front.dashboards.common import figure_value
from ssepot.front.headlines import MEASURES, store_headline

pytestmark = pytest.mark.django_db


def test_the_demo_shows_in_the_directory_with_its_homes_headline(demo_plan: Any, client: Client) -> None:
    headline = store_headline(demo_plan)
    assert headline is not None
    year = headline.year
    assert year is not None and year == data.default_year(demo_plan)
    figures = data.figure_map(demo_plan, year)
    kept = [k for k in MEASURES if k in figures]
    assert [f["key"] for f in headline.figures] == kept and len(kept) >= 5
    home = client.get(f"/planes/{demo_plan.slug}/{year}/").content.decode()
    row = client.get("/planes/", {"departamento": demo_plan.municipality.department_code}).content.decode()
    compared = client.get("/planes/comparar/", {"planes": demo_plan.slug}).content.decode()
    for key in ("compromisos.cumplimiento_global", "pot.avance", "dinero.programa_ejecucion.ejecucion_pct"):
        if key in figures:
            shown = figure_value(figures[key])
            assert shown in row and shown in compared, key
    assert figure_value(figures["compromisos.cumplimiento_global"]).split("\u00a0")[0] in home
