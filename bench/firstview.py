"""The first visitor after a publication, with and without the warm-up (``ssepot.front.warmup``).

A publication renames every cached figure and page of the plan, so the first view of each page computes
it. For each run the job publishes a release of the year inside a transaction it rolls back afterwards
(a ``Release`` row: what renames the caches), and asks, as an anonymous visitor through the whole
middleware stack (``warmup.Visitor``):

- without the warm-up (the baseline, in the same run): the POT-PDD dashboard, then the release's annual
  report (HTML), each the first time;
- with it: another such release, ``warmup.warm`` run first as the task worker runs it (its own time is
  in the note), then the same two first views.

The ratio is the first view with the warm-up over the first view without. Both see the same database,
process and machine load; the pages and files go to a scratch ``MEDIA_ROOT``.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from bench.measure import Row
from ssepot.catalogue.models import Plan
from ssepot.front import warmup
from ssepot.report import publications
from ssepot.reporting.models import Release
from ssepot.reporting.releases import latest_number

#: the warmed first view must be at least this much faster than the cold one
GOAL = 0.1


@contextmanager
def new_release(plan: Plan, year: int) -> Iterator[Release]:
    """A release of ``year`` that exists until the block ends (rolled back)."""
    with transaction.atomic():
        release = Release.objects.create(
            plan=plan, year=year, number=latest_number(plan, year) + 1, published_at=timezone.now(),
            note="bench: primera vista",
        )  # fmt: skip
        yield release
        transaction.set_rollback(True)


def first_view(visitor: warmup.Visitor, address: str) -> float:
    start = time.perf_counter()
    response = visitor.get(address)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{address} answered {response.status_code}")
    if response.streaming:
        response.file_to_stream.close()  # NB: not response.close(): its signal would end the transaction
    return elapsed


def first_view_rows(scale: int | str, runs: int, plan: Plan, year: int) -> list[Row]:
    """Two rows: the POT-PDD dashboard and the annual report, first view with the warm-up against
    without it."""
    visitor = warmup.Visitor()
    page = f"/planes/{plan.slug}/{year}/pot-pdd/"
    cold: dict[str, list[float]] = {"page": [], "report": []}
    warm: dict[str, list[float]] = {"page": [], "report": []}
    warmups: list[float] = []
    pages = 0
    media = tempfile.mkdtemp(prefix="ssepot-bench-first-view-")
    try:
        with override_settings(MEDIA_ROOT=media):
            for _ in range(runs):
                with new_release(plan, year) as release:
                    cold["page"].append(first_view(visitor, page))
                    cold["report"].append(first_view(visitor, publications.url(release, plan)))
                with new_release(plan, year) as release:
                    start = time.perf_counter()
                    done = warmup.warm(release.pk)
                    warmups.append(time.perf_counter() - start)
                    pages = done["pages"]
                    warm["page"].append(first_view(visitor, page))
                    warm["report"].append(first_view(visitor, publications.url(release, plan)))
    finally:
        shutil.rmtree(media, ignore_errors=True)
    warmed = f"warm-up {statistics.median(warmups):.1f} s in the worker ({pages} pages, 3 report files); "
    rows = []
    for what, label in (("page", f"page {page}"), ("report", "the release's annual report (HTML)")):
        with_warmup, without = statistics.median(warm[what]), statistics.median(cold[what])
        ratio = with_warmup / without if without else None
        rows.append(
            Row(
                job=f"first view after a publication: {label} (baseline: without the warm-up)",
                scale=scale,
                median=with_warmup,
                baseline=without,
                ratio=ratio,
                goal=f"<= {GOAL}x without",
                passed=ratio is not None and ratio <= GOAL,
                note=(warmed if what == "page" else "")
                + ("" if ratio is None else f"ratio {ratio:.4f}; ")
                + f"runs without: {', '.join(f'{t:.2f}' for t in cold[what])} s; "
                + f"with: {', '.join(f'{t:.3f}' for t in warm[what])} s",
            )
        )
    return rows
