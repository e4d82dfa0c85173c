"""The reporting cycle's pages: the agency's assignments and item form, the analyst's periods, review
queues and publication, and the Excel round-trip.

Every view parses its input, asks ``ssepot.reporting.access`` who may see what, calls one action from
``ssepot.reporting.actions`` (or ``evidence``/``workbook``) and renders; writes are POSTs that redirect.
An item a user may not see is a 404, so another agency's items are not even confirmed to exist.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ssepot.accounts.permissions import can_add_plan, can_review_plan, reported_agency_ids, reviewed_plan_ids
from ssepot.catalogue.models import Agency, Plan, TerritorialUnit
from ssepot.commitments.models import CommitmentStatus
from ssepot.core.periods import QUARTERLY, combine_year, label_period, period_label
from ssepot.core.rules import RulesError
from ssepot.indicators.models import WHOLE_YEAR, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import current_rules
from ssepot.projects.models import ProjectYear
from ssepot.reporting import access, actions, comparison, releases, workbook
from ssepot.reporting.entries import TOTAL, Problem, parse
from ssepot.reporting.evidence import MAX_SIZE, add_evidence
from ssepot.reporting.forms import (
    ENTRY_FIELDS,
    ConfirmPublishForm,
    FileForm,
    MessageForm,
    OpenPeriodForm,
    entry_from_post,
)
from ssepot.reporting.models import Assignment, Evidence, Release, ReportingPeriod
from ssepot.reporting.onboarding import configurable_plans

State = Assignment.State


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


def _reviewed_plans(user: User) -> QuerySet[Plan]:
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=reviewed_plan_ids(user))


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    """An assignment the user may see, or 404."""
    return get_object_or_404(
        access.assignments_for_user(request.user).select_related(
            "period", "agency", "indicator", "commitment", "project", "plan"
        ),
        pk=pk,
    )


def _reviewed_assignment(request: HttpRequest, pk: int) -> Assignment:
    """An assignment the user reviews, or 404 (a reporter may see his own item but not review it)."""
    a = _assignment(request, pk)
    if not access.can_review(request.user, a):
        raise Http404
    return a


def _reviewed_period(request: HttpRequest, period_id: int) -> ReportingPeriod:
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    if not can_review_plan(request.user, period.plan_id):
        raise Http404
    return period


def _period_and_agency(
    request: HttpRequest, period_id: int, agency_id: int
) -> tuple[ReportingPeriod, Agency]:
    """A period and one of its agencies, when the user reports for that agency or reviews the plan."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    agency = get_object_or_404(Agency, pk=agency_id, plan_id=period.plan_id)
    if not (agency.pk in reported_agency_ids(request.user) or can_review_plan(request.user, period.plan_id)):
        raise Http404
    return period, agency


def _refused(request: HttpRequest, refused: actions.ActionRefused) -> None:
    text = refused.message
    if refused.problems:
        text += " " + "; ".join(getattr(p, "message", str(p)) for p in refused.problems)
    messages.error(request, text)


