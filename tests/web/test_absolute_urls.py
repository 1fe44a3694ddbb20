"""Absolute URLs (sitemap, robots.txt, the Atom feed, JSON-LD, kit links and their QR codes)
come from BRONWIJZER_PUBLIC_URL, or else from the checked host name and this server's own
port: never from a port (or a host) a client puts in its ``Host`` header."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from bronwijzer.catalog.models import Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


SPOOFED_PORT = "31337"
PORT = "8123"  # the port this server listens on (the socket's, in SERVER_PORT)


def pages(client: Client) -> dict[str, str]:
    """Every kind of page with absolute URLs, fetched with a spoofed Host port."""
    headers = {"HTTP_HOST": f"localhost:{SPOOFED_PORT}", "SERVER_PORT": PORT}
    resource = Resource.objects.published().order_by("slug").first()
    kit = client.get("/gesprekskit/voorstel/", {"who": "ouder", "lang": "ar", "age": "14"}, **headers)
    assert kit.status_code == 302
    found = {}
    for path in (
        "/sitemap.xml",
        "/robots.txt",
        "/nieuw/atom.xml",
        resource.get_absolute_url(),
        kit["Location"],
        kit["Location"] + "ouders/ar/",
    ):
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        found[path] = response.content.decode()
    return found


def test_a_spoofed_host_port_never_reaches_an_absolute_url(client, settings, default_map):
    settings.PUBLIC_URL = ""
    for path, body in pages(client).items():
        assert SPOOFED_PORT not in body, path
    found = pages(client)
    assert f"http://localhost:{PORT}/sitemap.xml" in found["/robots.txt"]
    assert f"<loc>http://localhost:{PORT}/" in found["/sitemap.xml"]
    assert f"http://localhost:{PORT}/" in found["/nieuw/atom.xml"]
    assert any(f"http://localhost:{PORT}/gesprekskit/" in body for body in found.values())


def test_with_the_public_url_set_every_absolute_url_is_on_it(client, settings, default_map):
    settings.PUBLIC_URL = "https://bronwijzer.example.nl"
    for path, body in pages(client).items():
        assert SPOOFED_PORT not in body and "localhost" not in body, path
    found = pages(client)
    assert "https://bronwijzer.example.nl/sitemap.xml" in found["/robots.txt"]
    assert "<loc>https://bronwijzer.example.nl/" in found["/sitemap.xml"]


def test_a_host_that_is_not_allowed_gets_a_400_and_no_links(client, settings, default_map):
    settings.PUBLIC_URL = ""
    response = client.get("/robots.txt", HTTP_HOST="evil.example:80")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()


def test_the_default_port_of_the_scheme_is_left_out(client, settings, default_map):
    settings.PUBLIC_URL = ""
    body = client.get("/robots.txt", HTTP_HOST="localhost:31337", SERVER_PORT="80").content.decode()
    assert re.search(r"Sitemap: http://localhost/sitemap\.xml", body)
