"""The in-process search index over the published resources and the glossary.

Contract used by :mod:`bronwijzer.search.engine`:

- ``SearchIndex.build(docs, glossary)`` builds an index over published documents;
- ``SearchIndex.search(q, selection)`` returns :class:`IndexHits`: every matching
  document position (best first), facet counts that respect the query and every
  other facet's selection but not their own, the words to highlight (only what the
  typed words matched: their forms, stems, prefixes, compound parts, and for a
  non-word its typo corrections; never synonyms or related words), a "did you mean"
  suggestion for queries without results, matching glossary positions, the
  languages the query names with how many results are in each, and the typed words
  found only through related words or not at all.

How it works:

- Text: :mod:`~bronwijzer.search.textindex` (numpy postings) over the fields of
  :mod:`~bronwijzer.search.fields`, by weight:
  title 10 > organisation names 6 > tags 4 (theme, profession, audience, format,
  context and cost labels in Dutch and English, section slugs) > summary 2 >
  summary_en 1.5 > language and explicitness notes 1. Language names in a query
  match the resources available in that language (weight 4, like a tag).
- Query: :mod:`~bronwijzer.search.query` turns it into concepts (stopwords dropped,
  synonym phrases and split compounds kept together), each with alternatives. A
  word the index does not hold but that is made of two known words becomes two
  concepts ("moslimouders" is searched as "moslim ouders").
- Known words (:meth:`SearchIndex.is_known`): the index's and the glossary's words,
  the synonym list, the vocabulary labels (language names are in the synonym list)
  and the Dutch and English word lists (:mod:`~bronwijzer.search.lexicon`), and
  compounds of two such Dutch words. A known word is never corrected, in matching
  or as a "did you mean".
- "Did you mean" is offered only when the query found nothing, only for words that
  are not known, and only when the corrected query finds documents directly (not
  through related words alone).
- Minimum should match (:func:`~bronwijzer.search.analysis.required_matches`): all
  concepts for one or two, all but one for three or four, 60% for five or more.
- Ranking: number of concepts matched, then score, then printed position.
- Facets: :class:`~bronwijzer.search.facets.FacetIndex` (boolean masks, popcount).
- Glossary terms are indexed the same way (term 10, definition 2, English 1.5).
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from bronwijzer.search.analysis import (
    fold,
    is_stopword,
    prefix_range,
    query_tokens,
    required_matches,
    split_compound,
    typo_budget,
    typo_matches,
)
from bronwijzer.search.documents import GlossaryDoc, ResourceDoc
from bronwijzer.search.facets import FacetCounts, FacetIndex, Selection
from bronwijzer.search.fields import GLOSSARY_FIELDS, LANGUAGE_WEIGHT, label_words, resource_fields
from bronwijzer.search.lexicon import lexicon
from bronwijzer.search.query import RELATED_TO, SYNONYM_OF, TYPED, Alternative, Concept, parse_query
from bronwijzer.search.synonyms import SYNONYM, Synonyms, default_synonyms
from bronwijzer.search.textindex import (
    DIRECT,
    RELATED_ONLY,
    TYPO_1,
    TYPO_2,
    UNMATCHED,
    Match,
    TextIndex,
    WeakMethod,
)
from bronwijzer.search.textpatch import text_index_patched

_POSITION_BITS = 20  # ranking key: matched concepts | score | printed position


def _release_free_memory() -> None:
    """Hand the build's freed scratch memory back to the OS (glibc keeps it otherwise; elsewhere a no-op)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)


def printed_order(doc: ResourceDoc) -> tuple[int, str]:
    """A resource's place in the index: printed position, then its name in the address."""
    return doc.position, doc.slug


#: Shortest parts of a compound that is searched as two words ("nep" + "naakt").
MIN_COMPOUND_PART = 3
MIN_COMPOUND_TAIL = 4


@dataclass(frozen=True)
class LanguageHit:
    """A language the query names ("pools" -> pl) and how many of the results are in it."""

    code: str
    words: tuple[str, ...]  # the typed words that name it
    count: int  # results in that language
    available: int = 0  # published resources in that language, whatever the query


@dataclass(frozen=True)
class IndexHits:
    order: list[int]
    facets: list[FacetCounts]
    terms: tuple[str, ...] = ()
    suggestion: str | None = None
    glossary: tuple[int, ...] = ()
    languages: tuple[LanguageHit, ...] = ()
    related_only: tuple[str, ...] = ()  # typed words found only through related words
    unmatched: tuple[str, ...] = ()  # typed words that matched nothing


