"""A municipality that names its goals Incremento / Mantenimiento / Reducción, weighs its axes itself and
reports at a mid-year cut-off: its mapping declares its rules and its workbook loads with no code; every
level's progress and compliance follow those rules, worked out by hand below. A code without a rule stops
the import at its cell, naming the plan and the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan
from ssepot.figures.development import development_figures
from ssepot.figures.loaders import WORKING
from ssepot.importers.base import ImportFailed
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.indicators.models import CalculationRules
from ssepot.reporting.tests.batch_helpers import approve_pending

pytestmark = pytest.mark.django_db

MAPPING = """
plan_desarrollo: {identificador: pdm-2024-2027, nombre: Plan de Desarrollo Municipal, inicio: 2024, fin: 2027}
reglas:
  nombre: otra-ciudad
  acumulacion: {Incremento: flujo, Mantenimiento: mantenimiento, Reducción: acumulado}
  tope_anual: 1
  pesos: nodo
fila_encabezado: 2
niveles:
  - {nivel: linea, codigo: Eje, nombre: Nombre eje, peso: Peso eje}
  - {nivel: programa, codigo: Prog, nombre: Programa, componer: true}
indicador:
  codigo: N
  componer_codigo: true
  nombre: Meta de producto
  unidad: Unidad
  acumulacion: Tipo de meta
  sentido: Sentido
  linea_base: LB
  meta_plan: Meta cuatrienio
metas_anuales: {Meta 2024: 2024, Meta 2025: 2025}
logros_anuales: {Logro 2024: 2024, Logro 2025: 2025}
codigos:
  acumulacion: {Incremento: Incremento, Mantenimiento: Mantenimiento, Reducción: Reducción}
  sentido: {Aumentar: C, Disminuir: D}
