"""The change beside a reported value, moves against the indicator's direction, and the units' sum with
blank units."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.review import against_direction, change, units_sum

numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
fractions = st.decimals(min_value=0, max_value=5, places=3)


def test_the_change_is_absolute_and_relative_to_the_earlier_size() -> None:
    moved = change(D(90), D(120))
    assert moved is not None
    assert moved.absolute == D(-30) and moved.relative == D("-0.25")
    negative = change(D(-90), D(-120))
    assert negative is not None and negative.relative == D("0.25")


def test_no_change_without_both_values_and_no_share_from_zero() -> None:
    assert change(None, D(1)) is None and change(D(1), None) is None
    from_zero = change(D(5), D(0))
    assert from_zero is not None and from_zero.relative is None


def test_a_fall_of_an_increasing_indicator_beyond_the_threshold_is_flagged() -> None:
    assert against_direction(change(D(70), D(100)), increasing=True, threshold=D("0.2"))
    assert not against_direction(change(D(80), D(100)), increasing=True, threshold=D("0.2"))  # exactly 20 %
    assert not against_direction(change(D(170), D(100)), increasing=True, threshold=D("0.2"))


def test_a_rise_of_a_decreasing_indicator_beyond_the_threshold_is_flagged() -> None:
    assert against_direction(change(D(130), D(100)), increasing=False, threshold=D("0.2"))
    assert not against_direction(change(D(30), D(100)), increasing=False, threshold=D("0.2"))


def test_from_zero_any_move_against_the_direction_is_flagged() -> None:
    assert against_direction(change(D("0.5"), D(0)), increasing=False, threshold=D("0.2"))
    assert not against_direction(change(D("0.5"), D(0)), increasing=True, threshold=D("0.2"))


@given(numbers, numbers, fractions)
def test_a_move_is_never_against_both_directions(now: D, before: D, threshold: D) -> None:
    moved = change(now, before)
    up = against_direction(moved, increasing=True, threshold=threshold)
    down = against_direction(moved, increasing=False, threshold=threshold)
    assert not (up and down)
    assert not (up or down) or now != before


@given(numbers, numbers, fractions)
def test_a_larger_threshold_never_flags_more(now: D, before: D, threshold: D) -> None:
    moved = change(now, before)
    for increasing in (True, False):
        if against_direction(moved, increasing=increasing, threshold=threshold + 1):
            assert against_direction(moved, increasing=increasing, threshold=threshold)


def test_every_unit_filled_must_equal_the_total() -> None:
    check = units_sum(D(10), {"01": D(4), "02": D(5)}, 2, D("0.01"))
    assert (check.bound, check.holds, check.blank, check.added) == ("igual", False, 0, D(9))
    assert units_sum(D(9), {"01": D(4), "02": D(5)}, 2, D("0.01")).holds


def test_with_blank_units_the_sum_is_a_lower_bound_of_the_total() -> None:
    check = units_sum(D(10), {"01": D(4)}, 3, D("0.01"))
    assert (check.bound, check.holds, check.reported, check.blank, check.expected) == (
        "minimo",
        True,
        1,
        2,
        3,
    )
    assert units_sum(D(10), {"01": D(11)}, 3, D("0.01")).holds is False


def test_with_blank_units_and_negative_parts_the_sum_is_an_upper_bound() -> None:
    assert units_sum(D(-10), {"01": D(-4)}, 2, D("0.01")).bound == "maximo"
    assert units_sum(D(-10), {"01": D(-4)}, 2, D("0.01")).holds is True
    assert units_sum(D(-3), {"01": D(-4)}, 2, D("0.01")).holds is False
    mixed = units_sum(D(1), {"01": D(-4), "02": D(9)}, 3, D("0.01"))
    assert (mixed.bound, mixed.holds) == (None, None)


@given(
    st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=8), st.integers(1, 5)
)
def test_blank_is_not_zero(parts: list[D], blanks: int) -> None:
    """Filling the blanks with 0 would ask the sum to equal the total; leaving them blank only asks the
    total to reach the sum, so a total above the sum passes."""
    reported = {f"{i:02d}": v for i, v in enumerate(parts)}
    total = sum(parts, D(0)) + 1
    assert units_sum(total, reported, len(parts) + blanks, D("0.01")).holds is True
    zeros = {**reported, **{f"b{i}": D(0) for i in range(blanks)}}
    assert units_sum(total, zeros, len(zeros), D("0.01")).holds is False
