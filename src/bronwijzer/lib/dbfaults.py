"""A database that is down, read-only or locked: a friendly 503, not a stack trace.

Database faults are not bugs in a page: the server cannot reach its database
(connection refused, server restarted, network gone), the database refuses
writes (SQLite "attempt to write a readonly database", PostgreSQL "cannot
execute INSERT in a read-only transaction" on a standby), or it stays locked
longer than the busy timeout. A visitor then gets ``503 Service Unavailable``
with ``Retry-After``:

* public pages and the back office: ``503.html``, a standalone page in the
  site's style with the quick exit, rendered without any database query (no
  context processors run);
* under ``/api/``: ``{"detail": "...", "status": 503}``.

The fault is logged as one line (no traceback, the path as its route as in
the access log) and the connections are closed, so the next request connects
afresh: when the database is back, the site is back, without a restart.

Three places hand faults to :func:`fault_response`:

* :class:`DatabaseFaultMiddleware` (in ``settings.MIDDLEWARE``) for exceptions
  raised by a view or while its template renders;
* :func:`server_error` (``handler500`` in ``urls.py``) for anything raised
  outside a view (another middleware, saving an editor's session); any other
  exception gets the plain ``500.html`` (or a JSON 500 under ``/api/``), never
  a trace;
* the API's own exception handlers, which catch everything under ``/api/v1/``
  before a middleware could see it (``bronwijzer.api.errors`` and ``.http``
  call :func:`is_fault` / :func:`fault_response`).

Errors that are bugs (``IntegrityError``, ``DataError``, ``ProgrammingError``,
``NotSupportedError``) stay 500s.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import InterfaceError, InternalError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation

from bronwijzer.lib.logprivacy import path_shape
from bronwijzer.lib.paths import API_PREFIX, ENGLISH_PREFIX, without_language

logger = logging.getLogger("bronwijzer.faults")

#: What counts as "the database is unavailable" rather than a bug. PostgreSQL's
#: read-only transaction (SQLSTATE 25006) arrives as ``InternalError``; SQLite's
#: read-only, locked and cannot-open errors, and every lost connection, as
#: ``OperationalError``; a connection already closed as ``InterfaceError``.
DB_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, InternalError)

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30

DETAIL_503 = "The database is temporarily unavailable. Please try again in a minute."
DETAIL_500 = "Internal server error: this is a bug in Bronwijzer and has been logged."
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def find_fault(exc: BaseException | None) -> BaseException | None:
    """The database fault behind ``exc`` (itself, or what it was raised from), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DB_FAULTS):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def is_fault(exc: BaseException | None) -> bool:
    return find_fault(exc) is not None


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def page_language(request: HttpRequest) -> str:
    """The page's language from its URL prefix, as the site does (``/en/...`` is English)."""
    path = request.path_info or request.path
    return "en" if without_language(path) != path else "nl"


def _describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def close_connections() -> None:
    """Close every open database connection, so the next use reconnects.

    A connection inside an atomic block belongs to whoever opened the block (in
    tests: the test's transaction) and is left alone; its owner rolls back.
    """
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        with contextlib.suppress(Exception):  # it may be broken already: closing is all we want
            connection.close()


def _no_cache(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Django's own flag (not in its stubs): our one line below replaces Django's "Service Unavailable: /path"
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def fault_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """Log a database fault in one line, close the connections and answer 503."""
    fault = find_fault(exc) or exc
    logger.error(
        "Database unavailable on %s %s (%s); answered 503",
        request.method,
        path_shape(request.path),
        _describe(fault),
    )
    close_connections()
    if is_api(request):
        response: HttpResponse = JsonResponse(
            {"detail": DETAIL_503, "status": 503},
            status=503,
            content_type=JSON_CONTENT_TYPE,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(render_unavailable_page(request), status=503)
    return _no_cache(response)


def render_unavailable_page(request: HttpRequest) -> str:
    """``503.html``, without the request: so no context processor (and no query) runs."""
    lang = page_language(request)
    context = {
        "lang": lang,
        "home_url": ENGLISH_PREFIX if lang == "en" else "/",
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "retry_after": RETRY_AFTER,
    }
    with translation.override(lang):
        return loader.render_to_string("503.html", context)


class DatabaseFaultMiddleware:
    """Turn a database fault raised by a view (or its template) into a 503.

    Add at the end of ``settings.MIDDLEWARE``: ``process_exception`` runs from the
    last middleware up, so it is the first to see the view's exception.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_fault(exception):
            return fault_response(request, exception)
        return None


def server_error(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """``handler500``: a database fault anywhere becomes a 503; anything else a plain 500, never a trace.

    Django calls it while handling the exception, so ``sys.exc_info()`` is that exception.
    """
    exc = sys.exc_info()[1]
    if exc is not None and is_fault(exc):
        return fault_response(request, exc)
    if is_api(request):
        return JsonResponse({"detail": DETAIL_500, "status": 500}, status=500, content_type=JSON_CONTENT_TYPE)
    return HttpResponseServerError(loader.get_template("500.html").render())


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that a session the database could not load is left alone.

    Staff sessions are saved on every request (a sliding expiry). When loading the session
    failed because the database is down, there is nothing to save: trying would raise a
    second error that hides the 503 page.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not hasattr(session, "_session_cache"):
            return response
        return super().process_response(request, response)
