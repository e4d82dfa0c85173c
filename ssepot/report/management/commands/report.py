"""``ssepot report --plan SLUG --year N --out DIR [--release N] [--formats html,pdf,xlsx]``.

The annual management report of a year, from a frozen release.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.catalogue.console import plan_or_error
from ssepot.report.builder import ReportError
from ssepot.report.issue import FORMATS, issue


class Command(BaseCommand):
    help = _(
        "Genera el Informe de Gestión del POT de una vigencia (HTML, PDF y anexo en Excel) desde una "
        "publicación de los datos, y lista las cifras de la narrativa que no coinciden con los datos."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--year", required=True, type=int, help=_("vigencia, p. ej. 2025"))
        parser.add_argument("--out", required=True, type=Path, help=_("carpeta donde escribir los archivos"))
        parser.add_argument(
            "--release", type=int, help=_("número de la publicación de la vigencia (por omisión, la última)")
        )
        parser.add_argument(
            "--formats",
            default=",".join(FORMATS),
            help=_("formatos separados por comas entre html, pdf y xlsx (el HTML siempre se escribe)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        formats = [f.strip() for f in options["formats"].split(",") if f.strip()]
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise CommandError(
                _("formato desconocido: %(f)s (use html, pdf o xlsx)") % {"f": ", ".join(unknown)}
            )
        try:
            issued = issue(plan, options["year"], options["out"], release=options["release"], formats=formats)
        except ReportError as error:
            raise CommandError(str(error)) from None
        report = issued.report
        self.stdout.write(
            _("Informe %(year)s de %(plan)s desde la publicación %(release)s:")
            % {"year": report.year, "plan": plan.name, "release": report.label}
        )
        for kind, path in issued.files.items():
            self.stdout.write(f"  {kind}: {path}")
        self.stdout.write(
            _("Tiempos (s): %(t)s") % {"t": ", ".join(f"{k} {v:.2f}" for k, v in issued.seconds.items())}
        )
        if report.corrections:
            self.stdout.write(
                _("%(n)d correcciones publicadas después de esta publicación (listadas en el informe).")
                % {"n": len(report.corrections)}
            )
        if issued.findings:
            self.stdout.write(self.style.WARNING(_("Cifras de la narrativa que no coinciden con los datos:")))
            for finding in issued.findings:
                self.stdout.write(f"- {finding.message}")
