"""Other municipalities' plan-indicativo workbooks as they come (title rows, a repeated header name, TOTAL
rows, merged levels, a strategic line written above each table, several sheets, two tables side by side,
codes typed as numbers, text where a number goes, four levels), read with documented mapping keys only.

The workbooks are built here in those shapes (the real ones are not in shared/). The module runs on SQLite
and, with DATABASE_URL, on PostgreSQL: the same bad file gives the same located messages on both.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan, PddLevel, PddNode, leaf_level, plan_levels
from ssepot.importers.base import ImportFailed
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.importers.tables import index_of, letter_of
from ssepot.indicators.models import Indicator, IndicatorTarget

pytestmark = pytest.mark.django_db


def active(book: Any) -> Any:
    """The workbook's first sheet (openpyxl types it as maybe None)."""
    return book.active


HEADER = ["Programa", "Subprograma", "Nombre subprograma", "Cod. MR", "Meta de resultado", "Código",
          "Meta de producto", "Unidad", "L.B", "L.B", "Meta cuatrienio", "Meta 2024",
          "Observación"]  # fmt: skip


def _row(program: Any, sub: str, mr: str, code: Any, name: str, baseline: Any, target: Any) -> list[Any]:
    return [program, sub, f"Subprograma {sub}", mr, f"Resultado {mr}", code, name, "Número", baseline,
            "2019", target, 10, ""]  # fmt: skip


def four_level_book(path: Path) -> Path:
    """Two stacked tables, each under a title row naming its strategic line; the program cell holds the
    code and the name and is merged down its rows; the header has L.B twice; each table ends in TOTAL."""
    book = Workbook()
    ws = active(book)
    ws.title = "Plan indicativo"
    ws.append(["MUNICIPIO DE EJEMPLO - PLAN INDICATIVO 2024-2027"])
    ws.append(["Corte: 31 de diciembre"])
    ws.append(HEADER)  # row 3
    ws.append(["LÍNEA 1. Territorio seguro"])  # row 4: the line of the first table
    ws.append(_row("0101\n Implementación de la seguridad", "010101", "MR1", 10101.0, "Cámaras", 12, 40))
    ws.append(_row(None, "010101", "MR1", "010102", "Patrullas", "S.D", 10))  # row 6, program merged
    ws.append(_row(None, "010102", "MR2", 10103, "Alarmas", "2 km", "Meta cuatrenio cumplida"))  # row 7
    ws.merge_cells("A5:A7")
    ws.append(["TOTAL", None, None, None, None, None, None, None, None, None, 60])  # row 8
    ws.append([])
    ws.append(["LÍNEA 2. Territorio verde"])  # row 10
    ws.append(HEADER)  # row 11: the header repeated
    ws.append(_row("0201 Árboles", "020101", "MR3", "20101", "Siembra", "1.234,5", 5000))  # row 12
    ws.append(["Total general", None, None, None, None, None, None, None, None, None, 5060])  # row 13
    book.save(path)
    return path


def four_level_mapping(path: Path, **changes: Any) -> Path:
    mapping: dict[str, Any] = {
        "plan_desarrollo": {"identificador": "pdm-2024-2027", "nombre": "Plan de ejemplo", "inicio": 2024,
                            "fin": 2027},
        "hoja": "Plan indicativo",
        "fila_encabezado": 3,
        "filas_titulo": [{"nombre": "Línea", "columna": "@A", "patron": "^L[ÍI]NEA"}],
        "omitir_filas": [{"columna": "@A", "valores": ["TOTAL", "total general"]}],
        "rellenar_combinadas": True,
        "niveles": [
            {"nivel": "eje", "etiqueta": "Línea estratégica", "codigo": "Línea",
             "patron_dividir": r"^L[ÍI]NEA (?P<codigo>[0-9]+)\. (?P<nombre>.*)$", "dividir": True,
             "formato_codigo": {"ancho": 2}},
            {"nivel": "programa", "codigo": "Programa", "dividir": True, "formato_codigo": {"ancho": 4}},
            {"nivel": "subprograma", "codigo": "Subprograma", "nombre": "Nombre subprograma"},
            {"nivel": "meta-resultado", "etiqueta": "Meta de resultado", "codigo": "Cod. MR",
             "nombre": "Meta de resultado"},
        ],
        "indicador": {"codigo": "Código", "formato_codigo": {"ancho": 6}, "nombre": "Meta de producto",
                      "unidad": "@H", "linea_base": "L.B#1", "meta_plan": "Meta cuatrienio",
                      "vigencia_linea_base": "L.B#2", "observaciones": "Observación"},
        "metas_anuales": {"Meta 2024": 2024},
        "codigos": {"sin_dato": ["S.D"], "textos": {"Meta cuatrenio cumplida": "MCC"},
                    "texto_como_nota": True},
    }  # fmt: skip
    mapping.update(changes)
    path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return path


