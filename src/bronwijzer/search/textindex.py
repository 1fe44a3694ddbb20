"""Inverted index over one collection, built for speed with numpy.

Documents are integer ids ``0..n-1``. The vocabulary is sorted, so the words that
start with a prefix are one block of word ids, and their postings one slice. The
postings are stored CSR-style: ``offsets[w]:offsets[w + 1]`` indexes ``post_docs``
(int32 document ids, ascending) and ``post_fields`` (uint8 bit set of the fields
the word occurs in). A field bit set is turned into a weight by a 256-entry table,
so a word in the title and the summary weighs title + summary.

A query word expands (memoised) into word ids with score factors:

========================  =====  ==============================================
match                     score  how
========================  =====  ==============================================
exact                     1.0    the folded word is in the vocabulary
stem                      0.9    words sharing its Dutch or English Snowball stem
compound split            0.8    "sextingmisbruik" (not in the index): all of its parts
prefix (3+ letters)       0.7    the sorted-vocabulary block starting with it
compound part             0.6    "foto" finds "naaktfoto" (known head + word)
typo (1 edit / 2 edits)   0.5/.4 only for unknown words (below); the nearest only
partial compound          0.4    unknown word: its longest known head/tail
========================  =====  ==============================================

Typo tolerance is only for words that are not words: a word the index does not
hold but that ``is_known`` accepts (a real Dutch or English word, a synonym, a
language name, see :mod:`bronwijzer.search.lexicon`) is never matched as a typo
of another word ("pools" is not "tools"). Only the nearest corrections count (one
edit if there are any, else two).

A concept matches a document *directly* through its typed word(s) and their
synonyms; its score there is that of its best matching alternative (score factor
x the alternative's weight x the field weights of the word in that document).
Related ("also") alternatives add ``RELATED_BOOST`` x the sum of their scores: they
raise the ranking of what the query finds, and never widen what a word finds. A
word that finds nothing at all on the map is represented by its related words
("moslim" on a map that never names Muslims: the material for a migration
background), and when the whole query finds nothing, related words count as
matches too (query relaxation); ``match`` reports per concept how the results
matched it.
``match`` adds the concepts up, each weighted by a mild inverse document frequency
(1 + ln(n / df) / 2), and counts how many concepts each document matches.
"""

from __future__ import annotations

import copy
import itertools
import math
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

import numpy as np

from bronwijzer.search.analysis import (
    LINKS,
    MIN_PREFIX,
    index_text,
    is_indexed,
    known_head,
    known_tail,
    prefix_range,
    split_compound,
    stem_keys,
    typo_budget,
    typo_matches,
)
from bronwijzer.search.query import Alternative, Concept

#: How a concept matched the index: directly, only through related words, or not at all.
DIRECT, RELATED_ONLY, UNMATCHED = "direct", "related", "none"

EXACT, STEM, SPLIT, PREFIX, PART, TYPO_1, TYPO_2, PARTIAL = 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4
PHRASE = 0.95  # a phrase is matched as "all its words", not by position
MAX_TAILS = 100
MIN_TAIL = 4  # "foto" finds "naaktfoto"; "son" does not find "person"
MAX_TYPOS = 8
MAX_SURFACES = 12
RELATED_BOOST = 0.25  # share of the related words' scores added to a direct match
CHUNK = 4096
_SEPARATOR = "\x00"  # never in a text: index_text turns it into a space


def _no_word(word: str) -> bool:
    return False


R = TypeVar("R")


class WeakMethod(Generic[R]):
    """A bound method that does not keep its object alive (and pickles as the method).

    An index's caches and callbacks point back at the index through these, so an index holds
    no reference cycle: dropped, it is freed at once by reference counting, never by the cycle
    collector, and it may be frozen out of the collector's sight (``gc.freeze``, see
    :mod:`bronwijzer.search.engine`) without leaking when it is replaced.
    """

    __slots__ = ("_ref",)

    def __init__(self, method: Callable[..., R]):
        self._ref = weakref.WeakMethod(method)

    def __call__(self, *args: Any) -> R:
        method = self._ref()
        assert method is not None, "called after its index was freed"
        return method(*args)

    def __reduce__(self) -> tuple[Any, ...]:
        return (WeakMethod, (self._ref(),))


