"""A year combined from some of its quarters says so beside its figures: «2025 parcial: 3 de 4 trimestres
reportados», and the formula shows how the quarters were combined; a whole year says nothing more."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ssepot.catalogue.models import Plan
from ssepot.figures import loaders
from ssepot.figures.compute import indicator_figures
from ssepot.figures.tests.test_period_series import indicator, rows
from ssepot.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_a_partial_year_names_its_reported_quarters_beside_compliance_and_progress(plan: Plan) -> None:
    flow = indicator(plan, "F1", "NoA")
    rows(flow, 2024, {1: 10, 2: 20, 3: 5, 4: 15}, {p: 25 for p in (1, 2, 3, 4)})
    rows(flow, 2025, {1: 30, 2: 30, 3: 40}, {p: 25 for p in (1, 2, 3, 4)})
    figures = {f.key: f for f in indicator_figures(plan, 2025, loaders.WORKING)}
    compliance = figures[f"indicador.{flow.pk}.cumplimiento.2025"]
    progress = figures[f"indicador.{flow.pk}.avance.2025"]
    assert compliance.value == D(100)  # 30 + 30 + 40 of 4 x 25
    for figure in (compliance, progress):
        assert figure.note == "2025 parcial: 3 de 4 trimestres reportados"
        assert "suma de T1 + T2 + T3 = 30 + 30 + 40 = 100" in figure.formula
    whole = {f.key: f for f in indicator_figures(plan, 2024, loaders.WORKING)}
    assert whole[f"indicador.{flow.pk}.cumplimiento.2024"].note == ""
    assert "4 de 4 trimestres" not in whole[f"indicador.{flow.pk}.cumplimiento.2024"].note


def test_a_monthly_year_counts_months(plan: Plan) -> None:
    monthly = indicator(plan, "M1", "A", frequency="mensual")
    rows(monthly, 2025, {1: 5, 2: 7}, {12: 20})
    series = loaders.indicator_series([monthly], loaders.WORKING)[monthly.pk]
    assert series.periods[2025].coverage == "2 de 12 meses"
    figures = {f.key: f for f in indicator_figures(plan, 2025, loaders.WORKING)}
    assert (
        figures[f"indicador.{monthly.pk}.cumplimiento.2025"].note == "2025 parcial: 2 de 12 meses reportados"
    )


def test_a_development_plan_indicator_says_its_partial_year_too(plan: Plan) -> None:
    from ssepot.development.models import DevelopmentPlan, PddNode
    from ssepot.figures.development import development_figures

    pdd = DevelopmentPlan.objects.create(plan=plan, slug="pdd", name="PDD", start_year=2024, end_year=2027)
    program = PddNode.objects.create(plan=plan, development_plan=pdd, level="programa", code="1.1", name="P")
    flow = indicator(plan, "1.1.1", "NoA")
    Indicator.objects.filter(pk=flow.pk).update(development_plan=pdd, pdd_node=program)
    rows(flow, 2025, {1: 30, 2: 30}, {p: 25 for p in (1, 2, 3, 4)})
    row = next(
        r for r in development_figures(pdd, 2025, view=loaders.WORKING).indicators if r.code == "1.1.1"
    )
    assert row.progress.note == row.compliance.note == "2025 parcial: 2 de 4 trimestres reportados"
    assert "suma de T1 + T2 = 30 + 30 = 60" in row.progress.formula
