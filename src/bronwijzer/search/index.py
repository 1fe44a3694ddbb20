"""The in-process search index over the published resources and the glossary.

Contract used by :mod:`bronwijzer.search.engine`:

- ``SearchIndex.build(docs, glossary)`` builds an index over published documents;
- ``SearchIndex.search(q, selection)`` returns :class:`IndexHits`: every matching
  document position (best first), facet counts that respect the query and every
  other facet's selection but not their own, the words to highlight, a "did you
  mean" suggestion for queries without results, and matching glossary positions.

How it works:

- Text: :mod:`~bronwijzer.search.textindex` (numpy postings) over the fields, by weight:
  title 10 > organisation names 6 > tags 4 (theme, profession, audience, format,
  context and cost labels in Dutch and English, section slugs) > summary 2 >
  summary_en 1.5 > language and explicitness notes 1. Language names in a query
  match the resources available in that language (weight 4, like a tag).
- Query: :mod:`~bronwijzer.search.query` turns it into concepts (stopwords dropped,
  synonym phrases and split compounds kept together), each with alternatives.
- Minimum should match (:func:`~bronwijzer.search.analysis.required_matches`): all
  concepts for one or two, all but one for three or four, 60% for five or more.
- Ranking: number of concepts matched, then score, then printed position.
- Facets: :class:`~bronwijzer.search.facets.FacetIndex` (boolean masks, popcount).
- Glossary terms are indexed the same way (term 10, definition 2, English 1.5).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.utils import translation
from rapidfuzz import fuzz, process

from bronwijzer.catalog import vocab
from bronwijzer.search.analysis import (
    fold,
    is_stopword,
    query_tokens,
    required_matches,
    typo_budget,
    typo_matches,
)
from bronwijzer.search.documents import GlossaryDoc, ResourceDoc
from bronwijzer.search.facets import FacetCounts, FacetIndex, Selection
from bronwijzer.search.query import Alternative, Concept, parse_query
from bronwijzer.search.synonyms import SYNONYM, Synonyms, default_synonyms
from bronwijzer.search.textindex import TYPO_1, TYPO_2, TextIndex

RESOURCE_FIELDS = {
    "title": 10.0,
    "organisations": 6.0,
    "tags": 4.0,
    "summary": 2.0,
    "summary_en": 1.5,
    "notes": 1.0,
}
GLOSSARY_FIELDS = {"term": 10.0, "definition": 2.0, "definition_en": 1.5}
LANGUAGE_WEIGHT = RESOURCE_FIELDS["tags"]
_POSITION_BITS = 20  # ranking key: matched concepts | score | printed position


def _release_free_memory() -> None:
    """Hand the build's freed scratch memory back to the OS (glibc keeps it otherwise; elsewhere a no-op)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)


@dataclass(frozen=True)
class IndexHits:
    order: list[int]
    facets: list[FacetCounts]
    terms: tuple[str, ...] = ()
    suggestion: str | None = None
    glossary: tuple[int, ...] = ()


def _label_texts(vocabulary: vocab.Vocabulary) -> dict[str, str]:
    """Per slug, its Dutch and English labels."""
    texts: dict[str, list[str]] = {t.slug: [] for t in vocabulary.terms}
    for language in ("nl", "en"):
        with translation.override(language):
            for term in vocabulary.terms:
                texts[term.slug].append(str(term.label))
    return {slug: " ".join(labels) for slug, labels in texts.items()}


def _resource_fields(docs: Sequence[ResourceDoc]) -> list[tuple[float, Iterable[str]]]:
    labels = {v.field: _label_texts(v) for v in (*vocab.LIST_FACETS, vocab.COST)}

    def tags(doc: ResourceDoc) -> str:
        parts = [section.replace("-", " ") for section in doc.sections]
        for field, by_slug in labels.items():
            held = getattr(doc, field)
            parts.extend(by_slug.get(slug, "") for slug in ((held,) if isinstance(held, str) else held))
        return " ".join(parts)

    def notes(doc: ResourceDoc) -> str:
        texts = (doc.languages_note, doc.languages_note_en, doc.explicitness_note, doc.explicitness_note_en)
        return " ".join(t for t in texts if t)

    w = RESOURCE_FIELDS
    return [
        (w["title"], (d.title for d in docs)),
        (w["organisations"], (" ".join(o.name for o in d.organisations) for d in docs)),
        (w["tags"], map(tags, docs)),
        (w["summary"], (d.summary for d in docs)),
        (w["summary_en"], (d.summary_en for d in docs)),
        (w["notes"], map(notes, docs)),
    ]


