"""The analyst's review page puts beside each reported value the last approved value of the same year and
the previous year's published one, with the change; a large move against the indicator's direction is
flagged against the plan's declared threshold; the comunas' sum says how many units are blank."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ssepot.indicators.models import IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment
from ssepot.reporting.tests.test_views_review import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_2024(plan: Any, catalogue: Any, alice: Any) -> None:
    """2024 as the public sees it: 20 km in the city, 10 in comuna 01."""
    from ssepot.catalogue.models import TerritorialUnit

    indicator = catalogue["indicator"]
    popular = TerritorialUnit.objects.get(plan=plan, code="01")
    for unit, value in ((None, 20), (popular, 10)):
        IndicatorValue.objects.create(plan=plan, indicator=indicator, year=2024, territorial_unit=unit,
                                      value=Decimal(value))  # fmt: skip
    actions.publish_existing(plan, 2024, actor=alice, note="Histórico 2024")


def review_page(client: Any, a: Assignment, alice: Any) -> str:
    client.force_login(alice)
    return client.get(reverse("reporting:agency_review", args=[a.period_id, a.agency_id])).text


def row(page: str, label: str) -> str:
    start = page.index(f'<th scope="row">{label}</th>')
    return page[start : page.index("</tr>", start)]


def test_each_value_shows_last_years_published_value_and_the_change(
    client: Any, published_2024: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob, {"": "12", "01": "11"})
    page = review_page(client, a, alice)
    assert "Comparación con valores anteriores · sentido: Creciente" in page
    assert "Publicado de 2024" in page and "Último aprobado de 2025" in page
    total = row(page, "Total")
    assert '<td class="num">12</td><td class="num">—</td><td class="num">—</td>' in total
    assert '<td class="num">20</td><td class="num">-8 (-40,0 %)</td>' in total
    popular = row(page, "01 Popular")
    assert '<td class="num">10</td><td class="num">+1 (+10,0 %)</td>' in popular


def test_a_fall_of_an_increasing_indicator_beyond_the_threshold_is_flagged(
    client: Any, published_2024: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob, {"": "12", "01": "11"})
    page = review_page(client, a, alice)
    assert "En contra del sentido: baja 40,0 % frente a la vigencia anterior" in row(page, "Total")
    assert "En contra del sentido" not in row(page, "01 Popular")  # it grew
    assert "mayores que 20,0 % del valor anterior (umbral declarado del plan)" in page


def test_the_plans_threshold_decides_what_is_large(
    client: Any, plan: Any, published_2024: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    plan.review_move_threshold = Decimal("0.5")
    plan.save()
    a = submitted(period, catalogue, bob, {"": "12", "01": "11"})
    page = review_page(client, a, alice)
    assert "En contra del sentido" not in row(page, "Total") and "mayores que 50,0 %" in page


def test_a_rise_of_a_decreasing_indicator_is_flagged_and_a_fall_is_not(
    client: Any, published_2024: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    indicator = catalogue["indicator"]
    indicator.direction = "D"
    indicator.save()
    a = submitted(period, catalogue, bob, {"": "14", "01": "13"})
    page = review_page(client, a, alice)
    assert "sentido: Decreciente" in page
    assert "En contra del sentido: sube 30,0 % frente a la vigencia anterior" in row(page, "01 Popular")
    assert "En contra del sentido" not in row(page, "Total")


def test_a_correction_is_compared_with_the_last_approved_value_of_the_year(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob, {"": "12", "01": "5"}), actor=alice)
    actions.approve(a, actor=alice)
    a = Assignment.objects.get(pk=a.pk)
    actions.correct(a, {"values": {"": "6", "01": "5"}}, "El SIMM corrigió", actor=alice,
                    expected_revision=a.revision)  # fmt: skip
    total = row(review_page(client, a, alice), "Total")
    assert '<td class="num">6</td><td class="num">12</td><td class="num">-6 (-50,0 %)</td>' in total
    assert "baja 50,0 % frente al último valor aprobado de la vigencia" in total


def test_the_comunas_sum_says_how_many_units_are_blank(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob, {"": "12", "01": "5"})
    page = review_page(client, a, alice)
    assert (
        "1 de 2 unidades territoriales están en blanco, y en blanco no es cero: la suma de las 1 reportadas, "
        "5, es un mínimo del total; el total (12) lo cumple."
    ) in page


def test_a_sum_above_the_total_with_blank_units_asks_to_review_it(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": {"": "4", "01": "5"}, "observation": "Datos parciales"}, actor=bob,
                           expected_revision=0)  # fmt: skip
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    page = review_page(client, a, alice)
    assert "Revise la suma:" in page
    assert "la suma de las 1 reportadas, 5, es un mínimo del total, y el total (4) queda por debajo." in page


def test_every_unit_filled_must_equal_the_total(client: Any, period: Any, catalogue: Any, alice: Any,
                                                bob: Any) -> None:  # fmt: skip
    a = submitted(period, catalogue, bob, {"": "12", "01": "5", "02": "7"})
    assert "Las 2 unidades territoriales suman 12, igual al total (12)." in review_page(client, a, alice)


def test_a_commitments_progress_is_compared_and_a_fall_flagged(
    client: Any, plan: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    from ssepot.commitments.models import CommitmentStatus

    commitment = catalogue["commitment"]
    CommitmentStatus.objects.create(plan=plan, commitment=commitment, year=2024, status="en_proceso",
                                    progress=Decimal(60))  # fmt: skip
    actions.publish_existing(plan, 2024, actor=alice, note="Histórico 2024")
    c = Assignment.objects.get(period=period, commitment=commitment)
    c = actions.save_draft(c, {"status": "en_proceso", "progress": "30", "observation": "Se suspendió"},
                           actor=bob, expected_revision=0)  # fmt: skip
    c = actions.submit(c, actor=bob, expected_revision=c.revision)
    progress = row(review_page(client, c, alice), "Avance (%)")
    assert '<td class="num">60</td><td class="num">-30 (-50,0 %)</td>' in progress
    assert "baja 50,0 % frente a la vigencia anterior" in progress


def test_the_comparison_reads_no_more_queries_for_more_items_of_a_kind(
    client: Any, plan: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ssepot.commitments.models import Commitment

    def report(commitment: Any) -> None:
        c = Assignment.objects.get(period=period, commitment=commitment)
        c = actions.save_draft(c, {"status": "en_proceso", "progress": "30"}, actor=bob, expected_revision=0)
        actions.submit(c, actor=bob, expected_revision=c.revision)

    def queries() -> int:
        client.force_login(alice)
        with CaptureQueriesContext(connection) as captured:
            client.get(
                reverse("reporting:agency_review", args=[period.pk, catalogue["commitment"].agency_id])
            )
        return len(captured)

    report(catalogue["commitment"])
    one = queries()
    for n in (2, 3):
        Commitment.objects.create(plan=plan, code=f"C-00{n}", description="Otro", horizon="corto",
                                  typology="Normativo", subsystem=catalogue["commitment"].subsystem,
                                  agency=catalogue["commitment"].agency)  # fmt: skip
    actions.open_period(plan, 2025, period.cutoff_date, period.deadline, actor=alice)
    for n in (2, 3):
        report(Commitment.objects.get(plan=plan, code=f"C-00{n}"))
    assert queries() == one
