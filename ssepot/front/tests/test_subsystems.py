"""Avance de subsistemas: the engine's progress figures, the year's narrative, projects and indicators."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ssepot.catalogue.models import Subsystem, SubsystemNarrative
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.figures.compute import all_figures
from ssepot.front.tables import Link
from ssepot.indicators.models import Indicator
from ssepot.projects.models import Project, ProjectYear

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def figures(demo_plan: Any) -> dict[str, Figure]:
    return {f.key: f for f in all_figures(demo_plan, YEAR)}


def overview_url(plan: Any, query: str = "") -> str:
    return reverse("front:subsystems", args=[plan.slug, YEAR]) + query


def detail_url(plan: Any, code: str, query: str = "") -> str:
    return reverse("front:subsystem", args=[plan.slug, YEAR, code]) + query


def test_overview_shows_every_subsystem_with_the_engines_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(overview_url(demo_plan))
    assert response.status_code == 200
    subsystems = list(Subsystem.objects.filter(plan=demo_plan).order_by("system__order", "order", "code"))
    rows = response.context["table"].rows
    assert [r[0].text for r in rows] == [s.name for s in subsystems]
    for row, s in zip(rows, subsystems, strict=True):
        key = slug(s.name)
        assert row[2] == figures[f"compromisos.subsistema.{key}.cumplimiento"].value
        assert row[1] == figures[f"compromisos.subsistema.{key}.total"].value
        execution = figures.get(f"dinero.subsistema.{key}.ejecucion_pct")
        assert row[5] == (execution.value if execution else None)
        executed = figures.get(f"dinero.subsistema.{key}.ejecutado")
        assert row[4] == (Decimal(executed.value or 0) / 1_000_000 if executed else None)
        assert row[6] == Indicator.objects.filter(subsystem=s, development_plan__isnull=True).count()
    # both systems are there, each with its subsystems linked
    assert (
        "Sistemas Físico-Espaciales" in response.text
        and "Sistemas Institucionales y de Gestión" in response.text
    )


def test_the_progress_chart_draws_the_same_numbers_and_filters_by_subsystem(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    chart = client.get(overview_url(demo_plan)).context["chart"]
    movilidad = [d for d in chart["data"]["values"] if d["codigo"] == "MOV"]
    assert {d["porcentaje"] for d in movilidad} == {
        float(figures["compromisos.subsistema.movilidad.cumplimiento"].value or 0),
        float(figures["dinero.subsistema.movilidad.ejecucion_pct"].value or 0),
    }
    assert chart["usermeta"]["click"] == {"param": "subsistema", "field": "codigo"}
    rows = client.get(overview_url(demo_plan, "?subsistema=MOV")).context["table"].rows
    assert [r[0].text for r in rows] == ["Movilidad"]


def test_subsystem_page_shows_narrative_projects_and_indicators(client: Client, demo_plan: Any) -> None:
    subsystem = Subsystem.objects.get(plan=demo_plan, code="MOV")
    response = client.get(detail_url(demo_plan, "MOV"))
    assert response.status_code == 200
    narrative = SubsystemNarrative.objects.get(subsystem=subsystem, year=YEAR)
    first_words = narrative.achievements.split("\n")[0][:30].replace("*", "")
    assert first_words in response.text
    projects = response.context["project_table"].rows
    published = {
        y.project.code: y
        for y in ProjectYear.objects.published()
        .filter(project__subsystem=subsystem, year=YEAR)
        .select_related("project")
    }
    assert [r[0] for r in projects] == sorted(
        Project.objects.filter(subsystem=subsystem).values_list("code", flat=True)
    )
    for code, _name, _agency, budget, executed, _execution, physical in projects:
        if code in published:
            assert (budget, executed, physical) == (
                published[code].budget,
                published[code].executed,
                published[code].physical_progress,
            )
    indicators = [r[0] for r in response.context["indicator_table"].rows]
    assert indicators == sorted(
        Indicator.objects.filter(subsystem=subsystem, development_plan__isnull=True).values_list(
            "code", flat=True
        )
    )
    link = response.context["indicator_table"].rows[0][1]
    assert isinstance(link, Link) and f"/indicadores/{indicators[0]}/" in link.url


def test_drill_down_to_a_project_and_its_indicators(client: Client, demo_plan: Any) -> None:
    project: Any = (
        Project.objects.filter(plan=demo_plan, subsystem__code="MOV", indicators__isnull=False)
        .order_by("code")
        .first()
        or Project.objects.filter(plan=demo_plan, subsystem__code="MOV").order_by("code").first()
    )
    response = client.get(detail_url(demo_plan, "MOV", f"?proyecto={project.code}"))
    assert response.status_code == 200 and response.context["project"] == project
    history = response.context["project_history"].rows
    assert [r[0] for r in history] == sorted(
        ProjectYear.objects.published().filter(project=project).values_list("year", flat=True)
    )
    measured = [i.code for i in project.indicators.filter(development_plan__isnull=True).order_by("code")]
    assert [i["code"] for i in response.context["project_indicators"]] == measured
    assert client.get(detail_url(demo_plan, "MOV", "?proyecto=NO-EXISTE")).status_code == 404


def test_project_download_holds_every_project(client: Client, demo_plan: Any) -> None:
    response = client.get(detail_url(demo_plan, "MOV", "?descargar=proyectos.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == Project.objects.filter(plan=demo_plan, subsystem__code="MOV").count()


def test_an_unknown_subsystem_is_a_404(client: Client, demo_plan: Any) -> None:
    assert client.get(detail_url(demo_plan, "NO-EXISTE")).status_code == 404


def test_subsystem_pages_run_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(overview_url(demo_plan))
    with django_assert_max_num_queries(10):
        client.get(overview_url(demo_plan))
    with django_assert_max_num_queries(15):
        client.get(detail_url(demo_plan, "MOV"))


def test_the_filter_form_offers_only_the_filters_each_page_accepts(client: Client, demo_plan: Any) -> None:
    overview = client.get(overview_url(demo_plan)).text
    assert 'id="filtro-subsistema"' in overview
    assert 'id="filtro-unidad"' not in overview and 'id="filtro-dependencia"' not in overview
    code = Subsystem.objects.filter(plan=demo_plan).values_list("code", flat=True)[0]
    detail = client.get(detail_url(demo_plan, code)).text
    assert 'id="filtro-unidad"' in detail and 'id="filtro-dependencia"' in detail
    assert 'id="filtro-subsistema"' not in detail
