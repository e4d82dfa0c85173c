"""A development plan's money from a budget workbook read through a YAML mapping: Medellín's real financial
execution with the shipped mapping (its totals per line are the sheet's sums), and refusals that name the
sheet, row and column and write nothing."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Agency, Plan
from ssepot.development.models import DevelopmentPlan, PddNode, ProgramInvestment
from ssepot.importers.base import ImportFailed
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.importers.presupuesto import MAPPINGS, BudgetImporter

pytestmark = pytest.mark.django_db

MEDELLIN = MAPPINGS / "medellin-presupuesto-2020-2023.yml"
SHEET = "Ejec_financ_plan"


@pytest.fixture
def budget_file(shared_data: Path) -> Path:
    return shared_data / "medellin-pdd-2020-2023" / "ejecucion_financiera_estructura_plan.xlsx"


@pytest.fixture
def structure(plan: Plan, sheets_file: Path) -> DevelopmentPlan:
    """Medellín's development plan with its 5 lines, 28 components and 105 programs, from its real sheets."""
    PlanIndicativoImporter(sheets_file, plan=plan, mapping=str(MAPPINGS / "medellin-pdd-2020-2023.yml")).run()
    return DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")


def sheet_rows(path: Path) -> list[list[Any]]:
    book = load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in book[SHEET].iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.fixture
def write_budget(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[list[Any]], name: str = "presupuesto.xlsx") -> Path:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(SHEET)
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        book.save(path)
        return path

    return write


def run(path: Path, plan: Plan, mapping: Path = MEDELLIN, **options: Any) -> Any:
    return BudgetImporter(path, plan=plan, mapping=str(mapping), **options).run(**options.pop("run", {}))


def stored() -> list[dict[str, Any]]:
    return [dict(row) for row in ProgramInvestment.objects.order_by("pk").values()]


def test_medellins_financial_execution_loads_and_each_line_is_the_sum_of_the_sheet(
    plan: Plan, structure: DevelopmentPlan, budget_file: Path
) -> None:
    out = io.StringIO()
    call_command("import_presupuesto", str(budget_file), plan=plan.slug, mapping=str(MEDELLIN), stdout=out)
    rows = sheet_rows(budget_file)
    header, data = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    at = {name: header.index(name) for name in header}
    assert ProgramInvestment.objects.filter(node__development_plan=structure).count() == len(data)
    # the plan's line of each program is its code's first part; the sheet's own CodLinea says otherwise
    # on one row (3.2.5 under line 4), which the import reports as a warning with its place
    by_line: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    disagree = []
    for number, r in enumerate(rows[1:], start=2):
        program = str(r[at["CodProgramaCompuesto"]])
        line = program.split(".")[0]
        by_line[line][0] += r[at["PresupAjustado"]]
        by_line[line][1] += r[at["Ejecutado"]]
        if str(r[at["CodLinea"]]) != line:
            disagree.append(number)
    assert disagree, "the real sheet has a row whose CodLinea is not its program's line"
    for number in disagree:
        assert f"fila {number}, columna 'CodLinea'" in out.getvalue()
    lines = {n.pk: n.code for n in PddNode.objects.filter(development_plan=structure, level="linea")}
    parents = dict(PddNode.objects.filter(development_plan=structure).values_list("pk", "parent_id"))

    def line_of(node_id: int) -> str:
        while node_id not in lines:
            node_id = parents[node_id]
        return lines[node_id]

    saved: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in ProgramInvestment.objects.filter(node__development_plan=structure):
        assert (row.year, row.cutoff.isoformat() if row.cutoff else None) == (2023, "2023-08-31")
        assert row.commitments is None and row.payments is None  # not in the file: empty, not 0
        saved[line_of(row.node_id)][0] += row.budget
        saved[line_of(row.node_id)][1] += row.executed
    assert dict(saved) == dict(by_line)
    assert AuditEntry.objects.filter(action="importar presupuesto", plan=plan).count() == 1
    # every line keeps its history, with the file as the reason (ADR 0006)
    history = ProgramInvestment.history.filter(history_change_reason__contains=budget_file.name)
    assert history.count() == len(data)
    # a second run changes nothing
    again = run(budget_file, plan)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(data))


