"""One fresh process of the scale benchmark: index build time and memory, then in-process latency.

Run by bench/scale.py with BRONWIJZER_DATA_DIR pointing at a loaded database::

    python bench/scale_probe.py RESULT.json [--budget SECONDS]

1. Resident memory after Django start-up (``VmRSS``), after reading the published
   resources from the database, after ``SearchIndex.build`` and the peak (``VmHWM``).
2. Server-side latency of the query mix, in this process (no network, no gunicorn):
   ``engine.resource_search`` alone, and the whole Django request to the JSON API
   (``/api/v1/resources`` through Django's test client: routing, validation, search,
   serialisation), or to the HTML map page ``/`` when the API is not there.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_queries import MIX, PAGE_SIZE

WARM_PASSES = 1
MAX_PASSES = 20


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def peak_mb() -> float:
    return _status_kb("VmHWM") / 1024


def _timed_passes(run, budget: float) -> tuple[list[float], list[list[float]]]:
    """Run every query of the mix once per pass, until ``budget`` seconds or MAX_PASSES passes.

    At least one whole pass is measured. Returns all durations (ms) and the durations per query.
    """
    for _ in range(WARM_PASSES):
        for query in MIX:
            run(query)
    per_query: list[list[float]] = [[] for _ in MIX]
    started = time.perf_counter()
    for _ in range(MAX_PASSES):
        for i, query in enumerate(MIX):
            t0 = time.perf_counter()
            run(query)
            per_query[i].append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - started > budget:
            break
    return [d for durations in per_query for d in durations], per_query


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    budget = float(argv[argv.index("--budget") + 1]) if "--budget" in argv else 20.0
    result: dict = {"pid": os.getpid()}
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bronwijzer.settings")
        import django

        django.setup()
        from django.db import connection

        from bronwijzer.catalog.models import Resource

        result["published"] = Resource.objects.published().count()
        connection.close()
        gc.collect()
        result["rss_start_mb"] = rss_mb()

        from bronwijzer.search.documents import glossary_docs, published_resource_docs
        from bronwijzer.search.index import SearchIndex

        t0 = time.perf_counter()
        docs = published_resource_docs()
        glossary = glossary_docs()
        result["docs_s"] = time.perf_counter() - t0
        gc.collect()
        result["rss_docs_mb"] = rss_mb()
        t0 = time.perf_counter()
        index = SearchIndex.build(docs, glossary)
        result["build_s"] = time.perf_counter() - t0
        gc.collect()
        result["rss_index_mb"] = rss_mb()
        result["peak_mb"] = peak_mb()
        del index, docs, glossary
        gc.collect()

        from bronwijzer.search import engine
        from bronwijzer.search.facets import parse_selection

        t0 = time.perf_counter()
        engine.search_index()  # what a server process does on its first request
        result["engine_rebuild_s"] = time.perf_counter() - t0

        selections = [
            parse_selection({k: list(v) for k, v in q.filters.items()}, strict=True)[0] for q in MIX
        ]
        by_query = {id(q): s for q, s in zip(MIX, selections, strict=True)}
        counts: list[int] = []
        for query in MIX:
            counts.append(engine.resource_search(by_query[id(query)], query.q, limit=PAGE_SIZE).count)
        result["engine_counts"] = counts
        samples, per_query = _timed_passes(
            lambda query: engine.resource_search(by_query[id(query)], query.q, limit=PAGE_SIZE), budget
        )
        result["engine_ms"] = samples
        result["engine_per_query_ms"] = per_query

        from django.test import Client

        client = Client(SERVER_NAME="127.0.0.1")
        probe = client.get("/api/v1/resources", {"limit": "1"}, HTTP_ACCEPT="application/json")
        api = probe.status_code == 200 and probe.get("Content-Type", "").startswith("application/json")
        path = "/api/v1/resources" if api else "/"
        result["api_path"] = path
        statuses: dict[str, int] = {}
        api_counts: list[int | None] = []

        def request(query):
            response = client.get(query.bronwijzer_url(path), HTTP_ACCEPT="application/json")
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
            return response

        for query in MIX:
            response = request(query)
            api_counts.append(response.json().get("count") if api and response.status_code == 200 else None)
        result["api_counts"] = api_counts
        samples, per_query = _timed_passes(request, budget)
        result["api_ms"] = samples
        result["api_per_query_ms"] = per_query
        result["api_statuses"] = statuses
        result["rss_end_mb"] = rss_mb()
        result["peak_end_mb"] = peak_mb()
    except Exception:
        result["error"] = traceback.format_exc()
    out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
