"""A plan's calculation rules in the database: the current version, and the one action that adds one.

A development plan may have its own rules; without them it follows its plan's, and a plan without any
follows the default preset (``ssepot.core.rules.DEFAULT_PRESET``). Every change is a new version, written
with who, when and why, and recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.db.models import Max

from ssepot.audit.log import record
from ssepot.catalogue.models import Plan
from ssepot.core.rules import DEFAULT_PRESET, PRESETS, RulesError, RuleSet, preset
from ssepot.development.models import DevelopmentPlan
from ssepot.indicators.models import CalculationRules


def current_rules(
    plan: Plan | int, development_plan: DevelopmentPlan | int | None = None, as_of: dt.datetime | None = None
) -> RuleSet:
    """The newest version for the development plan, else for the plan, else the default preset; with
    ``as_of``, the newest registered by then (a release's figures use the rules in force when it was
    published, so a later change of rules never moves them)."""
    plan_id = plan if isinstance(plan, int) else plan.pk
    rows = CalculationRules.objects.filter(plan_id=plan_id)
    if as_of is not None:
        rows = rows.filter(created_at__lte=as_of)
    pdd_id = development_plan.pk if isinstance(development_plan, DevelopmentPlan) else development_plan
    for scope in ([pdd_id] if pdd_id else []) + [None]:
        row = rows.filter(development_plan_id=scope).order_by("-version").first()
        if row is not None:
            return RuleSet.from_definition(row.definition, version=row.version)
    return preset(DEFAULT_PRESET)


def definition_of(name_or_definition: str | Mapping[str, Any]) -> dict[str, Any]:
    """A preset's name or a full definition, validated (``RulesError`` names the wrong key)."""
    if isinstance(name_or_definition, str):
        if name_or_definition not in PRESETS:
            preset(name_or_definition)  # raises with the list of presets
        return dict(PRESETS[name_or_definition])
    return RuleSet.from_definition(name_or_definition).definition()


@transaction.atomic
def set_rules(
    plan: Plan,
    rules: str | Mapping[str, Any],
    *,
    actor: AbstractBaseUser | None,
    reason: str,
    development_plan: DevelopmentPlan | None = None,
) -> CalculationRules | None:
    """Add a version of the rules (a preset's name or a definition) unless it equals the current one;
    returns the new row, or None when nothing changed."""
    definition = definition_of(rules)
    rows = CalculationRules.objects.select_for_update().filter(plan=plan, development_plan=development_plan)
    last = rows.order_by("-version").first()
    if (
        last is not None
        and RuleSet.from_definition(last.definition).definition()
        == RuleSet.from_definition(definition).definition()
    ):
        return None
    version = (rows.aggregate(v=Max("version"))["v"] or 0) + 1
    row = CalculationRules.objects.create(
        plan=plan,
        development_plan=development_plan,
        version=version,
        definition=definition,
        created_by=actor if isinstance(actor, User) else None,
        reason=reason,
    )
    record(
        "rules.set",
        row,
        actor=actor,
        changes={"version": [last.version if last else None, version], "definition": [None, definition]},
        reason=reason,
    )
    return row


__all__ = ["RulesError", "current_rules", "definition_of", "set_rules"]
