"""Every write of the reporting cycle. Each action checks access, runs in one transaction, records the
review event and the audit entry, and raises ``ActionRefused`` with a message for the person acting.

States: borrador > enviado > (devuelto > enviado ...) > validado > aprobado > publicado.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.accounts.permissions import can_review_plan, keeps_duties_apart
from ssepot.audit.log import diff, record
from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.periods import labels as period_labels
from ssepot.core.periods import periods_begun
from ssepot.development.models import DevelopmentPlan
from ssepot.indicators.models import WHOLE_YEAR, Indicator, IndicatorValue
from ssepot.projects.models import Project, ProjectYear
from ssepot.reporting import access, releases, signals
from ssepot.reporting.entries import Entry, is_empty, parse, unstorable
from ssepot.reporting.models import Approval, Assignment, AssignmentEvent, Release, ReportingPeriod

State = Assignment.State
Action = AssignmentEvent.Action


class ActionRefused(Exception):
    """The action cannot be done; the message says why, in the words of the person acting."""

    def __init__(self, message: str, problems: list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class StaleRevision(ActionRefused):
    """Someone else saved the item since this person opened it."""


class StalePreview(ActionRefused):
    """What a publication would change is no longer what the person confirmed."""


def _event(assignment: Assignment, action: str, actor: User | None, from_state: str,
           message: str = "") -> AssignmentEvent:  # fmt: skip
    return AssignmentEvent.objects.create(
        plan_id=assignment.plan_id, assignment=assignment, actor=actor, action=action, from_state=from_state,
        to_state=assignment.state, message=message, data=assignment.draft,
    )  # fmt: skip


def _locked(assignment: Assignment) -> Assignment:
    """The assignment re-read under a row lock, so concurrent actions queue up instead of racing."""
    return Assignment.objects.select_for_update().select_related("period", "agency").get(pk=assignment.pk)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ActionRefused(message)


def _require_storable(data: Any) -> None:
    """A draft (or a reason) is checked when saved: text the database cannot keep never reaches it."""
    problems = unstorable(data)
    if problems:
        raise ActionRefused(_("Hay texto que no se puede guardar; no se guardó nada."), problems)


def unit_codes(assignment: Assignment) -> set[str]:
    if assignment.indicator is None or not assignment.indicator.is_disaggregated:
        return set()
    return set(TerritorialUnit.objects.filter(plan_id=assignment.plan_id).values_list("code", flat=True))


def period_options(assignment: Assignment) -> dict[str, Any]:
    """How an indicator's entry is read below the year: its frequency and how many of its quarters or
    months had begun at the period's cut-off (``entries.parse``'s keywords; none for other items)."""
    indicator = assignment.indicator
    if indicator is None or indicator.frequency == Indicator.Frequency.YEARLY:
        return {}
    p = assignment.period
    return {
        "frequency": indicator.frequency,
        "begun": periods_begun(indicator.frequency, p.year, p.cutoff_date),
    }


def asked_periods(assignment: Assignment) -> list[str]:
    """The quarters or months an indicator's entry asks (``T1``, ``M03``: those begun at the cut-off);
    none for a yearly item."""
    options = period_options(assignment)
    return period_labels(options["frequency"], options["begun"]) if options else []


def parse_entry(assignment: Assignment, data: Mapping[str, Any]) -> Entry:
    """The draft's typed values and problems, including the validation rules of the plan."""
    from ssepot.reporting.validation import check_entry  # NB: rules read history; import late

    entry = parse(assignment.kind, data, unit_codes(assignment), **period_options(assignment))
    entry.problems += check_entry(assignment, entry)
    return entry


# -- the period -------------------------------------------------------------------------------------------


