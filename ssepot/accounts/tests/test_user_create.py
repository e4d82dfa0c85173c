"""``ssepot user create``: a person with a role in a plan, the password never on the command line, and
the message that names what is wrong."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.accounts.models import Membership
from ssepot.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Ciclorruta-2024-segura"


def run(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command("user_create", "--plan", "pot-prueba", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def refused(*args: str, **options: Any) -> str:
    with pytest.raises(CommandError) as error:
        run(*args, **options)
    return str(error.value)


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SSEPOT_PASSWORD", PASSWORD)
    return PASSWORD


def test_a_reporter_is_created_with_the_password_of_the_environment(plan, agencies, password) -> None:
    out = run("--username", "jgomez", "--role", "reportante", "--agency", "SM", "--email", "j@x.co")
    user = authenticate(username="jgomez", password=password)
    assert user is not None and user.is_staff and user.email == "j@x.co"
    membership = Membership.objects.get(user=user)
    assert (membership.plan, membership.role, membership.agency) == (
        plan,
        "reportante",
        agencies["movilidad"],
    )
    assert "Usuario «jgomez» creado: Reportante de dependencia (SM Secretaría de Movilidad)" in out
    assert set(AuditEntry.objects.filter(plan=plan).values_list("action", flat=True)) == {
        "crear usuario",
        "agregar miembro",
    }


def test_the_spanish_option_name_dependencia_works_too(plan, agencies, password) -> None:
    run("--username", "jgomez", "--role", "reportante", "--dependencia", "EDU")
    assert Membership.objects.get(user__username="jgomez").agency == agencies["edu"]


def test_an_existing_user_gets_the_role_and_keeps_his_password(plan, agencies, alice, monkeypatch) -> None:
    monkeypatch.setenv("SSEPOT_PASSWORD", "otra-clave-que-no-se-usa")
    out = run("--username", "alice", "--role", "reportante", "--agency", "SM")
    assert "ya existía (conserva su contraseña)" in out
    assert authenticate(username="alice", password="secreto-de-prueba-1") is not None
    assert set(Membership.objects.filter(user=alice).values_list("role", flat=True)) == {
        "analista",
        "reportante",
    }
    assert "«alice» ya tiene ese rol en el plan pot-prueba" in refused(
        "--username", "alice", "--role", "analista"
    )


def test_the_password_is_asked_twice_at_a_terminal(plan, monkeypatch) -> None:
    monkeypatch.delenv("SSEPOT_PASSWORD", raising=False)
    typed = iter(["corta", "otra", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    run("--username", "lector1", "--role", "lector", stdin=Terminal())
    assert authenticate(username="lector1", password=PASSWORD) is not None


def test_without_a_terminal_or_the_variable_the_password_is_asked_for_by_name(plan, monkeypatch) -> None:
    monkeypatch.delenv("SSEPOT_PASSWORD", raising=False)
    message = refused("--username", "lector1", "--role", "lector", stdin=StringIO())
    assert "defínala en la variable SSEPOT_PASSWORD" in message
    assert not get_user_model().objects.filter(username="lector1").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--username", "x1", "--role", "reportante"],
            "--agency: quien reporta debe pertenecer a una dependencia: indique su código",
        ),
        (
            ["--username", "x1", "--role", "reportante", "--agency", "NADA"],
            "--agency: el plan pot-prueba no tiene una dependencia con el código «NADA» (códigos: EDU, SM)",
        ),
        (
            ["--username", "x1", "--role", "lector", "--agency", "SM"],
            "--agency: solo quien reporta (rol reportante) pertenece a una dependencia",
        ),
        (["--username", "con espacios", "--role", "lector"], "--username: "),
        (["--username", "x1", "--role", "lector", "--email", "no-es-correo"], "--email: "),
    ],
)
def test_bad_input_is_refused_naming_the_option(plan, agencies, password, args, expected) -> None:
    message = refused(*args)
    assert message.startswith("no se agregó el usuario:") and expected in message
    assert not get_user_model().objects.filter(username__in=["x1", "con espacios"]).exists()


def test_a_weak_password_is_refused_with_django_s_reasons(plan, monkeypatch) -> None:
    monkeypatch.setenv("SSEPOT_PASSWORD", "123")
    message = refused("--username", "lector1", "--role", "lector")
    assert "contraseña: La contraseña es demasiado corta" in message
    assert not get_user_model().objects.filter(username="lector1").exists()


def test_an_unknown_role_is_refused_by_the_option_itself(plan, password) -> None:
    with pytest.raises(CommandError, match="jefe"):
        run("--username", "x1", "--role", "jefe")
