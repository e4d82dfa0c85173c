"""The measuring helpers, without timing anything that could be slow or fast: percentiles, the access
log, a command's peak memory, and the pages job's clients against a static gunicorn (no database)."""

from __future__ import annotations

import sys
from pathlib import Path

from bench import pages
from bench.measure import MB, Row, run_measured, table


def test_percentile_is_a_value_the_data_reaches() -> None:
    data = [float(n) for n in range(1, 101)]

    assert pages.percentile(data, 95) == 95.0
    assert pages.percentile([7.0], 95) == 7.0
    assert pages.percentile([], 95) == 0.0


def test_every_page_of_the_list_is_filled_with_the_plan() -> None:
    urls = pages.urls_for("bench-0001", 2025, "POT-001")

    assert len(urls) == len(pages.PAGES) >= 6
    assert "/planes/bench-0001/2025/compromisos/" in urls
    assert "/planes/bench-0001/indicadores/POT-001/" in urls
    assert not any("{" in u for u in urls)


def test_server_times_read_the_urls_own_successful_lines_after_the_offset(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("/a 200 1000 10\n")
    since = log.stat().st_size
    with log.open("a") as f:
        f.write("/a 200 2500 10\n/b 200 9000 10\n/a 404 100 10\n/a 200 500 10\n")

    times, end = pages.server_times(log, "/a", since)

    assert times == [2.5, 0.5]  # microseconds in the log, milliseconds out
    assert end == log.stat().st_size


def test_a_commands_peak_memory_and_failure_are_reported() -> None:
    big = run_measured(
        [sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"]
    )
    small = run_measured([sys.executable, "-c", "pass"])
    failed = run_measured([sys.executable, "-c", "raise SystemExit(3)"])

    assert big is not None and small is not None
    assert big.peak > 200 * MB > small.peak
    assert failed is None


def test_the_table_marks_pass_fail_and_not_measured() -> None:
    rows = [
        Row(job="a", scale=1, median=0.1, goal="<= 0.5 s", passed=True),
        Row(job="b", scale=1, goal="<= 60 s", note="skipped: no command"),
        Row(job="c", scale=1, median=9.0, goal="<= 5 s", passed=False),
    ]

    lines = table(rows).splitlines()

    assert lines[0].startswith("| job ") and len(lines) == 5
    assert "pass" in lines[2] and "- skipped: no command" in lines[3] and "FAIL" in lines[4]


def test_the_clients_load_a_static_gunicorn_and_a_missing_page_is_a_404(tmp_path: Path) -> None:
    root = tmp_path / "static"
    root.mkdir()
    (root / "page.html").write_bytes(b"<html>" + b"x" * 5000 + b"</html>")
    log = tmp_path / "access.log"
    env = {"SSEPOT_BENCH_STATIC_ROOT": str(root), "PYTHONPATH": str(pages.ROOT)}

    with pages.gunicorn("bench.static_app:application", 2, log, env) as server:
        port = server.port
        assert pages.fetch(port, "/missing.html")[0] == 404
        status, body = pages.fetch(port, "/page.html")
        since = pages.settle(log, 2)
        times, errors = pages.load(port, "/page.html", clients=3, requests=10)
        pages.settle(log, 12)
        times_in_log, _ = pages.server_times(log, "/page.html", since)
        largest, total = pages.peak_rss(server.pid)

    assert status == 200 and len(body) == 5013
    assert len(times) == 10 and errors == 0
    assert len(times_in_log) == 10 and all(t >= 0 for t in times_in_log)
    assert 10 * MB < largest < total, "a master and two workers, each a Python process"


def test_the_requests_are_split_into_alternating_rounds_that_add_up() -> None:
    from bench.pages import _shares

    assert _shares(200, 4) == [50, 50, 50, 50]
    assert _shares(10, 4) == [3, 3, 2, 2]
    assert _shares(3, 4) == [1, 1, 1]
    assert sum(_shares(201, 4)) == 201
