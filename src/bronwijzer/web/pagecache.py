"""Whole public pages kept in Django's caches: never stale, and a visitor's words never in a shared store.

A view says whether its answer may be kept (``bronwijzer.lib.httpcache``): ``public_page`` sets
``Cache-Control: public, max-age=0``, ``private_page`` is Django's ``never_cache``. This middleware
keeps only answers that say ``public`` (and not ``private``/``no-store``/``no-cache``), so a new
view is private until it says otherwise, and no list of paths decides.

**Where pages are kept.** Two of Django's caches (``settings.CACHES``):

* ``pages-local``: each server process's own memory (``lib.memorycache.BoundedMemoryCache``,
  Django's ``LocMemCache`` bounded by ``BRONWIJZER_PAGE_CACHE_BYTES``), so a hot page costs no
  round trip;
* ``pages``: shared by every worker and server (the database's cache table ``bronwijzer_pages``,
  or Redis or Memcached with ``BRONWIJZER_CACHE_URL``), so a page one worker rendered is found
  by every other.

**Privacy.** An address with a query string (search words, ``?q=``, and anything else a visitor
typed or chose) is kept in process memory only, never in the shared cache: what a visitor typed
is never written to a database or a cache server. It is gone when the process stops, or sooner.

**Keys.** Django's own (``django.utils.cache.get_cache_key``/``learn_cache_key``: method, the full
address, the request headers the answer varies on, the language), with a key prefix made of the
*fingerprint* (below), the page's language as ``LocaleMiddleware`` will choose it (from the
``/en/`` prefix), a generation that :func:`clear` moves on, and a digest of the code that renders
pages (:func:`code_digest`: the package's files), so that a new release never serves the shared
pages its predecessor rendered. A page is only ever found under the content and code it was
rendered with; entries of an old fingerprint are never asked for again and expire.

**Freshness.** Before a page is looked up, one single-row query reads the fingerprint of
everything a public page shows:

* the catalog's content version (``ContentVersion``: counter and time), which every publish,
  import, edit, revert, delete and restore moves inside its own transaction
  (``catalog.services.content_changed``);
* the newest link-check run and the newest link state (``linkcheck``), because
  resource pages show whether their link works and when it was checked, and a
  ``checklinks`` run does not touch the content version;
* today's date (``Europe/Amsterdam``), because some pages say what is due or new
  relative to today;
* the content version of the search index this process answers from (read from memory,
  no query), which lags the database's while a new index is being built beside it
  (``search.engine``): a page rendered from the old index is kept as the old index's,
  never as the new content's.

A new fingerprint also empties the process's memory at once; the shared cache's old entries
(pages without a visitor's words) are never asked for again and expire.

The fingerprint is read *before* the page is rendered, so a page is never stored under a newer
fingerprint than its content. If it cannot be read (the database is down), the request takes
the normal path (the 503 page), never a page whose freshness could not be checked. On SQLite the
read goes through a connection this module keeps open per thread (Django opens and closes one per
request there, ``CONN_MAX_AGE=0``): measured 0.08 ms a read against 3.5 ms with a new connection,
which would be most of a hit. Django's cache backends have no part for this read.

**What is never kept, besides private views.** Anything but ``GET``/``HEAD``; requests with any
cookie (visitors get none: a cookie is an editor's session or a message for one person) or an
``Authorization`` header, or ``PAGE_CACHE_OFF`` in their environ (the static build);
answers other than ``200``, streaming answers, answers that set a
cookie or say ``Vary: *``, answers bigger than a sixteenth of the process's store, and answers
whose view called :func:`skip` (a search that found nothing is counted on every request).

**Why not Django's ``CacheMiddleware``/``cache_page`` as they are.** They would run after the
locale, session and authentication middleware (a hit would do their work), put ``Expires`` and
``max-age`` on the answer (browsers would keep a page after a publish), keep answers to requests
with cookies, and know one cache, where a visitor's words must stay out of the shared one. So this
middleware uses their key helpers and Django's caches, with the rules above.

It sits right after Django's ``SecurityMiddleware``: a hit skips the CSP, sessions, locale, CSRF
and authentication work and is returned with every header the full path added (CSP, isolation
headers, ``Content-Language``, CORS on the API), plus ``X-Cache: hit``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, get_cache_key, learn_cache_key

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from bronwijzer.catalog.models import ContentVersion
from bronwijzer.lib.httpcache import PAGE_CACHE_OFF
from bronwijzer.linkcheck.models import LinkCheckRun, LinkState
from bronwijzer.search.engine import search_index_version_served

#: Longest full path (with query string) that is kept; longer ones take the normal path.
MAX_PATH = 2000
#: The process's store keeps no page bigger than this share of its capacity.
MAX_ENTRY_SHARE = 16
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")

#: The Django caches (settings.CACHES): this process's memory, and the one every process shares.
LOCAL_CACHE = "pages-local"
SHARED_CACHE = "pages"
TIMEOUT = 24 * 60 * 60  # the fingerprint holds today's date: no entry is asked for after a day

logger = logging.getLogger(__name__)

HIT = "hit"
MISS = "miss"
HEADER = "X-Cache"

#: Part of every key: :func:`clear` moves it on, so nothing kept before is found again.
generation = 0
#: The fingerprint this process saw last: a new one empties its memory (old pages are never asked for).
_seen: tuple | None = None


def skip(request: HttpRequest) -> None:
    """Keep this request's response out of the cache (its view did something per request)."""
    request._page_cache_skip = True  # type: ignore[attr-defined]  # our own mark, read by the middleware


