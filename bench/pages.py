"""The public pages under 20 concurrent clients, served by gunicorn on loopback, against a static file.

The pages come from one list, ``PAGES``: a page whose view does not exist yet answers 404 and is skipped
with a note, so the job measures today's portal and covers each dashboard as soon as it lands. For every
page the job:

1. fetches it once (its HTML bytes and its same-origin CSS, JavaScript and images: the page weight);
2. writes a static file of exactly the HTML's size into a scratch folder;
3. sends ``requests`` requests from ``clients`` concurrent keep-alive clients to the page and as many to
   the static file, in alternating rounds (four by default) so that both see the same machine load; the
   static file is served by WhiteNoise in a second gunicorn with the same workers (``bench.static_app``),
   up at the same time as the portal's;
4. reads the server time of every request from gunicorn's access log (``%(D)s``: from the request read
   to the response written, without the time a request waited for a free worker) and
   reports its 95th percentile, the client's p95 (queueing included) and the ratio page / static.

Goals (issue 8): p95 <= 150 ms for a Medellín-sized plan and <= 3x the static file; <= 300 ms for one
plan's pages when the database holds the whole country.
"""

from __future__ import annotations

import http.client
import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: The public pages of one plan and those across plans, the one place the job takes its URLs from.
#: ``{slug}``, ``{year}`` and ``{code}`` (the plan's first POT indicator) are filled in; a page that
#: answers 404 is skipped.
PAGES = (
    "/planes/{slug}/{year}/",
    "/planes/{slug}/{year}/compromisos/",
    "/planes/{slug}/{year}/pot-pdd/",
    "/planes/{slug}/{year}/subsistemas/",
    "/planes/{slug}/{year}/indicadores/",
    "/planes/{slug}/indicadores/{code}/",
    # across municipalities: every plan of the database (1,102 at the country's scale); no page cache
    "/planes/",
    "/planes/comparar/?departamento=05",
)

ROOT = Path(__file__).resolve().parent.parent
ASSET = re.compile(r"""(?:href|src)=["'](/[^"'#?]+\.(?:css|js|svg|png|jpe?g|woff2?))["']""")
LOG_FORMAT = "%(U)s %(s)s %(D)s %(B)s"


@dataclass
class PageResult:
    url: str
    status: int
    html_bytes: int = 0
    asset_bytes: int = 0
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    static_server_ms: list[float] = field(default_factory=list)
    static_client_ms: list[float] = field(default_factory=list)
    errors: int = 0
    worker_peak: int = 0
    """Peak memory of the largest gunicorn process once every page had been loaded."""
    server_peak: int = 0
    """The same of gunicorn's master and workers added up."""

    @property
    def skipped(self) -> bool:
        return self.status != 200

    @property
    def p95(self) -> float:
        return percentile(self.server_ms, 95)

    @property
    def static_p95(self) -> float:
        return percentile(self.static_server_ms, 95)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile by the nearest-rank method (a value the data reaches); 0 without data."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)), 1) - 1]


def urls_for(slug: str, year: int, code: str) -> list[str]:
    return [page.format(slug=slug, year=year, code=code) for page in PAGES]


