"""Which words are real words: the Dutch and English word lists that search checks a query word against.

A query word the map does not contain may still be a real word ("pools", "tante",
"nepnaakt"). Search must then neither "correct" it into a word of the map ("tools",
"wants", "meemaakt") nor offer it as a "did you mean". The word lists are those that
ship with pyspellchecker (MIT licence): Dutch (about 340,000 words, OpenTaal-based, with
inflections) and English (about 160,000 words), read from the installed package; no
network.

To keep every server process small, the words are held as a sorted array of their
64-bit hashes (about 4 MB for both lists) rather than as Python strings (about 40 MB):
a lookup hashes the folded word and bisects. Python's ``hash`` of a string is stable
within a process, which is all the array needs; a false positive (two words with the
same 64-bit hash) is vanishingly rare and would only make a non-word count as a word.
Each list is read once per process, when a query first has a word that the map,
the synonym list and the labels do not have (so pages, and searches for the map's
own words, never wait for it; the first such search takes about half a second more).
"""

from __future__ import annotations

import gzip
import json
import threading
from importlib.resources import files

import numpy as np

from bronwijzer.search.analysis import fold

#: The word lists, by pyspellchecker language code.
LANGUAGES: tuple[str, ...] = ("nl", "en")


def _words(language: str) -> list[str]:
    """The folded words of pyspellchecker's word list for ``language``.

    Read from the package's data file ({word: frequency}, gzipped JSON) rather than
    through ``SpellChecker``, which also builds what spelling correction needs: this
    takes half the time and memory, and only membership is needed here.
    """
    data = (files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
    return [word for word in map(fold, json.loads(gzip.decompress(data))) if word.isalpha()]


class Lexicon:
    """Membership in the word lists of :data:`LANGUAGES` (folded words, by hash)."""

    def __init__(self, languages: tuple[str, ...] = LANGUAGES):
        self._languages = languages
        self._lock = threading.Lock()
        self._hashes: dict[str, np.ndarray] = {}

    def _table(self, language: str) -> np.ndarray:
        table = self._hashes.get(language)
        if table is None:
            with self._lock:
                table = self._hashes.get(language)
                if table is None:
                    words = _words(language)
                    hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
                    table = self._hashes[language] = np.unique(hashes)
        return table

    def is_word(self, word: str, language: str | None = None) -> bool:
        """Whether the folded ``word`` is in the word list of ``language`` (default: any of them)."""
        key = np.int64(hash(word))
        for code in (language,) if language else self._languages:
            table = self._table(code)
            i = int(np.searchsorted(table, key))
            if i < len(table) and table[i] == key:
                return True
        return False


_lexicon = Lexicon()


def lexicon() -> Lexicon:
    """The process-wide word lists."""
    return _lexicon