def clear() -> None:
    """Forget every page: this process's own, and (by a new key generation) the shared ones.

    Only tests call it (a rolled-back database can show an old fingerprint over new content).
    """
    global generation
    generation += 1
    caches[LOCAL_CACHE].clear()


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
    return (*row, timezone.localdate().toordinal(), search_index_version_served())


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


def may_look_up(request: HttpRequest) -> bool:
    """Whether the answer to this request may come from (and go to) the page cache at all."""
    if request.method not in ("GET", "HEAD") or request.META.get(PAGE_CACHE_OFF):
        return False
    if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
        return False  # visitors get no cookies: a cookie is an editor's session, messages, ...
    if len(request.get_full_path()) > MAX_PATH:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False  # the normal path answers 400
    return True


def caches_for(request: HttpRequest) -> tuple[BaseCache, ...]:
    """Where this request's page may be kept: memory only when its address carries a query string."""
    if request.META.get("QUERY_STRING"):
        return (caches[LOCAL_CACHE],)
    return (caches[LOCAL_CACHE], caches[SHARED_CACHE])


def code_digest(root: Path) -> str:
    """A digest of the files under ``root`` (name, size and time of change of each): it moves with
    every new release of the templates, translations or code, and costs a few milliseconds."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            status = path.stat()
            digest.update(f"{path.relative_to(root)}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@functools.cache
def _release() -> str:
    """This process's code (:func:`code_digest` of the package), read once."""
    return code_digest(Path(__file__).resolve().parent.parent)


def key_prefix(request: HttpRequest, current: tuple) -> str:
    digest = hashlib.sha256(repr((generation, _release(), current)).encode()).hexdigest()[:32]
    return f"{digest}.{_language(request)}"


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the view said its answer is public, and nothing about it is personal."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "_page_cache_skip", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if "public" not in directives or not directives.isdisjoint(NO_STORE_DIRECTIVES):
        return False
    vary = {v.strip() for v in cc_delim_re.split(response.get("Vary", ""))}
    if "*" in vary:
        return False
    return len(response.content) <= settings.PAGE_CACHE_BYTES // MAX_ENTRY_SHARE


def _get(cache: BaseCache, request: HttpRequest, prefix: str) -> HttpResponse | None:
    try:
        key = get_cache_key(request, prefix, cast(str, request.method), cache=cache)
        return None if key is None else cache.get(key)
    except Exception:  # the cache server is away: render the page, as without a cache
        logger.warning("The page cache could not be read", exc_info=True)
        return None


def _put(cache: BaseCache, request: HttpRequest, response: HttpResponse, prefix: str) -> None:
    try:
        cache.set(learn_cache_key(request, response, TIMEOUT, prefix, cache=cache), response, TIMEOUT)
    except Exception:
        logger.warning("The page cache could not be written", exc_info=True)


def _forget_older(current: tuple) -> None:
    """Empty this process's memory when the fingerprint moved: its pages (search pages among them)
    would never be asked for again, and need not wait to be pushed out."""
    global _seen
    if current != _seen:
        caches[LOCAL_CACHE].clear()
        _seen = current


class PageCacheMiddleware:
    """Serve public pages from Django's caches while their fingerprint holds (see the module doc).

    Put it right after ``django.middleware.security.SecurityMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PAGE_CACHE_BYTES <= 0 or not may_look_up(request):
            return self.get_response(request)
        try:
            current = fingerprint()
        except Error:
            return self.get_response(request)  # freshness unknown: the normal path answers
        _forget_older(current)
        prefix = key_prefix(request, current)
        stores = caches_for(request)
        with translation.override(_language(request)):  # Django's keys end in the active language
            for tier, cache in enumerate(stores):
                page = _get(cache, request, prefix)
                if page is not None:
                    for nearer in stores[:tier]:
                        _put(nearer, request, page, prefix)
                    page[HEADER] = HIT
                    return page
        response = self.get_response(request)
        if storable(request, response):
            response[HEADER] = MISS
            for cache in stores:
                _put(cache, request, response, prefix)
        return response
