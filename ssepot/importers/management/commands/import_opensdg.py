"""``ssepot import opensdg FOLDER --plan SLUG [--publish]``: an Open SDG data folder (data/, meta/)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.opensdg import OpenSdgImporter


class Command(ImportCommand):
    help = _("Importa los indicadores de una carpeta de datos Open SDG (data/*.csv y meta/*.yml) a un plan.")
    importer = OpenSdgImporter
    importer_options = ["publish"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--publish",
            action="store_true",
            default=None,
            help=_(
                "publica de una vez los valores importados (datos históricos que no pasan por el ciclo de "
                "reporte): cada vigencia con valores nuevos recibe una versión publicada"
            ),
        )
