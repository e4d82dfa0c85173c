"""Validation of an entry against its unit, its history, its sheet's formula and its territorial units;
commitments and projects that go backwards. Rules an analyst writes: test_validation_rules.py."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssepot.catalogue.models import TerritorialUnit
from ssepot.commitments.models import CommitmentStatus
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.reporting import actions
from ssepot.reporting.entries import Problem, parse
from ssepot.reporting.models import Assignment
from ssepot.reporting.validation import check_entry

pytestmark = pytest.mark.django_db


def item(period: Any, **kind: Any) -> Assignment:
    return Assignment.objects.select_related("period", "indicator").get(period=period, **kind)


def check(a: Assignment, data: dict[str, Any]) -> list[Problem]:
    """Only what ``check_entry`` finds (the parser's type checks are tested elsewhere)."""
    return check_entry(a, parse(a.kind, data, actions.unit_codes(a)))


def fields(problems: list[Problem], severity: str | None = None) -> list[str]:
    return [p.field for p in problems if severity is None or p.severity == severity]


def measure(
    indicator: Indicator, year: int, value: str, unit: TerritorialUnit | None = None
) -> IndicatorValue:
    return IndicatorValue.objects.create(
        plan_id=indicator.plan_id, indicator=indicator, year=year, territorial_unit=unit, value=Decimal(value)
    )


def reopen(plan: Any, alice: Any, year: int = 2025) -> Any:
    """Open the year again so indicators created by a test get their assignments."""
    return actions.open_period(plan, year, dt.date(year, 12, 31), dt.date(year + 1, 2, 15), actor=alice)


def new_indicator(plan: Any, agencies: Any, code: str, unit: str, **kw: Any) -> Indicator:
    fields = {"name": code, "indicator_type": "R", "accumulation": "NoA", "agency": agencies["movilidad"]}
    return Indicator.objects.create(plan=plan, code=code, unit=unit, **{**fields, **kw})


def submit(a: Assignment, user: Any, data: dict[str, Any]) -> Assignment:
    a = actions.save_draft(a, data, actor=user, expected_revision=a.revision)
    return actions.submit(a, actor=user, expected_revision=a.revision)


# -- the unit's range ------------------------------------------------------------------------------------


def test_a_negative_length_is_an_error_and_a_positive_one_is_not(period: Any, catalogue: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])  # km, by comuna
    problems = check(a, {"values": {"": "12", "01": "-3"}})
    assert fields(problems) == ["values.01"]
    assert problems[0].severity == "error" and "km" in problems[0].message and "-3" in problems[0].message
    assert check(a, {"values": {"": "12", "01": "3"}}) == []


def test_a_percentage_above_100_is_an_error(plan: Any, agencies: Any, period: Any, alice: Any) -> None:
    share = new_indicator(plan, agencies, "POT-MOV-02", "Porcentaje")
    a = item(reopen(plan, alice), indicator=share)
    [problem] = check(a, {"values": {"": "100,5"}})
    assert (problem.field, problem.severity) == ("values.", "error")
    assert "de 0 a 100" in problem.message
    assert check(a, {"values": {"": "100"}}) == []


def ecv(shared_data: Path, code: str, indicator: str) -> tuple[str, dict[int, str]]:
    """The unit and the yearly values of one comuna's indicator in the city's survey (ECV)."""
    path = shared_data / "medellin-ecv-indicadores-comuna" / "ecv_indicadores_comuna_2014_2024.csv"
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["codigo_comuna"] == code and r["indicador"] == indicator]
    return rows[0]["unidad"], {int(r["anio"]): r["valor"] for r in rows}


@pytest.fixture
def poblado_hdi(
    plan: Any, agencies: Any, shared_data: Path, catalogue: Any
) -> tuple[Indicator, dict[int, str]]:
    """El Poblado's human development index as the survey published it, 2014-2017 already reported."""
    unit, values = ecv(shared_data, "14", "idh")
    poblado = TerritorialUnit.objects.create(plan=plan, code="14", name="El Poblado", kind="comuna")
    hdi = new_indicator(plan, agencies, "POT-IDH-01", unit, is_disaggregated=True)
    for year in (2014, 2015, 2016, 2017):
        measure(hdi, year, values[year], poblado)
    return hdi, values