def run(book: Path, mapping: Path, plan: Plan, **options: Any) -> Any:
    return PlanIndicativoImporter(book, plan=plan, mapping=str(mapping), **options).run(
        dry_run=options.pop("dry_run", False)
    )


def test_a_four_level_workbook_with_titles_totals_and_merged_cells_loads_with_documented_keys(
    plan: Plan, tmp_path: Path
) -> None:
    book, mapping = four_level_book(tmp_path / "plan.xlsx"), four_level_mapping(tmp_path / "mapa.yml")
    result = run(book, mapping, plan)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    assert plan_levels(pdd) == [("eje", "Línea estratégica"), ("programa", "Programa"),
                                ("subprograma", "Subprograma"),
                                ("meta-resultado", "Meta de resultado")]  # fmt: skip
    assert leaf_level(pdd) == "meta-resultado"
    nodes = {n.code: n for n in PddNode.objects.filter(development_plan=pdd).select_related("parent")}
    # the line from the title row, the program split from its merged cell, codes padded as declared
    assert (nodes["01"].name, nodes["01"].level, nodes["01"].parent) == ("Territorio seguro", "eje", None)
    assert (nodes["0101"].name, nodes["0101"].parent) == ("Implementación de la seguridad", nodes["01"])
    assert nodes["02"].name == "Territorio verde" and nodes["0201"].name == "Árboles"
    assert nodes["MR2"].parent == nodes["010102"] and nodes["010102"].parent == nodes["0101"]
    indicators = {i.code: i for i in Indicator.objects.filter(development_plan=pdd)}
    # 10101.0, "010102" and 10103 are one code shape; the TOTAL rows and the repeated header are not data
    assert sorted(indicators) == ["010101", "010102", "010103", "020101"]
    assert indicators["010101"].pdd_node == nodes["MR1"]
    assert (indicators["010101"].baseline_value, indicators["010101"].baseline_year) == (Decimal(12), "2019")
    assert (indicators["010102"].baseline_value, indicators["010102"].baseline_code) == (None, "S.D")
    alarms = indicators["010103"]
    assert (alarms.baseline_value, alarms.baseline_code, alarms.plan_target_code) == (None, "", "MCC")
    assert "2 km" in alarms.observations
    assert indicators["020101"].baseline_value == Decimal("1234.5")
    assert IndicatorTarget.objects.filter(indicator__development_plan=pdd, year=2024).count() == 4
    [note] = [w for w in result.warnings if "2 km" in w.message]
    assert (note.sheet, note.row, note.column, note.letter) == ("Plan indicativo", 7, "L.B#1", "I")
    assert "no es un número" in str(note) and "(I)" in str(note)
    skipped = sorted(c.place for c in result.changes if c.action == "omitir")
    assert [p.split("fila ")[1] for p in skipped] == ["10", "11", "13", "4", "8"]
    # a rerun changes nothing
    again = run(book, mapping, plan)
    assert (again.created, again.updated) == (0, 0)
    assert {c.action for c in again.changes} >= {"sin cambios"} and "crear" not in {
        c.action for c in again.changes
    }


