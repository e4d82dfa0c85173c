"""Who is told what by e-mail during the reporting cycle, and the messages (Spanish, text and HTML).

Each public function reads the database afresh, sends through Django's mail backend and returns how many
messages it sent; ``ssepot.reporting.tasks`` runs them in the background. Recipients are the users of the
plan's memberships who have an e-mail address: an agency's reporters, or the plan's analysts and
administrators. Each person gets a message of his own, so nobody sees another's address.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssepot.accounts.models import Membership, Role
from ssepot.reporting.models import Assignment, AssignmentEvent, ReportingPeriod, SentNotice

State = Assignment.State
PENDING = (State.DRAFT, State.RETURNED)  # what the agency still owes


@dataclass
class Mail:
    to: User
    subject: str
    template: str  # "email/<name>" without extension: a .txt and a .html of that name
    context: dict[str, Any] = field(default_factory=dict)
    once: tuple[int, dt.date, str] | None = None
    """(plan id, day, what): a message sent at most once a day per person; see ``claim``."""


@dataclass
class Item:
    """An assignment as a message lists it: what, and where to open it."""

    assignment: Assignment
    url: str

    def __str__(self) -> str:
        return str(self.assignment.item)


def items(assignments: Iterable[Assignment]) -> list[Item]:
    return [Item(a, assignment_url(a)) for a in assignments]


def site_url() -> str:
    """Where the site is served, for links in messages (``SSEPOT_SITE_URL`` in the settings)."""
    return str(settings.SSEPOT_SITE_URL).rstrip("/")


def absolute(name: str, *args: Any, fallback: str = "/reporte/") -> str:
    """The full address of a named page; ``fallback`` while the page does not exist yet."""
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        path = fallback
    return site_url() + path


def assignment_url(assignment: Assignment) -> str:
    return absolute("reporting:assignment", assignment.pk)


def _with_email(users: QuerySet[Membership]) -> QuerySet[Membership]:
    return users.filter(user__is_active=True).exclude(user__email="").select_related("user")


def reporters(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each agency's reporters who have an e-mail address."""
    found: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(role=Role.REPORTER, agency_id__in=list(agency_ids))
    for m in _with_email(memberships).order_by("user__username"):
        assert m.agency_id is not None  # reporters always have an agency
        if m.user not in found[m.agency_id]:
            found[m.agency_id].append(m.user)
    return found


def reviewers(plan_id: int) -> list[User]:
    """The plan's analysts and administrators who have an e-mail address."""
    memberships = Membership.objects.filter(plan_id=plan_id, role__in=(Role.ADMINISTRATOR, Role.ANALYST))
    users: dict[int, User] = {}
    for m in _with_email(memberships).order_by("user__username"):
        users.setdefault(m.user.pk, m.user)
    return list(users.values())


P = ParamSpec("P")
R = TypeVar("R")


def in_spanish(func: Callable[P, R]) -> Callable[P, R]:
    """Build the whole message in Spanish (subjects included), whatever language the request had chosen:
    with the immediate task backend the task runs inside the analyst's request."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


def claim(mails: list[Mail]) -> tuple[list[Mail], list[SentNotice]]:
    """The messages not yet sent today, each recorded as sent (the unique key settles a race between two
    workers: only one creates the record)."""
    kept, claimed = [], []
    for mail in mails:
        if mail.once is None:
            kept.append(mail)
            continue
        plan_id, day, key = mail.once
        with transaction.atomic():
            notice, created = SentNotice.objects.get_or_create(
                plan_id=plan_id, day=day, user=mail.to, key=key
            )
        if created:
            kept.append(mail)
            claimed.append(notice)
    return kept, claimed


def send(mails: list[Mail]) -> int:
    """Render and send each message in Spanish through one connection; returns how many were sent.

    A message sent once a day (``Mail.once``) that was already sent today is skipped; if sending fails,
    the day's records are removed so that the next attempt sends it."""
    mails, claimed = claim(mails)
    if not mails:
        return 0
    try:
        return _deliver(mails)
    except Exception:
        SentNotice.objects.filter(pk__in=[n.pk for n in claimed]).delete()
        raise


def _deliver(mails: list[Mail]) -> int:
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for mail in mails:
            context = {"user": mail.to, "site_url": site_url(), **mail.context}
            message = EmailMultiAlternatives(
                subject=f"[SSEPOT] {mail.subject}",
                body=render_to_string(f"{mail.template}.txt", context),
                to=[mail.to.email],
            )
            message.attach_alternative(render_to_string(f"{mail.template}.html", context), "text/html")
            messages.append(message)
    return get_connection().send_messages(messages) or 0


def _assignments(**filters: Any) -> QuerySet[Assignment]:
    return Assignment.objects.filter(**filters).select_related(
        "agency", "period", "indicator", "commitment", "project"
    )


def _by_agency(assignments: Iterable[Assignment]) -> dict[int, list[Assignment]]:
    grouped: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        grouped[a.agency_id].append(a)
    return grouped


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


# -- the messages ------------------------------------------------------------------------------------------


