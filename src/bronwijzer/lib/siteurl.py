"""The site's public address, for every absolute URL a page, a feed, a PDF or a QR code shows.

Shared by every face (the site, the kit, the exports, the feeds), so it lives here, below them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port

#: Used when neither BRONWIJZER_PUBLIC_URL nor a request says where the site lives (a command).
FALLBACK_URL = "http://127.0.0.1:8000"


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
