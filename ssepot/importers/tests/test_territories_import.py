"""Importing Medellín's official comuna and corregimiento layer (GeoJSON)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import shape

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.importers.territories import TerritoriesImporter

pytestmark = pytest.mark.django_db


def test_territories_import_creates_the_23_official_units(plan: Plan, geojson_file: Path) -> None:
    result = TerritoriesImporter(geojson_file, plan=plan).run()

    assert result.created == 23
    units = TerritorialUnit.objects.filter(plan=plan)
    assert units.count() == 23
    codes = set(units.values_list("code", flat=True))
    assert codes == {f"{n:02d}" for n in range(1, 17)} | {"50", "60", "70", "80", "90", "SN01", "SN02"}


def test_named_units_are_16_comunas_and_5_corregimientos(plan: Plan, geojson_file: Path) -> None:
    TerritoriesImporter(geojson_file, plan=plan).run()

    named = TerritorialUnit.objects.filter(plan=plan).exclude(name="")
    assert named.filter(kind="comuna").count() == 16
    assert named.filter(kind="corregimiento").count() == 5
    assert set(named.filter(kind="corregimiento").values_list("code", flat=True)) == {
        "50",
        "60",
        "70",
        "80",
        "90",
    }


def test_unnamed_units_sn01_and_sn02_are_imported_with_empty_names(plan: Plan, geojson_file: Path) -> None:
    result = TerritoriesImporter(geojson_file, plan=plan).run()

    unnamed = TerritorialUnit.objects.filter(plan=plan, name="")
    assert sorted(unnamed.values_list("code", "kind")) == [("SN01", "comuna"), ("SN02", "corregimiento")]
    warned = sorted(str(w) for w in result.warnings if w.column == "NOMBRE")
    assert len(warned) == 2
    assert "SN02" in warned[0] and "fila 20" in warned[0]


def test_names_are_readable_with_accents_and_lowercase_particles(plan: Plan, geojson_file: Path) -> None:
    TerritoriesImporter(geojson_file, plan=plan).run()

    names = dict(TerritorialUnit.objects.filter(plan=plan).values_list("code", "name"))
    assert names["12"] == "La América"
    assert names["16"] == "Belén"
    assert names["06"] == "Doce de Octubre"
    assert names["60"] == "Corregimiento de San Cristóbal"
    assert names["50"] == "Corregimiento de San Sebastián de Palmitas"
    assert not any(name.isupper() for name in names.values())


def test_geometry_area_and_source_are_stored(plan: Plan, geojson_file: Path) -> None:
    TerritoriesImporter(geojson_file, plan=plan).run()

    san_javier = TerritorialUnit.objects.get(plan=plan, code="13")
    assert san_javier.geometry is not None
    assert san_javier.geometry["type"] == "MultiPolygon"
    assert shape(san_javier.geometry).is_valid
    assert san_javier.area_m2 == Decimal("4849268.2")
    assert san_javier.source == geojson_file.name


def test_territories_import_is_idempotent(plan: Plan, geojson_file: Path) -> None:
    TerritoriesImporter(geojson_file, plan=plan).run()
    before = list(TerritorialUnit.objects.order_by("pk").values())

    again = TerritoriesImporter(geojson_file, plan=plan).run()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 23)
    assert "sin cambios: 23" in again.summary()
    assert list(TerritorialUnit.objects.order_by("pk").values()) == before


def test_a_changed_name_updates_the_unit_in_place(
    plan: Plan,
    geojson_data: dict[str, Any],
    write_geojson: Callable[[dict[str, Any]], Path],
    geojson_file: Path,
) -> None:
    TerritoriesImporter(geojson_file, plan=plan, source="capa oficial").run()
    pk = TerritorialUnit.objects.get(plan=plan, code="01").pk
    geojson_data["features"][0]["properties"]["NOMBRE"] = "POPULAR UNO"

    result = TerritoriesImporter(write_geojson(geojson_data), plan=plan, source="capa oficial").run()

    assert (result.created, result.updated, result.unchanged) == (0, 1, 22)
    assert TerritorialUnit.objects.get(pk=pk).name == "Popular Uno"


def test_territories_dry_run_writes_nothing(plan: Plan, geojson_file: Path) -> None:
    result = TerritoriesImporter(geojson_file, plan=plan).run(dry_run=True)

    assert result.dry_run and result.created == 23
    assert not TerritorialUnit.objects.exists()


def test_property_names_can_be_chosen(
    plan: Plan, geojson_data: dict[str, Any], write_geojson: Callable[[dict[str, Any]], Path]
) -> None:
    for feature in geojson_data["features"]:
        props = feature["properties"]
        props["cod"], props["nom"], props["tipo"] = props.pop("CODIGO"), props.pop("NOMBRE"), "comuna"

    TerritoriesImporter(
        write_geojson(geojson_data), plan=plan, code_field="cod", name_field="nom", kind_field="tipo"
    ).run()

    assert TerritorialUnit.objects.get(plan=plan, code="14").name == "El Poblado"
    assert TerritorialUnit.objects.filter(plan=plan, kind="comuna").count() == 23


def test_units_of_another_plan_are_left_alone(plan: Plan, geojson_file: Path) -> None:
    other = Plan.objects.create(
        municipality=plan.municipality,
        slug="otro",
        name="Otro",
        act="A",
        adoption_date=plan.adoption_date,
        start_date=plan.start_date,
        end_date=plan.end_date,
    )
    TerritorialUnit.objects.create(plan=other, code="01", name="Otra", kind="comuna")

    TerritoriesImporter(geojson_file, plan=plan).run()

    assert TerritorialUnit.objects.get(plan=other, code="01").name == "Otra"
    assert TerritorialUnit.objects.filter(plan=plan).count() == 23
