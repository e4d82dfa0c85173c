"""Indicator figures: yearly compliance, term progress, traffic lights and progress classes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.figures import Figure

METHOD_VERSION = "1"


@dataclass(frozen=True)
class IndicatorSeries:
    id: int
    code: str
    name: str
    accumulation: str
    direction: str
    plan_target: Decimal | None
    baseline: Decimal | None = None
    baseline_included: bool = False
    targets: Mapping[int, Decimal] = field(default_factory=dict)
    achievements: Mapping[int, Decimal] = field(default_factory=dict)
    weight: Decimal | None = None


@dataclass(frozen=True)
class Thresholds:
    green: Decimal = Decimal("0.9")
    red: Decimal = Decimal("0.6")


@dataclass(frozen=True)
class ClassThresholds:
    high: Decimal = Decimal("0.9")
    low: Decimal = Decimal("0.6")
    relative_to_expectation: bool = True


def yearly_compliance(series: IndicatorSeries, year: int) -> Figure:
    raise NotImplementedError


def term_progress(series: IndicatorSeries, year: int, start_year: int | None = None) -> Figure:
    raise NotImplementedError


def expected_progress(months_elapsed: int, months_total: int) -> Decimal:
    raise NotImplementedError


def traffic_light(
    progress: Decimal | None,
    months_elapsed: int,
    months_total: int,
    thresholds: Thresholds = Thresholds(),
    *,
    programmed: bool = True,
    target_is_zero: bool = False,
) -> str:
    raise NotImplementedError


def progress_class(
    progress: Decimal | None,
    months_elapsed: int,
    months_total: int,
    thresholds: ClassThresholds = ClassThresholds(),
) -> str:
    raise NotImplementedError


def class_distribution(
    progress_by_ref: Mapping[str, Decimal | None],
    months_elapsed: int,
    months_total: int,
    thresholds: ClassThresholds = ClassThresholds(),
    key_prefix: str = "pdd.clases",
) -> list[Figure]:
    raise NotImplementedError
