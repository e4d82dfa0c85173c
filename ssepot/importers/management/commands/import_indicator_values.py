"""``ssepot import indicator-values FILE --plan SLUG [--usuario NOMBRE]``: measured indicator values (CSV),
kept as a batch for the analyst's review (``ssepot import lotes``)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.importers.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = _(
        "Importa valores medidos de indicadores (CSV con codigo_indicador, vigencia, codigo_unidad, valor, "
        "observacion) en un lote para revisión; aprobado, un valor distinto del vigente se guarda como una "
        "versión nueva."
    )
    importer = IndicatorValuesImporter
    importer_options = ["encoding", "development_plan"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--encoding", help=_("codificación del archivo (por defecto utf-8; p. ej. latin-1)")
        )
        parser.add_argument(
            "--development-plan",
            help=_(
                "identificador del plan de desarrollo cuyos indicadores se importan (por defecto los del POT)"
            ),
        )
