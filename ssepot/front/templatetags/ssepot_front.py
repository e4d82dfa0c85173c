"""Template tags shared by the portal and the admin."""

from __future__ import annotations

from typing import Any

from django import template

from ssepot.catalogue.models import Plan

register = template.Library()


@register.inclusion_tag("front/synthetic_banner.html")
def synthetic_banner() -> dict[str, Any]:
    """The warning that some plans hold demonstration data, shown on every page while any does."""
    plans = Plan.objects.filter(is_synthetic=True).only("name", "synthetic_note").order_by("name")
    return {"synthetic_plans": list(plans)}
