"""A server-side cache of whole public pages that never serves a stale page.

Anonymous ``GET`` and ``HEAD`` requests for public pages and the open API (the map,
search results, resource and organisation pages, ``/api/v1/...``, the feeds and the
sitemap) are answered from memory when the same page was rendered before *for the
same content*. Pages are kept in two places: each server process's own store (an LRU
bounded by ``BRONWIJZER_PAGE_CACHE_BYTES``, so a hot page costs no round trip), and Django's
cache framework (the ``pages`` cache: the database's cache table, or Redis or Memcached with
``BRONWIJZER_CACHE_URL``), where a page one worker rendered is found by every other worker
and server. Keys in the shared cache carry the fingerprint, so they are versioned by the
content itself: a page is only ever found under the content it was rendered for, and the
entries of an old version are simply never asked for again (they expire). What keeps every
process honest is the database:

**Freshness.** Before a page is looked up, one single-row query reads the
*fingerprint* of everything a public page shows:

* the catalog's content version (``ContentVersion``: counter and time), which every
  publish, import, edit, revert, delete and restore moves inside its own transaction
  (``catalog.services.content_changed``);
* the newest link-check run and the newest link state (``linkcheck``), because
  resource pages show whether their link works and when it was checked, and a
  ``checklinks`` run does not touch the content version;
* today's date (``Europe/Amsterdam``), because some pages say what is due or new
  relative to today.

A cached page is only served for the fingerprint it was rendered under, and a new
fingerprint empties the store. The fingerprint is read *before* the page is
rendered, so a page can only ever be stored under a fingerprint that is as old as or
older than its content; the first request after a change commits sees the new
fingerprint and gets a freshly rendered page, in every process. If the fingerprint
cannot be read (the database is down), the request takes the normal path and gets
the normal answer (the 503 page), never a page whose freshness could not be checked.

**What is never cached.** Anything but ``GET``/``HEAD``; requests with any cookie
(visitors get none: a cookie is an editor's session, who may see drafts, or a message
for one person) or an ``Authorization`` header; the back office,
static files, the Gesprekskit and anything carrying a kit code (nothing of a
visitor's kit is kept in server memory), the incident route and the report form;
responses other than ``200``, streaming responses, responses that set a cookie, say
``Cache-Control: private/no-store/no-cache`` or ``Vary: *``, that are bigger than a
sixteenth of the store, or whose view called :func:`skip` (a search that found
nothing is counted for the editors on every request).

**Keys.** Method, scheme, host, the full path with its query string, and the page's
language as ``LocaleMiddleware`` would choose it (here: from the ``/en/`` prefix); in the
shared cache a hash of these with the fingerprint.

**Why not Django's per-view cache.** ``cache_page`` and the cache middleware would have to
run after the locale, session and authentication middleware (so a hit would do their work),
they put ``Expires``/``max-age`` on the answer (browsers would then keep a page after a
publish), they keep answers to requests with cookies (editors' pages, keyed by cookie), and
their keys have a fixed prefix with no place for the content version. The rules above are
this module's; the storage is Django's.
Other ``Vary`` headers of the stored response must match the request's.

The middleware sits right after Django's ``SecurityMiddleware``: a hit skips the
CSP, sessions, locale, CSRF and authentication work, and is returned with every
header the full path added (CSP, isolation headers, ``Content-Language``, CORS on
the API), plus ``X-Cache: hit``. ``SecurityMiddleware`` still runs on every answer,
so HSTS follows the request's own scheme.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from bronwijzer.catalog.models import ContentVersion
from bronwijzer.linkcheck.models import LinkCheckRun, LinkState
from bronwijzer.web.middleware import STAFF_PREFIX

#: Paths (after an optional ``/en`` prefix) whose answers are never kept.
PRIVATE_PREFIXES = (
    STAFF_PREFIX,  # the back office
    "/static/",  # WhiteNoise serves these, with their own caching
    "/gesprekskit/",  # a visitor's kit lives in its URL: never in server memory
    "/er-is-iets-gebeurd/",  # the incident route's answers
)
#: Path parts that are never kept (the report form under a resource page).
PRIVATE_PARTS = ("/meld-een-fout/",)
#: Query parameters that carry (part of) a kit: the map passes the kit along in its links.
KIT_PARAMS = frozenset({"kit", "add", "remove", "up", "down"})
#: Longest full path (with query string) that is cached; longer ones take the normal path.
MAX_PATH = 2000
#: The store keeps no page bigger than this share of its capacity.
MAX_ENTRY_SHARE = 16
#: Bytes counted per entry beside the body and headers (the key, the objects around them).
ENTRY_OVERHEAD = 512
#: Vary headers the key already covers: the language comes from the URL (see ``_language``).
COVERED_VARY = frozenset({"accept-language"})
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")

#: The Django cache (settings.CACHES) every process shares pages through, and how long an entry lives.
SHARED_CACHE = "pages"
SHARED_TIMEOUT = 24 * 60 * 60  # the fingerprint holds today's date: no entry is asked for after a day

logger = logging.getLogger(__name__)

HIT = "hit"
MISS = "miss"
HEADER = "X-Cache"


def skip(request: HttpRequest) -> None:
    """Keep this request's response out of the cache (its view did something per request)."""
    request._page_cache_skip = True  # type: ignore[attr-defined]  # our own mark, read by the middleware


