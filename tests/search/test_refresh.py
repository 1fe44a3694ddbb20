"""How a process's search index follows the content (bronwijzer.search.engine.IndexHolder).

Real threads and the real database: the rebuild thread reads what the test committed. A
rebuild is held at its start by an event (the build itself is the real one), so that what a
search gets *during* a rebuild is observed without sleeping: had the search waited for the
rebuild, it could not have returned before the event was set.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bronwijzer.catalog import services
from bronwijzer.search import engine
from bronwijzer.search.facets import Selection
from tests.search.rebuild import CEILING, SLUG, HeldBuild, background, map_commit


def found(q: str = "escaperoom") -> bool:
    return SLUG in [doc.slug for doc in engine.resource_search(Selection(), q).results]


def test_a_search_during_a_rebuild_is_answered_at_once_from_the_old_index(
    transactional_db, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(settings, monkeypatch, build)
    assert found()
    old = engine.search_index_version()

    services.resource_unpublish(resource)
    assert found(), "the search that notices the change is answered from the old index"
    assert build.started.wait(CEILING)
    assert found(), "and so is every search while the new index is being built"
    assert engine.search_index_version() == old
    assert build.calls == 2, "one rebuild, however many searches notice the change"

    build.release.set()
    assert holder.rebuild_wait(CEILING)
    assert not found(), "once the new index is swapped in, the change shows"
    assert engine.search_index_version() != old


def test_a_failing_rebuild_keeps_the_old_index_and_says_so_in_the_log(
    transactional_db, settings, monkeypatch, caplog
):
    resource = map_commit()
    build = HeldBuild(fail=True)
    holder = background(settings, monkeypatch, build)
    assert found()

    services.resource_unpublish(resource)
    with caplog.at_level(logging.ERROR, logger="bronwijzer.search.engine"):
        found()
        build.release.set()
        assert holder.rebuild_wait(CEILING)
    assert any("Rebuilding the search index failed" in r.getMessage() for r in caplog.records)
    assert found(), "still answered from the old index"
    assert build.calls == 2, "and not rebuilt again at once: the next try waits"


def test_a_search_asks_the_database_nothing_while_the_version_check_is_recent(
    default_map, settings, monkeypatch
):
    settings.SEARCH_REFRESH = "background"
    settings.SEARCH_VERSION_CHECK_SECONDS = 3600
    monkeypatch.setattr(engine, "_holder", engine.IndexHolder())
    assert found()  # the first index of the process, built in this request
    with CaptureQueriesContext(connection) as queries:
        assert found()
        assert engine.resource_search(Selection(), "sexting ouders").count
    assert len(queries) == 0


def test_past_the_check_interval_a_search_costs_one_small_query(default_map, settings, monkeypatch):
    settings.SEARCH_REFRESH = "background"
    settings.SEARCH_VERSION_CHECK_SECONDS = 0
    monkeypatch.setattr(engine, "_holder", engine.IndexHolder())
    assert found()
    with CaptureQueriesContext(connection) as queries:
        assert found()
    assert len(queries) == 1
    assert "content" in queries[0]["sql"].lower() and "version" in queries[0]["sql"].lower()
