"""``ssepot plan create``: a municipality's plan (POT) with its horizons and administrative periods."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.catalogue.actions import (
    Problems,
    Years,
    create_plan,
    parse_date,
    parse_horizon,
    parse_period,
    period_label,
)
from ssepot.catalogue.console import GUIDE, refused

T = TypeVar("T")
OPTIONS = {
    "divipola_code": "--divipola",
    "slug": "--slug",
    "name": "--name",
    "act": "--act",
    "adoption_date": "--adopted",
    "start_date": "--start",
    "end_date": "--end",
    "horizons": "--horizon",
    **{f"horizon_{kind}": f"--horizon {kind}" for kind in ("corto", "mediano", "largo")},
    "periods": "--period",
}


class Command(BaseCommand):
    help = _(
        "Crea el plan de ordenamiento territorial de un municipio de la DIVIPOLA, con sus horizontes y "
        "periodos administrativos."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--divipola", required=True, help=_("código DIVIPOLA del municipio, p. ej. 05001 (Medellín)")
        )
        parser.add_argument(
            "--slug",
            required=True,
            help=_("identificador del plan en direcciones y comandos, p. ej. medellin"),
        )
        parser.add_argument("--name", required=True, help=_("nombre del plan"))
        parser.add_argument("--act", required=True, help=_("acto de adopción, p. ej. «Acuerdo 48 de 2014»"))
        parser.add_argument("--adopted", required=True, help=_("fecha de adopción, AAAA-MM-DD"))
        parser.add_argument(
            "--start", help=_("inicio de vigencia, AAAA-MM-DD o AAAA (por omisión, la fecha de adopción)")
        )
        parser.add_argument(
            "--end", required=True, help=_("fin de vigencia, AAAA-MM-DD o AAAA (31 de diciembre)")
        )
        parser.add_argument(
            "--horizon",
            action="append",
            default=[],
            metavar="PLAZO:AAAA-AAAA",
            help=_("un horizonte del plan, p. ej. corto:2016-2019; repita la opción para mediano y largo"),
        )
        parser.add_argument(
            "--period",
            action="append",
            default=[],
            metavar="[NOMBRE:]AAAA-AAAA",
            help=_("un periodo administrativo, p. ej. «Medellín Futuro:2020-2023»; repita la opción"),
        )
        parser.add_argument("--description", default="", help=_("descripción del plan"))

    def handle(self, *args: Any, **options: Any) -> None:
        problems = Problems()

        def read(field: str, parse: Callable[[str], T], text: str) -> T | None:
            try:
                return parse(text)
            except ValueError as error:
                problems.add(field, str(error))
                return None

        adopted = read("adoption_date", parse_date, options["adopted"])
        start = read("start_date", parse_date, options["start"]) if options["start"] else None
        end = read("end_date", partial(parse_date, end=True), options["end"])
        horizons: dict[str, Years] = {}
        for text in options["horizon"]:
            if (horizon := read("horizons", parse_horizon, text)) is not None:
                kind, years = horizon
                if kind in horizons:
                    problems.add("horizons", _("el horizonte %(kind)s aparece dos veces") % {"kind": kind})
                horizons[kind] = years
        periods = [p for p in (read("periods", parse_period, text) for text in options["period"]) if p]
        try:
            problems.raise_if_any()
            assert adopted is not None and end is not None
            plan = create_plan(
                divipola_code=options["divipola"],
                slug=options["slug"],
                name=options["name"],
                act=options["act"],
                adoption_date=adopted,
                start_date=start,
                end_date=end,
                horizons=horizons,
                periods=periods,
                description=options["description"],
                actor=None,
            )
        except ValidationError as error:
            raise refused(error, OPTIONS, _("creó el plan")) from None
        m = plan.municipality
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan «%(slug)s» creado: %(name)s (%(act)s), %(municipality)s %(code)s.")
                % {
                    "slug": plan.slug,
                    "name": plan.name,
                    "act": plan.act,
                    "municipality": m.name,
                    "code": m.divipola_code,
                }
            )
        )
        self.stdout.write(
            _("Vigencia: %(start)s a %(end)s.") % {"start": plan.start_date, "end": plan.end_date}
        )
        if horizons:
            self.stdout.write(
                _("Horizontes: %(h)s.") % {"h": ", ".join(f"{k} {y}" for k, y in horizons.items())}
            )
        if periods:
            self.stdout.write(
                _("Periodos administrativos: %(p)s.")
                % {"p": ", ".join(period_label(n, y) for n, y in periods)}
            )
        self.stdout.write(
            _(
                "Siguiente paso: sus dependencias (ssepot agency create --plan %(slug)s ...) y sus usuarios "
                "(ssepot user create --plan %(slug)s ...); ver %(guide)s."
            )
            % {"slug": plan.slug, "guide": GUIDE}
        )
