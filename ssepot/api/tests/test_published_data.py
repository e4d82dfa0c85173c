"""The public API and the open-data files show published data only, pinned to a release on request, with
ETags; the data package passes ``frictionless validate``; the DCAT catalogue parses with rdflib."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rdflib import Graph, namespace

from ssepot.api.datasets import DATASETS
from ssepot.catalogue.models import TerritorialUnit
from ssepot.commitments.models import Commitment
from ssepot.figures.compute import all_figures
from ssepot.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_total(demo_plan: Any) -> Any:
    """A published city-wide value of a POT indicator in 2024."""
    return (
        IndicatorValue.objects.published()
        .filter(
            plan=demo_plan,
            year=2024,
            territorial_unit__isnull=True,
            value__isnull=False,
            indicator__development_plan__isnull=True,
        )
        .select_related("indicator")
        .order_by("indicator__code")
        .first()
    )


def correct(value: IndicatorValue, new: Decimal) -> IndicatorValue:
    return IndicatorValue.objects.create(
        plan_id=value.plan_id,
        indicator=value.indicator,
        year=value.year,
        value=new,
        supersedes=value,
        reason="corrección de prueba",
    )


def api_values(client: Client, value: IndicatorValue, **extra: Any) -> list[dict[str, Any]]:
    params = {
        "indicador": value.indicator.code,
        "vigencia": value.year,
        "unidad_territorial": "total",
        **extra,
    }
    response = client.get("/api/v1/planes/medellin/valores", params)
    assert response.status_code == 200, response.content
    return response.json()["resultados"]


def test_an_unpublished_correction_is_not_shown_until_it_is_published(
    client: Client, demo_plan: Any, published_total: IndicatorValue
) -> None:
    from ssepot.reporting.actions import publish_existing

    old = published_total.value
    assert old is not None
    correct(published_total, old + 7)
    [row] = api_values(client, published_total)
    assert Decimal(row["valor"]) == old and row["version"] == published_total.version

    publish_existing(demo_plan, published_total.year, actor=None, note="prueba")
    [row] = api_values(client, published_total)
    assert Decimal(row["valor"]) == old + 7
    [first] = api_values(client, published_total, version=1)
    assert Decimal(first["valor"]) == old  # release 1 is frozen forever


def test_lists_are_paginated_and_filtered(client: Client, demo_plan: Any) -> None:
    everything = client.get("/api/v1/planes/medellin/compromisos", {"limite": 1000}).json()
    assert (
        everything["total"]
        == Commitment.objects.filter(plan=demo_plan).count()
        == len(everything["resultados"])
    )
    second = client.get("/api/v1/planes/medellin/compromisos", {"limite": 10, "desplazamiento": 10}).json()
    assert second["resultados"] == everything["resultados"][10:20]
    short = client.get("/api/v1/planes/medellin/compromisos", {"horizonte": "corto", "limite": "1000"}).json()
    assert short["total"] == Commitment.objects.filter(plan=demo_plan, horizon="corto").count() > 0
    assert client.get("/api/v1/planes/medellin/compromisos", {"limite": 0}).status_code == 422
    with_nul = client.get("/api/v1/planes/medellin/compromisos", {"subsistema": "MOV\x00"})
    assert (with_nul.status_code, with_nul.json()["total"]) == (200, 0)  # and no database error
    misspelt = client.get("/api/v1/planes/medellin/compromisos", {"horizonet": "corto"})
    assert misspelt.status_code == 422 and misspelt.json()["problemas"][0]["campo"] == "horizonet"


def test_a_repeated_request_with_the_etag_gets_a_304(client: Client, demo_plan: Any) -> None:
    first = client.get("/api/v1/planes/medellin/estructura")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/api/v1/planes/medellin/estructura", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    changed = client.get("/api/v1/planes/medellin/estructura", HTTP_IF_NONE_MATCH='"otro"')
    assert changed.status_code == 200


def test_figures_come_with_their_formula_and_inputs_from_the_figures_engine(
    client: Client, demo_plan: Any
) -> None:
    key = "compromisos.cumplimiento_global"
    engine = next(f for f in all_figures(demo_plan, 2025) if f.key == key)
    response = client.get("/api/v1/planes/medellin/cifras", {"vigencia": "2025", "clave": key})
    [figure] = [f for f in response.json()["resultados"] if f["clave"] == key]
    assert Decimal(figure["valor"]) == engine.value
    assert figure["formula"] == engine.formula and "=" in figure["formula"]
    assert len(figure["insumos"]) == len(engine.inputs) > 0


def test_figures_of_a_year_before_any_report_are_computed_not_a_server_error(
    client: Client, demo_plan: Any
) -> None:
    """Found by schemathesis: the commitments' history started at the first reported year."""
    response = client.get(
        "/api/v1/planes/medellin/cifras", {"vigencia": "2000", "clave": "compromisos.total"}
    )
    assert response.status_code == 200
    assert response.json()["resultados"][0]["valor"] == str(Commitment.objects.filter(plan=demo_plan).count())


