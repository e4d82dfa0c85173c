"""Agencies report through the API with a token: the same actions, checks and audit as the web forms,
and every refused request writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ssepot.api.models import ApiToken
from ssepot.audit.models import AuditEntry
from ssepot.reporting.models import Assignment, AssignmentEvent

pytestmark = pytest.mark.django_db


def item(period: Any, kind: str, agency: str = "SM") -> Assignment:
    return Assignment.objects.get(period=period, kind=kind, agency__code=agency)


def put(client: Client, a: Assignment, body: Any, auth: dict[str, Any]) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.put(
        f"/api/v1/asignaciones/{a.pk}/borrador", data=data, content_type="application/json", **auth
    )


def untouched(a: Assignment) -> bool:
    fresh = Assignment.objects.get(pk=a.pk)
    return (
        fresh.revision == a.revision
        and fresh.draft == a.draft
        and not AssignmentEvent.objects.filter(assignment=a).exists()
        and not AuditEntry.objects.filter(object_id=str(a.pk), action="guardar borrador").exists()
    )


def test_a_reporter_lists_only_his_agencys_assignments(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    response = client.get("/api/v1/asignaciones", **token_for(bob))
    assert response.status_code == 200
    agencies = {row["dependencia"] for row in response.json()}
    assert agencies == {"Secretaría de Movilidad"}
    assert {row["tipo"] for row in response.json()} == {"indicador", "compromiso", "proyecto"}


def test_a_draft_and_a_submission_go_through_the_reporting_actions(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    a = item(period, "indicador")
    auth = token_for(bob)
    body = {
        "revision": a.revision,
        "valores": {"total": "12,5", "01": 5, "02": "S/D"},
        "observacion": "Medido",
    }
    response = put(client, a, body, auth)
    assert response.status_code == 200, response.content
    saved = Assignment.objects.get(pk=a.pk)
    assert saved.draft == {"values": {"": "12,5", "01": "5", "02": "S/D"}, "observation": "Medido"}
    assert response.json()["revision"] == saved.revision == a.revision + 1
    assert AuditEntry.objects.filter(action="guardar borrador", actor=bob).count() == 1

    sent = client.post(
        f"/api/v1/asignaciones/{a.pk}/envio",
        data=json.dumps({"revision": saved.revision}),
        content_type="application/json",
        **auth,
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["estado"] == Assignment.State.SUBMITTED
    assert AssignmentEvent.objects.filter(assignment=a, action="enviar", actor=bob).exists()


def test_a_commitment_status_is_checked_like_in_the_web_form(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    a = item(period, "compromiso")
    response = put(client, a, {"revision": a.revision, "estado": "cumplido", "avance": 40}, token_for(bob))
    assert response.status_code == 422
    assert response.json()["problemas"] == [
        {"campo": "avance", "mensaje": "un compromiso cumplido tiene avance de 100"}
    ]
    assert untouched(a)


def test_a_value_that_is_not_a_number_or_a_code_is_refused_and_nothing_is_written(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    a = item(period, "indicador")
    response = put(client, a, {"revision": a.revision, "valores": {"total": "doce"}}, token_for(bob))
    assert response.status_code == 422
    assert response.json()["problemas"][0]["campo"] == "valores.total"
    assert "doce" in response.json()["problemas"][0]["mensaje"]
    assert untouched(a)


@pytest.mark.parametrize(
    ("body", "status", "place"),
    [
        ('{"revision": 0, "valores": ', 400, None),
        ("[1, 2]", 400, None),
        ({"revision": "cero"}, 422, "revision"),
        ({"revision": 0, "valores": {"total": 1}, "color": "rojo"}, 422, "color"),
        ({"revision": 0, "estado": "cumplido"}, 422, "estado"),
        ({"valores": {"total": 1}}, 422, "revision"),
        ({"revision": 0, "valores": {"total": "1"}, "observacion": "x" * 70_000}, 413, None),
        ({"revision": 0, "valores": {"total": "1"}, "observacion": "a\x00b"}, 400, None),
    ],
    ids=[
        "malformed-json",
        "not-an-object",
        "wrong-type",
        "unknown-field",
        "field-of-another-kind",
        "missing-revision",
        "oversized",
        "nul-character",
    ],
)
def test_bad_input_gets_a_clear_4xx_and_writes_nothing(
    client: Client, period: Any, bob: Any, token_for: Any, body: Any, status: int, place: str | None
) -> None:
    a = item(period, "indicador")
    response = put(client, a, body, token_for(bob))
    assert response.status_code == status, response.content
    answer = response.json()
    assert answer["detalle"]
    if place:
        assert place in [p["campo"] for p in answer["problemas"]]
    assert untouched(a)


def test_another_agencys_item_is_not_found(client: Client, period: Any, charlie: Any, token_for: Any) -> None:
    a = item(period, "indicador")
    response = put(client, a, {"revision": a.revision, "valores": {"total": 1}}, token_for(charlie))
    assert response.status_code == 404
    assert "no es de su dependencia" in response.json()["detalle"]
    assert untouched(a)


def test_an_analyst_sees_the_item_but_cannot_report_it(
    client: Client, period: Any, alice: Any, token_for: Any
) -> None:
    a = item(period, "indicador")
    response = put(client, a, {"revision": a.revision, "valores": {"total": 1}}, token_for(alice))
    assert response.status_code == 403
    assert untouched(a)


def test_a_stale_revision_is_a_conflict(client: Client, period: Any, bob: Any, token_for: Any) -> None:
    a = item(period, "proyecto")
    auth = token_for(bob)
    assert put(client, a, {"revision": a.revision, "presupuesto": 1000}, auth).status_code == 200
    response = put(client, a, {"revision": a.revision, "presupuesto": 2000}, auth)
    assert response.status_code == 409
    assert Assignment.objects.get(pk=a.pk).draft["budget"] == "1000"


def test_expired_revoked_and_unknown_tokens_are_refused_with_the_reason(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    a = item(period, "indicador")
    body = {"revision": a.revision, "valores": {"total": 1}}
    expired = token_for(bob)
    ApiToken.objects.filter(owner=bob).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = put(client, a, body, expired)
    assert (response.status_code, "venció" in response.json()["detalle"]) == (401, True)

    revoked = token_for(bob)
    ApiToken.objects.filter(owner=bob, revoked_at__isnull=True).exclude(
        expires_at__lt=timezone.now()
    ).get().revoke()
    response = put(client, a, body, revoked)
    assert (response.status_code, "revocado" in response.json()["detalle"]) == (401, True)

    response = put(client, a, body, {"HTTP_AUTHORIZATION": "Bearer ssepot_inventado"})
    assert response.status_code == 401
    assert put(client, a, body, {}).status_code == 401
    assert untouched(a)


def test_only_a_digest_of_the_secret_is_stored_and_use_is_recorded(
    client: Client, period: Any, bob: Any
) -> None:
    token, secret = ApiToken.issue(bob, "integración")
    assert secret not in {token.digest, token.hint} and token.hint and secret.startswith(token.hint)
    client.get("/api/v1/asignaciones", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_refusals_about_the_items_state_are_conflicts(
    client: Client, period: Any, bob: Any, token_for: Any
) -> None:
    a = item(period, "indicador")
    auth = token_for(bob)
    empty = client.post(
        f"/api/v1/asignaciones/{a.pk}/envio",
        data=json.dumps({"revision": a.revision}),
        content_type="application/json",
        **auth,
    )
    assert empty.status_code == 409 and "nada que enviar" in empty.json()["detalle"]
    period.status = "cerrado"
    period.save(update_fields=["status"])
    closed = put(client, a, {"revision": a.revision, "valores": {"total": 1}}, auth)
    assert closed.status_code == 409 and "no está abierto" in closed.json()["detalle"]
    assert untouched(a)
