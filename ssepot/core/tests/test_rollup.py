"""Roll-up rules: weighted means, missing values and weights, coverage, effective weights and subsets.

The hand-computed tree (weights in brackets, progress in %):

    plan
    ├── line:1 [3]
    │   ├── comp:1 [1]: ind:1 [1] = 40, ind:2 [3] = 80        -> (40 + 240) / 4 = 70
    │   └── comp:2 [1]: ind:3 [2] = 50                          -> 50
    │                                                           line:1 = (70 + 50) / 2 = 60
    └── line:2 [1]
        └── comp:3 [1]: ind:4 [1] = 20, ind:5 [1] = no data    -> 20 (ind:5 left out)
                                                                line:2 = 20
    plan = (3 x 60 + 1 x 20) / 4 = 50

Effective weights: ind:1 3/32, ind:2 9/32, ind:3 3/8, ind:4 1/4, ind:5 0 (sum 1). The missing leaf's
nominal share of the plan is 1/4 x 1/2 = 1/8, so the coverage is 87.5 %.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.rollup import (
    Node,
    effective_weights,
    rollup,
    rollup_all,
    rollup_with_coverage,
    subset_contribution,
    subset_mean,
)

TOLERANCE = D("1e-20")


def leaf(id: str, weight: object, value: object) -> Node:
    return Node(
        id, id, None if weight is None else D(str(weight)), value=None if value is None else D(str(value))
    )


PLAN = Node(
    "plan",
    "Plan de desarrollo",
    children=(
        Node(
            "line:1",
            "Línea 1",
            D(3),
            (
                Node("comp:1", "Componente 1", D(1), (leaf("ind:1", 1, 40), leaf("ind:2", 3, 80))),
                Node("comp:2", "Componente 2", D(1), (leaf("ind:3", 2, 50),)),
            ),
        ),
        Node(
            "line:2",
            "Línea 2",
            D(1),
            (Node("comp:3", "Componente 3", D(1), (leaf("ind:4", 1, 20), leaf("ind:5", 1, None))),),
        ),
    ),
)


def test_the_plan_is_the_weighted_mean_of_its_lines_computed_by_hand() -> None:
    f = rollup(PLAN, "pdd.avance_fisico")
    assert f.value == D(50)
    assert f.unit == "%"
    assert f.key == "pdd.avance_fisico"
    assert "(3 × 60,00 + 1 × 20,00) / (3 + 1) = 50,00 %" in f.formula


def test_every_level_is_rolled_up_and_keyed_by_node() -> None:
    figures = rollup_all(PLAN, "pdd")
    assert {k: f.value for k, f in figures.items()} == {
        "plan": D(50),
        "line:1": D(60),
        "comp:1": D(70),
        "comp:2": D(50),
        "line:2": D(20),
        "comp:3": D(20),
        "ind:1": D(40),
        "ind:2": D(80),
        "ind:3": D(50),
        "ind:4": D(20),
        "ind:5": None,
    }
    assert figures["comp:1"].key == "pdd.comp_1"


def test_a_child_without_data_is_left_out_and_its_siblings_renormalised() -> None:
    figures = rollup_all(PLAN, "pdd")
    assert figures["comp:3"].value == D(20)
    assert "1 hijo(s) sin dato excluido(s)" in figures["comp:3"].formula
    assert figures["comp:3"].status == "cobertura parcial"
    assert figures["comp:1"].status == ""


def test_coverage_is_the_share_of_effective_weight_with_data() -> None:
    value, coverage = rollup_with_coverage(PLAN, "pdd.avance_fisico")
    assert coverage.key == "pdd.avance_fisico.cobertura"
    assert coverage.value == D("87.5")
    assert "4 de 5 hojas con dato" in coverage.formula
    assert "cobertura: 87,50 %" in value.formula
    assert value.status == "cobertura parcial"
    assert any(i.ref == "pdd.avance_fisico.cobertura" and i.value == D("87.5") for i in value.inputs)


def test_a_subtree_without_any_data_is_left_out_like_a_missing_leaf() -> None:
    tree = Node(
        "root",
        "Raíz",
        children=(
            Node("a", "A", D(1), (leaf("a1", None, 30),)),
            Node("b", "B", D(3), (leaf("b1", None, None), leaf("b2", None, None))),
        ),
    )
    value, coverage = rollup_with_coverage(tree, "k")
    assert value.value == D(30)
    assert coverage.value == D(25)


def test_nothing_with_data_gives_nd_and_zero_coverage() -> None:
    tree = Node("root", "Raíz", children=(leaf("a", 1, None),))
    value, coverage = rollup_with_coverage(tree, "k")
    assert (value.value, value.status) == (None, "ND")
    assert coverage.value == D(0)


def test_siblings_without_any_weight_count_equally() -> None:
    tree = Node("root", "Raíz", children=(leaf("a", None, 10), leaf("b", None, 40)))
    f = rollup(tree, "k")
    assert f.value == D(25)
    assert f.note == ""


def test_a_missing_weight_among_weighted_siblings_counts_as_zero_and_says_so() -> None:
    tree = Node("root", "Raíz", children=(leaf("a", 2, 10), leaf("b", None, 40)))
    f = rollup(tree, "k")
    assert f.value == D(10)
    assert "b sin peso" in f.note


def test_a_negative_weight_counts_as_zero_and_says_so() -> None:
    tree = Node("root", "Raíz", children=(leaf("a", 2, 10), leaf("b", -1, 40)))
    f = rollup(tree, "k")
    assert f.value == D(10)
    assert "peso negativo" in f.note


def test_duplicate_node_ids_are_refused() -> None:
    tree = Node("root", "Raíz", children=(leaf("a", 1, 10), leaf("a", 1, 40)))
    with pytest.raises(ValueError, match="twice"):
        rollup(tree, "k")


def test_effective_weights_are_products_of_normalised_weights_computed_by_hand() -> None:
    assert effective_weights(PLAN) == {
        "ind:1": D(3) / 32,
        "ind:2": D(9) / 32,
        "ind:3": D(3) / 8,
        "ind:4": D(1) / 4,
        "ind:5": D(0),
    }


def test_the_plan_value_is_the_sum_of_effective_weight_times_progress() -> None:
    e = effective_weights(PLAN)
    progress = {"ind:1": 40, "ind:2": 80, "ind:3": 50, "ind:4": 20}
    assert sum(e[i] * p for i, p in progress.items()) == rollup(PLAN, "k").value


def test_subset_contribution_is_in_points_of_the_plans_progress() -> None:
    f = subset_contribution(PLAN, ["ind:2", "ind:4"], "pot_pdd.aporte")
    # 9/32 x 80 + 1/4 x 20 = 22.5 + 5
    assert f.value == D("27.5")
    assert f.unit == "puntos"
    assert "27,50 puntos" in f.formula
    assert "50,00 %" in f.formula
    assert {i.ref for i in f.inputs} == {"ind:2", "ind:4"}


def test_subset_mean_divides_the_contribution_by_the_subsets_effective_weight() -> None:
    f = subset_mean(PLAN, ["ind:1", "ind:3"], "pot_pdd.avance_agregado")
    # (3/32 x 40 + 3/8 x 50) / (3/32 + 12/32) = 22.5 / (15/32) = 48
    assert f.value == D(48)
    assert f.unit == "%"


def test_subset_leaves_without_data_or_outside_the_tree_are_reported_not_counted() -> None:
    f = subset_contribution(PLAN, ["ind:4", "ind:5", "ind:99"], "k")
    assert f.value == D(5)
    assert "sin dato" in f.note
    assert "ind:99" in f.note


def test_an_empty_subset_has_no_mean() -> None:
    f = subset_mean(PLAN, ["ind:5"], "k")
    assert (f.value, f.status) == (None, "ND")


def test_the_seeds_contribution_is_aggregated_progress_times_the_subsets_weight() -> None:
    """14.9 points = 52.2 % x 0.2854...: contribution = mean x sum of the subset's e_i."""
    tree = Node(
        "plan", "Plan", children=(leaf("linked", "0.28544061", "52.2"), leaf("other", "0.71455939", "58.9"))
    )
    contribution = subset_contribution(tree, ["linked"], "k")
    mean = subset_mean(tree, ["linked"], "k")
    assert contribution.rounded(1) == D("14.9")
    assert mean.rounded(1) == D("52.2")


