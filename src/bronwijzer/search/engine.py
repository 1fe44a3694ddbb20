"""The one search engine behind the HTML pages and the API.

Each server process keeps a :class:`SearchIndex` over the published content and
rebuilds it when the catalog's content version moves, so several processes
stay consistent without sharing memory.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bronwijzer.catalog.services import content_version
from bronwijzer.lib.languages import LANGUAGE_FREE
from bronwijzer.search.documents import GlossaryDoc, ResourceDoc, glossary_docs, published_resource_docs
from bronwijzer.search.facets import FacetCounts, Selection
from bronwijzer.search.index import LanguageHit, SearchIndex


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


class _IndexCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[int, str] | None = None
        self._index: SearchIndex | None = None
        self._by_slug: dict[str, ResourceDoc] = {}

    def get(self) -> SearchIndex:
        version = content_version()
        index = self._index
        if index is not None and version == self._version:
            return index
        with self._lock:
            if self._index is None or version != self._version:
                docs = published_resource_docs()
                self._index = SearchIndex.build(docs, glossary_docs())
                self._by_slug = {doc.slug: doc for doc in docs}
                self._version = version
            return self._index

    def doc(self, slug: str) -> ResourceDoc | None:
        self.get()
        return self._by_slug.get(slug)

    def clear(self) -> None:
        with self._lock:
            self._index = None
            self._version = None


_cache = _IndexCache()


def search_index() -> SearchIndex:
    return _cache.get()


def resource_search(
    selection: Selection, q: str = "", *, limit: int | None = None, offset: int = 0
) -> SearchResult:
    """Published resources matching the query text and the facet selection, best first."""
    index = _cache.get()
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
    index = _cache.get()
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
    for doc in _cache.get().docs:
        for org in doc.organisations:
            counts[org.slug] = counts.get(org.slug, 0) + 1
    return counts


def resource_doc(slug: str) -> ResourceDoc | None:
    """A published resource from the index, or None."""
    return _cache.doc(slug)
