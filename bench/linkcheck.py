"""Link-check benchmark: Bronwijzer, lychee and LinkChecker on the same 1,000 local URLs.

    python bench/linkcheck.py [--urls 1000] [--hosts 10] [--concurrency 32] [--per-host 4]
                              [--timeout 3] [--retries 2] [--output docs/benchmarks.md]

Local servers on 127.0.0.1 ... 127.0.0.N (one "host" each, random ports) serve URLs whose
truth is known: ok pages and files, permanent and temporary redirects, 404, 410, 500 that
stays, 503 and 429 (with Retry-After) that recover, pages that refuse HEAD, soft-404 pages
in Dutch and English, answers slower than the timeout, redirect loops, and a host that
refuses connections. Every answer comes after an injected latency of 50-200 ms (fixed per
URL, so every tool meets the same). Each tool checks the list in turn, with the same
politeness settings as far as it has them; stateful cases are reset in between. The wall
time and how each verdict compares with the truth go into the "Link check" section of the
output file (the rest of the file is kept). Nothing leaves 127.0.0.0/8.

Target: Bronwijzer no slower than lychee at the same settings, and no Bronwijzer verdict
that the case's truth contradicts.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from common import bench_env, bronwijzer, run, section_write  # noqa: E402
from tests.linkcheck.servers import LocalServers, Reply, Request, page  # noqa: E402

START = "<!-- linkcheck: written by bench/linkcheck.py -->"
END = "<!-- /linkcheck -->"
VENV_BIN = Path(sys.executable).parent
SLOW_S = 10.0
REFUSING_HOST = "127.0.0.99"  # nothing listens there: connection refused

# kind -> (share of the URLs, truth as Bronwijzer's status slug)
CASES: dict[str, tuple[float, str]] = {
    "page": (0.54, "ok"),
    "file": (0.05, "ok"),
    "no-head": (0.03, "ok"),
    "recovering-503": (0.02, "ok"),
    "rate-limited-429": (0.02, "ok"),
    "moved-301": (0.06, "redirect-permanent"),
    "moved-308": (0.01, "redirect-permanent"),
    "found-302": (0.04, "redirect-temporary"),
    "temporary-307": (0.01, "redirect-temporary"),
    "not-found-404": (0.07, "broken"),
    "gone-410": (0.02, "broken"),
    "error-500": (0.03, "broken"),
    "redirect-loop": (0.01, "broken"),
    "soft-404-nl": (0.02, "soft-404"),
    "soft-404-en": (0.02, "soft-404"),
    "slow": (0.02, "timeout"),
    "refused": (0.03, "connection"),
}
COARSE = {
    "ok": "fine",
    "redirect-permanent": "fine",
    "redirect-temporary": "fine",
    "broken": "broken",
    "soft-404": "broken",
    "timeout": "unreachable",
    "dns": "unreachable",
    "connection": "unreachable",
    "tls": "unreachable",
}

PAGE = page("Lespakket online veiligheid", "Lespakket", "Een lespakket over online veiligheid. " * 8)
SOFT_NL = page("Pagina niet gevonden | Voorbeeld", "Oeps! Deze pagina bestaat niet (meer)", "Zoek opnieuw.")
SOFT_EN = page("Example Foundation", "Sorry", "The page you are looking for doesn't exist. Try searching.")


@dataclass
class Case:
    url: str
    kind: str
    truth: str


class Site:
    """The handler: the first path segment says the case; the answers wait 50-200 ms."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen: Counter[str] = Counter()

    def reset(self) -> None:
        with self.lock:
            self.seen.clear()

    async def __call__(self, request: Request) -> Reply:
        reply = self.answer(request)
        reply.delay = max(reply.delay, 0.05 + (zlib.crc32(request.path.encode()) % 151) / 1000)
        reply.headers.setdefault("LinkChecker", "local benchmark server")  # lets LinkChecker exceed 10/s
        return reply

    def answer(self, request: Request) -> Reply:
        path = request.path
        kind = path.strip("/").split("/")[0]
        with self.lock:
            self.seen[path] += 1
            n = self.seen[path]
        match kind:
            case "page" | "target":
                return Reply(200, PAGE)
            case "file":
                return Reply(200, b"%PDF-1.4 " + b"0" * 20_000, content_type="application/pdf")
            case "no-head":
                return Reply(405, headers={"Allow": "GET"}) if request.method == "HEAD" else Reply(200, PAGE)
            case "recovering-503":
                return Reply(503, "onderhoud", content_type="text/plain") if n == 1 else Reply(200, PAGE)
            case "rate-limited-429":
                if n == 1:
                    return Reply(429, "rustig aan", content_type="text/plain", headers={"Retry-After": "1"})
                return Reply(200, PAGE)
            case "moved-301" | "moved-308" | "found-302" | "temporary-307":
                code = int(kind[-3:])
                return Reply(code, headers={"Location": "/target" + path[len(kind) + 1 :]})
            case "not-found-404":
                return Reply(404, page("Niet gevonden"))
            case "gone-410":
                return Reply(410, page("Verwijderd"))
            case "error-500":
                return Reply(500, "fout", content_type="text/plain")
            case "redirect-loop":
                other = path[:-2] if path.endswith("/b") else path + "/b"
                return Reply(302, headers={"Location": other})
            case "soft-404-nl":
                return Reply(200, SOFT_NL)
            case "soft-404-en":
                return Reply(200, SOFT_EN)
            case "slow":
                return Reply(200, PAGE, delay=SLOW_S)
        return Reply(404, page("Niet gevonden"))


