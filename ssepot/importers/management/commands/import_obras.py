"""``ssepot import obras FILE --plan SLUG [--mapping M.yml]``: public works from CSV, XLSX, GeoJSON or ESRI
JSON."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.obras import ObrasImporter


class Command(ImportCommand):
    help = _(
        "Importa obras públicas y sus contratos (CSV, XLSX, GeoJSON o ESRI JSON) con su geometría; la "
        "comuna se busca por el punto cuando falta."
    )
    importer = ObrasImporter
    importer_options = ["mapping"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--mapping",
            help=_(
                "archivo YAML de correspondencias (ej.: ssepot/importers/mappings/medellin-obras-sif.yml); "
                "sin él, las columnas se llaman como en docs/correspondencias.md"
            ),
        )
