"""A query as concepts: what the user asks for, each with the ways a document can match it.

The words of a query, after stopwords, become *concepts*. A run of words that is a
synonym phrase ("sexting misbruik", "middelbare school") is one concept; two
neighbouring words whose joined form is a known word ("ouder avond" ->
"ouderavond", "escape room" -> "escaperoom") become one concept too. Each concept
has alternatives with a score factor: the typed word(s) (1.0, the only ones that
also get prefix, typo and compound matching), their synonyms (0.8) and the
one-way related words of the synonym file (0.6).
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


@dataclass(frozen=True)
class Alternative:
    words: Form
    weight: float = 1.0
    typed: bool = False

    @property
    def language(self) -> str | None:
        return language_of(self.words)


@dataclass(frozen=True)
class Concept:
    words: tuple[str, ...]  # the typed words this concept stands for
    alternatives: tuple[Alternative, ...]


def _concept(words: Form, synonyms: Synonyms, extra: tuple[Alternative, ...] = ()) -> Concept:
    alternatives = [Alternative(words, 1.0, typed=True), *extra]
    for form, weight in synonyms.expansions(words) or ():
        if all(a.words != form for a in alternatives):
            alternatives.append(Alternative(form, weight))
    return Concept(words, tuple(alternatives))


def parse_query(
    q: str, synonyms: Synonyms, known: Callable[[str], bool] = lambda word: False
) -> list[Concept]:
    """Split a query into concepts (see the module docstring).

    ``known`` tells whether the index knows a word; it decides whether two
    neighbouring words are one compound.
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
                    merged = _concept((joined,), synonyms, (Alternative(pair, SPLIT_PAIR),))
                    concepts.append(Concept(pair, merged.alternatives))
                    k += 2
                    continue
        concepts.append(concept)
        k += 1
    return concepts
