"""``ssepot import municipalities FILE``: DANE's DIVIPOLA municipality list (CSV)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.municipalities import MunicipalitiesImporter


class Command(ImportCommand):
    help = _("Importa los municipios de la DIVIPOLA del DANE (CSV).")
    importer = MunicipalitiesImporter
    importer_options = ["encoding"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--encoding", help=_("codificación del archivo (por defecto utf-8; p. ej. latin-1)")
        )
