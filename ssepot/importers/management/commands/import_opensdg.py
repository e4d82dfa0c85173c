"""``ssepot import opensdg FOLDER --plan SLUG [--usuario NOMBRE]``: an Open SDG data folder (data/, meta/).

The values wait for the analyst's review as a batch (``ssepot import lotes``, or the "Importaciones" page);
the import publishes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ssepot.importers.management.commands._base import ImportCommand
from ssepot.importers.opensdg import OpenSdgImporter


class Command(ImportCommand):
    help = _(
        "Importa los indicadores de una carpeta de datos Open SDG (data/*.csv y meta/*.yml) a un plan; "
        "los valores quedan en un lote para revisión y no se publican."
    )
    importer = OpenSdgImporter
