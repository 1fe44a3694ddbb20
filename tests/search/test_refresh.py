"""How a process's search index follows the content (bronwijzer.search.engine.IndexHolder).

Real threads and the real database: the rebuild thread reads what the test committed. A
rebuild is held at its start by an event (the build itself is the real one), so that what a
search gets *during* a rebuild is observed without sleeping: had the search waited for the
rebuild, it could not have returned before the event was set.
"""

from __future__ import annotations

import logging
import time
import weakref

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bronwijzer.catalog import services
from bronwijzer.search import engine
from bronwijzer.search.facets import Selection
from tests.search.rebuild import CEILING, SLUG, HeldBuild, background, map_commit


def found(q: str = "escaperoom") -> bool:
    return SLUG in [doc.slug for doc in engine.resource_search(Selection(), q).results]


def test_a_search_during_a_rebuild_is_answered_at_once_from_the_old_index(
    transactional_db, request, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(request, settings, monkeypatch, build)
    assert found()
    old = engine.search_index_version()

    services.resource_unpublish(resource)
    assert found(), "answered from the old index"
    assert build.started.wait(CEILING)
    assert found(), "and so is every search while the new index is being built"
    assert found()
    assert engine.search_index_version() == old
    assert build.calls == 2, "one rebuild, however many searches there are meanwhile"

    build.release.set()
    assert holder.rebuild_wait(1, CEILING)
    assert not found(), "once the new index is swapped in, the change shows"
    assert engine.search_index_version() != old


def test_a_process_without_requests_keeps_its_index_current(transactional_db, request, settings, monkeypatch):
    resource = map_commit()
    holder = background(request, settings, monkeypatch, engine.index_build)
    assert found()
    assert found()  # the watcher runs from here on

    services.resource_unpublish(resource)
    assert holder.rebuild_wait(1, CEILING), "rebuilt without a search asking"
    assert not found(), "so the first search after the change shows it"


def test_a_failing_rebuild_keeps_the_old_index_and_says_so_in_the_log(
    transactional_db, request, settings, monkeypatch, caplog
):
    resource = map_commit()
    build = HeldBuild(fail=True)
    holder = background(request, settings, monkeypatch, build)
    assert found()

    with caplog.at_level(logging.ERROR, logger="bronwijzer.search.engine"):
        services.resource_unpublish(resource)
        found()
        build.release.set()
        assert holder.rebuild_wait(1, CEILING)
    assert any("Rebuilding the search index failed" in r.getMessage() for r in caplog.records)
    assert found(), "still answered from the old index"


def test_a_search_asks_the_database_nothing(default_map, request, settings, monkeypatch):
    background(request, settings, monkeypatch, engine.index_build)
    settings.SEARCH_VERSION_CHECK_SECONDS = 3600  # the watcher stays asleep in this test's transaction
    assert found()  # the first index of the process, built in this request
    with CaptureQueriesContext(connection) as queries:
        assert found()
        assert engine.resource_search(Selection(), "sexting ouders").count
        assert found()
    assert len(queries) == 0


def test_the_index_a_swap_replaced_is_freed_by_the_watcher(transactional_db, request, settings, monkeypatch):
    resource = map_commit()
    holder = background(request, settings, monkeypatch, engine.index_build)
    holder.RETIRE_GRACE_SECONDS = 0
    assert found() and found()
    old = weakref.ref(holder.current().index)

    services.resource_unpublish(resource)
    assert holder.rebuild_wait(1, CEILING)
    deadline = time.monotonic() + CEILING  # a ceiling: it takes milliseconds
    while old() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert old() is None, "freed (no reference cycle keeps it, though the process froze it)"
    assert not found()
