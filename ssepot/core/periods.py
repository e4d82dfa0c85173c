"""Periods below the year: an indicator's quarters or months combined into its year by its named rule.

Most Colombian plans program and report their goals per quarter (some per month). The figures work by
year, so a year of an indicator that reports by period is combined here first, and the combination is
stated beside the figure. The rules, in plain words:

- **A year with its own value** (period 0, the whole year) uses it: the periods are then detail only.
  The same for the year's target.
- Otherwise the reported periods of the year are combined by the indicator's named rule
  (``ssepot.core.rules``):
  - ``flujo`` (flow): the sum of the periods' values; the year's target is the sum of the periods'
    targets;
  - ``acumulado`` (stock) and ``nivel`` (level): the last period reported, whose value already includes
    the earlier ones; the year's target is the last period's target;
  - ``mantenimiento``: the mean of the periods' compliance (value / that period's target, or the year's
    own target when the period has none; a period with neither, or with a target of 0, is left out). The
    year's target is its own, else the mean of the periods' targets, and the year's value is the one whose
    compliance is that mean (mean × target; for a decreasing indicator, target / mean, as the yearly rule
    counts a value at or below the target as compliance 1 and target / value above it).
- **Partial years**: a year with only some periods reported is combined from those and marked partial:
  the formula says how many ("3 de 4 trimestres"). Periods not reported are not zeros.
- Codes (``S/D``, ``-1``...) are not values: a period with a code is a period not reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ssepot.core.figures import fmt_number
from ssepot.core.rules import FLOW, LEVEL, MAINTENANCE, RULES, STOCK

YEARLY, QUARTERLY, MONTHLY = "anual", "trimestral", "mensual"
PERIODS_PER_YEAR = {YEARLY: 1, QUARTERLY: 4, MONTHLY: 12}
WHOLE_YEAR = 0
_NAMES = {QUARTERLY: ("trimestre", "trimestres"), MONTHLY: ("mes", "meses")}
_PERIOD = re.compile(r"^\s*(\d{4})\s*-\s*([TtMm])\s*(\d{1,2})\s*$")
_LETTER = {"T": QUARTERLY, "M": MONTHLY}
ZERO, ONE = Decimal(0), Decimal(1)


class PeriodError(ValueError):
    """A period written in a way that cannot be read, in words a planner understands."""


def period_label(frequency: str, period: int) -> str:
    """``T1`` for the first quarter, ``M03`` for March, ``""`` for the whole year."""
    if period == WHOLE_YEAR:
        return ""
    return f"T{period}" if frequency == QUARTERLY else f"M{period:02d}"


def period_text(year: int, frequency: str, period: int) -> str:
    """``2024-T1``, ``2024-M03``, ``2024``: how mappings, workbooks and the API write a period."""
    label = period_label(frequency, period)
    return f"{year}-{label}" if label else str(year)


def parse_period(text: str) -> tuple[int, str, int]:
    """``2024-T1`` -> (2024, ``trimestral``, 1); ``2024-M03`` -> (2024, ``mensual``, 3)."""
    match = _PERIOD.match(str(text))
    if match is None:
        raise PeriodError(
            f"«{text}» no es un periodo: escriba el año y el trimestre (2024-T1 a 2024-T4) o el mes "
            "(2024-M01 a 2024-M12)"
        )
    year, frequency, period = int(match[1]), _LETTER[match[2].upper()], int(match[3])
    if not 1 <= period <= PERIODS_PER_YEAR[frequency]:
        raise PeriodError(
            f"«{text}»: un año tiene {PERIODS_PER_YEAR[frequency]} {_NAMES[frequency][1]} "
            f"(1 a {PERIODS_PER_YEAR[frequency]})"
        )
    return year, frequency, period


def labels(frequency: str, upto: int | None = None) -> list[str]:
    """The periods of a year by ``frequency`` (``T1``..``T4``, ``M01``..``M12``; none for a yearly
    indicator), the first ``upto`` only when given."""
    count = PERIODS_PER_YEAR.get(frequency, 1) if frequency != YEARLY else 0
    return [period_label(frequency, p) for p in range(1, min(count, count if upto is None else upto) + 1)]


def label_period(frequency: str, label: str) -> int:
    """``T1`` -> 1, ``M03`` -> 3 (as ``period_label`` writes them, any case); a label that is not one of
    the year's periods by ``frequency`` raises ``PeriodError`` naming the ones it has."""
    text = str(label).strip().upper()
    for period, known in enumerate(labels(frequency), start=1):
        if text == known or (text[:1] == known[:1] and text[1:].isdigit() and int(text[1:]) == period):
            return period
    if frequency == YEARLY:
        raise PeriodError(f"«{label}»: el indicador se reporta por año, no por trimestre ni por mes")
    names = labels(frequency)
    raise PeriodError(f"«{label}» no es un {_NAMES[frequency][0]} del año: escriba {names[0]} a {names[-1]}")


