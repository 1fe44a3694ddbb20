"""ISO 639-1 language codes and their names in Dutch and English (from Babel's CLDR data)."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _names(locale: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(locale).languages.items() if len(code) == 2}


@cache
def iso639_1_codes() -> frozenset[str]:
    """Two-letter codes that CLDR names in both Dutch and English."""
    return frozenset(_names("en")) & frozenset(_names("nl"))


def is_language_code(code: str) -> bool:
    return code in iso639_1_codes()


def language_name(code: str, locale: str = "nl") -> str:
    """The language's name in ``locale`` ("nl" or "en"); the code itself if unknown."""
    lang = "en" if locale.startswith("en") else "nl"
    return _names(lang).get(code, code)
