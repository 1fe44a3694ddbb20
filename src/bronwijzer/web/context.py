"""Template context shared by every public page."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from bronwijzer.catalog.models import Map

#: What a kit code looks like (``kit.codec``); the kit views check the code itself.
KIT_CODE = re.compile(r"[A-Za-z0-9_-]{8,120}")


def site(request) -> dict:
    current = get_language() or "nl"
    other = "en" if current.startswith("nl") else "nl"
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "site_map": Map.objects.first(),  # the one query for the map's own texts on every page
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        # A gesprekskit being filled from the map: its code rides along in the map's links.
        "kit_code": kit if KIT_CODE.fullmatch(kit := request.GET.get("kit", "")) else "",
    }
