"""Export benchmark: how long the map as PDF (and the other exports) take on this machine.

    python bench/exports.py [--runs 5] [--output docs/benchmarks.md]

Loads the default map into a fresh SQLite database (a temporary data directory),
then times, each ``--runs`` times:

- ``bronwijzer exportpdf`` as a command (wall time, Django start-up included), Dutch and English;
- the PDF exporter in one process (render only), and the CSV and JSON exporters;
- the Arabic parent handout of a full kit (8 resources) as PDF;
- ``bronwijzer buildstatic`` (when the command exists).

The figures replace the "Exports" section of the output file (the rest, written by
bench/scale.py, is kept). Target: exportpdf of the default map in at most 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from common import bench_env, bronwijzer, run, section_write  # noqa: E402

START = "<!-- exports: written by bench/exports.py -->"
END = "<!-- /exports -->"
TARGET_S = 5.0
KIT_SLUGS = (
    "mediagesprek,zanzu-alles-over-seks,internet-matters-lhbtqi-kind-online,trias-tips-sociale-media-gebruik,"
    "lang-leve-de-liefde,oudermodule-fonds-slachtofferhulp,mediadiamant,help-ik-sta-online"
)

IN_PROCESS = """
import json, os, statistics, sys, time
import django
django.setup()
from django.test import Client
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
runs = int(sys.argv[1])
out = {}
def timed(name, call):
    times = []
    for _ in range(runs):
        started = time.perf_counter(); data = call(); times.append(time.perf_counter() - started)
    out[name] = {"median": statistics.median(times), "max": max(times), "bytes": len(data)}
for fmt in ("pdf", "csv", "json"):
    timed(f"exporter {fmt} (nl)", lambda fmt=fmt: exporter(fmt).render_in_language(ExportJob()))
code = kit_encode(Kit(KitOptions(who="ouder"), tuple(resource_key(s) for s in sys.argv[2].split(","))))
client = Client()
handout = f"/gesprekskit/{code}/ouders/ar.pdf"
timed("handout PDF, Arabic, 8 resources", lambda: client.get(handout, HTTP_HOST="127.0.0.1").content)
print(json.dumps(out))
"""


def pdf_pages(path: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(path))


def measure(runs: int) -> tuple[list[tuple[str, dict]], dict]:
    with tempfile.TemporaryDirectory(prefix="bronwijzer-bench-exports-") as tmp:
        work = Path(tmp)
        env = bench_env(work)
        env["DJANGO_SETTINGS_MODULE"] = "bronwijzer.settings"
        log = work / "log.txt"
        run(bronwijzer("migrate", "--verbosity", "0"), env, log)
        run(bronwijzer("loadmap", "--default", "--replace"), env, log)
        rows = []
        facts = {}
        for lang in ("nl", "en"):
            out = work / f"kaart-{lang}.pdf"
            times = [
                run(bronwijzer("exportpdf", "-o", str(out), "--lang", lang), env, log) for _ in range(runs)
            ]
            facts[lang] = {"pages": pdf_pages(out), "bytes": out.stat().st_size}
            rows.append(
                (
                    f"`bronwijzer exportpdf --lang {lang}` (command, start-up included)",
                    _stats(times, out.stat().st_size),
                )
            )
        done = subprocess.run(
            [sys.executable, "-c", IN_PROCESS, str(runs), KIT_SLUGS],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        import json

        for name, figures in json.loads(done.stdout.strip().splitlines()[-1]).items():
            rows.append((name, figures))
        help_text = subprocess.run(bronwijzer("help"), env=env, capture_output=True, text=True).stdout
        if "buildstatic" in help_text:
            site = work / "site"
            times = [run(bronwijzer("buildstatic", str(site)), env, log) for _ in range(max(1, runs // 2))]
            files = sum(1 for p in site.rglob("*") if p.is_file())
            rows.append(
                (
                    f"`bronwijzer buildstatic` ({files} files)",
                    _stats(times, sum(p.stat().st_size for p in site.rglob("*") if p.is_file())),
                )
            )
        return rows, facts


def _stats(times: list[float], size: int) -> dict:
    return {"median": statistics.median(times), "max": max(times), "bytes": size}


def section(rows, facts, runs: int, took: float) -> str:
    command_nl = rows[0][1]
    verdict = "met" if command_nl["max"] <= TARGET_S else "NOT met"
    lines = [
        START,
        "## Exports",
        "",
        f"Written by `make bench` (bench/exports.py, {runs} runs each, {took:.0f} s in all) on "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; the default map "
        f"({facts['nl']['pages']} pages in Dutch, {facts['en']['pages']} in English).",
        "",
        "| Target | Measured | Verdict |",
        "| --- | --- | --- |",
        f"| `bronwijzer exportpdf` of the default map ≤ {TARGET_S:.0f} s | {command_nl['max']:.2f} s at most "
        f"(median {command_nl['median']:.2f} s) | {verdict} |",
        "",
        "| Export | Median | Slowest | Size |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, figures in rows:
        size = f"{figures['bytes'] / 1024:,.0f} KiB"
        lines.append(f"| {name} | {figures['median']:.2f} s | {figures['max']:.2f} s | {size} |")
    lines += ["", END]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows, facts = measure(args.runs)
    text = section(rows, facts, args.runs, time.perf_counter() - started)
    section_write(Path(args.output), text, START, END)
    print(text)
    return 0 if rows[0][1]["max"] <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
