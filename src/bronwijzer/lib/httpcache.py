"""How a view says whether its answer may be kept: decorators that set ``Cache-Control``.

Every view carries one (a guard test walks the URL patterns), so whether a page is kept follows
from the view itself, not from a list of paths:

* :func:`public_page`: the same for every visitor: ``Cache-Control: public, max-age=0``. The page
  cache (``bronwijzer.web.pagecache``) may keep it; browsers and proxies ask again each time
  (``max-age=0``), so a publish is seen at once, as without the header.
* :func:`private_page` (Django's ``never_cache``): the Gesprekskit, the report form, the incident
  route, the back office, anything that carries what one visitor chose or wrote. Never kept,
  anywhere.

:func:`private_urls` makes every view of an included URL conf private: the back office (Django's
admin, whose own views mostly say ``never_cache`` already, but not all of them).

A public page that carries a kit in its address (the map passes the kit along in its links:
``?kit=``, ``?add=``, ...) is answered as private.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache

#: A WSGI environ key: a request that carries it neither reads nor fills the page cache (the static build).
PAGE_CACHE_OFF = "bronwijzer.page_cache_off"
#: Query parameters that carry (part of) a kit.
KIT_PARAMS = frozenset({"kit", "add", "remove", "up", "down"})

private_page = never_cache


def carries_kit(request: HttpRequest) -> bool:
    return bool(request.GET) and not KIT_PARAMS.isdisjoint(request.GET.keys())


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark the view's answers as the same for everyone (unless the address carries a kit)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if carries_kit(request):
            add_never_cache_headers(response)
        elif not response.has_header("Cache-Control"):  # what the view said itself stands
            patch_cache_control(response, public=True, max_age=0)
        return response

    return wrapper


def _private(entry: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if isinstance(entry, URLResolver):
        patterns = [_private(inner) for inner in entry.url_patterns]
        return URLResolver(entry.pattern, patterns, entry.default_kwargs, entry.app_name, entry.namespace)
    view = private_page(entry.callback)
    # Code that looks through the admin's own wrapper (staff.views) still finds the admin's view.
    view.__wrapped__ = getattr(entry.callback, "__wrapped__", entry.callback)  # type: ignore[attr-defined]  # a function takes attributes; Callable does not say so
    return URLPattern(entry.pattern, view, entry.default_args, entry.name)


def private_urls(urls: tuple[list, str | None, str | None]) -> tuple[list, str | None, str | None]:
    """An ``include()``-able ``(patterns, app_name, namespace)`` with every view made private."""
    patterns, app_name, namespace = urls
    return [_private(entry) for entry in patterns], app_name, namespace
