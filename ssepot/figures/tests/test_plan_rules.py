"""The figures follow each plan's own rules, cover the POT's indicators and list integrity problems."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ssepot.catalogue.models import Plan
from ssepot.figures.compute import all_figures, integrity_problems

pytestmark = pytest.mark.django_db


def figures_by_key(plan: Plan) -> dict[str, Any]:
    return {f.key: f for f in all_figures(plan, 2025)}


def test_progress_class_thresholds_are_read_from_the_plan(demo_plan: Plan) -> None:
    before = figures_by_key(demo_plan)
    Plan.objects.filter(pk=demo_plan.pk).update(class_high=Decimal("0.5"), class_low=Decimal("0.2"))
    after = figures_by_key(Plan.objects.get(pk=demo_plan.pk))
    # A lower bar for 'alto' (50 % of the expected 50 % = 25 %) moves medium indicators up.
    assert after["pdd.clases.alto"].value > before["pdd.clases.alto"].value
    assert "25,00 %" in after["pdd.clases.alto"].formula
    assert after["pdd.clases.total"].value == before["pdd.clases.total"].value == 149


def test_every_pot_indicator_has_compliance_progress_light_and_second_method(demo_plan: Plan) -> None:
    figures = figures_by_key(demo_plan)
    progress = [f for k, f in figures.items() if k.startswith("indicador.") and ".avance." in k]
    assert len(progress) == 63
    assert {f.status for f in progress} <= {"verde", "amarillo", "rojo", "gris", "NA", "ND"}
    assert sum(f.status == "verde" for f in progress) > 0
    assert sum(k.startswith("indicador.") and k.endswith(".opensdg") for k in figures) == 63
    # the forecast gives the same second method beside its own status, for the same 63
    assert sum(k.startswith("pronostico.") and k.endswith(".opensdg") for k in figures) == 63


def test_a_commitment_without_indicator_is_an_integrity_problem(demo_plan: Plan) -> None:
    from ssepot.commitments.models import Commitment

    commitment = Commitment.objects.filter(plan=demo_plan).first()
    assert commitment is not None
    before = [p for p in integrity_problems(demo_plan, 2025) if p.kind == "compromiso_sin_indicador"]
    commitment.indicators.clear()
    after = [p for p in integrity_problems(demo_plan, 2025) if p.kind == "compromiso_sin_indicador"]
    assert len(after) == len(before) + 1
    assert any(commitment.code in p.message for p in after)


def test_recomputing_a_plan_takes_a_fixed_number_of_queries(
    demo_plan: Plan, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(40):
        all_figures(demo_plan, 2025)


def test_public_figures_ignore_an_approved_but_unpublished_correction(demo_plan: Plan) -> None:
    from ssepot.commitments.models import CommitmentStatus
    from ssepot.figures.loaders import WORKING

    current = (
        CommitmentStatus.objects.filter(plan=demo_plan, year=2025, status="en_proceso").current().first()
    )
    assert current is not None
    CommitmentStatus.objects.create(
        plan=demo_plan, commitment=current.commitment, year=2025, status="cumplido", progress=100,
        supersedes=current, reason="Acta de recibo",
    )  # fmt: skip
    published = {f.key: f for f in all_figures(demo_plan, 2025)}
    working = {f.key: f for f in all_figures(demo_plan, 2025, WORKING)}
    first_release = {f.key: f for f in all_figures(demo_plan, 2025, 1)}
    assert published["compromisos.cumplido"].value == first_release["compromisos.cumplido"].value == 71
    assert working["compromisos.cumplido"].value == 72