@in_spanish
def period_opened(period_id: int) -> int:
    """Tell every agency with assignments in the period what to report, by when, and where."""
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    grouped = _by_agency(_assignments(period=period))
    people = reporters(grouped)
    mails = [
        Mail(
            to=user,
            subject=_("Se abrió el reporte %(year)s: reporte antes del %(deadline)s")
            % {"year": period.year, "deadline": period.deadline.strftime("%d/%m/%Y")},
            template="email/period_opened",
            context={
                "period": period,
                "agency": todo[0].agency,
                "items": items(todo),
                "name": _name(user),
                "link": absolute("reporting:home"),
            },
        )
        for agency_id, todo in grouped.items()
        for user in people.get(agency_id, [])
    ]
    return send(mails)


@in_spanish
def assignment_returned(assignment_id: int, message: str) -> int:
    """Tell the agency's reporters that the analyst returned an item, with the observation."""
    a = _assignments(pk=assignment_id).get()
    mails = [
        Mail(
            to=user,
            subject=_("Ítem devuelto con observaciones: %(item)s") % {"item": a.item},
            template="email/assignment_returned",
            context={"assignment": a, "observation": message, "name": _name(user), "link": assignment_url(a)},
        )
        for user in reporters([a.agency_id]).get(a.agency_id, [])
    ]
    return send(mails)


@in_spanish
def deadline_reminders(today: dt.date, days_before: int) -> int:
    """Remind each agency of the items it has not submitted, ``days_before`` days before the deadline of an
    open period and on the deadline itself."""
    deadlines = {today, today + dt.timedelta(days=days_before)}
    pending = _assignments(
        period__status=ReportingPeriod.Status.OPEN, period__deadline__in=deadlines, state__in=PENDING
    )
    grouped: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for a in pending:
        grouped[(a.period_id, a.agency_id)].append(a)
    people = reporters({agency_id for _period, agency_id in grouped})
    mails = []
    for (_period, agency_id), todo in grouped.items():
        period = todo[0].period
        days_left = (period.deadline - today).days
        unsent = ngettext("%(n)d ítem sin enviar", "%(n)d ítems sin enviar", len(todo)) % {"n": len(todo)}
        subject = (
            _("Hoy vence el reporte %(year)s: %(unsent)s")
            if days_left == 0
            else _("Faltan %(days)d días para el reporte %(year)s: %(unsent)s")
        ) % {"year": period.year, "unsent": unsent, "days": days_left}
        mails += [
            Mail(
                to=user,
                subject=subject,
                template="email/deadline_reminder",
                context={
                    "period": period,
                    "agency": todo[0].agency,
                    "items": items(todo),
                    "days_left": days_left,
                    "name": _name(user),
                    "link": absolute("reporting:home"),
                },
                once=(period.plan_id, today, f"recordatorio:{period.pk}:{agency_id}"),
            )
            for user in people.get(agency_id, [])
        ]
    return send(mails)


def digest_rows(plan_id: int) -> list[dict[str, Any]]:
    """Per agency of the plan: items submitted and waiting for review, and returned items whose observation
    the agency has answered since it was returned (the analyst may want to read the answer)."""
    last = AssignmentEvent.objects.filter(assignment=OuterRef("pk")).order_by().values("assignment")
    last_return = last.filter(action=AssignmentEvent.Action.RETURN).annotate(at=Max("at")).values("at")
    last_answer = last.filter(action=AssignmentEvent.Action.ANSWER).annotate(at=Max("at")).values("at")
    found = (
        _assignments(plan_id=plan_id)
        .filter(Q(state=State.SUBMITTED) | Q(state=State.RETURNED))
        .annotate(returned_at=Subquery(last_return), answered_at=Subquery(last_answer))
        .order_by("agency__name", "period__year", "kind", "id")
    )
    rows: dict[int, dict[str, Any]] = {}
    for a in found:
        row = rows.setdefault(a.agency_id, {"agency": a.agency, "waiting": [], "answered": []})
        if a.state == State.SUBMITTED:
            row["waiting"].append(Item(a, assignment_url(a)))
        elif a.answered_at is not None and (a.returned_at is None or a.answered_at >= a.returned_at):
            row["answered"].append(Item(a, assignment_url(a)))
    return [r for r in rows.values() if r["waiting"] or r["answered"]]


@in_spanish
def daily_digest(today: dt.date) -> int:
    """Tell each plan's analysts what waits for them, per agency; no message when nothing waits."""
    mails = []
    plan_ids = Membership.objects.filter(role__in=(Role.ADMINISTRATOR, Role.ANALYST)).values_list(
        "plan_id", flat=True
    )
    for plan_id in sorted(set(plan_ids)):
        rows = digest_rows(plan_id)
        if not rows:
            continue
        waiting = sum(len(r["waiting"]) for r in rows)
        answered = sum(len(r["answered"]) for r in rows)
        subject = _("Resumen del %(date)s: %(waiting)d por revisar, %(answered)d respuestas") % {
            "date": today.strftime("%d/%m/%Y"), "waiting": waiting, "answered": answered}  # fmt: skip
        mails += [
            Mail(
                to=user,
                subject=subject,
                template="email/daily_digest",
                context={
                    "rows": rows,
                    "today": today,
                    "waiting": waiting,
                    "answered": answered,
                    "name": _name(user),
                    "link": absolute("reporting:home"),
                },
                once=(plan_id, today, "resumen"),
            )
            for user in reviewers(plan_id)
        ]
    return send(mails)