def make_cases(n: int, servers: LocalServers, seed: int) -> list[Case]:
    counts = {kind: max(1, round(share * n)) for kind, (share, _) in CASES.items()}
    counts["page"] += n - sum(counts.values())
    cases = []
    index = 0
    some_port = next(iter(servers.ports.values()))
    for kind, count in counts.items():
        for _ in range(count):
            host = servers.hosts[index % len(servers.hosts)]
            base = f"http://{REFUSING_HOST}:{some_port}" if kind == "refused" else servers.url("", host=host)
            cases.append(Case(f"{base}/{kind}/{index}", kind, CASES[kind][1]))
            index += 1
    random.Random(seed).shuffle(cases)
    return cases


# -- the tools ------------------------------------------------------------------------------------


def run_bronwijzer(cases: list[Case], args, work: Path) -> tuple[float, dict[str, str], dict]:
    env = bench_env(work / "bronwijzer")
    env["DJANGO_SETTINGS_MODULE"] = "bronwijzer.settings"
    env["BRONWIJZER_LINKCHECK_ALLOW_PRIVATE"] = "true"  # the sites are local servers on 127.0.0.x
    log = work / "bronwijzer.log"
    run(bronwijzer("migrate", "--verbosity", "0"), env, log)
    listing = work / "urls.txt"
    empty = work / "empty.txt"
    empty.write_text("")
    common = [
        "checklinks",
        "--json",
        "--no-progress",
        f"--concurrency={args.concurrency}",
        f"--per-host={args.per_host}",
        f"--timeout={args.timeout}",
        f"--retries={args.retries}",
    ]
    startup = _timed(bronwijzer(*common, "--urls", str(empty)), env)[0]
    seconds, done = _timed(bronwijzer(*common, "--urls", str(listing)), env, ok_codes=(0, 1))
    results = json.loads(done.stdout)["results"]
    requests = sum(r["attempts"] for r in results)
    return seconds, {r["url"]: r["status"] for r in results}, {"startup": startup, "requests": requests}


def run_lychee(cases: list[Case], args, work: Path) -> tuple[float, dict[str, str], dict]:
    out = work / "lychee.json"
    command = [
        str(VENV_BIN / "lychee"),
        "--no-progress",
        "--format=json",
        f"--output={out}",
        f"--max-concurrency={args.concurrency}",
        f"--host-concurrency={args.per_host}",
        "--host-request-interval=0ms",
        f"--timeout={args.timeout:g}",
        f"--max-retries={args.retries}",
        "--retry-wait-time=1",
        "--max-redirects=10",
        "--no-ignore",
        str(work / "urls.txt"),
    ]
    seconds, _ = _timed(command, dict(os.environ), ok_codes=(0, 2))
    report = json.loads(out.read_text())
    verdicts = {case.url: "ok" for case in cases}
    for entries in report.get("redirect_map", {}).values():
        for entry in entries:
            verdicts[entry["url"]] = "redirect"
    for entries in report.get("timeout_map", {}).values():
        for entry in entries:
            verdicts[entry["url"]] = "timeout"
    for entries in report.get("error_map", {}).values():
        for entry in entries:
            status = entry.get("status", {})
            text = (status.get("text", "") + " " + status.get("details", "")).lower()
            verdicts[entry["url"]] = (
                "timeout" if "timed out" in text or "timeout" in text
                else "connection" if status.get("code") is None and "redirect" not in text
                else "broken"
            )  # fmt: skip
    return seconds, verdicts, {}


