"""Public addresses for printed pages: absolute URLs and the short links ``/l/<code>``."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.request import split_domain_port
from django.urls import reverse

from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.shortlinks import code_key, printed_url, slug_code, slug_key
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import search_index

#: Used when neither BRONWIJZER_PUBLIC_URL nor a request says where the site lives (a command).
FALLBACK_URL = "http://127.0.0.1:8000"

_by_key: WeakKeyDictionary = WeakKeyDictionary()


def site_base(request: HttpRequest | None = None) -> str:
    """The site's public address without a trailing slash: ``BRONWIJZER_PUBLIC_URL``, else the
    address the request came in on (:func:`request_base`), else (for a command) the local
    development address. Production requires ``BRONWIJZER_PUBLIC_URL`` (settings)."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    if request is not None:
        return request_base(request)
    return FALLBACK_URL


def request_base(request: HttpRequest) -> str:
    """``scheme://host[:port]`` of the request, from nothing a client can choose freely.

    The host name is the ``Host`` header's, checked against ``ALLOWED_HOSTS`` (``get_host``
    refuses any other with a 400), but Django's check ignores the port, so the port is the
    one this server listens on (``SERVER_PORT``, from the socket), never the header's: a
    spoofed ``Host: localhost:31337`` cannot put its port into links, QR codes or feeds.
    """
    name, _port = split_domain_port(request.get_host())
    port = str(request.META.get("SERVER_PORT", ""))
    default = "443" if request.is_secure() else "80"
    suffix = f":{port}" if port.isdigit() and port != default else ""
    return f"{request.scheme}://{name}{suffix}"


def public_url(request: HttpRequest | None, path: str) -> str:
    """``path`` as an absolute URL on the site's public address."""
    return site_base(request) + path


def published_by_key() -> dict[bytes, ResourceDoc]:
    """Every published resource by its short key (built once per search-index version)."""
    index = search_index()
    keys = _by_key.get(index)
    if keys is None:
        keys = {}
        for doc in index.docs:  # printed order: on a (very unlikely) hash clash the first one wins
            keys.setdefault(slug_key(doc.slug), doc)
        _by_key[index] = keys
    return keys


def printed_link(doc: ResourceDoc, base: str) -> str:
    """The URL a printed page shows (and puts in the QR code) for ``doc``; short links start with ``base``."""
    return printed_url(doc.url, base + reverse("web:short", args=[slug_code(doc.slug)]))


@public_page
def short_link(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """A printed short link: on to the resource's own address, or to its page here when none is known."""
    key = code_key(code)
    doc = published_by_key().get(key) if key else None
    if doc is None:
        raise Http404("no published resource for this short link")
    return HttpResponseRedirect(doc.url or reverse("web:resource", args=[doc.slug]))
