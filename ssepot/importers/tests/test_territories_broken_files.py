"""A broken territories file fails as a whole, names every problem's place, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ssepot.catalogue.models import Plan
from ssepot.importers.base import ImportFailed, Problem
from ssepot.importers.territories import TerritoriesImporter

from .conftest import snapshot

pytestmark = pytest.mark.django_db

Writer = Callable[[dict[str, Any]], Path]
# A polygon whose ring crosses itself: shapely calls it invalid.
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[-75.6, 6.2], [-75.5, 6.3], [-75.5, 6.2], [-75.6, 6.3], [-75.6, 6.2]]],
}


def fail(path: Path, plan: Plan) -> list[Problem]:
    """Import over an already imported plan whose first unit was renamed; return the problems."""
    with pytest.raises(ImportFailed) as failed:
        TerritoriesImporter(path, plan=plan).run()
    return failed.value.problems


@pytest.fixture
def imported(plan: Plan, geojson_file: Path, geojson_data: dict[str, Any]) -> dict[str, Any]:
    """The real layer imported, then edited so a successful re-import would change a row."""
    TerritoriesImporter(geojson_file, plan=plan).run()
    geojson_data["features"][0]["properties"]["NOMBRE"] = "NOMBRE QUE NO DEBE LLEGAR"
    return geojson_data


def test_an_invalid_geometry_is_located_by_feature_and_nothing_is_written(
    plan: Plan, imported: dict[str, Any], write_geojson: Writer
) -> None:
    imported["features"][4]["geometry"] = BOWTIE
    before = snapshot()

    problems = fail(write_geojson(imported), plan)

    assert [(p.file, p.row, p.column) for p in problems] == [("comunas.geojson", 5, "geometry")]
    assert "no es válida" in problems[0].message and "intersection" in problems[0].message.lower()
    assert snapshot() == before


def test_a_null_code_is_a_problem(plan: Plan, imported: dict[str, Any], write_geojson: Writer) -> None:
    imported["features"][2]["properties"]["CODIGO"] = None
    before = snapshot()

    problems = fail(write_geojson(imported), plan)

    assert [(p.row, p.column, p.message) for p in problems] == [(3, "CODIGO", "falta el código")]
    assert snapshot() == before


def test_a_duplicated_code_names_both_features(
    plan: Plan, imported: dict[str, Any], write_geojson: Writer
) -> None:
    imported["features"][7]["properties"]["CODIGO"] = "01"
    before = snapshot()

    problems = fail(write_geojson(imported), plan)

    assert [(p.row, p.column) for p in problems] == [(8, "CODIGO")]
    assert "'01' está repetido" in problems[0].message and "entidad 1" in problems[0].message
    assert snapshot() == before


def test_a_missing_property_is_reported_for_every_feature(
    plan: Plan, imported: dict[str, Any], write_geojson: Writer
) -> None:
    for feature in imported["features"]:
        del feature["properties"]["SUBTIPO_COMUNACORREGIMIENTO"]
    before = snapshot()

    problems = fail(write_geojson(imported), plan)

    assert [(p.row, p.column) for p in problems] == [(n, "SUBTIPO_COMUNACORREGIMIENTO") for n in range(1, 24)]
    assert snapshot() == before


def test_a_point_is_not_a_territory(plan: Plan, imported: dict[str, Any], write_geojson: Writer) -> None:
    imported["features"][0]["geometry"] = {"type": "Point", "coordinates": [-75.5, 6.2]}

    problems = fail(write_geojson(imported), plan)

    assert [(p.row, p.column) for p in problems] == [(1, "geometry")]
    assert "'Point'" in problems[0].message


def test_every_problem_of_the_file_is_reported_at_once(
    plan: Plan, imported: dict[str, Any], write_geojson: Writer
) -> None:
    imported["features"][1]["geometry"] = {"type": "Polygon", "coordinates": []}
    imported["features"][3]["properties"]["SUBTIPO_COMUNACORREGIMIENTO"] = 7
    imported["features"][5]["properties"]["SHAPEAREA"] = "grande"
    before = snapshot()

    problems = fail(write_geojson(imported), plan)

    assert [(p.row, p.column) for p in problems] == [
        (2, "geometry"),
        (4, "SUBTIPO_COMUNACORREGIMIENTO"),
        (6, "SHAPEAREA"),
    ]
    assert str(problems[1]) == (
        "comunas.geojson, fila 4, columna 'SUBTIPO_COMUNACORREGIMIENTO': "
        "tipo desconocido '7': se esperaba 1 (comuna) o 2 (corregimiento)"
    )
    assert snapshot() == before


def test_a_file_that_is_not_geojson_is_refused(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "roto.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")

    problems = fail(path, plan)

    assert len(problems) == 1 and problems[0].file == "roto.geojson"
    assert "no es un JSON válido" in problems[0].message
