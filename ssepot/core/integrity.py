"""Integrity checks on plain records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    kind: str
    ref: str
    message: str
