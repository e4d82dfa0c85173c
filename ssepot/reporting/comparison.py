"""Beside each value an agency reported, what the analyst compares it with (the review page).

For an indicator, each territorial unit's value (and the city total) next to: the last approved or
published version of the same indicator, unit and year (a correction's starting point), and the value
the public sees for the previous year; each with its change (``core.review.change``) and a flag when the
move goes against the indicator's direction (sentido) by more than the plan's declared
``Plan.review_move_threshold``. A commitment's progress and a project's money and physical progress are
compared the same way; progress is expected to grow, money has no direction. For a disaggregated
indicator in an additive unit, the comunas' sum against the total with the blank units counted
(``validation.units_sum_checks``). An indicator that reports by quarter or month gets the same for each
period: its value beside the last approved one of the same period and the same period of the previous
year, with the change and the flag, and each period's comunas' sum.

Reads only: two queries per kind of item on the page, plus two per disaggregated indicator (its units
and the comunas for the sum, read once for the year and its periods).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ssepot.commitments.models import CommitmentStatus
from ssepot.core.figures import fmt_percent
from ssepot.core.periods import period_label
from ssepot.core.review import Change, UnitsSum, against_direction, change
from ssepot.indicators.models import WHOLE_YEAR, Indicator, IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.reporting import actions
from ssepot.reporting.entries import TOTAL, parse
from ssepot.reporting.models import Assignment
from ssepot.reporting.validation import show, units_sum_checks


@dataclass
class Compared:
    """One reported number and what it is compared with."""

    label: str
    now: Decimal | None
    same_year: Decimal | None
    last_year: Decimal | None
    increasing: bool | None  # None: no direction to go against (money)
    threshold: Decimal
    vs_same_year: Change | None = field(init=False)
    vs_last_year: Change | None = field(init=False)

    def __post_init__(self) -> None:
        self.vs_same_year = change(self.now, self.same_year)
        self.vs_last_year = change(self.now, self.last_year)

    def _against(self, moved: Change | None) -> bool:
        if self.increasing is None:
            return False
        return against_direction(moved, increasing=self.increasing, threshold=self.threshold)

    @property
    def flags(self) -> list[str]:
        """Why the value is flagged, in words (empty when it is not)."""
        out = []
        pairs = (
            (self.vs_last_year, _("frente a la vigencia anterior")),
            (self.vs_same_year, _("frente al último valor aprobado de la vigencia")),
        )
        for moved, against in pairs:
            if moved is not None and self._against(moved):
                verb = _("baja") if moved.absolute < 0 else _("sube")
                size = fmt_percent(abs(moved.relative) * 100) if moved.relative is not None else _("desde 0")
                out.append(
                    _("%(verb)s %(size)s %(against)s") % {"verb": verb, "size": size, "against": against}
                )
        return out

    @property
    def cells(self) -> dict[str, str]:
        return {
            "now": _number(self.now),
            "same_year": _number(self.same_year),
            "vs_same_year": _moved(self.vs_same_year),
            "last_year": _number(self.last_year),
            "vs_last_year": _moved(self.vs_last_year),
        }


@dataclass
class Comparison:
    rows: list[Compared]
    direction: str  # the indicator's sentido as shown ("Creciente"), or "" for no direction
    units_sum: UnitsSum | None = None
    period_sums: list[tuple[str, UnitsSum]] = field(default_factory=list)
    """Each quarter's or month's comunas' sum, by its label (``T2``)."""
    by_period: bool = False

    @property
    def units_sum_text(self) -> str:
        return units_sum_text(self.units_sum) if self.units_sum is not None else ""

    @property
    def period_sum_texts(self) -> list[tuple[str, UnitsSum, str]]:
        return [(label, check, units_sum_text(check)) for label, check in self.period_sums]


def units_sum_text(check: UnitsSum) -> str:
    """The comunas' sum against the total in words, saying how many units are blank."""
    values = {"n": check.expected, "reported": check.reported, "blank": check.blank,
              "sum": show(check.added), "total": show(check.total)}  # fmt: skip
    if check.bound == "igual":
        if check.holds:
            return _("Las %(n)d unidades territoriales suman %(sum)s, igual al total (%(total)s).") % values
        return (
            _("Las %(n)d unidades territoriales suman %(sum)s y el total es %(total)s: no coinciden.")
            % values
        )
    blanks = (
        _(
            "%(blank)d de %(n)d unidades territoriales están en blanco, y en blanco no es cero: la suma "
            "de las %(reported)d reportadas, %(sum)s, "
        )
        % values
    )
    if check.bound == "minimo":
        verdict = (
            _("es un mínimo del total; el total (%(total)s) lo cumple.")
            if check.holds
            else _("es un mínimo del total, y el total (%(total)s) queda por debajo.")
        )
    elif check.bound == "maximo":
        verdict = (
            _("es un máximo del total; el total (%(total)s) lo cumple.")
            if check.holds
            else _("es un máximo del total, y el total (%(total)s) lo supera.")
        )
    else:
        verdict = _("no acota el total (%(total)s): hay valores de signo distinto.")
    return blanks + verdict % values


def _number(value: Decimal | None) -> str:
    return "—" if value is None else show(value)


def _moved(moved: Change | None) -> str:
    """``+2,5 (+25,0 %)``; the share is left out from 0."""
    if moved is None:
        return "—"
    sign = "+" if moved.absolute > 0 else ""
    text = f"{sign}{show(moved.absolute)}"
    if moved.relative is not None:
        pct_sign = "+" if moved.relative > 0 else ""
        text += f" ({pct_sign}{fmt_percent(moved.relative * 100)})"
    return text


