"""The plan's traffic-light thresholds move into its calculation rules (``verde``/``rojo``).

Before, a POT indicator's traffic light read ``Plan.traffic_green``/``Plan.traffic_red`` (as of a release's
publication) and a development plan read its rules' ``verde``/``rojo``. Now both read the rules. So that no
figure moves, for each plan whose thresholds ever differed from its rules':

- the plan's own rule versions are rewritten with the thresholds the plan had at each moment (its history),
  with a version for each change of thresholds; a release reads the rules in force at its publication, so
  it keeps the thresholds it was published with;
- each of its development plans that followed the plan's rules keeps the old ones, copied as its own
  versions (with their dates), so its figures do not move either.

``sequences`` states the rewrite on plain data (tested in ``ssepot/figures/tests/test_traffic_in_rules.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import migrations

from ssepot.core.rules import DEFAULT_PRESET, PRESETS, RuleSet

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
REASON = "migración: los umbrales del semáforo del plan pasan a sus reglas de cálculo"

Thresholds = tuple[Decimal, Decimal]
Row = tuple[dt.datetime | None, dict[str, Any], Any]
"""A rule version: its date (None: before every date), its definition and the row it comes from."""


def normal(definition: dict[str, Any]) -> dict[str, Any]:
    return RuleSet.from_definition(definition).definition()


def thresholds(definition: dict[str, Any]) -> Thresholds:
    rules = RuleSet.from_definition(definition)
    return rules.green, rules.red


def with_thresholds(definition: dict[str, Any], value: Thresholds) -> dict[str, Any]:
    return {**normal(definition), "verde": str(value[0].normalize()), "rojo": str(value[1].normalize())}


def sequences(
    rows: Sequence[Row], traffic: Sequence[tuple[dt.datetime, Thresholds]], current: Thresholds
) -> tuple[list[Row], list[Row]] | None:
    """The plan's new rule versions and its old ones (both led by the preset in force before any, dated
    None), or None when the plan's thresholds always equalled its rules'. ``rows``: the plan's versions in
    order; ``traffic``: its thresholds after each history entry, in order (empty: ``current`` always)."""
    old: list[Row] = [(None, normal(PRESETS[DEFAULT_PRESET]), None), *rows]

    def at(t: dt.datetime | None) -> tuple[Row, Thresholds]:
        rule = [r for r in old if r[0] is None or (t is not None and r[0] <= t)][-1]
        if not traffic:
            return rule, current
        seen = [v for when, v in traffic if t is not None and when <= t]
        return rule, (seen[-1] if seen else traffic[0][1])

    points = sorted({t for t, _, _ in rows if t is not None} | {when for when, _ in traffic[1:]})
    new: list[Row] = []
    changed = False
    for t in [None, *points]:
        rule, value = at(t)
        changed |= thresholds(rule[1]) != value
        definition = with_thresholds(rule[1], value)
        if not new or new[-1][1] != definition:
            new.append((t, definition, rule[2] if rule[0] == t else None))
    return (new, old) if changed else None


def carry(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("catalogue", "Plan")
    HistoricalPlan = apps.get_model("catalogue", "HistoricalPlan")
    DevelopmentPlan = apps.get_model("development", "DevelopmentPlan")
    Rules = apps.get_model("indicators", "CalculationRules")
    for plan in Plan.objects.order_by("pk"):
        rows = list(Rules.objects.filter(plan=plan, development_plan=None).order_by("version"))
        traffic = [
            (h.history_date, (h.traffic_green, h.traffic_red))
            for h in HistoricalPlan.objects.filter(id=plan.pk).order_by("history_date", "history_id")
        ]
        found = sequences(
            [(r.created_at, r.definition, r) for r in rows], traffic, (plan.traffic_green, plan.traffic_red)
        )
        if found is None:
            continue
        new, old = found
        # NB: the preset in force before any version stays implicit unless the thresholds differ from it
        new = [r for r in new if r[0] is not None or r[1] != old[0][1]]
        for pdd in DevelopmentPlan.objects.filter(plan=plan).order_by("pk"):
            own = list(Rules.objects.filter(plan=plan, development_plan=pdd).order_by("version"))
            until = own[0].created_at if own else None
            followed = [r for r in old if until is None or r[0] is None or r[0] < until]
            # NB: the development plan falls back to the preset too unless the plan's rules now begin before
            # any date
            if not new or new[0][0] is not None:
                followed = [r for r in followed if r[0] is not None]
            if not followed:
                continue
            for row in reversed(own):
                Rules.objects.filter(pk=row.pk).update(version=row.version + len(followed))
            _create(Rules, plan, pdd, followed)
        Rules.objects.filter(plan=plan, development_plan=None).delete()
        _create(Rules, plan, None, new)


def _create(Rules: Any, plan: Any, pdd: Any, rows: Sequence[Row]) -> None:
    for version, (when, definition, source) in enumerate(rows, start=1):
        row = Rules.objects.create(
            plan=plan,
            development_plan=pdd,
            version=version,
            definition=definition,
            created_by=source.created_by if source is not None else None,
            reason=source.reason if source is not None else REASON,
        )
        Rules.objects.filter(pk=row.pk).update(created_at=when or EPOCH)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_plan_review_settings"),
        ("development", "0005_pdd_levels_as_data"),
        ("indicators", "0010_value_read_as_written"),
    ]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