# -- servers ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss(pid: int) -> tuple[int, int]:
    """The peak resident memory (VmHWM, bytes) of the largest of ``pid`` and its children, and of all of
    them added up (which counts the pages they share once per process: an upper bound). Linux ``/proc``."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.append(int(stat.parent.name))
    peaks = []
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        peaks.append(int(match.group(1)) * 1024 if match else 0)
    return max(peaks, default=0), sum(peaks)


@dataclass
class Server:
    port: int
    pid: int


@contextmanager
def gunicorn(app: str, workers: int, log: Path, env: dict[str, str]) -> Iterator[Server]:
    """A gunicorn serving ``app`` on a free loopback port with sync workers."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "sync", "--access-logfile", str(log), "--access-logformat", LOG_FORMAT,
        "--error-logfile", str(log.with_suffix(".err")), "--keep-alive", "30", "--backlog", "256",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    try:
        _wait_for(port, process)
        yield Server(port, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn se detuvo al arrancar (código {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn no respondió en el puerto {port} en {timeout:.0f} s")


# -- clients ----------------------------------------------------------------------------------------------


def fetch(port: int, url: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", url, headers={"Accept-Language": "es"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def page_weight(port: int, html: bytes) -> tuple[int, int]:
    """The bytes of the page's same-origin assets (each counted once), as a first visit downloads them,
    and how many requests that took."""
    total = 0
    assets = sorted(set(ASSET.findall(html.decode("utf-8", "replace"))))
    for asset in assets:
        status, body = fetch(port, asset)
        if status == 200:
            total += len(body)
    return total, len(assets)


def load(port: int, url: str, clients: int, requests: int) -> tuple[list[float], int]:
    """``requests`` GETs of ``url`` spread over ``clients`` threads with keep-alive connections; returns
    each request's client-side time in ms and the number of failed ones."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    start = threading.Barrier(clients)

    def client(count: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: list[float] = []
        failed = 0
        start.wait()
        for _ in range(count):
            began = time.perf_counter()
            try:
                connection.request("GET", url, headers={"Accept-Language": "es"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            mine.append((time.perf_counter() - began) * 1000)
        connection.close()
        with lock:
            times.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in per_client]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


def server_times(log: Path, url: str, since: int) -> tuple[list[float], int]:
    """The server times (ms) of ``url`` in the access log written after byte ``since``; and the new end."""
    times = []
    with log.open("rb") as f:
        f.seek(since)
        data = f.read()
    for line in data.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == url.split("?")[0] and parts[1] == "200":
            times.append(int(parts[2]) / 1000)
    return times, since + len(data)


def _log_size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


def settle(log: Path, lines: int, timeout: float = 10) -> int:
    """Wait until gunicorn has logged ``lines`` requests in all (it writes a line once the response is
    sent, so the last ones may lag the client); return the log's size then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.05)
    return _log_size(log)


def measure_pages(
    slug: str,
    year: int,
    code: str,
    *,
    clients: int = 20,
    requests: int = 200,
    workers: int | None = None,
    warmup: int = 20,
    rounds: int = 4,
) -> list[PageResult]:
    """Serve the portal and a static twin of each page and load both; see the module docstring.

    Both servers stay up, and each page's requests go in ``rounds`` alternating rounds (part of the
    page's, then as many of the static file's): on a machine whose load changes from one minute to the
    next, both sides of the ratio then see the same load.
    """
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    results: list[PageResult] = []
    with tempfile.TemporaryDirectory(prefix="ssepot-bench-pages-") as scratch:
        folder = Path(scratch)
        static = folder / "static"
        static.mkdir()
        app_log, static_log = folder / "app.log", folder / "static.log"
        env = {"DJANGO_SETTINGS_MODULE": "ssepot.settings", "PYTHONPATH": str(ROOT)}
        with gunicorn("ssepot.wsgi:application", workers, app_log, env) as server:
            port, sent = server.port, 0
            for url in urls_for(slug, year, code):
                status, html = fetch(port, url)
                sent += 1
                result = PageResult(url=url, status=status)
                results.append(result)
                if status != 200:
                    continue
                result.html_bytes = len(html)
                weight, assets = page_weight(port, html)
                result.asset_bytes, sent = weight, sent + assets
                (static / f"page-{len(results)}.html").write_bytes(html)
            if not any(not r.skipped for r in results):
                return results
            static_env = {**env, "SSEPOT_BENCH_STATIC_ROOT": str(static)}
            with gunicorn("bench.static_app:application", workers, static_log, static_env) as twin:
                served = 0
                for n, result in enumerate(results, start=1):
                    if result.skipped:
                        continue
                    sides = ((port, result.url, app_log), (twin.port, f"/page-{n}.html", static_log))
                    for side_port, url, _ in sides:
                        load(side_port, url, clients, warmup)
                    sent, served = sent + warmup, served + warmup
                    for share in _shares(requests, rounds):
                        since = settle(app_log, sent)
                        times, errors = load(port, result.url, clients, share)
                        sent = sent + share
                        settle(app_log, sent)
                        result.client_ms += times
                        result.server_ms += server_times(app_log, result.url, since)[0]
                        since = settle(static_log, served)
                        times, static_errors = load(twin.port, f"/page-{n}.html", clients, share)
                        served = served + share
                        settle(static_log, served)
                        result.static_client_ms += times
                        result.static_server_ms += server_times(static_log, f"/page-{n}.html", since)[0]
                        result.errors += errors + static_errors
            largest, total = peak_rss(server.pid)
            for result in results:
                result.worker_peak, result.server_peak = largest, total
    return results


def _shares(requests: int, rounds: int) -> list[int]:
    """``requests`` split into ``rounds`` parts as equal as can be (none empty)."""
    rounds = max(1, min(rounds, requests))
    return [requests // rounds + (1 if i < requests % rounds else 0) for i in range(rounds)]
