"""Scale benchmark: Bronwijzer at 1k, 10k and 100k resources, side by side with Datasette.

Run by ``make bench``::

    python bench/scale.py [--sizes 1000,10000,100000] [--output docs/benchmarks.md]

For every size N, in a fresh temporary data directory (SQLite, DATABASE_URL unset):

1. ``bronwijzer synthmap --resources N`` writes a synthetic map; ``bronwijzer migrate`` and
   ``bronwijzer loadmap --replace`` load it (both timed).
2. A fresh process (bench/scale_probe.py) measures the index build (reading the published
   resources, then ``SearchIndex.build``) with its resident memory, and the server-side
   latency of the query mix (bench/scale_queries.py) in process: the engine alone and the
   whole Django request to the JSON API.
3. ``bronwijzer serve`` (gunicorn, 2 workers) on 127.0.0.1 gets the query mix from a
   closed-loop load generator at a fixed concurrency, bounded in time and count.
4. Datasette serves a SQLite copy of the same published resources (FTS5 over title and
   summary, facets on the same columns) and gets the same mix, translated, the same way.

Then it writes the tables, with the targets at the largest size, to the output file.
Servers run one at a time, and only on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))  # the repository root: tests.support.liveserver

import scale_datasette  # noqa: E402
import scale_http  # noqa: E402
from common import bench_env, bronwijzer, run  # noqa: E402
from scale_queries import MIX  # noqa: E402
from scale_report import percentile, render  # noqa: E402


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def summarise_load(result: scale_http.LoadResult) -> dict:
    return {
        "requests": result.requests,
        "errors": result.errors,
        "seconds": result.seconds,
        "rps": result.rps,
        "p50_ms": percentile(result.latencies_ms, 50),
        "p99_ms": percentile(result.latencies_ms, 99),
        "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
    }


def measured_load(server: scale_http.Server, urls: list[str], args) -> dict:
    """The load run, with the CPU time the server and this client used per request."""
    load_before = float(Path("/proc/loadavg").read_text().split()[0])
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    result = scale_http.load(
        server.port, urls, concurrency=args.concurrency, seconds=args.seconds, max_requests=args.max_requests
    )
    out = summarise_load(result)
    requests = max(result.requests, 1)
    out["server_cpu_ms"] = (server.cpu_seconds() - server_cpu) / requests * 1000
    out["client_cpu_ms"] = (time.process_time() - client_cpu) / requests * 1000
    out["load_before"] = load_before
    return out


def measure_bronwijzer_http(env: dict[str, str], work: Path, args) -> dict:
    port = scale_http.free_port()
    server_env = {
        **env,
        "BRONWIJZER_WORKERS": str(args.workers),
        # the first request of each worker builds its index: allow for it at large sizes
        "GUNICORN_CMD_ARGS": "--timeout 300",
    }
    command = bronwijzer("serve", "--host", scale_http.HOST, "--port", str(port))
    command += ["--workers", str(args.workers)]
    out: dict = {}
    log_path = work / "serve.log"
    with scale_http.server(command, server_env, port, log_path, "/api/v1/", timeout=300) as server:
        probe = scale_http.get_json(port, "/api/v1/resources?limit=1")
        path = "/api/v1/resources" if isinstance(probe, dict) and "count" in probe else "/"
        out["path"] = path
        urls = [query.bronwijzer_url(path) for query in MIX]
        out["warm_s"] = scale_http.warm_workers(port, urls[0], concurrency=2 * args.workers, timeout=300)
        # one pass of the mix, not measured
        scale_http.load(port, urls, concurrency=args.concurrency, seconds=60, max_requests=len(urls))
        out.update(measured_load(server, urls, args))
        out["worker_rss_mb"] = server.worker_rss_mb()
    return out


DATASETTE_SETTINGS = (
    # compute every facet and count however long it takes (the defaults give up after 200 ms / 1 s)
    ("sql_time_limit_ms", "120000"),
    ("facet_time_limit_ms", "120000"),
    ("suggest_facets", "off"),
)


def measure_datasette_http(env: dict[str, str], work: Path, db_path: Path, args) -> dict:
    port = scale_http.free_port()
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path)]
    command += ["--host", scale_http.HOST, "--port", str(port)]
    for name, value in DATASETTE_SETTINGS:
        command += ["--setting", name, value]
    urls = [query.datasette_url(db_path.stem) for query in MIX]
    out: dict = {}
    log_path = work / "datasette.log"
    with scale_http.server(command, env, port, log_path, "/-/versions.json", timeout=120) as server:
        counts, timed_out = [], 0
        for url in urls:  # one pass first, not measured: warms up, and checks every answer
            data = scale_http.get_json(port, url)
            if data is None:
                raise RuntimeError(f"Datasette did not answer {url} with JSON")
            counts.append(data.get("filtered_table_rows_count"))
            timed_out += len(data.get("facets_timed_out") or [])
        out["counts"] = counts
        out["facets_timed_out"] = timed_out
        out.update(measured_load(server, urls, args))
    return out


def measure_size(n: int, args, root: Path) -> dict:
    work = root / f"n{n}"
    data_dir = work / "data"
    data_dir.mkdir(parents=True)
    env = bench_env(data_dir)
    commands_log = work / "commands.log"
    record: dict = {"n": n, "errors": []}
    map_path = work / f"synth-{n}.json"
    try:
        log(f"N={n}: synthmap")
        record["synth_s"] = run(
            bronwijzer("synthmap", "--resources", str(n), "--seed", str(args.seed), "-o", str(map_path)),
            env,
            commands_log,
        )
        record["map_bytes"] = map_path.stat().st_size
        run(bronwijzer("migrate", "--verbosity", "0"), env, commands_log)
        log(f"N={n}: loadmap --replace ({record['map_bytes'] / 1e6:.0f} MB)")
        record["load_s"] = run(bronwijzer("loadmap", "--replace", str(map_path)), env, commands_log)
        map_path.unlink()
    except Exception as error:
        record["errors"].append(f"loading: {error}")
        return record

    log(f"N={n}: index build and in-process latency (fresh process)")
    probe_path = work / "probe.json"
    try:
        run(
            [
                sys.executable,
                str(BENCH / "scale_probe.py"),
                str(probe_path),
                "--budget",
                str(args.latency_budget),
            ],
            env,
            commands_log,
        )
        probe = json.loads(probe_path.read_text())
        if probe.get("error"):
            record["errors"].append("probe: " + probe["error"].strip().splitlines()[-1])
            (work / "probe-error.txt").write_text(probe["error"])
        record["probe"] = probe
    except Exception as error:
        record["errors"].append(f"probe: {error}")

    log(f"N={n}: Bronwijzer over HTTP (gunicorn, {args.workers} workers)")
    try:
        record["bronwijzer_http"] = measure_bronwijzer_http(env, work, args)
    except Exception as error:
        record["errors"].append(f"bronwijzer http: {str(error).splitlines()[0]}")
        traceback.print_exc()

    log(f"N={n}: Datasette")
    try:
        db_path = work / "bench.db"
        started = time.perf_counter()
        record["datasette_rows"] = scale_datasette.build(data_dir / "bronwijzer.sqlite3", db_path)
        record["datasette_db_s"] = time.perf_counter() - started
        record["datasette_http"] = measure_datasette_http(env, work, db_path, args)
    except Exception as error:
        record["errors"].append(f"datasette: {str(error).splitlines()[0]}")
        traceback.print_exc()
    return record


# --- the report ----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        commit += " + uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": ", ".join(
            f"{name} {version(name)}" for name in ("Django", "gunicorn", "datasette", "uvicorn", "numpy")
        ),
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated resource counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight in the HTTP runs")
    parser.add_argument("--seconds", type=float, default=20.0, help="time limit of each HTTP run")
    parser.add_argument("--max-requests", type=int, default=20_000, help="request limit of each HTTP run")
    parser.add_argument(
        "--latency-budget", type=float, default=15.0, help="seconds per in-process latency run"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directories")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size]

    started = dt.datetime.now()
    clock = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="bronwijzer-bench-"))
    log(f"working in {root}")
    records = []
    try:
        for n in sizes:
            records.append(measure_size(n, args, root))
            (root / "results.json").write_text(json.dumps(records, default=str))
    finally:
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    report = render(records, args, machine(), started, time.perf_counter() - clock)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    log(f"wrote {output}")
    print(report)
    return 1 if any(rec.get("errors") for rec in records) else 0


if __name__ == "__main__":
    sys.exit(main())
