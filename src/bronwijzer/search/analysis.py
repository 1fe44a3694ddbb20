"""Dutch-first text analysis: pure functions shared by the index, the query parser and highlighting.

- :func:`fold` lowercases and drops diacritics ("Privé" -> "prive", "Oekraïens" -> "oekraiens").
- :func:`index_terms` gives the set of words a text is indexed under: tokens split on
  anything that is not a letter or digit, without stopwords and single letters, plus
  the joined form of hyphenated compounds ("e-learning" -> "e", "learning" and
  "elearning"); "naaktfoto's" is "naaktfoto". Bulk indexing uses the same
  :func:`index_text` and :func:`is_indexed`.
- :func:`query_tokens` gives the words of a query in order; a hyphenated word stays one
  token in its joined form ("e-learning" -> "elearning"), stopwords are kept (the
  query parser needs them to recognise phrases and drops them afterwards).
- :func:`stem_nl` / :func:`stem_en`: Snowball stems, memoised. The index matches a word
  by either stem ("sexten" and "sexting" share the Dutch stem "sext"), among words
  that start with the same three letters (:func:`stem_keys`).
- :func:`split_compound`, :func:`known_head`, :func:`known_tail`: compound words
  against a vocabulary ("sextingmisbruik" -> "sexting" + "misbruik",
  "vluchtelingenachtergrond" -> "vluchteling" + "en" + "achtergrond").
- :func:`prefix_range`: the block of a sorted vocabulary that starts with a prefix.
- :func:`typo_budget` / :func:`typo_matches`: typo tolerance; optimal string alignment
  distance (a swap of two neighbouring letters counts as one edit), 1 edit for words
  of 5+ letters, 2 for 8+.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

#: Words a query is not about. Dutch first (the brief's list and the common function
#: words of the Snowball list), then English. Not indexed either.
_STOPWORD_LINES = (
    # Dutch
    "de het een en van voor met op in iets over hoe wat mijn je jij jou ik is te dat die dit deze er aan",
    "als om of maar dan zo door ze zij zich bij ook tot uit naar nog wel al u uw hun ons onze we wij",
    "zijn was waren worden wordt werd kan kunnen kun moet moeten heb hebt heeft hebben had ben bent",
    "zou zal wil wie waar waarom welke welk hier daar toch toen nu men mij me hem haar der den des na",
    "ja nee niet geen elke alle alles doen gaat gaan zonder tegen onder tussen tijdens sinds weer",
    "alleen veel meer erg heel echt even graag zoek zoeken gezocht nodig iemand mag",
    # English
    "a an the of for to and or on at by about what is are how my i it its this that be do does can",
    "from as me you your we our they their who which when where why not no",
)
STOPWORDS: frozenset[str] = frozenset(word for line in _STOPWORD_LINES for word in line.split())

# Punctuation and symbols that separate words (ASCII fast path of the tokeniser).
_SEPARATORS = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x00"})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHE_S = re.compile(r"(?<=[^\W_])['’`]s\b")
_APOSTROPHE = re.compile(r"(?<=[^\W_])['’`](?=[^\W_])")
_HYPHENATED = re.compile(r"\b[^\W\d_]++(?:-[^\W\d_]++)+")
_QUERY_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def fold(text: str) -> str:
    """Lowercase without diacritics: NFKD, combining marks dropped, casefolded."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


_NON_WORD = re.compile(r"[\W_]+")


def is_indexed(word: str) -> bool:
    """Whether a token is indexed: not a stopword, not a single letter."""
    return (len(word) > 1 or word.isdigit()) and word not in STOPWORDS


def index_text(text: str) -> str:
    """The text folded, with every separator a space, plus the joined form of its hyphenated words.

    ``index_text(t).split()`` are the tokens of ``t``; :func:`index_terms` keeps the
    indexed ones. Bulk indexing splits many of these at once.
    """
    if not text:
        return ""
    folded = fold(text)
    if "'" in folded or not folded.isascii():
        folded = _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", folded))
    spaced = folded.translate(_SEPARATORS) if folded.isascii() else _NON_WORD.sub(" ", folded)
    if "-" in folded:
        spaced += " " + " ".join(m.replace("-", "") for m in _HYPHENATED.findall(folded))
    return spaced


def index_terms(text: str) -> set[str]:
    """The words a text is indexed under (see the module docstring)."""
    return {word for word in set(index_text(text).split()) if is_indexed(word)}


def query_tokens(text: str) -> list[str]:
    """The words of a query, in order, stopwords included; hyphenated words joined."""
    folded = _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", fold(text or "")))
    tokens = []
    for match in _QUERY_WORD.findall(folded):
        word = match.replace("-", "")
        if len(word) > 1 or word.isdigit():
            tokens.append(word)
    return tokens


