"""The site's languages, and bilingual content fields: ``name`` in Dutch, ``name_en`` in English."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language

#: The codes of ``settings.LANGUAGES``, the map's own language first: the languages of the pages,
#: the API's labels, the exports and the static site. Read them here, never as a literal.
SITE_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def localised(obj: Any, field: str, lang: str | None = None) -> str:
    """The English variant of ``field`` when the language (``lang``, else the active one) is
    English and it is filled in; the Dutch field otherwise."""
    if (lang or get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    value: str = getattr(obj, field)
    return value
