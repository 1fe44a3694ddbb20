"""A text index brought up to date with a few documents changed, instead of built anew.

:func:`text_index_patched` takes the postings of the documents that went out of
a :class:`~bronwijzer.search.textindex.TextIndex` and puts in those of an index
built over the documents that came in, keeping every word's postings in document
order; the vocabulary, the stems and the other word lists follow. The result is the
index :meth:`TextIndex.build <bronwijzer.search.textindex.TextIndex.build>` makes of
the new collection (``tests/search/test_index_patch.py`` holds them equal), in a
fraction of the time: numpy over the postings, Python only over the vocabulary.
"""

from __future__ import annotations

import bisect
import heapq
from typing import Any

import numpy as np

from bronwijzer.search.analysis import stem_keys
from bronwijzer.search.textindex import TextIndex, by_length


def text_index_patched(
    index: TextIndex,
    kept: np.ndarray,
    moved_to: np.ndarray,
    added: TextIndex,
    added_ids: np.ndarray,
    **kwargs: Any,
) -> TextIndex:
    """``index`` with documents taken out and others put in: the text index
    :meth:`TextIndex.build` makes of the new collection (the same words, postings and fields),
    in a fraction of its time. ``index`` itself is not changed.

    ``kept``: per document of ``index``, whether it stays; ``moved_to``: the id each one
    that stays has in the new collection (in the same order: ids only move up or down).
    ``added``: an index built over the documents put in, in their new order, with the same
    fields; ``added_ids``: their ids in the new collection, ascending. The new collection
    has ``len(kept_ones) + added.n`` documents. ``kwargs`` as for the constructor.
    """
    n_docs = int(np.count_nonzero(kept)) + added.n
    keep = kept[index.post_docs]
    docs = moved_to[index.post_docs[keep]].astype(np.int32)  # ascending within each word
    fields = index.post_fields[keep]
    kept_per_word = (
        np.add.reduceat(keep, index.offsets[:-1], dtype=np.int64) if index.words else np.zeros(0, np.int64)
    )
    del keep
    alive = kept_per_word > 0
    # words of no document any more, and words ``index`` did not have
    dead = [w for w, a in zip(index.words, alive.tolist(), strict=True) if not a and w not in added.word_id]
    new = [w for w in added.words if w not in index.word_id]
    if dead or new:
        gone = set(dead)
        words = list(heapq.merge((w for w in index.words if w not in gone), new))
    else:
        words = index.words
    rank = {w: i for i, w in enumerate(words)} if words is not index.words else index.word_id
    old_rank = np.array([rank.get(w, -1) for w in index.words], dtype=np.int64)
    kept_counts = np.zeros(len(words), dtype=np.int64)
    kept_counts[old_rank[alive]] = kept_per_word[alive]
    kept_start = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(kept_counts, out=kept_start[1:])
    # where each posting of the added documents goes among the kept ones: after the kept postings
    # of the words before its word, and among its word's postings by document
    add_docs = added_ids[added.post_docs].astype(np.int32)
    add_rank = np.array([rank[w] for w in added.words], dtype=np.int64)
    at = np.empty(len(add_docs), dtype=np.int64)
    for j, r in enumerate(add_rank.tolist()):
        low, high = added.offsets[j], added.offsets[j + 1]
        start, end = kept_start[r], kept_start[r + 1]
        at[low:high] = start + np.searchsorted(docs[start:end], add_docs[low:high])
    post_docs = np.insert(docs, at, add_docs)
    post_fields = np.insert(fields, at, added.post_fields)
    del docs, fields
    counts = kept_counts + np.bincount(np.repeat(add_rank, added.df), minlength=len(words))
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    derived = (
        (index.stems, index.reversed, index.by_length)
        if words is index.words
        else _derived(index, words, old_rank, dead, new)
    )
    return TextIndex(
        n_docs, words, offsets, post_docs, post_fields, index.field_weights, derived=derived, **kwargs
    )


def _derived(
    index: TextIndex, words: list[str], old_rank: np.ndarray, dead: list[str], new: list[str]
) -> tuple[dict[str, tuple[int, ...]], list[str], dict[int, list[str]]]:
    """The stems, reversed words and words by length of ``words``, from those of ``index``: the words
    of ``dead`` gone, those of ``new`` come in, every word id renumbered by ``old_rank``."""
    ranks = old_rank.tolist()
    stems: dict[str, list[int]] = {}
    for key, ids in index.stems.items():
        moved = [ranks[i] for i in ids if ranks[i] >= 0]
        if moved:
            stems[key] = moved
    rank = {w: i for i, w in enumerate(words)}
    touched = set()
    for word in new:
        for key in stem_keys(word):
            stems.setdefault(key, []).append(rank[word])
            touched.add(key)
    for key in touched:
        stems[key].sort()
    reversed_words = list(index.reversed)
    for word in dead:
        del reversed_words[bisect.bisect_left(reversed_words, word[::-1])]
    for word in new:
        bisect.insort(reversed_words, word[::-1])
    return {k: tuple(v) for k, v in stems.items()}, reversed_words, by_length(words)
