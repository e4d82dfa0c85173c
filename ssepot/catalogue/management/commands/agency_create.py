"""``ssepot agency create --plan SLUG --code CODE --name NAME``: an agency that reports to the plan."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.catalogue.actions import create_agency
from ssepot.catalogue.console import plan_or_error, refused

OPTIONS = {"code": "--code", "name": "--name", "acronym": "--acronym", "email": "--email"}


class Command(BaseCommand):
    help = _("Agrega una dependencia (o entidad) responsable de reportar al plan.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--code", required=True, help=_("código de la dependencia en el plan, p. ej. SM"))
        parser.add_argument(
            "--name",
            required=True,
            help=_("nombre, como lo escribe el plan indicativo (p. ej. «Secretaría de Movilidad»)"),
        )
        parser.add_argument("--acronym", default="", help=_("sigla o nombre corto"))
        parser.add_argument("--email", default="", help=_("correo de contacto de la dependencia"))

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        try:
            agency = create_agency(
                plan,
                code=options["code"],
                name=options["name"],
                acronym=options["acronym"],
                email=options["email"],
                actor=None,
            )
        except ValidationError as error:
            raise refused(error, OPTIONS, _("creó la dependencia")) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Dependencia %(code)s «%(name)s» agregada al plan %(plan)s.")
                % {"code": agency.code, "name": agency.name, "plan": plan.slug}
            )
        )
