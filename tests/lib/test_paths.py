"""The path prefixes of ``lib.paths`` are where the URL configurations really mount the apps, so
everything that decides by prefix (page cache, headers, robots.txt, static build) decides right."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from bronwijzer.lib import paths


def test_every_prefix_is_where_its_pages_are():
    assert reverse("admin:index") == paths.STAFF_PREFIX
    assert reverse("api_v1:api-root").startswith(paths.API_PREFIX)
    assert reverse("kit:start") == paths.KIT_PREFIX
    assert reverse("kit:prep", args=["AQAAAAAA"]).startswith(paths.KIT_PREFIX)
    assert reverse("incident:route") == paths.INCIDENT_PREFIX
    assert reverse("exports:download", args=["pdf"]).startswith(paths.DOWNLOAD_PREFIX)
    assert reverse("exports:embed") == paths.EMBED_PREFIX
    assert reverse("web:short", args=["mfrgg2a"]).startswith(paths.SHORT_LINK_PREFIX)
    assert paths.REPORT_PART in reverse("reports:report", args=["mediagesprek"])


def test_the_english_pages_are_under_the_english_prefix_and_shared_ones_are_listed_in_both():
    with translation.override("en"):
        english_embed = reverse("exports:embed")
        english_map = reverse("web:map")
    assert english_map == paths.ENGLISH_PREFIX
    assert english_embed in paths.SHARED_PREFIXES
    assert paths.without_language(english_embed) == reverse("exports:embed")


def test_without_language_strips_only_the_english_prefix():
    assert paths.without_language("/en") == "/"
    assert paths.without_language("/en/gesprekskit/") == "/gesprekskit/"
    assert paths.without_language("/english/") == "/english/"
    assert paths.without_language("/gesprekskit/") == "/gesprekskit/"
