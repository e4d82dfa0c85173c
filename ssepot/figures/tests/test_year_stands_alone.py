"""A year stands alone: the 2025 figures and page read 2025 as its release shows it, and the other years as
they had been published by then. Publishing 2026 values and correcting 2024 after the 2025 release moves
neither; a new 2025 release takes the 2024 correction in. The Open SDG status of 2025 reads no 2026 value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.catalogue.models import Subsystem, System
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.figures.compute import all_figures
from ssepot.front.data import clear_caches
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.projects.models import Project, ProjectYear
from ssepot.reporting import actions
from ssepot.reporting.tests.cycle_helpers import correct_and_publish, report_and_publish

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


@pytest.fixture
def items(plan: Any, agencies: dict[str, Any]) -> dict[str, Any]:
    """Two commitments, one project and one indicator of the Secretaría de Movilidad."""
    system = System.objects.create(plan=plan, code="SFE", name="Sistemas Físico-Espaciales")
    mov = Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")
    sm = agencies["movilidad"]
    indicator = Indicator.objects.create(
        plan=plan, code="POT-MOV-01", name="Kilómetros de ciclorruta", indicator_type="P", unit="km",
        accumulation="A", agency=sm, subsystem=mov, plan_target=Decimal(100),
    )  # fmt: skip
    for year, target in ((2024, 25), (2025, 50), (2026, 75), (2027, 100)):
        IndicatorTarget.objects.create(plan=plan, indicator=indicator, year=year, value=Decimal(target))
    commitments = [
        Commitment.objects.create(
            plan=plan,
            code=f"C-00{n}",
            description=f"Compromiso {n}",
            horizon="corto",
            typology="Normativo",
            subsystem=mov,
            agency=sm,
        )
        for n in (1, 2)
    ]
    project = Project.objects.create(plan=plan, code="P-001", name="Metro de la 80", subsystem=mov, agency=sm)
    return {"indicator": indicator, "commitments": commitments, "project": project}


@pytest.fixture
def published_2025(plan: Any, items: dict[str, Any], alice: Any, bob: Any) -> dict[str, Any]:
    """2024 as historical data and the execution program's 2026 budget, published before 2025; then 2025
    reported and published through the cycle."""
    c1, c2 = items["commitments"]
    project, indicator = items["project"], items["indicator"]
    for c in (c1, c2):
        CommitmentStatus.objects.create(plan=plan, commitment=c, year=2024, status="en_proceso", progress=40)
    ProjectYear.objects.create(
        plan=plan, project=project, year=2024, budget=1000 * MILLION, executed=800 * MILLION
    )
    IndicatorValue.objects.create(plan=plan, indicator=indicator, year=2024, value=Decimal(20))
    actions.publish_existing(plan, 2024, actor=alice, note="Datos históricos")
    ProjectYear.objects.create(plan=plan, project=project, year=2026, budget=500 * MILLION, executed=0)
    actions.publish_existing(plan, 2026, actor=alice, note="Presupuesto programado 2026")
    report_and_publish(plan, 2025, [
        ({"commitment": c1}, {"status": "cumplido", "progress": "100"}),
        ({"commitment": c2}, {"status": "en_proceso", "progress": "60"}),
        ({"project": project}, {"budget": "1200000000", "executed": "1000000000", "physical_progress": "50"}),
        ({"indicator": indicator}, {"values": {"": "40"}}),
    ], alice, bob)  # fmt: skip
    return items


def publish_2026_and_correct_2024(plan: Any, items: dict[str, Any], alice: Any, bob: Any) -> None:
    c1, c2 = items["commitments"]
    project, indicator = items["project"], items["indicator"]
    report_and_publish(plan, 2026, [
        ({"commitment": c1}, {"status": "cumplido", "progress": "100"}),
        ({"project": project}, {"budget": "510000000", "executed": "300000000", "physical_progress": "80"}),
        ({"indicator": indicator}, {"values": {"": "95"}}),
    ], alice, bob)  # fmt: skip
    old = CommitmentStatus.objects.filter(commitment=c2, year=2024).current().get()
    CommitmentStatus.objects.create(
        plan=plan, commitment=c2, year=2024, status="en_proceso", progress=70, supersedes=old,
        reason="El acta llegó después del corte",
    )  # fmt: skip
    old_money = ProjectYear.objects.filter(project=project, year=2024).current().get()
    ProjectYear.objects.create(
        plan=plan, project=project, year=2024, budget=1000 * MILLION, executed=900 * MILLION,
        supersedes=old_money, reason="Cierre presupuestal 2024",
    )  # fmt: skip
    actions.publish_existing(plan, 2024, actor=alice, note="Corrección 2024")


def snapshot(plan: Any, year: int) -> dict[str, tuple[Any, ...]]:
    return {f.key: (f.value, f.status, f.formula, f.inputs) for f in all_figures(plan, year)}


def home_page(client: Client, plan: Any, year: int) -> tuple[Any, Any]:
    clear_caches()  # NB: the page is computed afresh, not read from the cache of the first request
    response = client.get(f"/planes/{plan.slug}/{year}/")
    assert response.status_code == 200
    return response.context["cards"], response.context["groups"]


def test_2026_values_and_a_2024_correction_do_not_move_the_2025_figures_or_page(
    plan: Any, published_2025: dict[str, Any], alice: Any, bob: Any, client: Client
) -> None:
    before = snapshot(plan, 2025)
    page_before = home_page(client, plan, 2025)
    assert before["dinero.programa_ejecucion.ejecutado"][0] == 1800 * MILLION
    # the 2026 budget published before the 2025 release is the execution program's
    assert before["dinero.programa_ejecucion.presupuesto"][0] == 2700 * MILLION

    publish_2026_and_correct_2024(plan, published_2025, alice, bob)
    c2 = published_2025["commitments"][1]
    assert CommitmentStatus.objects.filter(commitment=c2, year=2024).published().get().progress == 70

    assert snapshot(plan, 2025) == before
    assert home_page(client, plan, 2025) == page_before
    # ... while the 2026 figures read 2026's values (the 2024 correction came after the 2026 release)
    after_2026 = {f.key: f for f in all_figures(plan, 2026)}
    assert after_2026["dinero.programa_ejecucion.ejecutado"].value == (800 + 1000 + 300) * MILLION


def test_a_new_2025_release_takes_in_what_other_years_published_before_it(
    plan: Any, published_2025: dict[str, Any], alice: Any, bob: Any
) -> None:
    publish_2026_and_correct_2024(plan, published_2025, alice, bob)
    c2 = published_2025["commitments"][1]
    correct_and_publish(plan, 2025, {"commitment": c2}, {"status": "cumplido", "progress": "100"}, alice)

    figures = {f.key: f for f in all_figures(plan, 2025)}
    # the 2024 correction, published before 2025-2, is in; the 2026 values are of a later year
    assert figures["dinero.programa_ejecucion.ejecutado"].value == 1900 * MILLION
    assert figures["dinero.programa_ejecucion.presupuesto"].value == 2710 * MILLION
    pinned = {f.key: f for f in all_figures(plan, 2025, 1)}
    assert pinned["dinero.programa_ejecucion.ejecutado"].value == 1800 * MILLION


def test_the_open_sdg_status_of_2025_reads_no_2026_value(
    plan: Any, published_2025: dict[str, Any], alice: Any, bob: Any
) -> None:
    key = f"indicador.{published_2025['indicator'].pk}.opensdg"
    publish_2026_and_correct_2024(plan, published_2025, alice, bob)
    # a new 2025 release: the year's view now reaches past the 2026 publication
    c2 = published_2025["commitments"][1]
    correct_and_publish(plan, 2025, {"commitment": c2}, {"status": "cumplido", "progress": "100"}, alice)

    status = {f.key: f for f in all_figures(plan, 2025)}[key]
    assert {i.ref for i in status.inputs if i.ref.startswith("serie:")} == {"serie:2024", "serie:2025"}
    assert "95" not in status.formula
    later = {f.key: f for f in all_figures(plan, 2026)}[key]
    assert "serie:2026" in {i.ref for i in later.inputs}
