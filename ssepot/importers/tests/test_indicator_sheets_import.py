"""Importing Medellín's development-plan indicator technical sheets (fichas metodológicas, XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssepot.catalogue.models import Agency, Plan
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.importers.indicator_sheets import IndicatorSheetsImporter
from ssepot.indicators.models import Indicator

from .conftest import cell, set_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(plan: Plan, sheets_file: Path) -> DevelopmentPlan:
    IndicatorSheetsImporter(sheets_file, plan=plan).run()
    return DevelopmentPlan.objects.get(plan=plan)


def test_the_development_plan_is_created_with_default_options(imported: DevelopmentPlan) -> None:
    assert (imported.slug, imported.name, imported.start_year, imported.end_year) == (
        "pdd-2020-2023",
        "Plan de Desarrollo 2020-2023",
        2020,
        2023,
    )


def test_the_structure_has_5_lines_28_components_and_105_programs(imported: DevelopmentPlan) -> None:
    nodes = PddNode.objects.filter(development_plan=imported)
    assert nodes.filter(level="linea", parent=None).count() == 5
    assert nodes.filter(level="componente", parent__level="linea").count() == 28
    # NB: the real sheet (and its companion budget file) has 105 distinct program codes.
    assert nodes.filter(level="programa", parent__level="componente").count() == 105
    assert nodes.count() == 138
    assert nodes.get(code="1").name == "Reactivación Económica y Valle del Software"
    assert nodes.get(code="1.1.1").parent == nodes.get(code="1.1")


def test_all_810_indicators_hang_from_their_program_or_component(imported: DevelopmentPlan) -> None:
    indicators = Indicator.objects.filter(development_plan=imported)
    assert indicators.count() == 810
    assert indicators.filter(indicator_type="P", pdd_node__level="programa").count() == 612
    assert indicators.filter(indicator_type="R", pdd_node__level="componente").count() == 198
    nodes = dict(indicators.values_list("code", "pdd_node__code"))
    assert (nodes["1.1.1.2"], indicators.get(code="1.1.1.2").sequence) == ("1.1.1", 2)
    assert nodes["1.1.6"] == "1.1"


def test_the_technical_sheet_is_mapped_to_the_indicator(imported: DevelopmentPlan) -> None:
    ind = Indicator.objects.get(development_plan=imported, code="1.1.1.2")

    assert ind.name.startswith("Jóvenes formados en temas relacionados con competencias laborales")
    assert (ind.indicator_type, ind.unit, ind.accumulation, ind.direction) == ("P", "Número", "NoA", "C")
    assert (ind.baseline_value, ind.baseline_code, ind.plan_target) == (Decimal("413"), "", Decimal("17500"))
    assert (ind.baseline_included, ind.baseline_year, ind.baseline_type) == (
        False,
        "2019",
        "Acumulado 2016-2019",
    )
    assert ind.formula == "V1"
    assert ind.periodicity == "Trimestral" and ind.source_type == "Primaria"
    assert ind.desired_behaviour == "Creciente"
    assert ind.data_format == "Hoja de cálculo (excel)"
    assert ind.verification_means == "Contraste en BD (formato 209)."
    assert ind.definition.startswith("Corresponde al número de jóvenes")
    assert ind.objective.startswith("Medir la cantidad de jóvenes")
    assert ind.operative_variables.startswith("V1= Número de jóvenes")
    assert ind.collection_instrument.startswith("Llamadas telefónicas")
    # Multi-line cells are kept as they are.
    assert ind.legal_basis.startswith(
        "* Constitución Política de Colombia 1991. artículos 54 y 67.\n  * Ley 115"
    )
    assert "\n\n● Inteligencia Artificial" in ind.observations
    assert ind.agency is not None and ind.agency.name == "Secretaría de Desarrollo Económico"
    assert ind.reporting_agency == ind.agency


def test_baseline_codes_are_kept_as_codes_not_numbers(imported: DevelopmentPlan) -> None:
    indicators = Indicator.objects.filter(development_plan=imported)

    assert indicators.filter(baseline_code="-1", baseline_value=None).count() == 213
    assert indicators.filter(baseline_code="-2", baseline_value=None).count() == 55
    assert not indicators.filter(baseline_value__lt=0).exists()
    assert indicators.filter(baseline_value=0, baseline_code="").count() == 60
    assert indicators.get(code="1.1.6").baseline_value == Decimal("48.2")


def test_lowercase_direction_and_junk_baseline_inclusion_are_tolerated(plan: Plan, sheets_file: Path) -> None:
    result = IndicatorSheetsImporter(sheets_file, plan=plan).run()

    assert Indicator.objects.get(plan=plan, code="3.2.4").direction == "C"
    junk = Indicator.objects.get(plan=plan, code="2.8.3")
    assert (junk.baseline_included, junk.baseline_included_raw) == (None, "80;9")
    assert any(w.row == 249 and w.column == "IncluyeLB" and "80;9" in w.message for w in result.warnings)
    # SI, Si, si and one Sì; No, NO and one N.
    assert Indicator.objects.filter(plan=plan, baseline_included=True).count() == 130 + 65 + 3 + 1
    assert Indicator.objects.filter(plan=plan, baseline_included=False).count() == 274 + 129 + 1
    assert Indicator.objects.filter(plan=plan, baseline_included=None, baseline_included_raw="").count() == 84


def test_yes_and_no_are_read_in_every_spelling(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    spellings = {2: "Sì", 3: "sí", 4: "N", 5: "no", 6: "NA", 7: "-1"}
    for row, text in spellings.items():
        set_cell(sheet_copy, row, "IncluyeLB", text)

    result = IndicatorSheetsImporter(write_sheet(sheet_copy), plan=plan).run()

    codes = {row: cell(sheet_copy, row, "CodigoIndicador") for row in spellings}
    got = {row: Indicator.objects.get(plan=plan, code=code).baseline_included for row, code in codes.items()}
    assert got == {2: True, 3: True, 4: False, 5: False, 6: None, 7: None}
    assert {
        w.row for w in result.warnings if w.column == "IncluyeLB" and w.row is not None and w.row < 8
    } == {6, 7}


def test_text_codes_such_as_s_d_are_kept_as_codes(
    plan: Plan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    set_cell(sheet_copy, 2, "LB", "S/D")
    set_cell(sheet_copy, 2, "MetaPlan", "-1")
    set_cell(sheet_copy, 3, "MetaPlan", "12,5")

    IndicatorSheetsImporter(write_sheet(sheet_copy), plan=plan).run()

    first = Indicator.objects.get(plan=plan, code=cell(sheet_copy, 2, "CodigoIndicador"))
    assert (first.baseline_value, first.baseline_code) == (None, "S/D")
    assert (first.plan_target, first.plan_target_code) == (None, "-1")
    assert Indicator.objects.get(
        plan=plan, code=cell(sheet_copy, 3, "CodigoIndicador")
    ).plan_target == Decimal("12.5")


def test_agencies_are_created_once_with_stable_codes(imported: DevelopmentPlan) -> None:
    agencies = Agency.objects.filter(plan=imported.plan)

    assert agencies.count() == 48
    assert agencies.get(name="Secretaría de Movilidad").code == "secretaria-de-movilidad"
    assert all(len(a.code) <= 40 for a in agencies)
    assert len(set(agencies.values_list("code", flat=True))) == 48
    no_violencia = agencies.get(name="Secretaría de la No-Violencia")
    assert Indicator.objects.filter(reporting_agency=no_violencia).exists()


def test_an_existing_agency_with_the_same_name_is_reused(
    plan: Plan, agencies: dict[str, Agency], sheets_file: Path
) -> None:
    IndicatorSheetsImporter(sheets_file, plan=plan).run()

    movilidad = agencies["movilidad"]
    assert Agency.objects.filter(plan=plan, name="Secretaría de Movilidad").count() == 1
    assert Indicator.objects.filter(plan=plan, agency=movilidad).count() == 33


def test_indicator_sheets_import_is_idempotent(
    plan: Plan, sheets_file: Path, imported: DevelopmentPlan
) -> None:
    from .conftest import snapshot

    before = snapshot()

    again = IndicatorSheetsImporter(sheets_file, plan=plan).run()

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == 1 + 48 + 138 + 810
    assert snapshot() == before


def test_a_changed_target_updates_only_that_indicator(
    plan: Plan, imported: DevelopmentPlan, sheet_copy: list[list[Any]], write_sheet: Callable[..., Path]
) -> None:
    code = cell(sheet_copy, 2, "CodigoIndicador")
    pk = Indicator.objects.get(plan=plan, code=code).pk
    set_cell(sheet_copy, 2, "MetaPlan", 18000)

    result = IndicatorSheetsImporter(write_sheet(sheet_copy), plan=plan).run()

    assert (result.created, result.updated) == (0, 1)
    assert Indicator.objects.get(pk=pk).plan_target == Decimal("18000")


def test_indicator_sheets_dry_run_writes_nothing(plan: Plan, sheets_file: Path) -> None:
    result = IndicatorSheetsImporter(sheets_file, plan=plan).run(dry_run=True)

    assert result.dry_run and result.created == 1 + 48 + 138 + 810
    assert not DevelopmentPlan.objects.exists()
    assert not Indicator.objects.exists() and not Agency.objects.exists()


def test_development_plan_options_are_used(plan: Plan, sheets_file: Path) -> None:
    IndicatorSheetsImporter(
        sheets_file,
        plan=plan,
        development_plan="medellin-futuro",
        name="Medellín Futuro",
        start_year=2020,
        end_year=2023,
    ).run()

    development_plan = DevelopmentPlan.objects.get(plan=plan)
    assert (development_plan.slug, development_plan.name) == ("medellin-futuro", "Medellín Futuro")
    assert development_plan.indicators.count() == 810
