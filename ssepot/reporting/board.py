"""The data quality board: how complete and timely each agency's report of a period is.

Per agency, all counted in one aggregate query (so the page costs the same for 5 or 500 agencies):

- assigned items;
- submitted: the agency's entry stands with the planning department (sent, validated, approved or
  published; a returned item is back with the agency and does not count);
- on time: submitted, and its last sending (``submitted_at``) no later than the end of the deadline day in
  Bogotá;
- validated or beyond: validated, approved or published;
- open observations: items returned and not sent again;
- flagged values: items whose entry needed a justification (outliers, rule warnings).

Percentages are of the assigned items, computed from these counts, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ssepot.accounts.permissions import can_review_plan, reviewed_plan_ids
from ssepot.audit.export import csv_response
from ssepot.core.figures import quantize, share
from ssepot.reporting.models import Assignment, ReportingPeriod

BOGOTA = ZoneInfo("America/Bogota")
State = Assignment.State
SUBMITTED = (State.SUBMITTED, State.VALIDATED, State.APPROVED, State.PUBLISHED)
VALIDATED = (State.VALIDATED, State.APPROVED, State.PUBLISHED)


@dataclass
class Quality:
    """One agency's line of the board (or the totals, with no agency)."""

    code: str
    name: str
    assigned: int = 0
    submitted: int = 0
    on_time: int = 0
    validated: int = 0
    open_observations: int = 0
    flagged: int = 0

    @property
    def submitted_pct(self) -> Decimal | None:
        return _pct(self.submitted, self.assigned)

    @property
    def on_time_pct(self) -> Decimal | None:
        return _pct(self.on_time, self.assigned)

    @property
    def validated_pct(self) -> Decimal | None:
        return _pct(self.validated, self.assigned)


COUNTS = [f.name for f in fields(Quality) if f.type == "int"]
COLUMNS = ["agency__code", "agency__name", *COUNTS]


def _pct(part: int, whole: int) -> Decimal | None:
    value = share(part, whole)
    return None if value is None else quantize(value, 1)


def deadline_end(period: ReportingPeriod) -> dt.datetime:
    """The first instant after the deadline day, in Bogotá: a sending before it is on time."""
    return dt.datetime.combine(period.deadline + dt.timedelta(days=1), dt.time.min, tzinfo=BOGOTA)


def quality(period: ReportingPeriod) -> tuple[list[Quality], Quality]:
    """Every agency with assignments in the period, by name, and the totals."""
    submitted = Q(state__in=SUBMITTED)
    rows = (
        Assignment.objects.filter(period=period)
        .order_by()
        .values("agency_id", "agency__code", "agency__name")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=submitted),
            on_time=Count("pk", filter=submitted & Q(submitted_at__lt=deadline_end(period))),
            validated=Count("pk", filter=Q(state__in=VALIDATED)),
            open_observations=Count("pk", filter=Q(state=State.RETURNED)),
            flagged=Count("pk", filter=Q(flagged=True)),
        )
    )
    board = sorted(
        (Quality(code, name, *counts) for code, name, *counts in rows.values_list(*COLUMNS)),
        key=lambda q: q.name.lower(),
    )
    total = Quality("", _("Total"), *(sum(getattr(q, c) for q in board) for c in COUNTS))
    return board, total


def _n(value: Decimal | None) -> Decimal:
    return Decimal(-1) if value is None else value


SORTS: dict[str, Callable[[Quality], Any]] = {
    "dependencia": lambda q: q.name.lower(),
    "asignados": lambda q: q.assigned,
    "enviados": lambda q: _n(q.submitted_pct),
    "a-tiempo": lambda q: _n(q.on_time_pct),
    "validados": lambda q: _n(q.validated_pct),
    "observaciones": lambda q: q.open_observations,
    "marcados": lambda q: q.flagged,
}


def sort(board: list[Quality], key: str, descending: bool) -> list[Quality]:
    """Sorted by a column of ``SORTS`` (unknown keys sort by name); ties by name."""
    by_name = sorted(board, key=SORTS["dependencia"])
    return sorted(by_name, key=SORTS.get(key, SORTS["dependencia"]), reverse=descending)


# -- pages ------------------------------------------------------------------------------------------------


def _reviewed_period(request: HttpRequest, period_id: int) -> ReportingPeriod:
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    if not can_review_plan(request.user, period.plan_id):
        raise PermissionDenied(_("Solo los analistas de planeación del plan ven el tablero de calidad."))
    return period


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The periods whose board the user may see."""
    periods = ReportingPeriod.objects.select_related("plan").order_by("plan__name", "-year")
    if not getattr(request.user, "is_superuser", False):
        periods = periods.filter(plan_id__in=reviewed_plan_ids(request.user))
    return render(request, "board/index.html", {"periods": periods})


@login_required
def period_board(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _reviewed_period(request, period_id)
    board, total = quality(period)
    key = request.GET.get("orden", "dependencia")
    key = key if key in SORTS else "dependencia"
    descending = request.GET.get("dir") == "desc"
    columns = [
        (key_, label, "descending" if descending else "ascending") if key_ == key else (key_, label, "")
        for key_, label in (
            ("dependencia", _("Dependencia")),
            ("asignados", _("Ítems asignados")),
            ("enviados", _("% enviados")),
            ("a-tiempo", _("% enviados a tiempo")),
            ("validados", _("% validados o más")),
            ("observaciones", _("Observaciones abiertas")),
            ("marcados", _("Valores marcados")),
        )
    ]
    context: dict[str, Any] = {
        "period": period,
        "board": sort(board, key, descending),
        "total": total,
        "columns": columns,
        "order": key,
        "descending": descending,
    }
    return render(request, "board/period.html", context)


@login_required
def period_board_csv(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _reviewed_period(request, period_id)
    board, total = quality(period)
    header = [
        "codigo", "dependencia", "asignados", "enviados", "pct_enviados", "a_tiempo", "pct_a_tiempo",
        "validados", "pct_validados", "observaciones_abiertas", "valores_marcados",
    ]  # fmt: skip
    rows = [
        [q.code, q.name, q.assigned, q.submitted, q.submitted_pct, q.on_time, q.on_time_pct, q.validated,
         q.validated_pct, q.open_observations, q.flagged]
        for q in [*board, total]
    ]  # fmt: skip
    return csv_response(f"calidad-{period.plan.slug}-{period.year}", header, rows)
