"""ISO 639-1 language codes and their names (from Babel's CLDR data).

One ISO 639-2 code is accepted beside them: ``zxx``, "no linguistic content",
for material that needs no language (a wordless animation, a picture game).
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

LANGUAGE_FREE = "zxx"
_LANGUAGE_FREE_NAMES = {"nl": "zonder taal", "en": "no language needed"}
#: Where the site's own languages (Dutch, English) say it otherwise than CLDR. Persian: CLDR says
#: "Perzisch" / "Persian"; parents, interpreters and professionals in the Netherlands say "Farsi"
#: (Afghans call their variety Dari: the Farsi handout is written so that they read it too).
_SITE_NAMES = {"nl": {"fa": "Farsi"}, "en": {"fa": "Farsi"}}


@cache
def _names(locale: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(locale).languages.items() if len(code) == 2}


@cache
def iso639_1_codes() -> frozenset[str]:
    """Two-letter codes that CLDR names in both Dutch and English."""
    return frozenset(_names("en")) & frozenset(_names("nl"))


def is_language_code(code: str) -> bool:
    """A two-letter language code, or ``zxx`` for material without language."""
    return code in iso639_1_codes() or code == LANGUAGE_FREE


def language_name(code: str, locale: str = "nl") -> str:
    """The language's name in ``locale`` (site locales "nl"/"en", or any CLDR locale such as "ar")."""
    base = locale.replace("_", "-").split("-")[0].lower() or "nl"
    if code == LANGUAGE_FREE:
        return _LANGUAGE_FREE_NAMES["en" if base == "en" else "nl"]
    if code in _SITE_NAMES.get(base, {}):
        return _SITE_NAMES[base][code]
    try:
        names = _names(base)
    except (UnknownLocaleError, ValueError):
        names = _names("nl")
    return names.get(code, code)
