"""Weighted roll-up of progress up a hierarchy, with coverage, effective weights and subsets."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from ssepot.core.figures import Figure

METHOD_VERSION = "1"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    weight: Decimal | None = None
    children: tuple[Node, ...] = ()
    value: Decimal | None = None


def rollup(node: Node, key: str) -> Figure:
    raise NotImplementedError


def rollup_with_coverage(node: Node, key: str) -> tuple[Figure, Figure]:
    raise NotImplementedError


def rollup_all(node: Node, key_prefix: str) -> dict[str, Figure]:
    raise NotImplementedError


def effective_weights(root: Node) -> dict[str, Decimal]:
    raise NotImplementedError


def subset_contribution(root: Node, leaf_ids: Collection[str], key: str) -> Figure:
    raise NotImplementedError


def subset_mean(root: Node, leaf_ids: Collection[str], key: str) -> Figure:
    raise NotImplementedError
