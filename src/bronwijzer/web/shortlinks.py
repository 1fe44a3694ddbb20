"""``/l/<code>``: a printed short link leads on to its resource.

The codes are :mod:`bronwijzer.lib.shortlinks`, the lookup :mod:`bronwijzer.search.shortlinks`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.shortlinks import code_key
from bronwijzer.search.shortlinks import published_by_key


@public_page
def short_link(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """A printed short link: on to the resource's own address, or to its page here when none is known."""
    key = code_key(code)
    doc = published_by_key().get(key) if key else None
    if doc is None:
        raise Http404("no published resource for this short link")
    return HttpResponseRedirect(doc.url or reverse("web:resource", args=[doc.slug]))
