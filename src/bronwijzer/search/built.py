"""A built search index with the content version it was built from, and its file on disk.

One process builds the index of a new content version (a child process of a server worker,
:mod:`bronwijzer.search.indexbuild`) and writes it to a file named by that version; every
server process of the site loads that file instead of building the same index again
(docs/search.md). The file is a stream of pickles (protocol 5: numpy arrays as raw bytes)
written to a temporary name and renamed, so a reader sees a whole file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Resource
from bronwijzer.catalog.services import content_changes_since, content_version
from bronwijzer.search.documents import ResourceDoc, glossary_docs, published_resource_docs
from bronwijzer.search.index import SearchIndex

#: Files a directory keeps: the newest and the one before (a worker may still be reading it).
KEEP_FILES = 2
SUFFIX = ".index"
#: A half-written file this old was left by a build that died (a build takes seconds).
STALE_SECONDS = 3600
#: Bump when what the file holds changes shape: a file of another format is never read.
FORMAT = 3
#: Resources per pickle of the file.
CHUNK = 2000
#: At most this many changed resources are taken into an index (:func:`index_patch`); more are a build.
PATCH_LIMIT = 2000
#: What the index does not show: their changes need no new index.
NOT_INDEXED = (HelpLine, Map)


@dataclass(frozen=True)
class BuiltIndex:
    """An index with what it was built from: replaced as a whole, never changed."""

    index: SearchIndex
    by_slug: dict[str, ResourceDoc]
    version: tuple[int, str]  # the content version read before the documents: they are this new or newer

    @classmethod
    def of(cls, index: SearchIndex, version: tuple[int, str]) -> BuiltIndex:
        return cls(index, {doc.slug: doc for doc in index.docs}, version)


def index_build() -> BuiltIndex:
    """Read the published content and build an index over it (6-7 s at 100,000 resources).

    The reads are one transaction: on SQLite they all see the database as it was at the first
    (the version); elsewhere a change between them is caught by the next version check.
    """
    with transaction.atomic():
        version = content_version()
        docs = published_resource_docs()
        glossary = glossary_docs()
    return BuiltIndex.of(SearchIndex.build(docs, glossary), version)


def index_patch(built: BuiltIndex) -> BuiltIndex | None:
    """The index of the current content, made from ``built`` by taking in what changed since its
    version (a fraction of a second at 100,000 resources, against seconds for a build); None when
    that is not a few resources and the glossary, or the record of changes cannot tell
    (:func:`~bronwijzer.catalog.versioning.content_changes_since`): then the index is built anew.

    Changes of organisations and sections (whose names many resources carry), bulk writes and
    loads are built anew. The version is read before the documents, as for a build: the changed
    resources are read as they are now, at least as new as that version.
    """
    with transaction.atomic():
        changes = content_changes_since(built.version)
        if changes is None or not changes.only(Resource, GlossaryTerm, *NOT_INDEXED):
            return None
        pks = changes.of(Resource)
        if len(pks) > PATCH_LIMIT:
            return None
        docs = published_resource_docs(pks) if pks else []
        glossary = glossary_docs() if changes.of(GlossaryTerm) else None
    if not pks and glossary is None:  # only what the index does not show: the same index, newer
        return BuiltIndex(built.index, built.by_slug, changes.version)
    return BuiltIndex.of(built.index.patched(pks, docs, glossary), changes.version)


def file_name(version: tuple[int, str]) -> str:
    """The file of a content version: its counter (sortable) and a digest of its time, which tells
    apart two versions with one counter (a database restored or replaced)."""
    counter, changed_at = version
    digest = hashlib.sha256(changed_at.encode()).hexdigest()[:12]
    return f"v{FORMAT}-{counter:012d}-{digest}{SUFFIX}"


def index_write(built: BuiltIndex, directory: Path) -> Path:
    """Write the index to ``directory`` under its version's name (atomically); drop older files.

    One pickle stream, several pickles: a header, the resources ``CHUNK`` at a time, then the
    index, whose list of resources is then only references to the ones already written (one
    pickler, one memo). So a reader can stop between chunks (:func:`index_read`).
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(built.version)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".writing-", suffix=".tmp")
    docs = built.index.docs
    try:
        with os.fdopen(fd, "wb") as out:
            pickler = pickle.Pickler(out, protocol=5)
            pickler.dump((FORMAT, built.version, math.ceil(len(docs) / CHUNK)))
            for start in range(0, len(docs), CHUNK):
                pickler.dump(docs[start : start + CHUNK])
            pickler.dump(built.index)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    files_prune(directory, keep=path)
    return path


def index_read(path: Path, *, pause: float = 0.0) -> BuiltIndex:
    """The index in a file written by :func:`index_write` (only this program writes there).

    ``pause``: seconds to sleep after each chunk of resources, so that a server process's request
    threads get the interpreter lock more often than every switch interval while it loads.
    """
    with path.open("rb") as source:
        unpickler = pickle.Unpickler(source)  # our own file, in our data directory
        header = unpickler.load()
        if not isinstance(header, tuple) or header[0] != FORMAT:
            raise ValueError(f"{path} holds no index of format {FORMAT}")
        _, version, chunks = header
        for _ in range(chunks):
            unpickler.load()  # kept in the unpickler's memo for the index's list of resources
            if pause:
                time.sleep(pause)
        index = unpickler.load()
    return BuiltIndex.of(index, (int(version[0]), str(version[1])))


def files_prune(directory: Path, *, keep: Path) -> None:
    """Keep ``keep`` (the file just written) and the newest others up to ``KEEP_FILES`` in all, by
    the time they were written, not by their counter: a database replaced by a new one counts
    from 1 again. A worker reading a dropped file meanwhile goes on reading it: it is only
    unlinked. A temporary file older than ``STALE_SECONDS`` is left by a build that was killed:
    it goes too."""
    others = []
    for path in directory.glob(f"*{SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):  # pruned by another process meanwhile
            if path != keep:
                others.append((path.stat().st_mtime, path))
    for _written, path in sorted(others, reverse=True)[KEEP_FILES - 1 :]:
        path.unlink(missing_ok=True)
    for path in directory.glob(".writing-*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            if time.time() - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
