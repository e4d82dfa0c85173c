"""A small plan with one item of each kind per agency, for the reporting cycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest


@pytest.fixture
def catalogue(plan: Any, agencies: dict[str, Any]) -> dict[str, Any]:
    from ssepot.catalogue.models import Subsystem, System, TerritorialUnit
    from ssepot.commitments.models import Commitment
    from ssepot.indicators.models import Indicator
    from ssepot.projects.models import Project

    system = System.objects.create(plan=plan, code="SFE", name="Sistemas Físico-Espaciales")
    mov = Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")
    for code, name in (("01", "Popular"), ("02", "Santa Cruz")):
        TerritorialUnit.objects.create(plan=plan, code=code, name=name, kind="comuna")
    sm, edu = agencies["movilidad"], agencies["edu"]
    return {
        "indicator": Indicator.objects.create(
            plan=plan, code="POT-MOV-01", name="Kilómetros de ciclorruta", indicator_type="P", unit="km",
            accumulation="A", agency=sm, subsystem=mov, is_disaggregated=True, plan_target=Decimal(100),
        ),
        "edu_indicator": Indicator.objects.create(
            plan=plan, code="POT-EQU-01", name="Equipamientos construidos", indicator_type="P", unit="número",
            accumulation="A", agency=edu, subsystem=mov,
        ),
        "commitment": Commitment.objects.create(
            plan=plan, code="C-001", description="Adoptar el plan de movilidad", horizon="corto",
            typology="Normativo", subsystem=mov, agency=sm,
        ),
        "project": Project.objects.create(
            plan=plan, code="P-001", name="Metro de la 80", subsystem=mov, agency=sm
        ),
    }  # fmt: skip


@pytest.fixture
def period(plan: Any, catalogue: Any, alice: Any) -> Any:
    from ssepot.reporting.actions import open_period

    return open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 15), actor=alice)
