"""The portal's pages."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ssepot.catalogue.models import Horizon, Plan, Subsystem, TerritorialUnit
from ssepot.commitments.models import Commitment
from ssepot.indicators.models import Indicator
from ssepot.projects.models import Project


def _count(model: Any, **filters: Any) -> Coalesce:
    """A per-plan COUNT as a correlated subquery (plan-scoped models have no reverse relation to join)."""
    counted = (
        model.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def home(request: HttpRequest) -> HttpResponse:
    plans = list(
        Plan.objects.select_related("municipality")
        .annotate(
            n_commitments=_count(Commitment),
            n_subsystems=_count(Subsystem),
            n_projects=_count(Project),
            n_pot_indicators=_count(Indicator, development_plan__isnull=True),
            n_pdd_indicators=_count(Indicator, development_plan__isnull=False),
            n_territorial_units=_count(TerritorialUnit),
        )
        .order_by("municipality__name", "name")
    )
    horizons: dict[int, list[Horizon]] = defaultdict(list)
    for horizon in Horizon.objects.filter(plan__in=[p.pk for p in plans]).order_by("start_date"):
        horizons[horizon.plan_id].append(horizon)
    for plan in plans:
        plan.horizon_list = horizons[plan.pk]  # type: ignore[attr-defined]
    return render(request, "front/home.html", {"plans": plans})
