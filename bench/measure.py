"""Time a job in a child process: median of N runs, peak memory of that process, and the result table."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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
    cpu: float | None = None
    """Median CPU time of the child process (user + system) per run: unlike the wall time, it does not grow
    when other programs share the cores, so it tells the job's own cost on a busy machine."""


def _child(
    target: Callable[[], Any],
    runs: int,
    conn: Any,
    extra_peak: Callable[[], int] | None,
    extra_cpu: Callable[[], float] | None,
) -> None:
    try:
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            target()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
        if extra_peak is not None:
            peak += extra_peak()  # the job's own workers, which it adds up itself
        if extra_cpu is not None:
            cpu = [extra_cpu()]  # the job's own workers: the CPU time is theirs
        conn.send(("ok", (times, cpu), peak))
    except BaseException as exc:  # the parent reports it; the child must always answer
        conn.send(("error", repr(exc), 0))
    finally:
        connections.close_all()


def timed(
    target: Callable[[], Any],
    runs: int,
    extra_peak: Callable[[], int] | None = None,
    extra_cpu: Callable[[], float] | None = None,
) -> Timing:
    """Run ``target`` ``runs`` times in a fresh forked process; its peak RSS is the job's memory (plus
    ``extra_peak()``, called in that process after the runs, for a job that starts processes of its own;
    ``extra_cpu()`` likewise replaces the CPU time by the one of those processes)."""
    connections.close_all()  # a forked child must not share the parent's database socket
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(target, runs, child, extra_peak, extra_cpu)
    )
    process.start()
    status, payload, peak = parent.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"the job failed in the child process: {payload}")
    times, cpu = payload
    return Timing(median=statistics.median(times), runs=times, peak=peak, cpu=statistics.median(cpu))


# A command's own peak: a small Python parent runs it and reports RUSAGE_CHILDREN, which then holds only
# that command (this process's RUSAGE_CHILDREN also remembers every earlier child, gunicorn's included).
_WRAPPER = (
    "import json, resource, subprocess, sys, time; s = time.perf_counter(); "
    "r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode; "
    "e = time.perf_counter() - s; "
    "open(sys.argv[1], 'w').write(json.dumps([r, e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
)


def run_measured(command: list[str]) -> Timing | None:
    """Run ``command`` once; its wall time and peak RSS, or None (with its errors printed) if it failed."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run(
            [sys.executable, "-c", _WRAPPER, out.name, *command],
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
            check=False,
        )
        status, elapsed, peak_kib = json.loads(Path(out.name).read_text() or "[1, 0, 0]")
    if done.returncode != 0 or status != 0:
        print(f"aviso: {' '.join(command)} terminó con el código {status}:\n{done.stderr[-2000:]}")
        return None
    return Timing(median=elapsed, runs=[elapsed], peak=peak_kib * 1024)
