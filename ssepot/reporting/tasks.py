"""Background tasks of the reporting cycle (e-mail notifications), and the signal receivers that enqueue
them. Nothing is sent inside a request: a receiver runs after the action's commit and only enqueues; the
worker (``ssepot db_worker``, or the demo's thread) sends. See docs/decisions/0004-task-queue.md.

Task arguments are primary keys and ISO dates, so they survive the trip through the database as JSON.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from ssepot.reporting import notifications, signals
from ssepot.reporting.models import Assignment, ReportingPeriod

logger = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = 3


@task()
def notify_period_opened(period_id: int) -> int:
    return notifications.period_opened(period_id)


@task()
def notify_assignment_returned(assignment_id: int, message: str) -> int:
    return notifications.assignment_returned(assignment_id, message)


@task()
def send_deadline_reminders(today: str, days_before: int = DEFAULT_DAYS_BEFORE) -> int:
    return notifications.deadline_reminders(dt.date.fromisoformat(today), days_before)


@task()
def send_daily_digest(today: str) -> int:
    return notifications.daily_digest(dt.date.fromisoformat(today))


# -- receivers (connected in ReportingConfig.ready) --------------------------------------------------------


def _enqueue(what: str, run: Any) -> None:
    # NB: the action has committed already; a queue that fails must not turn it into an error page.
    try:
        run()
    except Exception:
        logger.exception("could not enqueue the notification: %s", what)


def on_period_opened(sender: Any, period: ReportingPeriod, **kwargs: Any) -> None:
    _enqueue(f"period {period.pk} opened", lambda: notify_period_opened.enqueue(period.pk))


def on_assignment_returned(sender: Any, assignment: Assignment, message: str = "", **kwargs: Any) -> None:
    _enqueue(
        f"assignment {assignment.pk} returned",
        lambda: notify_assignment_returned.enqueue(assignment.pk, message.strip()),
    )


def connect() -> None:
    signals.period_opened.connect(on_period_opened, dispatch_uid="ssepot.notify_period_opened")
    signals.assignment_returned.connect(on_assignment_returned, dispatch_uid="ssepot.notify_returned")


def run(the_task: Any, *args: Any, now: bool = False) -> str:
    """For the cron commands: enqueue the task (the worker sends), or with ``now`` send in this process.
    Returns a line for the operator."""
    if now:
        sent = the_task.call(*args)
        return _("%(n)d mensajes enviados.") % {"n": sent}
    result = the_task.enqueue(*args)
    return _("Tarea encolada (%(id)s); el trabajador de tareas la enviará.") % {"id": result.id}