class SearchIndex:
    def __init__(
        self,
        docs: Sequence[ResourceDoc],
        glossary: Sequence[GlossaryDoc],
        synonyms: Synonyms | None = None,
    ):
        self.docs = sorted(docs, key=lambda d: d.position)  # ids are printed order
        self.glossary = list(glossary)
        self.synonyms = synonyms or default_synonyms()
        self.facets = FacetIndex(self.docs)
        self.text = TextIndex.build(
            len(self.docs),
            _resource_fields(self.docs),
            language_mask=self.facets.language_mask,
            language_weight=LANGUAGE_WEIGHT,
        )
        g = GLOSSARY_FIELDS
        self.glossary_text = TextIndex.build(
            len(self.glossary),
            [
                (g["term"], (f"{t.term} {t.term_en}" for t in self.glossary)),
                (g["definition"], (t.definition for t in self.glossary)),
                (g["definition_en"], (t.definition_en for t in self.glossary)),
            ],
        )
        self._all = np.ones(len(self.docs), dtype=bool)
        self.parse = lru_cache(maxsize=4096)(self._parse)
        _release_free_memory()

    @classmethod
    def build(cls, docs: Sequence[ResourceDoc], glossary: Sequence[GlossaryDoc]) -> SearchIndex:
        return cls(docs, glossary)

    def _parse(self, q: str) -> tuple[Concept, ...]:
        return tuple(self._corrected(c) for c in parse_query(q, self.synonyms, self.text.known))

    def _corrected(self, concept: Concept) -> Concept:
        """A typed word the index does not know: add the synonyms of its nearest corrections.

        "trainng" is corrected to "training" by the text index itself; this also
        brings in "cursus", "course" and the rest of its group, at the typo's score.
        """
        if len(concept.words) != 1 or len(concept.alternatives) != 1:
            return concept
        word = concept.words[0]
        if self.text.expand(word, True).found:
            return concept
        budget = typo_budget(word)
        candidates = self.text.typos(word, budget) + typo_matches(word, self.synonyms.words, budget)
        if not candidates:
            return concept
        nearest = min(distance for _, distance in candidates)
        factor = TYPO_1 if nearest == 1 else TYPO_2
        alternatives = {a.words: a for a in concept.alternatives}
        for candidate in dict.fromkeys(c for c, distance in candidates if distance == nearest):
            forms = [((candidate,), 1.0), *(self.synonyms.expansions((candidate,)) or ())]
            for form, weight in forms:
                if form not in alternatives:
                    alternatives[form] = Alternative(form, weight * factor)
        return Concept(concept.words, tuple(alternatives.values()))

    # --- search -----------------------------------------------------------------------

    def _rank(self, ids: np.ndarray, counts: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if len(ids) < 2:
            return ids
        if len(self.docs) >= 1 << _POSITION_BITS:
            return ids[np.lexsort((ids, -scores[ids], -counts[ids]))]
        quantised = np.minimum(np.rint(scores[ids] * 1000), (1 << 32) - 1).astype(np.int64)
        key = (
            counts[ids].astype(np.int64) << 52
            | quantised << _POSITION_BITS
            | ((1 << _POSITION_BITS) - 1 - ids)
        )
        key.sort()
        return (1 << _POSITION_BITS) - 1 - (key[::-1] & ((1 << _POSITION_BITS) - 1))

    def _text_pool(self, index: TextIndex, concepts: Sequence[Concept]):
        counts, scores, surfaces = index.match(concepts)
        pool = counts >= required_matches(len(concepts))
        return pool, counts, scores, surfaces

    def search(self, q: str, selection: Selection) -> IndexHits:
        concepts = self.parse(q.strip()) if q else ()
        if not concepts:
            pool = self._all
            order = np.flatnonzero(self.facets.mask(selection))
            return IndexHits(order=order.tolist(), facets=self.facets.counts(pool, selection))
        pool, counts, scores, surfaces = self._text_pool(self.text, concepts)
        ids = np.flatnonzero(self.facets.mask(selection, pool))
        order = self._rank(ids, counts, scores)
        glossary = self._glossary(concepts)
        suggestion = None
        if not pool.any():
            suggestion = self.suggest(q)
            if not glossary:
                glossary = self._nearest_glossary(q)
        terms = surfaces or tuple(w for c in concepts for w in c.words)
        return IndexHits(
            order=order.tolist(),
            facets=self.facets.counts(pool, selection),
            terms=terms,
            suggestion=suggestion,
            glossary=glossary,
        )

    # --- glossary and "did you mean" -------------------------------------------------

    def _glossary(self, concepts: Sequence[Concept]) -> tuple[int, ...]:
        """Glossary terms for the query: by the typed words and their synonyms, not by related words."""
        if not self.glossary:
            return ()
        concepts = [
            Concept(c.words, tuple(a for a in c.alternatives if a.weight >= SYNONYM)) for c in concepts
        ]
        pool, counts, scores, _ = self._text_pool(self.glossary_text, concepts)
        return tuple(self._rank(np.flatnonzero(pool), counts, scores).tolist())

    def _nearest_glossary(self, q: str) -> tuple[int, ...]:
        names = {}
        for i, term in enumerate(self.glossary):
            for name in (term.term, term.term_en):
                names.setdefault(fold(name), i)
        found = process.extract(fold(q), list(names), scorer=fuzz.ratio, score_cutoff=75, limit=3)
        return tuple(dict.fromkeys(names[name] for name, _, _ in found))

    def _correct(self, word: str) -> str | None:
        """The nearest known word within a generous distance (1 up to 4 letters, 2 up to 7, else 3)."""
        budget = 1 if len(word) <= 4 else 2 if len(word) <= 7 else 3
        if word.isdigit():
            return None
        candidates = self.text.typos(word, budget)
        if self.glossary:
            candidates += [
                (w, d) for w, d in self.glossary_text.typos(word, budget) if w not in self.text.word_id
            ]
        candidates += typo_matches(word, self.synonyms.words, budget)
        if not candidates:
            return None
        return min(candidates, key=lambda c: c[1])[0]

    def suggest(self, q: str) -> str | None:
        """A corrected query that finds something, or None."""
        tokens = query_tokens(q)
        corrected = []
        for token in tokens:
            if (
                is_stopword(token)
                or len(token) < 3
                or self.text.known(token)
                or self.synonyms.is_form((token,))
            ):
                corrected.append(token)
            else:
                corrected.append(self._correct(token) or token)
        if corrected == tokens:
            return None
        suggestion = " ".join(corrected)
        concepts = self.parse(suggestion)
        if concepts and self._text_pool(self.text, concepts)[0].any():
            return suggestion
        return None
