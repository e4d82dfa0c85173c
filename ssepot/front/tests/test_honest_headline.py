"""An honest headline: the portal opens on the newest year whose publication covers enough of the plan
(``Plan.headline_coverage``); a partial year says how much it covers and headlines no global figure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.catalogue.models import Subsystem, System
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.reporting import actions
from ssepot.reporting.tests.cycle_helpers import report_and_publish

pytestmark = pytest.mark.django_db

GLOBAL = 'data-figure="compromisos.cumplimiento_global"'


@pytest.fixture
def one_of_five_in_2026(plan: Any, agencies: dict[str, Any], alice: Any, bob: Any) -> list[Commitment]:
    """Five commitments: all reported for 2025 (historical data), one reported and published for 2026."""
    system = System.objects.create(plan=plan, code="SFE", name="Sistemas Físico-Espaciales")
    mov = Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")
    commitments = [
        Commitment.objects.create(
            plan=plan,
            code=f"C-00{n}",
            description=f"Compromiso {n}",
            horizon="corto",
            typology="Normativo",
            subsystem=mov,
            agency=agencies["movilidad"],
        )
        for n in range(1, 6)
    ]
    for c in commitments:
        CommitmentStatus.objects.create(plan=plan, commitment=c, year=2025, status="en_proceso", progress=50)
    actions.publish_existing(plan, 2025, actor=alice, note="Datos históricos")
    report_and_publish(
        plan, 2026, [({"commitment": commitments[0]}, {"status": "cumplido", "progress": "100"})], alice, bob
    )
    return commitments


def test_the_portal_opens_on_the_newest_year_that_covers_enough_of_the_plan(
    plan: Any, one_of_five_in_2026: Any, client: Client
) -> None:
    landing = client.get("/")
    link = f"/planes/{plan.slug}/"
    assert f'href="{link}"' in landing.content.decode()
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == f"/planes/{plan.slug}/2025/"
    page = client.get(opened["Location"]).content.decode()
    assert GLOBAL in page and "Publicación parcial" not in page


def test_a_partial_year_is_labelled_with_its_coverage_and_headlines_no_global_figure(
    plan: Any, one_of_five_in_2026: Any, client: Client
) -> None:
    page = client.get(f"/planes/{plan.slug}/2026/").content.decode()
    assert "Publicación parcial: 1 de 5 compromisos e indicadores programados de 2026" in page
    assert "(20,0&nbsp;%)" in page and "80&nbsp;%" in page
    assert GLOBAL not in page and "Cumplimiento global" not in page
    assert 'data-figure="compromisos.total"' in page  # counts stay


def test_the_threshold_is_the_plans(plan: Any, one_of_five_in_2026: Any, client: Client) -> None:
    plan.headline_coverage = Decimal("0.2")
    plan.save()
    opened = client.get(f"/planes/{plan.slug}/")
    assert opened["Location"] == f"/planes/{plan.slug}/2026/"
    page = client.get(opened["Location"]).content.decode()
    assert "Publicación parcial" not in page and GLOBAL in page
