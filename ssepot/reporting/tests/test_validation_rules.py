"""Rules an analyst writes across indicators (DHIS2-style: left side, operator, right side)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ssepot.catalogue.models import TerritorialUnit
from ssepot.indicators.models import IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.entries import Problem, parse
from ssepot.reporting.models import Assignment, ValidationRule
from ssepot.reporting.validation import check_entry

pytestmark = pytest.mark.django_db

KM, EQU = "POT-MOV-01", "POT-EQU-01"  # the catalogue's two indicators (Movilidad's km, EDU's count)


def item(period: Any, indicator: Any) -> Assignment:
    return Assignment.objects.select_related("period", "indicator").get(period=period, indicator=indicator)


def check(a: Assignment, values: dict[str, str]) -> list[Problem]:
    return check_entry(a, parse(a.kind, {"values": values}, actions.unit_codes(a)))


def rule(plan: Any, left: str, operator: str, right: str, **kw: Any) -> ValidationRule:
    fields = {"name": "Coherencia", "message": "los km no pueden superar los equipamientos", **kw}
    return ValidationRule.objects.create(plan=plan, left=left, operator=operator, right=right, **fields)


def stored(indicator: Any, year: int, value: str, unit: Any = None) -> IndicatorValue:
    return IndicatorValue.objects.create(plan_id=indicator.plan_id, indicator=indicator, year=year,
                                         territorial_unit=unit, value=Decimal(value))  # fmt: skip


def draft(
    period: Any, indicator: Any, user: Any, values: dict[str, str], observation: str = ""
) -> Assignment:
    a = item(period, indicator)
    return actions.save_draft(a, {"values": values, "observation": observation}, actor=user,
                              expected_revision=a.revision)  # fmt: skip


def test_an_error_rule_across_two_indicators_blocks_submission(plan: Any, period: Any, catalogue: Any,
                                                               bob: Any) -> None:  # fmt: skip
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error")
    stored(catalogue["edu_indicator"], 2025, "10")
    a = draft(period, catalogue["indicator"], bob, {"": "50"}, "con observación")
    with pytest.raises(actions.ActionRefused, match="Corrija") as refused:
        actions.submit(a, actor=bob, expected_revision=a.revision)
    [error] = refused.value.problems
    assert (error.field, error.severity) == ("values.", "error")
    assert "Coherencia: los km no pueden superar los equipamientos" in error.message
    assert "#{POT-MOV-01} = 50" in error.message and "#{POT-EQU-01} = 10" in error.message
    a.refresh_from_db()
    assert a.state == "borrador"


def test_the_rule_that_holds_lets_the_entry_through(plan: Any, period: Any, catalogue: Any, bob: Any) -> None:
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error")
    stored(catalogue["edu_indicator"], 2025, "10")
    a = draft(period, catalogue["indicator"], bob, {"": "10"})
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    assert a.state == "enviado" and not a.flagged


def test_the_other_indicators_draft_in_the_period_wins_over_its_stored_value(
    plan: Any, period: Any, catalogue: Any, charlie: Any
) -> None:
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error")
    stored(catalogue["edu_indicator"], 2025, "100")
    km = item(period, catalogue["indicator"])
    assert check(km, {"": "50"}) == []
    draft(period, catalogue["edu_indicator"], charlie, {"": "10"})
    assert [p.severity for p in check(km, {"": "50"})] == ["error"]


def test_the_rule_is_checked_from_either_side(plan: Any, period: Any, catalogue: Any, bob: Any) -> None:
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error")
    draft(period, catalogue["indicator"], bob, {"": "50"})
    equ = item(period, catalogue["edu_indicator"])
    assert [p.field for p in check(equ, {"": "10"})] == ["values."]
    assert check(equ, {"": "50"}) == []


def test_a_side_that_cannot_be_computed_gives_no_verdict(plan: Any, period: Any, catalogue: Any) -> None:
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error")
    rule(plan, f"#{{{KM}}}", "<=", f"1 / (#{{{EQU}}} - 10)", severity="error", name="División")
    km = item(period, catalogue["indicator"])
    assert check(km, {"": "50"}) == []  # EQU has neither draft nor value for 2025
    stored(catalogue["edu_indicator"], 2024, "1")  # another year does not count
    assert check(km, {"": "50"}) == []
    stored(catalogue["edu_indicator"], 2025, "10")  # now the first rule fails; the second divides by 0
    assert [p.message.split(":")[0] for p in check(km, {"": "50"})] == ["Coherencia"]


def test_a_warning_rule_asks_a_justification_and_flags_the_item(plan: Any, period: Any, catalogue: Any,
                                                                 bob: Any) -> None:  # fmt: skip
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}} * 2", severity="advertencia")
    stored(catalogue["edu_indicator"], 2025, "10")
    a = draft(period, catalogue["indicator"], bob, {"": "25"})
    with pytest.raises(actions.ActionRefused, match="justificación") as refused:
        actions.submit(a, actor=bob, expected_revision=a.revision)
    assert [p.severity for p in refused.value.problems] == ["advertencia"]
    a = draft(period, catalogue["indicator"], bob, {"": "25"}, "Incluye km de ciclorrutas privadas")
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    assert a.state == "enviado" and a.flagged


def test_territorial_units_and_their_sum_can_be_referenced(plan: Any, period: Any, catalogue: Any) -> None:
    rule(plan, f"#{{{KM}.01}}", "<=", f"#{{{KM}.02}}", name="Popular")
    rule(plan, f"#{{{KM}.*}}", "==", f"#{{{KM}}}", name="Suma", severity="error")
    km = item(period, catalogue["indicator"])
    assert check(km, {"": "9", "01": "4", "02": "5"}) == []
    problems = check(km, {"": "10", "01": "6", "02": "5"})
    rules = {p.message.split(":")[0]: (p.field, p.severity) for p in problems}
    assert rules["Popular"] == ("values.01", "advertencia")
    assert rules["Suma"] == ("values", "error")


def test_another_indicators_unit_comes_from_its_stored_values(plan: Any, period: Any,
                                                             catalogue: Any) -> None:  # fmt: skip
    popular = TerritorialUnit.objects.get(plan=plan, code="01")
    rule(plan, f"#{{{KM}}}", ">=", f"#{{{EQU}.01}}", severity="error")
    stored(catalogue["edu_indicator"], 2025, "7", popular)
    km = item(period, catalogue["indicator"])
    assert check(km, {"": "7"}) == []
    assert len(check(km, {"": "6"})) == 1


def test_the_tolerance_is_in_favour_of_the_rule(plan: Any, period: Any, catalogue: Any) -> None:
    rule(plan, f"#{{{KM}}}", "==", f"#{{{EQU}}}", severity="error", tolerance=Decimal("0.5"))
    stored(catalogue["edu_indicator"], 2025, "10")
    km = item(period, catalogue["indicator"])
    assert check(km, {"": "10.5"}) == []
    assert len(check(km, {"": "10.6"})) == 1


def test_inactive_broken_and_unrelated_rules_are_ignored(plan: Any, period: Any, catalogue: Any) -> None:
    stored(catalogue["edu_indicator"], 2025, "10")
    rule(plan, f"#{{{KM}}}", "<=", f"#{{{EQU}}}", severity="error", active=False)
    rule(plan, f"#{{{KM}}}", "<=", "__import__('os')", severity="error")
    rule(plan, f"#{{{KM}1}}", "<=", "0", severity="error")  # a longer code that starts like this one
    rule(plan, f"#{{{EQU}}}", ">=", "100", severity="error")  # does not mention POT-MOV-01
    assert check(item(period, catalogue["indicator"]), {"": "50"}) == []


def test_another_plans_rules_do_not_apply(plan: Any, period: Any, catalogue: Any) -> None:
    from ssepot.catalogue.models import Plan

    other = Plan.objects.create(municipality=plan.municipality, slug="otro", name="Otro POT", act="Acuerdo 1",
                                adoption_date=plan.adoption_date, start_date=plan.start_date,
                                end_date=plan.end_date)  # fmt: skip
    rule(other, f"#{{{KM}}}", "<=", "0", severity="error")
    assert check(item(period, catalogue["indicator"]), {"": "50"}) == []


def refused(plan: Any, left: str, right: str) -> dict[str, list[str]]:
    from django.core.exceptions import ValidationError

    candidate = ValidationRule(plan=plan, name="R", left=left, operator="<=", right=right, message="m")
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    return caught.value.message_dict


def test_a_rule_that_cannot_be_read_is_refused_when_saved_naming_the_side(plan: Any, catalogue: Any) -> None:
    errors = refused(plan, f"#{{{KM}}} ** 2", f"#{{{EQU}}}")
    assert list(errors) == ["left"]
    assert "solo se admiten las operaciones + - * / y paréntesis" in errors["left"][0].lower()
    errors = refused(plan, f"#{{{KM}}}", "#{POT-EQU-01")
    assert list(errors) == ["right"] and "referencia mal escrita" in errors["right"][0].lower()


def test_a_rule_naming_an_indicator_or_unit_the_plan_lacks_is_refused(plan: Any, catalogue: Any) -> None:
    errors = refused(plan, "#{POT-XXX-99}", f"#{{{EQU}}}")
    assert errors == {"left": ["El plan no tiene un indicador con código «POT-XXX-99»."]}
    errors = refused(plan, f"#{{{KM}.99}}", f"#{{{EQU}.*}}")
    assert errors == {"left": ["El plan no tiene una unidad territorial con código «99»."]}


def test_a_sound_rule_saves(plan: Any, catalogue: Any) -> None:
    unit = TerritorialUnit.objects.filter(plan=plan).values_list("code", flat=True).first()
    sound = ValidationRule(
        plan=plan,
        name="R",
        left=f"#{{{KM}.{unit}}} * 2",
        operator="<=",
        right=f"#{{{EQU}.*}} + 1",
        message="m",
    )
    sound.full_clean()
    sound.save()
    assert ValidationRule.objects.filter(pk=sound.pk).exists()
