"""``ssepot import presupuesto FILE --plan SLUG --mapping MAPPING.yml``: any budget execution workbook."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.presupuesto import BudgetImporter


class Command(ImportCommand):
    help = _(
        "Importa el presupuesto y la ejecución financiera de un plan de desarrollo (XLSX o CSV) con una "
        "correspondencia de columnas en YAML."
    )
    importer = BudgetImporter
    importer_options = ["mapping"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--mapping",
            required=True,
            help=_(
                "archivo YAML de correspondencias "
                "(ej.: ssepot/importers/mappings/medellin-presupuesto-2020-2023.yml)"
            ),
        )
