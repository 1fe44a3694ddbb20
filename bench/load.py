"""Load test: the production server under 64 concurrent connections, per kind of page.

    python bench/load.py [--duration 60] [--connections 64] [--output docs/benchmarks.md]

Starts ``bronwijzer serve`` as an operator would (BRONWIJZER_ENV=production, a secret key
and ALLOWED_HOSTS from the environment, a fresh data directory, so the default map is
loaded) on 127.0.0.1 only, then runs wrk (https://github.com/wg/wrk; Debian: ``apt-get
install wrk``) against it for ``--duration`` seconds per kind of page, with
``--connections`` connections and a request timeout. Paths rotate through a wrk Lua
script: the map, searches, the API (list, searches, every resource) and every resource
page. The resident memory (RSS) of gunicorn's master and workers is sampled every
second from /proc.

Reports requests/s, latency p50/p90/p99/max, socket errors and non-2xx answers per kind;
exits 1 when any request failed. Writes the "Load" section of the output file (the
other sections are kept). Target: at least 1,000 requests/s for the map and the API.
With ``--uncached-duration S`` (default 15; 0 skips it) each kind also runs for S seconds
against a server with the page cache off, for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))  # the repository root: tests.support.liveserver

from common import bronwijzer, section_write  # noqa: E402
from load_report import END, HOST, START, Run, ms, section  # noqa: E402
from tests.support.liveserver import background, http_answers, wait_until  # noqa: E402

START_TIMEOUT = 120.0

SEARCHES = (
    "q=ouders",
    "q=sexting",
    "q=nudes+doorgestuurd",
    "q=ouderavond",
    "q=sextortion",
    "q=iets+voor+een+turkse+moeder",
    "q=aangifte+doen",
    "q=weerbaarheid",
    "q=school&audience=ouders",
    "theme=preventie&language=ar",
)
WRK_SCRIPT = """
paths = {%(paths)s}
local counter = 0
local offset = 0
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
function init(args)
  counter = tonumber(offset) or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function done(summary, latency, requests)
  io.write(string.format(
    "WRKJSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"bytes\\": %%d, \\"connect\\": %%d, "
    .. "\\"read\\": %%d, \\"write\\": %%d, \\"status\\": %%d, \\"timeout\\": %%d, "
    .. "\\"p50\\": %%d, \\"p90\\": %%d, \\"p99\\": %%d, \\"max\\": %%d, \\"mean\\": %%f}\\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


class BenchError(RuntimeError):
    pass


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(data_dir: Path, page_cache: bool, gunicorn_args: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # a fresh SQLite database in the data dir, never the test database
    env.update(
        {
            "BRONWIJZER_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "BRONWIJZER_PUBLIC_URL": f"http://{HOST}",  # required in production; wrk follows no link
            "BRONWIJZER_DATA_DIR": str(data_dir),
            "DEBUG": "false",
            "PYTHONWARNINGS": "ignore",
        }
    )
    if not page_cache:
        env["BRONWIJZER_PAGE_CACHE_BYTES"] = "0"
    if gunicorn_args:
        env["GUNICORN_CMD_ARGS"] = gunicorn_args
    else:
        env.pop("GUNICORN_CMD_ARGS", None)
    return env


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path


@contextlib.contextmanager
def production_server(data_dir: Path, workers: int, page_cache: bool, gunicorn_args: str):
    port = free_port()
    url = f"http://{HOST}:{port}"
    log_path = data_dir.parent / f"server-{port}.log"
    command = bronwijzer("serve", "--host", HOST, "--port", str(port), "--workers", str(workers))
    env = production_env(data_dir, page_cache, gunicorn_args)
    with background(command, env, log_path) as process:
        ready = lambda: http_answers(url + "/", timeout=5)  # noqa: E731
        wait_until(ready, process, "the server", log_path, timeout=START_TIMEOUT, error=BenchError)
        yield Server(url, process, log_path)


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _rss_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


@dataclass
class MemorySampler:
    """RSS of gunicorn's master and its workers, every second, in a background thread."""

    master: int
    samples: list[tuple[float, float, dict[int, float]]] = field(default_factory=list)  # (t, total, per pid)

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[float, dict[int, float]]:
        pids = [self.master, *_children(self.master)]
        per = {pid: rss for pid in pids if (rss := _rss_mb(pid)) is not None}
        return sum(per.values()), per

    def _run(self):
        while not self._stop.is_set():
            total, per = self.sample()
            self.samples.append((time.monotonic(), total, per))
            self._stop.wait(1.0)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)

    def summary(self) -> dict:
        totals = [total for _, total, _ in self.samples]
        workers = [rss for _, _, per in self.samples for pid, rss in per.items() if pid != self.master]
        middle = totals[len(totals) // 2]
        return {
            "second_half_growth": max(totals[len(totals) // 2 :]) - middle,
            "start": totals[0],
            "end": totals[-1],
            "max": max(totals),
            "worker_max": max(workers) if workers else 0.0,
            "processes": len(self.samples[-1][2]),
            "samples": len(totals),
        }


# --------------------------------------------------------------------------- wrk


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise BenchError(
            "wrk is not installed: install it with `apt-get install wrk` (Debian/Ubuntu) "
            "or from https://github.com/wg/wrk, then run this again."
        )
    return found


def wrk_version(binary: str) -> str:
    completed = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    match = re.search(r"wrk (\S+)", completed.stdout + completed.stderr)
    return match.group(1) if match else "?"


def run_wrk(binary: str, url: str, paths: list[str], duration: int, connections: int, work: Path) -> dict:
    script = work / "paths.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
    threads = min(2, connections)
    command = [
        binary,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url + "/",
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    line = next((x for x in completed.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if completed.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    result = json.loads(line[len("WRKJSON ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"]
    return result


# --------------------------------------------------------------------------- the page kinds


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def page_kinds(base_url: str) -> dict[str, list[str]]:
    status, _, body = fetch(base_url + "/api/v1/resources?limit=100")
    if status != 200:
        raise BenchError(f"/api/v1/resources answered {status}")
    slugs = [r["slug"] for r in json.loads(body)["results"]]
    for query in SEARCHES:
        status, _, body = fetch(f"{base_url}/api/v1/resources?{query}")
        if status != 200 or not json.loads(body)["results"]:
            raise BenchError(
                f"the search {query!r} finds nothing: choose another (zero-result searches are never cached)"
            )
    kinds = {
        "map": ["/"],
        "search": [f"/?{q}" for q in SEARCHES],
        "api": ["/api/v1/resources"]
        + [f"/api/v1/resources?{q}" for q in SEARCHES]
        + [f"/api/v1/resources/{slug}" for slug in slugs],
        "resource": [f"/bron/{slug}/" for slug in slugs] + [f"/en/bron/{slug}/" for slug in slugs],
    }
    kinds["mixed"] = ["/en/", *[path for paths in kinds.values() for path in paths]]
    return kinds


def check_paths(base_url: str, paths: list[str]) -> dict[str, int]:
    """Every path answers 200; how many of them came from the cache on a second request."""
    cache = {"hit": 0, "miss": 0, "none": 0}
    for path in paths:
        status, _, _ = fetch(base_url + path)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
        _, headers, _ = fetch(base_url + path)
        cache[headers.get("X-Cache", "none")] = cache.get(headers.get("X-Cache", "none"), 0) + 1
    return cache


def measure(args, binary: str, work: Path, cached: bool, duration: int) -> list[Run]:
    data_dir = work / ("data-cached" if cached else "data-uncached")
    runs = []
    with production_server(data_dir, args.workers, cached, args.gunicorn_args) as server:
        kinds = page_kinds(server.url)
        selected = [k for k in args.kinds.split(",") if k]
        for kind in selected:
            paths = kinds[kind]
            cache_check = check_paths(server.url, paths)  # every path works; warms the cache of one worker
            print(
                f"{'cached' if cached else 'uncached'} {kind}: {len(paths)} paths, {duration} s ...",
                flush=True,
            )
            load_before = os.getloadavg()[0]
            with MemorySampler(server.process.pid) as sampler:
                result = run_wrk(binary, server.url, paths, duration, args.connections, work)
            run = Run(kind, cached, len(paths), result, sampler.summary(), cache_check, load_before)
            memory = run.memory
            print(
                f"  {result['rps']:,.0f} req/s, p50 {ms(result['p50'])}, p99 {ms(result['p99'])}, "
                f"{result['status']} non-2xx, {result['socket_errors']} socket errors; "
                f"RSS {memory['start']:.0f} -> {memory['end']:.0f} MB (max {memory['max']:.0f})",
                flush=True,
            )
            runs.append(run)
        errors = [
            line for line in server.log_path.read_text(errors="replace").splitlines() if "Traceback" in line
        ]
        if errors:
            raise BenchError(f"the server logged {len(errors)} tracebacks: see {server.log_path}")
    return runs


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per kind (default 60)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2: one per core)")
    parser.add_argument("--kinds", default="map,search,api,resource,mixed")
    parser.add_argument(
        "--gunicorn-args", default="", help="extra gunicorn options through GUNICORN_CMD_ARGS (default none)"
    )
    parser.add_argument(
        "--uncached-duration", type=int, default=15, help="seconds per kind with the cache off; 0 skips"
    )
    parser.add_argument("--output", default="", help="write the Load section into this file")
    args = parser.parse_args(argv)
    try:
        binary = wrk_binary()
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="bronwijzer-load-") as tmp:
            work = Path(tmp)
            runs = measure(args, binary, work, True, args.duration)
            if args.uncached_duration > 0:
                runs += measure(args, binary, work, False, args.uncached_duration)
        took = time.monotonic() - started
    except BenchError as error:
        print(f"bench/load.py: {error}", file=sys.stderr)
        return 1
    text = section(args, runs, wrk_version(binary), took)
    if args.output:
        section_write(Path(args.output), text, START, END)
        print(f"Wrote the Load section of {args.output}")
    else:
        print(text)
    failed = sum(r.wrk["status"] + r.wrk["socket_errors"] for r in runs)
    if failed:
        print(f"bench/load.py: {failed} requests failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
