"""Pages of the site rendered as the server renders them, for the static build: no test client.

:class:`SiteRenderer` is Django's own request handler (``BaseHandler``, the part of the WSGI
handler that runs the middleware, the URL patterns and the views) asked with real
:class:`~django.core.handlers.wsgi.WSGIRequest` objects built from WSGI environs, as gunicorn's
would be. Unlike the WSGI handler itself it sends no ``request_started``/``request_finished``
signals: those close the database connection after every page (and would break a caller's
transaction). The requests carry :data:`~bronwijzer.lib.httpcache.PAGE_CACHE_OFF`, so the
build neither reads nor fills the page cache the live site uses.

What differs from the live site is passed explicitly, not by changing settings:

* the Host header (:func:`host`, the first of ``ALLOWED_HOSTS``) and the scheme;
* the static files' URLs (:func:`plain_static_urls`): by their own names, as the build copies
  them from the staticfiles finders, instead of the hashed names of the site's manifest storage
  (which would need ``collectstatic`` first).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage, staticfiles_storage
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse

from bronwijzer.lib.httpcache import PAGE_CACHE_OFF


def host() -> str:
    """A host name the site accepts (the request's Host header)."""
    for allowed in settings.ALLOWED_HOSTS:
        name = allowed.lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def environ(path: str, *, host_name: str, secure: bool) -> dict:
    """The WSGI environ of a plain ``GET`` of ``path`` (which may carry a query string)."""
    parts = urlsplit(path)
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        # WSGI: the path's bytes (percent-decoded UTF-8) as a latin-1 string
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("iso-8859-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": host_name,
        "SERVER_PORT": "443" if secure else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host_name,
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": "0",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": True,
        PAGE_CACHE_OFF: True,
    }


class SiteRenderer(BaseHandler):
    """The site's middleware, URL patterns and views, asked for one page at a time."""

    def __init__(self, *, host_name: str | None = None):
        super().__init__()
        self.load_middleware()
        self.host_name = host_name or host()

    def get(self, path: str, *, secure: bool = False) -> HttpResponse:
        request = WSGIRequest(environ(path, host_name=self.host_name, secure=secure))
        # Not closed: closing sends request_finished (see the module doc); a page holds nothing open.
        return cast(HttpResponse, self.get_response(request))  # the site's views answer HttpResponse


@contextmanager
def plain_static_urls() -> Iterator[None]:
    """``{% static %}`` gives the files' own names while the build renders.

    Django's template tag reads one storage for the whole process (``staticfiles_storage``), with no
    way to pass another; this points it at a plain ``StaticFilesStorage`` (same ``STATIC_URL``) for
    the duration, and back.
    """
    # perhaps not set up yet: then it will be again
    site_storage = staticfiles_storage._wrapped  # type: ignore[attr-defined]  # a LazyObject; the stubs type it as the Storage it wraps
    staticfiles_storage._wrapped = StaticFilesStorage()  # type: ignore[attr-defined]  # a LazyObject; the stubs type it as the Storage it wraps
    try:
        yield
    finally:
        staticfiles_storage._wrapped = site_storage  # type: ignore[attr-defined]  # a LazyObject; the stubs type it as the Storage it wraps
