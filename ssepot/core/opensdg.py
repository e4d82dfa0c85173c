"""The Open SDG progress status as a second method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ssepot.core.figures import Figure

METHOD_VERSION = "1"


@dataclass(frozen=True)
class ProgressConfig:
    pass


def progress_status(
    series: Mapping[int, Decimal],
    direction: str,
    target: Decimal | None,
    target_year: int | None,
    base_year: int | None = None,
    config: ProgressConfig = ProgressConfig(),
) -> Figure:
    raise NotImplementedError
