"""``ssepot backup DESTINO``: the database, the uploaded files and the secret key in one archive."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.operations.backup import BackupError, write_backup


class Command(BaseCommand):
    help = _(
        "Guarda la base de datos, los archivos subidos (evidencias) y la clave secreta en un archivo "
        ".tar.gz con su manifiesto (docs/operacion.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "destino", type=Path, help=_("archivo de respaldo que se escribe, p. ej. ssepot.tar.gz")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        destination: Path = options["destino"]
        if destination.is_dir():
            raise CommandError(
                _("%(path)s es una carpeta: indique el nombre del archivo.") % {"path": destination}
            )
        try:
            manifest = write_backup(destination)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["filas"].values())
        files = sum(1 for name in manifest["archivos"] if name.startswith("media/"))
        self.stdout.write(
            _(
                "Respaldo escrito en %(path)s: %(rows)s filas de %(engine)s, %(files)s archivos "
                "y la clave secreta."
            )
            % {"path": destination, "rows": rows, "engine": manifest["motor"], "files": files}
        )
        self.stdout.write(_("Guárdelo en un lugar seguro: contiene la clave secreta del sitio."))
