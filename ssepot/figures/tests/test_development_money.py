"""The development plan's money at every level: Medellín's real financial execution imported into its real
published plan gives each line, component and program the sums of the city's own sheet, and the financial
execution (executed / final appropriation) everywhere the figures are read: ``development_figures``,
``ssepot figures --format json``, the API's levels and the portal's page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from ssepot.core.figures import HUNDRED
from ssepot.core.money import millions
from ssepot.development.models import DevelopmentPlan, ProgramInvestment
from ssepot.figures.development import development_figures
from ssepot.figures.loaders import PUBLISHED, WORKING
from ssepot.front.dashboards.common import percent
from ssepot.importers.presupuesto import MAPPINGS, BudgetImporter

CUTOFF = dt.date(2023, 8, 31)


@pytest.fixture
def plan(city_tracking_plan: Any, db: None, shared_data: Path) -> Any:
    """The real published plan with the city's financial execution of 2023 imported (rolled back after)."""
    path = shared_data / "medellin-pdd-2020-2023" / "ejecucion_financiera_estructura_plan.xlsx"
    BudgetImporter(
        path, plan=city_tracking_plan, mapping=str(MAPPINGS / "medellin-presupuesto-2020-2023.yml")
    ).run()
    cache.clear()
    yield city_tracking_plan
    cache.clear()


def sheet_sums(shared_data: Path) -> dict[tuple[str, str], list[int]]:
    """(level, code) -> [final appropriation, executed] summed from the sheet, by each program's place in
    the plan (its code's parts), and the whole plan under ("plan", "")."""
    path = shared_data / "medellin-pdd-2020-2023" / "ejecucion_financiera_estructura_plan.xlsx"
    book = load_workbook(path, read_only=True, data_only=True)
    rows = list(book["Ejec_financ_plan"].iter_rows(values_only=True))
    book.close()
    header = list(rows[0])
    program, budget, executed = (
        header.index(c) for c in ("CodProgramaCompuesto", "PresupAjustado", "Ejecutado")
    )
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows[1:]:
        if row[program] is None:
            continue
        parts = str(row[program]).split(".")
        for key in (
            ("plan", ""),
            ("linea", parts[0]),
            ("componente", ".".join(parts[:2])),
            ("programa", str(row[program])),
        ):
            sums[key][0] += int(str(row[budget]))
            sums[key][1] += int(str(row[executed]))
    return sums


def test_every_level_has_the_sheet_s_sums_and_its_financial_execution(plan: Any, shared_data: Path) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    figures = development_figures(pdd, 2023, CUTOFF, WORKING)
    sums = sheet_sums(shared_data)
    checked = 0
    for row in figures.levels:
        key = ("plan", "") if row.level == "plan" else (row.level, row.code)
        if key not in sums:
            assert row.money is None or row.level == "dependencia", row
            continue
        assert row.money is not None and row.money.year == 2023
        amounts = dict(row.money.amounts)
        assert [amounts["apropiacion_definitiva"], amounts["ejecutado"]] == sums[key]
        assert amounts["compromisos"] is None  # not in the file: not reported, not 0
        budget, executed = sums[key]
        assert row.money.execution.value == Decimal(executed) * HUNDRED / Decimal(budget)
        checked += 1
    lines = [row for row in figures.levels if row.level == "linea"]
    assert len(lines) == 5 and all(row.money is not None for row in lines)
    assert checked == len(sums)
    # a 2022 view has no budget lines: no money, and nothing pretends to be 0
    assert all(row.money is None for row in development_figures(pdd, 2022, None, WORKING).levels)


def test_the_json_the_api_and_the_page_give_the_same_money(
    plan: Any, client: Client, shared_data: Path
) -> None:
    sums = sheet_sums(shared_data)
    budget, executed = sums[("plan", "")]
    out = io.StringIO()
    call_command(
        "figures", plan=plan.slug, year=2023, cutoff=CUTOFF, working=True, format="json", all=True, stdout=out
    )
    (pdd_json,) = json.loads(out.getvalue())["development_plans"]
    explained = {f["key"]: f for f in pdd_json["figures"]}
    assert "ejecutado / presupuesto" in explained["pdd.pdd-2020-2023.dinero.ejecucion_pct"]["formula"]
    levels = {(row["level"], row["code"]): row for row in pdd_json["levels"]}
    head = levels[("plan", "pdd-2020-2023")]["dinero"]
    assert (head["apropiacion_definitiva"], head["ejecutado"]) == (str(budget), str(executed))
    assert head["compromisos"] is None and head["vigencia"] == 2023
    line = levels[("linea", "3")]["dinero"]
    assert int(line["apropiacion_definitiva"]) == sums[("linea", "3")][0]

    api = client.get(
        f"/api/v1/planes/{plan.slug}/planes-de-desarrollo/pdd-2020-2023/niveles",
        {"vigencia": "2023", "nivel": "linea"},
    ).json()
    by_code = {row["codigo"]: row["dinero"] for row in api["resultados"]}
    for code in "12345":
        assert int(by_code[code]["apropiacion_definitiva"]) == sums[("linea", code)][0]
        assert int(by_code[code]["ejecutado"]) == sums[("linea", code)][1]
        assert by_code[code]["ejecucion_financiera"]["unidad"] == "%"

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    shown = development_figures(pdd, 2023, CUTOFF, PUBLISHED).levels[0].money
    assert shown is not None and shown.execution.value is not None
    response = client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/")
    assert response.status_code == 200
    page = re.sub(r"[ \t\n\r]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "Ejecución financiera de la vigencia 2023" in page
    assert percent(shown.execution.value, 2) in page
    # es-CO money: $ 4.949.484 millones
    assert f"$ {millions(budget)}" in page and re.search(r"\$ \d{1,3}(\.\d{3})+ millones", page)
    csv_text = client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/?descargar=pdd-niveles.csv")
    assert "Apropiación definitiva (COP)" in csv_text.content.decode("utf-8-sig")


def test_a_budget_edit_after_publishing_moves_the_working_figures_not_the_release(
    plan: Any, shared_data: Path
) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    budget, _executed = sheet_sums(shared_data)[("plan", "")]
    line = ProgramInvestment.objects.filter(node__development_plan=pdd).order_by("pk").first()
    assert line is not None
    line.budget += 1_000_000
    line._change_reason = "corrección"  # type: ignore[attr-defined]
    line.save()
    working = development_figures(pdd, 2023, CUTOFF, WORKING).levels[0].money
    published = development_figures(pdd, 2023, CUTOFF, PUBLISHED).levels[0].money
    assert working is not None and published is not None
    assert dict(working.amounts)["apropiacion_definitiva"] == budget + 1_000_000
    assert dict(published.amounts)["apropiacion_definitiva"] == budget  # as the release saw it (ADR 0006)
