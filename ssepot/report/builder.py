"""Everything the annual report shows, read once from a frozen release: ``collect(plan, year, release)``.

The report is pinned to a release (``reporting.Release``): its figures come from ``all_figures`` with the
release's number as the view, so rebuilding the report of a year after its data was corrected gives the
same figures; the corrections published since are listed (``release_differences``). The HTML, the PDF and
the Excel annex are drawn from the one ``Report`` this module returns (``render.py``, ``annex.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.catalogue.models import (
    EvaluationPhase,
    FrameworkElement,
    PhaseStatus,
    Plan,
    StudyVariable,
    Subsystem,
    SubsystemNarrative,
    System,
)
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure, fmt_number, fmt_percent
from ssepot.core.narrative import Finding
from ssepot.figures import loaders
from ssepot.figures.compute import all_figures, is_headline
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.report import narrative
from ssepot.report.models import NarrativeText
from ssepot.report.narrative import fmt_value
from ssepot.reporting.models import Approval, Release
from ssepot.reporting.releases import NEW, release_differences

Progress = Callable[[int, str], None]


class ReportError(Exception):
    """The report cannot be built; the message says why in words a planner understands."""


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: Any
    colour: str
    portal: str | None
    """The portal page of the chapter's dashboard (a path under ``/planes/<slug>/<year>/``)."""


CHAPTERS = (
    Chapter(1, "compromisos", gettext_lazy("Compromisos del POT"), "#1f5fa8", "compromisos"),
    Chapter(2, "pot-pdd", gettext_lazy("Articulación POT - PDD"), "#047857", "pot-pdd"),
    Chapter(3, "subsistemas", gettext_lazy("Avance de los subsistemas"), "#6d28d9", "subsistemas"),
    Chapter(4, "marco-estrategico", gettext_lazy("Seguimiento al marco estratégico"), "#c2410c", ""),
    Chapter(5, "indicadores", gettext_lazy("Sistema de indicadores del SSEPOT"), "#0e7490", "indicadores"),
    Chapter(6, "tableros", gettext_lazy("Tableros"), "#be185d", ""),
    Chapter(7, "revision", gettext_lazy("Revisión y ajuste del POT"), "#a16207", None),
)

LIGHT_LABELS = {
    "verde": gettext_lazy("Verde"),
    "amarillo": gettext_lazy("Amarillo"),
    "rojo": gettext_lazy("Rojo"),
    "gris": gettext_lazy("Gris (sin programación)"),
    "NA": gettext_lazy("No aplica"),
    "ND": gettext_lazy("No disponible"),
}


def portal_url(plan: Plan, year: int, part: str | None = "") -> str:
    """An absolute link into the public portal (the PDF leaves the site, so links carry the host).

    ``part`` is a page under the plan's year (``compromisos``, ``subsistemas/MOV``); ``""`` is the plan's
    home for the year; ``None`` is the plan's indicator catalogue root."""
    base = f"{settings.SSEPOT_SITE_URL.rstrip('/')}/planes/{plan.slug}/"
    if part is None:
        return base
    return f"{base}{year}/{part.strip('/') + '/' if part else ''}"


def indicator_url(plan: Plan, code: str) -> str:
    return f"{settings.SSEPOT_SITE_URL.rstrip('/')}/planes/{plan.slug}/indicadores/{code}/"


@dataclass
class Text:
    """One narrative section, rendered."""

    title: str
    html: str
    source: str = ""


@dataclass
class SubsystemBlock:
    code: str
    name: str
    system: str
    illustrative: bool
    situations: str
    achievements: str
    challenges: str
    keys: list[tuple[str, str]]
    """(label, figure key) pairs shown for the subsystem."""
    indicators: list[str]
    portal: str


@dataclass
class IndicatorSheet:
    pk: int
    code: str
    name: str
    fields: list[tuple[str, str]]
    rows: list[tuple[int, Decimal | None, Decimal | None]]
    """(year, target, achievement)."""
    progress_key: str
    compliance_key: str
    light: str
    light_label: str
    subsystem: str
    portal: str

    @property
    def shown_fields(self) -> list[tuple[str, str]]:
        """The sheet's fields that have a value (the compact sheet of the PDF lists only these)."""
        return [(label, value) for label, value in self.fields if value]


