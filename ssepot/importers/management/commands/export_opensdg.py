"""``ssepot export opensdg --plan SLUG --out DIR [--release N | --working]``: Open SDG data and metadata."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.catalogue.console import plan_or_error
from ssepot.figures.loaders import PUBLISHED, WORKING
from ssepot.importers.opensdg import export_opensdg


class Command(BaseCommand):
    help = _("Exporta los indicadores de un plan como carpeta de datos Open SDG (data/*.csv y meta/*.yml).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--out", required=True, help=_("carpeta de salida (se crea si no existe)"))
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--release", type=int, help=_("lo que mostró la versión publicada N de cada vigencia")
        )
        group.add_argument(
            "--working",
            action="store_true",
            help=_("los datos de trabajo (versiones vigentes, publicadas o no) en lugar de lo publicado"),
        )
        parser.add_argument(
            "--only-opensdg",
            action="store_true",
            help=_("solo las series importadas de Open SDG, sin los indicadores propios del plan"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        view = WORKING if options["working"] else (options["release"] or PUBLISHED)
        written = export_opensdg(plan, Path(options["out"]), view, own=not options["only_opensdg"])
        files = [p for p in written if p.suffix == ".csv"]
        empty = sum(1 for p in files if p.read_text(encoding="utf-8").count("\n") <= 1)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)d indicadores exportados a %(dir)s") % {"n": len(files), "dir": options["out"]}
            )
        )
        if empty:
            self.stdout.write(
                self.style.WARNING(
                    _("%(n)d sin valores publicados: use --working para ver los datos aún no publicados")
                    % {"n": empty}
                )
            )
