"""What a log line may hold: the shape of a request, never what a visitor typed or chose.

One principle for every log the server writes (gunicorn's access and error logs,
Django's loggers, our own):

* **A path is written as its route**, the URL pattern it matched, with each variable
  part replaced by its name: ``/gesprekskit/<code>/ouders/<lang>/``, ``/bron/<slug>/``,
  ``/l/<code>``, ``/download/kaart.<fmt>``, ``/en/gesprekskit/voorstel/``. A path that
  matches no route (a 404, a mistyped kit link, ``/GESPREKSKIT/...``) keeps only the
  words that are fixed parts of some route; every other segment becomes ``…``.
  Percent-encoding is undone first, so ``/gesprekskit/%41Q...`` is masked like
  ``/gesprekskit/AQ...``. Files under ``STATIC_URL`` keep their name when they are
  ours (listed in the static files manifest).
* **A query string is never written**: ``?…`` says there was one.
* **A URL with a host** (the ``Referer``, a link in a message) is written as its
  origin and the shape of its path.
* **Text in a log record** (Django's "Not Found: /path", an exception's message, a
  traceback's last lines) has every path-like token shaped as above, and every value
  the visitor sent with the request being handled (query and form values and their
  words, the variable parts of the path, percent-encoded or not, in any case)
  replaced by ``…``. The frames of a traceback (file, line, code) are kept as they are.

So the log keeps what an operator needs (time, method, route, status, size, duration)
and nothing of a search, a filter, a kit, a handout's language, the incident route's
answers or a report's text, whichever parameter or path carries them, now or later.

:class:`PrivateLogFilter` does this for records (``settings.LOGGING`` puts it on the
console handler; ``bronwijzer.lib.accesslog`` on gunicorn's error log), and
:class:`LogContextMiddleware` lets it see the request being handled. The access log is
built from :func:`url_shape` (``bronwijzer.lib.accesslog``).
"""

from __future__ import annotations

import contextvars
import functools
import logging
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

if TYPE_CHECKING:
    from logging import _SysExcInfoType

MASK = "…"
QUERY_MARK = "?" + MASK
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_CHARS = re.compile(r"[\^$*+?()\[\]\\|{}]")
#: A path or URL inside free text: it starts the text or follows a space, quote, bracket or "=".
_PATH_TOKEN = re.compile(r"""(?:(?<=[\s'"(\[<=])|^)(?:[a-z][a-z0-9+.-]*://[^\s/'"<>?#]*)?/[^\s'"<>]*""")
#: Values shorter than this are only masked whole, not as words inside longer values.
MIN_WORD = 3
#: At most this many distinct values of one request are looked for in a record.
MAX_VALUES = 400

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "bronwijzer_log_request", default=None
)


# --------------------------------------------------------------------------- routes


