"""A development plan's indicators in the review cycle: opening a year assigns them to their agencies when
the development plan is in force that year; they are reported, validated, approved and published like the
POT's, and the development plan's published figures read what was published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdds(plan: Any, agencies: dict[str, Any], catalogue: Any) -> dict[str, Indicator]:
    """The development plan 2024-2027 (one program, an indicator of each agency) and the ended 2020-2023."""
    current = DevelopmentPlan.objects.create(
        plan=plan, slug="pdd-2024-2027", name="Plan 2024-2027", start_year=2024, end_year=2027
    )
    ended = DevelopmentPlan.objects.create(
        plan=plan, slug="pdd-2020-2023", name="Plan 2020-2023", start_year=2020, end_year=2023
    )
    found = {}
    for pdd, key in ((current, "current"), (ended, "ended")):
        line = PddNode.objects.create(plan=plan, development_plan=pdd, level="linea", code="1", name="Línea")
        program = PddNode.objects.create(plan=plan, development_plan=pdd, level="programa", code="1.1",
                                         name="Programa", parent=line)  # fmt: skip
        found[key] = Indicator.objects.create(
            plan=plan, development_plan=pdd, pdd_node=program, code="1.1.1", name="Viviendas mejoradas",
            indicator_type="P", unit="viviendas", accumulation="NoA", plan_target=Decimal(400),
            agency=agencies["edu"], weight=Decimal(1),
        )  # fmt: skip
    found["reported_by_other"] = Indicator.objects.create(
        plan=plan, development_plan=current, pdd_node=found["current"].pdd_node, code="1.1.2",
        name="Kilómetros de vía", indicator_type="P", unit="km", accumulation="A", plan_target=Decimal(10),
        agency=agencies["edu"], reporting_agency=agencies["movilidad"], weight=Decimal(1),
    )  # fmt: skip
    IndicatorTarget.objects.create(plan=plan, indicator=found["current"], year=2025, value=Decimal(100))
    return found


def test_opening_a_year_assigns_the_development_plan_in_force(
    plan: Any, pdds: dict[str, Indicator], alice: Any, agencies: dict[str, Any]
) -> None:
    period = actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 15), actor=alice)
    assigned = dict(
        Assignment.objects.filter(period=period, indicator__development_plan__isnull=False).values_list(
            "indicator_id", "agency__code"
        )
    )
    # the ended plan's indicator (same code) is not asked; the reporting agency reports for the other
    assert assigned == {pdds["current"].pk: "EDU", pdds["reported_by_other"].pk: "SM"}
    # the POT's own items are still there, once each, when the year is opened again
    before = Assignment.objects.filter(period=period).count()
    actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 15), actor=alice)
    assert Assignment.objects.filter(period=period).count() == before


def test_a_year_outside_every_development_plan_assigns_none_of_them(
    plan: Any, pdds: dict[str, Indicator], alice: Any
) -> None:
    period = actions.open_period(plan, 2019, dt.date(2019, 12, 31), dt.date(2020, 2, 15), actor=alice)
    assert not Assignment.objects.filter(period=period, indicator__development_plan__isnull=False).exists()
    assert Assignment.objects.filter(period=period, kind="indicador").exists()  # the POT's own


def test_a_development_plan_indicator_is_reported_reviewed_and_published(
    plan: Any, pdds: dict[str, Indicator], alice: Any, charlie: Any
) -> None:
    from ssepot.figures.development import development_figures
    from ssepot.figures.loaders import PUBLISHED, WORKING

    period = actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 15), actor=alice)
    a = Assignment.objects.get(period=period, indicator=pdds["current"])
    a = actions.save_draft(a, {"values": {"": "80"}, "observation": ""}, actor=charlie,
                           expected_revision=a.revision)  # fmt: skip
    a = actions.submit(a, actor=charlie, expected_revision=a.revision)
    pdd = pdds["current"].development_plan
    assert pdd is not None
    indicator_row = next(
        r for r in development_figures(pdd, 2025, view=WORKING).indicators if r.code == "1.1.1"
    )
    assert indicator_row.progress.value is None  # submitted is not reported data yet
    a = actions.validate(a, actor=alice)
    actions.approve(a, actor=alice)
    value = IndicatorValue.objects.filter(indicator=pdds["current"], year=2025).current().get()
    assert value.value == Decimal(80) and value.approval.approved_by == alice
    assert value.approval.reported_by == charlie
    unpublished = next(
        r for r in development_figures(pdd, 2025, view=PUBLISHED).indicators if r.code == "1.1.1"
    )
    assert unpublished.progress.value is None
    release = actions.publish(plan, 2025, actor=alice, note="Reporte 2025")
    a.refresh_from_db()
    assert a.state == Assignment.State.PUBLISHED
    published = next(
        r for r in development_figures(pdd, 2025, view=PUBLISHED).indicators if r.code == "1.1.1"
    )
    # flow: 80 of a plan target of 400 = 20 %
    assert published.progress.value == Decimal(80) * 100 / Decimal(400)
    value.approval.refresh_from_db()
    assert value.approval.release_id == release.pk
