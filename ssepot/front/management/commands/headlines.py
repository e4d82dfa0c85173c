"""``ssepot headlines [--plan SLUG ...] [--all]``: compute and keep the headline the plans' directory
(``/planes/``), the comparison and ``/api/v1/comparacion`` show (``ssepot.front.headlines``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.catalogue.console import plan_or_error
from ssepot.catalogue.models import Plan
from ssepot.front.headlines import stale_plans, store_headline, with_headlines


class Command(BaseCommand):
    help = _(
        "Calcula las cifras principales que muestran el directorio de planes y la comparación: por omisión "
        "las de los planes publicados cuyas cifras guardadas no son de su última publicación."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--plan", action="append", default=[], help=_("identificador del plan (repetible)")
        )
        parser.add_argument("--all", action="store_true", help=_("todos los planes, aunque estén al día"))

    def handle(self, *args: Any, **options: Any) -> None:
        plans = Plan.objects.order_by("slug")
        if options["plan"]:
            for slug in options["plan"]:
                plan_or_error(slug)  # lists the plans there are and says how to create one
            plans = plans.filter(slug__in=options["plan"])
        todo = list(plans) if options["all"] or options["plan"] else stale_plans(with_headlines(plans))
        for plan in todo:
            headline = store_headline(plan)
            if headline is None:
                self.stdout.write(_("%(slug)s: nada publicado") % {"slug": plan.slug})
            else:
                self.stdout.write(
                    _("%(slug)s: vigencia %(year)s%(partial)s, %(n)d cifras")
                    % {
                        "slug": plan.slug,
                        "year": headline.year,
                        "partial": _(" (parcial)") if headline.partial else "",
                        "n": len(headline.figures),
                    }
                )
        self.stdout.write(_("%(n)d planes calculados.") % {"n": len(todo)})
