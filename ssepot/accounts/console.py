"""What the console commands share about users: ``--usuario``, the person a command acts for in the audit
log, and finding that user (the importers, the archive's text reading and the restore use it)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def add_user_argument(parser: ArgumentParser, help_text: str | None = None) -> None:
    parser.add_argument(
        "--usuario",
        "--user",
        dest="usuario",
        metavar="NOMBRE",
        help=help_text
        or _(
            "nombre de usuario de quien importa, para el registro de auditoría y el lote; sin él, "
            "«sistema» con el usuario del sistema operativo"
        ),
    )


def user_or_error(username: str | None) -> User | None:
    """The active user named ``username`` (None without a name); else a ``CommandError``."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            _("no existe un usuario activo '%(name)s' (créelo con: ssepot user create)") % {"name": username}
        )
    return user
