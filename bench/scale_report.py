"""The report of the scale benchmark: the markdown tables written to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import math
import os
import shlex
import statistics
import sys

from scale_queries import MIX

TARGETS = {"p99_ms": 20.0, "ratio": 10.0, "build_s": 10.0, "rss_mb": 500.0}


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def fmt(value, spec: str = ".1f", suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:{spec}}{suffix}"


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


def serving_rss(record: dict) -> float | None:
    probe = record.get("probe", {})
    values = [probe.get("rss_index_mb"), *record.get("bronwijzer_http", {}).get("worker_rss_mb", [])]
    values = [v for v in values if v is not None]
    return max(values) if values else None


def build_total(probe: dict) -> float | None:
    if "docs_s" in probe and "build_s" in probe:
        return probe["docs_s"] + probe["build_s"]
    return None


def ratio(record: dict) -> float | None:
    ours = record.get("bronwijzer_http", {}).get("rps")
    theirs = record.get("datasette_http", {}).get("rps")
    return ours / theirs if ours and theirs else None


def ms(value: float | None, spec: str = ".1f") -> str:
    return fmt(value, spec, " ms")


def mb(value: float | None) -> str:
    return fmt(value, ".0f", " MB")


def seconds(value: float | None, spec: str = ".1f") -> str:
    return fmt(value, spec, " s")


def row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def target_rows(record: dict) -> list[str]:
    probe = record.get("probe", {})
    http = record.get("bronwijzer_http", {})
    data = record.get("datasette_http", {})
    p99 = percentile(probe.get("api_ms", []), 99)
    engine_p99 = percentile(probe.get("engine_ms", []), 99)
    r = ratio(record)
    total = build_total(probe)
    rss = serving_rss(record)
    peak = probe.get("peak_mb")

    def check(value, limit, above=False):
        if value is None:
            return verdict(None)
        return verdict(value >= limit if above else value <= limit)

    return [
        row("Target", "Measured", "Verdict"),
        row("---", "---", "---"),
        row(
            f"API search latency p99 ≤ {TARGETS['p99_ms']:.0f} ms, server-side",
            f"{ms(p99)} (engine alone {ms(engine_p99)})",
            check(p99, TARGETS["p99_ms"]),
        ),
        row(
            f"Throughput ≥ {TARGETS['ratio']:.0f}× Datasette's on the same mix",
            f"{fmt(r, '.1f', '×')} ({fmt(http.get('rps'), '.0f')} vs {fmt(data.get('rps'), '.1f')} req/s)",
            check(r, TARGETS["ratio"], above=True),
        ),
        row(
            f"Index build ≤ {TARGETS['build_s']:.0f} s (reading the resources + building)",
            f"{seconds(total)} ({fmt(probe.get('docs_s'), '.1f')} + {fmt(probe.get('build_s'), '.1f')} s)",
            check(total, TARGETS["build_s"]),
        ),
        row(
            f"Resident memory ≤ {TARGETS['rss_mb']:.0f} MB, a process serving the index",
            mb(rss),
            check(rss, TARGETS["rss_mb"]),
        ),
        row(
            f"Resident memory ≤ {TARGETS['rss_mb']:.0f} MB, peak while building",
            mb(peak),
            check(peak, TARGETS["rss_mb"]),
        ),
    ]


def load_rows(records: list[dict]) -> list[str]:
    lines = [
        row(
            "Resources",
            "Published",
            "Map file",
            "synthmap",
            "loadmap --replace",
            "Read resources",
            "Build index",
            "RSS start",
            "RSS + resources",
            "RSS + index",
            "Peak RSS",
            "Server workers' RSS",
        ),
        row(*["---:"] * 12),
    ]
    for rec in records:
        p = rec.get("probe", {})
        workers = rec.get("bronwijzer_http", {}).get("worker_rss_mb") or []
        lines.append(
            row(
                f"{rec['n']:,}",
                fmt(p.get("published"), ","),
                fmt(rec["map_bytes"] / 1e6 if rec.get("map_bytes") else None, ".1f", " MB"),
                seconds(rec.get("synth_s")),
                seconds(rec.get("load_s")),
                seconds(p.get("docs_s"), ".2f"),
                seconds(p.get("build_s"), ".2f"),
                mb(p.get("rss_start_mb")),
                mb(p.get("rss_docs_mb")),
                mb(p.get("rss_index_mb")),
                mb(p.get("peak_mb")),
                " / ".join(f"{w:.0f}" for w in workers) + " MB" if workers else "—",
            )
        )
    return lines


def latency_rows(records: list[dict]) -> list[str]:
    lines = [
        row("Resources", "Samples", "Engine p50", "Engine p99", "API p50", "API p99"),
        row(*["---:"] * 6),
    ]
    for rec in records:
        p = rec.get("probe", {})
        engine, api = p.get("engine_ms", []), p.get("api_ms", [])
        lines.append(
            row(
                f"{rec['n']:,}",
                len(api),
                ms(percentile(engine, 50), ".2f"),
                ms(percentile(engine, 99), ".2f"),
                ms(percentile(api, 50), ".2f"),
                ms(percentile(api, 99), ".2f"),
            )
        )
    return lines


def throughput_rows(records: list[dict]) -> list[str]:
    lines = [
        row(
            "Resources",
            "Server",
            "Requests/s",
            "p50",
            "p99",
            "Errors",
            "Server CPU per request",
            "Load avg. before",
            "Bronwijzer ÷ Datasette",
        ),
        row("---:", "---", *["---:"] * 7),
    ]
    for rec in records:
        for name, key in (("Bronwijzer", "bronwijzer_http"), ("Datasette", "datasette_http")):
            h = rec.get(key, {})
            lines.append(
                row(
                    f"{rec['n']:,}",
                    name,
                    fmt(h.get("rps"), ".1f"),
                    ms(h.get("p50_ms")),
                    ms(h.get("p99_ms")),
                    f"{fmt(h.get('errors'), 'd')} of {fmt(h.get('requests'), ',')}",
                    ms(h.get("server_cpu_ms")),
                    fmt(h.get("load_before"), ".2f"),
                    fmt(ratio(rec), ".1f", "×") if key == "bronwijzer_http" else "",
                )
            )
    return lines


def per_query_rows(record: dict) -> list[str]:
    probe = record.get("probe", {})
    if not probe.get("api_per_query_ms"):
        return []
    nothing = [None] * len(MIX)
    ours = probe.get("api_counts") or probe.get("engine_counts") or nothing
    theirs = record.get("datasette_http", {}).get("counts") or nothing
    lines = [
        row(
            "#", "Query", "Filters", "Bronwijzer results", "Datasette results", "Engine median", "API median"
        ),
        row("---:", "---", "---", *["---:"] * 4),
    ]
    for i, query in enumerate(MIX):
        lines.append(
            row(
                i + 1,
                query.q or "—",
                ", ".join(f"{k}={'+'.join(v)}" for k, v in query.filters.items()) or "—",
                fmt(ours[i], ","),
                fmt(theirs[i], ","),
                ms(statistics.median(probe["engine_per_query_ms"][i]), ".2f"),
                ms(statistics.median(probe["api_per_query_ms"][i]), ".2f"),
            )
        )
    return lines


def render(records: list[dict], args, info: dict[str, str], started: dt.datetime, wall_s: float) -> str:
    largest = records[-1]
    probe = largest.get("probe", {})
    path = largest.get("bronwijzer_http", {}).get("path") or probe.get("api_path") or "/api/v1/resources"
    command = shlex.join([".venv/bin/python", "bench/scale.py", *sys.argv[1:]])
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/scale.py); do not edit by hand, run it again.",
        "",
        f"- **Date**: {started:%Y-%m-%d %H:%M} (local time); the run took {wall_s / 60:.1f} minutes",
        f"- **Machine**: {info['cpu']}, {info['memory']} RAM; {info['os']}",
        f"- **Software**: Python {info['python']}, SQLite {info['sqlite']}; {info['versions']}",
        f"- **Code**: commit {info['commit']}",
        f"- **Command**: `make bench`, which runs `{command}`",
        f"- **Data**: `bronwijzer synthmap --resources N --seed {args.seed}` (Dutch text, the facet mix of "
        "the real map, about 5% drafts), loaded with `bronwijzer loadmap --replace` into a fresh SQLite "
        "database (a temporary BRONWIJZER_DATA_DIR, DATABASE_URL unset).",
        f"- **Query mix**: {len(MIX)} searches (bench/scale_queries.py): free text, typos, compounds, "
        "English, facet filters and combinations; 20 results per page, every facet counted.",
    ]
    if path != "/api/v1/resources":
        lines.append(
            "- **Note**: the JSON API `/api/v1/resources` did not answer in this run, so Bronwijzer was "
            f"measured on the HTML map page `{path}` with the same parameters."
        )
    lines += ["", f"## Targets at {largest['n']:,} resources", "", *target_rows(largest), ""]
    lines += ["## Loading and index build", "", *load_rows(records), ""]
    lines += [
        "Index build and memory come from a fresh process (bench/scale_probe.py): resident memory (RSS) "
        "after Django start-up, after reading the published resources from SQLite into documents, after "
        "`SearchIndex.build`, and the peak (VmHWM). The server workers' RSS is read after the HTTP run "
        "below. A serving process's memory in the targets is the largest of these two measurements.",
        "",
        "## Server-side latency (in process)",
        "",
        *latency_rows(records),
        "",
        "*Engine*: `engine.resource_search(selection, q, limit=20)`. *API*: the whole Django request to "
        f"`{path}` through Django's test client in the same process (middleware, routing, validation, "
        "search, JSON of 20 results and every facet), without network or gunicorn. Each query of the mix "
        f"runs once to warm up, then the mix repeats for up to {args.latency_budget:.0f} s.",
        "",
        "## Throughput over HTTP, side by side with Datasette",
        "",
        *throughput_rows(records),
        "",
        f"A closed-loop client on the same machine keeps {args.concurrency} requests in flight (a new "
        f"connection per request) for {args.seconds:.0f} s or {args.max_requests:,} requests, whichever "
        "comes first, cycling through the mix after one unmeasured pass; latencies here are as the client "
        f"sees them. Bronwijzer: `bronwijzer serve` (gunicorn, {args.workers} sync workers, each worker's "
        "index built before measuring). Datasette: `datasette serve -i` (one process) on a SQLite copy of "
        "the same published resources: an FTS5 table over title and summary for `_search`, "
        "`__arraycontains` or a `_where` clause for the facet filters, `_facet_array` on themes, "
        "professions, audiences, formats, languages and contexts and `_facet` on cost and age_min, 20 rows "
        "per page, time limits raised so that every facet is computed, facet suggestions off. Servers run "
        "one at a time, on 127.0.0.1 only. *Server CPU per request* is the user and system time of the "
        "server's processes during the run divided by the requests.",
        "",
    ]
    per_query = per_query_rows(largest)
    if per_query:
        lines += [
            f"<details><summary>Per query at {largest['n']:,} resources</summary>",
            "",
            *per_query,
            "",
            "Datasette matches words exactly (FTS5, every word required), so typos, compounds, synonyms "
            "and English words find less or nothing there.",
            "",
            "</details>",
            "",
        ]
    lines += ["## Notes", ""]
    lines += [f"- {note}" for note in closing_notes(records, args)]
    errors = [(rec["n"], e) for rec in records for e in rec.get("errors", [])]
    if errors:
        lines += ["", "Errors in this run:", ""]
        lines += [f"- N={n:,}: `{e}`" for n, e in errors]
    lines.append("")
    return "\n".join(lines)


def closing_notes(records: list[dict], args) -> list[str]:
    """Why a target was missed (from the measurements), and what the figures mean."""
    largest = records[-1]
    probe = largest.get("probe", {})
    http = largest.get("bronwijzer_http", {})
    data = largest.get("datasette_http", {})
    notes: list[str] = []
    p99 = percentile(probe.get("api_ms", []), 99)
    if p99 is not None and p99 > TARGETS["p99_ms"]:
        api, engine = probe["api_per_query_ms"], probe["engine_per_query_ms"]
        slowest = sorted(range(len(MIX)), key=lambda i: statistics.median(api[i]), reverse=True)[:3]
        names = ", ".join(
            f"#{i + 1} ({statistics.median(api[i]):.1f} ms, engine {statistics.median(engine[i]):.1f} ms)"
            for i in slowest
        )
        notes.append(
            f"Latency target missed: API p99 {p99:.1f} ms against {TARGETS['p99_ms']:.0f} ms. The slowest "
            f"queries are {names}; the difference between API and engine is Django, validation and the "
            "JSON of 20 results and every facet."
        )
    r = ratio(largest)
    if r is not None and r < TARGETS["ratio"]:
        cpu = http.get("server_cpu_ms")
        bound = os.cpu_count() * 1000 / cpu if cpu else None
        notes.append(
            f"Throughput target missed: {r:.1f}× Datasette ({http.get('rps', 0):.0f} against "
            f"{data.get('rps', 0):.1f} requests/s). Bronwijzer's server processes used {ms(cpu)} of CPU per "
            f"request (the in-process API needs {ms(percentile(probe.get('api_ms', []), 50))} at the "
            f"median; the rest is gunicorn, a database connection per request and the connection "
            f"handling), so {os.cpu_count()} cores allow at most about {fmt(bound, '.0f')} requests/s, "
            f"and the load generator shares those cores ({ms(http.get('client_cpu_ms'), '.2f')} of CPU "
            f"per request). Datasette used {ms(data.get('server_cpu_ms'))} of CPU per request."
        )
    total = build_total(probe)
    if total is not None and total > TARGETS["build_s"]:
        notes.append(
            f"Build target missed: {total:.1f} s, of which {probe['docs_s']:.1f} s reading the published "
            f"resources from SQLite into documents and {probe['build_s']:.1f} s building the index."
        )
    rss = serving_rss(largest)
    if rss is not None and rss > TARGETS["rss_mb"]:
        start, docs, index = (probe.get(k, 0) for k in ("rss_start_mb", "rss_docs_mb", "rss_index_mb"))
        notes.append(
            f"Memory target missed: {rss:.0f} MB. Django alone takes {start:.0f} MB, the documents "
            f"{docs - start:.0f} MB and the index {index - docs:.0f} MB."
        )
    peak = probe.get("peak_mb")
    if peak is not None and peak > TARGETS["rss_mb"]:
        notes.append(
            f"Peak memory while building ({peak:.0f} MB) is above {TARGETS['rss_mb']:.0f} MB: temporary "
            f"structures of the build, freed afterwards (the process holds {mb(probe.get('rss_index_mb'))} "
            "once built)."
        )
    if data.get("facets_timed_out"):
        notes.append(f"Datasette reported {data['facets_timed_out']} timed-out facets in its check pass.")
    if not notes:
        notes.append(f"Every target is met at {largest['n']:,} resources.")
    notes.append(
        "Server-side latency is measured in process, so that it shows the time Bronwijzer spends on a "
        "request, not the load generator's or the network's; the HTTP figures show what a client gets "
        "while the server is saturated."
    )
    notes.append(
        "Datasette does not do the same work: it has no typo tolerance, stemming, synonyms or "
        "multi-select facet counts. It is the baseline for speed, not for results."
    )
    notes.append(
        "The client, the server and anything else running share the machine's cores; the load average "
        "before each HTTP run is in the table, and figures vary by some percent between runs."
    )
    return notes