@dataclass
class Correction:
    what: str
    before: str
    after: str
    who: str
    when: dt.datetime
    why: str
    release: str


@dataclass
class Provenance:
    """Who reported and who approved the data behind a figure, and the release that published it."""

    reported_by: str
    approved_by: str
    release: str
    count: int


@dataclass
class Report:
    plan: Plan
    year: int
    release: Release
    latest: Release
    figures: dict[str, Figure]
    generated_at: dt.datetime
    chapters: tuple[Chapter, ...] = CHAPTERS
    texts: dict[str, Text] = field(default_factory=dict)
    commitments: list[dict[str, Any]] = field(default_factory=list)
    subsystems: list[SubsystemBlock] = field(default_factory=list)
    systems: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    indicators: list[IndicatorSheet] = field(default_factory=list)
    objectives: list[FrameworkElement] = field(default_factory=list)
    framework_counts: list[tuple[str, int]] = field(default_factory=list)
    phases: list[dict[str, Any]] = field(default_factory=list)
    variables: int = 0
    money: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: dict[str, list[Provenance]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    """The figure keys the rendered report shows; the appendix explains exactly these."""
    in_sheets: dict[str, tuple[Decimal, str]] = field(default_factory=dict)
    """The inputs the indicator sheets print (an input's ``ref``: its value and the indicator's code);
    the compact appendix of the PDF does not repeat them."""

    @property
    def cutoff(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.release.year}-{self.release.number}"

    def portal(self, part: str | None = "") -> str:
        return portal_url(self.plan, self.year, part)

    def headline(self) -> list[Figure]:
        return [f for f in self.figures.values() if is_headline(f)]


def resolve_release(plan: Plan, year: int, number: int | None) -> tuple[Release, Release]:
    """The release the report is pinned to (the latest unless ``number``) and the latest one."""
    releases = list(Release.objects.filter(plan=plan, year=year).order_by("number"))
    if not releases:
        raise ReportError(
            _(
                "La vigencia %(year)s del plan «%(plan)s» no tiene datos publicados: publique antes de "
                "generar "
                "el informe."
            )
            % {"year": year, "plan": plan.name}
        )
    latest = releases[-1]
    if number is None:
        return latest, latest
    for release in releases:
        if release.number == number:
            return release, latest
    raise ReportError(
        _("No existe la publicación %(year)s-%(number)s; las publicaciones de %(year)s son: %(list)s.")
        % {"year": year, "number": number, "list": ", ".join(str(r) for r in releases)}
    )


def collect(plan: Plan, year: int, release: int | None = None, progress: Progress | None = None) -> Report:
    """Read everything the report shows for ``year`` as release ``release`` (default: the latest) shows it."""
    step = progress or (lambda percent, message: None)
    pinned, latest = resolve_release(plan, year, release)
    step(5, _("Calculando las cifras"))
    figures = {f.key: f for f in all_figures(plan, year, pinned.number)}
    report = Report(
        plan=plan, year=year, release=pinned, latest=latest, figures=figures, generated_at=timezone.now()
    )
    step(20, _("Leyendo la narrativa"))
    _texts(report)
    _commitments(report)
    _structure(report)
    step(30, _("Reuniendo la batería de indicadores"))
    _indicators(report)
    _framework(report)
    _money(report)
    _corrections(report)
    _provenance(report)
    return report


# -- narrative ---------------------------------------------------------------------------------------------


def _texts(report: Report) -> None:
    for text in NarrativeText.objects.filter(plan=report.plan, year=report.year):
        report.texts[text.section] = Text(
            title=text.title or text.get_section_display(),
            html=narrative.render(text.body, report.figures, on_reference=report.used.add),
            source=text.source,
        )
        report.findings += narrative.check(text.body, report.figures, source=text.get_section_display())


def consistency_findings(plan: Plan, year: int, figures: dict[str, Figure]) -> list[Finding]:
    """The hand-typed numbers of the year's narrative (report and subsystem texts) that disagree."""
    findings: list[Finding] = []
    for text in NarrativeText.objects.filter(plan=plan, year=year).order_by("section"):
        findings += narrative.check(text.body, figures, source=text.get_section_display())
    for n in SubsystemNarrative.objects.filter(plan=plan, year=year).select_related("subsystem"):
        for label, body in (
            (_("situaciones"), n.situations),
            (_("logros"), n.achievements),
            (_("retos"), n.challenges),
        ):
            findings += narrative.check(body, figures, source=f"{n.subsystem.name} ({label})")
    return findings


# -- chapters ----------------------------------------------------------------------------------------------


def _commitments(report: Report) -> None:
    records = loaders.commitment_records(report.plan, [report.year], report.release.number)[report.year]
    descriptions = dict(Commitment.objects.filter(plan=report.plan).values_list("pk", "description"))
    statuses = dict(CommitmentStatus.Status.choices)
    horizons = {
        "corto": _("Corto plazo"),
        "mediano": _("Mediano plazo"),
        "largo": _("Largo plazo"),
        "plan": _("Vigencia del plan"),
    }
    report.commitments = [
        {
            "code": r.code,
            "description": descriptions.get(r.id, ""),
            "horizon": horizons.get(r.horizon, r.horizon),
            "typology": r.typology,
            "subsystem": r.subsystem,
            "agency": r.agency,
            "status": str(statuses.get(r.status, r.status)),
            "status_key": r.status,
            "progress": r.progress,
        }
        for r in records
    ]


def _structure(report: Report) -> None:
    plan, year = report.plan, report.year
    narratives = {n.subsystem_id: n for n in SubsystemNarrative.objects.filter(plan=plan, year=year)}
    # NB: each indicator in the subsystem its sheet had when the release was published (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, report.release.number)
    sheets = Indicator.objects.filter(plan=plan, development_plan__isnull=True)
    rows = {pk: (code, subsystem) for pk, code, subsystem in sheets.values_list("pk", "code", "subsystem_id")}
    if as_of is not None:
        history = Indicator.history.filter(id__in=rows)
        rows = loaders.pinned_rows(rows, history, ("code", "subsystem_id"), as_of)
    indicators: dict[int, list[str]] = defaultdict(list)
    for code, subsystem_id in rows.values():
        if subsystem_id is not None:
            indicators[subsystem_id].append(code)
    by_system: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for s in Subsystem.objects.filter(plan=plan).select_related("system").order_by("system__order", "order"):
        n = narratives.get(s.pk)
        stem = slug(s.name)

        def text(body: str) -> str:
            return narrative.render(body, report.figures, on_reference=report.used.add) if body else ""

        keys = [
            (_("Compromisos"), f"compromisos.subsistema.{stem}.total"),
            (_("Compromisos cumplidos"), f"compromisos.subsistema.{stem}.cumplido"),
            (_("Cumplimiento de los compromisos"), f"compromisos.subsistema.{stem}.cumplimiento"),
            (_("Presupuesto del programa de ejecución"), f"dinero.subsistema.{stem}.presupuesto"),
            (_("Inversión acumulada"), f"dinero.subsistema.{stem}.ejecutado"),
            (_("Ejecución financiera"), f"dinero.subsistema.{stem}.ejecucion_pct"),
        ]
        report.subsystems.append(
            SubsystemBlock(
                code=s.code,
                name=s.name,
                system=s.system.name,
                illustrative=s.is_illustrative,
                situations=text(n.situations) if n else "",
                achievements=text(n.achievements) if n else "",
                challenges=text(n.challenges) if n else "",
                keys=[(label, key) for label, key in keys if key in report.figures],
                indicators=sorted(indicators[s.pk]),
                portal=report.portal(f"subsistemas/{s.code}"),
            )
        )
        by_system[s.system_id].append((s.code, s.name))
    report.systems = [
        (system.name, by_system[system.pk]) for system in System.objects.filter(plan=plan).order_by("order")
    ]


def _light(figure: Figure | None) -> str:
    return (figure.status if figure else "") or "ND"


def _indicators(report: Report) -> None:
    plan, year = report.plan, report.year
    # NB: the sheets and targets as the release saw them (ADR 0006)
    as_of = loaders.catalogue_as_of(plan.pk, year, report.release.number)
    indicators: list[Indicator] = loaders.instances_as_of(
        list(
            Indicator.objects.filter(plan=plan, development_plan__isnull=True)
            .select_related("agency", "subsystem")
            .order_by("code")
        ),
        as_of,
    )
    series = loaders.indicator_series(indicators, report.release.number, as_of=as_of)
    # NB: the rules the release was published with name each code's rule (read once, not per indicator)
    rules = loaders.rules_in_force(plan.pk, None, year, report.release.number)
    for i in indicators:
        s = series[i.pk]
        years = sorted(y for y in set(s.targets) | set(s.achievements) if y <= year)
        progress_key = f"indicador.{i.pk}.avance.{year}"
        light = _light(report.figures.get(progress_key))
        baseline = fmt_value(i.baseline_value) if i.baseline_value is not None else (i.baseline_code or "ND")
        target = fmt_value(i.plan_target) if i.plan_target is not None else (i.plan_target_code or "ND")
        report.indicators.append(
            IndicatorSheet(
                pk=i.pk,
                code=i.code,
                name=i.name,
                fields=[
                    (_("Tipo"), i.get_indicator_type_display()),
                    (_("Unidad de medida"), i.unit),
                    (_("Definición"), i.definition),
                    (_("Fórmula"), i.formula),
                    (_("Sentido"), i.get_direction_display()),
                    (
                        _("Tipo de acumulación (FC)"),
                        f"{i.accumulation} ({rules.accumulation.get(i.accumulation, '?')})",
                    ),
                    (_("Línea base"), f"{baseline} ({i.baseline_year})" if i.baseline_year else baseline),
                    (_("Meta del plan"), target),
                    (_("Periodicidad"), i.periodicity),
                    (_("Fuente"), i.source),
                    (_("Dependencia responsable"), i.agency.name if i.agency else ""),
                ],
                rows=[(y, s.targets.get(y), s.achievements.get(y)) for y in years],
                progress_key=progress_key,
                compliance_key=f"indicador.{i.pk}.cumplimiento.{year}",
                light=light,
                light_label=str(LIGHT_LABELS.get(light, light)),
                subsystem=i.subsystem.name if i.subsystem else "",
                portal=indicator_url(plan, i.code),
            )
        )
        report.sources[f"indicador.{i.pk}."] = i.source or (i.agency.name if i.agency else "")
        shown = {
            f"indicator:{i.pk}:meta_plan": i.plan_target,
            f"indicator:{i.pk}:linea_base": i.baseline_value,
        }
        for y, year_target, year_achievement in report.indicators[-1].rows:
            shown[f"indicator:{i.pk}:meta:{y}"] = year_target
            shown[f"indicator:{i.pk}:logro:{y}"] = year_achievement
        report.in_sheets.update({ref: (value, i.code) for ref, value in shown.items() if value is not None})


def _framework(report: Report) -> None:
    plan, year = report.plan, report.year
    elements = list(FrameworkElement.objects.filter(plan=plan))
    report.objectives = [e for e in elements if e.kind == FrameworkElement.Kind.OBJECTIVE]
    kinds = dict(FrameworkElement.Kind.choices)
    counts: dict[str, int] = defaultdict(int)
    for e in elements:
        counts[e.kind] += 1
    report.framework_counts = [(str(label), counts[kind]) for kind, label in kinds.items() if counts[kind]]
    statuses = {s.phase_id: s for s in PhaseStatus.objects.filter(plan=plan, year=year)}
    report.phases = [
        {
            "number": phase.number,
            "name": phase.name,
            "status": statuses[phase.pk].get_status_display() if phase.pk in statuses else _("Sin dato"),
            "status_key": statuses[phase.pk].status if phase.pk in statuses else "",
            "note": statuses[phase.pk].note if phase.pk in statuses else "",
        }
        for phase in EvaluationPhase.objects.filter(plan=plan).order_by("number")
    ]
    report.variables = StudyVariable.objects.filter(plan=plan).count()


def _money(report: Report) -> None:
    for s in report.subsystems:
        stem = slug(s.name)
        keys = {m: f"dinero.subsistema.{stem}.{m}" for m in ("presupuesto", "ejecutado", "ejecucion_pct")}
        if keys["presupuesto"] in report.figures:
            report.money.append({"name": s.name, "system": s.system, **keys})


def _describe(record: Any) -> tuple[str, str]:
    """What a corrected version is about, and its value, in words."""
    if isinstance(record, IndicatorValue):
        unit = f" ({record.territorial_unit})" if record.territorial_unit_id else ""
        value = record.value_code or ("ND" if record.value is None else fmt_value(record.value))
        return _("Indicador %(code)s, %(year)s%(unit)s") % {
            "code": record.indicator.code,
            "year": record.year,
            "unit": unit,
        }, value
    if isinstance(record, CommitmentStatus):
        progress = "" if record.progress is None else f", {fmt_percent(record.progress, 1)}"
        return _("Compromiso %(code)s, %(year)s") % {"code": record.commitment.code, "year": record.year}, (
            f"{record.get_status_display()}{progress}"
        )
    if isinstance(record, ProjectYear):
        return _("Proyecto %(code)s, %(year)s") % {"code": record.project.code, "year": record.year}, _(
            "presupuesto %(b)s; ejecutado %(e)s"
        ) % {"b": fmt_number(record.budget), "e": fmt_number(record.executed)}
    return str(record), ""


def _corrections(report: Report) -> None:
    if report.release.number >= report.latest.number:
        return
    for row in release_differences(report.plan, report.year, report.release.number, report.latest.number):
        if row["kind"] == NEW or row["record"] is None:
            continue  # NB: the report lists corrections of what its release showed
        what, after = _describe(row["record"])
        _, before = _describe(row["previous"])
        who = row["who"]
        report.corrections.append(
            Correction(
                what=what,
                before=before,
                after=after,
                who=(who.get_full_name() or who.get_username()) if who else "",
                when=row["when"],
                why=row["why"],
                release=str(row["release"]),
            )
        )


def _provenance(report: Report) -> None:
    """Approvals of the data behind the figures, grouped: for each kind of data (and each POT indicator)
    who reported, who approved and which release first published it, with how many versions."""
    plan, year, number = report.plan, report.year, report.release.number
    base = Approval.objects.filter(plan=plan, release__number__lte=number)
    fields = ("reported_by__username", "approved_by__username", "release__year", "release__number")

    def group(qs: Any, prefix_field: str | None = None) -> dict[str, list[Provenance]]:
        out: dict[str, list[Provenance]] = defaultdict(list)
        values = qs.values(*fields, *([prefix_field] if prefix_field else [])).annotate(n=Count("pk"))
        for row in values.order_by(*fields):
            out[f"indicador.{row[prefix_field]}." if prefix_field else ""].append(
                Provenance(
                    reported_by=row["reported_by__username"] or _("carga institucional"),
                    approved_by=row["approved_by__username"] or "",
                    release=f"{row['release__year']}-{row['release__number']}",
                    count=row["n"],
                )
            )
        return out

    commitments = base.filter(commitment_status__year=year, release__year=year)
    projects = base.filter(project_year__year__lte=year, release__year=F("project_year__year"))
    pot_values = base.filter(
        indicator_value__indicator__plan=plan,
        indicator_value__indicator__development_plan__isnull=True,
        indicator_value__year=year,
        release__year=year,
    )
    pdd_values = base.filter(
        indicator_value__indicator__development_plan__isnull=False,
        indicator_value__year__lte=year,
        release__year=F("indicator_value__year"),
    )
    report.provenance = {
        "compromisos.": group(commitments).get("", []),
        "dinero.": group(projects).get("", []),
        "pdd.": group(pdd_values).get("", []),
        **group(pot_values, "indicator_value__indicator_id"),
    }
    report.sources.update(
        {
            "compromisos.": _(
                "Estados anuales de los compromisos reportados por las dependencias responsables"
            ),
            "dinero.": _(
                "Presupuesto y ejecución anual de los proyectos del programa de ejecución; plan "
                "plurianual de inversiones del PDD"
            ),
            "pdd.": _("Fichas, ponderaciones y avances de los indicadores del Plan de Desarrollo Distrital"),
        }
    )


def provenance_for(report: Report, key: str) -> tuple[str, list[Provenance]]:
    """The source and the approvals behind the figure ``key`` (by its key's family)."""
    for prefix in sorted(set(report.sources) | set(report.provenance), key=len, reverse=True):
        if key.startswith(prefix):
            return report.sources.get(prefix, ""), report.provenance.get(prefix, [])
    return "", []