# --------------------------------------------------------------------------- freshness


def _fingerprint_sql(db) -> str:
    quote = db.ops.quote_name
    version = quote(ContentVersion._meta.db_table)
    run = quote(LinkCheckRun._meta.db_table)
    state = quote(LinkState._meta.db_table)
    return (
        f"SELECT (SELECT counter FROM {version} WHERE id = 1),"
        f" (SELECT changed_at FROM {version} WHERE id = 1),"
        f" (SELECT MAX(id) FROM {run}),"
        f" (SELECT MAX(checked_at) FROM {state})"
    )


_SQL: dict[str, str] = {}


class _ReadConnection(threading.local):
    """A connection of this thread kept open for the fingerprint, on SQLite only.

    Django opens and closes an SQLite connection per request (``CONN_MAX_AGE=0``), and
    opening one (its PRAGMAs) costs more than the rest of a cache hit. This connection is
    in autocommit mode, so each read sees what is committed at that moment, like any new
    connection would. It is dropped when the database file is no longer the one it opened
    (moved, deleted, replaced), so a database that is gone is noticed at once.
    """

    wrapper: BaseDatabaseWrapper | None = None
    file_id: tuple[int, int] | None = None

    def drop(self) -> None:
        if self.wrapper is not None:
            with contextlib.suppress(Exception):
                self.wrapper.close()
        self.wrapper = None
        self.file_id = None


_read = _ReadConnection()


def _fingerprint_connection():
    default = connections[DEFAULT_DB_ALIAS]
    if (
        default.vendor != "sqlite"
        or default.settings_dict.get("CONN_MAX_AGE") != 0
        or default.in_atomic_block  # a test's transaction: only its own connection sees its data
        or cast("SQLiteWrapper", default).is_in_memory_db()
    ):
        return default
    try:
        stat = os.stat(default.settings_dict["NAME"])
    except OSError:
        _read.drop()
        return default  # the normal connection fails as the rest of the request will
    file_id = (stat.st_dev, stat.st_ino)
    if _read.wrapper is None or _read.file_id != file_id:
        _read.drop()
        _read.wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
        _read.file_id = file_id
    return _read.wrapper


def fingerprint() -> tuple:
    """What every public page depends on, read from the database in one query (see the module doc).

    Raises the database's error when it cannot be read.
    """
    db = _fingerprint_connection()
    sql = _SQL.get(db.vendor)
    if sql is None:
        sql = _SQL[db.vendor] = _fingerprint_sql(db)
    try:
        with db.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    except Error:
        if db is _read.wrapper:
            _read.drop()
        raise
    return (*row, timezone.localdate().toordinal())


# --------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    vary: tuple[tuple[str, str], ...]  # (request META key, value) the response varies on
    size: int

    def matches(self, request: HttpRequest) -> bool:
        return all(request.META.get(name, "") == value for name, value in self.vary)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        response[HEADER] = HIT
        return response


