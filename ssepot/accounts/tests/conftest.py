"""A small plan holding one record of every model, and a second plan to prove the admin keeps them apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone


def fill_plan(plan: Any, agency: Any, prefix: str = "") -> dict[str, Any]:
    """One record of every plan-scoped model in ``plan``; codes carry ``prefix`` to tell plans apart."""
    from django.contrib.auth import get_user_model

    from ssepot.archive.models import ArchiveDocument
    from ssepot.audit.models import AuditEntry
    from ssepot.catalogue import models as cat
    from ssepot.commitments.models import Commitment, CommitmentStatus
    from ssepot.development.models import (
        DevelopmentPlan,
        InvestmentPlanYear,
        PddLevel,
        PddNode,
        ProgramInvestment,
    )
    from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
    from ssepot.projects.models import Project, ProjectYear
    from ssepot.report.models import NarrativeText, ReportBuild
    from ssepot.reporting.models import (
        Approval,
        Assignment,
        AssignmentEvent,
        Evidence,
        Release,
        ReportingPeriod,
        SentNotice,
        ValidationRule,
    )

    p = {"plan": plan}
    r: dict[str, Any] = {"agency": agency}
    r["horizon"] = cat.Horizon.objects.create(
        **p, kind="corto", start_date=dt.date(2016, 1, 1), end_date=dt.date(2019, 12, 31)
    )
    r["period"] = cat.AdministrativePeriod.objects.create(
        **p, name="2024-2027", start_date=dt.date(2024, 1, 1), end_date=dt.date(2027, 12, 31)
    )
    r["unit"] = cat.TerritorialUnit.objects.create(**p, code=f"{prefix}01", name="Popular", kind="comuna")
    r["article"] = cat.Article.objects.create(**p, number=f"{prefix}1", title="Objeto")
    r["objective"] = cat.FrameworkElement.objects.create(
        **p, kind="objetivo", code=f"{prefix}O1", name="Ciudad compacta"
    )
    r["phase"] = cat.EvaluationPhase.objects.create(**p, number=1, name="Alistamiento")
    r["phase_status"] = cat.PhaseStatus.objects.create(**p, phase=r["phase"], year=2025, status="en_proceso")
    r["variable"] = cat.StudyVariable.objects.create(**p, code=f"{prefix}V1", name="Densidad")
    r["system"] = cat.System.objects.create(**p, code=f"{prefix}SFE", name="Sistemas Físico-Espaciales")
    r["subsystem"] = cat.Subsystem.objects.create(
        **p, system=r["system"], code=f"{prefix}MOV", name=f"{prefix}Movilidad"
    )
    r["narrative"] = cat.SubsystemNarrative.objects.create(
        **p, subsystem=r["subsystem"], year=2025, achievements="Metro de la 80"
    )
    r["commitment"] = Commitment.objects.create(
        **p,
        code=f"{prefix}C-001",
        horizon="corto",
        description=f"{prefix}Adoptar el plan de movilidad",
        typology="Normativo",
        subsystem=r["subsystem"],
        agency=agency,
    )
    r["status"] = CommitmentStatus.objects.create(
        **p, commitment=r["commitment"], year=2025, status="en_proceso", progress=Decimal("40")
    )
    r["project"] = Project.objects.create(
        **p, code=f"{prefix}P-001", name="Corredor de la 80", subsystem=r["subsystem"], agency=agency
    )
    r["project_year"] = ProjectYear.objects.create(
        **p, project=r["project"], year=2025, budget=5_733_749, executed=5_110_504
    )
    r["pdd"] = DevelopmentPlan.objects.create(
        **p, slug="pdd", name="Medellín Te Quiere", start_year=2024, end_year=2027
    )
    r["level"] = PddLevel.objects.create(**p, development_plan=r["pdd"], depth=1, key="linea", name="Línea")
    PddLevel.objects.create(**p, development_plan=r["pdd"], depth=2, key="programa", name="Programa")
    r["line"] = PddNode.objects.create(**p, development_plan=r["pdd"], level="linea", code="1", name="Línea")
    r["program"] = PddNode.objects.create(
        **p,
        development_plan=r["pdd"],
        parent=r["line"],
        level="programa",
        code="1.1",
        name="Gestión del POT y sus instrumentos",
    )
    r["investment"] = ProgramInvestment.objects.create(**p, node=r["program"], year=2025, budget=71_324)
    r["ppi"] = InvestmentPlanYear.objects.create(**p, development_plan=r["pdd"], year=2025, amount=1000)
    r["indicator"] = Indicator.objects.create(
        **p,
        code=f"{prefix}IND-1",
        name=f"{prefix}Kilómetros de ciclorruta",
        indicator_type="P",
        unit="km",
        accumulation="A",
        subsystem=r["subsystem"],
        agency=agency,
    )
    r["pdd_indicator"] = Indicator.objects.create(
        **p,
        code="1.1.1",
        name="Instrumentos adoptados",
        indicator_type="P",
        unit="número",
        accumulation="A",
        development_plan=r["pdd"],
        pdd_node=r["program"],
    )
    r["target"] = IndicatorTarget.objects.create(
        **p, indicator=r["indicator"], year=2025, value=Decimal("10")
    )
    r["value"] = IndicatorValue.objects.create(**p, indicator=r["indicator"], year=2025, value=Decimal("7.5"))
    r["narrative_text"] = NarrativeText.objects.create(
        **p, year=2025, section="compromisos", body="El cumplimiento global es del 92,1%."
    )
    r["period_2025"] = ReportingPeriod.objects.create(
        **p, year=2025, cutoff_date=dt.date(2025, 12, 31), deadline=dt.date(2026, 2, 15)
    )
    r["assignment"] = Assignment.objects.create(
        **p, period=r["period_2025"], agency=agency, kind="indicador", indicator=r["indicator"]
    )
    r["event"] = AssignmentEvent.objects.create(**p, assignment=r["assignment"], action="guardar")
    r["evidence"] = Evidence.objects.create(
        **p,
        assignment=r["assignment"],
        file="evidence/acta.pdf",
        original_name="acta.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    r["release"] = Release.objects.create(**p, year=2025, number=1, published_at=timezone.now())
    r["approval"] = Approval.objects.create(
        **p, approved_at=timezone.now(), release=r["release"], indicator_value=r["value"]
    )
    r["rule"] = ValidationRule.objects.create(
        **p, name="Total igual a la suma", left="#{X}", operator="==", right="#{X.*}", message="No suma"
    )
    r["audit"] = AuditEntry.objects.create(plan=plan, action="prueba", object_repr="prueba")
    r["notice"] = SentNotice.objects.create(
        **p,
        day=dt.date(2026, 2, 15),
        user=get_user_model().objects.get_or_create(username=f"{prefix}avisos")[0],
        key="resumen",
    )
    r["build"] = ReportBuild.objects.create(**p, year=2025, release_number=1, status="lista", progress=100)
    r["document"] = ArchiveDocument.objects.create(
        **p, title=f"{prefix}Acuerdo 48 de 2014", doc_type="acto", date=dt.date(2014, 12, 17)
    )
    from ssepot.indicators.models import CalculationRules
    from ssepot.projects.models import Work
    from ssepot.reporting.models import ImportBatch, ImportedValue

    r["work"] = Work.objects.create(
        **p,
        project=r["project"],
        key="1",
        activity="Andén",
        geometry={"type": "Point", "coordinates": [-75.57, 6.25]},
    )
    r["batch"] = ImportBatch.objects.create(
        **p, importer="valores", file_name="valores.csv", imported_at=timezone.now()
    )
    r["imported_value"] = ImportedValue.objects.create(
        **p, batch=r["batch"], indicator=r["indicator"], year=2025, value=Decimal("8")
    )
    r["rules"] = CalculationRules.objects.create(
        **p, version=1, definition={"nombre": "dap-medellin", "acumulacion": {"A": "acumulado"}}
    )
    return r


@pytest.fixture
def full_plan(plan, agencies, alice):
    return fill_plan(plan, agencies["movilidad"])


@pytest.fixture
def other_plan(medellin):
    """A second plan (another municipality's POT) with its own records, all marked 'OTRO-'."""
    from ssepot.catalogue.models import Agency, Municipality, Plan

    envigado = Municipality.objects.create(
        divipola_code="05266", name="ENVIGADO", department_code="05", department_name="ANTIOQUIA"
    )
    plan = Plan.objects.create(
        municipality=envigado,
        slug="pot-envigado",
        name="POT de Envigado",
        act="Acuerdo 10 de 2011",
        adoption_date=dt.date(2011, 6, 1),
        start_date=dt.date(2011, 6, 1),
        end_date=dt.date(2023, 12, 31),
    )
    agency = Agency.objects.create(plan=plan, code="SOP", name="Secretaría de Obras Públicas")
    return fill_plan(plan, agency, prefix="OTRO-")


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.org", "secreto-de-prueba-1")
