"""Importing public works (``ssepot import obras``): Medellín's real SIF files (ESRI JSON and GeoJSON
extracts, see data/SOURCES.txt), and CSV/XLSX/ESRI files built in their shape for what they lack."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from shapely.geometry import Point, shape
from shapely.prepared import prep

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Agency, Plan, Subsystem, System, TerritorialUnit
from ssepot.importers.base import ImportFailed
from ssepot.importers.obras import ObrasImporter
from ssepot.projects.actions import assign_projects
from ssepot.projects.models import Project, Work

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ESRI = DATA / "sif_obras_2024_2025_extracto.json"
GEOJSON = DATA / "sif_obras_extracto.geojson"
SIF_MAPPING = Path(__file__).parents[1] / "mappings" / "medellin-obras-sif.yml"
GEOJSON_BOUNDARIES = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "data"
    / "medellin-comunas"
    / "medellin_comunas_corregimientos.geojson"
)


@functools.cache
def _boundaries(path: Path) -> tuple[tuple[str, str, dict[str, Any]], ...]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return tuple(
        (f["properties"]["CODIGO"], f["properties"]["NOMBRE"] or "", f["geometry"]) for f in features
    )


@functools.cache
def _shapes(path: Path) -> tuple[tuple[str, Any], ...]:
    return tuple((code, prep(shape(geometry))) for code, _name, geometry in _boundaries(path))


@pytest.fixture
def territory(plan: Plan, geojson_file: Path) -> Plan:
    """The plan with Medellín's 23 official units (the territories importer has its own tests; here the
    file is parsed once per session)."""
    TerritorialUnit.objects.bulk_create(
        TerritorialUnit(
            plan=plan,
            code=code,
            name=name,
            kind="corregimiento" if code in {"50", "60", "70", "80", "90"} else "comuna",
            geometry=geometry,
        )
        for code, name, geometry in _boundaries(geojson_file)
    )
    return plan


@pytest.fixture
def subsystems(plan: Plan) -> dict[str, Subsystem]:
    system = System.objects.create(plan=plan, code="EST", name="Estructurante")
    return {
        "MOV": Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad"),
        "EP": Subsystem.objects.create(plan=plan, system=system, code="EP", name="Espacio público"),
    }


def _features() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(ESRI.read_text(encoding="utf-8"))["features"]
    return features


def _unit_holding(plan: Plan, x: float, y: float) -> str | None:
    point = Point(x, y)
    return next((code for code, polygon in _shapes(GEOJSON_BOUNDARIES) if polygon.covers(point)), None)


def _write_mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "obras.yml"
    path.write_text(SIF_MAPPING.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_each_contract_becomes_one_project_with_its_value_counted_once(territory: Plan) -> None:
    result = ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    values: dict[str, int] = {}
    for f in _features():
        values.setdefault(str(f["attributes"]["NUMERO_CON"]), f["attributes"]["VALOR_ACTU"])
    assert result.created == len(values)
    projects = Project.objects.filter(plan=territory)
    assert {p.code: p.contract_value for p in projects} == values
    assert sum(p.contract_value or 0 for p in projects) == sum(values.values())
    assert Work.objects.filter(plan=territory).count() == len(_features())
    # the file repeats the value on every activity row: summing rows would count it many times
    assert sum(f["attributes"]["VALOR_ACTU"] for f in _features()) > sum(values.values())


def test_contract_fields_are_read_from_esri_types(territory: Plan) -> None:
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    first = _features()[0]["attributes"]
    project = Project.objects.get(plan=territory, code=str(first["NUMERO_CON"]))
    assert project.status == first["ESTADO"]
    assert project.contract_type == first["TIPO_CONTR"]
    assert project.start_date is not None and project.end_date is not None
    assert project.start_date.isoformat() == "2024-11-05"  # 1730764800000 ms since 1970, UTC
    assert project.start_date < project.end_date
    assert project.subsystem is None and project.agency is None  # sin asignar


def test_declared_comuna_is_kept_and_a_point_elsewhere_is_reported(territory: Plan) -> None:
    result = ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    features = _features()
    elsewhere = [
        n
        for n, f in enumerate(features, start=1)
        if _unit_holding(territory, f["geometry"]["x"], f["geometry"]["y"])
        != f["attributes"]["COMUMEDELL"][:2]
    ]
    assert elsewhere, "the real extract has a point outside its declared comuna (FID 4)"
    warned = {w.row for w in result.warnings if w.column in {"COMUMEDELL", "geometria"}}
    assert set(elsewhere) <= warned
    for work in Work.objects.filter(plan=territory).select_related("territorial_unit"):
        assert work.territorial_unit is not None
        assert work.territorial_unit.code == work.declared_unit[:2]


def test_a_missing_comuna_is_found_by_point_in_polygon(territory: Plan, tmp_path: Path) -> None:
    mapping = tmp_path / "geojson.yml"
    mapping.write_text(
        "columnas:\n  contrato: ID\n  nombre: Nombre del Proyecto\n  estado: Estado del Proyecto\n"
        "  ubicacion: Direccion\n",
        encoding="utf-8",
    )
    result = ObrasImporter(GEOJSON, plan=territory, mapping=mapping).run()

    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    assert result.created == len(features)
    for feature in features:
        work = Work.objects.get(plan=territory, project__code=str(feature["properties"]["ID"]))
        x, y = feature["geometry"]["coordinates"]
        assert work.territorial_unit is not None
        assert work.territorial_unit.code == _unit_holding(territory, x, y)
        assert work.declared_unit == ""


def test_reimport_updates_and_does_not_duplicate(territory: Plan) -> None:
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()
    projects, works = Project.objects.count(), Work.objects.count()

    again = ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    assert again.created == 0 and again.updated == 0
    assert again.unchanged == projects
    assert (Project.objects.count(), Work.objects.count()) == (projects, works)
    assert again.details["obras nuevas"] == 0


def test_a_changed_file_updates_the_contract_and_removes_dropped_works(
    territory: Plan, tmp_path: Path
) -> None:
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()
    data = json.loads(ESRI.read_text(encoding="utf-8"))
    code = str(data["features"][0]["attributes"]["NUMERO_CON"])
    for f in data["features"]:
        if str(f["attributes"]["NUMERO_CON"]) == code:
            f["attributes"]["ESTADO"] = "Terminado"
    dropped = data["features"].pop(1)
    changed = tmp_path / "obras.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    result = ObrasImporter(changed, plan=territory, mapping=SIF_MAPPING).run()

    assert result.updated == 1
    assert result.details["obras retiradas"] == 1
    assert Project.objects.get(plan=territory, code=code).status == "Terminado"
    assert not Work.objects.filter(key=str(dropped["attributes"]["OBJECTID"])).exists()


def test_dry_run_writes_nothing_but_reports_what_it_would_do(territory: Plan) -> None:
    result = ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run(dry_run=True)

    assert result.dry_run
    assert result.created == len({f["attributes"]["NUMERO_CON"] for f in _features()})
    assert not Project.objects.filter(plan=territory).exists()
    assert not Work.objects.exists()
    assert not AuditEntry.objects.filter(action="importar obras").exists()


def test_mapping_rules_assign_subsystem_and_agency_and_leave_the_rest_unassigned(
    territory: Plan, subsystems: dict[str, Subsystem], agencies: dict[str, Agency], tmp_path: Path
) -> None:
    mapping = _write_mapping(
        tmp_path,
        "subsistema:\n  columna: ACTIVIDAD\n  reglas:\n    - contiene: andenes\n      codigo: MOV\n"
        "    - igual: PASAMANOS Y DEFENSAS INSTALADOS\n      codigo: mov\n"
        "dependencia:\n  columna: TIPO_CONTR\n  reglas:\n    - igual: Obra\n"
        "      codigo: Empresa de Desarrollo Urbano\n",
    )
    result = ObrasImporter(ESRI, plan=territory, mapping=mapping).run()

    first_rows: dict[str, dict[str, Any]] = {}
    for f in _features():
        first_rows.setdefault(str(f["attributes"]["NUMERO_CON"]), f["attributes"])
    for code, attributes in first_rows.items():
        project = Project.objects.get(plan=territory, code=code)
        activity = attributes["ACTIVIDAD"]
        expected = subsystems["MOV"] if "ANDENES" in activity or activity.startswith("PASAMANOS") else None
        assert project.subsystem == expected
        assert project.agency == (agencies["edu"] if attributes["TIPO_CONTR"] == "Obra" else None)
    unassigned = sum(
        1 for a in first_rows.values() if a["TIPO_CONTR"] != "Obra" or "ANDENES" not in a["ACTIVIDAD"]
    )
    assert result.details["sin asignar"] >= 1
    assert result.details["sin asignar"] <= unassigned


def test_a_rule_naming_an_unknown_code_is_refused(territory: Plan, tmp_path: Path) -> None:
    mapping = _write_mapping(tmp_path, "subsistema:\n  por_defecto: NO-EXISTE\n")

    with pytest.raises(ImportFailed) as failed:
        ObrasImporter(ESRI, plan=territory, mapping=mapping).run()

    assert "NO-EXISTE" in str(failed.value)
    assert not Project.objects.exists()


def test_reimport_keeps_the_analysts_assignment(
    territory: Plan, subsystems: dict[str, Subsystem], agencies: dict[str, Agency], alice: Any
) -> None:
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()
    chosen = Project.objects.filter(plan=territory)[:2]

    changed = assign_projects(
        list(chosen), subsystem=subsystems["EP"], agency=agencies["movilidad"], actor=alice, reason="revisión"
    )
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    assert changed == 2
    assert Project.objects.filter(subsystem=subsystems["EP"], agency=agencies["movilidad"]).count() == 2
    entries = AuditEntry.objects.filter(action="asignar proyecto")
    assert entries.count() == 2 and {e.actor for e in entries} == {alice}


def test_a_reader_cannot_assign_projects(
    territory: Plan, subsystems: dict[str, Subsystem], dana: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING).run()

    with pytest.raises(PermissionDenied):
        assign_projects(
            Project.objects.filter(plan=territory), subsystem=subsystems["EP"], agency=None, actor=dana
        )
    assert not Project.objects.filter(subsystem__isnull=False).exists()


def test_the_import_is_audited_with_who_ran_it(territory: Plan, alice: Any) -> None:
    ObrasImporter(ESRI, plan=territory, mapping=SIF_MAPPING, actor=alice).run()

    entry = AuditEntry.objects.get(action="importar obras")
    assert entry.actor == alice
    assert entry.changes["archivo"] == ESRI.name


def _esri(geometry_type: str, geometries: list[dict[str, Any]], wkid: int = 4326) -> dict[str, Any]:
    return {
        "geometryType": geometry_type,
        "spatialReference": {"wkid": wkid},
        "fields": [{"name": "CONTRATO", "type": "esriFieldTypeString"}],
        "features": [
            {"attributes": {"CONTRATO": f"C-{n}"}, "geometry": g} for n, g in enumerate(geometries, start=1)
        ],
    }


def test_esri_lines_and_polygons_become_geojson(territory: Plan, tmp_path: Path) -> None:
    ring = [[-75.56, 6.25], [-75.56, 6.26], [-75.55, 6.26], [-75.55, 6.25], [-75.56, 6.25]]  # clockwise
    path = tmp_path / "lineas.json"
    path.write_text(
        json.dumps(
            _esri(
                "esriGeometryPolyline",
                [{"paths": [[[-75.57, 6.24], [-75.56, 6.25]]]}, {"rings": [ring]}],
            )
        ),
        encoding="utf-8",
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text("columnas:\n  contrato: CONTRATO\n", encoding="utf-8")

    ObrasImporter(path, plan=territory, mapping=mapping).run()

    line = Work.objects.get(project__code="C-1")
    polygon = Work.objects.get(project__code="C-2")
    assert line.geometry["type"] == "LineString"
    assert polygon.geometry["type"] == "Polygon"
    assert shape(polygon.geometry).is_valid
    assert polygon.territorial_unit is not None
    assert polygon.territorial_unit.code == _unit_holding(
        territory, *shape(polygon.geometry).representative_point().coords[0]
    )


def test_esri_web_mercator_is_converted_and_other_references_are_refused(
    territory: Plan, tmp_path: Path
) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text("columnas:\n  contrato: CONTRATO\n", encoding="utf-8")
    mercator = tmp_path / "mercator.json"
    # -75.5636, 6.2518 in Web Mercator metres
    mercator.write_text(
        json.dumps(_esri("esriGeometryPoint", [{"x": -8411693.0, "y": 697282.0}], wkid=102100)),
        encoding="utf-8",
    )
    ObrasImporter(mercator, plan=territory, mapping=mapping).run()
    x, y = Work.objects.get().geometry["coordinates"]
    assert -75.57 < x < -75.55 and 6.24 < y < 6.26

    planar = tmp_path / "magna.json"
    planar.write_text(
        json.dumps(_esri("esriGeometryPoint", [{"x": 4700000.0, "y": 2250000.0}], wkid=9377)),
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        ObrasImporter(planar, plan=territory, mapping=mapping).run()
    assert "9377" in str(failed.value)
    assert Work.objects.count() == 1


def test_csv_with_coordinates_and_wkt_reads_points_lines_and_polygons(
    territory: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "obras.csv"
    path.write_text(
        "contrato;nombre;valor;actividad;longitud;latitud;geometria;comuna;fecha_inicio\n"
        "100;Andén;1.250.000;andén;-75.5636;6.2518;;;05/11/2024\n"
        "100;Andén;1.250.000;vía;;;LINESTRING (-75.57 6.24, -75.56 6.25);10 - La Candelaria;05/11/2024\n"
        "200;Parque;9000000;parque;;;"
        "POLYGON ((-75.56 6.25, -75.55 6.25, -75.55 6.26, -75.56 6.26, -75.56 6.25));;\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "columnas:\n  contrato: contrato\n  nombre: nombre\n  valor: valor\n  actividad: actividad\n"
        "  longitud: longitud\n  latitud: latitud\n  geometria: geometria\n  comuna: comuna\n"
        "  fecha_inicio: fecha_inicio\n",
        encoding="utf-8",
    )

    result = ObrasImporter(path, plan=territory, mapping=mapping).run()

    assert result.created == 2
    assert Project.objects.get(code="100").contract_value == 1_250_000
    assert {w.geometry["type"] for w in Work.objects.all()} == {"Point", "LineString", "Polygon"}
    point = Work.objects.get(activity="andén")
    assert point.territorial_unit is not None
    assert point.territorial_unit.code == _unit_holding(territory, -75.5636, 6.2518)


def test_xlsx_is_read_like_csv(territory: Plan, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Obras"
    sheet.append(["contrato", "valor", "longitud", "latitud"])
    sheet.append([4600102890, 5561720399, -75.541579, 6.294681])
    sheet.append([4600102890, 5561720399, -75.542046, 6.296497])
    path = tmp_path / "obras.xlsx"
    workbook.save(path)
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "hoja: Obras\ncolumnas:\n  contrato: contrato\n  valor: valor\n"
        "  longitud: longitud\n  latitud: latitud\n",
        encoding="utf-8",
    )

    ObrasImporter(path, plan=territory, mapping=mapping).run()

    project = Project.objects.get(code="4600102890")
    assert project.contract_value == 5561720399
    assert project.works.count() == 2


def test_bad_rows_are_located_and_nothing_is_written(territory: Plan, tmp_path: Path) -> None:
    path = tmp_path / "obras.csv"
    path.write_text(
        "contrato,valor,fecha_inicio,longitud,latitud,geometria\n"
        "1,mucho,05/11/2024,-75.56,6.25,\n"
        ",100,05/11/2024,-75.56,6.25,\n"
        "3,100,31/02/2024,-75.56,6.25,\n"
        '4,100,,,,"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"\n'
        "5,100,,4700000,2250000,\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "columnas:\n  contrato: contrato\n  valor: valor\n  fecha_inicio: fecha_inicio\n"
        "  longitud: longitud\n  latitud: latitud\n  geometria: geometria\n",
        encoding="utf-8",
    )

    with pytest.raises(ImportFailed) as failed:
        ObrasImporter(path, plan=territory, mapping=mapping).run()

    located = {(p.row, p.column) for p in failed.value.problems}
    assert {(2, "valor"), (3, "contrato"), (4, "fecha_inicio"), (5, "geometria"), (6, "longitud")} <= located
    assert not Project.objects.exists()


def test_the_command_imports_and_lists_warnings(territory: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_obras", str(ESRI), plan=territory.slug, mapping=str(SIF_MAPPING), dry_run=True)
    out = capsys.readouterr().out
    assert "Simulación" in out and "COMUMEDELL" in out
    assert not Project.objects.exists()

    with pytest.raises(CommandError):
        call_command("import_obras", str(DATA / "SOURCES.txt"), plan=territory.slug)
