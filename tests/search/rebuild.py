"""A held index rebuild and a committed map, for tests of what is served during a rebuild.

The build itself is the real one; only its start is held by an event, so that what a search gets
*during* a rebuild is observed without sleeping.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connections

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.search import engine

SLUG = "escaperoom-het-stopt-bij-jou"
#: A ceiling for a rebuild held by the test to be let go; never reached when the test passes.
CEILING = 60


class HeldBuild:
    """The real index build; every build after the first waits until :attr:`release` is set."""

    def __init__(self, *, fail: bool = False):
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail = fail

    def __call__(self) -> engine.BuiltIndex:
        self.calls += 1
        if self.calls > 1:
            self.started.set()
            if not self.release.wait(CEILING):
                raise RuntimeError("the test never let the rebuild go")
            if self.fail:
                raise RuntimeError("the database went away")
        return engine.index_build()


def background(request, settings, monkeypatch, build, rebuild=None) -> engine.IndexHolder:
    """Production's way, the watcher reading the version every 50 ms, with a fresh holder (this
    process as if it had just started) that builds its first index with ``build`` and later ones
    with ``rebuild`` (default: ``build`` in the watcher thread); its watcher ends with the test."""
    settings.SEARCH_REFRESH = "background"
    settings.SEARCH_VERSION_CHECK_SECONDS = 0.05
    holder = engine.IndexHolder(build, rebuild or (lambda version, stop: build))
    monkeypatch.setattr(engine, "_holder", holder)

    def end() -> None:
        if isinstance(build, HeldBuild):
            build.release.set()  # a test that failed before letting its rebuild go
        holder.watch_stop()

    request.addfinalizer(end)
    return holder


def map_commit() -> Resource:
    """The default map, committed (the test needs ``transactional_db``): the rebuild thread reads
    it over its own connection. Returns the resource the tests search for."""
    services.map_load_default(replace=True)
    return Resource.objects.get(slug=SLUG)


def unpublish_in_bulk(resource: Resource) -> None:
    """Take ``resource`` offline with a bulk write (``QuerySet.update``), which records no row: a
    change an index cannot take in (``built.index_patch``), so the next index is built anew."""
    Resource.objects.filter(pk=resource.pk).update(status="draft")


def child_database(folder: Path) -> Callable[[], dict[str, Any]]:
    """The test database's settings for a child build (``indexbuild.SharedBuild``): PostgreSQL's
    test database as it is; SQLite's, which lives in this process's memory, copied at each call to
    a new file in ``folder`` (with what the test committed), since no other process can read it."""
    numbers = itertools.count()

    def database() -> dict[str, Any]:
        connection = connections["default"]
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return dict(connection.settings_dict)
        connection.ensure_connection()
        path = folder / f"child-{next(numbers)}.sqlite3"
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return {**connection.settings_dict, "NAME": str(path)}

    return database