# -- the agency -------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """'Mis asignaciones' for a reporter; the periods and review queues for an analyst."""
    user = _user(request)
    plans = list(_reviewed_plans(user))
    periods = list(ReportingPeriod.objects.filter(plan__in=plans).select_related("plan"))
    mine = (
        access.assignments_for_user(user)
        .filter(agency_id__in=reported_agency_ids(user))
        .select_related("period", "agency", "indicator", "commitment", "project")
        .order_by("-period__year", "agency__name", "kind", "id")
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for period_id, state in mine.values_list("period_id", "state"):
        counts[period_id][state] += 1
    state, kind = request.GET.get("estado", ""), request.GET.get("tipo", "")
    shown = mine
    if state in State.values:
        shown = shown.filter(state=state)
    if kind in Assignment.Kind.values:
        shown = shown.filter(kind=kind)
    groups: dict[int, dict[str, Any]] = {}
    for a in shown:
        group = groups.setdefault(a.period_id, {"period": a.period, "items": [], "agencies": {}})
        group["items"].append(a)
        group["agencies"][a.agency_id] = a.agency
    for group in groups.values():
        c = counts[group["period"].pk]
        group["counts"] = [(label, c[value]) for value, label in State.choices]
        group["total"] = sum(c.values())
        group["submitted"] = group["total"] - c[State.DRAFT] - c[State.RETURNED]
        group["agencies"] = list(group["agencies"].values())
    return render(
        request,
        "reporting/home.html",
        {
            "groups": list(groups.values()),
            "has_assignments": mine.exists(),
            "periods": periods,
            "configures": can_add_plan(user) or configurable_plans(user).exists(),
            "states": State.choices,
            "kinds": Assignment.Kind.choices,
            "state": state,
            "kind": kind,
        },
    )


def _sheet(a: Assignment) -> dict[str, Any]:
    """What the reporter needs to know about the item: its sheet and what was published before."""
    year = a.period.year
    if a.indicator is not None:
        # NB: the year's own target; an indicator that reports by period shows each period's in its field
        target = IndicatorTarget.objects.filter(indicator=a.indicator, year=year, period=WHOLE_YEAR).first()
        previous = (
            IndicatorValue.objects.filter(
                indicator=a.indicator, year__lt=year, period=WHOLE_YEAR, territorial_unit=None
            )
            .published()
            .order_by("-year")[:5]
        )
        return {"target": target, "previous": list(previous), "by_period": bool(actions.asked_periods(a))}
    if a.commitment is not None:
        statuses = CommitmentStatus.objects.filter(commitment=a.commitment, year__lt=year).published()
        return {
            "articles": list(a.commitment.articles.all()),
            "previous": list(statuses.order_by("-year")[:5]),
        }
    assert a.project is not None
    years = ProjectYear.objects.filter(project=a.project, year__lt=year).published()
    return {"previous": list(years.order_by("-year")[:5])}


def _units(a: Assignment) -> list[TerritorialUnit]:
    codes = actions.unit_codes(a)
    return list(TerritorialUnit.objects.filter(plan_id=a.plan_id, code__in=codes).order_by("code"))


def _period_name(frequency: str, period: int) -> str:
    """«T1 (enero a marzo)», «M03 (marzo)»."""
    label = period_label(frequency, period)
    if frequency == QUARTERLY:
        months = _("%(first)s a %(last)s") % {"first": MONTHS[3 * period - 2], "last": MONTHS[3 * period]}
    else:
        months = str(MONTHS[period])
    return f"{label} ({months.lower()})"


def _year_rows(a: Assignment, model: Any) -> QuerySet[Any]:
    return model.objects.filter(indicator=a.indicator, year=a.period.year)


def _combined_year(a: Assignment, data: dict[str, Any]) -> str:
    """The year of an indicator that reports by period, as its rule combines the entry's city totals
    (``ssepot.core.periods``): «2025: flujo: suma de T1 + T2 = ... (parcial: 2 de 4 trimestres)»."""
    indicator, options = a.indicator, actions.period_options(a)
    if indicator is None or not options:
        return ""
    entry = parse(a.kind, data, actions.unit_codes(a), **options)
    values = {p: v[TOTAL] for p, v in entry.periods.items() if TOTAL in v}
    targets = dict(_year_rows(a, IndicatorTarget).values_list("period", "value"))
    try:
        rule = current_rules(a.plan_id, indicator.development_plan).rule_for(indicator.accumulation)
    except RulesError:
        return ""
    decreasing = indicator.direction == indicator.Direction.DECREASING
    return combine_year(
        rule, indicator.frequency, a.period.year, values, targets, decreasing=decreasing
    ).formula


def _entry_fields(a: Assignment, data: dict[str, Any], problems: list[Problem]) -> list[dict[str, Any]]:
    """The form's fields for the item's kind, with the typed values and the problems next to each."""
    by_field: dict[str, list[str]] = defaultdict(list)
    for p in problems:
        by_field[p.field].append(p.message)

    def field(name: str, label: str, value: Any, widget: str = "text", **extra: Any) -> dict[str, Any]:
        return {
            "name": name,
            "id": "f-values-total" if name == f"values.{TOTAL}" else "f-" + name.replace(".", "-"),
            "label": label,
            "value": "" if value is None else value,
            "widget": widget,
            "problems": by_field.pop(name, []),
            **extra,
        }

    fields: list[dict[str, Any]] = []
    labels = actions.asked_periods(a)
    if a.kind == "indicador" and a.indicator is not None and labels:
        # NB: one field per quarter or month begun at the cut-off (and per unit); the year is combined
        frequency, units = a.indicator.frequency, _units(a)
        raw = data.get("periods")
        given: dict[str, Any] = raw if isinstance(raw, dict) else {}
        targets = dict(_year_rows(a, IndicatorTarget).filter(period__gt=0).values_list("period", "value"))
        total = _("total de la ciudad (%(unit)s)") % {"unit": a.indicator.unit}
        for label in labels:
            period = label_period(frequency, label)
            found = given.get(label)
            by_unit: dict[str, Any] = found if isinstance(found, dict) else {}
            name = _period_name(frequency, period)
            goal = targets.get(period)
            target = (
                _(", meta %(target)s") % {"target": number_format(goal.normalize(), use_l10n=True)}
                if goal is not None
                else ""
            )
            fields.append(field(f"periods.{label}.{TOTAL}", f"{name}: {total}{target}", by_unit.get(TOTAL),
                                id=f"f-periods-{label}-total"))  # fmt: skip
            for u in units:
                fields.append(field(f"periods.{label}.{u.code}", f"{name}: {u.code} {u.name}".strip(),
                                    by_unit.get(u.code)))  # fmt: skip
    elif a.kind == "indicador":
        values = data.get("values") or {}
        unit = a.indicator.unit if a.indicator else ""
        fields.append(
            field(f"values.{TOTAL}", _("Total de la ciudad (%(unit)s)") % {"unit": unit}, values.get(TOTAL))
        )
        for u in _units(a):
            fields.append(field(f"values.{u.code}", f"{u.code} {u.name}".strip(), values.get(u.code)))
    elif a.kind == "compromiso":
        fields.append(
            field(
                "status", _("Estado"), data.get("status"), "select", choices=CommitmentStatus.Status.choices
            )
        )
        fields.append(field("progress", _("Avance (%)"), data.get("progress")))
    else:
        fields.append(field("budget", _("Presupuesto de la vigencia (pesos)"), data.get("budget")))
        fields.append(field("executed", _("Ejecutado (pesos)"), data.get("executed")))
        fields.append(field("physical_progress", _("Avance físico (%)"), data.get("physical_progress")))
    fields.append(field("observation", _("Observación"), data.get("observation"), "textarea"))
    # problems that name no field of the form (e.g. a rule across indicators) stay visible above it
    leftovers = [m for messages_ in by_field.values() for m in messages_]
    if leftovers:
        fields[0]["general"] = leftovers
    return fields


def _item_context(request: HttpRequest, a: Assignment, *, data: dict[str, Any] | None = None,
                  problems: list[Problem] | None = None, error: str = "",
                  saved_by_other: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    user = _user(request)
    can_report = access.can_report(user, a)
    editable = (
        can_report
        and a.period.status == ReportingPeriod.Status.OPEN
        and a.state in (State.DRAFT, State.RETURNED)
    )
    shown = data if data is not None else a.draft
    return {
        "a": a,
        "item": a.item,
        "sheet": _sheet(a),
        "fields": _entry_fields(a, shown, problems or []),
        "combined": _combined_year(a, shown),
        "error": error,
        "saved_by_other": _entry_fields(a, saved_by_other, []) if saved_by_other is not None else None,
        "can_report": can_report,
        "can_review": access.can_review(user, a),
        "editable": editable,
        "events": a.events.select_related("actor").order_by("at", "id"),
        "evidence": a.evidence.select_related("uploaded_by").order_by("uploaded_at"),
        "evidence_form": FileForm(),
        "answer_form": MessageForm() if can_report and a.state == State.RETURNED else None,
        "max_mb": MAX_SIZE // (1024 * 1024),
    }


def _render_item(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # NB: htmx swaps only 2xx answers; the partial carries the message and the problems itself.
        return render(request, "reporting/_entry.html", context)
    return render(request, "reporting/assignment.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """The item page: its sheet, the form for its kind, evidence and the conversation with the analyst."""
    a = _assignment(request, pk)
    if request.method == "GET":
        return render(request, "reporting/assignment.html", _item_context(request, a))
    user = _user(request)
    data = entry_from_post(a.kind, request.POST, actions.unit_codes(a), actions.asked_periods(a))
    try:
        expected = int(request.POST.get("revision", ""))
    except ValueError:
        expected = -1
    try:
        a = actions.save_draft(a, data, actor=user, expected_revision=expected)
        if request.POST.get("action") == "submit":
            a = actions.submit(a, actor=user, expected_revision=a.revision)
            messages.success(request, _("Enviado a revisión."))
        elif request.headers.get("HX-Request"):
            context = _item_context(request, a)
            context["saved"] = True
            response = _render_item(request, context)
            response["HX-Trigger"] = "entry-saved"
            return response
        else:
            messages.success(request, _("Borrador guardado."))
    except actions.StaleRevision as stale:
        current = _assignment(request, pk)
        context = _item_context(request, current, data=data, error=stale.message,
                                saved_by_other=current.draft)  # fmt: skip
        return _render_item(request, context, status=409)
    except actions.ActionRefused as refused:
        current = _assignment(request, pk)
        context = _item_context(request, current, data=data, problems=refused.problems, error=refused.message)
        return _render_item(request, context, status=422)
    return redirect("reporting:assignment", pk=a.pk)


@login_required
@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation alone, for htmx to refresh it after an inline save."""
    a = _assignment(request, pk)
    return render(
        request,
        "reporting/_timeline.html",
        {"a": a, "events": a.events.select_related("actor").order_by("at", "id")},
    )


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Elija un archivo para adjuntar."))
    else:
        try:
            evidence = add_evidence(a, form.cleaned_data["file"], actor=_user(request))
            messages.success(request, _("Evidencia «%(name)s» adjuntada.") % {"name": evidence.original_name})
        except actions.ActionRefused as refused:
            _refused(request, refused)
    return redirect(reverse("reporting:assignment", args=[a.pk]) + "#evidencias")


@login_required
@require_GET
def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(assignment__in=access.assignments_for_user(request.user)), pk=pk
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    form = MessageForm(request.POST)
    try:
        actions.answer(a, form.data.get("message", ""), actor=_user(request))
        messages.success(request, _("Respuesta enviada al analista."))
    except actions.ActionRefused as refused:
        _refused(request, refused)
    return redirect(reverse("reporting:assignment", args=[a.pk]) + "#conversacion")


# -- the analyst ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest) -> HttpResponse:
    """The reporting periods of the plans the analyst reviews, and the form that opens one."""
    user = _user(request)
    plans = list(_reviewed_plans(user))
    if not plans:
        raise Http404
    form = OpenPeriodForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        plan = next(p for p in plans if p.pk == form.cleaned_data["plan"])
        try:
            period = actions.open_period(
                plan,
                form.cleaned_data["year"],
                form.cleaned_data["cutoff_date"],
                form.cleaned_data["deadline"],
                actor=user,
            )
            messages.success(
                request,
                _("Periodo %(year)s abierto: %(n)d ítems asignados.")
                % {"year": period.year, "n": period.assignments.count()},
            )
            return redirect("reporting:periods")
        except actions.ActionRefused as refused:
            form.add_error(None, refused.message)
    listed = ReportingPeriod.objects.filter(plan__in=plans).select_related("plan", "opened_by")
    return render(request, "reporting/periods.html", {"form": form, "periods": listed},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def close_period(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _reviewed_period(request, period_id)
    try:
        actions.close_period(period, actor=_user(request))
        messages.success(request, _("Periodo %(year)s cerrado.") % {"year": period.year})
    except actions.ActionRefused as refused:
        _refused(request, refused)
    return redirect("reporting:periods")


@login_required
@require_GET
def review_queue(request: HttpRequest, period_id: int) -> HttpResponse:
    """The period's items per agency, with counts by state."""
    period = _reviewed_period(request, period_id)
    rows: dict[int, dict[str, Any]] = {}
    items = access.assignments_for_user(request.user).filter(period=period)
    for agency_id, state in items.values_list("agency_id", "state"):
        rows.setdefault(agency_id, {"counts": Counter()})["counts"][state] += 1
    agencies = Agency.objects.in_bulk(list(rows))
    table = []
    for agency_id, row in sorted(rows.items(), key=lambda r: agencies[r[0]].name):
        c = row["counts"]
        table.append(
            {
                "agency": agencies[agency_id],
                "counts": [c[value] for value in State.values],
                "total": sum(c.values()),
                "pending": c[State.SUBMITTED],
            }
        )
    return render(
        request, "reporting/review_queue.html", {"period": period, "rows": table, "states": State.choices}
    )


def _draft_summary(a: Assignment, units: dict[str, str]) -> list[tuple[str, str]]:
    """The entry as label/value pairs for the review table."""
    d = a.draft or {}
    if a.kind == "indicador":
        values = d.get("values") or {}
        pairs = [(_("Total") if code == TOTAL else units.get(code, code), str(v))
                 for code, v in sorted(values.items()) if str(v).strip()]  # fmt: skip
        raw = d.get("periods")
        periods: dict[str, Any] = raw if isinstance(raw, dict) else {}
        pairs += [(f"{label} {_('Total') if code == TOTAL else units.get(code, code)}", str(v))
                  for label, by_unit in sorted(periods.items()) if isinstance(by_unit, dict)
                  for code, v in sorted(by_unit.items()) if str(v).strip()]  # fmt: skip
    else:
        labels = {
            "status": _("Estado"),
            "progress": _("Avance (%)"),
            "budget": _("Presupuesto"),
            "executed": _("Ejecutado"),
            "physical_progress": _("Avance físico (%)"),
        }
        status_labels = dict(CommitmentStatus.Status.choices)
        pairs = [
            (labels[name], str(status_labels.get(d.get(name, ""), d.get(name, ""))))
            for name in ENTRY_FIELDS[a.kind]
            if str(d.get(name, "")).strip()
        ]
    if d.get("observation"):
        pairs.append((_("Observación"), d["observation"]))
    return pairs


@login_required
@require_GET
def agency_review(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """One agency's items of the period, with the analyst's actions on each."""
    period = _reviewed_period(request, period_id)
    agency = get_object_or_404(Agency, pk=agency_id, plan_id=period.plan_id)
    items = list(
        access.assignments_for_user(request.user)
        .filter(period=period, agency=agency)
        .select_related("indicator", "commitment", "project")
        .order_by("kind", "id")
    )
    units = dict(TerritorialUnit.objects.filter(plan_id=period.plan_id).values_list("code", "name"))
    units = {code: f"{code} {name}".strip() for code, name in units.items()}
    for a in items:
        a.summary = _draft_summary(a, units)  # type: ignore[attr-defined]
    threshold = period.plan.review_move_threshold
    for pk, compared in comparison.compare(items, period.year, threshold, units).items():
        next(a for a in items if a.pk == pk).compared = compared  # type: ignore[attr-defined]
    validated = sum(1 for a in items if a.state == State.VALIDATED)
    return render(
        request,
        "reporting/agency_review.html",
        {
            "period": period,
            "agency": agency,
            "items": items,
            "validated": validated,
            "State": State,
            "threshold": comparison.threshold_text(threshold),
            "units": units,
        },
    )


def _back_to_queue(a: Assignment) -> HttpResponse:
    return redirect(reverse("reporting:agency_review", args=[a.period_id, a.agency_id]) + f"#item-{a.pk}")


@login_required
@require_POST
def review(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """validar / devolver / aprobar one item."""
    a = _reviewed_assignment(request, pk)
    user = _user(request)
    try:
        if verb == "validar":
            actions.validate(a, actor=user)
            messages.success(request, _("«%(item)s» validado.") % {"item": a.item})
        elif verb == "devolver":
            actions.return_to_agency(a, request.POST.get("message", ""), actor=user)
            messages.success(request, _("«%(item)s» devuelto a la dependencia.") % {"item": a.item})
        elif verb == "aprobar":
            approvals = actions.approve(a, actor=user)
            messages.success(
                request,
                _("«%(item)s» aprobado: %(n)d versiones nuevas.") % {"item": a.item, "n": len(approvals)},
            )
        else:
            raise Http404
    except actions.ActionRefused as refused:
        _refused(request, refused)
    return _back_to_queue(a)


@login_required
@require_POST
def approve_all(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    period = _reviewed_period(request, period_id)
    agency = get_object_or_404(Agency, pk=agency_id, plan_id=period.plan_id)
    validated = access.assignments_for_user(request.user).filter(
        period=period, agency=agency, state=State.VALIDATED
    )
    approved = 0
    for a in validated:
        try:
            actions.approve(a, actor=_user(request))
            approved += 1
        except actions.ActionRefused as refused:
            _refused(request, refused)
    messages.success(request, _("%(n)d ítems aprobados.") % {"n": approved})
    return redirect("reporting:agency_review", period_id=period.pk, agency_id=agency.pk)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The analyst corrects an entry, with a reason."""
    a = _reviewed_assignment(request, pk)
    if request.method == "GET":
        context = _item_context(request, a)
        return render(request, "reporting/correct.html", {**context, "reason": ""})
    data = entry_from_post(a.kind, request.POST, actions.unit_codes(a), actions.asked_periods(a))
    reason = request.POST.get("reason", "")
    try:
        expected = int(request.POST.get("revision", ""))
    except ValueError:
        expected = -1
    try:
        actions.correct(a, data, reason, actor=_user(request), expected_revision=expected)
    except actions.ActionRefused as refused:
        current = _reviewed_assignment(request, pk)
        saved = current.draft if isinstance(refused, actions.StaleRevision) else None
        context = _item_context(request, current, data=data, problems=refused.problems, error=refused.message,
                                saved_by_other=saved)  # fmt: skip
        return render(request, "reporting/correct.html", {**context, "reason": reason}, status=422)
    messages.success(request, _("Corrección guardada; el ítem queda validado."))
    return _back_to_queue(a)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, period_id: int) -> HttpResponse:
    """Publish the year's approved versions after seeing what will change (the diff against the year's
    current release) and confirming it; list the releases and the differences between two."""
    period = _reviewed_period(request, period_id)
    form = ConfirmPublishForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                release = actions.publish(period.plan, period.year, actor=_user(request),
                                          note=form.cleaned_data["note"],
                                          confirm=form.cleaned_data["confirmacion"])  # fmt: skip
                messages.success(request, _("Publicación %(release)s hecha.") % {"release": release})
                return redirect("reporting:publish", period_id=period.pk)
            except actions.StalePreview as stale:
                form.add_error(None, stale.message)
                status = 409
            except actions.ActionRefused as refused:
                form.add_error(None, refused.message)
        status = status if status != 200 else 400
    # NB: the page (refused or not) asks to confirm what holds now, not what was posted
    preview = releases.publication_preview(period.plan, period.year)
    found = list(
        Release.objects.filter(plan=period.plan, year=period.year)
        .select_related("published_by")
        .order_by("number")
    )
    approved = Assignment.objects.filter(period=period, state=State.APPROVED).count()
    differences, old, new = None, None, None
    try:
        old, new = int(request.GET["de"]), int(request.GET["a"])
    except (KeyError, ValueError):
        if len(found) >= 2:
            old, new = found[-2].number, found[-1].number
    if old is not None and new is not None:
        differences = _difference_rows(releases.release_differences(period.plan, period.year, old, new))
    return render(
        request,
        "reporting/publish.html",
        {
            "period": period,
            "form": form,
            "releases": found,
            "approved": approved,
            "preview": _difference_rows(preview.differences),
            "token": preview.token,
            "current": preview.current,
            "next": preview.current + 1,
            "differences": differences,
            "old": old,
            "new": new,
        },
        status=status,
    )


def _difference_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A diff's rows as the page shows them: what, before, after and the kind of change in words."""
    kinds = {
        releases.NEW: _("Nuevo"),
        releases.CHANGED: _("Cambiado"),
        releases.WITHDRAWN: _("Retirado"),
    }
    return [
        {
            **row,
            "what": _record_key(row["record"] or row["previous"]),
            "before": _shown(row["previous"]) if row["previous"] is not None else "—",
            "after": _shown(row["record"]) if row["record"] is not None else "—",
            "kind_label": kinds[row["kind"]],
        }
        for row in rows
    ]


def _record_key(row: Any) -> str:
    """What a version is about: the indicator and its territorial unit, the commitment or the project."""
    if isinstance(row, IndicatorValue):
        unit = row.territorial_unit.code if row.territorial_unit else _("total")
        when = f" {period_label(row.indicator.frequency, row.period)}" if row.period else ""
        return f"{row.indicator.code}{when} ({unit})"
    if isinstance(row, CommitmentStatus):
        return row.commitment.code
    return str(row.project.code)


def _shown(row: Any) -> str:
    """A version's figures in Colombian notation."""
    if isinstance(row, IndicatorValue):
        return row.value_code if row.value is None else number_format(row.value.normalize(), use_l10n=True)
    if isinstance(row, CommitmentStatus):
        progress = "" if row.progress is None else f" {number_format(row.progress.normalize())} %"
        return f"{row.get_status_display()}{progress}"
    progress = (
        "" if row.physical_progress is None else f", {number_format(row.physical_progress.normalize())} %"
    )
    budget, executed = (number_format(n, force_grouping=True) for n in (row.budget, row.executed))
    return f"$ {budget} / $ {executed}{progress}"


# -- the Excel round-trip -----------------------------------------------------------------------------------


@login_required
@require_GET
def download_workbook(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    period, agency = _period_and_agency(request, period_id, agency_id)
    response = HttpResponse(workbook.build_workbook(period, agency), content_type=workbook_content_type())
    name = f"reporte-{period.year}-{agency.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def workbook_content_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def upload_workbook(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """Check the whole workbook and list every problem; save the drafts only when there is none."""
    period, agency = _period_and_agency(request, period_id, agency_id)
    form = FileForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name or ""
        try:
            # NB: the size is checked before reading, so a 200 MB file never reaches memory
            too_big = workbook.check_size(upload.size or 0)
            if too_big is not None:
                problems = [too_big]
            else:
                result = workbook.read_workbook(upload.read(), period=period, agency=agency, filename=name)
                problems = list(result.problems)
                if not problems:
                    saved = workbook.apply_workbook(result, actor=_user(request))
                    messages.success(
                        request,
                        ngettext(
                            "Libro cargado: %(n)d borrador guardado.",
                            "Libro cargado: %(n)d borradores guardados.",
                            saved,
                        )
                        % {"n": saved},
                    )
                    return redirect("reporting:home")
        except actions.ActionRefused as refused:
            form.add_error(None, refused.message)
            problems = list(refused.problems)
    if form.errors or problems:
        status = 422
    return render(
        request,
        "reporting/upload_workbook.html",
        {"period": period, "agency": agency, "form": form, "problems": problems},
        status=status,
    )
