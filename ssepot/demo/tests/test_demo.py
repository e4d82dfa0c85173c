"""The demo plan reproduces the IGPOT 2025 figures, is deterministic and can be rebuilt.

The demo is built once per module (a few seconds); each test runs in its own transaction on top of it, so
tests that rebuild it leave the module's copy untouched.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models
from django.db.models import Sum

from ssepot.accounts.models import Membership
from ssepot.archive.models import ArchiveDocument
from ssepot.catalogue.models import (
    AdministrativePeriod,
    Agency,
    Article,
    EvaluationPhase,
    FrameworkElement,
    Horizon,
    Municipality,
    PhaseStatus,
    Plan,
    StudyVariable,
    Subsystem,
    SubsystemNarrative,
    System,
    TerritorialUnit,
)
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.demo.builder import build_demo
from ssepot.development.models import DevelopmentPlan, InvestmentPlanYear, PddNode, ProgramInvestment
from ssepot.front.models import Headline
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.projects.models import Project, ProjectYear
from ssepot.reporting.models import ReportingPeriod

MILLION = 1_000_000


@pytest.fixture
def plan(demo_plan: Plan, db: Any) -> Plan:
    return demo_plan


# -- counts ------------------------------------------------------------------------------------------------


def test_demo_has_the_report_structure(plan: Plan) -> None:
    assert plan.slug == "medellin" and plan.is_synthetic
    assert "reales" in plan.synthetic_note and "sintéticos" in plan.synthetic_note
    assert plan.municipality.divipola_code == "05001"
    assert Municipality.objects.count() >= 1_102
    assert System.objects.filter(plan=plan).count() == 2
    assert Subsystem.objects.filter(plan=plan).count() == 20
    assert Subsystem.objects.filter(plan=plan, is_illustrative=True).count() == 12
    assert SubsystemNarrative.objects.filter(plan=plan, year=2025).count() == 20
    assert Commitment.objects.filter(plan=plan).count() == 101
    assert Project.objects.filter(plan=plan).count() == 171
    assert TerritorialUnit.objects.filter(plan=plan).count() == 23
    assert FrameworkElement.objects.filter(plan=plan, kind="objetivo").count() == 12
    assert EvaluationPhase.objects.filter(plan=plan).count() == 8
    assert StudyVariable.objects.filter(plan=plan).count() == 30
    assert Article.objects.filter(plan=plan, number="603").exists()
    assert list(
        Horizon.objects.filter(plan=plan).values_list("kind", "start_date__year", "end_date__year")
    ) == [("corto", 2016, 2019), ("mediano", 2020, 2023), ("largo", 2024, 2027)]
    assert AdministrativePeriod.objects.filter(plan=plan, name="Medellín Te Quiere").exists()
    assert ReportingPeriod.objects.filter(plan=plan, status="cerrado").count() == 9
    assert ArchiveDocument.objects.filter(plan=plan, doc_type="informe").count() == 8


def test_real_development_plan_2020_2023_has_810_indicators(plan: Plan) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    assert "Medellín Futuro 2020-2023" in pdd.name and not pdd.is_synthetic
    assert Indicator.objects.filter(plan=plan, development_plan=pdd).count() == 810


def test_149_linked_indicators_from_54_programs_cover_all_171_projects(plan: Plan) -> None:
    linked = Indicator.objects.filter(
        plan=plan, development_plan__slug="pdd-2024-2027", projects__isnull=False
    )
    assert linked.distinct().count() == 149
    assert linked.values("pdd_node").distinct().count() == 54
    assert set(linked.values_list("pdd_node__level", flat=True)) == {"programa"}
    covered = Project.objects.filter(plan=plan, indicators__development_plan__slug="pdd-2024-2027")
    assert covered.distinct().count() == 171


def test_38_component_indicators_relate_to_the_plans_systems(plan: Plan) -> None:
    related = Indicator.objects.filter(
        plan=plan,
        development_plan__slug="pdd-2024-2027",
        pdd_node__level="componente",
        pdd_node__systems__isnull=False,
    ).distinct()
    assert related.count() == 38
    component_level = Indicator.objects.filter(
        plan=plan, development_plan__slug="pdd-2024-2027", pdd_node__level="componente"
    )
    assert component_level.count() > 38


def test_ecv_indices_are_real_values_by_territorial_unit(plan: Plan) -> None:
    imcv = Indicator.objects.get(plan=plan, code="ECV-IMCV")
    assert imcv.is_disaggregated
    popular_2024 = IndicatorValue.objects.get(indicator=imcv, year=2024, territorial_unit__code="01")
    assert popular_2024.value == Decimal("35.07")
    assert IndicatorValue.objects.filter(plan=plan, indicator__code__startswith="ECV").count() == 588


# -- commitments ------------------------------------------------------------------------------------------


def test_2025_commitment_figures_match_the_report(plan: Plan) -> None:
    rows = CommitmentStatus.objects.current().filter(plan=plan, year=2025)
    assert rows.count() == 101
    by = Counter(rows.values_list("commitment__horizon", "status"))
    assert by == {
        ("corto", "cumplido"): 14,
        ("corto", "en_proceso"): 6,
        ("corto", "sin_reporte"): 2,
        ("corto", "no_aplica"): 1,
        ("plan", "cumplido"): 57,
        ("plan", "en_proceso"): 16,
        ("plan", "sin_reporte"): 5,
    }

    assert set(rows.filter(status="cumplido").values_list("progress", flat=True)) == {Decimal(100)}
    assert not rows.filter(status__in=["sin_reporte", "no_aplica"], progress__isnull=False).exists()
    in_progress = list(rows.filter(status="en_proceso").values_list("progress", flat=True))
    assert len(in_progress) == 22 and all(p is not None and 0 < p < 100 for p in in_progress)
    assert sum(in_progress, Decimal(0)) == Decimal("1465.30")
    reported = rows.filter(status__in=["cumplido", "en_proceso"])
    total = reported.aggregate(s=Sum("progress"))["s"]
    assert reported.count() == 93
    assert round(total / 93, 2) == Decimal("92.10")


def test_commitment_history_grows_from_2017(plan: Plan) -> None:
    per_year = Counter(CommitmentStatus.objects.filter(plan=plan).values_list("year", flat=True))
    assert sorted(per_year) == list(range(2017, 2026))
    assert all(per_year[y] <= per_year[y + 1] for y in range(2017, 2025))
    done = Counter(
        CommitmentStatus.objects.filter(plan=plan, status="cumplido").values_list("year", flat=True)
    )
    assert all(done[y] <= done[y + 1] for y in range(2017, 2025))


# -- money ------------------------------------------------------------------------------------------------


def _sum(qs: models.QuerySet[Any], field: str) -> int:
    return int(qs.aggregate(s=Sum(field))["s"] or 0)


def test_execution_program_money_matches_the_report(plan: Plan) -> None:
    years = ProjectYear.objects.current().filter(plan=plan)
    budget = _sum(years.filter(year__range=(2024, 2027)), "budget")
    executed = _sum(years.filter(year__in=(2024, 2025)), "executed")
    assert budget == 5_733_749 * MILLION
    assert executed == 5_110_504 * MILLION
    movilidad = _sum(years.filter(year__in=(2024, 2025), project__subsystem__code="MOV"), "executed")
    equipamientos = _sum(years.filter(year__in=(2024, 2025), project__subsystem__code="EQU"), "executed")
    assert movilidad == 1_632_138 * MILLION
    assert equipamientos == 1_354_624 * MILLION
    assert not years.filter(year__gt=2025, executed__gt=0).exists()
    assert all(b % MILLION == 0 and e % MILLION == 0 for b, e in years.values_list("budget", "executed"))
    assert not years.filter(year__lte=2025, executed__gt=models.F("budget")).exists()


def test_development_plan_money_matches_the_report(plan: Plan) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    assert pdd.is_synthetic and "ilustrativ" in pdd.source.lower()
    ppi = _sum(InvestmentPlanYear.objects.filter(development_plan=pdd), "amount")
    assert ppi == 32_321_020 * MILLION
    for name, amount in (
        ("Gestión del Plan de Ordenamiento Territorial y sus instrumentos", 71_324),
        ("Organizaciones sociales y comunales motores de la democracia participativa local", 42_177),
    ):
        node = PddNode.objects.get(development_plan=pdd, level="programa", name=name)
        assert (
            _sum(ProgramInvestment.objects.filter(node=node, year__in=(2024, 2025)), "executed")
            == amount * MILLION
        )
    for year, amount in InvestmentPlanYear.objects.filter(development_plan=pdd).values_list("year", "amount"):
        assert (
            _sum(ProgramInvestment.objects.filter(node__development_plan=pdd, year=year), "budget") == amount
        )


# -- PDD progress -----------------------------------------------------------------------------------------


def test_pdd_figures_match_the_report(plan: Plan) -> None:
    """The engine, on the published 2025 data, gives the seed's POT-PDD figures (../shared/DOMAIN.md):
    physical progress 57 %, 14.9 points from the linked indicators, 52.2 % aggregated, 107 / 18 / 24."""
    from ssepot.figures.compute import pdd_figures

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    figures = {f.key: f for f in pdd_figures(pdd, 2025)}
    assert figures["pdd.avance_fisico"].rounded(1) == Decimal("57.0")
    assert figures["pdd.avance_fisico"].status != "cobertura parcial"
    assert figures["pdd.aporte_pot"].rounded(1) == Decimal("14.9")
    assert figures["pdd.avance_agregado_vinculados"].rounded(1) == Decimal("52.2")
    classes = ("alto", "medio", "bajo")
    assert [figures[f"pdd.clases.{c}"].value for c in classes] == [107, 18, 24]
    assert [figures[f"pdd.clases.{c}_pct"].rounded(0) for c in classes] == [72, 12, 16]


def test_pdd_indicators_have_yearly_targets_and_two_achievements(plan: Plan) -> None:
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    inds = Indicator.objects.filter(development_plan=pdd)
    assert set(inds.values_list("direction", flat=True)) == {"C"}
    assert not inds.filter(baseline_included=True).exists()
    yearly = inds.filter(frequency="anual")
    assert IndicatorTarget.objects.filter(indicator__in=yearly, period=0).count() == 4 * yearly.count()
    assert not IndicatorTarget.objects.filter(indicator__in=yearly).exclude(period=0).exists()
    assert set(IndicatorValue.objects.filter(indicator__in=inds).values_list("year", flat=True)) == {
        2024,
        2025,
    }


def test_one_pdd_indicator_is_programmed_and_reported_by_quarter_and_its_year_adds_them_up(
    plan: Plan,
) -> None:
    from ssepot.figures import loaders

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    (indicator,) = Indicator.objects.filter(development_plan=pdd, frequency="trimestral")
    assert indicator.accumulation == "NoA"
    targets = IndicatorTarget.objects.filter(indicator=indicator)
    assert sorted(set(targets.values_list("year", "period"))) == [
        (y, q) for y in range(2024, 2028) for q in (1, 2, 3, 4)
    ]
    values = IndicatorValue.objects.filter(indicator=indicator)
    assert sorted(values.values_list("year", "period")) == [
        (y, q) for y in (2024, 2025) for q in (1, 2, 3, 4)
    ]
    # the year is the sum of its quarters, in the published series too, and nothing is partial
    design_years = {y: values.filter(year=y).aggregate(s=Sum("value"))["s"] for y in (2024, 2025)}
    series = loaders.indicator_series([indicator], loaders.PUBLISHED)[indicator.pk]
    assert {y: v for y, v in series.achievements.items() if y in design_years} == design_years
    years = loaders.plan_series_data(plan, loaders.PUBLISHED).periods[indicator.pk]
    assert not years[2025].partial and "T1 + T2 + T3 + T4" in years[2025].formula


# -- the real development plan 2020-2023, published -------------------------------------------------------


def test_the_city_s_tracking_workbook_is_published_by_the_analyst_one_release_a_year(plan: Plan) -> None:
    from ssepot.audit.models import AuditEntry
    from ssepot.demo.city_tracking import NOTE
    from ssepot.reporting.models import Approval, Release

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    values = IndicatorValue.objects.filter(indicator__development_plan=pdd)
    assert set(values.values_list("year", flat=True)) == {2020, 2021, 2022, 2023}
    # every achievement is approved by the analyst and in the year's release with the real data's note
    approvals = Approval.objects.filter(indicator_value__in=values)
    assert approvals.count() == values.count() > 3_000
    assert set(approvals.values_list("approved_by__username", "release__note")) == {("analista", NOTE)}
    # approved as a batch of the import, through the same action as the page /reporte/importaciones/
    (batch,) = {a.batch for a in approvals.select_related("batch")}
    assert batch is not None and batch.importer == "plan-indicativo"
    assert (batch.state, batch.decided_by_id, batch.file_name) == (
        "aprobado",
        get_user_model().objects.get(username="analista").pk,
        "tabla_Segto_PI.xlsx",
    )
    releases = Release.objects.filter(plan=plan, note=NOTE).order_by("year")
    assert [(r.year, r.number, r.published_by.username) for r in releases if r.published_by] == [
        (2020, 2, "analista"), (2021, 2, "analista"), (2022, 2, "analista"), (2023, 2, "analista")
    ]  # fmt: skip
    # the synthetic releases hold no real value: the two stay apart
    assert not Approval.objects.filter(indicator_value__in=values).exclude(release__note=NOTE).exists()
    assert AuditEntry.objects.filter(plan_id=plan.pk, action="publicar", reason=NOTE).count() == 4
    assert ReportingPeriod.objects.get(plan=plan, year=2023).cutoff_date.isoformat() == "2023-08-31"


def test_the_published_plan_figure_at_the_cut_off_is_within_half_a_point_of_the_city_s(plan: Plan) -> None:
    import datetime as dt

    from ssepot.figures.development import development_figures
    from ssepot.figures.loaders import PUBLISHED, WORKING

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    cutoff = dt.date(2023, 8, 31)
    published = development_figures(pdd, 2023, cutoff, PUBLISHED)
    working = development_figures(pdd, 2023, cutoff, WORKING)
    (row,) = [r for r in published.levels if r.level == "plan"]
    assert [(r.code, r.progress.value, r.compliance.value) for r in published.levels] == [
        (r.code, r.progress.value, r.compliance.value) for r in working.levels
    ]
    assert row.progress.value is not None and row.compliance.value is not None
    # the city publishes 81,25 %; the system differs by 0,31 points and names the 12 indicators why
    assert abs(Decimal(row.progress.value) - Decimal("81.25")) <= Decimal("0.5")
    # the method names the rule set and the cut-off
    assert published.rules.label in row.progress.method and "corte 2023-08-31" in row.progress.method
    assert any(p.kind == "fuente_distinta_nivel" for p in published.problems)


def test_the_city_s_financial_execution_is_in_the_demo_and_in_its_published_pages(
    plan: Plan, shared_data: Any
) -> None:
    from django.test import Client
    from openpyxl import load_workbook

    from ssepot.audit.models import AuditEntry
    from ssepot.core.money import millions
    from ssepot.demo.city_budget import WORKBOOK

    book = load_workbook(shared_data / WORKBOOK, read_only=True, data_only=True)
    rows = list(book["Ejec_financ_plan"].iter_rows(values_only=True))
    book.close()
    header = list(rows[0])
    program, budget = header.index("CodProgramaCompuesto"), header.index("PresupAjustado")
    funded = [r for r in rows[1:] if r[program] is not None]
    sheet_total = sum(int(str(r[budget])) for r in funded)
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    lines = ProgramInvestment.objects.filter(node__development_plan=pdd)
    assert lines.count() == len(funded) > 90  # one line per program of the sheet
    assert _sum(lines.filter(year=2023), "budget") == sheet_total > 0
    # imported by the analyst, in the audit log
    entry = AuditEntry.objects.filter(plan_id=plan.pk, action="importar presupuesto").get()
    assert entry.actor is not None and entry.actor.username == "analista"
    # the published page of 2023 shows the money the city's sheet gives
    page = Client().get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/").content.decode()
    assert "Ejecución financiera de la vigencia 2023" in page
    assert f"$ {millions(sheet_total)}" in page.replace("&nbsp;", " ")


# -- users, determinism, re-runs ------------------------------------------------------------------------


def test_demo_users_have_memberships(plan: Plan) -> None:
    roles = dict(Membership.objects.filter(plan=plan).values_list("user__username", "role"))
    assert roles == {
        "admin": "administrador",
        "analista": "analista",
        "movilidad": "reportante",
        "lector": "lector",
    }
    reporter = Membership.objects.get(plan=plan, user__username="movilidad")
    assert reporter.agency is not None and reporter.agency.name == "Secretaría de Movilidad"
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-ssepot-2025")


DIGEST_MODELS: list[type[models.Model]] = [
    Horizon,
    AdministrativePeriod,
    Agency,
    TerritorialUnit,
    Article,
    FrameworkElement,
    EvaluationPhase,
    PhaseStatus,
    StudyVariable,
    System,
    Subsystem,
    SubsystemNarrative,
    Commitment,
    CommitmentStatus,
    Project,
    ProjectYear,
    DevelopmentPlan,
    PddNode,
    ProgramInvestment,
    InvestmentPlanYear,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ReportingPeriod,
    ArchiveDocument,
    Membership,
]


def digest(plan: Plan) -> str:
    """A hash of every row of the plan, with keys replaced by their rank, so two builds compare equal."""
    ordinal = {
        m: {
            pk: i
            for i, pk in enumerate(
                m._default_manager.filter(plan=plan).order_by("pk").values_list("pk", flat=True)
            )
        }
        for m in DIGEST_MODELS
    }

    def norm(field: models.Field[Any, Any], value: Any) -> Any:
        if field.name == "reason" and isinstance(value, str):
            # NB: an approved import's reason names its batch by number, a key like the others
            return re.sub(r"\(lote \d+\)", "(lote)", value)
        if isinstance(field, models.ForeignKey) and value is not None:
            target = field.related_model
            if target is Plan:
                return "plan"
            if target in ordinal:
                return ordinal[target][value]
        return value

    h = hashlib.sha256()
    for m in DIGEST_MODELS:
        fields = [f for f in m._meta.concrete_fields if not f.primary_key]
        for row in (
            m._default_manager.filter(plan=plan).order_by("pk").values_list(*[f.attname for f in fields])
        ):
            h.update(repr([norm(f, v) for f, v in zip(fields, row, strict=True)]).encode())
        for m2m in m._meta.many_to_many:
            through = cast(type[models.Model], m2m.remote_field.through)
            src, dst = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            rows = through._default_manager.filter(**{f"{src}__plan": plan}).values_list(
                f"{src}_id", f"{dst}_id"
            )
            target = m2m.related_model
            h.update(repr(sorted((ordinal[m][a], ordinal[target][b]) for a, b in rows)).encode())
    return h.hexdigest()


def test_two_builds_give_identical_data(plan: Plan) -> None:
    first = digest(plan)
    second = build_demo().plan
    assert second.pk != plan.pk
    assert digest(second) == first


def test_demo_command_can_be_rerun_and_prints_the_database(plan: Plan) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    counts = (
        Plan.objects.count(),
        Municipality.objects.count(),
        Agency.objects.count(),
        Commitment.objects.count(),
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )
    out2 = io.StringIO()
    call_command("demo", "--no-serve", stdout=out2)
    assert counts == (
        Plan.objects.count(),
        Municipality.objects.count(),
        Agency.objects.count(),
        Commitment.objects.count(),
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )
    assert Plan.objects.filter(slug="medellin").count() == 1
    # the plans' directory has the demo's headline without waiting for a publication's warm-up
    assert Headline.objects.filter(plan__slug="medellin", year__isnull=False).exists()
    text = out2.getvalue()
    assert "Base de datos" in text and str(connection.settings_dict["NAME"]) in text
    assert "demo-ssepot-2025" in text and "movilidad" in text
