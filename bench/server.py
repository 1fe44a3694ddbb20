"""The production server's start and its answers under slow clients.

    python bench/server.py [--restarts 3] [--slow-clients 30] [--requests 300] [--output docs/benchmarks.md]

* **Restart to first page**: ``bronwijzer serve`` on a data directory that has been served
  before (migrated, the default map loaded, static files collected), from the command to the
  first answered ``/``; the median of ``--restarts`` restarts. Target: at most 3 s.
* **Slow clients**: ``--slow-clients`` connections that each send a request line and then one
  header line every 2 s, never finishing (and connect again when the server cuts them off,
  ``BRONWIJZER_REQUEST_TIMEOUT``), held while ``--requests`` ordinary requests (the map and a
  search, one after another) are timed. Target: p99 under 1 s.

Writes the "Server" section of the output file (the other sections are kept).
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))  # the repository root: tests.support.liveserver

from common import bronwijzer, section_write  # noqa: E402
from tests.support.liveserver import HOST, background, free_port, http_answers, server_env, stop_process_group  # noqa: E402

START = "<!-- server: written by bench/server.py -->"
END = "<!-- /server -->"
RESTART_TARGET_S = 3.0
P99_TARGET_MS = 1000.0
ORDINARY = ("/", "/?q=ouders")


def serve(data_dir: Path, port: int, log_path: Path):
    env = {
        **server_env(data_dir),
        "BRONWIJZER_STATIC_ROOT": str(data_dir / "static"),
        "DJANGO_SETTINGS_MODULE": "bronwijzer.settings",  # production's own, password hashing included
    }
    return background(bronwijzer("serve", "--host", HOST, "--port", str(port)), env, log_path)


def first_page_seconds(data_dir: Path, log_path: Path, *, ceiling: float = 300.0) -> float:
    """Start the server, time until ``/`` answers, stop it."""
    port = free_port()
    started = time.perf_counter()
    with serve(data_dir, port, log_path) as process:
        while not http_answers(f"http://{HOST}:{port}/", timeout=5):
            if process.poll() is not None or time.perf_counter() - started > ceiling:
                raise RuntimeError(f"the server did not answer; see {log_path}")
            time.sleep(0.02)
        took = time.perf_counter() - started
        stop_process_group(process)
    return took


class SlowClients:
    def __init__(self, port: int, count: int):
        self.port = port
        self.stop = threading.Event()
        self.reconnects = 0
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]

    def _open(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=10)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        return sock

    def _run(self) -> None:
        sock = self._open()
        while not self.stop.wait(2.0):
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                sock.close()
                self.reconnects += 1
                sock = self._open()
        sock.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        time.sleep(3)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def timed_requests(port: int, count: int) -> list[float]:
    times = []
    for i in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(
            f"http://{HOST}:{port}{ORDINARY[i % len(ORDINARY)]}", timeout=30
        ) as answer:
            answer.read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def row(label: str, times: list[float]) -> str:
    p99 = percentile(times, 99)
    verdict = "ok" if p99 < P99_TARGET_MS else "**over target**"
    return (
        f"| {label} | {len(times)} | {percentile(times, 50):.1f} | {percentile(times, 90):.1f} "
        f"| {p99:.1f} | {max(times):.1f} | {verdict} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--slow-clients", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bronwijzer-server-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        log_path = Path(tmp) / "server.log"
        first = first_page_seconds(data_dir, log_path)
        restarts = [first_page_seconds(data_dir, log_path) for _ in range(args.restarts)]
        restart = statistics.median(restarts)
        print(f"first start {first:.1f} s; restarts {', '.join(f'{r:.2f}' for r in restarts)} s")

        port = free_port()
        with serve(data_dir, port, log_path):
            while not http_answers(f"http://{HOST}:{port}/"):
                time.sleep(0.1)
            timed_requests(port, 20)  # warm up
            calm = timed_requests(port, args.requests)
            with SlowClients(port, args.slow_clients) as slow:
                held = timed_requests(port, args.requests)
            reconnects = slow.reconnects
    print(f"calm p99 {percentile(calm, 99):.1f} ms; slow clients held p99 {percentile(held, 99):.1f} ms")

    restart_ok = restart <= RESTART_TARGET_S
    text = "\n".join(
        [
            START,
            "## Server",
            "",
            f"`python bench/server.py` (part of `make bench`), {time.strftime('%Y-%m-%d')}, "
            f"{os.cpu_count()} CPU cores ({platform.machine()}), shared with other work (load average "
            f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after); `bronwijzer serve` with its "
            "defaults (2 workers × 32 threads, SQLite, the default map). A restart is Python's start, "
            "Django's setup, `migrate` (nothing to do), the static fingerprint, and rendering the map once "
            "before gunicorn forks its workers; on an idle machine about 2 s, more when the cores are busy.",
            "",
            "| what | figure | target | |",
            "| --- | ---: | ---: | --- |",
            f"| first start (migrate, load the map, collect static files) | {first:.1f} s | — | |",
            f"| restart to first answered page (median of {len(restarts)}: "
            f"{', '.join(f'{r:.2f}' for r in restarts)} s) | {restart:.2f} s | ≤ {RESTART_TARGET_S:.0f} s "
            f"| {'ok' if restart_ok else '**over target**'} |",
            "",
            f"Ordinary pages (`{'`, `'.join(ORDINARY)}`, one after another), in ms, without and with "
            f"{args.slow_clients} slow clients held (each sends a header line every 2 s and never finishes "
            f"its request; cut off after `BRONWIJZER_REQUEST_TIMEOUT`, they connect again: "
            f"{reconnects} reconnections during the run):",
            "",
            "| | requests | p50 | p90 | p99 | max | p99 < 1 s |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
            row("no slow clients", calm),
            row(f"{args.slow_clients} slow clients held", held),
            END,
            "",
        ]
    )
    if args.output:
        section_write(args.output, text, START, END)
    print(text)
    return 0 if restart_ok and percentile(held, 99) < P99_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
