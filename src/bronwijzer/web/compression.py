"""gzip for text answers: Django's ``GZipMiddleware``, kept to the types where it pays.

HTML, JSON, XML (the feed, the sitemap), CSV, plain text and SVG shrink to a fraction
(the map's 61 KB of HTML to about 8 KB). PDFs, images and fonts are compressed formats
already: gzip would cost CPU on every download (the PDFs are the heaviest answers there
are) and drop their ``Content-Length`` for a few percent, so they pass unchanged. Static
files never get here: WhiteNoise, earlier in ``MIDDLEWARE``, answers them itself with its
own pre-compressed copies.

Everything else is Django's: the random-length padding of every compressed answer
against BREACH (Django 4.2+), ``Vary: Accept-Encoding``, weak ETags, streaming answers
compressed as they stream, nothing compressed for a client that did not ask.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

#: Media types worth compressing (parameters such as ``charset`` aside).
TEXT_TYPES = frozenset(
    {
        "application/atom+xml",
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/problem+json",
        "application/rss+xml",
        "application/xhtml+xml",
        "application/xml",
        "image/svg+xml",
    }
)


def compressible(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind in TEXT_TYPES


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
