"""The one search engine behind the HTML pages and the API.

Each server process keeps a :class:`SearchIndex` over the published content and
follows the catalog's content version (:class:`IndexHolder`): in production the index
of a new version is built once for the site by a child process
(:mod:`bronwijzer.search.indexbuild`), and each process loads it beside the one it
serves and swaps it in, so no request waits for a rebuild, and several processes stay
consistent without sharing memory (docs/search.md).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from bronwijzer.catalog.services import content_version
from bronwijzer.lib.languages import LANGUAGE_FREE
from bronwijzer.search.built import BuiltIndex, index_build, index_patch
from bronwijzer.search.documents import GlossaryDoc, ResourceDoc
from bronwijzer.search.facets import FacetCounts, Selection
from bronwijzer.search.index import LanguageHit, SearchIndex
from bronwijzer.search.indexbuild import SharedBuild

logger = logging.getLogger(__name__)
#: Resources freed at a time when a replaced index is freed (a few milliseconds' work).
RETIRE_SLICE = 2000
RETIRE_PAUSE = 0.0005
#: The interpreter's thread switch interval while the watcher loads or builds (Python's default is 5 ms).
REBUILD_SWITCH_INTERVAL = 0.001


@dataclass(frozen=True)
class SearchResult:
    results: list[ResourceDoc]  # the requested page
    count: int  # how many match in all
    total: int  # all published resources
    facets: list[FacetCounts]
    query: str = ""
    terms: tuple[str, ...] = ()  # words to highlight
    suggestion: str | None = None  # "did you mean"
    glossary: tuple[GlossaryDoc, ...] = ()  # glossary terms that match the query
    languages: tuple[LanguageHit, ...] = ()  # languages the query names, with the results in each
    related_only: tuple[str, ...] = ()  # typed words found only through related words
    unmatched: tuple[str, ...] = ()  # typed words that matched nothing

    @property
    def languages_without_results(self) -> tuple[LanguageHit, ...]:
        """The languages the query names that none of the results is in (one hit per language)."""
        hits = {hit.code: hit for hit in reversed(self.languages) if not hit.count}
        return tuple(hits[code] for code in dict.fromkeys(h.code for h in self.languages) if code in hits)

    @property
    def missing_languages(self) -> tuple[str, ...]:
        """Codes of the languages the query names that no published material is in."""
        return tuple(hit.code for hit in self.languages_without_results if not hit.available)

    @property
    def unmatched_words(self) -> tuple[str, ...]:
        """Typed words that matched nothing, other than the names of missing languages."""
        named = {w for hit in self.languages_without_results for w in hit.words}
        return tuple(w for w in self.unmatched if w not in named)


#: How the watcher gets the index of a new content version: (version, stop) -> what loads it (or
#: builds it), or None when stopped first (production's: :class:`~bronwijzer.search.indexbuild.SharedBuild`,
#: whose loader reads the file a child process wrote).
Rebuild = Callable[[tuple[int, str], threading.Event], Callable[[], BuiltIndex] | None]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an index is loaded or built (it only allocates): a full
    collection would scan the served index too, hundreds of thousands of objects, holding the
    interpreter lock for up to a second while every request thread waits."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class IndexHolder:
    """The index one process serves, and how it follows the content version.

    ``settings.SEARCH_REFRESH`` "background" (production): one thread per process, the
    watcher, reads the content version every ``settings.SEARCH_VERSION_CHECK_SECONDS``
    (a search itself asks the database nothing). When it moved, the watcher first asks
    ``patch`` for the served index with the few changes taken in (a fraction of a second,
    in the watcher's thread); when that cannot be (much changed, or the record of changes
    cannot tell), it gets a new index with ``rebuild``. Either way every request keeps being
    answered from the old one meanwhile, and the watcher then swaps the reference (one
    assignment: a request holds the :class:`BuiltIndex` it started with). Production's
    ``rebuild`` (:class:`~bronwijzer.search.indexbuild.SharedBuild`) has a child process build
    the index once for the whole site and every worker load its file, so the build shares no
    interpreter lock with requests. So at most one rebuild runs per process, and a worker that
    gets no requests is still current when its next request comes. A rebuild that fails is
    logged, the old index stays, and the next try waits ``RETRY_SECONDS``.

    "inline" (development and tests): every search reads the version and the request
    that notices a change patches or rebuilds, so the next search sees it.

    Only the very first index of a process (none to serve yet) is built in the request,
    or before gunicorn forks its workers (``serve`` renders the map once). The watcher
    starts with the first search after that, or right after the fork in a worker that
    has an index; it stops before a fork, so it never runs in gunicorn's master.
    """

    RETRY_SECONDS = 30.0
    RETIRE_GRACE_SECONDS = 1.0

    def __init__(
        self,
        build: Callable[[], BuiltIndex] = index_build,
        rebuild: Rebuild | None = None,
        patch: Callable[[BuiltIndex], BuiltIndex | None] | None = None,
    ):
        """``build``: the first index (and each one, inline); ``rebuild``: how the watcher gets a new
        one; ``patch``: how an index takes in a few changes (None: never; default, with the default
        ``build``: :func:`~bronwijzer.search.built.index_patch`)."""
        self._build = build
        self._rebuild_with: Rebuild = rebuild or SharedBuild()
        self._patch = patch or (index_patch if build is index_build else None)
        self._built: BuiltIndex | None = None
        self._after_fork()

    def _after_fork(self) -> None:
        """Fresh locks and no watcher (a forked child has none of its parent's threads)."""
        self._lock = threading.Lock()  # guards the watcher
        self._first = threading.Lock()  # one first (or inline) build
        self._rebuilt = threading.Condition()
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        self.rebuilds = 0  # rebuilds finished (swapped or failed) by this process's watchers
        self._retired: BuiltIndex | None = None  # the index the last swap replaced, until freed

    def current(self) -> BuiltIndex:
        built = self._built
        if built is None:
            with self._first:
                if self._built is None:
                    with _collector_paused():
                        self._serve(self._build())
                    assert self._built is not None
                return self._built
        if settings.SEARCH_REFRESH == "inline":
            return self._inline(built)
        if self._watcher is None:
            self._watch_start()
        return built

    def _serve(self, built: BuiltIndex) -> None:
        """Swap in ``built``. With the background refresh (production), also move every object
        the process has into the cycle collector's permanent generation (``gc.freeze``): the
        collector then never scans the index again, so no request waits for it to go through
        hundreds of thousands of objects (and a gunicorn worker shares the first index's memory
        pages with its master). An index holds no reference cycle (``textindex.WeakMethod``), so
        the one it replaces is still freed, by reference counting; what the freeze keeps for good
        is cyclic garbage that requests left at that moment, if any."""
        if settings.SEARCH_REFRESH == "background":
            self._retired, self._built = self._built, built  # freed by the watcher: _retire
            gc.freeze()
        else:
            self._built = built

    def served(self) -> BuiltIndex | None:
        """The index served now, without checking the version (None before the first build)."""
        return self._built

    def _inline(self, built: BuiltIndex) -> BuiltIndex:
        version = content_version()
        if version == built.version:
            return built
        with self._first:
            if self._built is None or self._built.version != version:
                with _collector_paused():
                    self._serve(self._patched(self._built) or self._build())
                assert self._built is not None
            return self._built

    def _patched(self, built: BuiltIndex | None) -> BuiltIndex | None:
        """``built`` with the few changes since its version taken in, or None (a build is needed,
        also when taking them in failed: that is logged, and the index is built anew)."""
        if built is None or self._patch is None:
            return None
        try:
            return self._patch(built)
        except Exception:
            logger.exception("Taking the changes into the search index failed; building it anew")
            return None

    # --- the watcher ("background") -----------------------------------------------------

    def _watch_start(self) -> None:
        with self._lock:
            if self._watcher is None:
                self._stop = threading.Event()
                self._watcher = threading.Thread(
                    target=self._watch, args=(self._stop,), name="bronwijzer-search-watcher", daemon=True
                )
                self._watcher.start()

    def watch_stop(self) -> None:
        """End the watcher (before a fork; tests); the next search starts a new one."""
        with self._lock:
            watcher, self._watcher = self._watcher, None
            self._stop.set()
        if watcher is not None and watcher is not threading.current_thread():
            watcher.join()

    def _watch(self, stop: threading.Event) -> None:
        retry_at = -math.inf
        failing = False
        try:
            while not stop.wait(settings.SEARCH_VERSION_CHECK_SECONDS):
                built = self._built
                try:
                    version = content_version()
                except Exception:
                    if not failing:
                        logger.exception("Reading the content version failed; trying again every second")
                    failing = True
                    connections.close_all()
                    continue
                failing = False
                moved = built is not None and version != built.version
                if moved and time.monotonic() >= retry_at and not self._rebuild(version, stop):
                    retry_at = time.monotonic() + self.RETRY_SECONDS
                self._retire(stop)
        finally:
            connections.close_all()  # this thread's own connections

    def _rebuild(self, version: tuple[int, str], stop: threading.Event) -> bool:
        started = time.monotonic()
        switch = sys.getswitchinterval()
        # While this thread loads the new index (or builds it in this process: pure Python and
        # numpy, holding the interpreter lock), a request thread that waits for the lock gets it
        # within 1 ms instead of 5 ms: a request waits for it after every read and write it does.
        sys.setswitchinterval(min(switch, REBUILD_SWITCH_INTERVAL))
        built = None
        try:
            with _collector_paused():  # until the new index is frozen (``_serve``)
                built = self._patched(self._built)
                if built is not None:
                    self._serve(built)
                    seconds = time.monotonic() - started
                    logger.info(
                        "Search index brought up to content version %s in %.2f s", built.version[0], seconds
                    )
                    return True
            load = self._rebuild_with(version, stop)
            if load is not None:
                # what requests left for the collector goes now, not into the freeze after the load
                # (the served index is frozen already: this collection does not go through it)
                gc.collect()
                with _collector_paused():  # until the new index is frozen (``_serve``)
                    built = load()
                    self._serve(built)
        except Exception:
            served = self._built.version if self._built else None
            logger.exception("Rebuilding the search index failed; still serving content version %s", served)
            return False
        else:
            if built is None:  # stopped
                return True
            seconds = time.monotonic() - started
            logger.info("Search index rebuilt for content version %s in %.2f s", built.version[0], seconds)
            return True
        finally:
            sys.setswitchinterval(switch)
            with self._rebuilt:
                self.rebuilds += 1
                self._rebuilt.notify_all()

    def _retire(self, stop: threading.Event) -> None:
        """Free the index the last swap replaced, a slice of its resources at a time.

        Freed at once (by the assignment of the swap), its 100,000 resources and their fields
        would go in one step that holds the interpreter lock for about 100 ms, while request
        threads wait; longer in a gunicorn worker whose index came from its master, where the
        first write to each page copies it. So the watcher keeps it, waits
        ``RETIRE_GRACE_SECONDS`` for the requests that began with it, takes its resources into
        a list of its own a slice at a time (the pages are copied then, a slice
        at a time), drops the index (the rest goes quickly: numpy arrays and strings) and then
        empties the list a slice at a time. A request that still holds the old index keeps what
        it uses: nothing it reaches is changed.
        """
        if self._retired is None or stop.wait(self.RETIRE_GRACE_SECONDS):
            return
        source = self._retired.index.docs
        held: list[object] = []
        for start in range(0, len(source), RETIRE_SLICE):
            part = source[start : start + RETIRE_SLICE]
            held.extend(part)
            time.sleep(RETIRE_PAUSE)
        del source
        self._retired = None
        while held and not stop.is_set():
            del held[-RETIRE_SLICE:]
            time.sleep(RETIRE_PAUSE)  # lets a waiting request thread run

    def rebuild_wait(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` rebuilds have finished (tests, the benchmark); False on timeout."""
        with self._rebuilt:
            return self._rebuilt.wait_for(lambda: self.rebuilds >= count, timeout)


_holder = IndexHolder()


def _forked() -> None:
    """In a forked child (a gunicorn worker): a watcher of its own from the start, so that a worker
    whose first request comes long after a publish answers it from a current index."""
    _holder._after_fork()
    if _holder.served() is not None and settings.SEARCH_REFRESH == "background":
        _holder._watch_start()


os.register_at_fork(before=lambda: _holder.watch_stop(), after_in_child=_forked)


def search_index() -> SearchIndex:
    return _holder.current().index


def search_index_version() -> tuple[int, str]:
    """The content version of the index this process answers from, which may lag the database's.

    A cache of something derived from the index keys it by this version, not by
    :func:`~bronwijzer.catalog.services.content_version`: else a page rendered from the old
    index during a rebuild would be kept as the new content's.
    """
    return _holder.current().version


def search_index_version_served() -> tuple[int, str] | None:
    """What a cache read before rendering from the index adds to the database's content version.

    "background": the version of the index served now, read from memory (no query, no
    build), which lags the database's while a new index is built; None before the first
    index (whatever is built then is at least as new as the database's version read
    before). "inline": None, as every search first brings the index up to the database's
    version, so the page is at least as new as the version the cache read.
    """
    if settings.SEARCH_REFRESH == "inline":
        return None
    built = _holder.served()
    return built.version if built else None


def resource_search(
    selection: Selection, q: str = "", *, limit: int | None = None, offset: int = 0
) -> SearchResult:
    """Published resources matching the query text and the facet selection, best first."""
    index = _holder.current().index
    q = (q or "").strip()
    hits = index.search(q, selection)
    end = None if limit is None else offset + limit
    return SearchResult(
        results=[index.docs[i] for i in hits.order[offset:end]],
        count=len(hits.order),
        total=len(index.docs),
        facets=hits.facets,
        query=q,
        terms=hits.terms,
        suggestion=hits.suggestion,
        glossary=tuple(index.glossary[i] for i in hits.glossary),
        languages=hits.languages,
        related_only=hits.related_only,
        unmatched=hits.unmatched,
    )


@dataclass(frozen=True)
class LanguageOffer:
    """What the published material offers across languages, for a query whose language has none."""

    languages: tuple[tuple[str, int], ...]  # language codes with how many resources, most first
    language_free: tuple[ResourceDoc, ...]  # material that needs no language (zxx)
    subtitled: tuple[ResourceDoc, ...]  # material with subtitles in some language


def language_offer() -> LanguageOffer:
    """The languages the published material is in, and the material usable without its language."""
    index = _holder.current().index
    masks = index.facets.masks["language"]
    counts = sorted(
        ((code, int(n)) for code, n in zip(index.facets.values["language"], masks.sum(axis=1), strict=True)),
        key=lambda item: (-item[1], item[0]),
    )
    return LanguageOffer(
        languages=tuple((code, n) for code, n in counts if n and code != LANGUAGE_FREE),
        language_free=tuple(doc for doc in index.docs if LANGUAGE_FREE in doc.languages),
        subtitled=tuple(
            doc
            for doc in index.docs
            if LANGUAGE_FREE not in doc.languages
            and any("ondertiteling" in modes for modes in doc.language_modes.values())
        ),
    )


def organisation_resource_counts() -> dict[str, int]:
    """How many published resources name each organisation (by organisation slug)."""
    counts: dict[str, int] = {}
    for doc in _holder.current().index.docs:
        for org in doc.organisations:
            counts[org.slug] = counts.get(org.slug, 0) + 1
    return counts


def resource_doc(slug: str) -> ResourceDoc | None:
    """A published resource from the index, or None."""
    return _holder.current().by_slug.get(slug)
