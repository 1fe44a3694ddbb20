"""Mark the search words in a text: escaped HTML with ``<mark>`` around matching words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString

from bronwijzer.lib.richtext import html_sanitised
from bronwijzer.search.analysis import MIN_PREFIX, fold

# A word, possibly hyphenated or with an apostrophe ("e-learning", "foto's").
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_JOINERS = re.compile(r"[-'’]")


def _matches(word: str, terms: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    folded = fold(word)
    return folded in terms or folded.startswith(prefixes)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` escaped, each word whose folded form is a term or starts with one in ``<mark>``.

    A hyphenated word is marked whole when its joined form is a term ("e-learning"
    for "elearning"), otherwise its matching parts ("Privé" in "Privé-informatie").
    Words never match in the middle: "les" marks "lessen" but not "voorlichtingsles".
    Terms shorter than three letters only mark whole words.
    """
    text = str(text or "")
    wanted = frozenset(fold(t) for t in terms if t)
    if not text or not wanted:
        return escape(text)
    prefixes = tuple(t for t in wanted if len(t) >= MIN_PREFIX)
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        joined = fold(_JOINERS.sub("", word))
        parts = [
            (match.start() + part.start(), match.start() + part.end())
            for part in _PART.finditer(word)
            if _matches(part.group(), wanted, prefixes)
        ]
        whole = joined in wanted or (not parts and joined.startswith(prefixes))
        spans = [match.span()] if whole else parts
        for start, end in spans:
            out.append(escape(text[last:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            last = end
    out.append(escape(text[last:]))
    return html_sanitised("".join(out))
