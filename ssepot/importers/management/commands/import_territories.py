"""``ssepot import territories FILE --plan SLUG``: comunas and corregimientos from GeoJSON."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.territories import TerritoriesImporter


class Command(ImportCommand):
    help = _("Importa comunas y corregimientos (GeoJSON) a un plan.")
    importer = TerritoriesImporter
    importer_options = ["code_field", "name_field", "kind_field", "area_field", "source"]

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--code-field", help=_("propiedad con el código (por defecto CODIGO)"))
        parser.add_argument("--name-field", help=_("propiedad con el nombre (por defecto NOMBRE)"))
        parser.add_argument(
            "--kind-field",
            help=_(
                "propiedad con el tipo, 1 comuna y 2 corregimiento (por defecto SUBTIPO_COMUNACORREGIMIENTO)"
            ),
        )
        parser.add_argument("--area-field", help=_("propiedad con el área en m² (por defecto SHAPEAREA)"))
        parser.add_argument("--source", help=_("fuente que se anota en cada unidad (por defecto el archivo)"))