def test_el_poblado_hdi_of_2019_is_refused_because_an_index_0_1_cannot_exceed_1(
    plan: Any, alice: Any, bob: Any, poblado_hdi: Any
) -> None:
    hdi, values = poblado_hdi
    assert (hdi.unit, values[2019]) == ("indice 0-1", "1.01")
    a = item(reopen(plan, alice, 2019), indicator=hdi)
    with pytest.raises(actions.ActionRefused) as refused:
        submit(a, bob, {"values": {"14": values[2019]}, "observation": "Así lo publicó la encuesta"})
    [error] = refused.value.problems
    assert error.field == "values.14" and error.severity == "error"
    assert "1,01" in error.message and "de 0 a 1" in error.message and "14" in error.message
    a.refresh_from_db()
    assert a.state == "borrador"


def test_el_poblado_hdi_of_2018_is_within_range_but_an_outlier_that_asks_a_justification(
    plan: Any, alice: Any, poblado_hdi: Any
) -> None:
    hdi, values = poblado_hdi
    a = item(reopen(plan, alice, 2018), indicator=hdi)
    [warning] = check(a, {"values": {"14": values[2018]}})
    assert (warning.field, warning.severity) == ("values.14", "advertencia")
    assert "entre 2014 y 2017 estuvo entre 0,9 y 0,93" in warning.message
    assert "z modificado" in warning.message and "Justifique" in warning.message
    assert check(a, {"values": {"14": "0.92"}}) == []


# -- outliers against the indicator's history --------------------------------------------------------------


@pytest.fixture
def km_history(catalogue: Any) -> Indicator:
    """Kilometres of bike lanes, city total 2021-2024: 10, 20, 30, 40."""
    km = catalogue["indicator"]
    for year, value in ((2021, "10"), (2022, "20"), (2023, "30"), (2024, "40")):
        measure(km, year, value)
    return km


def test_a_value_far_from_the_history_asks_a_justification(period: Any, km_history: Any) -> None:
    a = item(period, indicator=km_history)
    [warning] = check(a, {"values": {"": "500"}})
    assert (warning.field, warning.severity) == ("values.", "advertencia")
    assert "entre 2021 y 2024 estuvo entre 10 y 40" in warning.message
    assert "fuera de la franja de -5 a 55" in warning.message


def test_the_next_step_of_a_growing_series_is_not_an_outlier(period: Any, km_history: Any) -> None:
    assert check(item(period, indicator=km_history), {"values": {"": "50"}}) == []


def test_with_fewer_than_four_past_values_there_is_no_outlier_verdict(period: Any, catalogue: Any) -> None:
    km = catalogue["indicator"]
    for year, value in ((2022, "20"), (2023, "30"), (2024, "40")):
        measure(km, year, value)
    assert check(item(period, indicator=km), {"values": {"": "5000"}}) == []


def test_each_territorial_unit_is_compared_with_its_own_history(period: Any, catalogue: Any) -> None:
    km = catalogue["indicator"]
    popular = TerritorialUnit.objects.get(plan=km.plan, code="01")
    for year in (2021, 2022, 2023, 2024):
        measure(km, year, "100")  # the city's total
        measure(km, year, str(year - 2020), popular)  # 1, 2, 3, 4
    problems = check(item(period, indicator=km), {"values": {"": "100", "01": "90"}})
    assert fields(problems, "advertencia") == ["values.01"]


def test_the_history_is_the_current_version_of_each_year(period: Any, km_history: Any) -> None:
    wrong = IndicatorValue.objects.get(indicator=km_history, year=2024)
    IndicatorValue.objects.create(plan_id=wrong.plan_id, indicator=km_history, year=2024, value=Decimal(400),
                                  supersedes=wrong, reason="Se sumaron los km de 2024 mal")  # fmt: skip
    # against 10, 20, 30, 400 a 70 is usual; against 10..40 it would leave the band (-5 to 55)
    assert check(item(period, indicator=km_history), {"values": {"": "70"}}) == []


def test_an_outlier_needs_a_justification_and_then_passes_flagged(period: Any, km_history: Any,
                                                                  bob: Any) -> None:  # fmt: skip
    a = item(period, indicator=km_history)
    with pytest.raises(actions.ActionRefused, match="justificación") as refused:
        submit(a, bob, {"values": {"": "500"}})
    assert [p.field for p in refused.value.problems] == ["values."]
    assert "entre 10 y 40" in refused.value.problems[0].message
    a.refresh_from_db()
    assert a.state == "borrador" and not a.flagged
    a = submit(
        a, bob, {"values": {"": "500"}, "observation": "Se recibieron las ciclorrutas del Metro de la 80"}
    )
    a.refresh_from_db()
    assert a.state == "enviado" and a.flagged
    assert "entre 10 y 40" in a.events.get(action="enviar").message


