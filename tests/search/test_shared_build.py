"""The index of a new content version is built once per site, by a child process, and loaded by
every worker (bronwijzer.search.indexbuild, bronwijzer.search.built).

Real child processes (``python -m bronwijzer.search.indexchild``) read the test's committed
database; two holders in this process stand for two workers (the build lock is an ``flock``, which
excludes two threads of one process as it does two processes).
"""

from __future__ import annotations

import gc
import logging
import threading
import weakref

import pytest
from django.db import connection, connections

from bronwijzer.catalog import services
from bronwijzer.catalog.models import HelpLine, Organisation, Resource
from bronwijzer.catalog.services import content_version
from bronwijzer.search import built, engine
from bronwijzer.search.facets import Selection
from bronwijzer.search.index import SearchIndex
from bronwijzer.search.indexbuild import BuildFailed, SharedBuild
from tests.search.rebuild import CEILING, SLUG, background, child_database, map_commit, unpublish_in_bulk

QUERIES = ("escaperoom", "sexting ouders", "moslimouders", "trainng", "arabisch", "")


def shows(holder: engine.IndexHolder, q: str = "escaperoom") -> bool:
    index = holder.current().index
    return SLUG in [index.docs[i].slug for i in index.search(q, Selection()).order]


def watching(holder: engine.IndexHolder) -> bool:
    """Its first index built, and its watcher started (by the search after the first)."""
    return shows(holder) and shows(holder)


