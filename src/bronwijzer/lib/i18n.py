"""Bilingual content fields: ``name`` in Dutch, ``name_en`` in English."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localised(obj: Any, field: str, lang: str | None = None) -> str:
    """The English variant of ``field`` when the language (``lang``, else the active one) is
    English and it is filled in; the Dutch field otherwise."""
    if (lang or get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    value: str = getattr(obj, field)
    return value
