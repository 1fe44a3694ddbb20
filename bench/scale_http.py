"""Servers and a small closed-loop HTTP load generator for the scale benchmark (127.0.0.1 only).

The load generator keeps ``concurrency`` requests in flight (one thread each, a new
connection per request, ``Connection: close``, as gunicorn's sync workers close every
connection anyway) and stops at a time limit or a request count, whichever comes first.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.liveserver import background, log_tail, wait_until

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    body: bytes
    ms: float


def get(port: int, path: str, timeout: float = 120.0) -> Response:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close", "Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
        status = response.status
    finally:
        conn.close()
    return Response(status, body, (time.perf_counter() - started) * 1000)


def get_json(port: int, path: str) -> dict | None:
    try:
        response = get(port, path)
        return json.loads(response.body) if response.status == 200 else None
    except (OSError, ValueError, http.client.HTTPException):
        return None


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


def load(
    port: int, paths: Sequence[str], *, concurrency: int, seconds: float, max_requests: int
) -> LoadResult:
    """Closed loop: ``concurrency`` clients, each sending the next path of the mix once answered."""
    counter = itertools.count()
    lock = threading.Lock()
    result = LoadResult()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        while True:
            i = next(counter)
            if i >= max_requests or time.perf_counter() >= deadline:
                return
            try:
                response = get(port, paths[i % len(paths)])
                ok = response.status == 200
                status, ms = response.status, response.ms
            except (OSError, http.client.HTTPException):
                ok, status, ms = False, 0, 0.0
            with lock:
                result.requests += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if ok:
                    result.latencies_ms.append(ms)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


# --- processes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        return log_tail(self.log_path, lines)

    def _family(self) -> list[int]:
        """The server process and its children (gunicorn's workers)."""
        pids = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far by the server process and its children."""
        ticks = 0
        for pid in self._family():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(stat[11]) + int(stat[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of the server's child processes (gunicorn's workers)."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid) and "VmRSS" in fields:
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)


@contextlib.contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, log_path: Path, ready_path: str, timeout: float
) -> Iterator[Server]:
    """Start ``command`` in its own process group; yield once ``ready_path`` answers; stop it after."""

    def ready() -> bool:
        try:
            return get(port, ready_path, timeout=timeout).status < 500
        except OSError:
            return False

    with background(command, env, log_path, grace=15) as process:
        wait_until(ready, process, str(command[:4]), log_path, timeout=timeout, error=RuntimeError)
        yield Server(port, process, log_path)


def warm_workers(port: int, path: str, *, concurrency: int, timeout: float) -> float:
    """Send rounds of concurrent requests until two rounds in a row answer quickly.

    Each gunicorn worker builds its own index on its first request; a round that
    reaches a worker still building is slow. Returns the seconds it took.
    """
    started = time.monotonic()
    good = 0
    while good < 2 and time.monotonic() - started < timeout:
        result = load(port, [path], concurrency=concurrency, seconds=timeout, max_requests=concurrency * 2)
        slowest = max(result.latencies_ms, default=float("inf"))
        good = good + 1 if result.errors == 0 and slowest < 1000 else 0
    return time.monotonic() - started