@transaction.atomic
def open_period(plan: Plan, year: int, cutoff_date: dt.date, deadline: dt.date, *,
                actor: User) -> ReportingPeriod:  # fmt: skip
    """Open (or reopen) year ``year`` and give every agency its items: the POT's indicators, the
    indicators of every development plan in force that year (its first to its last year), the
    commitments and the execution program's projects it is responsible for. Running it again adds only
    what is new in the catalogue."""
    _require(can_review_plan(actor, plan.pk), _("Solo un analista de planeación del plan abre periodos."))
    _require(deadline >= cutoff_date, _("La fecha límite no puede ser anterior a la fecha de corte."))
    period, _created = ReportingPeriod.objects.select_for_update().get_or_create(
        plan=plan,
        year=year,
        defaults={"cutoff_date": cutoff_date, "deadline": deadline},
    )
    before = {"status": period.status, "cutoff_date": period.cutoff_date, "deadline": period.deadline}
    period.cutoff_date, period.deadline = cutoff_date, deadline
    period.status = ReportingPeriod.Status.OPEN
    period.opened_at, period.opened_by = timezone.now(), actor
    period.save()
    existing = set(period.assignments.values_list("kind", "indicator_id", "commitment_id", "project_id"))
    new: list[Assignment] = []
    # NB: a development plan's indicators are reported, reviewed and published like the POT's, in the
    # years of the development plan only (two plans in force the same year both report)
    in_force = DevelopmentPlan.objects.filter(plan=plan, start_year__lte=year, end_year__gte=year)
    indicators = Indicator.objects.filter(
        Q(development_plan__isnull=True) | Q(development_plan__in=in_force), plan=plan
    ).filter(Q(reporting_agency__isnull=False) | Q(agency__isnull=False))
    for i in indicators.only("pk", "agency_id", "reporting_agency_id"):
        if ("indicador", i.pk, None, None) not in existing:
            agency_id = i.reporting_agency_id or i.agency_id
            assert agency_id is not None  # the query keeps only indicators with an agency
            new.append(
                Assignment(plan=plan, period=period, agency_id=agency_id, kind="indicador", indicator=i)
            )
    for c in Commitment.objects.filter(plan=plan).only("pk", "agency_id"):
        if ("compromiso", None, c.pk, None) not in existing:
            new.append(
                Assignment(plan=plan, period=period, agency_id=c.agency_id, kind="compromiso", commitment=c)
            )
    # NB: an imported project whose agency is not yet assigned has nobody to report it.
    for p in Project.objects.filter(plan=plan, agency__isnull=False).only("pk", "agency_id"):
        if ("proyecto", None, None, p.pk) not in existing:
            assert p.agency_id is not None  # the query keeps only projects with an agency
            new.append(
                Assignment(plan=plan, period=period, agency_id=p.agency_id, kind="proyecto", project=p)
            )
    Assignment.objects.bulk_create(new, batch_size=1000)
    record("abrir periodo", period, actor=actor, changes=diff(before, {
        "status": period.status, "cutoff_date": cutoff_date, "deadline": deadline}),
        reason=_("%(n)d asignaciones nuevas") % {"n": len(new)})  # fmt: skip
    transaction.on_commit(
        lambda: signals.period_opened.send(sender=ReportingPeriod, period=period, actor=actor)
    )
    return period


@transaction.atomic
def close_period(period: ReportingPeriod, *, actor: User) -> ReportingPeriod:
    _require(can_review_plan(actor, period.plan_id), _("Solo un analista de planeación cierra periodos."))
    before = period.status
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status"])
    record("cerrar periodo", period, actor=actor, changes={"status": [before, period.status]})
    return period


# -- the agency -------------------------------------------------------------------------------------------


@transaction.atomic
def save_draft(assignment: Assignment, data: Mapping[str, Any], *, actor: User,
               expected_revision: int, action: str = Action.SAVE) -> Assignment:  # fmt: skip
    """Keep the agency's entry as typed (an incomplete draft is fine); nothing is reported data yet."""
    a = _locked(assignment)
    _require(access.can_report(actor, a), _("Solo la dependencia responsable puede reportar este ítem."))
    _require(a.period.status == ReportingPeriod.Status.OPEN, _("El periodo %(year)s no está abierto.") % {
        "year": a.period.year})  # fmt: skip
    _require(a.state in (State.DRAFT, State.RETURNED), _("El ítem ya fue enviado; espere la revisión."))
    if a.revision != expected_revision:
        raise StaleRevision(
            _(
                "Otra persona guardó este ítem mientras usted lo editaba. Recargue la página: "
                "sus cambios no se guardaron y los de la otra persona se conservan."
            )
        )
    _require_storable(dict(data))
    before = dict(a.draft)
    a.draft = {**dict(data)}
    a.revision += 1
    a.save(update_fields=["draft", "revision", "updated_at"])
    _event(a, action, actor, a.state)
    record("guardar borrador", a, actor=actor, changes=diff(before, a.draft))
    return a


