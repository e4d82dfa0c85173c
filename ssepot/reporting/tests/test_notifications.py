"""E-mail notifications of the reporting cycle: who gets which message, in Spanish, with the link.

Tasks run at once here (django-tasks' ImmediateBackend, set through the ``settings`` fixture), and mail lands
in Django's locmem outbox. One test keeps the real database queue, to show nothing leaves in the request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db
SITE = "https://ssepot.example.gov.co"


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SSEPOT_SITE_URL = SITE


@pytest.fixture
def emails(alice: Any, bob: Any, charlie: Any, dana: Any) -> None:
    for user in (alice, bob, charlie, dana):
        user.email = f"{user.username}@medellin.gov.co"
        user.save()


def opened(plan: Any, alice: Any, capture: Any, deadline: dt.date = dt.date(2026, 2, 15)) -> Any:
    with capture(execute=True):
        return actions.open_period(plan, 2025, dt.date(2025, 12, 31), deadline, actor=alice)


def to(message: Any) -> str:
    [address] = message.to
    return str(address)


def html(message: Any) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return str(content)


def submitted(period: Any, user: Any, **item: Any) -> Assignment:
    a = Assignment.objects.get(period=period, **item)
    data = {"values": {"": "7"}} if a.kind == "indicador" else {"status": "en_proceso", "progress": "40"}
    a = actions.save_draft(a, data, actor=user, expected_revision=a.revision)
    return actions.submit(a, actor=user, expected_revision=a.revision)


def test_opening_a_period_tells_each_agency_its_own_items_and_deadline_in_spanish(
    plan: Any, catalogue: Any, alice: Any, emails: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with translation.override("en"):  # the analyst browses in English; agencies still read Spanish
        opened(plan, alice, django_capture_on_commit_callbacks)
    by_address = {to(m): m for m in mail.outbox}
    assert sorted(by_address) == ["bob@medellin.gov.co", "charlie@medellin.gov.co"]
    bob, charlie = by_address["bob@medellin.gov.co"], by_address["charlie@medellin.gov.co"]
    assert "Se abrió el reporte 2025" in bob.subject and "15/02/2026" in bob.subject
    assert "vigencia 2025" in bob.body and "15 de febrero de 2026" in bob.body
    assert "Secretaría de Movilidad" in bob.body
    for code in ("POT-MOV-01", "C-001", "P-001"):
        assert code in bob.body and code not in charlie.body
    assert "POT-EQU-01" in charlie.body and "POT-EQU-01" not in bob.body
    assert f"{SITE}/reporte/" in bob.body and f'href="{SITE}/reporte/' in html(bob)


def test_nobody_without_an_email_or_outside_the_agencies_gets_the_opening_message(
    plan: Any, catalogue: Any, alice: Any, bob: Any, charlie: Any, dana: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    for user in (alice, dana, charlie):
        user.email = f"{user.username}@medellin.gov.co"
        user.save()
    opened(plan, alice, django_capture_on_commit_callbacks)
    assert [to(m) for m in mail.outbox] == ["charlie@medellin.gov.co"]


def test_nothing_is_sent_inside_the_action_only_queued_after_the_commit(
    plan: Any, catalogue: Any, alice: Any, emails: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # NB: other modules' demo builds may have left queued rows behind; look only at what this test adds.
    earlier = set(DBTaskResult.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 15), actor=alice)
    assert len(callbacks) == 1 and DBTaskResult.objects.exclude(pk__in=earlier).count() == 0
    callbacks[0]()
    [queued] = DBTaskResult.objects.exclude(pk__in=earlier)
    assert queued.task_path == "ssepot.reporting.tasks.notify_period_opened" and mail.outbox == []
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="prueba",
        excluded_queue_names=[],
    )
    worker.run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and len(mail.outbox) == 2


def test_a_returned_item_reaches_only_its_agency_with_the_analysts_observation(
    period: Any, catalogue: Any, alice: Any, bob: Any, emails: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a = submitted(period, bob, indicator=catalogue["indicator"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_to_agency(a, "La cifra de la comuna 01 no cuadra con el total.", actor=alice)
    [message] = mail.outbox
    assert to(message) == "bob@medellin.gov.co"
    assert "devuelto con observaciones" in message.subject and "POT-MOV-01" in message.subject
    assert "La cifra de la comuna 01 no cuadra con el total." in message.body
    assert "Observación del analista" in message.body and "reporte 2025" in message.body
    assert f"{SITE}/reporte/" in message.body
    assert "no cuadra" in html(message)


def test_deadline_reminders_go_to_agencies_with_unsubmitted_items_before_and_on_the_deadline(
    period: Any, catalogue: Any, bob: Any, emails: Any
) -> None:
    # SM submits one of its three items; EDU submits its only one and must not be reminded.
    submitted(period, bob, commitment=catalogue["commitment"])

    edu = Assignment.objects.get(period=period, indicator=catalogue["edu_indicator"])
    Assignment.objects.filter(pk=edu.pk).update(state="enviado")
    mail.outbox.clear()

    call_command("notify_deadlines", "--date", "2026-02-10", "--days", "3")
    assert mail.outbox == []  # five days before: not a reminder day
    call_command("notify_deadlines", "--date", "2026-02-12", "--days", "3")
    [early] = mail.outbox
    assert to(early) == "bob@medellin.gov.co" and "Faltan 3 días" in early.subject
    assert "2 ítems sin enviar" in early.subject
    assert "POT-MOV-01" in early.body and "P-001" in early.body and "C-001" not in early.body
    assert f"{SITE}/reporte/" in early.body
    mail.outbox.clear()
    call_command("notify_deadlines", "--date", "2026-02-15", "--days", "3")
    [last] = mail.outbox
    assert to(last) == "bob@medellin.gov.co" and "Hoy vence el reporte 2025" in last.subject


def test_no_reminder_once_the_period_is_closed(period: Any, alice: Any, emails: Any) -> None:
    actions.close_period(period, actor=alice)
    call_command("notify_deadlines", "--date", "2026-02-15")
    assert mail.outbox == []


def test_the_daily_digest_tells_analysts_what_waits_per_agency(
    period: Any, catalogue: Any, alice: Any, bob: Any, charlie: Any, emails: Any
) -> None:
    submitted(period, bob, indicator=catalogue["indicator"])
    returned = submitted(period, charlie, indicator=catalogue["edu_indicator"])
    returned = actions.return_to_agency(returned, "Falta la evidencia.", actor=alice)
    actions.answer(returned, "La adjuntamos en el informe trimestral.", actor=charlie)
    mail.outbox.clear()

    call_command("send_digest", "--date", "2026-02-16")
    [digest] = mail.outbox
    assert to(digest) == "alice@medellin.gov.co"
    assert "1 por revisar, 1 respuestas" in digest.subject
    sm, edu = digest.body.index("Secretaría de Movilidad"), digest.body.index("Empresa de Desarrollo Urbano")
    assert "1 ítem enviado por revisar" in digest.body[sm:] and "POT-MOV-01" in digest.body[sm:]
    assert "1 ítem devuelto con respuesta" in digest.body[edu:sm] and "POT-EQU-01" in digest.body[edu:sm]
    assert "2025 POT-MOV-01" in digest.body
    assert f"{SITE}/reporte/" in digest.body


def test_the_digest_is_not_sent_when_nothing_waits(period: Any, emails: Any) -> None:
    call_command("send_digest", "--date", "2026-02-16")
    assert mail.outbox == []


def test_a_returned_item_answered_and_returned_again_is_not_reported_as_answered(
    period: Any, catalogue: Any, alice: Any, charlie: Any, emails: Any
) -> None:
    a = submitted(period, charlie, indicator=catalogue["edu_indicator"])
    a = actions.return_to_agency(a, "Falta la evidencia.", actor=alice)
    actions.answer(a, "Ya la cargamos.", actor=charlie)
    a = actions.submit(a, actor=charlie, expected_revision=a.revision)
    actions.return_to_agency(a, "Sigue faltando.", actor=alice)
    call_command("send_digest", "--date", "2026-02-16")
    assert mail.outbox == []


def test_a_reminder_or_digest_asked_twice_the_same_day_is_sent_once(
    period: Any, catalogue: Any, alice: Any, bob: Any, emails: Any
) -> None:
    submitted(period, bob, indicator=catalogue["indicator"])
    mail.outbox.clear()
    call_command("notify_deadlines", "--date", "2026-02-15")
    call_command("send_digest", "--date", "2026-02-16")
    first = sorted((to(m), m.subject) for m in mail.outbox)
    assert ("bob@medellin.gov.co", "[SSEPOT] Hoy vence el reporte 2025: 2 ítems sin enviar") in first
    assert any("Resumen del 16/02/2026" in subject for _to, subject in first)
    call_command("notify_deadlines", "--date", "2026-02-15")
    call_command("send_digest", "--date", "2026-02-16")
    assert sorted((to(m), m.subject) for m in mail.outbox) == first
    # the next day is another day
    call_command("send_digest", "--date", "2026-02-17")
    assert len([m for m in mail.outbox if "Resumen del 17/02/2026" in m.subject]) == 1


def test_a_failed_send_leaves_the_message_to_be_sent_again(
    period: Any, catalogue: Any, bob: Any, emails: Any, monkeypatch: Any
) -> None:
    from ssepot.reporting import notifications
    from ssepot.reporting.models import SentNotice

    submitted(period, bob, indicator=catalogue["indicator"])
    mail.outbox.clear()

    def broken(mails: Any) -> int:
        raise ConnectionError("el servidor de correo no responde")

    monkeypatch.setattr(notifications, "_deliver", broken)
    with pytest.raises(ConnectionError):
        notifications.daily_digest(dt.date(2026, 2, 16))
    assert not SentNotice.objects.exists()
    monkeypatch.undo()
    assert notifications.daily_digest(dt.date(2026, 2, 16)) == 1
