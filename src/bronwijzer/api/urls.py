"""URLs of API v1, included at ``api/v1/`` outside the language prefixes.

Every pattern django-ninja makes, plus a JSON 404 for any other path, is wrapped
by :func:`bronwijzer.api.http.api_view`, and marked public (``lib.httpcache.public_page``).
"""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, re_path

from bronwijzer.api.api import NAMESPACE, api, index
from bronwijzer.api.http import api_view, not_found
from bronwijzer.lib.httpcache import public_page

app_name = NAMESPACE


def _patterns() -> list[URLPattern]:
    patterns, _app_name, namespace = api.urls
    assert namespace == NAMESPACE
    wrapped = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)  # django-ninja's API has no nested includes
        view: Callable[..., Any] = index if pattern.name == "api-root" else pattern.callback
        language = "en" if pattern.name in ("openapi-json", "openapi-view") else None
        view = public_page(api_view(view, content_language=language))  # the open API: the same for all
        wrapped.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    wrapped.append(re_path(r"^.*$", public_page(api_view(not_found)), name="not-found"))
    return wrapped


urlpatterns = _patterns()
