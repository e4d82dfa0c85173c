"""The calculation rules change only as new versions, from the command line, with who and why in the audit
log; a bad definition is refused naming the key, and the figures name the version that made them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan
from ssepot.indicators.models import CalculationRules
from ssepot.indicators.rules import current_rules

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_plan_without_rules_follows_medellin_s_preset(plan: Plan) -> None:
    assert current_rules(plan).name == "dap-medellin"
    assert "sin versiones propias" in run("rules_show", "--plan", plan.slug)


def test_setting_rules_adds_a_version_with_its_reason_and_an_audit_entry(plan: Plan, alice) -> None:
    out = run("rules_set", "--plan", plan.slug, "--preset", "incremento-mantenimiento-reduccion",
              "--reason", "Acuerdo municipal 12 de 2024", "--user", alice.username)  # fmt: skip
    assert "v1" in out
    row = CalculationRules.objects.get(plan=plan)
    assert (row.version, row.created_by, row.reason) == (1, alice, "Acuerdo municipal 12 de 2024")
    assert AuditEntry.objects.filter(action="rules.set", object_id=str(row.pk), actor=alice).exists()
    rules = current_rules(plan)
    assert (rules.name, rules.version, rules.accumulation["Incremento"]) == (
        "incremento-mantenimiento-reduccion", 1, "flujo",
    )  # fmt: skip
    again = run(
        "rules_set", "--plan", plan.slug, "--preset", "incremento-mantenimiento-reduccion", "--reason", "x"
    )
    assert "no se crea versión" in again
    run("rules_set", "--plan", plan.slug, "--preset", "dap-medellin", "--reason", "volver")
    assert current_rules(plan).version == 2
    shown = run("rules_show", "--plan", plan.slug)
    assert "v1" in shown and "v2" in shown and "volver" in shown


def test_a_bad_definition_names_the_key_and_writes_nothing(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "reglas.yml"
    path.write_text("nombre: mala\nacumulacion: {A: sumatoria}\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"acumulacion\.A"):
        run("rules_set", "--plan", plan.slug, "--file", str(path), "--reason", "prueba")
    with pytest.raises(CommandError, match="no existe el conjunto de reglas «otra»"):
        run("rules_set", "--plan", plan.slug, "--preset", "otra", "--reason", "prueba")
    assert not CalculationRules.objects.exists()


def test_an_unknown_plan_says_how_to_create_one() -> None:
    with pytest.raises(CommandError, match="ssepot plan create"):
        run("rules_show", "--plan", "no-existe")