class SearchIndex:
    def __init__(
        self,
        docs: Sequence[ResourceDoc],
        glossary: Sequence[GlossaryDoc],
        synonyms: Synonyms | None = None,
    ):
        self.docs = sorted(docs, key=printed_order)  # ids are printed order
        self.glossary = list(glossary)
        self.synonyms = synonyms or default_synonyms()
        self.labels = label_words()
        self.lexicon = lexicon()  # read at the first word the map, the synonyms and labels lack
        self.facets = FacetIndex(self.docs)
        self.text = TextIndex.build(len(self.docs), resource_fields(self.docs), **self._text_callbacks())
        self.glossary_text = self._glossary_index()
        self._ready()

    def _text_callbacks(self) -> dict[str, Any]:
        """What the resources' text index asks this index (made once its facets are there)."""
        return {
            "language_mask": self.facets.language_mask,
            "language_weight": LANGUAGE_WEIGHT,
            "is_known": WeakMethod(self.is_known),
        }

    def _ready(self) -> None:
        """The last of building: the mask of all documents, an empty query cache, memory given back."""
        self._all = np.ones(len(self.docs), dtype=bool)
        self.parse = lru_cache(maxsize=4096)(WeakMethod(self._parse))
        _release_free_memory()

    def _glossary_index(self) -> TextIndex:
        g = GLOSSARY_FIELDS
        return TextIndex.build(
            len(self.glossary),
            [
                (g["term"], (f"{t.term} {t.term_en}" for t in self.glossary)),
                (g["definition"], (t.definition for t in self.glossary)),
                (g["definition_en"], (t.definition_en for t in self.glossary)),
            ],
            is_known=WeakMethod(self.is_known),
        )

    @classmethod
    def build(cls, docs: Sequence[ResourceDoc], glossary: Sequence[GlossaryDoc]) -> SearchIndex:
        return cls(docs, glossary)

    def patched(
        self,
        removed: Collection[int],
        added: Sequence[ResourceDoc],
        glossary: Sequence[GlossaryDoc] | None = None,
    ) -> SearchIndex:
        """This index with the resources of primary keys ``removed`` taken out and ``added`` put in
        (and the glossary replaced, if given): the index :meth:`build` makes of the new content, in
        a fraction of its time. A changed resource is in both. This index is not changed.

        The text index takes the new postings in (``textpatch``), the facets the new columns
        (:meth:`FacetIndex.patched`); the word lists, synonyms and labels are shared.
        """
        gone = set(removed)
        kept = np.fromiter((d.pk not in gone for d in self.docs), dtype=bool, count=len(self.docs))
        incoming = sorted(added, key=printed_order)
        docs = [d for d, k in zip(self.docs, kept.tolist(), strict=True) if k]
        for doc in incoming:  # a few, each into its place
            docs.insert(bisect.bisect_left(docs, printed_order(doc), key=printed_order), doc)
        added_ids = np.array(
            [bisect.bisect_left(docs, printed_order(doc), key=printed_order) for doc in incoming],
            dtype=np.int64,
        )
        moved_to = np.full(len(self.docs), -1, dtype=np.int64)
        moved_to[kept] = np.setdiff1d(np.arange(len(docs)), added_ids, assume_unique=True)
        patched = object.__new__(SearchIndex)
        patched.docs = docs
        patched.glossary = self.glossary if glossary is None else list(glossary)
        patched.synonyms = self.synonyms
        patched.labels = self.labels
        patched.lexicon = self.lexicon
        patched.facets = self.facets.patched(kept, moved_to, incoming, added_ids)
        callbacks = patched._text_callbacks()
        patched.text = text_index_patched(
            self.text,
            kept,
            moved_to,
            TextIndex.build(len(incoming), resource_fields(incoming)),
            added_ids,
            **callbacks,
        )
        patched.glossary_text = (
            self.glossary_text.rebound(is_known=callbacks["is_known"])
            if glossary is None
            else patched._glossary_index()
        )
        patched._ready()
        return patched

    # --- pickling (an index built in another process: search.built) ---------------

    def __getstate__(self) -> dict[str, Any]:
        """Everything but what each process has once anyway: the word lists, the default synonyms
        and the query cache."""
        state = self.__dict__.copy()
        del state["parse"], state["lexicon"]
        if state["synonyms"] is default_synonyms():
            state["synonyms"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.synonyms = self.synonyms or default_synonyms()
        self.lexicon = lexicon()
        self.parse = lru_cache(maxsize=4096)(WeakMethod(self._parse))

    # --- known words ------------------------------------------------------------------

    def _is_word(self, word: str) -> bool:
        """A word of the index, the glossary, the synonym list or the labels, or a Dutch word."""
        return (
            self.text.known(word)
            or self.glossary_text.known(word)
            or self.synonyms.is_word(word)
            or word in self.labels
            or self.lexicon.is_word(word, "nl")
        )

    def _is_part(self, word: str) -> bool:
        """A word as it is (not by its stem: "organis" is no part of "organiseren")."""
        return (
            word in self.text.word_id
            or word in self.glossary_text.word_id
            or word in self.synonyms.all_words
            or word in self.labels
            or self.lexicon.is_word(word, "nl")
        )

    def is_known(self, word: str) -> bool:
        """Whether a folded query word is a real word, which search must never correct.

        A word of the index, the glossary, the synonym list (language names included)
        or the vocabulary labels; a Dutch or English word of the word lists; or a
        compound of two Dutch words ("nepnaakt", "moslimouders").
        """
        if word.isdigit() or self._is_word(word) or self.lexicon.is_word(word, "en"):
            return True
        return self.compound_parts(word) is not None

    def compound_parts(self, word: str) -> tuple[str, str] | None:
        """The two known parts of a word the index does not hold, to search them as two words.

        Not for a word that is the start of words of the index ("vragenlij"): that is
        matched as a prefix. The last part has at least ``MIN_COMPOUND_TAIL`` letters,
        and a word of the word lists is only split when its last part is a word of
        the map ("pleegouders", not "organiseren" into "organise" + "ren").
        """
        if len(word) < 2 * MIN_COMPOUND_PART or self.text.known(word) or self.synonyms.is_form((word,)):
            return None
        low, high = prefix_range(self.text.words, word)
        if high > low:
            return None
        parts = split_compound(word, self._is_part, min_part=MIN_COMPOUND_PART)
        if parts is None or len(parts[1]) < MIN_COMPOUND_TAIL:
            return None
        if parts[1] not in self.text.word_id and self.lexicon.is_word(word):
            return None
        return parts

    def _parse(self, q: str) -> tuple[Concept, ...]:
        concepts = parse_query(q, self.synonyms, self.text.known, self.compound_parts)
        return tuple(self._corrected(c) for c in concepts)

    def _corrected(self, concept: Concept) -> Concept:
        """A typed non-word the index does not know: add the synonyms of its nearest corrections.

        "trainng" is corrected to "training" by the text index itself; this also
        brings in "cursus", "course" and the rest of its group, at the typo's score.
        A known word ("pools", "tante") is never corrected.
        """
        if len(concept.words) != 1 or len(concept.alternatives) != 1:
            return concept
        word = concept.words[0]
        if self.text.expand(word, True).found or self.is_known(word):
            return concept
        budget = typo_budget(word)
        candidates = self.text.typos(word, budget) + typo_matches(word, self.synonyms.words, budget)
        if not candidates:
            return concept
        nearest = min(distance for _, distance in candidates)
        factor = TYPO_1 if nearest == 1 else TYPO_2
        alternatives = {a.words: a for a in concept.alternatives}
        for candidate in dict.fromkeys(c for c, distance in candidates if distance == nearest):
            if (candidate,) not in alternatives:
                alternatives[(candidate,)] = Alternative((candidate,), factor, source=TYPED)
            for form, weight, related in self.synonyms.expansions((candidate,)) or ():
                if form not in alternatives:
                    source = RELATED_TO if related else SYNONYM_OF
                    alternatives[form] = Alternative(form, weight * factor, source=source)
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
        ranked: np.ndarray = (1 << _POSITION_BITS) - 1 - (key[::-1] & ((1 << _POSITION_BITS) - 1))
        return ranked

    def _match(self, index: TextIndex, concepts: Sequence[Concept]) -> Match:
        return index.match(concepts, required_matches(len(concepts)))

    def _languages(self, concepts: Sequence[Concept], order: np.ndarray) -> tuple[LanguageHit, ...]:
        hits = []
        for concept in concepts:
            for code in self.synonyms.languages(concept.words):
                mask = self.facets.language_mask(code)
                count = int(np.count_nonzero(mask[order])) if mask is not None and len(order) else 0
                available = int(np.count_nonzero(mask)) if mask is not None else 0
                hits.append(LanguageHit(code, concept.words, count, available))
        return tuple(hits)

    def search(self, q: str, selection: Selection) -> IndexHits:
        concepts = self.parse(q.strip()) if q else ()
        if not concepts:
            pool = self._all
            order = np.flatnonzero(self.facets.mask(selection))
            return IndexHits(order=order.tolist(), facets=self.facets.counts(pool, selection))
        asked = concepts
        match = self._match(self.text, concepts)
        # Words nothing on the map holds, left out to find the rest: named as "Niets gevonden voor".
        # A modifier left out ("pleeg" of "pleegouders") is not one of them: it may match alone.
        dropped: tuple[str, ...] = ()
        for keep in (
            # "pleegouders" finds nothing as "pleeg" + "ouders": it is a kind of "ouders"
            lambda concept, in_map: not concept.modifier,
            # "ouderavond organiseren": no material says "organiseren" (a word, not a typo: a
            # typo gets a "did you mean" instead), so search "ouderavond"
            lambda concept, in_map: in_map or not all(self.is_known(w) for w in concept.words),
        ):
            kept = [c for c, f in zip(concepts, match.found, strict=True) if keep(c, f)]
            if match.pool.any() or not kept or len(kept) == len(concepts):
                continue
            dropped += tuple(
                w
                for c, f in zip(concepts, match.found, strict=True)
                if c not in kept and not f
                for w in c.words
            )
            concepts = tuple(kept)
            match = self._match(self.text, concepts)
        pool = match.pool
        ids = np.flatnonzero(self.facets.mask(selection, pool))
        order = self._rank(ids, match.counts, match.scores)
        glossary = self._glossary(concepts)
        suggestion = None
        if not pool.any():
            suggestion = self.suggest(q)
            if not glossary:
                glossary = self._nearest_glossary(q)
        terms = match.surfaces or tuple(w for c in concepts for w in c.words)
        # Per concept: matched only through related words here, and named directly nowhere on the
        # map ("Geen bron noemt …"); or matched nowhere at all ("Niets gevonden voor …").
        states = list(zip(concepts, match.how, match.found, match.named, strict=True))
        return IndexHits(
            order=order.tolist(),
            facets=self.facets.counts(pool, selection),
            terms=terms,
            suggestion=suggestion,
            glossary=glossary,
            languages=self._languages(asked, order),
            related_only=tuple(w for c, h, _, n in states if h == RELATED_ONLY and not n for w in c.words),
            unmatched=dropped
            + tuple(w for c, h, f, _ in states if h == UNMATCHED and not f for w in c.words),
        )

    # --- glossary and "did you mean" -------------------------------------------------

    def _glossary(self, concepts: Sequence[Concept]) -> tuple[int, ...]:
        """Glossary terms for the query: by the typed words and their synonyms, not by related words."""
        if not self.glossary:
            return ()
        concepts = [
            Concept(c.words, tuple(a for a in c.alternatives if a.weight >= SYNONYM)) for c in concepts
        ]
        match = self._match(self.glossary_text, concepts)
        return tuple(self._rank(np.flatnonzero(match.pool), match.counts, match.scores).tolist())

    def _nearest_glossary(self, q: str) -> tuple[int, ...]:
        names: dict[str, int] = {}
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
        """A corrected query that finds something relevant, or None.

        Only words that are not known words are corrected, and the suggestion is
        offered only when every corrected word finds documents directly (by itself or
        a synonym, not only through related words) and the whole query finds some.
        """
        tokens = query_tokens(q)
        corrected = []
        for token in tokens:
            if is_stopword(token) or len(token) < 3 or self.is_known(token):
                corrected.append(token)
            else:
                corrected.append(self._correct(token) or token)
        if corrected == tokens:
            return None
        suggestion = " ".join(corrected)
        concepts = self.parse(suggestion)
        if not concepts:
            return None
        match = self._match(self.text, concepts)
        changed = {new for old, new in zip(tokens, corrected, strict=True) if old != new}
        if match.pool.any() and all(
            h == DIRECT for c, h in zip(concepts, match.how, strict=True) if changed & set(c.words)
        ):
            return suggestion
        return None
