"""Every response carries a strict CSP without anything inline, and the privacy headers."""

from __future__ import annotations

import pytest

from bronwijzer.catalog.services import DEFAULT_MAP_PATH


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


PAGES = [
    "/",
    "/?q=ouders",
    "/bron/mediagesprek/",
    "/hulp/",
    "/begrippen/",
    "/gesprekskit/",
    "/en/",
    "/nieuw/",
]


def directives(response) -> dict[str, list[str]]:
    parsed = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_a_strict_csp_and_the_privacy_headers(client, default_map, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert not response.cookies


def test_the_open_api_may_be_read_from_other_sites(client, default_map):
    response = client.get("/api/v1/resources")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Content-Security-Policy" in response


def test_the_back_office_sends_its_origin_with_form_posts_so_editors_can_log_in(client, default_map):
    """Under no-referrer a browser posts ``Origin: null``, which the CSRF check refuses (seen in
    Chromium: nobody could log in). The back office uses same-origin; public pages keep no-referrer."""
    from django.urls import reverse

    from bronwijzer.lib.paths import STAFF_PREFIX

    assert reverse("admin:index") == STAFF_PREFIX
    assert client.get(STAFF_PREFIX + "login/")["Referrer-Policy"] == "same-origin"
    assert client.get("/")["Referrer-Policy"] == "no-referrer"