def test_the_plans_figures_roll_up_from_the_deepest_level(plan: Plan, tmp_path: Path) -> None:
    from ssepot.figures.development import development_figures
    from ssepot.figures.loaders import WORKING

    run(four_level_book(tmp_path / "plan.xlsx"), four_level_mapping(tmp_path / "mapa.yml"), plan)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    levels = {(r.level, r.code) for r in development_figures(pdd, 2024, None, WORKING).levels}
    assert {
        ("eje", "01"),
        ("programa", "0101"),
        ("subprograma", "010101"),
        ("meta-resultado", "MR1"),
    } <= levels


def test_a_repeated_header_name_is_refused_only_where_the_mapping_uses_it_without_its_occurrence(
    plan: Plan, tmp_path: Path
) -> None:
    book = four_level_book(tmp_path / "plan.xlsx")
    mapping = four_level_mapping(tmp_path / "mapa.yml")
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["indicador"]["linea_base"] = "L.B"
    data["indicador"].pop("vigencia_linea_base")
    data["ignorar"] = ["Columna que no existe"]
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        run(book, mapping, plan)
    [problem] = failed.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Plan indicativo", 3, "L.B")
    assert "2 veces" in problem.message and "I, J" in problem.message and "«L.B#2»" in problem.message
    assert not DevelopmentPlan.objects.filter(plan=plan).exists()
    # ignoring both (by their name) is fine; the ignore that matches nothing is reported
    data["indicador"]["linea_base"] = "@I"
    data["ignorar"] = ["L.B", "Columna que no existe"]
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(book, mapping, plan)
    assert [w.column for w in result.warnings if "ignorar" in w.message] == ["Columna que no existe"]
    assert Indicator.objects.get(code="010101").baseline_value == Decimal(12)


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_65_character_level_code_is_a_located_error_and_nothing_is_written(
    plan: Plan, tmp_path: Path, dry_run: bool
) -> None:
    book = four_level_book(tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    active(wb)["B12"] = "X" * 65  # the subprogram of the second table
    wb.save(book)
    with pytest.raises(ImportFailed) as failed:
        run(book, four_level_mapping(tmp_path / "mapa.yml"), plan, dry_run=dry_run)
    [problem] = failed.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.letter) == (
        "Plan indicativo",
        12,
        "Subprograma",
        "B",
    )
    assert (
        problem.message == "el código '" + "X" * 65 + "' tiene 65 caracteres y el sistema admite a lo sumo 30"
    )
    assert not PddNode.objects.exists() and not DevelopmentPlan.objects.exists()


