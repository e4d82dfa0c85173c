"""Time a job in a child process: median of N runs, peak memory of that process, and the result table."""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections

MB = 1024 * 1024
MEMORY_LIMIT = 1024 * MB  # issue 8: no job above 1 GB peak


@dataclass
class Row:
    job: str
    scale: int | str
    median: float | None = None
    peak: int | None = None
    baseline: float | None = None
    ratio: float | None = None
    goal: str = ""
    passed: bool | None = None
    note: str = ""

    def cells(self) -> list[str]:
        result = {True: "pass", False: "FAIL", None: "-"}[self.passed]
        return [
            self.job,
            str(self.scale),
            "-" if self.median is None else f"{self.median:.3f} s",
            "-" if self.peak is None else f"{self.peak / MB:.0f} MB",
            "-" if self.baseline is None else f"{self.baseline:.3f} s",
            "-" if self.ratio is None else f"{self.ratio:.2f}",
            self.goal,
            f"{result} {self.note}".strip(),
        ]


HEADER = ["job", "scale", "median", "peak memory", "baseline", "ratio", "goal", "result"]


def table(rows: list[Row]) -> str:
    lines = [HEADER, *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([fmt(HEADER), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, lines[1:])])


@dataclass
class Timing:
    median: float
    runs: list[float]
    peak: int
    """Peak resident memory of the child process in bytes (includes Python and Django, ~80 MB)."""


def _child(target: Callable[[], Any], runs: int, conn: Any) -> None:
    try:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            target()
            times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
        conn.send(("ok", times, peak))
    except BaseException as exc:  # the parent reports it; the child must always answer
        conn.send(("error", repr(exc), 0))
    finally:
        connections.close_all()


def timed(target: Callable[[], Any], runs: int) -> Timing:
    """Run ``target`` ``runs`` times in a fresh forked process; its peak RSS is the job's memory."""
    connections.close_all()  # a forked child must not share the parent's database socket
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(target, runs, child))
    process.start()
    status, payload, peak = parent.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"the job failed in the child process: {payload}")
    return Timing(median=statistics.median(payload), runs=payload, peak=peak)
