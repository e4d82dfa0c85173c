"""The development plan's writes: registering a development plan (PDD) of a plan. Above the catalogue, whose
checks (permissions, field limits, problems by field) it shares, so the catalogue never imports it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ssepot.accounts.permissions import can_in_plan
from ssepot.audit.log import record
from ssepot.catalogue.actions import Actor, Problems, Years, _require, _slug, _text
from ssepot.catalogue.models import Plan
from ssepot.development.models import DevelopmentPlan


@transaction.atomic
def create_development_plan(
    plan: Plan, *, slug: str, name: str, start_year: int, end_year: int, act: str = "", actor: Actor
) -> DevelopmentPlan:
    """A development plan (PDD) of the plan: the mayor's four-year plan. Its structure and indicators come
    from ``ssepot import plan-indicativo`` (whose mapping names it by this identifier) or the admin."""
    _require(
        actor is None or can_in_plan(actor, "development.add_developmentplan", plan.pk),
        _("Solo un analista de planeación del plan registra planes de desarrollo."),
    )
    problems = Problems()
    slug = _slug(problems, "slug", slug)
    if slug and DevelopmentPlan.objects.filter(plan=plan, slug=slug).exists():
        problems.add(
            "slug",
            _("el plan %(plan)s ya tiene un plan de desarrollo con el identificador «%(slug)s»")
            % {"plan": plan.slug, "slug": slug},
        )
    name = _text(problems, "name", name, DevelopmentPlan)
    act = _text(problems, "act", act, DevelopmentPlan, required=False)
    if end_year < start_year:
        problems.add(
            "end_year",
            _("el año final %(end)d es anterior al inicial %(start)d")
            % {"end": end_year, "start": start_year},
        )
    elif not Years(start_year, end_year).overlaps(Years(plan.start_date.year, plan.end_date.year)):
        problems.add(
            "start_year",
            _("%(years)s queda fuera de la vigencia del POT (%(start)d-%(end)d)")
            % {
                "years": Years(start_year, end_year),
                "start": plan.start_date.year,
                "end": plan.end_date.year,
            },
        )
    problems.raise_if_any()
    pdd = DevelopmentPlan.objects.create(
        plan=plan, slug=slug, name=name, act=act, start_year=start_year, end_year=end_year
    )
    record(
        "crear plan de desarrollo",
        pdd,
        actor=actor,
        changes={"identificador": slug, "nombre": name, "acto": act, "años": f"{start_year}-{end_year}"},
    )
    return pdd
