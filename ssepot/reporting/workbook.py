"""The Excel round-trip of the reporting cycle: a workbook generated for an agency, filled offline and
uploaded back. The upload is checked whole before anything is written; ``apply_workbook`` saves every
draft through ``actions.save_draft`` in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from ssepot.catalogue.models import Agency
from ssepot.reporting.models import ReportingPeriod

TEMPLATE_VERSION = "1"
"""Bump when the layout of the workbook changes: older workbooks are then refused."""


@dataclass
class WorkbookProblem:
    """One problem of an uploaded workbook, where a planner can find it."""

    sheet: str
    row: int | None
    column: str | None
    message: str


@dataclass
class WorkbookResult:
    """What an upload would save (assignment id -> draft, in the shape of ``entries``) and its problems."""

    drafts: dict[int, dict]
    problems: list[WorkbookProblem]
    filename: str
    revisions: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def build_workbook(period: ReportingPeriod, agency: Agency) -> bytes:
    raise NotImplementedError


def read_workbook(data: bytes, *, period: ReportingPeriod, agency: Agency, filename: str) -> WorkbookResult:
    raise NotImplementedError


def apply_workbook(result: WorkbookResult, *, actor: User) -> int:
    raise NotImplementedError
