"""``ssepot user create --plan SLUG --username NAME --role ROLE [--agency CODE]``: a person with a role.

The password of a new user is never an option (it would stay in the shell's history): the command reads it
from ``SSEPOT_PASSWORD`` when set, else asks for it twice at the terminal.
"""

from __future__ import annotations

import getpass
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.accounts.actions import add_member
from ssepot.accounts.models import Role
from ssepot.catalogue.console import plan_or_error, refused

PASSWORD_VARIABLE = "SSEPOT_PASSWORD"
OPTIONS: dict[str, Any] = {
    "username": "--username",
    "role": "--role",
    "agency": "--agency",
    "password": gettext_lazy("contraseña"),
    "email": "--email",
    "first_name": "--first-name",
    "last_name": "--last-name",
}


class Command(BaseCommand):
    stealth_options = ("stdin",)  # the terminal the password is typed at (tests give their own)
    help = _(
        "Da a una persona un rol en el plan (analista, reportante de una dependencia, lector o "
        "administrador) y crea su usuario si no existe; la contraseña se lee de SSEPOT_PASSWORD o se pide "
        "en la terminal."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--username", required=True, help=_("nombre de usuario para ingresar"))
        parser.add_argument("--role", required=True, choices=Role.values, help=_("rol en el plan"))
        parser.add_argument(
            "--agency",
            "--dependencia",
            dest="agency",
            default="",
            help=_("código de la dependencia por la que reporta (obligatorio para el rol reportante)"),
        )
        parser.add_argument("--email", default="", help=_("correo electrónico (recibe los avisos)"))
        parser.add_argument("--first-name", default="", help=_("nombres"))
        parser.add_argument("--last-name", default="", help=_("apellidos"))

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        exists = get_user_model().objects.filter(username=options["username"].strip()).exists()
        password = None if exists else self._password(options.get("stdin") or sys.stdin)
        try:
            added = add_member(
                plan,
                username=options["username"],
                role=options["role"],
                agency_code=options["agency"],
                password=password,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                actor=None,
            )
        except ValidationError as error:
            raise refused(error, OPTIONS, _("agregó el usuario")) from None
        m = added.membership
        words = {
            "user": m.user.get_username(),
            "role": m.get_role_display(),
            "plan": plan.slug,
            "agency": f" ({m.agency.code} {m.agency.name})" if m.agency else "",
        }
        if added.user_created:
            message = _("Usuario «%(user)s» creado: %(role)s%(agency)s en el plan %(plan)s.") % words
        else:
            message = (
                _(
                    "El usuario «%(user)s» ya existía (conserva su contraseña): ahora es "
                    "%(role)s%(agency)s en el plan %(plan)s."
                )
                % words
            )
        self.stdout.write(self.style.SUCCESS(message))

    def _password(self, stdin: Any) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        if not (hasattr(stdin, "isatty") and stdin.isatty()):
            raise CommandError(
                _(
                    "falta la contraseña del usuario nuevo: defínala en la variable %(var)s o corra el "
                    "comando en una terminal para escribirla"
                )
                % {"var": PASSWORD_VARIABLE}
            )
        for _attempt in range(3):
            first = getpass.getpass(_("Contraseña: "))
            if first and first == getpass.getpass(_("Contraseña (otra vez): ")):
                return first
            self.stderr.write(_("Las contraseñas no coinciden o están vacías; intente de nuevo."))
        raise CommandError(_("no se agregó el usuario: las contraseñas no coincidieron"))
