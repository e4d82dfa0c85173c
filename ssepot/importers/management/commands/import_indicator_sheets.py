"""``ssepot import indicator-sheets FILE --plan SLUG``: a development plan's indicator technical sheets."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.indicator_sheets import IndicatorSheetsImporter
from ssepot.importers.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = _("Importa las fichas metodológicas de un plan de desarrollo (XLSX, hoja Reporte_Fichas).")
    importer = IndicatorSheetsImporter
    importer_options = ["development_plan", "name", "start_year", "end_year", "sheet"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--development-plan", help=_("identificador del plan de desarrollo (por defecto pdd-2020-2023)")
        )
        parser.add_argument(
            "--name", help=_("nombre del plan de desarrollo (por defecto Plan de Desarrollo 2020-2023)")
        )
        parser.add_argument("--start-year", type=int, help=_("año inicial (por defecto 2020)"))
        parser.add_argument("--end-year", type=int, help=_("año final (por defecto 2023)"))
        parser.add_argument("--sheet", help=_("hoja del libro (por defecto Reporte_Fichas)"))
