"""``/ogc/``: OGC API - Features Part 1 (Core, GeoJSON, OpenAPI 3.0) over the demo's territorial units and
projects, checked against the standard's requirements (links and their types, paging, bbox, errors) and
against the database (the units' boundaries, the projects' published year, their works)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from shapely.geometry import box, shape

from ssepot.api.ogc import CONFORMANCE
from ssepot.api.ogc_openapi import definition
from ssepot.catalogue.models import TerritorialUnit
from ssepot.front.data import default_year
from ssepot.importers.obras import ObrasImporter
from ssepot.projects.models import Project, ProjectYear, Work

pytestmark = pytest.mark.django_db

GEOJSON = "application/geo+json"
ESRI = Path(__file__).parents[2] / "importers" / "tests" / "data" / "sif_obras_2024_2025_extracto.json"
SIF_MAPPING = Path(__file__).parents[2] / "importers" / "mappings" / "medellin-obras-sif.yml"


def get(client: Client, path: str, **query: Any) -> Any:
    response = client.get(path, query)
    assert response.status_code == 200, response.content
    return response


def rels(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {link["rel"]: link for link in document["links"]}


def test_the_landing_page_links_to_its_definition_conformance_and_collections(
    client: Client, demo_plan: Any
) -> None:
    landing = get(client, "/ogc/")
    assert landing["Content-Type"] == "application/json"
    links = rels(landing.json())
    assert links["self"]["href"].endswith("/ogc/")
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert links["conformance"]["type"] == links["data"]["type"] == "application/json"
    for rel in ("service-desc", "conformance", "data"):
        assert client.get(links[rel]["href"]).status_code == 200
    conformance = get(client, "/ogc/conformance").json()["conformsTo"]
    assert set(conformance) == set(CONFORMANCE) and len(CONFORMANCE) == 3
    assert all(c.endswith(("/conf/core", "/conf/geojson", "/conf/oas30")) for c in conformance)


def test_the_definition_is_openapi_3_0_and_names_every_route(client: Client, demo_plan: Any) -> None:
    from jsonschema import Draft4Validator
    from schemathesis.specs.openapi.definitions import OPENAPI_30  # the OpenAPI 3.0 meta-schema

    document = get(client, "/ogc/api").json()
    Draft4Validator(OPENAPI_30).validate(document)
    assert document["openapi"].startswith("3.0")
    assert set(document["paths"]) == {
        "/",
        "/conformance",
        "/api",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
    }
    assert document == definition(document["servers"][0]["url"])


def test_each_plan_offers_its_units_and_projects_with_the_units_extent(
    client: Client, demo_plan: Any
) -> None:
    document = get(client, "/ogc/collections").json()
    assert rels(document)["self"]["href"].endswith("/ogc/collections")
    by_id = {c["id"]: c for c in document["collections"]}
    assert {f"{demo_plan.slug}-unidades", f"{demo_plan.slug}-proyectos"} <= set(by_id)
    units = by_id[f"{demo_plan.slug}-unidades"]
    links = rels(units)
    assert links["items"]["type"] == GEOJSON and links["self"]["type"] == "application/json"
    bounds = [
        shape(g).bounds
        for g in TerritorialUnit.objects.filter(plan=demo_plan).values_list("geometry", flat=True)
        if g
    ]
    expected = [
        min(b[0] for b in bounds),
        min(b[1] for b in bounds),
        max(b[2] for b in bounds),
        max(b[3] for b in bounds),
    ]
    [extent] = units["extent"]["spatial"]["bbox"]
    assert extent == pytest.approx(expected, abs=1e-5)
    assert get(client, f"/ogc/collections/{units['id']}").json() == units


def test_the_units_come_in_pages_that_link_to_each_other(client: Client, demo_plan: Any) -> None:
    codes = list(
        TerritorialUnit.objects.filter(plan=demo_plan).order_by("code").values_list("code", flat=True)
    )
    assert len(codes) > 10
    first = get(client, f"/ogc/collections/{demo_plan.slug}-unidades/items")
    assert first["Content-Type"] == GEOJSON
    page = first.json()
    assert page["type"] == "FeatureCollection"
    assert (page["numberMatched"], page["numberReturned"]) == (len(codes), 10)
    assert "prev" not in rels(page) and rels(page)["collection"]["type"] == "application/json"
    seen = []
    while True:
        seen += [f["id"] for f in page["features"]]
        assert all(f["type"] == "Feature" and f["properties"]["codigo"] == f["id"] for f in page["features"])
        links = rels(page)
        assert links["self"]["type"] == GEOJSON
        if "next" not in links:
            break
        page = client.get(links["next"]["href"]).json()
        assert "prev" in rels(page)
    assert seen == codes
    everything = get(client, f"/ogc/collections/{demo_plan.slug}-unidades/items", limit=1000).json()
    assert everything["numberReturned"] == len(codes) and "next" not in rels(everything)


def test_a_bbox_keeps_the_units_it_touches(client: Client, demo_plan: Any) -> None:
    unit = TerritorialUnit.objects.filter(plan=demo_plan, geometry__isnull=False).order_by("code").first()
    assert unit is not None
    x, y = shape(unit.geometry).representative_point().coords[0]
    area = box(x - 0.001, y - 0.001, x + 0.001, y + 0.001)
    expected = sorted(
        code
        for code, geometry in TerritorialUnit.objects.filter(plan=demo_plan).values_list("code", "geometry")
        if geometry and shape(geometry).intersects(area)
    )
    found = get(
        client,
        f"/ogc/collections/{demo_plan.slug}-unidades/items",
        bbox=",".join(str(c) for c in area.bounds),
        limit=100,
    ).json()
    assert unit.code in expected
    assert sorted(f["id"] for f in found["features"]) == expected
    assert found["numberMatched"] == len(expected) < TerritorialUnit.objects.filter(plan=demo_plan).count()
    assert "bbox=" in rels(found)["self"]["href"]
    nowhere = get(client, f"/ogc/collections/{demo_plan.slug}-unidades/items", bbox="0,0,1,1").json()
    assert nowhere["numberMatched"] == 0 and nowhere["features"] == []


def test_a_unit_is_a_feature_with_its_boundary(client: Client, demo_plan: Any) -> None:
    unit = TerritorialUnit.objects.filter(plan=demo_plan, geometry__isnull=False).order_by("code").last()
    assert unit is not None
    response = get(client, f"/ogc/collections/{demo_plan.slug}-unidades/items/{unit.code}")
    assert response["Content-Type"] == GEOJSON
    feature = response.json()
    assert (feature["id"], feature["properties"]["nombre"]) == (unit.code, unit.name)
    assert shape(feature["geometry"]).symmetric_difference(shape(unit.geometry)).area < 1e-8
    assert rels(feature)["collection"]["href"].endswith(f"/ogc/collections/{demo_plan.slug}-unidades")


def test_projects_show_their_published_year_and_their_works(client: Client, demo_plan: Any) -> None:
    ObrasImporter(ESRI, plan=demo_plan, mapping=SIF_MAPPING).run()
    year = default_year(demo_plan)
    assert year is not None
    published = ProjectYear.objects.published().filter(plan=demo_plan, year=year).select_related("project")
    shown = published.order_by("project__code").first()
    assert shown is not None
    # NB: a correction not yet published must not show
    ProjectYear.objects.create(
        plan=demo_plan,
        project=shown.project,
        year=shown.year,
        budget=shown.budget + 1_000,
        executed=shown.executed,
        supersedes=shown,
        reason="corrección sin publicar",
    )
    collection = f"/ogc/collections/{demo_plan.slug}-proyectos"
    feature = get(client, f"{collection}/items/{shown.project.code}").json()
    assert feature["properties"]["vigencia"] == year
    assert (feature["properties"]["presupuesto"], feature["properties"]["ejecutado"]) == (
        shown.budget,
        shown.executed,
    )
    with_works = (
        Project.objects.filter(plan=demo_plan, works__isnull=False).distinct().order_by("code").first()
    )
    assert with_works is not None
    feature = get(client, f"{collection}/items/{with_works.code}").json()
    works = [shape(g) for g in Work.objects.filter(project=with_works).values_list("geometry", flat=True)]
    assert feature["properties"]["obras"] == len(works)
    drawn = shape(feature["geometry"])
    assert all(drawn.distance(w) < 1e-5 for w in works)
    page = get(client, f"{collection}/items", limit=1000).json()
    assert page["numberMatched"] == Project.objects.filter(plan=demo_plan).count()
    located = get(client, f"{collection}/items", bbox=",".join(map(str, drawn.bounds)), limit=1000).json()
    assert with_works.code in {f["id"] for f in located["features"]}
    assert all(f["geometry"] is not None for f in located["features"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"limit": "0"}, 400),
        ({"limit": "1001"}, 400),
        ({"limit": "diez"}, 400),
        ({"offset": "-1"}, 400),
        ({"bbox": "1,2,3"}, 400),
        ({"bbox": "a,b,c,d"}, 400),
        ({"bbox": "-75,7,-76,6"}, 400),
        ({"limite": "10"}, 400),
        ({"f": "xml"}, 400),
    ],
)
def test_a_bad_parameter_is_a_400_in_json(
    client: Client, demo_plan: Any, query: dict[str, str], status: int
) -> None:
    response = client.get(f"/ogc/collections/{demo_plan.slug}-unidades/items", query)
    assert response.status_code == status
    assert response.json()["code"] == "InvalidParameterValue" and response.json()["description"]


def test_an_unknown_collection_feature_or_path_is_a_404_in_json(client: Client, demo_plan: Any) -> None:
    for path in (
        "/ogc/collections/nada-unidades",
        f"/ogc/collections/{demo_plan.slug}-otras/items",
        f"/ogc/collections/{demo_plan.slug}-unidades/items/NO-EXISTE",
        "/ogc/nada",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "NotFound"
