"""``GET /api/v1/planes/{slug}/marco-estrategico`` gives what the public page shows, counted from the
catalogue: every element by kind, every phase with its status in the year asked, every variable's
objectives and every objective's indicators."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssepot.catalogue.models import FrameworkElement, PhaseStatus, StudyVariable
from ssepot.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_framework_endpoint_gives_the_catalogue(client: Client, demo_plan: Any) -> None:
    response = client.get(f"/api/v1/planes/{demo_plan.slug}/marco-estrategico?vigencia=2024")
    assert response.status_code == 200
    body = response.json()
    assert body["vigencia"] == 2024
    by_kind = {k["tipo"]: [e["codigo"] for e in k["elementos"]] for k in body["marco"]}
    for kind in FrameworkElement.Kind.values:
        expected = FrameworkElement.objects.filter(plan=demo_plan, kind=kind).order_by("order", "code")
        assert by_kind[kind] == [e.code for e in expected]
    statuses = {s.phase.number: s.status for s in PhaseStatus.objects.filter(plan=demo_plan, year=2024)}
    assert statuses and {f["numero"]: f["estado"] for f in body["fases"]} == statuses
    variables = {
        v.code: sorted(o.code for o in v.objectives.all())
        for v in StudyVariable.objects.filter(plan=demo_plan)
    }
    assert {v["codigo"]: sorted(v["objetivos"]) for v in body["variables"]} == variables
    for objective in body["objetivos"]:
        linked = Indicator.objects.filter(
            plan=demo_plan,
            objectives__plan=demo_plan,
            objectives__code=objective["codigo"],
            objectives__kind="objetivo",
        )
        assert sorted(objective["indicadores"]) == sorted(i.code for i in linked)
    assert response.has_header("ETag")


def test_an_unknown_plan_answers_404(client: Client, db: None) -> None:
    response = client.get("/api/v1/planes/no-existe/marco-estrategico")
    assert response.status_code == 404
    assert "no-existe" in response.json()["detalle"]


def test_an_impossible_year_is_refused(client: Client, demo_plan: Any) -> None:
    assert client.get(f"/api/v1/planes/{demo_plan.slug}/marco-estrategico?vigencia=10").status_code == 422
