"""One source for the traffic light's shares: the plan's calculation rules (``verde``/``rojo``) colour the
POT's own indicators and levels as they colour a development plan's; the migration that moved the plan's
former fields into its rules keeps every figure (its rewrite, on plain data)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

import pytest

from ssepot.catalogue.models import Plan
from ssepot.core.rules import DEFAULT_PRESET, PRESETS, RulesError, RuleSet
from ssepot.figures.compute import indicator_figures
from ssepot.figures.loaders import WORKING
from ssepot.indicators.rules import current_rules, set_rules

migration = importlib.import_module("ssepot.indicators.migrations.0011_traffic_thresholds_in_rules")
D = Decimal
YEAR = 2025


def lights(plan: Plan) -> dict[str, str]:
    return {
        f.key: f.status
        for f in indicator_figures(plan, YEAR, WORKING)
        if (f.key.startswith("indicador.") and ".avance." in f.key) or f.key.endswith(".avance")
    }


@pytest.mark.django_db
def test_the_pots_lights_follow_the_plans_rules(demo_plan: Plan) -> None:
    plan = Plan.objects.get(pk=demo_plan.pk)
    before = lights(plan)
    assert {"rojo", "amarillo"} & set(before.values()), "the demo has indicators behind"
    lenient = {**current_rules(plan).definition(), "verde": "0", "rojo": "0"}
    assert set_rules(plan, lenient, actor=None, reason="prueba") is not None
    after = lights(plan)
    assert after.keys() == before.keys()
    moved = {key for key in after if after[key] != before[key]}
    assert moved and all(after[key] == "verde" for key in moved)
    assert not {"rojo", "amarillo"} & set(after.values())
    assert any(key.startswith("pot.subsistema.") for key in moved), "the POT's levels too"


def test_red_above_green_is_refused_in_words() -> None:
    with pytest.raises(RulesError, match="rojo del semáforo no puede superar al verde"):
        RuleSet.from_definition({**PRESETS[DEFAULT_PRESET], "verde": "0.5", "rojo": "0.6"})


# -- the migration's rewrite -------------------------------------------------------------------------------

T1, T2, T3 = (dt.datetime(2024, m, 1, tzinfo=dt.UTC) for m in (1, 6, 9))
OWN = {**PRESETS[DEFAULT_PRESET], "nombre": "propias", "pesos": "nodo"}


def shares(row: tuple[Any, dict[str, Any], Any]) -> tuple[Decimal, Decimal]:
    return D(row[1]["verde"]), D(row[1]["rojo"])


def test_a_plan_whose_thresholds_equal_its_rules_is_left_alone() -> None:
    assert migration.sequences([], [], (D("0.900"), D("0.600"))) is None
    assert migration.sequences([(T2, OWN, "v1")], [(T1, (D("0.9"), D("0.6")))], (D("0.9"), D("0.6"))) is None


def test_a_plan_without_rules_gets_the_preset_with_its_thresholds_from_the_start() -> None:
    found = migration.sequences([], [], (D("0.8"), D("0.5")))
    assert found is not None
    new, old = found
    assert [(t, shares((t, r, s))) for t, r, s in new] == [(None, (D("0.8"), D("0.5")))]
    assert new[0][1]["nombre"] == DEFAULT_PRESET
    assert [t for t, _, _ in old] == [None], "the old rules: the preset alone"


def test_each_version_takes_the_thresholds_in_force_then_and_each_change_is_a_version() -> None:
    # the plan was created (T1) with 0.8/0.5, its rules were registered at T2, its thresholds moved at T3
    traffic = [(T1, (D("0.8"), D("0.5"))), (T3, (D("0.7"), D("0.4")))]
    found = migration.sequences([(T2, OWN, "v1")], traffic, (D("0.7"), D("0.4")))
    assert found is not None
    new, _ = found
    assert [(t, r["nombre"], shares((t, r, s)), s) for t, r, s in new] == [
        (None, DEFAULT_PRESET, (D("0.8"), D("0.5")), None),
        (T2, "propias", (D("0.8"), D("0.5")), "v1"),
        (T3, "propias", (D("0.7"), D("0.4")), None),
    ]
    assert all(r["pesos"] == "nodo" for t, r, _ in new if t is not None), "nothing else changes"
