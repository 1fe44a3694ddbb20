"""Template context shared by every public page."""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from bronwijzer.catalog.models import Map


def site(request) -> dict:
    current = get_language() or "nl"
    other = "en" if current.startswith("nl") else "nl"
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "site_map": Map.objects.first(),  # the one query for the map's own texts on every page
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