def test_a_usual_value_is_submitted_without_flag(period: Any, km_history: Any, bob: Any) -> None:
    a = submit(item(period, indicator=km_history), bob, {"values": {"": "50"}})
    a.refresh_from_db()
    assert a.state == "enviado" and not a.flagged


# -- the sheet's formula -----------------------------------------------------------------------------------


@pytest.fixture
def coverage(plan: Any, agencies: Any, period: Any, alice: Any) -> Assignment:
    share = new_indicator(plan, agencies, "POT-EQU-02", "Porcentaje", formula="(V1/V2)*100",
                          operative_variables="V1 = predios cubiertos\nV2 = predios totales")  # fmt: skip
    return item(reopen(plan, alice), indicator=share)


def test_the_total_must_be_the_formula_of_its_operative_variables(coverage: Assignment) -> None:
    variables = {"V1": "1", "V2": "3"}
    assert check(coverage, {"values": {"": "33,33"}, "variables": variables}) == []
    assert check(coverage, {"values": {"": "33"}, "variables": variables}) == []
    [error] = check(coverage, {"values": {"": "3,33"}, "variables": variables})
    assert (error.field, error.severity) == ("values.", "error")
    assert (
        "(V1/V2)*100" in error.message and "V1 = 1, V2 = 3" in error.message and "33,333333" in error.message
    )


def test_a_missing_operative_variable_is_named(coverage: Assignment) -> None:
    [error] = check(coverage, {"values": {"": "50"}, "variables": {"V1": "1"}})
    assert (error.field, error.severity) == ("variables.V2", "error")


def test_without_variables_or_with_a_zero_divisor_there_is_no_formula_verdict(coverage: Assignment) -> None:
    assert check(coverage, {"values": {"": "50"}}) == []
    assert check(coverage, {"values": {"": "50"}, "variables": {"V1": "1", "V2": "0"}}) == []


def test_a_prose_formula_is_not_checked(plan: Any, agencies: Any, period: Any, alice: Any) -> None:
    prose = new_indicator(plan, agencies, "POT-EQU-03", "Número",
                          formula="Sumatoria de los logros de cada vigencia")  # fmt: skip
    a = item(reopen(plan, alice), indicator=prose)
    assert check(a, {"values": {"": "7"}, "variables": {"V1": "3"}}) == []


def test_a_total_that_contradicts_its_formula_cannot_be_submitted(coverage: Assignment, bob: Any) -> None:
    with pytest.raises(actions.ActionRefused, match="Corrija") as refused:
        submit(coverage, bob, {"values": {"": "60"}, "variables": {"V1": "1", "V2": "2"}, "observation": "x"})
    assert fields(refused.value.problems) == ["values."]


def test_text_in_an_operative_variable_is_an_error(coverage: Assignment) -> None:
    entry = actions.parse_entry(coverage, {"values": {"": "50"}, "variables": {"V1": "uno", "V2": "2"}})
    assert fields(entry.errors) == ["variables.V1"]


# -- territorial units add up to the total -----------------------------------------------------------------


def test_units_that_do_not_add_up_to_the_total_ask_a_justification(period: Any, catalogue: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])  # km, comunas 01 and 02
    [warning] = check(a, {"values": {"": "10", "01": "4", "02": "5"}})
    assert (warning.field, warning.severity) == ("values.", "advertencia")
    assert "(9)" in warning.message and "(10)" in warning.message
    assert check(a, {"values": {"": "9", "01": "4", "02": "5"}}) == []


def test_some_units_missing_may_sum_less_but_not_more_than_the_total(period: Any, catalogue: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])
    assert check(a, {"values": {"": "10", "01": "4"}}) == []
    assert fields(check(a, {"values": {"": "10", "01": "11"}}), "advertencia") == ["values."]


def test_a_blank_unit_is_not_zero_and_the_warning_counts_the_blanks(period: Any, catalogue: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])
    [warning] = check(a, {"values": {"": "10", "01": "11"}})
    assert "reportadas (1 de 2) suman 11, más que el total (10)" in warning.message
    assert "las otras 1 están en blanco y en blanco no es cero" in warning.message
    # a unit with a code (no number) is blank too, not zero: 4 alone may stay under 10
    assert check(a, {"values": {"": "10", "01": "4", "02": "S/D"}}) == []


