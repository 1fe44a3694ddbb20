"""Soft hyphens in long words, so that a heading breaks a long word where the language does.

A page asks the browser to hyphenate (``hyphens: auto``), but a browser without hyphenation rules
for the language (Debian's Chromium, and others that never downloaded them) cannot, and breaks a
word that does not fit its line anywhere, without a hyphen: at 320 px a title's
"levensbeschouwelijke" came out as "levensbeschou" over "welijke". A soft hyphen (U+00AD) is a
break that every browser knows: invisible unless the line breaks there, when it shows as "-".
Search, copying and screen readers pass over it. The break points come from the hyphenation
patterns WeasyPrint uses (Pyphen, LibreOffice's dictionaries).
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
#: Shorter words fit a heading's line at 320 px, and are left whole: given break points, a browser
#: hyphenates greedily ("Het Mediage-sprek"), where the word would fit on the next line alone.
LONG_WORD = 15
#: At least this many letters stay together at either end of a word ("le-" is not a break).
KEEP = 3
_WORD = re.compile(rf"[^\W\d_]{{{LONG_WORD},}}")


@cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    language = pyphen.language_fallback(lang.replace("-", "_"))
    return pyphen.Pyphen(lang=language, left=KEEP, right=KEEP) if language else None


def hyphens_soft(text: str, lang: str) -> str:
    """``text`` with a soft hyphen at each break point of its long words in language ``lang`` (an
    ISO code such as "nl"); unchanged for a language without hyphenation patterns."""
    dictionary = _dictionary(lang)
    if dictionary is None or not text:
        return text
    return _WORD.sub(lambda word: dictionary.inserted(word[0], hyphen=SOFT_HYPHEN), text)
