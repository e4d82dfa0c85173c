"""The core reproduces the synthetic PDD's figures with the rules the demo was designed with (and declares:
``ssepot.demo.pdd_design.RULES``).

``ssepot.demo.pdd_design`` hits its targets with the core's term progress and effective weights; here the
same design goes through the core's public figures (roll-up, subsets, classes) and must give the seed's
57 % physical progress, 14.9 points, 52.2 % and 107 / 18 / 24.
"""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from ssepot.core.indicators import IndicatorSeries, class_distribution, term_progress
from ssepot.core.rollup import Node, rollup, subset_contribution, subset_mean
from ssepot.core.rules import RuleSet, rollup_tree
from ssepot.demo.pdd_design import RULES, IndicatorDesign, PddDesign, design_pdd

DESIGNED = RuleSet.from_definition(RULES)


def as_series(n: int, ind: IndicatorDesign) -> IndicatorSeries:
    return IndicatorSeries(
        id=n,
        code=ind.code,
        name=ind.name,
        accumulation=ind.accumulation,
        direction="C",
        plan_target=ind.plan_target,
        baseline=ind.baseline,
        baseline_included=False,
        targets=ind.targets,
        achievements=ind.values,
        weight=ind.weight,
    )


def as_tree(design: PddDesign) -> tuple[Node, dict[str, D | None], set[str]]:
    progress: dict[str, D | None] = {}
    linked: set[str] = set()
    counter = iter(range(1, 10_000))

    def indicator(ind: IndicatorDesign) -> Node:
        series = as_series(next(counter), ind)
        value = term_progress(series, 2025, DESIGNED).value
        progress[series.ref] = None if value is None else D(value)
        if ind.linked:
            linked.add(series.ref)
        return Node(series.ref, ind.name, ind.weight, value=progress[series.ref])

    lines = tuple(
        Node(
            f"linea:{line.code}",
            line.name,
            line.weight,
            tuple(
                Node(
                    f"componente:{comp.code}",
                    comp.name,
                    comp.weight,
                    tuple(
                        Node(
                            f"programa:{prog.code}",
                            prog.name,
                            prog.weight,
                            tuple(map(indicator, prog.indicators)),
                        )
                        for prog in comp.children
                    ),
                )
                for comp in line.children
            ),
        )
        for line in design.lines
    )
    return rollup_tree(Node("pdd", "Plan de Desarrollo", children=lines), DESIGNED), progress, linked


@pytest.fixture(scope="module")
def pdd() -> tuple[Node, dict[str, D | None], set[str]]:
    return as_tree(design_pdd(random.Random(20251231)))


def test_the_plans_physical_progress_is_57_percent(pdd: tuple[Node, dict[str, D | None], set[str]]) -> None:
    tree, _, _ = pdd
    assert rollup(tree, "pdd.avance_fisico").rounded(1) == D("57.0")


def test_the_pot_linked_indicators_add_14_9_points_at_52_2_percent(
    pdd: tuple[Node, dict[str, D | None], set[str]],
) -> None:
    tree, _, linked = pdd
    assert len(linked) == 149
    assert subset_contribution(tree, linked, "pot_pdd.aporte").rounded(1) == D("14.9")
    assert subset_mean(tree, linked, "pot_pdd.avance_agregado").rounded(1) == D("52.2")


def test_the_linked_indicators_split_107_18_24_by_class(
    pdd: tuple[Node, dict[str, D | None], set[str]],
) -> None:
    _, progress, linked = pdd
    figures = {f.key: f.value for f in class_distribution({r: progress[r] for r in linked}, 24, 48)}
    assert [figures["pdd.clases.alto"], figures["pdd.clases.medio"], figures["pdd.clases.bajo"]] == [
        107,
        18,
        24,
    ]
