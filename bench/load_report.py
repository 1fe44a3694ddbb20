"""What bench/load.py writes: one run's figures and the Load section of docs/benchmarks.md."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START = "<!-- load: written by bench/load.py -->"
END = "<!-- /load -->"
TARGET_RPS = 1000
TARGET_KINDS = ("map", "api")
STABLE_MB = 10

NOTES = (
    "*Kinds*: **map** `/`; **search** the map with 10 searches and filters; **api** the list, the same "
    "10 searches and every resource (`/api/v1/resources/<slug>`); **resource** every resource page in "
    "Dutch and English; **mixed** all of these and `/en/`. wrk rotates through the paths of a kind. "
    "Latencies are as wrk sees them (its percentiles; client and server share the two cores). "
    "*Non-2xx* and *socket errors* (connect, read, write, timeout) are counted by wrk; any of them fails "
    "the run. *RSS* is the resident memory of gunicorn's master and workers together, sampled every "
    "second during the run; *largest worker* is the largest single worker seen. *Load avg.* is the "
    "machine's one-minute load average just before the run: anything else running on the two cores "
    "(other people's tests, builds) lowers the figures.\n\n"
    "Before its run each path of a kind is requested twice, so every path is known to answer 200; that "
    "warms only the worker that answered, the others fill during the run. Every answer from the cache "
    "still costs one database query, the freshness check ([operations.md](operations.md#page-cache))."
)


@dataclass
class Run:
    kind: str
    cached: bool
    paths: int
    wrk: dict
    memory: dict
    cache_check: dict
    load_before: float


def ms(us: float) -> str:
    return f"{us / 1000:.1f} ms"


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    return f"{cpu}, {os.cpu_count()} cores, {mem} RAM; {platform.platform()}"


def commit() -> str:
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return completed.stdout.strip() + (" + uncommitted changes" if dirty.strip() else "")


def section(args, runs: list[Run], wrk: str, took: float) -> str:
    cached = [r for r in runs if r.cached]
    by_kind = {r.kind: r for r in cached}
    verdict_rows = []
    for kind in TARGET_KINDS:
        if kind in by_kind:
            rps = by_kind[kind].wrk["rps"]
            verdict = "met" if rps >= TARGET_RPS else "not met"
            verdict_rows.append(
                f"| ≥ {TARGET_RPS:,} requests/s, {kind} | {rps:,.0f} requests/s | {verdict} |"
            )
    failed = sum(r.wrk["status"] + r.wrk["socket_errors"] for r in runs)
    verdict_rows.append(f"| 0 errors | {failed} | {'met' if failed == 0 else 'not met'} |")
    grow = max((r.memory["second_half_growth"] for r in runs), default=0)
    stable = "met" if grow < STABLE_MB else "not met"
    verdict_rows.append(
        f"| Stable memory: < {STABLE_MB} MB more in a run's second half | {grow:+.0f} MB at most | {stable} |"
    )
    table = [
        "| Kind | Page cache | Paths | Requests | Requests/s | p50 | p90 | p99 | Max | Non-2xx "
        "| Socket errors | RSS start → end (max), MB | Largest worker, MB | Load avg. before |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        w, m = r.wrk, r.memory
        table.append(
            f"| {r.kind} | {'on' if r.cached else 'off'} | {r.paths} | {w['requests']:,} | {w['rps']:,.0f} "
            f"| {ms(w['p50'])} | {ms(w['p90'])} | {ms(w['p99'])} | {ms(w['max'])} | {w['status']} "
            f"| {w['socket_errors']} | {m['start']:.0f} → {m['end']:.0f} ({m['max']:.0f}) "
            f"| {m['worker_max']:.0f} | {r.load_before:.2f} |"
        )
    gunicorn = args.gunicorn_args or "threaded workers (gthread, BRONWIJZER_THREADS threads each)"
    cache_size = os.environ.get("BRONWIJZER_PAGE_CACHE_BYTES", "default (32 MiB per process)")
    command = f"`.venv/bin/python bench/load.py --duration {args.duration} --connections {args.connections}"
    command += f" --uncached-duration {args.uncached_duration}`"
    lines = [
        START,
        "## Load",
        "",
        f"Written by `make load` ({command}, {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{took / 60:.1f} minutes in all); run it again rather than editing.",
        "",
        f"- **Machine**: {machine()}",
        f"- **Server**: `bronwijzer serve --workers {args.workers}` with BRONWIJZER_ENV=production "
        f"(gunicorn, {gunicorn}, access log on), a fresh SQLite database with the default map, on {HOST}; "
        f"page cache {cache_size}",
        f"- **Client**: wrk {wrk}, 2 threads, {args.connections} connections (keep-alive where the server "
        f"allows it), {args.duration} s per kind, 10 s request timeout, on the same machine as the server",
        f"- **Code**: commit {commit()}",
        "",
        "| Target | Measured | Verdict |",
        "| --- | --- | --- |",
        *verdict_rows,
        "",
        *table,
        "",
        NOTES,
        "",
        END,
    ]
    return "\n".join(lines) + "\n"
