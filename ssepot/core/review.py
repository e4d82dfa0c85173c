"""What the analyst reads beside a reported value: the change from an earlier value, whether it moves
against the indicator's direction, and what the territorial units' sum can say when some are blank.

Rules, stated once:
- **change**: the reported value minus the earlier one, and that difference as a share of the earlier
  value's size; from an earlier 0 the share is undefined (None), never infinite or zero.
- **against the direction**: an increasing indicator that goes down, or a decreasing one that goes up, by
  more than ``threshold`` (a fraction of the earlier value's size, e.g. 0,2 = 20 %); from an earlier 0 any
  move against the direction counts, since no share can be computed. A change of exactly the threshold is
  not flagged.
- **units' sum with blanks**: a blank unit is not zero; it is unknown. With every unit filled, the sum
  must equal the total (within ``tolerance``). With some blank and every reported part at least 0, the
  blanks can only add, so the sum is a lower bound of the total (the total must not be below it); with
  every reported part at most 0 the sum is an upper bound; with parts of both signs nothing can be said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

DEFAULT_MOVE_THRESHOLD = Decimal("0.2")
"""The share of change against the direction that a plan flags unless it declares another."""


@dataclass(frozen=True)
class Change:
    before: Decimal
    now: Decimal

    @property
    def absolute(self) -> Decimal:
        return self.now - self.before

    @property
    def relative(self) -> Decimal | None:
        """The change as a fraction of the earlier value's size; None from 0."""
        if self.before == 0:
            return None
        return self.absolute / abs(self.before)


def change(now: Decimal | None, before: Decimal | None) -> Change | None:
    """The change from ``before`` to ``now``; None when either is missing."""
    if now is None or before is None:
        return None
    return Change(before=before, now=now)


def against_direction(moved: Change | None, *, increasing: bool, threshold: Decimal) -> bool:
    """Whether the move goes against the indicator's direction by more than ``threshold``."""
    if moved is None or moved.absolute == 0:
        return False
    against = moved.absolute < 0 if increasing else moved.absolute > 0
    if not against:
        return False
    relative = moved.relative
    return relative is None or abs(relative) > threshold


@dataclass(frozen=True)
class UnitsSum:
    """The territorial units' sum checked against the total.

    ``bound`` says what the sum is for the total: ``"igual"`` (every unit filled), ``"minimo"`` (blanks
    can only add), ``"maximo"`` (blanks can only subtract) or ``None`` (no verdict); ``holds`` is None
    exactly when there is no verdict."""

    total: Decimal
    added: Decimal
    reported: int
    blank: int
    bound: str | None
    holds: bool | None

    @property
    def expected(self) -> int:
        return self.reported + self.blank


def units_sum(total: Decimal, parts: Mapping[str, Decimal], units: int, tolerance: Decimal) -> UnitsSum:
    """Check the reported ``parts`` (unit -> value; a blank unit is absent, not 0) of ``units`` territorial
    units against ``total``."""
    added = sum(parts.values(), ZERO)
    blank = max(units - len(parts), 0)
    bound: str | None
    holds: bool | None
    if blank == 0:
        bound, holds = "igual", abs(added - total) <= tolerance
    elif all(v >= 0 for v in parts.values()):
        bound, holds = "minimo", added <= total + tolerance
    elif all(v <= 0 for v in parts.values()):
        bound, holds = "maximo", added >= total - tolerance
    else:
        bound, holds = None, None
    return UnitsSum(total=total, added=added, reported=len(parts), blank=blank, bound=bound, holds=holds)