@transaction.atomic
def submit(assignment: Assignment, *, actor: User, expected_revision: int) -> Assignment:
    """Send the entry to review. Errors block; warnings need an observation that justifies the value."""
    a = _locked(assignment)
    _require(access.can_report(actor, a), _("Solo la dependencia responsable puede enviar este ítem."))
    _require(a.period.status == ReportingPeriod.Status.OPEN, _("El periodo no está abierto."))
    _require(a.state in (State.DRAFT, State.RETURNED), _("El ítem ya fue enviado."))
    if a.revision != expected_revision:
        raise StaleRevision(_("Otra persona guardó este ítem mientras usted lo editaba. Recargue la página."))
    entry = parse_entry(a, a.draft)
    if entry.errors:
        raise ActionRefused(_("Corrija los errores antes de enviar."), entry.errors)
    if is_empty(a.kind, entry):
        raise ActionRefused(_("No hay nada que enviar: ingrese el valor o el estado."))
    warnings = [p for p in entry.problems if p.severity != "error"]
    if warnings and not entry.observation:
        raise ActionRefused(
            _("Hay valores que requieren una justificación: escríbala en la observación."), warnings
        )
    before = a.state
    a.state, a.flagged, a.submitted_at = State.SUBMITTED, bool(warnings), timezone.now()
    a.revision += 1
    a.save(update_fields=["state", "flagged", "submitted_at", "revision", "updated_at"])
    _event(a, Action.SUBMIT, actor, before, "; ".join(p.message for p in warnings))
    record("enviar", a, actor=actor, changes={"state": [before, a.state]})
    transaction.on_commit(
        lambda: signals.assignment_submitted.send(sender=Assignment, assignment=a, actor=actor)
    )
    return a


@transaction.atomic
def answer(assignment: Assignment, message: str, *, actor: User) -> AssignmentEvent:
    """The agency answers the analyst's observation (the item stays returned until it is sent again)."""
    a = _locked(assignment)
    _require(access.can_report(actor, a), _("Solo la dependencia responsable puede responder."))
    _require(bool(message.strip()), _("Escriba la respuesta."))
    event = _event(a, Action.ANSWER, actor, a.state, message.strip())
    record("responder observación", a, actor=actor, reason=message.strip())
    return event


# -- the analyst ------------------------------------------------------------------------------------------


def _review(assignment: Assignment, actor: User, allowed: tuple[str, ...]) -> Assignment:
    a = _locked(assignment)
    _require(access.can_review(actor, a), _("Solo un analista de planeación del plan revisa los reportes."))
    _require(a.state in allowed, _("El ítem está «%(state)s»: esta acción no aplica.") % {
        "state": a.get_state_display()})  # fmt: skip
    return a


@transaction.atomic
def return_to_agency(assignment: Assignment, message: str, *, actor: User) -> Assignment:
    a = _review(assignment, actor, (State.SUBMITTED, State.VALIDATED))
    _require(bool(message.strip()), _("Escriba la observación para la dependencia."))
    before, a.state = a.state, State.RETURNED
    a.revision += 1
    a.save(update_fields=["state", "revision", "updated_at"])
    _event(a, Action.RETURN, actor, before, message.strip())
    record("devolver", a, actor=actor, changes={"state": [before, a.state]}, reason=message.strip())
    transaction.on_commit(
        lambda: signals.assignment_returned.send(
            sender=Assignment, assignment=a, actor=actor, message=message
        )
    )
    return a


@transaction.atomic
def validate(assignment: Assignment, *, actor: User) -> Assignment:
    a = _review(assignment, actor, (State.SUBMITTED,))
    before, a.state = a.state, State.VALIDATED
    a.revision += 1
    a.save(update_fields=["state", "revision", "updated_at"])
    _event(a, Action.VALIDATE, actor, before)
    record("validar", a, actor=actor, changes={"state": [before, a.state]})
    return a


@transaction.atomic
def correct(assignment: Assignment, data: Mapping[str, Any], reason: str, *, actor: User,
            expected_revision: int) -> Assignment:  # fmt: skip
    """The analyst corrects the entry, with a reason. On an approved or published item this reopens it:
    approving again writes new versions (the published release keeps showing what it showed)."""
    a = _review(assignment, actor, (State.SUBMITTED, State.VALIDATED, State.APPROVED, State.PUBLISHED))
    _require(bool(reason.strip()), _("Una corrección debe decir por qué."))
    _require_storable({"reason": reason, **dict(data)})
    if a.revision != expected_revision:
        raise StaleRevision(
            _("Otra persona modificó este ítem mientras usted lo editaba. Recargue la página.")
        )
    entry = parse_entry(a, data)
    if entry.errors:
        raise ActionRefused(_("La corrección tiene errores."), entry.errors)
    before_draft, before_state = dict(a.draft), a.state
    a.draft, a.state = dict(data), State.VALIDATED
    a.revision += 1
    a.save(update_fields=["draft", "state", "revision", "updated_at"])
    _event(a, Action.CORRECT, actor, before_state, reason.strip())
    record("corregir", a, actor=actor, changes=diff(before_draft, a.draft), reason=reason.strip())
    return a


