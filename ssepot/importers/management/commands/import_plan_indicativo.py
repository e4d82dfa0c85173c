"""``ssepot import plan-indicativo FILE --plan SLUG --mapping MAPPING.yml``: any development-plan workbook."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.plan_indicativo import PlanIndicativoImporter


class Command(ImportCommand):
    help = _(
        "Importa el plan indicativo de un plan de desarrollo (XLSX o CSV) con una correspondencia "
        "de columnas en YAML."
    )
    importer = PlanIndicativoImporter
    importer_options = ["mapping"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--mapping",
            required=True,
            help=_(
                "archivo YAML de correspondencias (ej.: ssepot/importers/mappings/medellin-pdd-2020-2023.yml)"
            ),
        )
