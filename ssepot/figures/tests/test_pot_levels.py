"""The POT's own levels: each subsystem, each system and the whole plan get a physical progress, a
compliance and a programmed progress from their indicators, by the plan's rules (issue 13: compliance at
every level, in the development plan and the POT)."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from ssepot.catalogue.models import Plan, Subsystem, System
from ssepot.figures import loaders
from ssepot.figures.compute import indicator_figures, is_headline
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue

pytestmark = pytest.mark.django_db
YEAR = 2025


def flow(
    plan: Plan, code: str, sub: Subsystem, target: int, targets: dict[int, int], values: dict[int, int]
) -> None:
    i = Indicator.objects.create(
        plan=plan, code=code, name=f"Indicador {code}", indicator_type="P", unit="unidades",
        accumulation="NoA", plan_target=D(target), subsystem=sub,
    )  # fmt: skip
    for year, value in targets.items():
        IndicatorTarget.objects.create(plan=plan, indicator=i, year=year, value=D(value))
    for year, value in values.items():
        IndicatorValue.objects.create(plan=plan, indicator=i, year=year, value=D(value))


@pytest.fixture
def levels(plan: Plan) -> dict[str, Any]:
    s1 = System.objects.create(plan=plan, code="S1", name="Sistema uno", order=1)
    s2 = System.objects.create(plan=plan, code="S2", name="Sistema dos", order=2)
    a = Subsystem.objects.create(plan=plan, system=s1, code="A", name="Ambiente", order=1)
    b = Subsystem.objects.create(plan=plan, system=s1, code="B", name="Bordes", order=2)
    c = Subsystem.objects.create(plan=plan, system=s2, code="C", name="Centros", order=1)
    # progress (sum / plan target) and programmed (targets up to the cut-off / plan target), NoA = flow
    flow(plan, "A1", a, 100, {2024: 50, 2025: 50}, {2024: 40, 2025: 50})  # 0,9 of 1
    flow(plan, "A2", a, 10, {2024: 5, 2025: 5}, {2024: 5})  # 0,5 of 1
    flow(plan, "B1", b, 200, {2025: 100, 2026: 100}, {2025: 150})  # 0,75 of 0,5
    flow(plan, "C1", c, 10, {2025: 10}, {})  # no data: counts as 0 (the preset's rule) of 1
    return {f.key: f for f in indicator_figures(plan, YEAR, loaders.WORKING)}


def value(figures: dict[str, Any], key: str) -> D:
    figure = figures[key]
    assert figure.value is not None, key
    return D(figure.value).quantize(D("0.0001"))


def test_each_subsystem_system_and_the_plan_has_progress_compliance_and_programmed(
    levels: dict[str, Any],
) -> None:
    assert value(levels, "pot.subsistema.a.avance") == D("70.0000")  # (0,9 + 0,5) / 2
    assert value(levels, "pot.subsistema.a.programado") == D("100.0000")
    assert value(levels, "pot.subsistema.a.cumplimiento") == D("70.0000")
    assert value(levels, "pot.subsistema.b.avance") == D("75.0000")
    assert value(levels, "pot.subsistema.b.cumplimiento") == D("150.0000")  # ahead of its programme
    assert value(levels, "pot.subsistema.c.avance") == D("0.0000")
    assert value(levels, "pot.subsistema.c.cumplimiento") == D("0.0000")
    # the preset weighs every indicator below a node alike (pesos global)
    assert value(levels, "pot.sistema.s1.avance") == (D("2.15") / 3 * 100).quantize(D("0.0001"))
    assert value(levels, "pot.sistema.s1.cumplimiento") == (D("2.15") / D("2.5") * 100).quantize(D("0.0001"))
    assert value(levels, "pot.avance") == D("53.7500")  # (0,9 + 0,5 + 0,75 + 0) / 4
    assert value(levels, "pot.programado") == D("87.5000")
    assert value(levels, "pot.cumplimiento") == (D("2.15") / D("3.5") * 100).quantize(D("0.0001"))


def test_a_level_figure_explains_itself_and_only_the_plan_s_is_a_headline(levels: dict[str, Any]) -> None:
    figure = levels["pot.subsistema.b.avance"]
    assert "Bordes" in figure.label
    assert [(i.label.split(" (")[0], i.value) for i in figure.inputs] == [("B1 Indicador B1", D(75))]
    assert "Σ(w × min(avance, tope))" in figure.formula
    assert "1 de 1 indicadores con dato" in figure.formula
    assert is_headline(levels["pot.avance"])
    assert not is_headline(levels["pot.subsistema.a.avance"]) and not is_headline(
        levels["pot.sistema.s1.avance"]
    )
    assert "1 de 1 indicadores sin dato" in levels["pot.subsistema.c.avance"].note
