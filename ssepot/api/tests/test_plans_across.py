"""``/api/v1/planes`` and ``/api/v1/comparacion``: every plan with its department, its last publication and
its stored published headline (``ssepot.front.headlines``), filtered by department and paged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssepot.catalogue.models import Plan
from ssepot.front.data import figure_map
from ssepot.front.headlines import COMPLIANCE
from ssepot.front.tests.test_directory import make_plan, publish_towns, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(admin_user: Any) -> list[Plan]:
    return publish_towns(admin_user)


def by_slug(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["identificador"]: p for p in answer["resultados"]}


def test_the_plans_come_with_their_department_last_publication_and_published_headline(
    plans: list[Plan], client: Client
) -> None:
    answer = client.get("/api/v1/planes").json()
    assert answer["total"] == len(plans)
    plan = plans[1]
    item = by_slug(answer)[plan.slug]
    assert item["codigo_departamento"] == "05" and item["departamento"] == "ANTIOQUIA"
    assert item["ultima_publicacion"]["vigencia"] == 2025 and item["ultima_publicacion"]["numero"] == 1
    figures = {f["clave"]: f for f in item["cifras_principales"]["cifras"]}
    assert figures[COMPLIANCE]["valor"] == str(figure_map(plan, 2025)[COMPLIANCE].value)
    compared = client.get("/api/v1/comparacion", {"planes": plan.slug}).json()["resultados"][0]
    explained = {f["clave"]: f for f in compared["cifras_principales"]["cifras"]}
    assert explained[COMPLIANCE]["valor"] == figures[COMPLIANCE]["valor"]
    assert explained[COMPLIANCE]["formula"] and explained[COMPLIANCE]["insumos"]


def test_the_plans_filter_by_department_and_page(plans: list[Plan], client: Client) -> None:
    antioquia = client.get("/api/v1/planes", {"departamento": "05"}).json()
    assert set(by_slug(antioquia)) == {p.slug for p in plans if p.municipality.department_code == "05"}
    first = client.get("/api/v1/planes", {"limite": 3}).json()
    rest = client.get("/api/v1/planes", {"limite": 3, "desplazamiento": 3}).json()
    assert len(first["resultados"]) == 3 and len(rest["resultados"]) == len(plans) - 3
    assert not set(by_slug(first)) & set(by_slug(rest))


def test_a_plan_without_publications_has_no_figures(plans: list[Plan], client: Client) -> None:
    unpublished = make_plan("05001", "MEDELLÍN", "05", "ANTIOQUIA", "sin-publicar")
    report(unpublished, 4)
    item = by_slug(client.get("/api/v1/planes", {"limite": 100}).json())["sin-publicar"]
    assert item["ultima_publicacion"] is None and item["cifras_principales"] is None


def test_the_comparison_gives_the_chosen_plans_or_a_departments(plans: list[Plan], client: Client) -> None:
    chosen = client.get("/api/v1/comparacion", {"planes": f"{plans[0].slug},{plans[2].slug}"}).json()
    assert set(by_slug(chosen)) == {plans[0].slug, plans[2].slug}
    department = client.get("/api/v1/comparacion", {"departamento": "08"}).json()
    assert set(by_slug(department)) == {plans[2].slug}
    listed = by_slug(client.get("/api/v1/planes").json())[plans[2].slug]
    compared = by_slug(department)[plans[2].slug]
    assert compared["ultima_publicacion"] == listed["ultima_publicacion"]
    assert client.get("/api/v1/comparacion").json()["total"] == len(plans)
    too_many = ",".join(f"p{n}" for n in range(51))
    assert client.get("/api/v1/comparacion", {"planes": too_many}).status_code == 422