@dataclass(frozen=True)
class Expansion:
    groups: tuple[tuple[tuple[int, ...], float], ...]  # word ids, score
    ranges: tuple[tuple[int, int, float], ...]  # prefix blocks of word ids
    phrases: tuple[tuple[tuple[str, ...], float], ...]  # all words must match
    surfaces: tuple[str, ...]  # vocabulary words to highlight
    found: bool  # exact or stem match


@dataclass(frozen=True)
class Match:
    pool: np.ndarray  # bool per document: it matches the query
    counts: np.ndarray  # per document: how many concepts it matches (directly or through related words)
    scores: np.ndarray  # per document: its score
    surfaces: tuple[str, ...]  # the words the typed words matched, to highlight
    how: tuple[str, ...]  # per concept: DIRECT, RELATED_ONLY or UNMATCHED in the matching documents
    found: tuple[bool, ...]  # per concept: whether it matches any document at all (related words too)
    named: tuple[bool, ...]  # per concept: whether any document matches its own words or synonyms


def by_length(words: Iterable[str]) -> dict[int, list[str]]:
    """The words that are not numbers, by length (the candidates of a typo)."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in words:
        if not word.isdigit():
            by_length[len(word)].append(word)
    return dict(by_length)


class TextIndex:
    def __init__(
        self,
        n_docs: int,
        words: list[str],
        offsets: np.ndarray,
        post_docs: np.ndarray,
        post_fields: np.ndarray,
        field_weights: Sequence[float],
        language_mask: Callable[[str], np.ndarray | None] | None = None,
        language_weight: float = 0.0,
        is_known: Callable[[str], bool] | None = None,
        derived: tuple[dict[str, tuple[int, ...]], list[str], dict[int, list[str]]] | None = None,
    ):
        """``derived``: the stems, reversed words and words by length of ``words`` (a patch
        reuses them); computed when not given."""
        self.n = n_docs
        self.is_known = is_known or _no_word
        self.words = words
        self.word_id = {w: i for i, w in enumerate(words)}
        self.offsets = offsets
        self.post_docs = post_docs
        self.post_fields = post_fields
        self.df = np.diff(offsets)
        self.field_weights = tuple(field_weights)
        table = np.zeros(256, dtype=np.float32)
        for bits in range(256):
            table[bits] = sum(w for f, w in enumerate(field_weights) if bits >> f & 1)
        self.weights = table
        self.language_mask = language_mask
        self.language_weight = language_weight
        if derived is None:
            stems: dict[str, list[int]] = defaultdict(list)
            for i, word in enumerate(words):
                for key in stem_keys(word):
                    stems[key].append(i)
            derived = (
                {key: tuple(ids) for key, ids in stems.items()},
                sorted(w[::-1] for w in words),
                by_length(words),
            )
        self.stems, self.reversed, self.by_length = derived
        self.expand = lru_cache(maxsize=8192)(WeakMethod(self._expand))

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["expand"]  # the cache of a process's queries, not part of the index
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.expand = lru_cache(maxsize=8192)(WeakMethod(self._expand))

    # --- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, n_docs: int, fields: Sequence[tuple[float, Iterable[str]]], **kwargs: Any) -> TextIndex:
        """Index ``n_docs`` documents; each field gives its weight and, per document, its text.

        Texts are tokenised a chunk of documents at a time: the chunk's texts
        (see :func:`~bronwijzer.search.analysis.index_text`) are joined around a
        separator token and split at once, tokens become provisional word ids
        (a C-level dict lookup) and numpy does the rest: one (word, document)
        pair per word and document, with the bit set of the fields it occurs in.
        """
        ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        get = ids.__getitem__
        separator = get(_SEPARATOR)
        sources = [iter(texts) for _, texts in fields]
        chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, n_docs, CHUNK):
            size = min(CHUNK, n_docs - start)
            keys, bits = [], []
            for bit, source in enumerate(sources):
                joined = f" {_SEPARATOR} ".join(map(index_text, itertools.islice(source, size)))
                tokens = joined.split()
                word = np.fromiter(map(get, tokens), dtype=np.int64, count=len(tokens))
                is_separator = word == separator
                doc = np.cumsum(is_separator)
                word, doc = word[~is_separator], doc[~is_separator]
                keys.append(word * size + doc)
                bits.append(np.full(len(word), 1 << bit, dtype=np.uint8))
            key = np.concatenate(keys)
            bit_set = np.concatenate(bits)
            order = np.argsort(key, kind="stable")
            key, bit_set = key[order], bit_set[order]
            if len(key):
                first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
                bit_set = np.bitwise_or.reduceat(bit_set, first)
                key = key[first]
            chunks.append(((key // size).astype(np.int32), (key % size + start).astype(np.int32), bit_set))
        # Final word ids: the rank in the sorted vocabulary of indexed words (-1: not indexed).
        provisional = list(ids)
        indexed = sorted(w for w in provisional if w != _SEPARATOR and is_indexed(w))
        rank_of = {w: i for i, w in enumerate(indexed)}
        rank = np.array([rank_of.get(w, -1) for w in provisional], dtype=np.int32)
        words = [(w + " ")[:-1] for w in indexed]  # fresh copies, compact in memory
        counts = np.zeros(len(words), dtype=np.int64)
        for word, _, _ in chunks:
            ranked = rank[word]
            counts += np.bincount(ranked[ranked >= 0], minlength=len(words))
        offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        post_docs = np.empty(offsets[-1], dtype=np.int32)
        post_fields = np.empty(offsets[-1], dtype=np.uint8)
        cursor = offsets[:-1].copy()
        for word, doc, bit_set in chunks:  # counting sort, chunk by chunk: documents stay ascending
            ranked = rank[word]
            keep = ranked >= 0
            ranked, doc, bit_set = ranked[keep], doc[keep], bit_set[keep]
            order = np.argsort(ranked, kind="stable")
            ranked, doc, bit_set = ranked[order], doc[order], bit_set[order]
            within = np.arange(len(ranked)) - np.searchsorted(ranked, ranked, side="left")
            slots = cursor[ranked] + within
            post_docs[slots] = doc
            post_fields[slots] = bit_set
            cursor += np.bincount(ranked, minlength=len(words))
        return cls(n_docs, words, offsets, post_docs, post_fields, [w for w, _ in fields], **kwargs)

    def rebound(self, **kwargs: Any) -> TextIndex:
        """The same index for another owner: its callbacks (``is_known``, ``language_mask``) from
        ``kwargs``, its own empty cache of expansions; the arrays and words are shared."""
        twin = copy.copy(self)
        twin.__dict__.update(kwargs)
        twin.expand = lru_cache(maxsize=8192)(WeakMethod(twin._expand))
        return twin

    # --- words ------------------------------------------------------------------------

    def known(self, word: str) -> bool:
        """Whether the vocabulary has the word or a word with its Dutch stem."""
        return word in self.word_id or stem_keys(word)[0] in self.stems

    def _stem_ids(self, word: str) -> set[int]:
        found: set[int] = set()
        for key in stem_keys(word):
            found.update(self.stems.get(key, ()))
        return found

    def _with_stems(self, word: str) -> set[int]:
        ids = self._stem_ids(word)
        if word in self.word_id:
            ids.add(self.word_id[word])
        return ids

    def _tails(self, word: str) -> list[int]:
        """Compounds ending in ``word`` whose first part is a known word ("naaktfoto" for "foto")."""
        low, high = prefix_range(self.reversed, word[::-1])
        found = []
        for reversed_word in self.reversed[low : min(high, low + 4 * MAX_TAILS)]:
            compound = reversed_word[::-1]
            head = compound[: -len(word)]
            if len(head) < MIN_PREFIX:
                continue
            for link in LINKS:
                if (not link or head.endswith(link)) and head[: len(head) - len(link)] in self.word_id:
                    found.append(self.word_id[compound])
                    break
            if len(found) >= MAX_TAILS:
                break
        return found

    def typos(self, word: str, budget: int) -> list[tuple[str, int]]:
        """Vocabulary words within ``budget`` edits of ``word``, nearest and most frequent first."""
        choices = [
            w for n in range(len(word) - budget, len(word) + budget + 1) for w in self.by_length.get(n, ())
        ]
        found = typo_matches(word, choices, budget)
        return sorted(found, key=lambda x: (x[1], -int(self.df[self.word_id[x[0]]])))

    def _expand(self, word: str, typed: bool) -> Expansion:
        groups: list[tuple[tuple[int, ...], float]] = []
        ranges: list[tuple[int, int, float]] = []
        phrases: list[tuple[tuple[str, ...], float]] = []
        surfaces: list[str] = []
        exact = self.word_id.get(word)
        if exact is not None:
            groups.append(((exact,), EXACT))
            surfaces.append(word)
        stems = self._stem_ids(word) - {exact}
        if stems:
            groups.append((tuple(sorted(stems)), STEM))
            surfaces.extend(self.words[i] for i in sorted(stems, key=lambda i: -self.df[i]))
        found = exact is not None or bool(stems)
        if len(word) >= MIN_TAIL:
            tails = self._tails(word)
            if tails:
                groups.append((tuple(tails), PART))
                surfaces.extend(self.words[i] for i in tails)
        if typed:
            if len(word) >= MIN_PREFIX and not word.isdigit():
                low, high = prefix_range(self.words, word)
                if exact == low:  # the word itself sorts first in its block; it is matched above
                    low += 1
                if high > low:
                    ranges.append((low, high, PREFIX))
                    surfaces.append(word)
            split = split_compound(word, self.known) if len(word) >= 6 and not found else None
            if split:
                phrases.append((split, SPLIT))
                surfaces.extend(split)
            if not found and not self.is_known(word):
                typos = self.typos(word, typo_budget(word))
                typos = [t for t in typos if t[1] == typos[0][1]][:MAX_TYPOS]  # the nearest only
                for candidate, distance in typos:
                    groups.append(
                        (tuple(sorted(self._with_stems(candidate))), TYPO_1 if distance == 1 else TYPO_2)
                    )
                    surfaces.append(candidate)
                if not typos and not split and len(word) >= 8:
                    for part in {known_head(word, self.word_id.__contains__), known_tail(word, self.known)}:
                        if part:
                            groups.append((tuple(sorted(self._with_stems(part))), PARTIAL))
                            surfaces.append(part)
        unique = tuple(dict.fromkeys(surfaces))[:MAX_SURFACES]
        return Expansion(tuple(groups), tuple(ranges), tuple(phrases), unique, found)

    # --- scoring ----------------------------------------------------------------------

    def _scatter(self, out: np.ndarray, word_ids: Sequence[int], score: float) -> None:
        """``out = max(out, score x field weight)`` over the postings of ``word_ids``."""
        if len(word_ids) == 1:
            low, high = self.offsets[word_ids[0]], self.offsets[word_ids[0] + 1]
            docs = self.post_docs[low:high]
            out[docs] = np.maximum(out[docs], self.weights[self.post_fields[low:high]] * score)
            return
        slices = [slice(self.offsets[i], self.offsets[i + 1]) for i in word_ids]
        docs = np.concatenate([self.post_docs[s] for s in slices])
        fields = np.concatenate([self.post_fields[s] for s in slices])
        np.maximum.at(out, docs, self.weights[fields] * score)

    def _scatter_range(self, out: np.ndarray, low: int, high: int, score: float) -> None:
        start, end = self.offsets[low], self.offsets[high]
        np.maximum.at(out, self.post_docs[start:end], self.weights[self.post_fields[start:end]] * score)

    def _word(self, out: np.ndarray, word: str, typed: bool, factor: float, memo: dict) -> Expansion:
        expansion = self.expand(word, typed)
        for ids, score in expansion.groups:
            self._scatter(out, ids, score * factor)
        for low, high, score in expansion.ranges:
            self._scatter_range(out, low, high, score * factor)
        for words, score in expansion.phrases:
            np.maximum(out, self._phrase(words, memo) * (score * factor), out=out)
        return expansion

    def _phrase(self, words: Sequence[str], memo: dict) -> np.ndarray:
        """Per document, the weakest of the words' scores (0 unless every word occurs).

        ``memo`` keeps each word's scores for the rest of one search: synonym
        phrases share words ("sexting misbruik", "shame sexting").
        """
        result = None
        for word in words:
            scores = memo.get(word)
            if scores is None:
                scores = memo[word] = np.zeros(self.n, dtype=np.float32)
                self._word(scores, word, False, 1.0, memo)
            result = scores.copy() if result is None else np.minimum(result, scores, out=result)
            if not result.any():
                break
        return result if result is not None else np.zeros(self.n, dtype=np.float32)

    def _alternative(
        self, out: np.ndarray, alternative: Alternative, surfaces: list[str] | None, memo: dict
    ) -> None:
        code = alternative.language
        if code is not None:
            mask = self.language_mask(code) if self.language_mask else None
            if mask is not None:
                np.maximum(out, mask * np.float32(self.language_weight * alternative.weight), out=out)
        elif len(alternative.words) == 1:
            expansion = self._word(out, alternative.words[0], alternative.typed, alternative.weight, memo)
            if surfaces is not None:
                surfaces.extend(expansion.surfaces)
        else:
            phrase = self._phrase(alternative.words, memo)
            if phrase.any():
                np.maximum(out, phrase * (PHRASE * alternative.weight), out=out)
                if surfaces is not None:
                    surfaces.extend(alternative.words)

    def concept_scores(
        self, concept: Concept, surfaces: list[str], memo: dict | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Per document, the concept's direct score and its related words' score (None: it has none).

        Direct: the best of the typed word(s) and synonyms. Related: the sum of the
        related words' scores. ``surfaces`` gets the words the typed word(s) matched.
        """
        memo = {} if memo is None else memo
        direct = np.zeros(self.n, dtype=np.float32)
        related = None
        for alternative in concept.alternatives:
            if alternative.related:
                scores = np.zeros(self.n, dtype=np.float32)
                self._alternative(scores, alternative, None, memo)
                related = scores if related is None else np.add(related, scores, out=related)
            else:
                self._alternative(direct, alternative, surfaces if alternative.own else None, memo)
        return direct, related

    def match(self, concepts: Sequence[Concept], required: int | None = None) -> Match:
        """Which documents match, how many concepts each matches and its score, and more (:class:`Match`).

        A concept matches the documents its typed words or synonyms match (a
        concept that matches no document at all that way: those its related words
        match); a document matches the query when it matches ``required`` concepts
        (default: all). Only when no document does, the related words count as
        matches too (the query is widened). Otherwise they only raise the ranking:
        a concept a document matches through related words counts in its rank, not
        in whether it matches. A concept's score is its direct score plus
        ``RELATED_BOOST`` x its related score.
        """
        required = len(concepts) if required is None else required
        surfaces: list[str] = []
        memo: dict[str, np.ndarray] = {}
        scored = [self.concept_scores(concept, surfaces, memo) for concept in concepts]
        direct_counts = np.zeros(self.n, dtype=np.int16)
        for direct, related in scored:
            # a concept nothing matches directly is represented by its related words
            direct_counts += direct > 0 if direct.any() or related is None else related > 0
        pool = direct_counts >= required
        widened = not pool.any() and any(r is not None for _, r in scored)
        counts = np.zeros(self.n, dtype=np.int16)
        total = np.zeros(self.n, dtype=np.float32)
        hits = []
        for direct, related in scored:
            hit, score = direct > 0, direct
            if related is not None:
                hit = hit | (related > 0)
                score = direct + related * np.float32(RELATED_BOOST)
            counts += hit
            df = int(np.count_nonzero(hit))
            if df:
                total += score * np.float32(1 + 0.5 * math.log(self.n / df))
            hits.append(hit)
        if widened:
            pool = counts >= required
        how = []
        for (direct, _), hit in zip(scored, hits, strict=True):
            if np.any(pool & (direct > 0)):
                how.append(DIRECT)
            elif np.any(pool & hit):
                how.append(RELATED_ONLY)
            else:
                how.append(UNMATCHED)
        found = tuple(bool(hit.any()) for hit in hits)
        named = tuple(bool(direct.any()) for direct, _ in scored)
        return Match(pool, counts, total, tuple(dict.fromkeys(surfaces)), tuple(how), found, named)