def _submitter(a: Assignment) -> User | None:
    event = a.events.filter(action=Action.SUBMIT).order_by("-at", "-id").select_related("actor").first()
    return event.actor if event else None


def _validator_id(a: Assignment) -> int | None:
    """Who put the item in «validado»: the analyst who validated it or corrected it last."""
    event = a.events.filter(to_state=State.VALIDATED).order_by("-at", "-id").first()
    return event.actor_id if event else None


def _last_correction(a: Assignment) -> str:
    event = a.events.filter(action=Action.CORRECT).order_by("-at", "-id").first()
    return event.message if event else ""


def _write_version(model: Any, current: Any, fields: dict[str, Any], key: dict[str, Any], *, plan_id: int,
                   actor: User, reason: str) -> Any | None:  # fmt: skip
    """A new version when the value differs from the current one (None when it is the same)."""
    if current is not None and all(getattr(current, f) == v for f, v in fields.items()):
        return None
    return model.objects.create(
        plan_id=plan_id, **key, **fields, supersedes=current, recorded_by=actor,
        reason=(reason or _("Corrección aprobada")) if current is not None else reason,
    )  # fmt: skip


def _indicator_versions(a: Assignment, entry: Entry, actor: User, reason: str) -> list[Any]:
    """A version per territorial unit of the year's own value, and per quarter or month reported (a
    period left empty writes nothing: not reported is not zero)."""
    assert a.indicator is not None
    by_period: dict[int, tuple[dict[str, Any], dict[str, str]]] = {
        WHOLE_YEAR: (dict(entry.values), entry.codes),
        **{p: (dict(entry.periods.get(p, {})), entry.period_codes.get(p, {}))
           for p in sorted(set(entry.periods) | set(entry.period_codes))},
    }  # fmt: skip
    codes = {code for values, coded in by_period.values() for code in (*values, *coded)}
    units = {u.code: u for u in TerritorialUnit.objects.filter(plan_id=a.plan_id, code__in=codes)}
    values = IndicatorValue.objects.filter(indicator=a.indicator, year=a.period.year).current()
    currents = {(v.period, v.territorial_unit_id): v for v in values}
    written = []
    for period, (numbers, coded) in by_period.items():
        for code in sorted(set(numbers) | set(coded)):
            unit = units.get(code)
            fields = {
                "value": numbers.get(code),
                "value_code": coded.get(code, ""),
                "observation": entry.observation,
            }
            key = {
                "indicator": a.indicator,
                "year": a.period.year,
                "period": period,
                "territorial_unit": unit,
            }
            current = currents.get((period, unit.pk if unit else None))
            written.append(_write_version(IndicatorValue, current, fields, key, plan_id=a.plan_id,
                                          actor=actor, reason=reason))  # fmt: skip
    return written


def _commitment_versions(a: Assignment, entry: Entry, actor: User, reason: str) -> list[Any]:
    key = {"commitment": a.commitment, "year": a.period.year}
    current = CommitmentStatus.objects.filter(**key).current().first()
    fields = {"status": entry.status, "progress": entry.progress, "observation": entry.observation}
    return [
        _write_version(CommitmentStatus, current, fields, key, plan_id=a.plan_id, actor=actor, reason=reason)
    ]


def _project_versions(a: Assignment, entry: Entry, actor: User, reason: str) -> list[Any]:
    key = {"project": a.project, "year": a.period.year}
    current = ProjectYear.objects.filter(**key).current().first()
    # NB: a field the agency left empty keeps its current value (the budget is often set by the analyst).
    fields = {
        "budget": entry.budget if entry.budget is not None else (current.budget if current else 0),
        "executed": entry.executed if entry.executed is not None else (current.executed if current else 0),
        "physical_progress": entry.physical_progress,
    }
    return [_write_version(ProjectYear, current, fields, key, plan_id=a.plan_id, actor=actor, reason=reason)]


VERSION_WRITERS = {"indicador": _indicator_versions, "compromiso": _commitment_versions,
                   "proyecto": _project_versions}  # fmt: skip