def test_percentages_by_unit_need_not_add_up(plan: Any, agencies: Any, period: Any, alice: Any) -> None:
    share = new_indicator(plan, agencies, "POT-MOV-04", "Porcentaje", is_disaggregated=True)
    a = item(reopen(plan, alice), indicator=share)
    assert check(a, {"values": {"": "50", "01": "40", "02": "70"}}) == []


# -- commitments and projects ------------------------------------------------------------------------------


def test_a_commitment_whose_progress_goes_down_asks_a_justification(period: Any, catalogue: Any) -> None:
    commitment = catalogue["commitment"]
    CommitmentStatus.objects.create(plan_id=commitment.plan_id, commitment=commitment, year=2024,
                                    status="en_proceso", progress=Decimal(60))  # fmt: skip
    a = item(period, commitment=commitment)
    [warning] = check(a, {"status": "en_proceso", "progress": "40"})
    assert (warning.field, warning.severity) == ("progress", "advertencia")
    assert "60 % en 2024 a 40 %" in warning.message
    assert check(a, {"status": "en_proceso", "progress": "60"}) == []
    assert check(a, {"status": "cumplido"}) == []


def test_a_first_commitment_report_has_nothing_to_go_down_from(period: Any, catalogue: Any) -> None:
    assert (
        check(item(period, commitment=catalogue["commitment"]), {"status": "en_proceso", "progress": "5"})
        == []
    )


def year_of(project: Any, year: int, physical: str, executed: int = 1) -> ProjectYear:
    return ProjectYear.objects.create(plan_id=project.plan_id, project=project, year=year, budget=10,
                                      executed=executed, physical_progress=Decimal(physical))  # fmt: skip


def test_a_project_whose_physical_progress_goes_down_asks_a_justification(
    period: Any, catalogue: Any
) -> None:
    year_of(catalogue["project"], 2023, "30")
    year_of(catalogue["project"], 2024, "45.5")
    a = item(period, project=catalogue["project"])
    [warning] = check(a, {"physical_progress": "40", "executed": "5"})
    assert (warning.field, warning.severity) == ("physical_progress", "advertencia")
    assert "45,5 % en 2024" in warning.message
    assert check(a, {"physical_progress": "45,5", "executed": "5"}) == []


def test_a_finished_project_with_nothing_executed_asks_a_justification(period: Any, catalogue: Any) -> None:
    a = item(period, project=catalogue["project"])
    [warning] = check(a, {"physical_progress": "100", "executed": "0"})
    assert (warning.field, warning.severity) == ("executed", "advertencia")
    assert check(a, {"physical_progress": "100", "executed": "1000000"}) == []
    assert check(a, {"physical_progress": "99", "executed": "0"}) == []


def test_an_empty_executed_keeps_the_years_amount_as_approving_does(period: Any, catalogue: Any) -> None:
    year_of(catalogue["project"], 2025, "80", executed=0)
    a = item(period, project=catalogue["project"])
    assert fields(check(a, {"physical_progress": "100"})) == ["executed"]


# -- cost ------------------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_history_units_or_rules(plan: Any, period: Any,
                                                                         catalogue: Any) -> None:  # fmt: skip
    from ssepot.reporting.models import ValidationRule

    km = catalogue["indicator"]
    a = item(period, indicator=km)
    data = {"values": {"": "9", "01": "4", "02": "5"}}

    def count() -> int:
        entry = parse(a.kind, data, {"01", "02"})
        with CaptureQueriesContext(connection) as queries:
            check_entry(a, entry)
        return len(queries)

    ValidationRule.objects.create(plan=plan, name="r0", left="#{POT-MOV-01}", operator=">=",
                                  right="#{POT-EQU-01}", message="m")  # fmt: skip
    small = count()
    popular = TerritorialUnit.objects.get(plan=plan, code="01")
    for year in range(2000, 2025):
        measure(km, year, "5")
        measure(km, year, "2", popular)
        measure(catalogue["edu_indicator"], 2025, "1") if year == 2000 else None
    for n in range(1, 6):
        ValidationRule.objects.create(plan=plan, name=f"r{n}", left=f"#{{POT-MOV-01.01}} * {n}",
                                      operator="<=", right="#{POT-EQU-01} + 100", message="m")  # fmt: skip
    assert count() == small <= 6