def periods_begun(frequency: str, year: int, cutoff: dt.date) -> int:
    """How many of the year's periods had begun by the cut-off date (a period not begun cannot be
    reported): all of them when the cut-off is in a later year, none when in an earlier one."""
    count = PERIODS_PER_YEAR.get(frequency, 1)
    if cutoff.year != year:
        return count if cutoff.year > year else 0
    months = 12 // count
    return (cutoff.month - 1) // months + 1


def count_text(frequency: str, reported: int) -> str:
    """``3 de 4 trimestres``, ``1 de 12 meses``."""
    return f"{reported} de {PERIODS_PER_YEAR[frequency]} {_NAMES.get(frequency, ('', 'periodos'))[1]}"


def _n(value: Decimal | None) -> str:
    return "ND" if value is None else fmt_number(value, 4).rstrip("0").rstrip(",")


@dataclass(frozen=True)
class Year:
    """One year of an indicator, combined from its periods (or its own whole-year row)."""

    year: int
    value: Decimal | None
    target: Decimal | None
    reported: int
    """Periods with a value that entered the combination (0 when the year's own value was used)."""
    expected: int
    """Periods in a year by the indicator's frequency."""
    formula: str

    @property
    def partial(self) -> bool:
        """Combined from some of the year's periods only."""
        return 0 < self.reported < self.expected

    @property
    def coverage(self) -> str:
        """``3 de 4 trimestres`` when the year was combined from its periods; empty when it has its own
        value (or none)."""
        if not self.reported:
            return ""
        return count_text(
            QUARTERLY if self.expected == PERIODS_PER_YEAR[QUARTERLY] else MONTHLY, self.reported
        )


def combine_target(rule: str, targets: Mapping[int, Decimal]) -> Decimal | None:
    """The year's target from its periods' targets: flow, their sum; stock and level, the last one;
    maintenance, their mean. None without any."""
    if not targets:
        return None
    ordered = [targets[p] for p in sorted(targets)]
    if rule == FLOW:
        return sum(ordered, ZERO)
    if rule == MAINTENANCE:
        return sum(ordered, ZERO) / len(ordered)
    return ordered[-1]


