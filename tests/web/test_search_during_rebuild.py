"""Search pages while a new index is built beside the old one (bronwijzer.search.engine).

A page rendered from the old index during a rebuild is the old content's: the page cache
(bronwijzer.web.pagecache) and the map PDF's cache must not keep it as the new content's, or it
would be served after the swap until the next change.
"""

from __future__ import annotations

import re
import time

from bronwijzer.catalog import services
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.views import pdf_cache_key
from tests.search.rebuild import CEILING, SLUG, HeldBuild, background, map_commit
from tests.support.liveserver import live_server
from tests.web.test_server_processes import found_by_every_request, run_service

SEARCH = "/?q=escaperoom"


def shows(response) -> bool:
    assert response.status_code == 200
    return f"/bron/{SLUG}/" in response.content.decode()


def test_a_page_rendered_during_a_rebuild_is_not_served_once_the_new_index_is_in(
    transactional_db, client, request, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(request, settings, monkeypatch, build)
    assert shows(client.get(SEARCH))
    assert shows(client.get(SEARCH))

    services.resource_unpublish(resource)
    assert shows(client.get(SEARCH)), "answered from the old index at once"
    assert build.started.wait(CEILING)
    assert shows(client.get(SEARCH))

    build.release.set()
    assert holder.rebuild_wait(1, CEILING)
    assert not shows(client.get(SEARCH))


def test_the_map_pdf_is_kept_under_the_version_of_the_index_it_is_made_from(
    transactional_db, request, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(request, settings, monkeypatch, build)
    job = ExportJob.from_query({"q": ["escaperoom"]}, lang="nl", base_url="https://bronwijzer.example")
    before = pdf_cache_key(job)

    services.resource_unpublish(resource)
    assert pdf_cache_key(job) == before, "during the rebuild the PDF would show the old content"
    assert build.started.wait(CEILING)
    build.release.set()
    assert holder.rebuild_wait(1, CEILING)
    assert pdf_cache_key(job) != before


def test_with_production_s_refresh_every_worker_swaps_in_the_new_index_on_its_own(tmp_path):
    """The real server (gunicorn, 2 workers forked after the index was built): each worker notices
    the change by itself, takes it into a copy of its index in its own thread (one resource
    changed: no build) and swaps; then every request shows it."""
    data_dir = tmp_path / "background"
    with live_server(data_dir, env={"BRONWIJZER_SEARCH_REFRESH": "background"}) as running:
        assert found_by_every_request(running.url) == {True}
        run_service(data_dir, "resource_unpublish")
        deadline = time.monotonic() + CEILING  # a ceiling: on a quiet machine it takes a second or two
        rebuilt: set[str] = set()
        while len(rebuilt) < 2:  # no request needed: each worker's watcher reads the version
            assert time.monotonic() < deadline, running.log()
            time.sleep(0.2)
            rebuilt = set(
                re.findall(
                    r"\[(\d+)\] \[INFO\] bronwijzer.search.engine: Search index brought up to", running.log()
                )
            )
        assert found_by_every_request(running.url) == {False}
