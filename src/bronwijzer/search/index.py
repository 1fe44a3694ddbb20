"""The in-process search index (contract; the text analysis lands in a later commit).

Contract used by :mod:`bronwijzer.search.engine`:

- ``SearchIndex.build(docs, glossary)`` builds an index over published documents;
- ``SearchIndex.search(q, selection)`` returns :class:`IndexHits`: every matching
  document position (best first), facet counts that respect the query and every
  other facet's selection but not their own, the words to highlight, a "did you
  mean" suggestion for queries without results, and matching glossary positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bronwijzer.search import facets
from bronwijzer.search.documents import GlossaryDoc, ResourceDoc
from bronwijzer.search.facets import FacetCounts, Selection


@dataclass(frozen=True)
class IndexHits:
    order: list[int]
    facets: list[FacetCounts]
    terms: tuple[str, ...] = ()
    suggestion: str | None = None
    glossary: tuple[int, ...] = ()


class SearchIndex:
    def __init__(self, docs: Sequence[ResourceDoc], glossary: Sequence[GlossaryDoc]):
        self.docs = list(docs)
        self.glossary = list(glossary)

    @classmethod
    def build(cls, docs: Sequence[ResourceDoc], glossary: Sequence[GlossaryDoc]) -> SearchIndex:
        return cls(docs, glossary)

    def _text_match(self, q: str) -> list[ResourceDoc]:
        words = q.lower().split()
        if not words:
            return self.docs
        return [d for d in self.docs if all(w in (d.title + " " + d.summary).lower() for w in words)]

    def search(self, q: str, selection: Selection) -> IndexHits:
        pool = self._text_match(q)
        matched = facets.apply(pool, selection)
        position = {id(doc): i for i, doc in enumerate(self.docs)}
        return IndexHits(
            order=[position[id(doc)] for doc in matched],
            facets=facets.count(pool, selection),
            terms=tuple(q.lower().split()),
        )
