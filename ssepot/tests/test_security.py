"""HTTPS settings from the environment (off for the local demo), the Content-Security-Policy on every
page, and signing in throttled after repeated wrong passwords (django-axes) with a Spanish message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ssepot.tests.test_cli_and_settings import run_python

HTTPS_SETTINGS = (
    "from ssepot import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "getattr(s, 'SECURE_PROXY_SSL_HEADER', None) is not None)"
)


def test_https_is_off_for_the_local_demo_and_on_with_one_variable(tmp_path: Path) -> None:
    data = {"SSEPOT_DATA_DIR": str(tmp_path)}
    assert run_python(HTTPS_SETTINGS, data).split() == ["False", "False", "False", "0", "False", "False"]
    on = run_python(HTTPS_SETTINGS, {**data, "SSEPOT_HTTPS": "1", "SSEPOT_BEHIND_PROXY": "1"}).split()
    assert on == ["True", "True", "True", "31536000", "False", "True"]
    each = {**data, "SSEPOT_HTTPS": "1", "SSEPOT_SSL_REDIRECT": "0", "SSEPOT_HSTS_SECONDS": "600"}
    assert run_python(HTTPS_SETTINGS, {**each, "SSEPOT_HSTS_SUBDOMAINS": "1"}).split()[:5] == [
        "False", "True", "True", "600", "True"
    ]  # fmt: skip


@pytest.mark.django_db
def test_https_settings_send_hsts_and_redirect(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert Client().get("/cuenta/login/")["Location"].startswith("https://")
    secure = Client().get("/cuenta/login/", secure=True)
    assert secure.status_code == 200 and secure["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(plan: Any) -> None:
    for address in ["/", "/cuenta/login/", "/no-existe/", "/api/v1/planes", f"/planes/{plan.slug}/"]:
        policy = Client().get(address)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", address
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


@pytest.mark.django_db
def test_thirty_wrong_passwords_lock_signing_in_with_a_spanish_message(bob: Any) -> None:
    client = Client()
    answers = [sign_in(client, "bob", f"equivocada-{i}").status_code for i in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(answers[limit - 1 :]) == {429}
    locked = sign_in(client, "bob", "secreto-de-prueba-1")  # even the right password, for now
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "Ingreso bloqueado" in locked.text and f"{limit} intentos fallidos" in locked.text
    assert 'class="site-header"' in locked.text or "auth-card" in locked.text
    # another user, or the same user from another address, is not locked
    other = Client().post(
        reverse("login"), {"username": "bob", "password": "secreto-de-prueba-1"}, REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_right_password_before_the_limit_signs_in_and_clears_the_failures(bob: Any) -> None:
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "bob", f"equivocada-{i}")
    assert sign_in(client, "bob", "secreto-de-prueba-1").status_code == 302
    client.logout()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "bob", f"otra-{i}").status_code == 200
