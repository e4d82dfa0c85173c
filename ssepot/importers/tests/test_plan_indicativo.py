"""A development-plan workbook read through a YAML column mapping: Medellín's real workbook with the
shipped mapping, another layout with a new mapping and no code, and refusals that name the exact place."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.importers.base import ImportFailed
from ssepot.importers.indicator_sheets import IndicatorSheetsImporter
from ssepot.importers.plan_indicativo import MAPPINGS, PlanIndicativoImporter
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting.tests.batch_helpers import approve_pending

pytestmark = pytest.mark.django_db

MEDELLIN = MAPPINGS / "medellin-pdd-2020-2023.yml"


def run(path: Path, plan: Plan, mapping: Path = MEDELLIN, **options: Any) -> Any:
    return PlanIndicativoImporter(path, plan=plan, mapping=str(mapping), **options).run()


def test_medellins_workbook_loads_with_the_shipped_mapping(plan: Plan, sheets_file: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_plan_indicativo", str(sheets_file), plan=plan.slug, mapping=str(MEDELLIN), stdout=out
    )
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    assert (pdd.start_year, pdd.end_year) == (2020, 2023)
    levels = list(PddNode.objects.filter(development_plan=pdd).values_list("level", flat=True))
    assert (levels.count("linea"), levels.count("componente"), levels.count("programa")) == (5, 28, 105)
    assert Indicator.objects.filter(development_plan=pdd).count() == 810  # rows 2-811 of Reporte_Fichas
    # row 2 of the sheet
    first = Indicator.objects.get(development_plan=pdd, code="1.1.1.2")
    assert (first.unit, first.indicator_type, first.accumulation, first.direction) == (
        "Número",
        "P",
        "NoA",
        "C",
    )
    assert (first.baseline_value, first.plan_target, first.sequence) == (Decimal(413), Decimal(17500), 2)
    assert first.pdd_node is not None and first.pdd_node.code == "1.1.1"
    assert first.agency is not None and first.agency.name == "Secretaría de Desarrollo Económico"
    # row 3: the baseline -2 is a code, not a number
    second = Indicator.objects.get(development_plan=pdd, code="1.1.2.9")
    assert (second.baseline_value, second.baseline_code) == (None, "-2")


def test_it_reads_the_same_records_as_the_dedicated_importer_and_a_rerun_changes_nothing(
    plan: Plan, sheets_file: Path
) -> None:
    IndicatorSheetsImporter(sheets_file, plan=plan).run()
    before = list(Indicator.objects.filter(plan=plan).order_by("code").values())
    result = run(sheets_file, plan)
    assert result.created == 0
    assert result.updated == 1  # only the development plan's name, which the mapping states
    assert list(Indicator.objects.filter(plan=plan).order_by("code").values()) == before
    assert run(sheets_file, plan).updated == 0


def test_an_unmapped_column_stops_the_import_at_its_header_cell(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    sheet_copy[0].append("Comentario")
    for row in sheet_copy[1:]:
        row.append("texto")
    with pytest.raises(ImportFailed) as failed:
        run(write_sheet(sheet_copy), plan)
    [problem] = failed.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Reporte_Fichas", 1, "Comentario")
    assert "sin correspondencia" in problem.message
    assert not Indicator.objects.filter(plan=plan).exists()


def test_an_unknown_code_stops_the_import_at_its_cell(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    column = sheet_copy[0].index("FC")
    sheet_copy[40][column] = "Trimestral"
    with pytest.raises(ImportFailed) as failed:
        run(write_sheet(sheet_copy), plan)
    [problem] = failed.value.problems
    assert (problem.row, problem.column) == (41, "FC")
    assert "Trimestral" in problem.message and "codigos.acumulacion" in problem.message
    assert not DevelopmentPlan.objects.filter(plan=plan).exists()


def test_a_mapped_column_missing_from_the_sheet_is_named_with_its_key(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    column = sheet_copy[0].index("Sentido")
    rows = [[v for i, v in enumerate(row) if i != column] for row in sheet_copy]
    with pytest.raises(ImportFailed) as failed:
        run(write_sheet(rows), plan)
    [problem] = failed.value.problems
    assert problem.column == "Sentido" and "indicador.sentido" in problem.message


def test_a_mistake_in_the_mapping_names_the_key(plan: Plan, sheets_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "mapa.yml"
    broken.write_text(MEDELLIN.read_text(encoding="utf-8").replace("  unidad: Unidad", "  unidades: Unidad"))
    with pytest.raises(ImportFailed) as failed:
        run(sheets_file, plan, broken)
    keys = {p.message.split("»")[0] for p in failed.value.problems}
    assert keys == {"clave «indicador.unidad", "clave «indicador.unidades"}


NEW_MAPPING = """
plan_desarrollo: {identificador: pdd-2024-2027, nombre: Plan de Desarrollo Otra Ciudad 2024-2027,
                  inicio: 2024, fin: 2027}
hoja: PI
fila_encabezado: 3
niveles:
  - {nivel: linea, codigo: Cód. dimensión, nombre: Dimensión}
  - {nivel: programa, codigo: Cód. programa, nombre: Programa}
indicador:
  codigo: Código indicador
  nombre: Indicador de producto
  unidad: Unidad de medida
  tipo: Clase
  linea_base: Línea base
  meta_plan: Meta cuatrienio
  dependencia: Secretaría
