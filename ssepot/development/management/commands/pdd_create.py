"""``ssepot pdd create --plan SLUG``: a development plan (PDD) of the plan."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.catalogue.console import plan_or_error, refused
from ssepot.development.actions import create_development_plan

OPTIONS = {"slug": "--slug", "name": "--name", "act": "--act", "start_year": "--start-year",
           "end_year": "--end-year"}  # fmt: skip


class Command(BaseCommand):
    help = _(
        "Registra un plan de desarrollo (PDD) del plan; su estructura e indicadores se cargan con "
        "«ssepot import plan-indicativo», cuya correspondencia lo nombra por su identificador."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument(
            "--slug", required=True, help=_("identificador del plan de desarrollo, p. ej. pdd-2024-2027")
        )
        parser.add_argument("--name", required=True, help=_("nombre del plan de desarrollo"))
        parser.add_argument("--act", default="", help=_("acto de adopción, p. ej. «Acuerdo 2 de 2024»"))
        parser.add_argument("--start-year", required=True, type=int, help=_("año inicial, p. ej. 2024"))
        parser.add_argument("--end-year", required=True, type=int, help=_("año final, p. ej. 2027"))

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        try:
            pdd = create_development_plan(
                plan,
                slug=options["slug"],
                name=options["name"],
                act=options["act"],
                start_year=options["start_year"],
                end_year=options["end_year"],
                actor=None,
            )
        except ValidationError as error:
            raise refused(error, OPTIONS, _("creó el plan de desarrollo")) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan de desarrollo «%(slug)s» creado en %(plan)s: %(name)s %(start)d-%(end)d.")
                % {
                    "slug": pdd.slug,
                    "plan": plan.slug,
                    "name": pdd.name,
                    "start": pdd.start_year,
                    "end": pdd.end_year,
                }
            )
        )
        self.stdout.write(
            _(
                "Su plan indicativo se carga con una correspondencia cuyo «plan_desarrollo: identificador:» "
                "es %(slug)s: ssepot import plan-indicativo ARCHIVO --plan %(plan)s --mapping MAPA.yml"
            )
            % {"slug": pdd.slug, "plan": plan.slug}
        )