def test_magnitude_and_precision_are_checked_before_writing(plan: Plan, tmp_path: Path) -> None:
    book = four_level_book(tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    active(wb)["K5"] = 10**15  # the plan target: 16 digits before the decimal point
    active(wb)["I12"] = "0,1234567890123456789012345"  # a baseline with 25 decimals
    wb.save(book)
    with pytest.raises(ImportFailed) as failed:
        run(book, four_level_mapping(tmp_path / "mapa.yml"), plan)
    [problem] = failed.value.problems
    assert (problem.row, problem.column, problem.letter) == (5, "Meta cuatrienio", "K")
    assert "16 cifras antes de la coma" in problem.message
    active(wb)["K5"] = 40
    wb.save(book)
    result = run(book, four_level_mapping(tmp_path / "mapa.yml"), plan)
    [rounded] = [w for w in result.warnings if "decimales" in w.message]
    assert (rounded.row, rounded.letter) == (12, "I")
    places = Indicator._meta.get_field("baseline_value").decimal_places
    assert Indicator.objects.get(code="020101").baseline_value == Decimal(
        "0.1234567890123456789012345"
    ).quantize(Decimal(1).scaleb(-places))


def test_without_texto_como_nota_a_text_in_a_number_column_is_refused_at_its_cell(
    plan: Plan, tmp_path: Path
) -> None:
    mapping = four_level_mapping(
        tmp_path / "mapa.yml", codigos={"sin_dato": ["S.D"], "textos": {"Meta cuatrenio cumplida": "MCC"}}
    )
    with pytest.raises(ImportFailed) as failed:
        run(four_level_book(tmp_path / "plan.xlsx"), mapping, plan)
    [problem] = failed.value.problems
    assert (problem.row, problem.column, problem.letter) == (7, "L.B#1", "I")
    assert "«2 km» no es un número" in problem.message


def test_several_sheets_with_different_layouts_become_one_plan(plan: Plan, tmp_path: Path) -> None:
    book = Workbook()
    health = active(book)
    health.title = "Salud"
    health.append(["Programa", "Código", "Meta", "Unidad", "LB"])
    health.append(["Salud para todos", "1.1", "Vacunas", "Dosis", 10])
    health.append(["Salud para todos", "1.2", "Consultas", "Número", 20])
    mobility = book.create_sheet("Movilidad")
    mobility.append(["Secretaría de Movilidad"])
    mobility.append(["Cód. meta", "Nombre de la meta", "Programa", "Unidad", "Línea base", "Notas"])
    mobility.append(["2.1", "Ciclorrutas", "Movilidad sostenible", "km", "3,5", "x"])
    book.save(tmp_path / "plan.xlsx")
    mapping = {
        "plan_desarrollo": {"identificador": "pdm", "nombre": "Plan", "inicio": 2024, "fin": 2027},
        "hojas": ["Salud", {"hoja": "Movilidad", "fila_encabezado": 2, "ignorar": ["Notas"],
                            "renombrar": {"Cód. meta": "Código", "Nombre de la meta": "Meta",
                                          "Línea base": "LB"},
                            "constantes": {"Eje": "2"}}],
        "constantes": {"Eje": "1"},
        "niveles": [{"nivel": "eje", "codigo": "Eje"}, {"nivel": "programa", "codigo": "Programa"}],
        "indicador": {"codigo": "Código", "nombre": "Meta", "unidad": "Unidad", "linea_base": "LB"},
    }  # fmt: skip
    (tmp_path / "mapa.yml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    run(tmp_path / "plan.xlsx", tmp_path / "mapa.yml", plan)
    got = {
        code: (line, program, baseline)
        for code, line, program, baseline in Indicator.objects.filter(plan=plan).values_list(
            "code", "pdd_node__parent__code", "pdd_node__code", "baseline_value"
        )
    }
    assert got == {
        "1.1": ("1", "Salud para todos", Decimal(10)),
        "1.2": ("1", "Salud para todos", Decimal(20)),
        "2.1": ("2", "Movilidad sostenible", Decimal("3.5")),
    }


def test_two_tables_side_by_side_under_one_header_row(plan: Plan, tmp_path: Path) -> None:
    book = Workbook()
    ws = active(book)
    ws.title = "Plan"
    ws.append(["Programa", "Código", "Meta", "Unidad", None, "Programa", "Código", "Meta", "Unidad"])
    ws.append(["P1", "1", "Uno", "Número", None, "P2", "4", "Cuatro", "Número"])
    ws.append(["P1", "2", "Dos", "Número", None, "P2", "5", "Cinco", "Número"])
    ws.append(["P1", "3", "Tres", "Número"])
    book.save(tmp_path / "plan.xlsx")
    mapping = {
        "plan_desarrollo": {"identificador": "pdm", "nombre": "Plan", "inicio": 2024, "fin": 2027},
        "hojas": [{"hoja": "Plan", "columnas": "A:D"}, {"hoja": "Plan", "columnas": "F:I"}],
        "niveles": [{"nivel": "programa", "codigo": "Programa"}],
        "indicador": {"codigo": "Código", "nombre": "Meta", "unidad": "Unidad"},
    }
    (tmp_path / "mapa.yml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    run(tmp_path / "plan.xlsx", tmp_path / "mapa.yml", plan)
    got = dict(Indicator.objects.filter(plan=plan).values_list("code", "pdd_node__code"))
    assert got == {"1": "P1", "2": "P1", "3": "P1", "4": "P2", "5": "P2"}


def test_a_bad_mapping_is_told_in_spanish(plan: Plan, tmp_path: Path) -> None:
    mapping = four_level_mapping(tmp_path / "mapa.yml", fila_encabezdo=3)
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["niveles"][0]["nivel"] = "Eje Estratégico"
    data["omitir_filas"] = [{"columna": "@A"}]
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        run(four_level_book(tmp_path / "plan.xlsx"), mapping, plan)
    messages = sorted(p.message for p in failed.value.problems)
    assert any(m.startswith("clave «fila_encabezdo»: clave desconocida") for m in messages)
    assert any(m.startswith("clave «niveles.0.nivel»: el texto no tiene la forma esperada") for m in messages)
    assert any("cada regla de omitir_filas lleva" in m for m in messages)
    assert not any(word in m for m in messages for word in ("Field", "should", "Extra inputs", "Value error"))


def test_a_dry_run_tells_what_would_be_created_changed_and_left_out_as_text_and_xlsx(
    plan: Plan, tmp_path: Path
) -> None:
    book, mapping = four_level_book(tmp_path / "plan.xlsx"), four_level_mapping(tmp_path / "mapa.yml")
    report = tmp_path / "informe.xlsx"
    out = io.StringIO()
    call_command("import_plan_indicativo", str(book), plan=plan.slug, mapping=str(mapping), dry_run=True,
                 informe=str(report), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "no se guardó nada" in text and "crear indicador: 4" in text and "omitir fila: 5" in text
    assert not DevelopmentPlan.objects.exists()
    rows = list(active(load_workbook(report)).iter_rows(values_only=True))
    assert rows[0] == ("acción", "qué", "código", "detalle", "lugar en el libro")
    assert ("crear", "indicador", "010101", "Cámaras", None) in rows
    assert any(r[0] == "omitir" and r[3] == "«@A» dice TOTAL / total general" for r in rows)
    assert any(r[0] == "advertencia" and "2 km" in r[3] and "(I)" in r[4] for r in rows)
    # after the real import, a changed workbook says what changes
    run(book, mapping, plan)
    wb = load_workbook(book)
    active(wb)["K5"] = 45
    wb.save(book)
    text_report = tmp_path / "informe.txt"
    call_command("import_plan_indicativo", str(book), plan=plan.slug, mapping=str(mapping), dry_run=True,
                 informe=str(text_report), stdout=io.StringIO())  # fmt: skip
    lines = text_report.read_text(encoding="utf-8").splitlines()
    assert "cambiar\tindicador\t010101\tmeta del plan: 40 → 45\t" in lines
    assert Indicator.objects.get(code="010101").plan_target == Decimal(40)


def test_a_failed_import_lists_every_problem_with_its_letter(plan: Plan, tmp_path: Path) -> None:
    book = four_level_book(tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    active(wb)["H12"] = None  # the unit, read by its letter
    wb.save(book)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan_indicativo", str(book), plan=plan.slug,
                     mapping=str(four_level_mapping(tmp_path / "mapa.yml")), stderr=err)  # fmt: skip
    assert "plan.xlsx, hoja 'Plan indicativo', fila 12, columna '@H' (H): falta la unidad del indicador" in (
        err.getvalue()
    )


def test_column_letters_round_trip() -> None:
    assert [letter_of(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert all(index_of(letter_of(i)) == i for i in range(2000))


def test_levels_are_rewritten_when_the_mapping_changes_them(plan: Plan, tmp_path: Path) -> None:
    book, mapping = four_level_book(tmp_path / "plan.xlsx"), four_level_mapping(tmp_path / "mapa.yml")
    run(book, mapping, plan)
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["niveles"][2]["etiqueta"] = "Subprograma de inversión"
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run(book, mapping, plan)
    assert PddLevel.objects.get(key="subprograma").name == "Subprograma de inversión"
    assert PddLevel.objects.count() == 4
