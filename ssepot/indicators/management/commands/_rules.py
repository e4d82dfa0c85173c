"""What ``ssepot rules show`` and ``ssepot rules set`` share: the plan and development plan they name."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ssepot.catalogue.console import plan_or_error
from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan


def add_scope(parser: ArgumentParser) -> None:
    parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
    parser.add_argument(
        "--pdd", help=_("identificador del plan de desarrollo; sin él, las reglas del plan en general")
    )


def scope(plan_slug: str, pdd_slug: str | None) -> tuple[Plan, DevelopmentPlan | None]:
    plan = plan_or_error(plan_slug)
    if not pdd_slug:
        return plan, None
    pdd = DevelopmentPlan.objects.filter(plan=plan, slug=pdd_slug).first()
    if pdd is None:
        known = ", ".join(DevelopmentPlan.objects.filter(plan=plan).values_list("slug", flat=True))
        raise CommandError(
            _("el plan %(plan)s no tiene un plan de desarrollo '%(pdd)s' (tiene: %(known)s)")
            % {"plan": plan.slug, "pdd": pdd_slug, "known": known or _("ninguno")}
        )
    return plan, pdd
