"""Tokens are created in the admin or from the command line; the secret is shown once and never stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ssepot.api.models import ApiToken, digest

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_secret_that_authenticates_as_the_user(client: Client, bob: Any) -> None:
    out = io.StringIO()
    call_command(
        "create_api_token", user="bob", name="Sistema de Movilidad", days=30, stdout=out, stderr=io.StringIO()
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(owner=bob)
    assert token.digest == digest(secret) and secret not in str(token.__dict__)
    assert client.get("/api/v1/asignaciones", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    with pytest.raises(CommandError, match="no existe el usuario"):
        call_command("create_api_token", user="nadie", name="x", stdout=io.StringIO())


def test_an_administrator_creates_a_token_in_the_admin_and_sees_its_secret_once(
    client: Client, bob: Any
) -> None:
    admin = get_user_model().objects.create_superuser("root", password="secreto-de-prueba-1")
    client.force_login(admin)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"owner": bob.pk, "name": "Integración", "expires_at_0": "2030-01-01", "expires_at_1": "00:00:00"},
        follow=True,
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "ssepot_" in str(m)]
    secret = message.rsplit(" ", 1)[-1]
    token = ApiToken.objects.get(owner=bob)
    assert token.digest == digest(secret) and token.expires_at.year == 2030
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert secret not in page

    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