class PageStore:
    """An LRU of :class:`CachedPage` under one fingerprint, bounded in bytes; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._fingerprint: tuple | None = None
        self.generation = 0  # part of every shared key: clear() forgets the shared pages too
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._pages)

    def _switch(self, fingerprint: tuple) -> None:
        if fingerprint != self._fingerprint:
            self._pages.clear()
            self.bytes = 0
            self._fingerprint = fingerprint

    def get(self, fingerprint: tuple, key: tuple, request: HttpRequest) -> CachedPage | None:
        with self._lock:
            self._switch(fingerprint)
            page = self._pages.get(key)
            if page is None or not page.matches(request):
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, fingerprint: tuple, key: tuple, page: CachedPage, capacity: int) -> None:
        with self._lock:
            if fingerprint != self._fingerprint:
                return  # rendered under a fingerprint that has moved on since
            old = self._pages.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._pages[key] = page
            self.bytes += page.size
            while self.bytes > capacity and self._pages:
                _, evicted = self._pages.popitem(last=False)
                self.bytes -= evicted.size

    def clear(self) -> None:
        """Forget every page this process can see: its own, and (by a new key generation) the shared ones.

        Only tests call it (a rolled-back database can show an old fingerprint over new content).
        """
        with self._lock:
            self._pages.clear()
            self.bytes = 0
            self._fingerprint = None
            self.generation += 1


#: One store per server process (gunicorn workers each have their own).
store = PageStore()


def _shared_key(fingerprint: tuple, key: tuple) -> str:
    digest = hashlib.sha256(repr((store.generation, fingerprint, key)).encode()).hexdigest()
    return f"page:{digest}"


def shared_get(fingerprint: tuple, key: tuple, request: HttpRequest) -> CachedPage | None:
    """The page from the shared cache, if another process (or this one) kept it for this fingerprint."""
    try:
        page = caches[SHARED_CACHE].get(_shared_key(fingerprint, key))
    except Exception:  # the cache server is away: render the page, as without a cache
        logger.warning("The shared page cache could not be read", exc_info=True)
        return None
    if not isinstance(page, CachedPage) or not page.matches(request):
        return None
    return page


def shared_put(fingerprint: tuple, key: tuple, page: CachedPage) -> None:
    try:
        caches[SHARED_CACHE].set(_shared_key(fingerprint, key), page, SHARED_TIMEOUT)
    except Exception:
        logger.warning("The shared page cache could not be written", exc_info=True)


# --------------------------------------------------------------------------- requests and responses


def _language(request: HttpRequest) -> str:
    """The language ``LocaleMiddleware`` will activate for this request (it has not run yet)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language_from_path = translation.get_language_from_path(request.path_info)
    if language_from_path:
        return language_from_path
    if i18n_patterns_used and not prefixed_default_language:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def _private_path(path: str) -> bool:
    if path == "/en" or path.startswith("/en/"):
        path = path[3:] or "/"
    return path.startswith(PRIVATE_PREFIXES) or any(part in path for part in PRIVATE_PARTS)


def request_key(request: HttpRequest) -> tuple | None:
    """The cache key of a request, or None when its answer must not be cached."""
    if request.method not in ("GET", "HEAD"):
        return None
    if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
        return None  # visitors get no cookies: a cookie is an editor's session, messages, ...
    if _private_path(request.path_info):
        return None
    if request.GET and not KIT_PARAMS.isdisjoint(request.GET.keys()):
        return None
    full_path = request.get_full_path()
    if len(full_path) > MAX_PATH:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the normal path answers 400
    return (request.method, request.scheme, host, full_path, _language(request))


def _vary(request: HttpRequest, response: HttpResponse) -> tuple[tuple[str, str], ...] | None:
    """The request headers the response varies on, with their values; None when it must not be kept."""
    if not response.has_header("Vary"):
        return ()
    pairs = []
    for header in cc_delim_re.split(response["Vary"]):
        name = header.strip().lower()
        if not name or name in COVERED_VARY:
            continue
        if name == "*":
            return None
        meta = "HTTP_" + name.upper().replace("-", "_")
        if name == "cookie" and request.META.get(meta):
            return None  # perhaps personal: only cookie-less answers are shared
        pairs.append((meta, request.META.get(meta, "")))
    return tuple(pairs)


def cached_page(request: HttpRequest, response: HttpResponse, capacity: int) -> CachedPage | None:
    """The response as a :class:`CachedPage`, or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if getattr(request, "_page_cache_skip", False):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in NO_STORE_DIRECTIVES):
        return None
    vary = _vary(request, response)
    if vary is None:
        return None
    content = response.content
    headers = tuple((name, value) for name, value in response.items() if name.lower() != "set-cookie")
    size = len(content) + sum(len(n) + len(v) for n, v in headers) + ENTRY_OVERHEAD
    if size > capacity // MAX_ENTRY_SHARE:
        return None
    return CachedPage(response.status_code, headers, content, vary, size)


class PageCacheMiddleware:
    """Serve anonymous public pages from memory while their fingerprint holds (see the module doc).

    Put it right after ``django.middleware.security.SecurityMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        capacity = settings.PAGE_CACHE_BYTES
        key = request_key(request) if capacity > 0 else None
        if key is None:
            return self.get_response(request)
        try:
            current = fingerprint()
        except Error:
            return self.get_response(request)  # freshness unknown: the normal path answers
        page = store.get(current, key, request)
        if page is None:
            page = shared_get(current, key, request)
            if page is not None:
                store.put(current, key, page, capacity)
        if page is not None:
            return page.response()
        response = self.get_response(request)
        page = cached_page(request, response, capacity)
        if page is not None:
            store.put(current, key, page, capacity)
            shared_put(current, key, page)
            response[HEADER] = MISS
        return response
