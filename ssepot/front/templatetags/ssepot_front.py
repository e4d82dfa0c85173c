"""Template tags shared by the portal and the admin."""

from __future__ import annotations

from typing import Any

from django import template

from ssepot.catalogue.models import Plan

register = template.Library()


#: above this many synthetic plans, a page about no plan in particular counts them instead of listing them
LISTED = 3


@register.inclusion_tag("front/synthetic_banner.html", takes_context=True)
def synthetic_banner(context: template.Context) -> dict[str, Any]:
    """The warning that demonstration data is shown, on every page while any plan holds it.

    A page about one plan names that plan only, and costs no query; another page lists the synthetic
    plans, or counts them when there are many (an installation with a whole country's synthetic plans
    must not carry a thousand notes on every page)."""
    plan = context.get("plan")
    if isinstance(plan, Plan):
        return {"synthetic_plans": [plan] if plan.is_synthetic else [], "others": 0, "this_plan": True}
    plans = list(
        Plan.objects.filter(is_synthetic=True).only("name", "synthetic_note").order_by("name")[: LISTED + 1]
    )
    if len(plans) <= LISTED:
        return {"synthetic_plans": plans, "others": 0}
    return {"synthetic_plans": [], "others": Plan.objects.filter(is_synthetic=True).count()}
