"""Build the index of a new content version once per site, in a process of its own.

A server worker that notices a new content version (its watcher thread,
:class:`bronwijzer.search.engine.IndexHolder`) asks :class:`SharedBuild` for that version's
index:

1. If the file of that version is there (:mod:`bronwijzer.search.built`), it loads it.
2. Otherwise it takes the site's build lock (an ``flock`` in the data directory,
   :mod:`bronwijzer.lib.slots`: the kernel lets go of it when its holder dies) and starts a
   child process, ``python -m bronwijzer.search.indexchild``, which reads the content, builds
   the index and writes the file; the worker's thread waits for the child without holding the
   interpreter lock, so the worker's request threads run at full speed meanwhile.
3. A worker that finds the lock taken waits for the file (or for the lock to come free: the
   build failed, or was for another version) and loads it: two workers, one build. When the
   lock comes free without its version's file, the file of the current version will do, if
   the build that held the lock wrote it (the content moved on while it waited).

The child inherits the worker's environment and is told which database to read (the worker's
connection settings, so a test's database too). It dies with the worker's thread that started
it. A child that fails, or runs longer than ``BUILD_TIMEOUT`` seconds, is a
:class:`BuildFailed` with the end of its output.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from bronwijzer.catalog.services import content_version
from bronwijzer.lib.slots import SlotsBusy, slot
from bronwijzer.search.built import BuiltIndex, file_name, index_read
from bronwijzer.search.indexchild import DONE

logger = logging.getLogger(__name__)

#: A ceiling for one child build (about 7 s at 100,000 resources on a quiet machine).
BUILD_TIMEOUT = 600.0
#: Seconds a worker sleeps after loading each chunk of resources of the file (50 chunks at
#: 100,000), so that its request threads run more meanwhile.
LOAD_PAUSE = 0.002
#: How often a worker waiting for another's build looks for the file.
POLL_SECONDS = 0.05
DIRECTORY = "search-index"


class BuildFailed(RuntimeError):
    """A child build exited with an error, was killed or timed out."""


def database_settings() -> dict[str, Any]:
    """The connection settings of this process's default database, for the child to read."""
    return dict(connections["default"].settings_dict)


def index_directory() -> Path:
    """Where the site's index files are: one folder per data directory (servers on one machine
    share it; servers on several machines each build once)."""
    return Path(settings.DATA_DIR) / DIRECTORY


class SharedBuild:
    """The index of a content version: loaded from the site's file, built by a child if need be.

    ``database`` gives the connection settings the child reads (default: this process's);
    ``directory`` the folder of the index files and the lock (default: ``<data dir>/search-index``).
    ``children`` counts the child builds this object started.
    """

    def __init__(
        self,
        database: Callable[[], dict[str, Any]] = database_settings,
        directory: Callable[[], Path] = index_directory,
        *,
        timeout: float = BUILD_TIMEOUT,
    ):
        self.database = database
        self.directory = directory
        self.timeout = timeout
        self.children = 0

    def __call__(self, version: tuple[int, str], stop: threading.Event) -> Callable[[], BuiltIndex] | None:
        """What reads the index of ``version`` (or of a newer one, if the content moved meanwhile)
        from its file; None when ``stop`` was set first. Raises :class:`BuildFailed` when this
        process's child failed."""
        directory = self.directory()
        directory.mkdir(parents=True, exist_ok=True)  # for the lock, before the first build
        path = self._file(directory, version, stop)
        return None if path is None else functools.partial(index_read, path, pause=LOAD_PAUSE)

    def _file(self, directory: Path, version: tuple[int, str], stop: threading.Event) -> Path | None:
        path = directory / file_name(version)
        while not stop.is_set():
            if path.exists():
                return path
            try:
                with slot("build", capacity=1, wait=0, directory=directory):
                    if path.exists():  # written by the build that just let go of the lock
                        return path
                    # that build may have been of a newer version (the content moved meanwhile)
                    current = directory / file_name(content_version())
                    if current.exists():
                        return current
                    return self._child(directory, stop)
            except SlotsBusy:
                stop.wait(POLL_SECONDS)  # another process builds
        return None

    def _child(self, directory: Path, stop: threading.Event) -> Path | None:
        self.children += 1
        request = json.dumps({"database": self.database(), "directory": str(directory)}, default=str)
        started = time.monotonic()
        with tempfile.TemporaryFile(mode="w+", prefix="bronwijzer-index-build-") as output:
            child = subprocess.Popen(
                [sys.executable, "-m", "bronwijzer.search.indexchild"],
                env={**os.environ, "BRONWIJZER_DATA_DIR": str(settings.DATA_DIR)},
                stdin=subprocess.PIPE,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                assert child.stdin is not None
                child.stdin.write(request)
                child.stdin.close()
                while child.poll() is None:
                    if stop.wait(0.1):
                        return None
                    if time.monotonic() - started > self.timeout:
                        raise BuildFailed(f"the index build ran over {self.timeout:.0f} s; stopped it")
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()
            output.seek(0)
            lines = output.read().splitlines()
        written = [line[len(DONE) :] for line in lines if line.startswith(DONE)]
        if child.returncode != 0 or not written:
            tail = "\n".join(lines[-15:])
            raise BuildFailed(f"the index build exited with {child.returncode}:\n{tail}")
        built_in = [line for line in lines if line.startswith("built in ")]
        logger.info(
            "Search index built by a child process in %.2f s (%s)",
            time.monotonic() - started,
            built_in[-1] if built_in else "",
        )
        return Path(written[-1])
