"""Money figures: budget, execution and shares, in integer COP."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ssepot.core.figures import Figure

METHOD_VERSION = "1"


@dataclass(frozen=True)
class MoneyRecord:
    ref: str
    label: str
    year: int
    budget: int
    executed: int
    groups: Mapping[str, str] = field(default_factory=dict)


def money_totals(
    records: Iterable[MoneyRecord],
    years: Collection[int] | None,
    key: str,
    label: str,
    *,
    budget_years: Collection[int] | None = None,
    executed_years: Collection[int] | None = None,
) -> list[Figure]:
    raise NotImplementedError


def money_by_group(
    records: Iterable[MoneyRecord],
    group: str,
    key_prefix: str,
    years: Collection[int] | None = None,
    *,
    budget_years: Collection[int] | None = None,
    executed_years: Collection[int] | None = None,
) -> list[Figure]:
    raise NotImplementedError


def share_figure(part: Figure, whole: Figure, key: str, label: str) -> Figure:
    raise NotImplementedError