def test_a_dry_run_says_what_would_be_written_and_writes_nothing(
    plan: Plan, structure: DevelopmentPlan, budget_file: Path, tmp_path: Path
) -> None:
    out = io.StringIO()
    report = tmp_path / "informe.xlsx"
    call_command(
        "import_presupuesto",
        str(budget_file),
        plan=plan.slug,
        mapping=str(MEDELLIN),
        dry_run=True,
        informe=str(report),
        stdout=out,
    )
    text = out.getvalue()
    rows = [r for r in sheet_rows(budget_file)[1:] if any(v is not None for v in r)]
    assert "no se guardó nada" in text
    assert f"se crearían: {len(rows)}" in text
    assert f"apropiación definitiva (COP): {sum(r[3] for r in rows)}" in text
    assert not ProgramInvestment.objects.exists()
    assert not AuditEntry.objects.filter(action="importar presupuesto").exists()
    # the planner's report: one line per budget line that would be created, and the source's inconsistency
    book = load_workbook(report, read_only=True)
    lines = list(book.worksheets[0].iter_rows(values_only=True))[1:]
    book.close()
    assert [r[0] for r in lines].count("crear") == len(rows)
    assert any(r[0] == "advertencia" and "CodLinea" in str(r[4]) and "(A)" in str(r[4]) for r in lines)


def test_bad_cells_are_refused_with_sheet_row_and_column_and_nothing_is_written(
    plan: Plan, structure: DevelopmentPlan, budget_file: Path, write_budget: Callable[..., Path]
) -> None:
    rows = sheet_rows(budget_file)
    rows[1][2] = "9.9.9"  # a program the plan does not have
    rows[2][3] = -5  # a negative appropriation
    rows[3][4] = "12,5,3"  # not a number
    rows[4][3] = 10**19  # beyond a BigInteger column
    rows[5][4] = 1234.5  # cents, refused by default
    rows[6] = list(rows[7])  # the same budget line twice
    before = stored()
    with pytest.raises(ImportFailed) as failed:
        run(write_budget(rows), plan)
    messages = [str(p) for p in failed.value.problems]
    assert any("fila 2, columna 'CodProgramaCompuesto' (C)" in m and "'9.9.9'" in m for m in messages)
    assert any("fila 3, columna 'PresupAjustado'" in m and "negativo" in m for m in messages)
    assert any("fila 4, columna 'Ejecutado'" in m and "varias comas" in m for m in messages)
    assert any("fila 5, columna 'PresupAjustado'" in m and "demasiado grande" in m for m in messages)
    assert any("fila 6, columna 'Ejecutado'" in m and "entero" in m for m in messages)
    assert any("fila 8, columna 'CodProgramaCompuesto'" in m and "fila 7" in m for m in messages)
    assert all(f"hoja '{SHEET}'" in m for m in messages)
    assert stored() == before


def test_an_unmapped_column_a_missing_one_and_a_wrong_key_are_named(
    plan: Plan,
    structure: DevelopmentPlan,
    budget_file: Path,
    write_budget: Callable[..., Path],
    tmp_path: Path,
) -> None:
    rows = sheet_rows(budget_file)
    rows[0][4] = "Ejecutado2023"
    with pytest.raises(ImportFailed) as failed:
        run(write_budget(rows), plan)
    messages = [str(p) for p in failed.value.problems]
    assert any("fila 1, columna 'Ejecutado2023'" in m and "sin correspondencia" in m for m in messages)
    assert any("columna 'Ejecutado'" in m and "«montos.ejecutado»" in m for m in messages)
    wrong = tmp_path / "mal.yml"
    wrong.write_text(MEDELLIN.read_text(encoding="utf-8").replace("omitir_filas", "omitir_fila"))
    with pytest.raises(ImportFailed) as failed:
        run(budget_file, plan, wrong)
    assert "omitir_fila" in str(failed.value)


