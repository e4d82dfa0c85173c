"""The works maps in a real browser: drawn, with zero axe-core violations (WCAG 2.1 AA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from ssepot.front.tests.test_accessibility import visit

pytestmark = pytest.mark.browser

YEAR = 2025
DATA = Path(__file__).parents[2] / "importers"


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    """As the shared ``page``, but the site's Content-Security-Policy (no inline script) lets axe-core's
    injected script run: the policy is the site's, not what is checked here."""
    context = browser.new_context(base_url=live_server.url, locale="es-CO", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def import_works(plan: Any) -> list[Any]:
    """The works of the city's extract imported into ``plan``, their contracts assigned to mobility (MOV)
    by the analyst and the year published again; returns those contracts.

    NB: a published page reads a project's subsystem as of the year's release (ADR 0006), so the works
    assigned after the demo's release enter MOV's page with the next one. The import brings no reported
    versions to approve, so it is published as imported data is (``publish_existing``)."""
    from django.contrib.auth import get_user_model

    from ssepot.catalogue.models import Subsystem
    from ssepot.importers.obras import ObrasImporter
    from ssepot.projects.actions import assign_projects
    from ssepot.projects.models import Project
    from ssepot.reporting.actions import publish_existing

    ObrasImporter(
        DATA / "tests" / "data" / "sif_obras_2024_2025_extracto.json",
        plan=plan,
        mapping=DATA / "mappings" / "medellin-obras-sif.yml",
    ).run()
    contracts = list(Project.objects.filter(plan=plan, works__isnull=False).distinct())
    analyst = get_user_model().objects.get(username="analista")
    assign_projects(
        contracts, subsystem=Subsystem.objects.get(plan=plan, code="MOV"), agency=None, actor=analyst
    )
    publish_existing(plan, YEAR, actor=analyst, note="Obras de la Secretaría de Infraestructura Física")
    return contracts


def test_works_pages_draw_their_maps_without_wcag_violations(
    page: Any, committed_demo_plan: Any, axe_violations: Any
) -> None:
    plan = committed_demo_plan
    contracts = import_works(plan)
    cache.clear()
    base = f"/planes/{plan.slug}/{YEAR}/"
    found = {}
    for url in [
        f"{base}subsistemas/MOV/",
        f"{base}subsistemas/MOV/?proyecto={contracts[0].code}",
        f"{base}comunas/",
        f"{base}comunas/01/",
    ]:
        visit(page, url)
        assert page.locator("#grafico-mapa-obras, #grafico-mapa-obras-proyecto").count() == 1, url
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}