"""
HEADER = [
    "Eje", "Nombre eje", "Peso eje", "Prog", "Programa", "N", "Meta de producto", "Unidad", "Tipo de meta",
    "Sentido", "LB", "Meta cuatrienio", "Meta 2024", "Meta 2025", "Logro 2024", "Logro 2025",
]  # fmt: skip
ROWS = [
    ["1", "Desarrollo económico", "0,6", "1", "Empleo", "1", "Empleos creados", "Número", "Incremento",
     "Aumentar", "0", "100", 40, 60, 30, 50],
    ["2", "Ambiente", "0,4", "1", "Agua", "1", "Cobertura de acueducto", "%", "Mantenimiento",
     "Aumentar", "90", "90", 90, 90, 90, 45],
    ["2", "Ambiente", "0,4", "1", "Agua", "2", "Pérdidas de agua", "%", "Reducción",
     "Disminuir", "50", "30", 45, 40, 45, 40],
]  # fmt: skip


@pytest.fixture
def write_sheet(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[list[Any]], name: str) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    return write


def _load(plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, rows: list[list[Any]]) -> Any:
    mapping = tmp_path / "otra-ciudad.yml"
    mapping.write_text(MAPPING, encoding="utf-8")
    path = write_sheet([["Plan indicativo - Alcaldía de Otra Ciudad"], HEADER, *rows], name="pdm.xlsx")
    result = PlanIndicativoImporter(path, plan=plan, mapping=str(mapping)).run()
    approve_pending(plan)  # NB: the achievements are a batch; the analyst approves it
    return result


def test_every_level_follows_the_plan_s_own_rules_at_a_mid_year_cut_off(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path
) -> None:
    _load(plan, write_sheet, tmp_path, ROWS)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    assert CalculationRules.objects.get(development_plan=pdd).version == 1
    result = development_figures(pdd, 2025, dt.date(2025, 6, 30), WORKING)
    got = {(r.level, r.code): (r.progress.value, r.compliance.value) for r in result.levels}
    # Incremento = flujo: (30 + 50) / 100; programmed (40 + 60) / 100
    assert got[("linea", "1")] == (Decimal(80), Decimal(80))
    # Mantenimiento: (12 x 90/90 + 6 x 45/90) / 48 = 31,25 %, programmed 24 / 48;
    # Reducción = acumulado, decreasing: (50 - 40) / (50 - 30) = 50 %, programmed (50 - 40) / 20 = 50 %
    water = got[("programa", "2.1")]
    assert water == (Decimal("40.625"), Decimal("81.25"))
    assert got[("linea", "2")] == water
    # the axes weigh 0,6 and 0,4 (pesos: nodo): 0,6 x 80 + 0,4 x 40,625; programmed 0,6 x 1 + 0,4 x 0,5
    assert got[("plan", "pdm-2024-2027")] == (Decimal("64.25"), Decimal("80.3125"))
    plan_figure = result.levels[0].progress
    assert "otra-ciudad" in plan_figure.method and "18 de 48 meses" in plan_figure.method
    maintenance = next(r for r in result.indicators if r.code == "2.1.1").progress
    assert "12 × 1 + 6 × 0,5" in maintenance.formula


def test_a_code_without_a_rule_stops_the_import_at_its_cell_and_names_the_rules(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][HEADER.index("Tipo de meta")] = "Sostenimiento"
    MAPPING_WITH_CODE = MAPPING.replace("Reducción: Reducción}", "Reducción: Reducción, Sostenimiento: S}")
    mapping = tmp_path / "otra-ciudad.yml"
    mapping.write_text(MAPPING_WITH_CODE, encoding="utf-8")
    path = write_sheet([["título"], HEADER, *rows], name="pdm.xlsx")
    with pytest.raises(ImportFailed) as failed:
        PlanIndicativoImporter(path, plan=plan, mapping=str(mapping)).run()
    (problem,) = failed.value.problems
    assert (problem.row, problem.column) == (4, "Tipo de meta")
    assert "'S' no tiene regla" in problem.message and "otra-ciudad" in problem.message
    assert plan.slug in problem.message
    assert not DevelopmentPlan.objects.filter(plan=plan).exists()


def test_a_release_keeps_the_rules_it_was_published_with(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, alice: Any
) -> None:
    from ssepot.figures.loaders import PUBLISHED
    from ssepot.indicators.rules import set_rules
    from ssepot.reporting.actions import publish_existing

    _load(plan, write_sheet, tmp_path, ROWS)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    for year in (2024, 2025):
        publish_existing(plan, year, actor=alice, note="primera publicación")
    cutoff = dt.date(2025, 6, 30)

    def shown(view: Any) -> list[tuple[str, Any, Any]]:
        levels = development_figures(pdd, 2025, cutoff, view).levels
        return [(r.code, r.progress.value, r.progress.method) for r in levels]

    published = shown(PUBLISHED)
    assert published[0][1] == Decimal("64.25")
    changed = {
        "nombre": "otra-ciudad",
        "acumulacion": {
            "Incremento": "acumulado",
            "Mantenimiento": "mantenimiento",
            "Reducción": "acumulado",
        },
        "pesos": "global",
    }
    assert set_rules(plan, changed, actor=alice, reason="nuevo acuerdo", development_plan=pdd) is not None
    assert shown(PUBLISHED) == published  # the release keeps its rules (version 1), figures and method
    assert shown(1) == published
    working = development_figures(pdd, 2025, cutoff, WORKING).levels[0].progress
    assert working.value != published[0][1] and "v2" in working.method


def test_the_figures_command_lists_every_level_with_its_code_and_says_why_a_figure_is_nd(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path
) -> None:
    import io
    import json

    from django.core.management import call_command

    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("Logro 2024")] = "S/D"  # a code: not reported, never 0
    rows[0][HEADER.index("Logro 2025")] = None
    _load(plan, write_sheet, tmp_path, rows)
    out = io.StringIO()
    call_command("figures", plan=plan.slug, year=2025, cutoff=dt.date(2025, 6, 30), working=True,
                 format="json", stdout=out)  # fmt: skip
    (pdd,) = json.loads(out.getvalue())["development_plans"]
    assert pdd["cutoff"] == "2025-06-30" and pdd["months_elapsed"] == 18
    codes = [(row["level"], row["code"]) for row in pdd["levels"]]
    assert codes[:3] == [("plan", "pdm-2024-2027"), ("linea", "1"), ("programa", "1.1")]
    jobs = next(row for row in pdd["indicators"] if row["code"] == "1.1.1")
    assert jobs["avance"]["value"] is None and jobs["avance"]["status"] == "ND"
    assert "sin valores reportados hasta el corte" in jobs["avance"]["why"]
    assert jobs["aporte_por_anio"] == {"2024": None, "2025": None}
    water = next(row for row in pdd["indicators"] if row["code"] == "2.1.1")
    shares = {year: Decimal(share) for year, share in water["aporte_por_anio"].items()}
    assert shares == {"2024": Decimal(25), "2025": Decimal("6.25")}  # 12 x 1 / 48 and 6 x 0,5 / 48
    line = next(row for row in pdd["levels"] if row["code"] == "2")
    assert Decimal(line["programado"]["value"]) == 50


def test_a_release_keeps_the_catalogue_it_was_published_with(
    plan: Plan, write_sheet: Callable[..., Path], tmp_path: Path, alice: Any
) -> None:
    from ssepot.development.models import PddNode
    from ssepot.figures.loaders import PUBLISHED
    from ssepot.indicators.models import Indicator, IndicatorTarget
    from ssepot.reporting.actions import publish_existing

    _load(plan, write_sheet, tmp_path, ROWS)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdm-2024-2027")
    for year in (2024, 2025):
        publish_existing(plan, year, actor=alice, note="primera publicación")
    cutoff = dt.date(2025, 6, 30)

    def shown(view: Any) -> list[tuple[str, Any, Any]]:
        figures = development_figures(pdd, 2025, cutoff, view)
        return [
            (r.code, r.progress.value, r.compliance.value) for r in (*figures.levels, *figures.indicators)
        ]

    published = shown(PUBLISHED)
    # edits after the release, through the models (their history records them): a node's weight, a plan
    # target, a yearly target and its programmed progress
    axis = PddNode.objects.get(development_plan=pdd, code="1")
    axis.weight = Decimal("0.1")
    axis.save()
    jobs = Indicator.objects.get(development_plan=pdd, code="1.1.1")
    jobs.plan_target = Decimal(200)
    jobs.save()
    target = IndicatorTarget.objects.get(indicator=jobs, year=2025)
    target.value, target.programmed = Decimal(10), Decimal("0.2")
    target.save()
    assert shown(PUBLISHED) == published
    assert shown(1) == published
    assert shown(WORKING) != published
