"""The parent handout: its languages, their gettext catalogues, and what it shows.

The handout's texts are the easy-Dutch message ids in :mod:`bronwijzer.kit.handout_text`,
translated in the ``handout`` gettext domain under ``kit/handout_locale``. Each catalogue
says in its header (``X-Native-Speaker-Review``) whether a native speaker has
reviewed it; the kit page tells the professional when one has not.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bronwijzer.kit import handout_text as T

# Not named "locale": makemessages would then put the app's interface strings there.
LOCALE_DIR = Path(__file__).parent / "handout_locale"
DOMAIN = "handout"

#: Handout languages: code -> (name in the language itself, writing direction).
HANDOUT_LANGUAGES: dict[str, tuple[str, str]] = {
    "nl": ("Nederlands (eenvoudig)", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "tr": ("Türkçe", "ltr"),
    "fr": ("Français", "ltr"),
    "pl": ("Polski", "ltr"),
    "uk": ("Українська", "ltr"),
}
SOURCE_LANGUAGE = "nl"
REVIEW_HEADER = "X-Native-Speaker-Review"


@dataclass(frozen=True)
class HandoutLanguage:
    code: str
    name: str
    direction: str
    reviewed: bool  # by a native speaker; the Dutch source text counts as reviewed
    review_note: str

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def handout_language(code: str) -> HandoutLanguage:
    """The handout language ``code``; KeyError when it is not one."""
    name, direction = HANDOUT_LANGUAGES[code]
    if code == SOURCE_LANGUAGE:
        return HandoutLanguage(code, name, direction, True, "")
    note = po_header(po_path(code), REVIEW_HEADER) or "no"
    return HandoutLanguage(code, name, direction, note.lower().startswith("yes"), note)


def po_header(path: Path, field: str) -> str | None:
    """One field of a PO file's header, read from the file itself.

    Babel's reader keeps only the standard header fields, so a custom field
    such as ``X-Native-Speaker-Review`` is read from the header's lines.
    """
    pattern = re.compile(rf'^"{re.escape(field)}:\s*(.*?)\\n"\s*$', re.IGNORECASE | re.MULTILINE)
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    match = pattern.search(header)
    return match.group(1).strip() if match else None


def handout_languages() -> list[HandoutLanguage]:
    return [handout_language(code) for code in HANDOUT_LANGUAGES]


@cache
def translations(code: str) -> gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])


class HandoutText:
    """The handout's texts in one language: ``t.TITLE``, ``t.format("video")``, ..."""

    def __init__(self, code: str):
        self.language = handout_language(code)
        self._gettext = translations(code).gettext

    def __getattr__(self, name: str) -> str:
        message = getattr(T, name)
        if not isinstance(message, str):
            raise AttributeError(name)
        return self._gettext(message)

    def format(self, slug: str) -> str:
        return self._gettext(T.FORMATS[slug]) if slug in T.FORMATS else slug

    def helpline_kind(self, slug: str) -> str:
        return self._gettext(T.HELPLINE_KINDS[slug]) if slug in T.HELPLINE_KINDS else slug

    def mode(self, slug: str) -> str:
        return self._gettext(T.LANGUAGE_MODES[slug]) if slug in T.LANGUAGE_MODES else slug