@transaction.atomic
def approve(assignment: Assignment, *, actor: User) -> list[Approval]:
    """Turn the validated entry into reported data: new versions (never updates) with who and why."""
    a = _review(assignment, actor, (State.VALIDATED,))
    _require(
        keeps_duties_apart(a.plan, actor, [_validator_id(a)]),
        _(
            "El plan separa las funciones de revisión: aprueba una persona distinta de quien validó o "
            "corrigió el ítem."
        ),
    )
    entry = parse_entry(a, a.draft)
    _require(not entry.errors, _("La entrada tiene errores; corríjala antes de aprobar."))
    written = VERSION_WRITERS[a.kind](a, entry, actor, _last_correction(a))
    reporter, now = _submitter(a), timezone.now()
    approvals = [
        Approval.objects.create(
            plan_id=a.plan_id,
            assignment=a,
            reported_by=reporter,
            approved_by=actor,
            approved_at=now,
            **{_approval_field(row): row},
        )
        for row in written
        if row is not None
    ]
    before, a.state = a.state, State.APPROVED
    a.revision += 1
    a.save(update_fields=["state", "revision", "updated_at"])
    summary = _("%(n)d versiones nuevas") % {"n": len(approvals)}
    _event(a, Action.APPROVE, actor, before, summary)
    record("aprobar", a, actor=actor, changes={"state": [before, a.state]}, reason=summary)
    return approvals


def _approval_field(row: Any) -> str:
    return {
        IndicatorValue: "indicator_value",
        CommitmentStatus: "commitment_status",
        ProjectYear: "project_year",
    }[type(row)]


@transaction.atomic
def publish(plan: Plan, year: int, *, actor: User, note: str = "", confirm: str | None = None) -> Release:
    """Freeze a release of the year: every approved version not yet published enters it.

    ``confirm`` is the token of the preview the person saw (``releases.publication_preview``): when
    given, a preview that no longer holds (something was approved or published since) is refused. The
    publish page always gives it."""
    _require(can_review_plan(actor, plan.pk), _("Solo un analista de planeación del plan publica."))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)  # NB: one publication of a plan at a time
    pending = releases.pending(plan, year)
    _require(pending.exists(), _("No hay versiones aprobadas sin publicar en %(year)s.") % {"year": year})
    if confirm is not None and confirm != releases.publication_token(plan, year):
        raise StalePreview(
            _(
                "Lo que se iba a publicar cambió desde que lo revisó (otra aprobación o publicación). "
                "Revise de nuevo los cambios y confirme."
            )
        )
    _require(
        keeps_duties_apart(locked, actor, pending.values_list("approved_by_id", flat=True)),
        _(
            "El plan separa las funciones de revisión: publica una persona distinta de quien aprobó las "
            "versiones que se publican, y usted aprobó algunas."
        ),
    )
    number = releases.latest_number(plan, year) + 1
    release = Release.objects.create(plan=plan, year=year, number=number, published_at=timezone.now(),
                                     published_by=actor, note=note)  # fmt: skip
    count = pending.update(release=release)
    assignments = Assignment.objects.filter(plan=plan, period__year=year, state=State.APPROVED)
    for a in assignments.select_for_update():
        before, a.state = a.state, State.PUBLISHED
        a.save(update_fields=["state", "updated_at"])
        _event(a, Action.PUBLISH, actor, before, str(release))
    record("publicar", release, actor=actor, reason=note or _("%(n)d versiones") % {"n": count})
    transaction.on_commit(
        lambda: signals.release_published.send(sender=Release, release=release, actor=actor)
    )
    return release


def publish_existing(
    plan: Plan, year: int, *, actor: User | None, note: str, published_at: dt.datetime | None = None
) -> Release:
    """Publish data that entered without the review cycle (the demo, a historical import): every current
    version of the year without an approval is approved by ``actor`` and, with the year's versions approved
    and not yet published (an import's approved batch), published in a new release."""
    now = published_at or timezone.now()
    number = releases.latest_number(plan, year) + 1
    release = Release.objects.create(
        plan=plan, year=year, number=number, published_at=now, published_by=actor, note=note
    )
    releases.pending(plan, year).update(release=release)
    approvals = [
        Approval(
            plan=plan, approved_by=actor, approved_at=now, release=release, **{_approval_field(row): row}
        )
        for model in (IndicatorValue, CommitmentStatus, ProjectYear)
        for row in model.objects.filter(plan=plan, year=year, approval__isnull=True).current()
    ]
    Approval.objects.bulk_create(approvals, batch_size=2000)
    record("publicar", release, actor=actor, reason=note)
    return release
