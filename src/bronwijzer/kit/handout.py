"""The parent handout: its languages with their review state, and its texts in each of them.

The handout's texts are the easy-Dutch message ids in :mod:`bronwijzer.kit.handout_text`,
translated in the ``handout`` gettext domain. A language's texts come from the catalogue an
editor uploaded (stored on its :class:`~bronwijzer.kit.models.HandoutTranslation`) or else
from the packaged ``kit/handout_locale/<lang>/LC_MESSAGES/handout.po``. Whether a native
speaker reviewed a translation is also kept on that row, set in the back office; a language
without a row has not been reviewed.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from babel.messages.pofile import read_po

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.languages import (
    DOMAIN,
    HANDOUT_LANGUAGES,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    handout_language_name,
    label_colon,
    list_join,
    po_path,
)
from bronwijzer.kit.models import HandoutTranslation

__all__ = ["HANDOUT_LANGUAGES", "SOURCE_LANGUAGE", "HandoutLanguage", "HandoutText", "po_path"]


@dataclass(frozen=True)
class HandoutLanguage:
    code: str
    name: str
    direction: str
    reviewed: bool  # by a native speaker; the Dutch source text counts as reviewed
    reviewed_on: date | None = None
    reviewer: str = ""

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE


def _language(code: str, row: HandoutTranslation | None) -> HandoutLanguage:
    name, direction = HANDOUT_LANGUAGES[code]
    if code == SOURCE_LANGUAGE:
        return HandoutLanguage(code, name, direction, True)
    if row is None or not row.reviewed:
        return HandoutLanguage(code, name, direction, False)
    return HandoutLanguage(code, name, direction, True, row.reviewed_on, row.reviewer)


def _row(code: str) -> HandoutTranslation | None:
    if code == SOURCE_LANGUAGE:
        return None
    return HandoutTranslation.objects.filter(language=code).first()


def handout_language(code: str) -> HandoutLanguage:
    """The handout language ``code`` with its review state; KeyError when it is not one."""
    if code not in HANDOUT_LANGUAGES:
        raise KeyError(code)
    return _language(code, _row(code))


def handout_languages() -> list[HandoutLanguage]:
    rows = {row.language: row for row in HandoutTranslation.objects.all()}
    return [_language(code, rows.get(code)) for code in HANDOUT_LANGUAGES]


@cache
def _packaged(code: str) -> gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])


@lru_cache(maxsize=32)
def _uploaded(catalogue: str) -> dict[str, str]:
    """An uploaded catalogue's translations (validated when it was uploaded), by message id."""
    catalog = read_po(io.StringIO(catalogue))
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}  # type: ignore[misc]  # no plural forms in a handout catalogue: every id and string is a str


class HandoutText:
    """The handout's texts in one language: ``t.TITLE``, ``t.format("video")``, ...

    ``catalogue`` is an uploaded PO text that replaces the packaged catalogue; use
    :func:`handout_text` to get the texts the handout prints today.
    """

    def __init__(self, code: str, catalogue: str = ""):
        if code not in HANDOUT_LANGUAGES:
            raise KeyError(code)
        self.code = code
        if catalogue and code != SOURCE_LANGUAGE:
            messages = _uploaded(catalogue)
            self._gettext = lambda message: messages.get(message) or message
        else:
            self._gettext = _packaged(code).gettext

    def __getattr__(self, name: str) -> str:
        message = getattr(T, name)
        if not isinstance(message, str):
            raise AttributeError(name)
        return self._gettext(message)

    def gettext(self, message: str) -> str:
        return self._gettext(message)

    def translates(self, message: str) -> bool:
        """Whether this language has its own text for ``message`` (Dutch has every one).

        A text the catalogue lacks comes back as the Dutch message id: a catalogue uploaded
        before the text was added, until a translator adds it."""
        return self.code == SOURCE_LANGUAGE or self._gettext(message) != message

    def format(self, slug: str) -> str:
        return self._gettext(T.FORMATS[slug]) if slug in T.FORMATS else slug

    def helpline_kind(self, slug: str) -> str:
        return self._gettext(T.HELPLINE_KINDS[slug]) if slug in T.HELPLINE_KINDS else slug

    def mode(self, slug: str) -> str:
        return self._gettext(T.LANGUAGE_MODES[slug]) if slug in T.LANGUAGE_MODES else slug

    def join(self, items: Iterable[str]) -> str:
        """A list in this language: "a, b" or, in Arabic script, "a، b"."""
        return list_join(self.code, items)

    @property
    def colon(self) -> str:
        """After a label: ": ", or " : " in French."""
        return label_colon(self.code)

    def language_name(self, code: str) -> str:
        return handout_language_name(code, self.code)


def handout_text(code: str) -> HandoutText:
    """The texts the handout in ``code`` prints: an uploaded catalogue if there is one."""
    row = _row(code)
    return HandoutText(code, row.catalogue if row else "")