def _route_parts(patterns: Iterable[Any], prefix: str = "") -> Iterator[str]:
    """Every route (as a string) under ``patterns``; regex patterns yield nothing."""
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = ""
        elif isinstance(pattern, RoutePattern):
            part = str(pattern)
        else:
            continue
        if isinstance(entry, URLResolver):
            yield from _route_parts(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield prefix + part


@functools.cache
def route_words() -> frozenset[str]:
    """The fixed path segments of every route, the language prefixes and the static prefix, and the
    placeholders of route variables as shapes write them (``<code>``: a shaped path stays as it is)."""
    words = {code for code, _name in settings.LANGUAGES}
    words.update(segment for segment in settings.STATIC_URL.split("/") if segment)
    for route in _route_parts(get_resolver().url_patterns):
        words.update(segment for segment in route.split("/") if segment and "<" not in segment)
        words.update(f"<{name}>" for name in _CONVERTER.findall(route))
    return frozenset(words)


@functools.cache
def _static_names() -> frozenset[str]:
    """The names (plain and hashed) of the files in the static files manifest; empty without one."""
    try:
        hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
        return frozenset(hashed) | frozenset(hashed.values())
    except Exception:  # no manifest, another storage: no static name is kept
        return frozenset()


def _django_ready() -> bool:
    return settings.configured and apps.ready


def _language_of(path: str) -> str:
    first = path.lstrip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return first if first in codes else settings.LANGUAGE_CODE


def _resolved_route(path: str) -> str | None:
    """The route ``path`` matches, its variables written as ``<name>``; None when none does."""
    try:
        with translation.override(_language_of(path)):
            route = resolve(path).route
    except Exception:  # Resolver404, a converter refusing the value, anything odd in the path
        return None
    if _REGEX_CHARS.search(route):  # a regex pattern (the API's catch-all, the admin's history)
        return None
    return "/" + _CONVERTER.sub(r"<\1>", route)


def _skeleton(path: str, words: frozenset[str]) -> str:
    segments = path.split("/")
    kept = [s if (not s or s in words) else MASK for s in segments]
    return "/".join(kept)


#: Paths that are their own shape ("/", "/api/v1/resources", "/static/web/site.<hash>.css"), so
#: the busiest pages skip the resolver. Only such paths are remembered: nothing a visitor chose.
_SELF_SHAPED: dict[str, None] = {}
SELF_SHAPED_MAX = 4096


def path_shape(path: str) -> str:
    """``path`` (decoded, without query) as its route, or its fixed words with everything else ``…``."""
    if path in _SELF_SHAPED:
        return path
    if not path.startswith("/"):
        return MASK if path not in ("", "*") else path
    if not _django_ready():
        return _skeleton(path, frozenset())
    static = settings.STATIC_URL
    if path.startswith(static):
        name = path[len(static) :]
        shape = path if name in _static_names() else _skeleton(path[: len(static)], route_words()) + MASK
    else:
        route = _resolved_route(path)
        shape = route if route is not None else _skeleton(path, route_words())
    if shape == path and len(_SELF_SHAPED) < SELF_SHAPED_MAX:
        _SELF_SHAPED[path] = None
    return shape


def url_shape(target: str) -> str:
    """A request target or URL as written in a log: origin (if any), path shape, ``?…`` for a query."""
    if not target or target == "-":
        return target
    parts = urlsplit(target)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    path = unquote(parts.path, errors="replace")
    if not path.startswith("/") and origin:
        path = "/" + path if path else ""
    shape = path_shape(path) if path else ""
    return origin + shape + (QUERY_MARK if parts.query else "")


# --------------------------------------------------------------------------- visitor values


def _value_forms(value: str, *, split_dots: bool = False) -> Iterator[str]:
    value = value.strip()
    if not value:
        return
    yield value
    yield quote(value, safe="")
    yield quote_plus(value, safe="")
    yield from (word for word in re.split(r"[\W_]+", value) if len(word) >= MIN_WORD)
    if split_dots:
        yield from (part for part in value.split(".") if part)


def visitor_values(request: HttpRequest) -> list[str]:
    """Everything the visitor sent with ``request`` that a log line must not repeat."""
    found: list[str] = []
    for key, values in request.GET.lists():
        found.extend(_value_forms(key))
        for value in values:
            found.extend(_value_forms(value))
    if "_post" in request.__dict__:  # only a form the view has read (never parse a body here)
        for key, values in request.__dict__["_post"].lists():
            found.extend(_value_forms(key))
            for value in values:
                found.extend(_value_forms(value))
    words = route_words() if _django_ready() else frozenset()
    for segment in (request.path or "").split("/"):
        if segment and segment not in words:
            found.extend(_value_forms(segment, split_dots=True))
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for value in [*match.args, *match.kwargs.values()]:
            found.extend(_value_forms(str(value), split_dots=True))
    unique = list(dict.fromkeys(v for v in found if v and v != MASK))
    return unique[:MAX_VALUES]


def _values_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = []
    for value in sorted(set(values), key=len, reverse=True):
        before = r"(?<!\w)" if re.match(r"\w", value) else ""
        after = r"(?!\w)" if re.search(r"\w$", value) else ""
        alternatives.append(before + re.escape(value) + after)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


# --------------------------------------------------------------------------- text


def text_redacted(text: str, values: Iterable[str] = ()) -> str:
    """``text`` with every path or URL written as :func:`url_shape` and every value masked."""
    pattern = _values_pattern(values)
    pieces = []
    position = 0
    for match in _PATH_TOKEN.finditer(text):
        pieces.append(_masked(text[position : match.start()], pattern))
        pieces.append(url_shape(match.group(0)))
        position = match.end()
    pieces.append(_masked(text[position:], pattern))
    return "".join(pieces)


def _masked(text: str, pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(MASK, text) if pattern is not None and text else text


def traceback_redacted(exc_info: _SysExcInfoType, values: Iterable[str] = ()) -> str:
    """A traceback as ``logging`` writes it: frames kept, the rest through :func:`text_redacted`."""
    values = list(values)
    chunks = traceback.format_exception(*exc_info)
    text = "".join(chunk if chunk.startswith("  File ") else text_redacted(chunk, values) for chunk in chunks)
    return text[:-1] if text.endswith("\n") else text


def traceback_text_redacted(text: str, values: Iterable[str] = ()) -> str:
    """A traceback already written as text: frame lines (``  File ...`` and the indented code
    under them) kept, every other line through :func:`text_redacted`."""
    values = list(values)
    lines = []
    in_frame = False
    for line in text.split("\n"):
        in_frame = line.startswith("  File ") or (in_frame and line.startswith("    "))
        lines.append(line if in_frame else text_redacted(line, values))
    return "\n".join(lines)


def current_request() -> HttpRequest | None:
    return _current_request.get()


class PrivateLogFilter(logging.Filter):
    """Rewrites each record as the module docstring says; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_bronwijzer_private", False):
            return True
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = current_request()
        try:
            values = visitor_values(request) if request is not None else []
        except Exception:  # a request too broken to read: mask paths at least
            values = []
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = text_redacted(message, values)
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = traceback_redacted(record.exc_info, values)
        elif record.exc_text:
            record.exc_text = traceback_text_redacted(record.exc_text, values)
        record._bronwijzer_private = True
        return True


class LogContextMiddleware:
    """Lets :class:`PrivateLogFilter` see the request being handled (first in ``MIDDLEWARE``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
