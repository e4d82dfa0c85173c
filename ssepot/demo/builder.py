"""Build the deterministic Medellín demo plan (slug ``medellin``).

Real parts, loaded with the project's importers from ``settings.SHARED_DATA_DIR``: DIVIPOLA municipalities,
the 23 territorial units of the official comuna/corregimiento layer, the 810 indicator sheets of the
development plan 2020-2023 "Medellín Futuro", and the Encuesta de Calidad de Vida indices by comuna
(IMCV, IPM, IDH) as disaggregated impact indicators.

Everything else is synthetic, drawn from ``random.Random(SEED)`` with no dependence on the clock, and built
so the 2025 figures of the IGPOT 2025 report come out exactly:

- commitments: 101; in 2025 short term 23 (14 cumplido, 6 en proceso, 2 sin reporte, 1 no aplica), plan
  horizon 78 (57, 16, 5 sin reporte); cumplido rows progress 100, the 22 en-proceso progresses sum to
  1,465.30, so the global compliance (mean progress of the 93 reported) is 92.10 %;
- execution program: 171 projects; budgets 2024-2027 sum to 5,733,749 million COP, executed 2024+2025 to
  5,110,504 million (movilidad 1,632,138; equipamientos 1,354,624); later years have budget, no execution;
- synthetic PDD 2024-2027 "Medellín Te Quiere": PPI 32,321,020 million; programs "Gestión del Plan de
  Ordenamiento Territorial y sus instrumentos" and "Organizaciones sociales y comunales..." executed
  71,324 and 42,177 million in 2024+2025; 149 program indicators of 54 programs linked to the 171 projects;
  38 component indicators at components related to the POT's systems. The progress rules and the targets
  (physical progress 57 %, contribution 14.9 points, aggregated progress 52.2 %, classes 107/18/24) are
  stated in ``ssepot.demo.pdd_design``.

``Versioned.save`` refuses updates, so fresh rows go in with ``bulk_create`` (version 1); their
``recorded_at`` is then set to the reporting deadline of their year, so two builds are identical.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction

from ssepot.accounts.models import Membership, Role
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
from ssepot.demo import city_budget, city_tracking, content, seed_texts
from ssepot.demo.pdd_design import RULES as PDD_2024_2027_RULES
from ssepot.demo.pdd_design import IndicatorDesign, component_indicators, design_pdd
from ssepot.development.models import DevelopmentPlan, InvestmentPlanYear, PddNode, ProgramInvestment
from ssepot.indicators.models import CalculationRules, Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import set_rules
from ssepot.projects.models import Project, ProjectYear
from ssepot.report.models import NarrativeText
from ssepot.reporting.actions import open_period, publish_existing
from ssepot.reporting.models import ReportingPeriod

SEED = 20251231
MILLION = 1_000_000
REPORT_YEARS = range(2017, 2026)
PROJECT_YEARS = range(2016, 2028)
CUTOFF_YEAR = 2025

# The report's money figures, in millions of COP.
PROGRAM_BUDGET_2024_2027 = 5_733_749
EXECUTED_2024_2025 = 5_110_504
EXECUTED_BY_SUBSYSTEM = {"MOV": 1_632_138, "EQU": 1_354_624}
PPI_TOTAL = 32_321_020
PROGRAM_EXECUTED = {content.POT_PROGRAM: 71_324, content.COMMUNITY_PROGRAM: 42_177}
EN_PROCESO_PROGRESS_SUM_CENTS = 146_530

# The 2025 commitment statuses per horizon (the seed's table, with 14 done in the short term).
STATUS_2025 = {
    "corto": {"cumplido": 14, "en_proceso": 6, "sin_reporte": 2, "no_aplica": 1},
    "plan": {"cumplido": 57, "en_proceso": 16, "sin_reporte": 5},
}

DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, None, "Administración", "SSEPOT"),
    ("analista", Role.ANALYST, None, "Ana", "Analista (DAP)"),
    ("movilidad", Role.REPORTER, "SM", "Mario", "Reportante (Secretaría de Movilidad)"),
    ("lector", Role.READER, None, "Lucía", "Lectora"),
]

Step = Callable[[str], None]


@dataclass
class DemoSummary:
    plan: Plan
    counts: dict[str, int] = field(default_factory=dict)
    usernames: list[str] = field(default_factory=list)
    password: str = content.DEMO_PASSWORD


def _d(value: Decimal | float | str, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer total in proportion to the weights, exactly (largest remainder)."""
    wsum = sum(weights)
    exact = [total * w / wsum for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: (parts[i] - exact[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def remove_demo() -> None:
    """Delete a previous demo plan with everything that hangs from it."""
    # NB: a queryset delete goes through the collector, not through ``Versioned.delete``.
    Plan.objects.filter(slug=content.PLAN_SLUG).delete()


def build_demo(step: Step | None = None, shared_data: Path | None = None) -> DemoSummary:
    """Replace the demo plan with a fresh, identical build, in one transaction."""
    with transaction.atomic():
        return _Builder(step or (lambda _label: None), shared_data or settings.SHARED_DATA_DIR).build()


class _Builder:
    def __init__(self, step: Step, shared_data: Path) -> None:
        self.step = step
        self.data = Path(shared_data)
        self.rng = random.Random(SEED)

    # -- orchestration ---------------------------------------------------------------------------------

    def build(self) -> DemoSummary:
        self.step("Eliminando la demostración anterior")
        remove_demo()
        self.step("Municipios (DIVIPOLA, real)")
        self.load_municipalities()
        self.step("Plan, horizontes y periodos administrativos")
        self.create_plan()
        self.step("Comunas y corregimientos (límite oficial, real)")
        self.load_territories()
        self.step("Plan de Desarrollo 2020-2023 (fichas reales)")
        self.load_pdd_2020_2023()
        self.step("Dependencias, sistemas, subsistemas y narrativas")
        self.create_catalogue()
        self.step("Artículos y marco estratégico")
        self.create_framework()
        self.step("Compromisos y su historial 2017-2025")
        self.create_commitments()
        self.step("Programa de ejecución: 171 proyectos")
        self.create_projects()
        self.step("Plan de Desarrollo 2024-2027 (sintético)")
        self.create_pdd_2024_2027()
        self.step("Indicadores del POT e índices de calidad de vida (reales)")
        self.create_pot_indicators()
        self.step("Periodos de reporte, archivo técnico y usuarios")
        self.create_periods_and_archive()
        self.step("Textos del informe 2025 (texto original del IGPOT 2025)")
        self.create_report_texts()
        self.step("Publicación de los datos de cada vigencia")
        self.publish()
        usernames = self.create_users()
        self.step("Seguimiento real del Plan de Desarrollo 2020-2023 (libro del DAP), publicado")
        self.publish_city_tracking()
        self.step("Ejecución financiera real del Plan de Desarrollo 2020-2023 (hoja del DAP)")
        self.load_city_budget()
        self.stamp_recorded_at()
        self.step("Periodo de reporte 2026 abierto para las dependencias")
        self.open_current_period()
        return DemoSummary(self.plan, self.counts(), usernames)

    def counts(self) -> dict[str, int]:
        plan = self.plan
        linked = Indicator.objects.filter(
            plan=plan, development_plan=self.pdd, projects__isnull=False
        ).distinct()
        return {
            "unidades territoriales": TerritorialUnit.objects.filter(plan=plan).count(),
            "dependencias": Agency.objects.filter(plan=plan).count(),
            "sistemas": System.objects.filter(plan=plan).count(),
            "subsistemas": Subsystem.objects.filter(plan=plan).count(),
            "narrativas de subsistemas": SubsystemNarrative.objects.filter(plan=plan).count(),
            "artículos": Article.objects.filter(plan=plan).count(),
            "elementos del marco estratégico": FrameworkElement.objects.filter(plan=plan).count(),
            "compromisos": Commitment.objects.filter(plan=plan).count(),
            "estados anuales de compromisos": CommitmentStatus.objects.filter(plan=plan).count(),
            "proyectos": Project.objects.filter(plan=plan).count(),
            "ejecuciones anuales de proyectos": ProjectYear.objects.filter(plan=plan).count(),
            "indicadores PDD 2020-2023 (reales)": Indicator.objects.filter(
                plan=plan, development_plan__slug="pdd-2020-2023"
            ).count(),
            "indicadores PDD 2024-2027 (sintéticos)": Indicator.objects.filter(
                plan=plan, development_plan=self.pdd
            ).count(),
            "indicadores PDD vinculados a proyectos": linked.count(),
            "indicadores del POT": Indicator.objects.filter(plan=plan, development_plan__isnull=True).count(),
            "valores medidos": IndicatorValue.objects.filter(plan=plan).count(),
            "documentos del archivo": ArchiveDocument.objects.filter(plan=plan).count(),
            "textos del informe": NarrativeText.objects.filter(plan=plan).count(),
        }

    # -- real data ---------------------------------------------------------------------------------------

    def load_municipalities(self) -> None:
        from ssepot.importers.municipalities import MunicipalitiesImporter

        MunicipalitiesImporter(self.data / "colombia-divipola" / "DIVIPOLA.csv").run()

    def create_plan(self) -> None:
        self.plan = plan = Plan.objects.create(
            municipality=Municipality.objects.get(divipola_code="05001"),
            slug=content.PLAN_SLUG,
            name=content.PLAN_NAME,
            act="Acuerdo 48 de 2014",
            adoption_date=dt.date(2014, 12, 17),
            start_date=dt.date(2014, 12, 17),
            end_date=dt.date(2027, 12, 31),
            description="Plan de demostración construido a partir del Informe de Gestión del POT 2025.",
            is_synthetic=True,
            synthetic_note=content.SYNTHETIC_NOTE,
        )
        Horizon.objects.bulk_create(
            [
                Horizon(plan=plan, kind=kind, start_date=dt.date(a, 1, 1), end_date=dt.date(b, 12, 31))
                for kind, a, b in (("corto", 2016, 2019), ("mediano", 2020, 2023), ("largo", 2024, 2027))
            ]
        )
        AdministrativePeriod.objects.bulk_create(
            [
                AdministrativePeriod(
                    plan=plan, name=name, start_date=dt.date(a, 1, 1), end_date=dt.date(b, 12, 31)
                )
                for name, a, b in (
                    ("Medellín cuenta con vos", 2016, 2019),
                    ("Medellín Futuro", 2020, 2023),
                    ("Medellín Te Quiere", 2024, 2027),
                )
            ]
        )

    def load_territories(self) -> None:
        from ssepot.importers.territories import TerritoriesImporter

        path = self.data / "medellin-comunas" / "medellin_comunas_corregimientos.geojson"
        TerritoriesImporter(
            path, plan=self.plan, source="Alcaldía de Medellín, límite comuna-corregimiento"
        ).run()
        self.units = list(TerritorialUnit.objects.filter(plan=self.plan).order_by("code"))
        # NB: SN01/SN02 are unnamed sliver polygons of the official layer; projects and values skip them.
        self.named_units = [u for u in self.units if u.code.isdigit()]

    def load_pdd_2020_2023(self) -> None:
        from ssepot.importers.indicator_sheets import IndicatorSheetsImporter

        path = self.data / "medellin-pdd-2020-2023" / "fichas_metodologicas_pi_2020_2023.xlsx"
        IndicatorSheetsImporter(
            path,
            plan=self.plan,
            development_plan="pdd-2020-2023",
            name="Medellín Futuro 2020-2023",
            start_year=2020,
            end_year=2023,
        ).run()

    # -- catalogue ---------------------------------------------------------------------------------------

    def create_catalogue(self) -> None:
        plan, rng = self.plan, self.rng
        # NB: the real 2020-2023 sheets already brought agencies by name or acronym; reuse those rows so a
        # Secretaría de Movilidad reporter also sees that agency's real indicators.
        existing = {a.name.casefold(): a for a in Agency.objects.filter(plan=plan).order_by("code")}
        self.agencies = {}
        missing = []
        for agency in content.AGENCIES:
            names = [agency.name, agency.acronym, *content.AGENCY_ALIASES.get(agency.code, [])]
            found = next((existing[n.casefold()] for n in names if n and n.casefold() in existing), None)
            if found is None:
                missing.append(Agency(plan=plan, code=agency.code, name=agency.name, acronym=agency.acronym))
            else:
                self.agencies[agency.code] = found
        self.agencies.update({a.code: a for a in Agency.objects.bulk_create(missing)})
        self.systems = {
            s.code: s
            for s in System.objects.bulk_create(
                [
                    System(plan=plan, code=code, name=name, order=i)
                    for i, (code, name) in enumerate(content.SYSTEMS, 1)
                ]
            )
        }
        self.subsystems = {
            s.code: s
            for s in Subsystem.objects.bulk_create(
                [
                    Subsystem(
                        plan=plan,
                        system=self.systems[spec.system],
                        code=spec.code,
                        name=spec.name,
                        order=i,
                        is_illustrative=not spec.confirmed,
                    )
                    for i, spec in enumerate(content.SUBSYSTEMS, 1)
                ]
            )
        }
        narratives = []
        for spec in content.SUBSYSTEMS:
            for year in REPORT_YEARS:
                n = rng.randint(2, 9)
                narratives.append(
                    SubsystemNarrative(
                        plan=plan,
                        subsystem=self.subsystems[spec.code],
                        year=year,
                        situations=(
                            f"En la vigencia {year}, {spec.situation}. "
                            f"Las dependencias responsables reportaron {n} frentes de trabajo activos y "
                            f"la información se consolidó con corte a 31 de diciembre. "
                            "*Texto ilustrativo de demostración.*"
                        ),
                        achievements=(
                            f"{spec.achievement[0].upper()}{spec.achievement[1:]}. "
                            f"Se cerraron {rng.randint(1, 5)} compromisos o hitos del subsistema frente a "
                            f"la vigencia anterior. *Texto ilustrativo de demostración.*"
                        ),
                        challenges=(
                            f"El principal reto es {spec.challenge}. "
                            "También se requiere mejorar la oportunidad y la calidad del reporte de "
                            "las dependencias. *Texto ilustrativo de demostración.*"
                        ),
                    )
                )
        SubsystemNarrative.objects.bulk_create(narratives)

    def create_framework(self) -> None:
        plan = self.plan
        self.articles = {
            a.number: a
            for a in Article.objects.bulk_create(
                [
                    Article(
                        plan=plan,
                        number=number,
                        title=title,
                        text=f"Texto ilustrativo del artículo {number} del Acuerdo 48 de 2014 "
                        f"({title.lower()}); consulte el acuerdo oficial.",
                    )
                    for number, title in content.ARTICLES
                ]
            )
        }
        kinds = [
            ("principio", "PR", content.PRINCIPLES, "4"),
            ("imaginario", "IC", content.VISION, "5"),
            ("apuesta", "AT", content.BETS, "6"),
            ("objetivo", "OE", content.OBJECTIVES, "8"),
            ("modelo", "MO", content.OCCUPATION, "9"),
            ("estrategia", "ET", content.STRATEGIES, "10"),
        ]
        elements = FrameworkElement.objects.bulk_create(
            [
                FrameworkElement(
                    plan=plan,
                    kind=kind,
                    code=f"{prefix}{i:02d}",
                    name=name,
                    order=i,
                    description="Redacción ilustrativa de demostración.",
                )
                for kind, prefix, names, _ in kinds
                for i, name in enumerate(names, 1)
            ]
        )
        through = FrameworkElement.articles.through
        article_of = {kind: art for kind, _, _, art in kinds}
        through.objects.bulk_create(
            [
                through(frameworkelement_id=e.pk, article_id=self.articles[article_of[e.kind]].pk)
                for e in elements
            ]
        )
        self.objectives = [e for e in elements if e.kind == "objetivo"]

        phases = EvaluationPhase.objects.bulk_create(
            [
                EvaluationPhase(
                    plan=plan,
                    number=i,
                    name=name,
                    description="Fase de la metodología de evaluación "
                    "del marco estratégico (nombre ilustrativo).",
                )
                for i, (name, _) in enumerate(content.PHASES, 1)
            ]
        )
        # Statuses: the first phase starts in 2023; by 2025 the conceptual and design phases are done,
        # indicators are being formulated, weighting and measurement are pending (as the seed says).
        history = {
            2023: ["en_proceso", "en_proceso"],
            2024: ["completada", "completada", "en_proceso", "en_proceso"],
        }
        statuses = []
        for phase, (_, final) in zip(phases, content.PHASES, strict=True):
            for year in (2023, 2024, 2025):
                status = final if year == 2025 else (history[year] + ["sin_iniciar"] * 8)[phase.number - 1]
                pct = {
                    "completada": 100,
                    "en_proceso": 40 + 5 * phase.number if year == 2025 else 30,
                    "sin_iniciar": 0,
                }[status]
                statuses.append(
                    PhaseStatus(
                        plan=plan,
                        phase=phase,
                        year=year,
                        status=status,
                        progress=_d(pct),
                        note="Estado ilustrativo de demostración.",
                    )
                )
        PhaseStatus.objects.bulk_create(statuses)

        variables = StudyVariable.objects.bulk_create(
            [
                StudyVariable(
                    plan=plan,
                    code=f"V{i:02d}",
                    name=name,
                    unit=unit,
                    study=self.rng.choice(content.STUDIES),
                    source="Estudios de la revisión y ajuste de mediano plazo (ilustrativo)",
                )
                for i, (name, unit) in enumerate(content.VARIABLES, 1)
            ]
        )
        through_v = StudyVariable.objectives.through
        through_v.objects.bulk_create(
            [
                through_v(studyvariable_id=v.pk, frameworkelement_id=o.pk)
                for v in variables
                for o in self.rng.sample(self.objectives, self.rng.randint(1, 3))
            ]
        )

    # -- commitments ---------------------------------------------------------------------------------------

    def create_commitments(self) -> None:
        plan, rng = self.plan, self.rng
        specs: list[tuple[str, str, str]] = []
        codes = [s.code for s in content.SUBSYSTEMS]
        # NB: a second pass over the topics uses the next typology, so no description repeats.
        for round_ in range(12):
            for code in codes:
                topics = content.COMMITMENT_TOPICS[code]
                if round_ < 2 * len(topics) and len(specs) < 101:
                    k = round_ + codes.index(code) + round_ // len(topics)
                    typology = content.TYPOLOGIES[k % len(content.TYPOLOGIES)]
                    topic = topics[round_ % len(topics)]
                    specs.append((code, typology, f"{content.TYPOLOGY_VERBS[typology]} {topic}."))
        assert len(specs) == 101, len(specs)
        rng.shuffle(specs)
        horizons = ["corto"] * 23 + ["plan"] * 78
        rng.shuffle(horizons)
        finals = {h: [s for s, n in STATUS_2025[h].items() for _ in range(n)] for h in STATUS_2025}
        for statuses in finals.values():
            rng.shuffle(statuses)
        in_progress = self._in_progress_values(sum(n.get("en_proceso", 0) for n in STATUS_2025.values()))

        commitments = Commitment.objects.bulk_create(
            [
                Commitment(
                    plan=plan,
                    code=f"C{i:03d}",
                    description=desc,
                    horizon=horizons[i - 1],
                    typology=typology,
                    subsystem=self.subsystems[sub],
                    agency=self.agencies[
                        content.SUBSYSTEM_AGENCIES[sub][rng.randrange(len(content.SUBSYSTEM_AGENCIES[sub]))]
                    ],
                )
                for i, (sub, typology, desc) in enumerate(specs, 1)
            ]
        )
        through = Commitment.articles.through
        through.objects.bulk_create(
            [
                through(commitment_id=c.pk, article_id=self.articles[content.ARTICLE_BY_SUBSYSTEM[s[0]]].pk)
                for c, s in zip(commitments, specs, strict=True)
            ]
        )
        rows = []
        for c in commitments:
            final = finals[c.horizon].pop()
            target = in_progress.pop() if final == "en_proceso" else None
            for year, (status, pct) in self._commitment_history(c.horizon, final, target).items():
                rows.append(
                    CommitmentStatus(
                        plan=plan,
                        commitment=c,
                        year=year,
                        status=status,
                        progress=pct,
                        observation=""
                        if status != "sin_reporte"
                        else "La dependencia no reportó en la fecha de corte.",
                    )
                )
        CommitmentStatus.objects.bulk_create(rows)
        self.commitments = commitments

    def _in_progress_values(self, n: int) -> list[Decimal]:
        """``n`` progresses below 100 % summing to exactly 1,465.30 (so global compliance is 92.10 %)."""
        raw = [self.rng.uniform(35, 90) for _ in range(n)]
        cents = allocate(EN_PROCESO_PROGRESS_SUM_CENTS, raw)
        assert all(0 < c < 10_000 for c in cents)
        return [Decimal(c) / 100 for c in cents]

    def _commitment_history(
        self, horizon: str, final: str, progress_2025: Decimal | None
    ) -> dict[int, tuple[str, Decimal | None]]:
        """Yearly (status, progress) from the first report to 2025, growing toward the 2025 status."""
        rng = self.rng
        first = rng.choice([2017, 2017, 2017, 2018, 2018, 2019, 2020, 2021])
        years = list(range(first, CUTOFF_YEAR + 1))
        if final == "no_aplica":
            return {y: ("no_aplica", None) for y in years}
        if final == "cumplido":
            latest = 2021 if horizon == "corto" else CUTOFF_YEAR
            done = rng.randint(min(first + 1, latest), latest)
            start = rng.uniform(5, 40)
            out: dict[int, tuple[str, Decimal | None]] = {}
            for y in years:
                if y >= done:
                    out[y] = ("cumplido", Decimal(100))
                else:
                    out[y] = ("en_proceso", _d(start + (95 - start) * (y - first) / max(1, done - first)))
            return out
        if final == "en_proceso":
            assert progress_2025 is not None
            top = float(progress_2025)
            out = {
                y: ("en_proceso", _d(top * (0.3 + 0.7 * (y - first) / max(1, CUTOFF_YEAR - first))))
                for y in years[:-1]
            }
            out[CUTOFF_YEAR] = ("en_proceso", progress_2025)
            return out
        # sin_reporte in 2025: earlier years were reported in progress
        out = {y: ("en_proceso", _d(10 + 50 * (y - first) / max(1, CUTOFF_YEAR - first))) for y in years[:-1]}
        out[CUTOFF_YEAR] = ("sin_reporte", None)
        return out

    # -- execution program --------------------------------------------------------------------------------

    def create_projects(self) -> None:
        plan, rng = self.plan, self.rng
        projects: list[Project] = []
        scale: list[float] = []
        starts: list[int] = []
        places: list[list[TerritorialUnit]] = []
        for spec in content.SUBSYSTEMS:
            stems = content.PROJECT_STEMS[spec.code]
            for k in range(content.PROJECTS_PER_SUBSYSTEM[spec.code]):
                units = rng.sample(self.named_units, rng.choice([1, 1, 1, 2, 3]))
                city_wide = spec.system == "SIG" or rng.random() < 0.1
                where = "Distrito de Medellín" if city_wide else ", ".join(_unit_label(u) for u in units)
                agencies = content.SUBSYSTEM_AGENCIES[spec.code]
                projects.append(
                    Project(
                        plan=plan,
                        code=f"PE-{spec.code}-{k + 1:02d}",
                        name=f"{stems[k % len(stems)]} - {where}",
                        description="Proyecto ilustrativo del programa de ejecución (datos de demostración).",
                        subsystem=self.subsystems[spec.code],
                        agency=self.agencies[agencies[k % len(agencies)]],
                    )
                )
                places.append([] if city_wide else units)
                scale.append(rng.lognormvariate(0, 0.6) * (0.15 if spec.system == "SIG" else 1.0))
                starts.append(rng.choice([2016, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]))
        projects = Project.objects.bulk_create(projects)
        self.projects = projects
        through = Project.territorial_units.through
        through.objects.bulk_create(
            [
                through(project_id=p.pk, territorialunit_id=u.pk)
                for p, units in zip(projects, places, strict=True)
                for u in units
            ]
        )
        through_a = Project.articles.through
        through_a.objects.bulk_create(
            [
                through_a(
                    project_id=p.pk,
                    article_id=self.articles[content.ARTICLE_BY_SUBSYSTEM[_subsystem_code(p)]].pk,
                )
                for p in projects
            ]
        )

        # Executed 2024 and 2025: movilidad and equipamientos exact, the rest shares what remains.
        executed: dict[tuple[int, int], int] = {}
        groups: dict[str, list[int]] = defaultdict(list)
        for j, p in enumerate(projects):
            groups[_subsystem_code(p) if _subsystem_code(p) in EXECUTED_BY_SUBSYSTEM else "*"].append(j)
        group_totals = {
            **EXECUTED_BY_SUBSYSTEM,
            "*": EXECUTED_2024_2025 - sum(EXECUTED_BY_SUBSYSTEM.values()),
        }
        for group, members in sorted(groups.items()):
            cells = [(j, y) for j in members for y in (2024, 2025)]
            for cell, amount in zip(
                cells,
                allocate(group_totals[group], [scale[j] * rng.uniform(0.8, 1.2) for j, _ in cells]),
                strict=True,
            ):
                executed[cell] = amount
        budget = {cell: amount + round(amount * rng.uniform(0.02, 0.10)) for cell, amount in executed.items()}
        later = [(j, y) for j in range(len(projects)) for y in (2026, 2027)]
        finishing = {j for j in range(len(projects)) if rng.random() < 0.3}
        remaining = PROGRAM_BUDGET_2024_2027 - sum(budget.values())
        assert remaining > 0
        for cell, amount in zip(
            later,
            allocate(
                remaining, [0.0 if j in finishing else scale[j] * rng.uniform(0.5, 1.5) for j, _ in later]
            ),
            strict=True,
        ):
            budget[cell] = amount
            executed[cell] = 0

        rows = []
        for j, p in enumerate(projects):
            final = rng.uniform(35, 100)
            for year in PROJECT_YEARS:
                if year < starts[j]:
                    continue
                if year < 2024:
                    b = max(1, round(scale[j] * rng.uniform(8_000, 30_000)))
                    e = round(b * rng.uniform(0.6, 1.0))
                else:
                    b, e = budget[(j, year)], executed[(j, year)]
                physical = None
                if year <= CUTOFF_YEAR:
                    physical = _d(final * (year - starts[j] + 1) / (CUTOFF_YEAR - starts[j] + 1))
                rows.append(
                    ProjectYear(
                        plan=plan,
                        project=p,
                        year=year,
                        budget=b * MILLION,
                        executed=e * MILLION,
                        physical_progress=physical,
                    )
                )
        ProjectYear.objects.bulk_create(rows)

    # -- development plan 2024-2027 ------------------------------------------------------------------------

    def create_pdd_2024_2027(self) -> None:
        plan, rng = self.plan, self.rng
        design = design_pdd(rng)
        self.pdd = pdd = DevelopmentPlan.objects.create(
            plan=plan,
            slug="pdd-2024-2027",
            name="Medellín Te Quiere 2024-2027",
            act="Acuerdo (ilustrativo)",
            start_year=2024,
            end_year=2027,
            is_synthetic=True,
            source="Ilustrativo: estructura, pesos, metas, logros e inversión sintéticos, construidos para "
            "reproducir las cifras del Informe de Gestión del POT 2025; no es el plan oficial.",
        )
        set_rules(
            plan,
            PDD_2024_2027_RULES,
            actor=None,
            reason="Demostración: las reglas con que se diseñaron los datos sintéticos del plan "
            "(pesos propios de cada nodo; un indicador sin dato se excluye).",
            development_plan=pdd,
        )
        # NB: in force since the plan began, so every release of the plan's years computes by them
        CalculationRules.objects.filter(plan=plan, development_plan=pdd).update(
            created_at=dt.datetime(2024, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
        )
        nodes: dict[str, PddNode] = {}
        for level in ("linea", "componente", "programa"):
            created = PddNode.objects.bulk_create(
                [
                    PddNode(
                        plan=plan,
                        development_plan=pdd,
                        level=level,
                        code=n.code,
                        name=n.name,
                        weight=n.weight,
                        parent=nodes.get(n.code.rsplit(".", 1)[0]) if level != "linea" else None,
                    )
                    for n in design.nodes()
                    if n.level == level
                ]
            )
            nodes.update({n.code: n for n in created})
        through_s = PddNode.systems.through
        links = []
        for comp in design.components():
            if comp.related_to_systems:
                systems = {
                    content.SUBSYSTEMS[[s.code for s in content.SUBSYSTEMS].index(p.subsystem)].system
                    for p in comp.children
                    if p.subsystem
                }
                links += [
                    through_s(pddnode_id=nodes[comp.code].pk, system_id=self.systems[s].pk)
                    for s in sorted(systems)
                ]
        through_s.objects.bulk_create(links)

        program_inds = [(prog, ind) for prog in design.programs() for ind in prog.indicators]
        comp_inds = component_indicators(design, rng)
        subsystem_agency = {code: self.agencies[a[0]] for code, a in content.SUBSYSTEM_AGENCIES.items()}
        designs = [ind for _, ind in [*program_inds, *comp_inds]]
        rows = [
            self._pdd_indicator(
                ind, nodes[node.code], subsystem_agency.get(node.subsystem or "", self.agencies["DAP"])
            )
            for node, ind in [*program_inds, *comp_inds]
        ]
        # NB: one flow indicator is programmed and reported by quarter, as most Colombian plans do: its
        # quarters add up to the design's yearly target and value, so every figure stays the same
        quarterly = next(
            row for row, ind in zip(rows, designs, strict=True)
            if ind.accumulation == "NoA" and len(ind.values) == 2 and all(ind.targets.values())
        )  # fmt: skip
        quarterly.frequency, quarterly.periodicity = Indicator.Frequency.QUARTERLY, "Trimestral"
        indicators = Indicator.objects.bulk_create(rows)
        IndicatorTarget.objects.bulk_create(
            [
                IndicatorTarget(plan=plan, indicator=row, year=y, period=q, value=part)
                for row, ind in zip(indicators, designs, strict=True)
                for y, v in sorted(ind.targets.items())
                for q, part in (_quarters(v) if row is quarterly else [(0, v)])
            ]
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(plan=plan, indicator=row, year=y, period=q, value=part)
                for row, ind in zip(indicators, designs, strict=True)
                for y, v in sorted(ind.values.items())
                for q, part in (_quarters(v) if row is quarterly else [(0, v)])
            ]
        )

        # Links to POT projects: each linked indicator gets projects of its program's subsystem, round robin,
        # so every project has at least one indicator and every linked indicator at least one project.
        by_subsystem: dict[str, list[Indicator]] = defaultdict(list)
        for (prog, ind), row in zip(program_inds, indicators, strict=False):
            if ind.linked:
                assert prog.subsystem is not None
                by_subsystem[prog.subsystem].append(row)
        through_p = Indicator.projects.through
        pairs: set[tuple[int, int]] = set()
        for code, inds in by_subsystem.items():
            projects = [p for p in self.projects if _subsystem_code(p) == code]
            for k in range(max(len(inds), len(projects))):
                pairs.add((inds[k % len(inds)].pk, projects[k % len(projects)].pk))
            for row in inds:
                if rng.random() < 0.3:
                    pairs.add((row.pk, rng.choice(projects).pk))
        through_p.objects.bulk_create([through_p(indicator_id=i, project_id=p) for i, p in sorted(pairs)])

        self._create_investment(design.programs(), nodes)

    def _pdd_indicator(self, ind: IndicatorDesign, node: PddNode, agency: Agency) -> Indicator:
        return Indicator(
            plan=self.plan,
            development_plan=self.pdd,
            pdd_node=node,
            code=ind.code,
            name=ind.name,
            indicator_type=ind.indicator_type,
            unit=ind.unit,
            direction="C",
            accumulation=ind.accumulation,
            definition=f"Mide {ind.name[0].lower()}{ind.name[1:]} durante el cuatrienio (ficha ilustrativa).",
            objective="Hacer seguimiento al avance del programa del Plan de Desarrollo (ilustrativo).",
            formula="Sumatoria de los logros de cada vigencia"
            if ind.accumulation == "NoA"
            else "Valor a la fecha de corte",
            baseline_value=ind.baseline,
            baseline_year="2023",
            baseline_included=False,
            baseline_included_raw="No",
            plan_target=ind.plan_target,
            weight=ind.weight,
            periodicity="Anual",
            source="Reporte de la dependencia responsable (sintético)",
            source_type="Registro administrativo",
            verification_means="Informe de seguimiento al Plan Indicativo",
            agency=agency,
            reporting_agency=agency,
            sequence=int(ind.code.rsplit(".", 1)[1].lstrip("R")),
            observations="Indicador sintético de demostración.",
        )

    def _create_investment(self, programs: Any, nodes: dict[str, PddNode]) -> None:
        rng, plan = self.rng, self.plan
        ppi = allocate(PPI_TOTAL, [0.235, 0.248, 0.255, 0.262])
        InvestmentPlanYear.objects.bulk_create(
            [
                InvestmentPlanYear(plan=plan, development_plan=self.pdd, year=y, amount=a * MILLION)
                for y, a in zip((2024, 2025, 2026, 2027), ppi, strict=True)
            ]
        )
        programs = list(programs)
        fixed = {
            p.code: allocate(PROGRAM_EXECUTED[p.name], [0.45, 0.55])
            for p in programs
            if p.name in PROGRAM_EXECUTED
        }
        others = [p for p in programs if p.code not in fixed]
        weights = [rng.lognormvariate(0, 0.7) for _ in others]
        rows = []
        for k, year in enumerate((2024, 2025, 2026, 2027)):
            fixed_budget = {
                c: (ex[k] if k < 2 else ex[1]) + round((ex[k] if k < 2 else ex[1]) * 0.08)
                for c, ex in fixed.items()
            }
            shares = allocate(ppi[k] - sum(fixed_budget.values()), weights)
            for p in programs:
                if p.code in fixed:
                    b, e = fixed_budget[p.code], fixed[p.code][k] if k < 2 else 0
                else:
                    b = shares[others.index(p)]
                    e = round(b * rng.uniform(0.75, 0.97)) if year <= CUTOFF_YEAR else 0
                rows.append(
                    ProgramInvestment(
                        plan=plan, node=nodes[p.code], year=year, budget=b * MILLION, executed=e * MILLION
                    )
                )
        ProgramInvestment.objects.bulk_create(rows)

    # -- POT indicators ---------------------------------------------------------------------------------

    def create_pot_indicators(self) -> None:
        plan, rng = self.plan, self.rng
        done_by: Counter[tuple[str, int]] = Counter(
            (s.commitment.subsystem.code, s.year)
            for s in CommitmentStatus.objects.filter(plan=plan, status="cumplido").select_related(
                "commitment__subsystem"
            )
        )
        progress_by: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
        for py in ProjectYear.objects.filter(plan=plan, physical_progress__isnull=False).select_related(
            "project__subsystem"
        ):
            assert py.physical_progress is not None
            progress_by[(_subsystem_code(py.project), py.year)].append(py.physical_progress)

        indicators: list[Indicator] = []
        targets: list[tuple[int, int, Decimal]] = []
        values: list[tuple[int, int, TerritorialUnit | None, Decimal]] = []
        for spec in content.SUBSYSTEMS:
            sub = self.subsystems[spec.code]
            agency = self.agencies[content.SUBSYSTEM_AGENCIES[spec.code][0]]
            disaggregated = spec.system == "SFE"
            for k, (stem, unit, kind) in enumerate(content.POT_INDICATOR_STEMS, 1):
                i = len(indicators)
                name = stem.format(s=spec.name.lower())
                area = k == 3
                indicators.append(
                    Indicator(
                        plan=plan,
                        code=f"POT-{spec.code}-{k:02d}",
                        name=name,
                        indicator_type=kind,
                        unit=unit,
                        definition=f"{name} (ficha ilustrativa del SSEPOT).",
                        objective=f"Seguir el avance del subsistema de {spec.name.lower()}.",
                        legal_basis="Acuerdo 48 de 2014, art. 603; Decreto 1232 de 2020.",
                        formula="Suma de los valores reportados por unidad territorial"
                        if area
                        else "Promedio del avance físico reportado"
                        if k == 1
                        else "Conteo de compromisos cumplidos",
                        direction="C",
                        # NB: the area is a yearly flow (NoA); the mean progress and the count of commitments
                        # fulfilled are levels at the cut-off (A)
                        accumulation="NoA" if area else "A",
                        baseline_value=Decimal(0),
                        baseline_year="2016",
                        baseline_included=False,
                        periodicity="Anual",
                        source="Reporte de las dependencias al SSEPOT (sintético)",
                        source_type="Registro administrativo",
                        verification_means="Informe de Gestión del POT",
                        agency=agency,
                        reporting_agency=agency,
                        subsystem=sub,
                        is_disaggregated=area and disaggregated,
                        observations="Indicador ilustrativo de demostración.",
                    )
                )
                for year in REPORT_YEARS:
                    if k == 1:
                        vals = progress_by.get((spec.code, year))
                        if vals:
                            values.append((i, year, None, _d(sum(vals) / len(vals))))
                        targets.append((i, year, _d(min(100, 10 * (year - 2015)))))
                    elif k == 2:
                        values.append((i, year, None, Decimal(done_by[(spec.code, year)])))
                        targets.append(
                            (i, year, Decimal(round(done_by[(spec.code, CUTOFF_YEAR)] * (year - 2016) / 9)))
                        )
                    else:
                        units = self.named_units if disaggregated else []
                        per_unit = [(u, _d(rng.uniform(200, 4_000), "1")) for u in units]
                        total = (
                            sum((v for _, v in per_unit), Decimal(0))
                            if units
                            else _d(rng.uniform(500, 3_000), "1")
                        )
                        values += [(i, year, u, v) for u, v in per_unit]
                        values.append((i, year, None, total))
                        targets.append((i, year, _d(float(total) * rng.uniform(0.9, 1.2), "1")))
        # The plan target follows the sheet's accumulation type: NoA (yearly flows) sums the yearly targets,
        # A (a level that already includes the earlier years) holds the last programmed level.
        by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for i, year, value in targets:
            by_indicator[i][year] = value
        for i, yearly in by_indicator.items():
            ind = indicators[i]
            ind.plan_target = (
                sum(yearly.values(), Decimal(0)) if ind.accumulation == "NoA" else yearly[max(yearly)]
            )
        indicators += self._ecv_indicators(values, start=len(indicators))
        rows = Indicator.objects.bulk_create(indicators)
        IndicatorTarget.objects.bulk_create(
            [IndicatorTarget(plan=plan, indicator=rows[i], year=y, value=v) for i, y, v in targets]
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    plan=plan,
                    indicator=rows[i],
                    year=y,
                    territorial_unit=u,
                    value=v,
                    observation="Dato real de la Encuesta de Calidad de Vida (ECV)."
                    if rows[i].code.startswith("ECV")
                    else "",
                )
                for i, y, u, v in values
            ]
        )
        self._link_pot_indicators(rows)

    def _ecv_indicators(
        self, values: list[tuple[int, int, TerritorialUnit | None, Decimal]], start: int
    ) -> list[Indicator]:
        """The real quality-of-life indices by comuna as disaggregated impact indicators (values appended)."""
        import csv

        path = self.data / "medellin-ecv-indicadores-comuna" / "ecv_indicadores_comuna_2014_2024.csv"
        specs = {
            "imcv": (
                "ECV-IMCV",
                "Índice Multidimensional de Condiciones de Vida (IMCV)",
                "Puntos (0-100)",
                "C",
            ),
            "pobreza_multidimensional": (
                "ECV-IPM",
                "Incidencia de la pobreza multidimensional (IPM)",
                "Porcentaje",
                "D",
            ),
            "idh": ("ECV-IDH", "Índice de Desarrollo Humano (IDH)", "Índice (0-1)", "C"),
        }
        order = list(specs)
        units = {u.code: u for u in self.named_units}
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                values.append(
                    (
                        start + order.index(row["indicador"]),
                        int(row["anio"]),
                        units[row["codigo_comuna"]],
                        Decimal(row["valor"]),
                    )
                )
        source = (
            "Alcaldía de Medellín, DAP: Encuesta de Calidad de Vida, servicio VC_Indicadores_ECV "
            "(datos reales, transcritos de una compilación pública)."
        )
        return [
            Indicator(
                plan=self.plan,
                code=code,
                name=name,
                indicator_type="I",
                unit=unit,
                direction=direction,
                accumulation="A",  # an index is a level measured each year, never a sum of years
                definition=f"{name} por comuna y corregimiento (dato real de la ECV).",
                periodicity="Anual",
                source=source,
                source_type="Encuesta",
                agency=self.agencies["DAP"],
                reporting_agency=self.agencies["DAP"],
                subsystem=self.subsystems["HAB"],
                is_disaggregated=True,
                observations="Valores reales. Sin encuesta en 2020; el IDH de El Poblado supera 1 en "
                "2018-2019 tal como en la fuente.",
            )
            for code, name, unit, direction in specs.values()
        ]

    def _link_pot_indicators(self, rows: list[Indicator]) -> None:
        rng = self.rng
        through_u = Indicator.territorial_units.through
        through_p = Indicator.projects.through
        through_c = Indicator.commitments.through
        through_a = Indicator.articles.through
        through_o = Indicator.objectives.through
        units, projects, commitments, articles, objectives = [], [], [], [], []
        for row in rows:
            if row.is_disaggregated:
                units += [through_u(indicator_id=row.pk, territorialunit_id=u.pk) for u in self.named_units]
            objectives += [
                through_o(indicator_id=row.pk, frameworkelement_id=o.pk)
                for o in rng.sample(self.objectives, 2)
            ]
            if row.code.startswith("ECV"):
                continue
            code = row.code.split("-")[1]
            articles.append(
                through_a(
                    indicator_id=row.pk, article_id=self.articles[content.ARTICLE_BY_SUBSYSTEM[code]].pk
                )
            )
            if row.code.endswith("-01"):
                projects += [
                    through_p(indicator_id=row.pk, project_id=p.pk)
                    for p in self.projects
                    if _subsystem_code(p) == code
                ]
            elif row.code.endswith("-02"):
                commitments += [
                    through_c(indicator_id=row.pk, commitment_id=c.pk)
                    for c in self.commitments
                    if c.subsystem.code == code
                ]
        through_u.objects.bulk_create(units)
        through_p.objects.bulk_create(projects)
        through_c.objects.bulk_create(commitments)
        through_a.objects.bulk_create(articles)
        through_o.objects.bulk_create(objectives)

    # -- publication ----------------------------------------------------------------------------------------

    def publish(self) -> None:
        """Every year's data enters a first release, as if each year had been reviewed and published."""
        years: set[int] = set()
        for model in (IndicatorValue, CommitmentStatus, ProjectYear):
            years |= set(model.objects.filter(plan=self.plan).values_list("year", flat=True).distinct())
        for year in sorted(years):
            when = dt.datetime(
                min(year + 1, 2026), 2, 28, 12, tzinfo=dt.UTC
            )  # deterministic, like recorded_at
            publish_existing(self.plan, year, actor=None, note="Datos de demostración", published_at=when)

    def publish_city_tracking(self) -> None:
        """The real plan 2020-2023's achievements, imported and published by the analyst (after the synthetic
        releases, so those keep only synthetic data)."""
        analyst = get_user_model().objects.get(username="analista")
        city_tracking.load_city_tracking(self.plan, self.data, analyst)

    def load_city_budget(self) -> None:
        """The real plan 2020-2023's financial execution, imported by the analyst with the shipped mapping."""
        analyst = get_user_model().objects.get(username="analista")
        city_budget.load_city_budget(self.plan, self.data, analyst)

    # -- report texts -----------------------------------------------------------------------------------

    def create_report_texts(self) -> None:
        """The real report's 2025 narrative, with its hand-typed numbers, for the consistency check."""
        NarrativeText.objects.bulk_create(
            NarrativeText(
                plan=self.plan, year=2025, section=section, title=title, body=body, source=seed_texts.SOURCE
            )
            for section, (title, body) in seed_texts.TEXTS.items()
        )

    # -- periods, archive, users --------------------------------------------------------------------------

    def create_periods_and_archive(self) -> None:
        plan = self.plan
        ReportingPeriod.objects.bulk_create(
            [
                ReportingPeriod(
                    plan=plan,
                    year=y,
                    cutoff_date=city_tracking.PERIOD_CUTOFFS.get(y, dt.date(y, 12, 31)),
                    deadline=dt.date(y + 1, 2, 15),
                    status=ReportingPeriod.Status.CLOSED,
                )
                for y in REPORT_YEARS
            ]
        )
        base = (
            "https://www.medellin.gov.co/es/transparencia/plan-de-ordenamiento-territorial-de-medellin/"
            "sistema-de-seguimiento-y-evaluacion-al-plan-de-ordenamiento-territorial-ssepot/"
        )
        docs = [
            ArchiveDocument(
                plan=plan,
                title="Acuerdo 48 de 2014, por medio del cual se adopta la revisión y ajuste "
                "de largo plazo del Plan de Ordenamiento Territorial de Medellín",
                doc_type="acto",
                date=dt.date(2014, 12, 17),
                act_number="Acuerdo 48 de 2014",
                url="https://www.medellin.gov.co/es/transparencia/plan-de-ordenamiento-territorial-de-medellin/",
                is_public=True,
                product="acto-adopcion",
            ),
            ArchiveDocument(
                plan=plan,
                title="Documento Técnico de Soporte (DTS) del POT, Acuerdo 48 de 2014",
                doc_type="dts",
                date=dt.date(2014, 12, 17),
                url="https://www.medellin.gov.co/es/transparencia/plan-de-ordenamiento-territorial-de-medellin/",
                is_public=True,
                product="dts",
            ),
        ]
        docs += [
            ArchiveDocument(
                plan=plan,
                title=f"Informe de Gestión del POT vigencia {y} (IGPOT{y})",
                doc_type="informe",
                date=dt.date(y + 1, 3, 31),
                url=base,
                description="Informe anual del SSEPOT (enlace al micrositio del expediente distrital).",
                is_public=True,
                product="informe-seguimiento",
            )
            for y in range(2017, 2025)
        ]
        docs = ArchiveDocument.objects.bulk_create(docs)
        through = ArchiveDocument.articles.through
        through.objects.bulk_create(
            [through(archivedocument_id=d.pk, article_id=self.articles["603"].pk) for d in docs]
        )

    def create_users(self) -> list[str]:
        user_model = get_user_model()
        names = []
        for username, role, agency, first, last in DEMO_USERS:
            user = user_model.objects.filter(username=username).first() or user_model(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.invalid"
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            user.is_active = True
            user.set_password(content.DEMO_PASSWORD)
            user.save()
            Membership.objects.create(
                plan=self.plan, user=user, role=role, agency=self.agencies[agency] if agency else None
            )
            names.append(username)
        return names

    def open_current_period(self) -> None:
        """The analyst opens 2026, so each agency's reporter finds its items waiting, as in late 2026."""
        analyst = get_user_model().objects.get(username="analista")
        period = open_period(self.plan, 2026, dt.date(2026, 12, 31), dt.date(2027, 2, 15), actor=analyst)
        # NB: a fixed opening time keeps two builds identical.
        ReportingPeriod.objects.filter(pk=period.pk).update(
            opened_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
        )

    def stamp_recorded_at(self) -> None:
        """Reported rows get their year's reporting deadline as recording time, not the build's clock."""
        tz = ZoneInfo(settings.TIME_ZONE)
        for model in (CommitmentStatus, ProjectYear, IndicatorValue):
            qs: models.QuerySet[Any] = model.objects.filter(plan=self.plan)
            for year in sorted(set(qs.values_list("year", flat=True))):
                # NB: budgets of future years were recorded with the last report, never in the future.
                when = dt.datetime(min(year, CUTOFF_YEAR) + 1, 2, 15, 17, 0, tzinfo=tz)
                qs.filter(year=year).update(recorded_at=when)


def _quarters(value: Decimal) -> list[tuple[int, Decimal]]:
    """A yearly amount split into four quarters (20 %, 25 %, 25 % and the rest) that add up to it exactly,
    in whole units when the amount is whole."""
    step = Decimal(1) if value == value.to_integral_value() else Decimal("0.01")
    parts = [
        (value * share).quantize(step, rounding=ROUND_DOWN) for share in (Decimal("0.2"), Decimal("0.25"))
    ]
    parts.append(parts[1])
    parts.append(value - sum(parts))
    return list(enumerate(parts, start=1))


def _unit_label(unit: TerritorialUnit) -> str:
    return f"Comuna {unit.code} {unit.name}" if unit.kind == "comuna" else unit.name


def _subsystem_code(project: Project) -> str:
    """The demo's projects all have a subsystem (only imported public works may arrive without one)."""
    assert project.subsystem is not None
    return project.subsystem.code