metas_anuales: {Meta 2024: 2024, Meta 2025: 2025}
codigos:
  tipo: {Producto: P, Resultado: R}
por_defecto: {acumulacion: A, sentido: C}
ignorar: [Notas]
"""


def test_a_workbook_never_seen_before_loads_with_a_new_mapping_only(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path
) -> None:
    rows = [
        ["Plan Indicativo 2024-2027", None],
        ["Alcaldía de Otra Ciudad", None],
        [
            "Cód. dimensión",
            "Dimensión",
            "Cód. programa",
            "Programa",
            "Código indicador",
            "Indicador de producto",
            "Unidad de medida",
            "Clase",
            "Línea base",
            "Meta cuatrienio",
            "Meta 2024",
            "Meta 2025",
            "Secretaría",
            "Notas",
        ],
        [
            "1",
            "Ciudad segura",
            "1.01",
            "Convivencia",
            "1.01.001",
            "Cámaras instaladas",
            "Número",
            "Producto",
            "120",
            "400",
            200,
            300,
            "Secretaría de Seguridad",
            "ok",
        ],
        [
            "1",
            "Ciudad segura",
            "1.02",
            "Movilidad",
            "1.02.001",
            "Kilómetros de ciclorruta",
            "km",
            "producto",
            "S/D",
            "35,5",
            None,
            "10",
            "Secretaría de Movilidad",
            "",
        ],
    ]
    mapping = tmp_path / "otra-ciudad.yml"
    mapping.write_text(NEW_MAPPING, encoding="utf-8")
    result = run(write_sheet(rows, sheet="PI", name="otra.xlsx"), plan, mapping)
    assert result.details["indicadores"] == 2
    cameras = Indicator.objects.get(plan=plan, code="1.01.001")
    assert (cameras.indicator_type, cameras.accumulation, cameras.baseline_value) == ("P", "A", Decimal(120))
    assert cameras.pdd_node is not None and cameras.pdd_node.parent is not None
    assert cameras.pdd_node.parent.name == "Ciudad segura"
    bikes = Indicator.objects.get(plan=plan, code="1.02.001")
    assert (bikes.baseline_code, bikes.plan_target) == ("S/D", Decimal("35.5"))
    targets = dict(IndicatorTarget.objects.filter(indicator=cameras).values_list("year", "value"))
    assert targets == {2024: Decimal(200), 2025: Decimal(300)}
    assert list(IndicatorTarget.objects.filter(indicator=bikes).values_list("year", flat=True)) == [2025]


THIRD_MAPPING = """
plan_desarrollo: {identificador: pdd-2024-2027, nombre: Plan Municipal 2024-2027, inicio: 2024, fin: 2027}
niveles:
  - {nivel: linea, codigo: Eje}
  - {nivel: programa, codigo: Prog, nombre: Nombre del programa, componer: true}
indicador: {codigo: N, componer_codigo: true, nombre: Meta de producto, unidad: Unidad, meta_plan: Meta}
logros_anuales: {Logro 2024: 2024}
"""


def test_levels_numbered_inside_their_parent_and_yearly_achievements(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path
) -> None:
    rows = [
        ["Eje", "Prog", "Nombre del programa", "N", "Meta de producto", "Unidad", "Meta", "Logro 2024"],
        ["1", "1", "Agua potable", "1", "Viviendas conectadas", "Número", "1.234,5", "300"],
        ["1", "2", "Saneamiento", "1", "Colectores construidos", "km", "12", "S/D"],
        ["2", "1", "Vías", "1", "Vías rurales mejoradas", "km", "40", ""],
    ]
    mapping = tmp_path / "tercera.yml"
    mapping.write_text(THIRD_MAPPING, encoding="utf-8")
    run(write_sheet(rows, sheet="Hoja1", name="tercera.xlsx"), plan, mapping)
    codes = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    assert codes == {"1.1.1", "1.2.1", "2.1.1"}
    assert not IndicatorValue.objects.filter(plan=plan).exists(), "the achievements wait for review"
    assert approve_pending(plan) == 2
    water = Indicator.objects.get(plan=plan, code="1.1.1")
    assert water.plan_target == Decimal("1234.5")
    assert water.pdd_node is not None and (water.pdd_node.code, water.pdd_node.name) == (
        "1.1",
        "Agua potable",
    )
    values = {(v.indicator.code, v.value, v.value_code) for v in IndicatorValue.objects.filter(plan=plan)}
    assert values == {("1.1.1", Decimal(300), ""), ("1.2.1", None, "S/D")}
    assert run(write_sheet(rows, sheet="Hoja1", name="tercera.xlsx"), plan, mapping).created == 0


def test_the_command_reports_every_problem_and_writes_nothing(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    sheet_copy[5][sheet_copy[0].index("Tipo")] = "Z"
    sheet_copy[9][sheet_copy[0].index("Tipo")] = "Y"
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problema"):
        call_command(
            "import_plan_indicativo",
            str(write_sheet(sheet_copy)),
            plan=plan.slug,
            mapping=str(MEDELLIN),
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "fila 6, columna 'Tipo'" in err.getvalue() and "fila 10, columna 'Tipo'" in err.getvalue()
    assert not Indicator.objects.filter(plan=plan).exists()