@pytest.mark.parametrize("chunk", [10, built.CHUNK])
def test_an_index_read_from_its_file_answers_as_the_one_written(default_map, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(built, "CHUNK", chunk)  # 10: the resources in several pickles of the file
    written = built.index_build()
    path = built.index_write(written, tmp_path)
    assert path.name == built.file_name(written.version)
    read = built.index_read(path)
    assert read.version == written.version
    assert read.by_slug.keys() == written.by_slug.keys()
    for q in QUERIES:
        a, b = written.index.search(q, Selection()), read.index.search(q, Selection())
        assert (a.order, a.terms, a.suggestion, a.glossary) == (b.order, b.terms, b.suggestion, b.glossary), q
        assert a.facets == b.facets, q
    assert read.index.parse("sexting") == written.index.parse("sexting"), "its query cache works again"
    assert read.index.docs == written.index.docs
    assert all(read.by_slug[doc.slug] is doc for doc in read.index.docs), "one object per resource"


def test_a_file_of_another_format_is_not_read(default_map, tmp_path, monkeypatch):
    path = built.index_write(built.index_build(), tmp_path)
    monkeypatch.setattr(built, "FORMAT", built.FORMAT + 1)
    with pytest.raises(ValueError, match="no index of format"):
        built.index_read(path)


@pytest.mark.parametrize("source", ["built", "read from its file"])
def test_a_replaced_index_is_freed_without_the_cycle_collector(default_map, tmp_path, source):
    """A worker freezes its index out of the collector's sight (engine.IndexHolder._serve): that
    only frees the index it replaces if no reference cycle holds it."""
    one = built.index_build()
    if source != "built":
        one = built.index_read(built.index_write(one, tmp_path))
    for q in QUERIES:  # its query caches filled
        one.index.search(q, Selection())
    index, text = weakref.ref(one.index), weakref.ref(one.index.text)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del one
        assert index() is None and text() is None
    finally:
        if enabled:
            gc.enable()


def test_a_directory_keeps_only_the_newest_index_files(default_map, tmp_path):
    index = built.index_build().index
    for counter in range(1, 5):
        built.index_write(built.BuiltIndex.of(index, (counter, "t")), tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("*.index"))
    assert kept == [built.file_name((3, "t")), built.file_name((4, "t"))]
    assert not list(tmp_path.glob(".writing-*")), "no half-written file is left"


def test_two_workers_share_one_child_build(transactional_db, request, settings, monkeypatch, tmp_path):
    resource = map_commit()
    database = child_database(tmp_path)
    folder = lambda: tmp_path / "index"  # noqa: E731
    first, second = SharedBuild(database, folder), SharedBuild(database, folder)
    a = background(request, settings, monkeypatch, engine.index_build, first)
    b = engine.IndexHolder(engine.index_build, second)
    request.addfinalizer(b.watch_stop)
    assert watching(a) and watching(b)

    unpublish_in_bulk(resource)
    assert a.rebuild_wait(1, CEILING) and b.rebuild_wait(1, CEILING)
    assert first.children + second.children == 1, "one child built, the other worker loaded its file"
    version = content_version()
    assert a.served().version == b.served().version == version
    assert not shows(a) and not shows(b)
    assert (tmp_path / "index" / built.file_name(version)).exists()


def test_a_failing_child_build_leaves_the_old_index_serving_and_is_tried_again(
    transactional_db, request, settings, monkeypatch, tmp_path, caplog
):
    resource = map_commit()
    real = child_database(tmp_path)
    calls = []

    def database():
        """First a database that is not there (the child fails as when the server went away), then
        the real one."""
        calls.append(1)
        if len(calls) == 1:
            gone = str(tmp_path / "gone.sqlite3") if connection.vendor == "sqlite" else "bronwijzer_gone"
            return {**real(), "NAME": gone}
        return real()

    shared = SharedBuild(database, lambda: tmp_path / "index")
    holder = background(request, settings, monkeypatch, engine.index_build, shared)
    holder.RETRY_SECONDS = 0
    assert watching(holder)

    with caplog.at_level(logging.ERROR, logger="bronwijzer.search.engine"):
        unpublish_in_bulk(resource)
        assert holder.rebuild_wait(1, CEILING)
        assert shows(holder), "the old index is still served, whole"
        failed = [r for r in caplog.records if "Rebuilding the search index failed" in r.getMessage()]
        assert failed and failed[0].exc_info
        error = failed[0].exc_info[1]
        assert isinstance(error, BuildFailed) and "exited with 1" in str(error)
        assert holder.rebuild_wait(2, CEILING), "and the build is tried again"
    assert shared.children == 2
    assert not shows(holder)
    assert holder.served().version == content_version()


def test_a_child_build_that_runs_too_long_is_stopped(
    transactional_db, request, settings, monkeypatch, tmp_path
):
    resource = map_commit()
    # a child's Python starts slower than that
    shared = SharedBuild(child_database(tmp_path), lambda: tmp_path / "index", timeout=0.01)
    holder = background(request, settings, monkeypatch, engine.index_build, shared)
    assert watching(holder)
    unpublish_in_bulk(resource)
    assert holder.rebuild_wait(1, CEILING)
    assert shows(holder), "still the old index"
    assert not list((tmp_path / "index").glob("*.index"))


@pytest.fixture(autouse=True)
def _no_connection_left():
    yield
    connections.close_all()


# -- a few changes are taken in by each worker, without a child (built.index_patch) ---------------


def watched(request, settings, monkeypatch, tmp_path) -> tuple[engine.IndexHolder, SharedBuild]:
    """A worker as in production (its default patch and a real child build), watching."""
    shared = SharedBuild(child_database(tmp_path), lambda: tmp_path / "index")
    holder = background(request, settings, monkeypatch, engine.index_build, shared)
    assert watching(holder)
    return holder, shared


def _same_answers(served: built.BuiltIndex) -> None:
    """What a worker serves after taking changes in answers as an index built anew does."""
    fresh = built.index_build()
    assert served.version == fresh.version
    assert [d.slug for d in served.index.docs] == [d.slug for d in fresh.index.docs]
    for q in QUERIES:
        a, b = served.index.search(q, Selection()), fresh.index.search(q, Selection())
        assert (a.order, a.terms, a.suggestion, a.glossary, a.facets) == (
            b.order,
            b.terms,
            b.suggestion,
            b.glossary,
            b.facets,
        ), q


def test_a_publish_is_taken_in_by_each_worker_without_a_child_build(
    transactional_db, request, settings, monkeypatch, tmp_path, caplog
):
    resource = map_commit()
    holder, shared = watched(request, settings, monkeypatch, tmp_path)
    with caplog.at_level(logging.INFO, logger="bronwijzer.search.engine"):
        services.resource_unpublish(resource)
        assert holder.rebuild_wait(1, CEILING)
    assert not shows(holder)
    assert shared.children == 0, "no child process built it"
    assert any("brought up to content version" in r.getMessage() for r in caplog.records)
    _same_answers(holder.served())

    resource.refresh_from_db()
    resource.title = "Escaperoom opnieuw, met een nieuw woord: kluisjescode"
    resource.status = "published"
    resource.save()  # one save: back online with a word the map did not have
    assert holder.rebuild_wait(2, CEILING)
    assert shows(holder, "kluisjescode")
    assert shared.children == 0
    _same_answers(holder.served())


def test_a_renamed_organisation_is_built_anew_by_a_child(
    transactional_db, request, settings, monkeypatch, tmp_path
):
    map_commit()
    holder, shared = watched(request, settings, monkeypatch, tmp_path)
    organisation = Organisation.objects.filter(resource_links__resource__slug=SLUG).first()
    organisation.name = "Stichting Kluisjescode"
    organisation.save()
    assert holder.rebuild_wait(1, CEILING)
    assert shared.children == 1, "every resource naming it changed: built anew"
    assert shows(holder, "kluisjescode")
    _same_answers(holder.served())


def test_a_help_line_change_keeps_the_index_and_moves_its_version(
    transactional_db, request, settings, monkeypatch, tmp_path
):
    map_commit()
    holder, shared = watched(request, settings, monkeypatch, tmp_path)
    served = holder.served()
    HelpLine.objects.first().save()
    assert holder.rebuild_wait(1, CEILING)
    assert holder.served().version == content_version() != served.version
    assert holder.served().index is served.index, "the index does not hold help lines"
    assert shared.children == 0


def test_a_patch_that_fails_is_logged_and_the_index_is_built_anew(
    transactional_db, request, settings, monkeypatch, tmp_path, caplog
):
    resource = map_commit()
    holder, shared = watched(request, settings, monkeypatch, tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("a fault in the patch")

    monkeypatch.setattr(SearchIndex, "patched", broken)
    with caplog.at_level(logging.ERROR, logger="bronwijzer.search.engine"):
        services.resource_unpublish(resource)
        assert holder.rebuild_wait(1, CEILING)
    assert any("building it anew" in r.getMessage() for r in caplog.records)
    assert shared.children == 1
    assert not shows(holder)


def test_a_worker_that_waited_for_an_older_version_loads_the_newer_file_it_finds(transactional_db, tmp_path):
    """Another worker's build, of the newest version, let go of the lock: no second build."""
    map_commit()
    older = content_version()
    services.resource_unpublish(Resource.objects.get(slug=SLUG))
    newest = built.index_write(built.index_build(), tmp_path / "index")  # as that other build did
    shared = SharedBuild(child_database(tmp_path), lambda: tmp_path / "index")
    load = shared(older, threading.Event())
    assert load is not None
    assert shared.children == 0
    assert load().version == content_version() != older
    assert newest.name == built.file_name(content_version())
