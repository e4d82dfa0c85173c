"""Projects imported without subsystem or agency ("sin asignar"): the analyst assigns them in the admin,
audited, and nobody is asked to report them before they have an agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Agency, Plan, Subsystem, System
from ssepot.projects.models import Project
from ssepot.reporting.actions import open_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def unassigned(plan: Plan) -> list[Project]:
    return [Project.objects.create(plan=plan, code=f"46001028{n}", name=f"Contrato {n}") for n in (90, 64)]


@pytest.fixture
def subsystem(plan: Plan) -> Subsystem:
    system = System.objects.create(plan=plan, code="EST", name="Estructurante")
    return Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")


def test_the_admin_action_assigns_the_chosen_projects_and_audits_it(
    client: Client, alice: Any, unassigned: list[Project], subsystem: Subsystem, agencies: dict[str, Agency]
) -> None:
    client.force_login(alice)
    url = "/admin/projects/project/?asignacion=sin"
    listed = client.get(url)
    assert listed.status_code == 200
    assert {p.code for p in listed.context["cl"].result_list} == {p.code for p in unassigned}

    chosen = {"action": "assign", "_selected_action": [p.pk for p in unassigned]}
    form = client.post(url, chosen)
    assert form.status_code == 200 and "form" in form.context
    done = client.post(
        url,
        {**chosen, "aplicar": "1", "subsystem": subsystem.pk, "agency": agencies["edu"].pk, "reason": "SIF"},
    )

    assert done.status_code == 302
    assert set(Project.objects.values_list("subsystem", "agency")) == {(subsystem.pk, agencies["edu"].pk)}
    entries = AuditEntry.objects.filter(action="asignar proyecto")
    assert entries.count() == 2
    assert {e.reason for e in entries} == {"SIF"} and {e.actor for e in entries} == {alice}


def test_the_form_offers_only_the_plans_own_subsystems(
    client: Client, alice: Any, unassigned: list[Project], subsystem: Subsystem, medellin: Any
) -> None:
    other = Plan.objects.create(
        municipality=medellin,
        slug="otro",
        name="Otro",
        act="Acuerdo 1",
        adoption_date=dt.date(2020, 1, 1),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2030, 12, 31),
    )
    foreign = Subsystem.objects.create(
        plan=other, system=System.objects.create(plan=other, code="X", name="X"), code="EP", name="Ajeno"
    )
    client.force_login(alice)
    form = client.post(
        "/admin/projects/project/", {"action": "assign", "_selected_action": [p.pk for p in unassigned]}
    )

    choices = set(form.context["form"].fields["subsystem"].queryset)
    assert subsystem in choices and foreign not in choices


def test_opening_a_period_skips_projects_without_agency(
    alice: Any, plan: Plan, unassigned: list[Project], subsystem: Subsystem, agencies: dict[str, Agency]
) -> None:
    Project.objects.create(
        plan=plan, code="PE-1", name="Asignado", subsystem=subsystem, agency=agencies["edu"]
    )

    period = open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 1, 31), actor=alice)

    assert list(period.assignments.filter(kind="proyecto").values_list("project__code", flat=True)) == [
        "PE-1"
    ]
