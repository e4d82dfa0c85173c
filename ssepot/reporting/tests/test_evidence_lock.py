"""An item's evidence limit holds when two uploads arrive at once: ``add_evidence`` locks the item's row
(``SELECT ... FOR UPDATE``) before it counts the files already kept, so the second upload counts after the
first one commits. On SQLite, which has no row locks, the limit still refuses the 21st file."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssepot.reporting import evidence as policy
from ssepot.reporting.actions import ActionRefused
from ssepot.reporting.models import Assignment, Evidence
from ssepot.reporting.tests.test_views_evidence import PNG, media  # noqa: F401 (fixture)


@pytest.fixture
def a(period: Any, catalogue: Any) -> Assignment:
    return Assignment.objects.get(period=period, indicator=catalogue["indicator"])


def png(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"foto-{n}.png", PNG)


@pytest.mark.django_db
def test_the_item_is_locked_before_its_evidence_is_counted(a: Assignment, bob: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        policy.add_evidence(a, png(0), actor=bob)
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if 'FROM "reporting_assignment"' in q)
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q and 'FROM "reporting_evidence"' in q)
    assert lock < count
    if connection.features.has_select_for_update:
        assert sql[lock].rstrip().endswith("FOR UPDATE"), sql[lock]


@pytest.mark.django_db
def test_the_limit_refuses_the_file_after_the_last_allowed(a: Assignment, bob: Any) -> None:
    for n in range(policy.MAX_FILES_PER_ITEM):
        policy.add_evidence(a, png(n), actor=bob)
    with pytest.raises(ActionRefused, match="el máximo"):
        policy.add_evidence(a, png(policy.MAX_FILES_PER_ITEM), actor=bob)
    assert Evidence.objects.filter(assignment=a).count() == policy.MAX_FILES_PER_ITEM


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uploads_cannot_both_take_the_last_place(
    a: Assignment, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first upload counts and stops before it writes; the second one arrives meanwhile. With the
    lock, the second waits, then counts the first's file and is refused; without it, both would pass."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks (it writes one transaction at a time)")
    for n in range(policy.MAX_FILES_PER_ITEM - 1):
        policy.add_evidence(a, png(n), actor=bob)
    counted, go_on = threading.Event(), threading.Event()
    digest = policy._sha256

    def first_waits(upload: Any) -> str:
        # NB: called after the count, before the write: the window two uploads would share
        if threading.current_thread().name == "primera":
            counted.set()
            go_on.wait(10)
        return digest(upload)

    monkeypatch.setattr(policy, "_sha256", first_waits)
    outcome: dict[str, str] = {}

    def upload(name: str) -> None:
        try:
            policy.add_evidence(a, png(100 + len(outcome)), actor=bob)
            outcome[name] = "adjuntada"
        except ActionRefused as refused:
            outcome[name] = str(refused)
        finally:
            connection.close()

    first = threading.Thread(target=upload, args=("primera",), name="primera")
    second = threading.Thread(target=upload, args=("segunda",), name="segunda")
    first.start()
    assert counted.wait(10)
    second.start()
    second.join(1)
    assert second.is_alive(), "the second upload waits for the first one's lock"
    go_on.set()
    first.join(10)
    second.join(10)
    assert outcome["primera"] == "adjuntada" and "el máximo" in outcome["segunda"]
    assert Evidence.objects.filter(assignment=a).count() == policy.MAX_FILES_PER_ITEM
