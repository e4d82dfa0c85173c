"""The POT's own levels on the public pages (issue 13): each subsystem's page shows its physical progress
(with its traffic light), compliance and programmed progress computed from its indicators, and the
subsystems' page shows each system's and the whole plan's, each with "¿Cómo se calculó?"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify

from ssepot.catalogue.models import Subsystem, System
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.figures.compute import all_figures
from ssepot.front.dashboards.common import figure_value
from ssepot.front.data import clear_caches
from ssepot.front.tables import traffic_label

pytestmark = pytest.mark.django_db

YEAR = 2025
MEASURES = ("avance", "cumplimiento", "programado")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()
    clear_caches()


@pytest.fixture
def figures(demo_plan: Any) -> dict[str, Figure]:
    return {f.key: f for f in all_figures(demo_plan, YEAR)}


def card(page: str, figure: Figure) -> str:
    """The card of ``figure`` on ``page`` (from its value to the end of its explanation)."""
    start = page.index(f'data-figure="{figure.key}"')
    return page[start : page.index("</details>", start)]


def assert_level_shown(page: str, figures: dict[str, Figure], stem: str) -> None:
    for measure in MEASURES:
        figure = figures[f"{stem}.{measure}"]
        shown = card(page, figure)
        assert f">{escape(figure_value(figure))}</p>" in shown, figure.key
        assert "¿Cómo se calculó?" in shown and escape(figure.formula) in shown, figure.key
        assert escape(figure.method) in shown, figure.key
    progress = figures[f"{stem}.avance"]
    assert f'data-light="{progress.status}"' in card(page, progress)
    assert escape(str(traffic_label(progress.status))) in card(page, progress)


def test_each_subsystems_page_shows_its_indicators_levels(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    subsystems = [
        s
        for s in Subsystem.objects.filter(plan=demo_plan)
        if f"pot.subsistema.{slug(s.code)}.avance" in figures
    ]
    assert subsystems, "the demo's POT indicators belong to subsystems"
    for s in subsystems[:3]:
        page = client.get(reverse("front:subsystem", args=[demo_plan.slug, YEAR, s.code])).text
        assert "Avance de sus indicadores" in page
        assert_level_shown(page, figures, f"pot.subsistema.{slug(s.code)}")
        others = [o for o in subsystems if o.pk != s.pk]
        assert f'data-figure="pot.subsistema.{slug(others[0].code)}.avance"' not in page, "its own only"


def test_the_subsystems_page_shows_each_system_and_the_whole_pot(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    page = client.get(reverse("front:subsystems", args=[demo_plan.slug, YEAR])).text
    systems = list(System.objects.filter(plan=demo_plan))
    assert len(systems) == 2
    for system in systems:
        assert_level_shown(page, figures, f"pot.sistema.{slug(system.code)}")
    assert_level_shown(page, figures, "pot")
    # each system's figures sit in its own section
    for system in systems:
        section = page[page.index(f'id="sistema-{slugify(system.code)}"') :]
        assert section.index(f'data-figure="pot.sistema.{slug(system.code)}.avance"') < section.index(
            "</section>"
        )


def test_a_subsystem_without_indicators_shows_no_levels(client: Client, demo_plan: Any) -> None:
    system = System.objects.filter(plan=demo_plan).first()
    assert system is not None
    Subsystem.objects.create(plan=demo_plan, system=system, code="VACIO", name="Sin indicadores", order=99)
    page = client.get(reverse("front:subsystem", args=[demo_plan.slug, YEAR, "VACIO"])).text
    assert "Avance de sus indicadores" not in page and 'data-figure="pot.' not in page
