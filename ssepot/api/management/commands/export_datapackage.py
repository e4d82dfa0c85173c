"""``ssepot export datapackage --plan SLUG --out DIR [--release N]``: the plan's open data on disk.

Writes the Frictionless data package (``datapackage.json`` with a Table Schema per resource and one CSV
per dataset) and ``valores.geojson``: the same files the open-data pages serve.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.api.exports import view_for, write_datapackage
from ssepot.catalogue.console import plan_or_error
from ssepot.reporting.models import Release


class Command(BaseCommand):
    help = _("Exporta los datos abiertos de un plan como paquete de datos Frictionless (CSV y GeoJSON).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--out", required=True, help=_("carpeta de salida (se crea si no existe)"))
        parser.add_argument(
            "--release",
            type=int,
            help=_("número de versión publicada; por defecto, lo último publicado de cada vigencia"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        release = options.get("release")
        if release is not None and not Release.objects.filter(plan=plan, number=release).exists():
            raise CommandError(_("el plan no tiene una versión publicada número %(n)d") % {"n": release})
        started = time.perf_counter()
        written = write_datapackage(plan, Path(options["out"]), view_for(release))
        size = sum(p.stat().st_size for p in written)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(files)d archivos, %(size)s bytes, en %(seconds).1f s: %(dir)s")
                % {
                    "files": len(written),
                    "size": f"{size:,}".replace(",", "."),
                    "seconds": time.perf_counter() - started,
                    "dir": options["out"],
                }
            )
        )
