"""gzip for text answers (Django's GZipMiddleware, web.compression): HTML, JSON and XML are sent
compressed to a client that asks, with Django's random padding against BREACH; PDFs and static
files (WhiteNoise answers those before the middleware) are sent as they are."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.web.compression import compressible

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def plain_and_gzipped(client: Client, path: str):
    plain = client.get(path)
    packed = client.get(path, **GZIP)
    assert plain.status_code == packed.status_code == 200, path
    return plain, packed


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/organisaties/", "/api/v1/resources", "/nieuw/atom.xml", "/sitemap.xml"]
)
def test_html_json_and_xml_are_gzipped_when_asked(client, default_map, path):
    plain, packed = plain_and_gzipped(client, path)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)


def test_the_map_page_shrinks_to_a_fraction(client, default_map):
    plain, packed = plain_and_gzipped(client, "/")
    assert len(plain.content) > 40_000
    assert len(packed.content) < 12_000, f"{len(plain.content)} -> {len(packed.content)} bytes"


def test_every_gzip_answer_is_padded_at_random_against_breach(client, admin_user, settings):
    settings.PAGE_CACHE_BYTES = 0
    client.force_login(admin_user)  # a page with a CSRF token, the secret BREACH is after
    sizes = {len(client.get("/redactie/", **GZIP).content) for _ in range(6)}
    assert len(sizes) > 1, "every compressed answer had the same length"


def test_a_pdf_is_sent_as_it_is(client, default_map):
    kit = client.get("/gesprekskit/voorstel/", {"who": "ouder", "lang": "ar", "age": "14"})["Location"]
    response = client.get(kit + "ouders/ar.pdf", **GZIP)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"%PDF")


def test_static_files_are_left_to_whitenoise(settings, tmp_path):
    """WhiteNoise answers /static/ before the gzip middleware: a stylesheet (text, which the
    middleware would compress) comes as the file itself, with its length, and ranges work."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a fresh handler: WhiteNoise reads its settings when it starts
    response = client.get("/static/web/site.css", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body) > 1000
    assert b"{" in body
    ranged = client.get("/static/web/site.css", HTTP_RANGE="bytes=0-9", **GZIP)
    assert ranged.status_code == 206 and b"".join(ranged.streaming_content) == body[:10]


def test_only_text_types_are_compressed():
    for kind in (
        "text/html; charset=utf-8",
        "application/json",
        "application/atom+xml",
        "text/csv",
        "image/svg+xml",
    ):
        assert compressible(kind), kind
    for kind in ("application/pdf", "image/png", "font/woff2", "application/zip", ""):
        assert not compressible(kind), kind


def test_the_middleware_sits_after_whitenoise_and_before_the_rest(settings):
    middleware = settings.MIDDLEWARE
    gzip_at = middleware.index("bronwijzer.web.compression.TextGZipMiddleware")
    assert gzip_at == middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
