"""Helpers of tests that import values: an import of values is a batch, and a test that reads the values
approves it as the analyst would, through the same action as the page (``reporting.batches``)."""

from __future__ import annotations

from typing import Any

from ssepot.catalogue.models import Plan
from ssepot.reporting.batches import approve_batch
from ssepot.reporting.models import ImportBatch


def reviewer(plan: Plan) -> Any:
    """A planning analyst of the plan who imported nothing (so a plan that separates duties accepts him)."""
    from django.contrib.auth import get_user_model

    from ssepot.accounts.models import Membership

    user, _ = get_user_model().objects.get_or_create(username="revisor-de-lotes")
    Membership.objects.get_or_create(plan=plan, user=user, role="analista")
    return user


def approve_pending(plan: Plan) -> int:
    """Approve every pending batch of the plan, oldest first; the number of new versions written."""
    pending = ImportBatch.objects.filter(plan=plan, state=ImportBatch.State.PENDING).order_by("pk")
    return sum(len(approve_batch(batch, actor=reviewer(plan))) for batch in pending)
