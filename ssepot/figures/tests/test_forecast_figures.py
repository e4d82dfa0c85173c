"""Every POT indicator of the demo has its forecast (``pronostico.<indicador>.*``) in the year's figures and
the API, and the forecast of 2025 reads no value published after 2025's release: a 2026 value published
later leaves it as it was, while the working data of 2026 see it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.core.forecast import STATUSES
from ssepot.figures.compute import all_figures, is_headline
from ssepot.figures.forecast import forecast_key, plan_forecast_figures
from ssepot.figures.loaders import PUBLISHED, WORKING
from ssepot.indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

PARTS = ("estado", "tasa_requerida", "tasa_observada", "proyeccion", "desactualizado", "opensdg")


def pot_indicators(plan: Any) -> list[Indicator]:
    return list(Indicator.objects.filter(plan=plan, development_plan__isnull=True).order_by("code"))


def test_every_pot_indicator_has_its_forecast_among_the_years_detailed_figures(demo_plan: Any) -> None:
    figures = {f.key: f for f in all_figures(demo_plan, 2025) if f.key.startswith("pronostico.")}
    indicators = pot_indicators(demo_plan)
    assert indicators
    assert figures.keys() == {f"{forecast_key(i.code)}.{part}" for i in indicators for part in PARTS}
    states = Counter(f.status for k, f in figures.items() if k.endswith(".estado"))
    assert set(states) <= set(STATUSES) and sum(states.values()) == len(indicators)
    assert not any(is_headline(f) for f in figures.values())
    for key, figure in figures.items():
        assert figure.formula and figure.method, key


def test_the_api_lists_the_forecast_figures_with_their_formula(client: Client, demo_plan: Any) -> None:
    engine = {f.key: f for f in plan_forecast_figures(demo_plan, 2025, PUBLISHED)}
    response = client.get("/api/v1/planes/medellin/cifras", {"vigencia": "2025", "clave": "pronostico."})
    assert response.status_code == 200
    found = {f["clave"]: f for f in response.json()["resultados"]}
    assert found.keys() <= engine.keys() and found
    for key, item in found.items():
        assert item["formula"] == engine[key].formula
        assert item["estado"] == engine[key].status


def _with_series(plan: Any) -> Indicator:
    """A POT indicator with three published yearly values up to 2025 (a forecast, not «sin datos»)."""
    for indicator in pot_indicators(plan):
        years = set(
            IndicatorValue.objects.published()
            .filter(indicator=indicator, territorial_unit__isnull=True, year__lte=2025, value__isnull=False)
            .values_list("year", flat=True)
        )
        if len(years) >= 3 and indicator.targets.exists():
            return indicator
    raise AssertionError("the demo has no POT indicator with three published values")


def test_a_2026_value_published_after_the_2025_release_leaves_the_2025_forecast_unchanged(
    demo_plan: Any,
) -> None:
    from ssepot.reporting.actions import publish_existing

    indicator = _with_series(demo_plan)
    prefix = forecast_key(indicator.code)

    def forecast_of(year: int, view: Any = PUBLISHED) -> dict[str, tuple[Any, ...]]:
        return {
            f.key: (f.value, f.status, f.formula, f.inputs)
            for f in plan_forecast_figures(demo_plan, year, view)
            if f.key.startswith(prefix + ".")
        }

    before = forecast_of(2025)
    assert before[f"{prefix}.estado"][1] != "sin datos suficientes"
    IndicatorValue.objects.create(plan=demo_plan, indicator=indicator, year=2026, value=Decimal("123456"))
    publish_existing(demo_plan, 2026, actor=None, note="valor 2026 de prueba")

    assert forecast_of(2025) == before
    assert "123.456" not in forecast_of(2025)[f"{prefix}.tasa_observada"][2]
    later = forecast_of(2026, WORKING)
    assert "123.456" in later[f"{prefix}.tasa_observada"][2]
    assert "serie:2026" in {i.ref for i in later[f"{prefix}.estado"][3]}


def test_the_plans_stale_years_decide_the_flag(demo_plan: Any) -> None:
    def flagged() -> set[str]:
        # NB: 2026 in the working data: the demo's values end in 2025
        return {
            f.key
            for f in plan_forecast_figures(demo_plan, 2026, WORKING)
            if f.key.endswith(".desactualizado") and f.value == 1
        }

    assert demo_plan.stale_years == 2
    within_two_years = flagged()
    demo_plan.stale_years = 0  # a last value of 2025 is now stale in 2026
    demo_plan.save()
    assert flagged() > within_two_years