def combine_year(
    rule: str,
    frequency: str,
    year: int,
    values: Mapping[int, Decimal],
    targets: Mapping[int, Decimal],
    *,
    decreasing: bool = False,
) -> Year:
    """One year of an indicator from its rows by period (``0`` = the whole year's own row, ``1..n`` its
    quarters or months), by the named ``rule``: see the module's rules."""
    if rule not in RULES:
        raise PeriodError(f"regla desconocida «{rule}»: las reglas son {', '.join(RULES)}")
    expected = PERIODS_PER_YEAR.get(frequency, 1)
    own_target = targets.get(WHOLE_YEAR)
    periods = {p: v for p, v in values.items() if p != WHOLE_YEAR}
    period_targets = {p: v for p, v in targets.items() if p != WHOLE_YEAR}
    target = own_target if own_target is not None else combine_target(rule, period_targets)
    target_text = (
        ""
        if own_target is not None or not period_targets
        else f"; meta {year} de los periodos = {_n(target)}"
    )
    if WHOLE_YEAR in values:
        return Year(year, values[WHOLE_YEAR], target, 0, expected, f"valor anual reportado {year}")
    if not periods:
        return Year(year, None, target, 0, expected, f"sin periodos reportados en {year}{target_text}")
    ordered = sorted(periods)
    labels = [period_label(frequency, p) for p in ordered]
    partial = f" (parcial: {count_text(frequency, len(ordered))})" if len(ordered) < expected else ""
    value: Decimal | None
    if rule == FLOW:
        value = sum((periods[p] for p in ordered), ZERO)
        how = (
            f"flujo: suma de {' + '.join(labels)} = {' + '.join(_n(periods[p]) for p in ordered)} = "
            f"{_n(value)}"
        )
    elif rule in (STOCK, LEVEL):
        value = periods[ordered[-1]]
        how = f"{rule}: último periodo reportado ({labels[-1]}) = {_n(value)}"
    else:
        value, how = _maintenance(periods, period_targets, own_target, target, frequency, decreasing)
    return Year(year, value, target, len(ordered), expected, f"{year}: {how}{partial}{target_text}")


def _maintenance(
    periods: Mapping[int, Decimal],
    period_targets: Mapping[int, Decimal],
    own_target: Decimal | None,
    target: Decimal | None,
    frequency: str,
    decreasing: bool,
) -> tuple[Decimal | None, str]:
    """The mean of the periods' compliance, and the year's value with that compliance."""
    found: list[tuple[str, Decimal]] = []
    left_out: list[str] = []
    for p in sorted(periods):
        value, label = periods[p], period_label(frequency, p)
        goal = period_targets.get(p, own_target)
        if goal is None or (goal == 0 and not decreasing):
            left_out.append(label)
            continue
        c = (ONE if value <= goal else goal / value) if decreasing else value / goal
        found.append((label, c))
    skipped = f"; sin meta: {', '.join(left_out)}" if left_out else ""
    if not found or target is None:
        return None, f"mantenimiento: ningún periodo con valor y meta{skipped}"
    mean = sum((c for _, c in found), ZERO) / len(found)
    parts = " + ".join(_n(c) for _, c in found)
    how = f"mantenimiento: media del cumplimiento (valor / meta) de {', '.join(lb for lb, _ in found)} = "
    how += f"({parts}) / {len(found)} = {_n(mean)}"
    if not decreasing:
        value = mean * target
        return value, f"{how}; valor equivalente = {_n(mean)} × meta {_n(target)} = {_n(value)}{skipped}"
    if mean == 0:
        return None, f"{how}; sin valor equivalente (cumplimiento 0 con meta 0){skipped}"
    value = target if mean == ONE else target / mean
    return value, f"{how}; valor equivalente = meta {_n(target)} / {_n(mean)} = {_n(value)}{skipped}"


def combine(
    rule: str,
    frequency: str,
    values: Mapping[tuple[int, int], Decimal],
    targets: Mapping[tuple[int, int], Decimal],
    *,
    decreasing: bool = False,
) -> dict[int, Year]:
    """Every year of an indicator, from its rows keyed by (year, period)."""
    by_year: dict[int, tuple[dict[int, Decimal], dict[int, Decimal]]] = defaultdict(lambda: ({}, {}))
    for (year, period), value in values.items():
        by_year[year][0][period] = value
    for (year, period), target in targets.items():
        by_year[year][1][period] = target
    return {
        year: combine_year(rule, frequency, year, v, t, decreasing=decreasing)
        for year, (v, t) in sorted(by_year.items())
    }