def _latest_by_key(rows: Iterable[Any]) -> dict[tuple[int, str | None, int], Decimal | None]:
    """The last value per (indicator, territorial unit code, period); ordered by version, the highest
    wins."""
    return {(row[0], row[1], row[3]): row[2] for row in rows}


def compare(
    items: list[Assignment], year: int, threshold: Decimal, unit_names: dict[str, str]
) -> dict[int, Comparison]:
    """The comparison of each item (by assignment id) whose entry has something to compare;
    ``unit_names`` names the territorial units by code."""
    out: dict[int, Comparison] = {}
    indicators = [a for a in items if a.indicator_id is not None]
    if indicators:
        out.update(_indicators(indicators, year, threshold, unit_names))
    commitments = [a for a in items if a.commitment_id is not None]
    if commitments:
        out.update(_commitments(commitments, year, threshold))
    projects = [a for a in items if a.project_id is not None]
    if projects:
        out.update(_projects(projects, year, threshold))
    return out


def _indicators(
    items: list[Assignment], year: int, threshold: Decimal, unit_names: dict[str, str]
) -> dict[int, Comparison]:
    ids = [a.indicator_id for a in items if a.indicator_id is not None]
    # NB: every period: the whole year's values (period 0) and each quarter's or month's
    base = IndicatorValue.objects.filter(indicator_id__in=ids, value__isnull=False)
    fields = ("indicator_id", "territorial_unit__code", "value", "period")
    approved = _latest_by_key(
        base.filter(year=year, approval__isnull=False).order_by("version").values_list(*fields)
    )
    published = _latest_by_key(base.filter(year=year - 1).published().values_list(*fields))
    out = {}
    for a in items:
        indicator = a.indicator
        assert indicator is not None and a.indicator_id is not None
        entry = parse(a.kind, a.draft or {}, actions.unit_codes(a), **actions.period_options(a))
        increasing = indicator.direction != Indicator.Direction.DECREASING
        rows = []
        sets = [(WHOLE_YEAR, entry.values), *sorted(entry.periods.items())]
        for period, by_unit in sets:
            label = period_label(indicator.frequency, period) if period != WHOLE_YEAR else ""
            for code in sorted(by_unit, key=lambda c: (c != TOTAL, c)):
                key = (a.indicator_id, code or None, period)
                unit = _("Total") if code == TOTAL else unit_names.get(code, code)
                rows.append(
                    Compared(
                        label=f"{label} · {unit}" if label else unit,
                        now=by_unit[code],
                        same_year=approved.get(key),
                        last_year=published.get(key),
                        increasing=increasing,
                        threshold=threshold,
                    )
                )
        if not rows:
            continue
        year_sum, *sums = units_sum_checks(a, indicator, [values for _period, values in sets])
        period_sums = [
            (period_label(indicator.frequency, period), check)
            for (period, _values), check in zip(sets[1:], sums, strict=True)
            if check is not None
        ]
        out[a.pk] = Comparison(
            rows, indicator.get_direction_display(), year_sum, period_sums, by_period=bool(entry.periods)
        )
    return out


def _commitments(items: list[Assignment], year: int, threshold: Decimal) -> dict[int, Comparison]:
    ids = [a.commitment_id for a in items if a.commitment_id is not None]
    base = CommitmentStatus.objects.filter(commitment_id__in=ids)
    approved = dict(
        base.filter(year=year, approval__isnull=False)
        .order_by("version")
        .values_list("commitment_id", "progress")
    )
    published = dict(base.filter(year=year - 1).published().values_list("commitment_id", "progress"))
    out = {}
    for a in items:
        entry = parse(a.kind, a.draft or {})
        if entry.progress is None:
            continue
        row = Compared(_("Avance (%)"), entry.progress, approved.get(a.commitment_id or 0),
                       published.get(a.commitment_id), True, threshold)  # fmt: skip
        out[a.pk] = Comparison([row], _("Creciente"))
    return out


def _projects(items: list[Assignment], year: int, threshold: Decimal) -> dict[int, Comparison]:
    ids = [a.project_id for a in items if a.project_id is not None]
    base = ProjectYear.objects.filter(project_id__in=ids)
    names = ("budget", "executed", "physical_progress")
    approved = {
        row[0]: row[1:]
        for row in base.filter(year=year, approval__isnull=False)
        .order_by("version")
        .values_list("project_id", *names)
    }
    published = {
        row[0]: row[1:] for row in base.filter(year=year - 1).published().values_list("project_id", *names)
    }
    labels = (_("Presupuesto"), _("Ejecutado"), _("Avance físico (%)"))
    out = {}
    for a in items:
        entry = parse(a.kind, a.draft or {})
        now = (entry.budget, entry.executed, entry.physical_progress)
        before, last = approved.get(a.project_id or 0), published.get(a.project_id or 0)
        rows = [
            Compared(
                label,
                _decimal(now[i]),
                _decimal(before[i]) if before else None,
                _decimal(last[i]) if last else None,
                True if names[i] == "physical_progress" else None,
                threshold,
            )
            for i, label in enumerate(labels)
            if now[i] is not None
        ]
        if rows:
            out[a.pk] = Comparison(rows, "")
    return out


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def threshold_text(threshold: Decimal) -> str:
    return fmt_percent(threshold * 100)
