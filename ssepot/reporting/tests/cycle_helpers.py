"""A year's reporting cycle through the actions, for tests that need published data of several years."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ssepot.reporting import actions
from ssepot.reporting.models import Assignment, Release


def report_and_publish(
    plan: Any, year: int, entries: list[tuple[dict[str, Any], dict[str, Any]]], analyst: Any, reporter: Any
) -> Release:
    """The year's cycle: each item (``{"commitment": c}`` and its draft) reported, validated and approved;
    then the year published."""
    period = actions.open_period(plan, year, dt.date(year, 12, 31), dt.date(year + 1, 2, 15), actor=analyst)
    for item, data in entries:
        a = Assignment.objects.get(period=period, **item)
        a = actions.save_draft(a, data, actor=reporter, expected_revision=a.revision)
        a = actions.submit(a, actor=reporter, expected_revision=a.revision)
        a = actions.validate(a, actor=analyst)
        actions.approve(a, actor=analyst)
    return actions.publish(plan, year, actor=analyst, note=f"Publicación {year}")


def correct_and_publish(
    plan: Any, year: int, item: dict[str, Any], data: dict[str, Any], analyst: Any
) -> Release:
    """The analyst corrects a published item of the year and publishes the year's next release."""
    a = Assignment.objects.get(period__plan=plan, period__year=year, **item)
    a = actions.correct(a, data, "Soporte recibido después", actor=analyst, expected_revision=a.revision)
    actions.approve(a, actor=analyst)
    return actions.publish(plan, year, actor=analyst, note=f"Corrección {year}")
