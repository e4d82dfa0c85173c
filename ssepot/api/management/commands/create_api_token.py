"""``ssepot create_api_token --user NAME --name TEXT [--days N]``: a token for an agency's system.

The secret is printed once and only its digest is kept; revoke a token in the admin.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.api.models import DEFAULT_DAYS, ApiToken


class Command(BaseCommand):
    help = _("Crea un token de la API para un usuario y muestra su secreto una sola vez.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help=_("nombre de usuario dueño del token"))
        parser.add_argument("--name", required=True, help=_("para qué sistema o persona es el token"))
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=_("días de vigencia (por defecto 90)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("no existe el usuario '%(user)s'") % {"user": options["user"]})
        if not 1 <= options["days"] <= 3650:
            raise CommandError(_("los días de vigencia deben estar entre 1 y 3650"))
        token, secret = ApiToken.issue(user, options["name"], days=options["days"])
        self.stdout.write(secret)
        self.stderr.write(
            _("Token «%(name)s» de %(user)s, vence el %(date)s. Guarde el secreto: no se mostrará de nuevo.")
            % {
                "name": token.name,
                "user": user.get_username(),
                "date": timezone.localtime(token.expires_at).strftime("%Y-%m-%d"),
            }
        )