def test_unknown_plans_and_indicators_get_a_spanish_404(client: Client, demo_plan: Any) -> None:
    assert client.get("/api/v1/planes/no-existe").json() == {"detalle": "No existe el plan «no-existe»."}
    response = client.get("/api/v1/planes/medellin/indicadores/NO-EXISTE")
    assert response.status_code == 404 and "NO-EXISTE" in response.json()["detalle"]
    elsewhere = client.get("/api/v1/planes/medellin/indicadores/a/b")
    assert elsewhere.status_code == 404 and "/api/v1/docs" in elsewhere.json()["detalle"]


def test_the_docs_page_loads_swagger_from_the_sites_static_files(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    scripts = [line for line in page.splitlines() if "<script src" in line or "stylesheet" in line]
    assert scripts and all('"/static/' in line for line in scripts)
    assert 'lang="es"' in page and "http" not in "".join(scripts)
    assert client.get("/api/v1/openapi.json").json()["openapi"].startswith("3.")


# -- files -------------------------------------------------------------------------------------------------


def test_the_exported_data_package_is_valid_for_frictionless(demo_plan: Any, tmp_path: Path) -> None:
    from frictionless import validate

    call_command("export_datapackage", plan="medellin", out=str(tmp_path), stdout=io.StringIO())
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert {t.name for t in report.tasks} == {d.name for d in DATASETS}

    # the same validation catches a broken file: a year that is not an integer
    path = tmp_path / "valores_indicadores.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[2] = "dos mil"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    path.write_text("\n".join([lines[0], out.getvalue(), *lines[2:]]) + "\n", encoding="utf-8")
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_the_command_writes_the_same_csv_the_site_serves(
    client: Client, demo_plan: Any, tmp_path: Path
) -> None:
    call_command("export_datapackage", plan="medellin", out=str(tmp_path), stdout=io.StringIO())
    for name in ("valores_indicadores", "compromisos"):
        assert client.get(f"/datos/medellin/{name}.csv").content == (tmp_path / f"{name}.csv").read_bytes()


def test_formula_like_text_is_neutralised_in_csv_and_xlsx(client: Client, demo_plan: Any) -> None:
    from openpyxl import load_workbook

    c = Commitment.objects.filter(plan=demo_plan).order_by("code").first()
    assert c is not None
    Commitment.objects.filter(pk=c.pk).update(description='=HYPERLINK("http://x.invalid","clic")')
    rows = list(csv.DictReader(io.StringIO(client.get("/datos/medellin/compromisos.csv").content.decode())))
    assert rows[0]["descripcion"] == '\'=HYPERLINK("http://x.invalid","clic")'
    book = load_workbook(io.BytesIO(client.get("/datos/medellin/completo.xlsx").content))
    cell = book["compromisos"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        '=HYPERLINK("http://x.invalid","clic")',
        "s",
        True,
    )
    years = [c.value for c in book["ejecucion_proyectos"]["B"][1:]]
    assert years and all(isinstance(y, int) for y in years)


def test_the_json_download_has_every_dataset_with_published_rows(client: Client, demo_plan: Any) -> None:
    document = client.get("/datos/medellin/completo.json").json()
    assert set(document["conjuntos"]) == {d.name for d in DATASETS}
    assert (
        len(document["conjuntos"]["valores_indicadores"])
        == IndicatorValue.objects.published().filter(plan=demo_plan).count()
    )


def test_the_geojson_has_each_unit_once_with_its_published_values(client: Client, demo_plan: Any) -> None:
    value = (
        IndicatorValue.objects.published()
        .filter(plan=demo_plan, territorial_unit__isnull=False, value__isnull=False)
        .select_related("indicator__development_plan", "territorial_unit")
        .first()
    )
    assert value is not None and value.value is not None
    collection = client.get("/datos/medellin/valores.geojson").json()
    assert len(collection["features"]) == TerritorialUnit.objects.filter(plan=demo_plan).count()
    [feature] = [
        f for f in collection["features"] if f["properties"]["codigo"] == value.territorial_unit.code
    ]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    pdd = value.indicator.development_plan
    key = f"{pdd.slug + '/' if pdd else ''}{value.indicator.code}:{value.year}"
    assert Decimal(str(feature["properties"][key])) == value.value


def test_the_dcat_catalogue_parses_in_json_ld_and_turtle_and_lists_every_dataset(
    client: Client, demo_plan: Any
) -> None:
    graphs = {}
    for url, fmt in (("/datos/catalogo.jsonld", "json-ld"), ("/datos/catalogo.ttl", "turtle")):
        graph = Graph()
        graph.parse(data=client.get(url).content.decode(), format=fmt)
        graphs[fmt] = graph
    for graph in graphs.values():
        datasets = set(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
        assert len(datasets) == len(DATASETS) + 1
        for dataset in datasets:
            assert list(graph.objects(dataset, namespace.DCAT.distribution))
        downloads = [str(u) for u in graph.objects(None, namespace.DCAT.downloadURL)]
        csv_url = next(u for u in downloads if u.endswith("/valores_indicadores.csv"))
        assert client.get(csv_url.replace("http://testserver", "")).status_code == 200
    assert len(graphs["json-ld"]) == len(graphs["turtle"])
    assert json.loads(client.get("/datos/catalogo.jsonld").content)


def test_the_open_data_page_links_every_download(client: Client, demo_plan: Any) -> None:
    page = client.get("/datos/").content.decode()
    for d in DATASETS:
        assert f"/datos/medellin/{d.name}.csv" in page
    assert "/datos/medellin/version/1/datapackage.json" in page
