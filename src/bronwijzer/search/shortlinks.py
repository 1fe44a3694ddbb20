"""Published resources by their short key, and the link a printed page shows for one.

The codes themselves are :mod:`bronwijzer.lib.shortlinks`; the view that answers ``/l/<code>``
is :mod:`bronwijzer.web.shortlinks`. The kit and the map's PDF print these links too, so the
lookup lives here, below every face.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from django.urls import reverse

from bronwijzer.lib.shortlinks import printed_url, slug_code, slug_key
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import search_index
from bronwijzer.search.index import SearchIndex

_by_key: WeakKeyDictionary[SearchIndex, dict[bytes, ResourceDoc]] = WeakKeyDictionary()


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
