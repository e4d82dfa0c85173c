"""Validation of an agency's entry beyond its types: the plan's rules and the indicator's history."""

from __future__ import annotations

from ssepot.reporting.entries import Entry, Problem
from ssepot.reporting.models import Assignment


def check_entry(assignment: Assignment, entry: Entry) -> list[Problem]:
    """Problems of ``entry`` found by the plan's validation rules and the outlier checks."""
    return []
