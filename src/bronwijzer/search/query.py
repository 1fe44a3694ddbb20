"""A query as concepts: what the user asks for, each with the ways a document can match it.

The words of a query, after stopwords, become *concepts*. A run of words that is a
synonym phrase ("sexting misbruik", "middelbare school") is one concept; two
neighbouring words whose joined form is a known word ("ouder avond" ->
"ouderavond", "escape room" -> "escaperoom") become one concept too. The other way
round, a word the index does not hold that is made of two known words
("moslimouders", "weerbaarheidstraining") becomes the two concepts of its parts, as if
typed apart (the caller's ``split`` decides); the first part is marked as a modifier.

Each concept has alternatives with a score factor and a source: the typed word(s)
(1.0, the only ones that also get prefix, typo and compound matching), their synonyms
(0.8) and the one-way related words of the synonym file (0.6, source "related": they
raise the ranking of what the others find, see :mod:`bronwijzer.search.textindex`).
Only what the typed words match is highlighted (source "typed").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bronwijzer.search.analysis import is_stopword, query_tokens
from bronwijzer.search.synonyms import Form, Synonyms, language_of

#: The longest search text the site, the API and the exports take.
Q_MAX_LENGTH = 200


def search_words(text: str) -> str:
    """Search words as typed into a search box: spaces collapsed, at most Q_MAX_LENGTH characters."""
    return " ".join((text or "").split())[:Q_MAX_LENGTH]


#: Score factor of a phrase alternative made of a joined pair's two words.
SPLIT_PAIR = 0.9


#: Where an alternative comes from: the typed words, a synonym, or a related ("also") word.
TYPED, SYNONYM_OF, RELATED_TO = "typed", "synonym", "related"


@dataclass(frozen=True)
class Alternative:
    words: Form
    weight: float = 1.0
    typed: bool = False  # matched as typed: prefixes, typos (of unknown words), compound parts
    source: str = SYNONYM_OF

    @property
    def language(self) -> str | None:
        return language_of(self.words)

    @property
    def related(self) -> bool:
        return self.source == RELATED_TO

    @property
    def own(self) -> bool:
        """Whether it is (a form of) what was typed: only these are highlighted."""
        return self.source == TYPED


@dataclass(frozen=True)
class Concept:
    words: tuple[str, ...]  # the typed words this concept stands for
    alternatives: tuple[Alternative, ...]
    #: the first part of a split compound ("pleeg" of "pleegouders"): a Dutch compound is
    #: a kind of its last part, so a search that finds nothing may leave this part out
    modifier: bool = False


def _concept(words: Form, synonyms: Synonyms, extra: tuple[Alternative, ...] = ()) -> Concept:
    alternatives = [Alternative(words, 1.0, typed=True, source=TYPED), *extra]
    for form, weight, related in synonyms.expansions(words) or ():
        if all(a.words != form for a in alternatives):
            alternatives.append(Alternative(form, weight, source=RELATED_TO if related else SYNONYM_OF))
    return Concept(words, tuple(alternatives))


def parse_query(
    q: str,
    synonyms: Synonyms,
    known: Callable[[str], bool] = lambda word: False,
    split: Callable[[str], tuple[str, str] | None] = lambda word: None,
) -> list[Concept]:
    """Split a query into concepts (see the module docstring).

    ``known`` tells whether the index knows a word; it decides whether two
    neighbouring words are one compound. ``split`` gives the two parts of a typed
    word that is to be searched as two words, or None.
    """
    tokens = query_tokens(q)
    spans: list[tuple[int, int, Concept]] = []
    i = 0
    while i < len(tokens):
        step = 1
        for length in range(min(synonyms.max_words, len(tokens) - i), 0, -1):
            window = tuple(tokens[i : i + length])
            if all(is_stopword(t) for t in window) or is_stopword(window[0]) or is_stopword(window[-1]):
                continue
            if synonyms.is_form(window):
                spans.append((i, i + length, _concept(window, synonyms)))
                step = length
                break
        else:
            if not is_stopword(tokens[i]):
                spans.append((i, i + 1, _concept((tokens[i],), synonyms)))
        i += step

    concepts: list[Concept] = []
    k = 0
    while k < len(spans):
        _, end, concept = spans[k]
        if k + 1 < len(spans) and len(concept.words) == 1:
            next_start, _, following = spans[k + 1]
            if next_start == end and len(following.words) == 1:
                joined = concept.words[0] + following.words[0]
                if known(joined) or synonyms.is_form((joined,)):
                    pair = (concept.words[0], following.words[0])
                    merged = _concept((joined,), synonyms, (Alternative(pair, SPLIT_PAIR, source=TYPED),))
                    concepts.append(Concept(pair, merged.alternatives))
                    k += 2
                    continue
        parts = split(concept.words[0]) if len(concept.words) == 1 else None
        if parts:
            head, tail = (_concept((part,), synonyms) for part in parts)
            concepts.extend((Concept(head.words, head.alternatives, modifier=True), tail))
        else:
            concepts.append(concept)
        k += 1
    return concepts