# -- properties --------------------------------------------------------------------------------------------

weights = st.decimals(min_value="0.001", max_value=1000, places=3)
progress = st.decimals(min_value=0, max_value=100, places=2) | st.none()


def trees() -> st.SearchStrategy[Node]:
    leaves = st.builds(lambda w, v: Node("", "", w, value=v), weights, progress)
    return st.recursive(
        leaves,
        lambda children: st.builds(
            lambda w, cs: Node("", "", w, tuple(cs)), weights, st.lists(children, min_size=1, max_size=4)
        ),
        max_leaves=12,
    )


def with_ids(node: Node, prefix: str = "n") -> Node:
    return Node(
        prefix,
        prefix,
        node.weight,
        tuple(with_ids(c, f"{prefix}.{i}") for i, c in enumerate(node.children)),
        node.value,
    )


def scaled(node: Node, factor: D) -> Node:
    return Node(
        node.id,
        node.label,
        None if node.weight is None else node.weight * factor,
        tuple(scaled(c, factor) for c in node.children),
        node.value,
    )


@given(trees())
def test_a_rollup_lies_between_the_smallest_and_largest_child_value(tree: Node) -> None:
    tree = with_ids(tree)
    figures = rollup_all(tree, "k")

    def value(id: str) -> D | None:
        v = figures[id].value
        return None if v is None else D(v)

    def check(node: Node) -> None:
        values = [v for c in node.children if (v := value(c.id)) is not None]
        own = value(node.id)
        if values:
            assert own is not None
            assert min(values) - TOLERANCE <= own <= max(values) + TOLERANCE
        elif node.children:
            assert own is None
        for c in node.children:
            check(c)

    check(tree)


@given(trees(), st.decimals(min_value="0.001", max_value=10000, places=3))
def test_scaling_every_weight_leaves_the_rollup_unchanged(tree: Node, factor: D) -> None:
    tree = with_ids(tree)
    before = rollup(tree, "k").value
    after = rollup(scaled(tree, factor), "k").value
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert abs(D(before) - D(after)) <= TOLERANCE


@given(trees())
def test_coverage_is_between_0_and_100(tree: Node) -> None:
    _, coverage = rollup_with_coverage(with_ids(tree), "k")
    assert coverage.value is not None
    assert D(0) <= D(coverage.value) <= D(100) + TOLERANCE


@given(trees())
def test_effective_weights_sum_to_one_and_reproduce_the_rollup(tree: Node) -> None:
    tree = with_ids(tree)
    e = effective_weights(tree)
    value = rollup(tree, "k").value
    figures = rollup_all(tree, "k")
    if value is None:
        assert sum(e.values(), D(0)) == 0
    else:
        assert abs(sum(e.values(), D(0)) - 1) <= TOLERANCE
        recomposed = sum((w * D(figures[i].value or 0) for i, w in e.items()), D(0))
        assert abs(recomposed - D(value)) <= D("1e-18")