def is_stopword(word: str) -> bool:
    return word in STOPWORDS


# --- stemming -------------------------------------------------------------------------

_stemmers = {"nl": snowballstemmer.stemmer("dutch"), "en": snowballstemmer.stemmer("english")}
_stem_lock = threading.Lock()  # Snowball stemmer objects keep state while stemming


@lru_cache(maxsize=200_000)
def stem_nl(word: str) -> str:
    """The Dutch Snowball stem ("doorgestuurd" -> "doorstuur")."""
    with _stem_lock:
        return str(_stemmers["nl"].stemWord(word))


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    """The English Snowball stem ("parents" -> "parent")."""
    with _stem_lock:
        return str(_stemmers["en"].stemWord(word))


def stem_keys(word: str) -> tuple[str, str]:
    """The keys a word is matched by: its Dutch and its English stem, kept apart.

    A key also holds the word's first three letters: words only match by stem when
    they start alike. Dutch Snowball strips "ge-", which joins participles
    ("doorgestuurd", "doorsturen") but also "gezin" with "zin" and "geweld" with
    "wel"; the prefix keeps the first and stops the others.
    """
    start = word[:3]
    return f"nl:{start}:{stem_nl(word)}", f"en:{start}:{stem_en(word)}"


# --- compounds ------------------------------------------------------------------------

#: Linking sounds between the parts of a Dutch compound (tussenklanken).
LINKS: tuple[str, ...] = ("", "s", "en", "e")


def split_compound(word: str, known: Callable[[str], bool], min_part: int = 3) -> tuple[str, str] | None:
    """Split ``word`` into two known words, allowing a linking s/e/en; the most balanced split wins.

    >>> split_compound("sextingmisbruik", {"sexting", "misbruik"}.__contains__)
    ('sexting', 'misbruik')
    """
    best: tuple[int, int, str, str] | None = None
    for i in range(min_part, len(word) - min_part + 1):
        tail = word[i:]
        if not known(tail):
            continue
        head_with_link = word[:i]
        for link in LINKS:
            if link and not head_with_link.endswith(link):
                continue
            head = head_with_link[: len(head_with_link) - len(link)]
            if len(head) >= min_part and known(head):
                rank = (min(len(head), len(tail)), -len(link), head, tail)
                if best is None or rank[:2] > best[:2]:
                    best = rank
    return (best[2], best[3]) if best else None


def known_head(word: str, known: Callable[[str], bool], min_part: int = 4) -> str | None:
    """The longest known word ``word`` starts with, leaving at least ``min_part`` letters."""
    for i in range(len(word) - min_part, min_part - 1, -1):
        head = word[:i]
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)]
            if len(stem) >= min_part and known(stem):
                return stem
    return None


def known_tail(word: str, known: Callable[[str], bool], min_part: int = 4) -> str | None:
    """The longest known word ``word`` ends with, leaving at least ``min_part`` letters."""
    for i in range(min_part, len(word) - min_part + 1):
        if known(word[i:]):
            return word[i:]
    return None


# --- prefixes and typos ---------------------------------------------------------------

MIN_PREFIX = 3


def prefix_range(sorted_words: Sequence[str], prefix: str) -> tuple[int, int]:
    """The half-open index range of the words in ``sorted_words`` that start with ``prefix``."""
    low = bisect_left(sorted_words, prefix)
    high = bisect_left(sorted_words, prefix + "\U0010ffff", lo=low)
    return low, high


def typo_budget(word: str) -> int:
    """How many edits a query word may be off: 0 below 5 letters, 1 from 5, 2 from 8."""
    if word.isdigit():
        return 0
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def typo_matches(word: str, choices: Iterable[str], max_distance: int) -> list[tuple[str, int]]:
    """Choices within ``max_distance`` edits (optimal string alignment), nearest first."""
    if max_distance <= 0:
        return []
    found = process.extract(
        word,
        choices,
        scorer=OSA.distance,  # type: ignore[arg-type]  # rapidfuzz's overloads miss its own _Scorer type
        score_cutoff=max_distance,
        limit=None,
    )
    return sorted(((choice, int(dist)) for choice, dist, _ in found if choice != word), key=lambda x: x[1])


def required_matches(concepts: int) -> int:
    """Minimum should match: how many of a query's concepts a result must match.

    All of them for one or two concepts, all but one for three or four, and 60%
    (rounded up) for five or more, so long natural questions still find results.
    """
    if concepts <= 2:
        return concepts
    if concepts <= 4:
        return concepts - 1
    return -(-concepts * 3 // 5)
