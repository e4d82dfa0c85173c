"""``ssepot import opensdg FOLDER --plan SLUG [--no-publish]``: an Open SDG data folder (data/, meta/)."""

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
            "--no-publish",
            dest="publish",
            action="store_false",
            default=None,
            help=_(
                "deja los valores como datos de trabajo, sin publicar (por defecto se publican: son "
                "estadísticas ya publicadas por su fuente)"
            ),
        )
