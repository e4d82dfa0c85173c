"""``ssepot plan list``: the installation's plans, with their municipality, act, term and horizons."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils.translation import gettext as _

from ssepot.catalogue.actions import Years, period_label
from ssepot.catalogue.console import create_plan_command
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Plan


class Command(BaseCommand):
    help = _("Lista los planes de la instalación: identificador, municipio, acto, vigencia y horizontes.")

    def handle(self, *args: Any, **options: Any) -> None:
        plans = list(Plan.objects.select_related("municipality").order_by("slug"))
        if not plans:
            self.stdout.write(
                _("No hay planes. Para crear uno: %(command)s") % {"command": create_plan_command()}
            )
            return
        agencies = dict(
            Agency.objects.filter(plan__in=plans)
            .values("plan_id")
            .annotate(n=Count("pk"))
            .values_list("plan_id", "n")
        )
        horizons: dict[int, list[str]] = {}
        for h in Horizon.objects.filter(plan__in=plans).order_by("start_date"):
            horizons.setdefault(h.plan_id, []).append(f"{h.kind} {h.start_date.year}-{h.end_date.year}")
        periods: dict[int, list[str]] = {}
        for p in AdministrativePeriod.objects.filter(plan__in=plans).order_by("start_date"):
            periods.setdefault(p.plan_id, []).append(
                period_label(p.name, Years(p.start_date.year, p.end_date.year))
            )
        for plan in plans:
            m = plan.municipality
            self.stdout.write(self.style.SUCCESS(plan.slug) + f"  {plan.name}")
            self.stdout.write(
                "  "
                + _(
                    "%(municipality)s (%(department)s) %(code)s · %(act)s, adoptado el %(adopted)s · "
                    "vigencia %(start)s a %(end)s · %(agencies)d dependencias"
                )
                % {
                    "municipality": m.name,
                    "department": m.department_name,
                    "code": m.divipola_code,
                    "act": plan.act,
                    "adopted": plan.adoption_date,
                    "start": plan.start_date,
                    "end": plan.end_date,
                    "agencies": agencies.get(plan.pk, 0),
                }
            )
            if plan.pk in horizons:
                self.stdout.write("  " + _("horizontes: %(h)s") % {"h": ", ".join(horizons[plan.pk])})
            if plan.pk in periods:
                self.stdout.write(
                    "  " + _("periodos administrativos: %(p)s") % {"p": ", ".join(periods[plan.pk])}
                )
