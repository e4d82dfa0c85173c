"""Public works on the portal: the subsystem's page, a project's detail and each comuna's page show the
works imported from Medellín's real SIF file on a map over the comuna boundaries, with a table beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ssepot.catalogue.models import Subsystem
from ssepot.front.data import clear_caches
from ssepot.importers.obras import ObrasImporter
from ssepot.projects.actions import assign_projects
from ssepot.projects.models import Project, Work
from ssepot.reporting.actions import publish_existing

pytestmark = pytest.mark.django_db

YEAR = 2025
ESRI = Path(__file__).parents[2] / "importers" / "tests" / "data" / "sif_obras_2024_2025_extracto.json"
SIF_MAPPING = Path(__file__).parents[2] / "importers" / "mappings" / "medellin-obras-sif.yml"


@pytest.fixture
def works(demo_plan: Any) -> list[Project]:
    """The real extract imported into the demo plan; its Popular contracts assigned to Movilidad by the
    analyst and the year published again (a published page reads the release's assignments, ADR 0006)."""
    cache.clear()
    ObrasImporter(ESRI, plan=demo_plan, mapping=SIF_MAPPING).run()
    popular = list(Project.objects.filter(plan=demo_plan, works__territorial_unit__code="01").distinct())
    analyst = get_user_model().objects.get(username="analista")
    assign_projects(
        popular, subsystem=Subsystem.objects.get(plan=demo_plan, code="MOV"), agency=None, actor=analyst
    )
    publish_existing(demo_plan, YEAR, actor=analyst, note="Obras de la Secretaría de Infraestructura Física")
    return popular


def _layers(spec: dict[str, Any]) -> dict[str, list[Any]]:
    return {layer["mark"]["type"]: layer["data"]["values"] for layer in spec["layer"]}


def test_the_subsystem_page_maps_the_works_of_its_projects(
    client: Client, demo_plan: Any, works: list[Project]
) -> None:
    response = client.get(reverse("front:subsystem", args=[demo_plan.slug, YEAR, "MOV"]))

    assert response.status_code == 200
    section = response.context["works"]
    expected = Work.objects.filter(project__in=works).count()
    assert len(section["table"].rows) == expected
    layers = _layers(section["map"])
    assert len(layers["circle"]) == expected
    assert {b["code"] for b in layers["geoshape"]} >= {"01", "11", "16"}  # every comuna drawn under them
    assert "Obras de" in response.content.decode()


def test_a_projects_detail_maps_only_its_works(client: Client, demo_plan: Any, works: list[Project]) -> None:
    project = works[0]
    url = reverse("front:subsystem", args=[demo_plan.slug, YEAR, "MOV"]) + f"?proyecto={project.code}"

    response = client.get(url)

    assert response.status_code == 200
    rows = response.context["works"]["table"].rows
    assert len(rows) == project.works.count()
    assert {r[0] for r in rows} == {project.code}


def test_a_comunas_page_shows_its_works_and_counts_each_contract_once(
    client: Client, demo_plan: Any, works: list[Project]
) -> None:
    response = client.get(reverse("front:comuna", args=[demo_plan.slug, YEAR, "11"]))

    assert response.status_code == 200
    in_unit = Work.objects.filter(plan=demo_plan, territorial_unit__code="11")
    assert len(response.context["works"]["table"].rows) == in_unit.count()
    contracts = response.context["contracts"].rows
    codes = set(in_unit.values_list("project__code", flat=True))
    assert {r[0] for r in contracts} == codes
    assert {r[4] for r in contracts} == {"sin asignar"}
    features = json.loads(ESRI.read_text(encoding="utf-8"))["features"]
    value = {str(f["attributes"]["NUMERO_CON"]): f["attributes"]["VALOR_ACTU"] for f in features}
    assert sum(r[5] for r in contracts) == sum(value[c] for c in codes)
    assert [b["code"] for b in _layers(response.context["works"]["map"])["geoshape"]] == ["11"]


def test_a_comunas_contracts_keep_the_subsystem_and_agency_of_the_years_release(
    client: Client, demo_plan: Any, works: list[Project]
) -> None:
    """A contract reassigned after the year's release stays, on the comuna's page, where the release had
    it (ADR 0006); the next release takes the new assignment in."""
    project = works[0]
    code = project.works.values_list("territorial_unit__code", flat=True).first()
    url = reverse("front:comuna", args=[demo_plan.slug, YEAR, code])
    analyst = get_user_model().objects.get(username="analista")
    other = Subsystem.objects.filter(plan=demo_plan).exclude(code="MOV").order_by("code").first()
    assert other is not None

    def shown() -> list[Any]:
        clear_caches()  # NB: the page's content is cached per publication, in the process too
        rows = client.get(url).context["contracts"].rows
        return next(r for r in rows if r[0] == project.code)

    before = shown()
    assert before[3] == Subsystem.objects.get(plan=demo_plan, code="MOV").name
    assign_projects([project], subsystem=other, agency=None, actor=analyst)
    assert shown() == before
    publish_existing(demo_plan, YEAR, actor=analyst, note="Reasignación")
    assert shown()[3] == other.name


def test_the_comunas_index_links_every_unit_and_downloads_as_csv(
    client: Client, demo_plan: Any, works: list[Project]
) -> None:
    url = reverse("front:comunas", args=[demo_plan.slug, YEAR])
    response = client.get(url)
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert (
        sum(r[2] for r in rows) == Work.objects.filter(plan=demo_plan, territorial_unit__isnull=False).count()
    )

    download = client.get(url + "?descargar=comunas.csv")
    assert download.status_code == 200
    assert "Obras" in download.content.decode("utf-8-sig")


def test_an_unknown_comuna_is_a_404(client: Client, demo_plan: Any) -> None:
    assert client.get(reverse("front:comuna", args=[demo_plan.slug, YEAR, "99"])).status_code == 404
