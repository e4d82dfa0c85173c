"""The API lists the territorial equity figures (``clave=equidad.``) as the engine computes them, and a year's
equity is pinned to its release: a correction of 2024 published after the 2025 release does not move it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.figures.equity import plan_equity_figures
from ssepot.figures.loaders import PUBLISHED, WORKING
from ssepot.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

KEY = "equidad.ecv_imcv.gini"


def test_the_api_lists_the_equity_figures_with_their_formula(client: Client, demo_plan: Any) -> None:
    engine = {f.key: f for f in plan_equity_figures(demo_plan, 2025, PUBLISHED)}
    response = client.get(
        "/api/v1/planes/medellin/cifras", {"vigencia": "2025", "clave": "equidad.ecv_imcv."}
    )
    assert response.status_code == 200
    found = {f["clave"]: f for f in response.json()["resultados"]}
    assert Decimal(found[KEY]["valor"]) == engine[KEY].value
    assert found[KEY]["formula"] == engine[KEY].formula and "2 n² μ" in found[KEY]["formula"]
    assert {"equidad.ecv_imcv.cv", "equidad.ecv_imcv.theil_entre_zonas"} <= found.keys()


def test_a_correction_published_after_the_years_release_does_not_move_its_equity(demo_plan: Any) -> None:
    from ssepot.reporting.actions import publish_existing

    before = {f.key: f.value for f in plan_equity_figures(demo_plan, 2025, PUBLISHED)}[KEY]
    popular = IndicatorValue.objects.published().get(
        plan=demo_plan, indicator__code="ECV-IMCV", year=2024, territorial_unit__code="01"
    )
    assert popular.value is not None
    IndicatorValue.objects.create(
        plan_id=popular.plan_id,
        indicator=popular.indicator,
        year=2024,
        territorial_unit=popular.territorial_unit,
        value=popular.value + 20,
        supersedes=popular,
        reason="corrección de prueba",
    )
    working = {f.key: f.value for f in plan_equity_figures(demo_plan, 2025, WORKING)}[KEY]
    assert working != before  # the poorest comuna closer to the others: the working data see it
    publish_existing(demo_plan, 2024, actor=None, note="corrección de 2024")
    assert {f.key: f.value for f in plan_equity_figures(demo_plan, 2025, PUBLISHED)}[KEY] == before
    assert {f.key: f.value for f in plan_equity_figures(demo_plan, 2024, PUBLISHED)}[
        "equidad.ecv_imcv.gini"
    ] == working
