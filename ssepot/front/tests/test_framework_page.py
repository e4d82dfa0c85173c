"""The strategic framework's public page (``/planes/<slug>/<year>/marco-estrategico/``): every element of
the demo's catalogue, the methodology's phase statuses of the year, the variables × objectives matrix and
each objective's links, counted from the database, never from hard-coded figures."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ssepot.catalogue.models import FrameworkElement, PhaseStatus, StudyVariable
from ssepot.indicators.models import Indicator

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def page(client: Client, demo_plan: Any) -> str:
    cache.clear()
    response = client.get(reverse("front:marco_estrategico", args=[demo_plan.slug, YEAR]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_framework_element_has_its_anchor_in_the_tree(page: str, demo_plan: Any) -> None:
    elements = list(FrameworkElement.objects.filter(plan=demo_plan))
    assert elements, "the demo has a strategic framework"
    for element in elements:
        assert f'id="{_section(element)}-{element.code}"' in page, element
        assert f'href="#{_section(element)}-{element.code}"' in page, element
    kinds = {e.kind for e in elements}
    assert kinds == set(FrameworkElement.Kind.values)
    assert page.count('<summary><span class="framework-code">') == len(elements)


def test_each_phase_shows_its_status_of_the_year(page: str, demo_plan: Any) -> None:
    statuses = list(PhaseStatus.objects.filter(plan=demo_plan, year=YEAR).select_related("phase"))
    assert statuses
    for status in statuses:
        item = re.search(rf'<li id="fase-{status.phase.number}">(.*?)</li>', page, re.S)
        assert item is not None, status.phase
        assert status.phase.name in item.group(1)
        assert f"{status.get_status_display()} al cierre de {YEAR}" in " ".join(item.group(1).split())


def test_the_matrix_marks_exactly_the_catalogue_links(page: str, demo_plan: Any) -> None:
    objectives = FrameworkElement.objects.filter(plan=demo_plan, kind="objetivo").count()
    variables = StudyVariable.objects.filter(plan=demo_plan)
    links = StudyVariable.objectives.through.objects.filter(studyvariable__plan=demo_plan).count()
    table = re.search(r'<table class="data framework-matrix">(.*?)</table>', page, re.S)
    assert table is not None
    html = table.group(1)
    assert "<caption" in html
    assert html.count('<th scope="col">') == objectives + 1
    assert html.count('<th scope="row">') == variables.count()
    assert html.count('class="visually-hidden">vinculada<') == links
    assert html.count("no vinculada") == variables.count() * objectives - links
    for variable in variables:
        assert f'href="#variable-{variable.code}"' in html
        assert f'id="variable-{variable.code}"' in page


def test_each_objective_lists_its_indicators_and_variables_or_says_it_has_none(
    page: str, demo_plan: Any
) -> None:
    for objective in FrameworkElement.objects.filter(plan=demo_plan, kind="objetivo"):
        section = re.search(
            rf'<section class="framework-objective" aria-labelledby="detalle-objetivos-{objective.code}">'
            r"(.*?)</section>",
            page,
            re.S,
        )
        assert section is not None, objective
        html = section.group(1)
        indicators = Indicator.objects.filter(objectives=objective)
        variables = StudyVariable.objects.filter(objectives=objective)
        if not indicators.exists() and not variables.exists():
            assert "Sin vínculos" in html
        for indicator in indicators:
            assert indicator.code in html
        for variable in variables:
            assert f'href="#variable-{variable.code}"' in html


def test_the_plan_navigation_links_the_page(client: Client, demo_plan: Any) -> None:
    cache.clear()
    home = client.get(reverse("front:plan", args=[demo_plan.slug, YEAR])).content.decode()
    assert f'href="/planes/{demo_plan.slug}/{YEAR}/marco-estrategico/' in home


def test_the_page_speaks_english(client: Client, demo_plan: Any) -> None:
    cache.clear()
    client.cookies["django_language"] = "en"
    response = client.get(reverse("front:marco_estrategico", args=[demo_plan.slug, YEAR]))
    assert response.status_code == 200
    assert "Strategic framework" in response.content.decode()


def test_an_unknown_plan_answers_404(client: Client, db: None) -> None:
    response = client.get(reverse("front:marco_estrategico", args=["no-existe", YEAR]))
    assert response.status_code == 404


def _section(element: FrameworkElement) -> str:
    from ssepot.front.framework import SECTION_IDS

    return SECTION_IDS[FrameworkElement.Kind(element.kind)]


def test_an_objective_without_links_says_so(client: Client, demo_plan: Any) -> None:
    objective = FrameworkElement.objects.filter(plan=demo_plan, kind="objetivo").first()
    assert objective is not None
    objective.variables.clear()
    objective.indicators.clear()
    cache.clear()
    html = client.get(reverse("front:marco_estrategico", args=[demo_plan.slug, YEAR])).content.decode()
    section = re.search(rf'aria-labelledby="detalle-objetivos-{objective.code}">(.*?)</section>', html, re.S)
    assert section is not None
    assert (
        "Sin vínculos: el catálogo no relaciona indicadores ni variables con este objetivo."
        in section.group(1)
    )