def run_linkchecker(cases: list[Case], args, work: Path) -> tuple[float, dict[str, str], dict]:
    # LinkChecker drops root privileges to 'nobody': its config must be world-readable.
    folder = work / "linkchecker"
    folder.mkdir()
    folder.chmod(0o755)
    config = folder / "linkcheckerrc"
    config.write_text(
        "[checking]\n"
        f"threads={args.concurrency}\n"
        f"timeout={args.timeout:g}\n"
        "maxrequestspersecond=100\n"
        "maxhttpredirects=10\n"
        "robotstxt=0\n"
        "recursionlevel=0\n"
        "checkextern=1\n"
        "[output]\nstatus=0\nwarnings=0\n"
    )
    config.chmod(0o644)
    command = [
        str(VENV_BIN / "linkchecker"),
        "--config",
        str(config),
        "--stdin",
        "-r0",
        "--check-extern",
        "--no-robots",
        "--no-status",
        "--no-warnings",
        "-v",
        "-o",
        "csv",
        f"--threads={args.concurrency}",
        f"--timeout={args.timeout:g}",
    ]
    stdin = "\n".join(case.url for case in cases) + "\n"
    seconds, done = _timed(command, dict(os.environ), ok_codes=(0, 1), stdin=stdin)
    rows = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    verdicts = {}
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        result = (row.get("result") or "").lower()
        if row.get("valid") == "True":
            verdicts[row["urlname"]] = (
                "redirect" if "redirect" in (row.get("infostring") or "").lower() else "ok"
            )
        elif "timeout" in result or "timed out" in result:
            verdicts[row["urlname"]] = "timeout"
        elif "connectionerror" in result or "refused" in result:
            verdicts[row["urlname"]] = "connection"
        else:
            verdicts[row["urlname"]] = "broken"
    return seconds, verdicts, {}


