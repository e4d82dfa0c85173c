"""``ssepot restore ORIGEN``: the database, the uploaded files and the secret key from a backup."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.accounts.console import add_user_argument
from ssepot.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _(
        "Restaura un respaldo de «ssepot backup»: base de datos, archivos subidos y clave secreta. "
        "Se niega si la base de datos ya tiene usuarios o planes, salvo con --reemplazar."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("origen", type=Path, help=_("archivo de respaldo (.tar.gz)"))
        parser.add_argument(
            "--reemplazar",
            action="store_true",
            help=_("borra los datos actuales y los reemplaza por los del respaldo"),
        )
        add_user_argument(
            parser,
            _(
                "nombre de usuario de quien restaura, para el registro de auditoría (se busca en la base "
                "restaurada); sin él, «sistema» con el usuario del sistema operativo"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(
                options["origen"], replace=options["reemplazar"], username=options["usuario"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["filas"].values())
        self.stdout.write(
            _("Restaurado el respaldo del %(date)s: %(rows)s filas, %(files)s archivos y la clave secreta.")
            % {
                "date": manifest["creado"][:19],
                "rows": rows,
                "files": sum(1 for name in manifest["archivos"] if name.startswith("media/")),
            }
        )
        if os.environ.get("SSEPOT_SECRET_KEY"):
            self.stdout.write(
                _(
                    "SSEPOT_SECRET_KEY está definida y tiene prioridad sobre la clave restaurada "
                    "en la carpeta de datos."
                )
            )
        self.stdout.write(_("Reinicie el servidor web para que use la clave y los datos restaurados."))
