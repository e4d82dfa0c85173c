"""What the figures do for speed must not change what they compute or leave the process altered.

- the cyclic garbage collector is paused while the figures are built and comes back as it was, also when
  the computation fails and when calls nest or overlap in threads;
- the loaders keep, for each key, the version the models' ordering puts last (the highest), as the
  model-instance loaders did before them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from ssepot.figures import compute, loaders


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_inside_and_back_after(gc_enabled: None) -> None:
    with compute.cyclic_gc_paused():
        assert not gc.isenabled()
        with compute.cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer call still computes"
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_computation_fails(gc_enabled: None) -> None:
    with pytest.raises(ZeroDivisionError), compute.cyclic_gc_paused():
        1 / 0  # noqa: B018

    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with compute.cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_overlapping_threads_switch_it_back_on_only_when_the_last_one_leaves(gc_enabled: None) -> None:
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with compute.cyclic_gc_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with compute.cyclic_gc_paused():
        pass
    assert not gc.isenabled(), "the other thread is still computing"
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_latest_version_of_each_key_wins_whatever_the_row_order() -> None:
    rows = [(1, 2025, 2, "b"), (1, 2025, 1, "a"), (2, 2025, 1, "x"), (1, 2024, 1, "c")]

    latest = loaders._latest(rows)

    assert latest == {(1, 2025): ("b",), (2, 2025): ("x",), (1, 2024): ("c",)}
    assert loaders._latest(reversed(rows)) == latest