def _timed(command, env, ok_codes=(0,), stdin=None):
    started = time.perf_counter()
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in ok_codes:
        raise RuntimeError(f"{command[0]} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done


def coarse(verdict: str | None) -> str:
    if verdict in (None, ""):
        return "missing"
    return COARSE.get(verdict, "fine" if verdict == "redirect" else verdict)


# -- the report -----------------------------------------------------------------------------------


def tool_version(name: str) -> str:
    try:
        out = subprocess.run([str(VENV_BIN / name), "--version"], capture_output=True, text=True, check=False)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return name


def agreement(cases, verdicts) -> float:
    return sum(coarse(verdicts.get(c.url)) == coarse(c.truth) for c in cases) / len(cases)


def section(cases, results, args, took, no_retries=None) -> str:
    total = len(cases)
    mix = Counter(case.kind for case in cases)
    lines = [
        START,
        "## Link check",
        "",
        f"Written by `make bench` (`python bench/linkcheck.py`, {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{took:.0f} s in all) on "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores. {total:,} URLs on "
        f"{args.hosts} local hosts (127.0.0.1-{args.hosts}, plus one address that refuses connections), "
        "every answer after 50-200 ms of injected latency; all three tools in one run, one after the other, "
        f"with {args.concurrency} requests at once, {args.per_host} per host, a {args.timeout:g} s timeout, "
        f"{args.retries} retries and at most 10 redirects "
        "([docs/linkcheck.md](linkcheck.md) says how each tool was set).",
        "",
        "| Tool | Wall time | Agrees with the truth (fine / broken / unreachable) | Same class as the truth "
        "| Verdicts the truth contradicts |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    bron = results["Bronwijzer"]
    for name, result in results.items():
        verdicts = result["verdicts"]
        right = sum(coarse(verdicts.get(c.url)) == coarse(c.truth) for c in cases)
        exact = sum(verdicts.get(c.url) == c.truth for c in cases) if name == "Bronwijzer" else None
        extra = ""
        if name == "Bronwijzer":
            extra = (
                f" (start-up {result['extra']['startup']:.1f} s, {result['extra']['requests']:,} requests)"
            )
        exact_text = f"{exact / total:.1%}" if exact is not None else "n/a"
        lines.append(
            f"| {result['label']} | {result['seconds']:.1f} s{extra} | {right / total:.1%} | {exact_text} "
            f"| {total - right} |"
        )
    lychee_seconds = results["lychee"]["seconds"] if "lychee" in results else float("inf")
    verdict = (
        "met"
        if bron["seconds"] <= lychee_seconds
        and all(coarse(bron["verdicts"].get(c.url)) == coarse(c.truth) for c in cases)
        else "NOT met"
    )
    lines += [
        "",
        f"Target (no slower than lychee at the same politeness settings, no verdict the truth "
        f"contradicts): **{verdict}**.",
        "",
        "| Case | URLs | Truth | " + " | ".join(f"{name} right" for name in results) + " |",
        "| --- | ---: | --- | " + " | ".join("---:" for _ in results) + " |",
    ]
    for kind in CASES:
        chosen = [c for c in cases if c.kind == kind]
        cells = []
        for result in results.values():
            right = sum(coarse(result["verdicts"].get(c.url)) == coarse(c.truth) for c in chosen)
            cells.append(f"{right}/{len(chosen)}")
        lines.append(f"| {kind} | {mix[kind]} | {CASES[kind][1]} | " + " | ".join(cells) + " |")
    names = list(results)
    pairs = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            same = sum(
                coarse(results[a]["verdicts"].get(c.url)) == coarse(results[b]["verdicts"].get(c.url))
                for c in cases
            )
            pairs.append(f"{a} and {b} agree on {same / total:.1%}")
    lines += [
        "",
        "Between the tools (fine / broken / unreachable): " + "; ".join(pairs) + ". "
        "lychee and LinkChecker have no soft-404 check, so they call those pages fine; LinkChecker "
        "does not retry and lychee does not retry a 503 without Retry-After, so both call the "
        "recovering-503 URLs broken. The 'right' columns compare each tool's verdict class with the truth.",
        "",
    ]
    if no_retries:
        runs = ", ".join(
            f"{name} {r['seconds']:.1f} s (agrees with the truth on {agreement(cases, r['verdicts']):.1%})"
            for name, r in no_retries.items()
        )
        lines += [
            "Bronwijzer does not retry timeouts and lychee does (each slow URL costs it three tries "
            "and the waits between them). The same run without any retries (`--retries 0`, "
            f"`--max-retries 0`), so that this difference is out of the comparison: {runs}.",
            "",
        ]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tools", default="Bronwijzer,lychee,LinkChecker")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--no-compare-without-retries",
        action="store_true",
        help="skip the extra Bronwijzer/lychee run with retries off",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    site = Site()
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    runners = {"Bronwijzer": run_bronwijzer, "lychee": run_lychee, "LinkChecker": run_linkchecker}
    labels = {
        "Bronwijzer": "Bronwijzer `checklinks`",
        "lychee": f"{tool_version('lychee')}",
        "LinkChecker": f"{tool_version('linkchecker').split(' released')[0]}",
    }
    results = {}
    with (
        LocalServers(site, hosts=hosts) as servers,
        tempfile.TemporaryDirectory(prefix="bw-linkbench-") as tmp,
    ):
        work = Path(tmp)
        work.chmod(0o755)
        cases = make_cases(args.urls, servers, args.seed)
        (work / "urls.txt").write_text("\n".join(case.url for case in cases) + "\n")
        for name in args.tools.split(","):
            site.reset()
            print(f"[linkcheck bench] {name} ...", flush=True)
            seconds, verdicts, extra = runners[name](cases, args, work)
            results[name] = {"seconds": seconds, "verdicts": verdicts, "extra": extra, "label": labels[name]}
            print(f"[linkcheck bench] {name}: {seconds:.1f} s", flush=True)
        no_retries = {}
        if {"Bronwijzer", "lychee"} <= set(results) and args.retries and not args.no_compare_without_retries:
            plain = argparse.Namespace(**{**vars(args), "retries": 0})
            for name in ("Bronwijzer", "lychee"):
                site.reset()
                seconds, verdicts, _ = runners[name](cases, plain, work)
                no_retries[name] = {"seconds": seconds, "verdicts": verdicts}
                print(f"[linkcheck bench] {name} without retries: {seconds:.1f} s", flush=True)
    text = section(cases, results, args, time.perf_counter() - started, no_retries)
    section_write(Path(args.output), text, START, END)
    print(text)
    return 0 if "**met**" in text else 1


if __name__ == "__main__":
    sys.exit(main())