def test_another_workbook_with_goals_bpin_sources_agencies_millions_and_a_total_row(
    plan: Plan, structure: DevelopmentPlan, write_budget: Callable[..., Path], tmp_path: Path
) -> None:
    Agency.objects.create(plan=plan, code="sdeco", name="Secretaría de Desarrollo Económico", acronym="SDE")
    path = write_budget(
        [
            ["Plan de inversiones 2022 (millones de pesos)"],
            ["Meta", "BPIN", "Proyecto", "Fuente", "Dependencia", "Año", "Ap. inicial", "Ap. definitiva",
             "Compromisos", "Obligaciones", "Pagos", "Plan financiero"],
            ["1.1.1.2", 2020050010123, "Formación 4.0", "Recursos propios", "SDE", 2022, "1.000", "1.200,5",
             900, 800, 700, 1100],
            ["1.1.1.2", 2020050010123, "Formación 4.0", "SGP", "sdeco", 2022, None, 300, 0, None, None, None],
            ["TOTAL", None, None, None, None, None, None, 1500.5, 900, 800, 700, 1100],
        ]
    )  # fmt: skip
    mapping = tmp_path / "otro.yml"
    mapping.write_text(
        """
plan_desarrollo: pdd-2020-2023
fila_encabezado: 2
vigencia: Año
indicador: Meta
montos:
  apropiacion_inicial: Ap. inicial
  apropiacion_definitiva: Ap. definitiva
  compromisos: Compromisos
  obligaciones: Obligaciones
  pagos: Pagos
  plan_financiero: Plan financiero
unidad_montos: millones
bpin: BPIN
proyecto: Proyecto
fuente: Fuente
dependencia: Dependencia
omitir_filas: [Total]
""",
        encoding="utf-8",
    )
    result = run(path, plan, mapping)
    assert result.created == 2 and result.details["filas omitidas (omitir_filas)"] == 1
    own, sgp = ProgramInvestment.objects.order_by("source")
    assert own.source == "Recursos propios" and own.bpin == "2020050010123"
    assert own.node.code == "1.1.1" and own.indicator is not None and own.indicator.code == "1.1.1.2"
    assert (own.initial_appropriation, own.budget, own.commitments, own.obligations, own.payments) == (
        1_000_000_000, 1_200_500_000, 900_000_000, 800_000_000, 700_000_000,
    )  # fmt: skip
    assert own.executed == own.commitments  # no «ejecutado» column: the commitments
    assert own.financial_plan == 1_100_000_000 and own.agency == sgp.agency
    assert (sgp.initial_appropriation, sgp.commitments, sgp.obligations) == (None, 0, None)  # blank vs zero


def test_a_csv_with_colombian_numbers_cents_rounded_and_repeated_lines_added_up(
    plan: Plan, structure: DevelopmentPlan, tmp_path: Path
) -> None:
    path = tmp_path / "presupuesto.csv"
    path.write_text(
        "Programa;Vigencia;Apropiación;Compromisos;Fuente\n"
        "1.1.1;2021;$ 1.234.567,50;1.000.000;SGP\n"
        "1.1.1;2021;100;0;SGP\n"
        "1.1.2;2022;2.000;;Recursos propios\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "csv.yml"
    mapping.write_text(
        "plan_desarrollo: pdd-2020-2023\nvigencia: Vigencia\nnivel: Programa\nfuente: Fuente\n"
        "montos: {apropiacion_definitiva: Apropiación, compromisos: Compromisos}\n"
        "centavos: redondear\nsumar_repetidas: true\n",
        encoding="utf-8",
    )
    result = run(path, plan, mapping)
    assert result.created == 2 and result.details["filas sumadas (sumar_repetidas)"] == 1
    first = ProgramInvestment.objects.get(node__code="1.1.1")
    assert (first.year, first.budget, first.commitments, first.executed) == (
        2021,
        1_234_668,
        1_000_000,
        1_000_000,
    )
    second = ProgramInvestment.objects.get(node__code="1.1.2")
    assert (second.commitments, second.executed) == (None, 0)  # blank commitments: not reported
    # a key that does not fit is refused with its cell, the same on SQLite and PostgreSQL; nothing written
    before = stored()
    path.write_text(
        "Programa;Vigencia;Apropiación;Compromisos;Fuente\n" + f"1.1.1;2024;5;5;{'F' * 201}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        run(path, plan, mapping)
    messages = [str(p) for p in failed.value.problems]
    assert any("fila 2, columna 'Fuente'" in m and "201 caracteres" in m for m in messages)
    assert any("fila 2, columna 'Vigencia'" in m and "fuera del plan" in m for m in messages)
    assert stored() == before


def test_the_command_names_every_problem_and_writes_nothing(
    plan: Plan, structure: DevelopmentPlan, budget_file: Path, write_budget: Callable[..., Path]
) -> None:
    rows = sheet_rows(budget_file)
    rows[10][3] = "mucho"
    err = io.StringIO()
    with pytest.raises(CommandError, match="no se importó nada: 1 problema"):
        call_command(
            "import_presupuesto", str(write_budget(rows)), plan=plan.slug, mapping=str(MEDELLIN), stderr=err
        )
    assert "fila 11, columna 'PresupAjustado' (D): «mucho» no es un número" in err.getvalue()
    assert not ProgramInvestment.objects.exists()
