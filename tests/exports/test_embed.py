"""The embeddable view: compact, filterable, and framable only by configured origins."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from bronwijzer.catalog.models import Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def test_the_embed_view_takes_the_maps_filters(client, default_map):
    html = client.get("/embed/", {"language": "ar"}).content.decode()
    for resource in Resource.objects.published():
        assert (escape(resource.title) in html) == ("ar" in resource.languages), resource.slug
    assert 'href="/?language=ar"' in html  # "see everything" keeps the selection
    assert 'target="_top"' in html  # the quick exit leaves the partner page too


def test_only_configured_origins_may_frame_the_embed_view(client, default_map, settings):
    settings.EMBED_ORIGINS = ["https://www.gemeente.nl"]
    response = client.get("/embed/")
    assert "frame-ancestors 'self' https://www.gemeente.nl" in _directives(response)
    assert "script-src 'self'" in _directives(response)  # the rest of the strict policy stays
    assert "X-Frame-Options" not in response
    settings.EMBED_ORIGINS = []
    assert "frame-ancestors 'self'" in _directives(client.get("/embed/"))


def _directives(response) -> list[str]:
    return [d.strip() for d in response["Content-Security-Policy"].split(";")]


def test_every_other_page_refuses_to_be_framed(client, default_map):
    for path in ("/", "/hulp/", "/gesprekskit/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in _directives(response)


def test_bad_filters_in_the_embed_are_named_not_fatal(client, default_map):
    response = client.get("/embed/", {"language": "xx"})
    assert response.status_code == 200
    assert "language=xx" in response.content.decode()
