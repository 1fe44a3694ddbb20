"""Links a kit hands out: the kit's own URL, and short links printed on handouts.

A handout prints, beside each QR code, exactly the URL the code holds. A short
resource URL is printed as it is; a long one, or a resource without a known
address, gets a short link on this site (``/l/<code>``) that redirects to it,
so a parent can type it and a printed sheet survives a moved page. The short
code is the resource's kit key in lower-case base32 (7 letters and digits).
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from bronwijzer.kit.codec import KEY_BYTES, resource_key
from bronwijzer.search.documents import ResourceDoc

#: Resource URLs up to this length are printed as they are.
MAX_PRINTED_URL = 40


def key_param(slug: str) -> str:
    """The short, opaque code of a resource: used in kit edit links and short links."""
    return base64.b32encode(resource_key(slug)).decode("ascii").rstrip("=").lower()


def key_from_param(value: str) -> bytes | None:
    value = (value or "").strip().upper()
    if not value or len(value) > 16:
        return None
    try:
        key = base64.b32decode(value + "=" * (-len(value) % 8))
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def public_url(request: HttpRequest, path: str) -> str:
    """``path`` as an absolute URL on the public address (``BRONWIJZER_PUBLIC_URL``) or the request's."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


def printed_link(request: HttpRequest, doc: ResourceDoc) -> str:
    """The URL a handout prints (and puts in the QR code) for ``doc``."""
    if doc.url and len(doc.url) <= MAX_PRINTED_URL:
        return doc.url
    return public_url(request, reverse("kit:short", args=[key_param(doc.slug)]))


def short_link(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """A printed short link: on to the resource's own address, or to its page here when none is known."""
    from bronwijzer.kit.selection import key_doc

    key = key_from_param(code)
    doc = key_doc(key) if key else None
    if doc is None:
        raise Http404("no published resource for this short link")
    return HttpResponseRedirect(doc.url or reverse("web:resource", args=[doc.slug]))
