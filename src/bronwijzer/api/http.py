"""HTTP behaviour shared by every URL under /api/v1/: read-only, CORS, no cookies, JSON errors.

Applied as a wrapper around each API URL pattern (the operations, the OpenAPI
document, the docs page and the JSON 404 for unknown API paths), so it holds
for responses django-ninja does not build itself.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from bronwijzer.api.errors import internal_error_response, json_error, not_found_response
from bronwijzer.lib.dbfaults import fault_response, is_fault
from bronwijzer.lib.i18n import SITE_LANGUAGES

logger = logging.getLogger("bronwijzer.api")

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)
LANGUAGES = SITE_LANGUAGES

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": ALLOW,
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "86400",
    "Allow": ALLOW,
}


def request_language(request: HttpRequest) -> str:
    """The language of labels: ``?lang=en`` gives English, otherwise Dutch (the URL decides, no header)."""
    lang = request.GET.get("lang", "nl")
    return lang if lang in LANGUAGES else "nl"


def _call(view: Callable, request: HttpRequest, args, kwargs) -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        del response["Content-Type"]
        for name, value in PREFLIGHT_HEADERS.items():
            response[name] = value
        return response
    if request.method not in READ_METHODS:
        response = json_error(f"Method {request.method} not allowed: the API is read-only ({ALLOW}).", 405)
        response["Allow"] = ALLOW
        return response
    head = request.method == "HEAD"
    if head:  # answered like GET; the server leaves out the body
        request.method = "GET"
    try:
        return view(request, *args, **kwargs)
    except Http404:
        return not_found_response()
    except Exception as error:
        if is_fault(error):  # the database is down or read-only: 503, not a bug
            return fault_response(request, error)
        logger.exception("API error on %s %s", request.method, request.path)
        return internal_error_response()
    finally:
        if head:
            request.method = "HEAD"


def api_view(view: Callable, content_language: str | None = None) -> Callable:
    """Wrap one view of the API with the behaviour described in the module docstring.

    ``Content-Language`` is the language of the labels (``lang``), unless the view's
    text has a fixed language (the English OpenAPI document and docs page).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        lang = request_language(request)
        with translation.override(lang):
            response = _call(view, request, args, kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        response["Content-Language"] = content_language or lang
        response.cookies.clear()  # the API never sets a cookie
        return response

    # read-only and cookie-free: nothing to forge (the attribute Django's csrf_exempt sets; not in the stubs)
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any other path under /api/v1/."""
    return not_found_response()
