"""The page cache (bronwijzer.web.pagecache): pages come from memory, never stale, never private.

Every change goes through the real services (publish, unpublish, an editor's review, a
link-check run against a local server); the next request shows it, on every kind of
cached page, in one process and across separate server processes.
"""

from __future__ import annotations

import base64
import gzip
import importlib.util
import json
import pickle
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import add_never_cache_headers

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.linkcheck import services as linkcheck_services
from bronwijzer.search.models import ZeroResultQuery
from bronwijzer.web import pagecache
from bronwijzer.web.pagecache import HEADER, HIT, MISS
from tests.linkcheck.servers import LocalServers, Reply
from tests.support import content
from tests.support.liveserver import live_server, manage

SLUG = "escaperoom-het-stopt-bij-jou"

#: One URL of every kind of cached page, and what tells whether the resource is on it.
KINDS = {
    "map": "/",
    "map in English": "/en/",
    "search": "/?q=escaperoom",
    "filtered map": "/?format=escaperoom",
    "API list": "/api/v1/resources?limit=100",
    "API search": "/api/v1/resources?q=escaperoom",
}


def warm(client, url: str, **extra):
    """Request ``url`` until it comes from the cache; return that response."""
    first = client.get(url, **extra)
    assert first.status_code == 200, url
    assert first[HEADER] == MISS, url
    second = client.get(url, **extra)
    assert second[HEADER] == HIT, url
    assert second.content == first.content
    return second


def shows(response) -> bool:
    if response["Content-Type"].startswith("application/json"):
        return SLUG in [r["slug"] for r in json.loads(response.content)["results"]]
    return f"/bron/{SLUG}/" in response.content.decode()


@pytest.fixture
def resource(default_map_module, db):
    return Resource.objects.get(slug=SLUG)


def test_the_second_request_is_served_from_memory_with_one_query(client, resource):
    first = client.get("/")
    assert first[HEADER] == MISS
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second[HEADER] == HIT
    assert len(queries) == 1  # the fingerprint, nothing else
    assert second.content == first.content


def local_store():
    return caches[pagecache.LOCAL_CACHE]


def another_process():
    """This process as a worker that has rendered nothing yet: its own memory empty."""
    local_store().clear()


def test_a_page_one_process_rendered_is_found_by_another_in_django_s_cache(client, resource):
    first = client.get("/")
    assert first[HEADER] == MISS
    another_process()
    second = client.get("/")
    assert second[HEADER] == HIT and second.content == first.content
    with CaptureQueriesContext(connection) as queries:
        third = client.get("/")
    assert third[HEADER] == HIT and len(queries) == 1, "and kept in that process's own memory from then on"


def test_a_shared_page_is_never_served_for_newer_content(client, resource):
    assert shows(client.get("/"))
    services.resource_unpublish(resource)
    another_process()
    response = client.get("/")
    assert response[HEADER] == MISS and not shows(response)


def shared_cache_rows() -> list[tuple[str, str]]:
    """Every (key, value) the shared page cache holds: the database's cache table here."""
    table = connection.ops.quote_name(caches[pagecache.SHARED_CACHE]._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")
        return cursor.fetchall()


def cached_text(value: str) -> str:
    """A kept value as text: the raw pickle, and a kept page's body (unpacked when gzipped)."""
    pickled = base64.b64decode(value)
    kept = pickle.loads(pickled)  # our own test database's cache table
    text = pickled.decode("latin-1")
    if isinstance(kept, HttpResponse):
        body = kept.content
        if kept.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        text += "\n" + body.decode()
    return text


WORD = "zqxgeheimzoekwoord"
#: Addresses with what a visitor typed: a search with an echoed extra word, in both languages, and the API.
TYPED = (f"/?q=escaperoom&thema={WORD}", f"/en/?q=escaperoom&thema={WORD}", "/api/v1/resources?q=escaperoom")


def test_a_visitors_search_words_never_reach_the_shared_cache(client, resource):
    for url in TYPED:
        for encoding in ("", "gzip"):
            first = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
            assert first[HEADER] == MISS, url
            second = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
            assert second[HEADER] == HIT, url  # from this process's memory
    assert WORD in client.get(TYPED[0]).content.decode()  # the page shows what was typed
    assert HEADER not in client.get(f"/?q={WORD}")  # a search that finds nothing is not kept at all
    assert shared_cache_rows() == [], "nothing of a request with a query string is in the shared cache"
    another_process()
    assert client.get(TYPED[0])[HEADER] == MISS, "so another process renders it itself"

    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip")[HEADER] == MISS  # a page without words is shared
    rows = shared_cache_rows()
    text = "\n".join(key + "\n" + cached_text(value) for key, value in rows)
    assert "Bronwijzer" in text  # the check reads the kept pages themselves
    assert WORD not in text.lower() and "escaperoom" not in "".join(key for key, _ in rows)


def test_a_cache_server_that_is_away_means_rendering_not_an_error(client, resource, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    if importlib.util.find_spec("redis") is None:
        pytest.skip("the redis client is not installed")
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200


def test_a_hit_carries_every_header_of_the_page_it_replays(client, resource):
    for url in ("/", "/en/", resource.get_absolute_url(), "/api/v1/resources?q=ouders", "/embed/"):
        first = client.get(url)
        second = client.get(url)
        assert second[HEADER] == HIT, url
        expected = {k: v for k, v in first.items() if k != HEADER}
        assert {k: v for k, v in second.items() if k != HEADER} == expected, url
        for name in ("Content-Security-Policy", "Permissions-Policy", "Cross-Origin-Resource-Policy"):
            assert second[name], (url, name)
        assert second["X-Content-Type-Options"] == "nosniff"
    assert client.get("/api/v1/resources?q=ouders")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("kind", KINDS)
def test_unpublishing_and_publishing_show_on_the_very_next_request(client, resource, kind):
    url = KINDS[kind]
    assert shows(warm(client, url))
    services.resource_unpublish(resource)
    response = client.get(url)
    assert response[HEADER] == MISS
    assert not shows(response)
    assert not shows(client.get(url))
    content.resource_publish(resource)
    assert shows(client.get(url))


def test_a_change_empties_the_process_memory_of_searches_at_once(client, resource):
    warm(client, "/?q=escaperoom")
    services.resource_unpublish(resource)
    assert client.get("/hulp/")[HEADER] == MISS
    assert len(local_store()._cache) == 2  # only /hulp/ (its page and Django's list of Vary headers)


def test_a_resource_page_goes_and_comes_back_with_its_resource(client, resource):
    url = resource.get_absolute_url()
    warm(client, url)
    api = f"/api/v1/resources/{SLUG}"
    warm(client, api)
    services.resource_unpublish(resource)
    assert client.get(url).status_code == 404
    assert client.get(api).status_code == 404
    content.resource_publish(resource)
    assert client.get(url).status_code == 200
    assert client.get(api).status_code == 200


def test_an_editors_confirmation_shows_at_once(client, resource):
    import datetime as dt

    url = resource.get_absolute_url()
    warm(client, url)
    services.resource_mark_reviewed(resource, on=dt.date(2026, 3, 14))
    assert "14 maart 2026" in client.get(url).content.decode()


def test_a_link_check_shows_at_once_on_the_resource_page(client, resource):
    url = resource.get_absolute_url()
    assert "Deze link is nog niet automatisch gecontroleerd." in warm(client, url).content.decode()
    with LocalServers(lambda request: Reply(404, "weg")) as servers:
        options = linkcheck_services.default_options(
            connect_to=("127.0.0.1", servers.ports["127.0.0.1"]), retries=0, timeout=5
        )
        linkcheck_services.link_check_run(urls=[resource.url], options=options)
    assert "Deze link werkte niet bij de laatste controle" in client.get(url).content.decode()


def test_the_two_languages_never_mix(client, resource):
    dutch = warm(client, "/").content.decode()
    english = client.get("/en/")
    assert english[HEADER] == MISS
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="nl"' in dutch
    # the language comes from the URL: a browser asking for English still gets the Dutch page at /
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode() == dutch
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="nl")["Content-Language"] == "en"


def test_logged_in_editors_neither_get_nor_fill_cached_pages(client, resource):
    url = resource.get_absolute_url()
    warm(client, url)
    services.resource_unpublish(resource)
    staff = get_user_model().objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(staff)
    preview = client.get(url)
    assert preview.status_code == 200  # the draft preview, for staff only
    assert HEADER not in preview
    assert HEADER not in client.get("/")
    assert HEADER not in client.get("/")
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get("/")[HEADER] == MISS  # what staff saw was not kept


def test_a_request_with_any_cookie_takes_the_normal_path(client, resource):
    warm(client, "/")
    client.cookies["messages"] = "a message for one person"
    assert HEADER not in client.get("/")


def test_nothing_of_a_kit_is_kept(client, resource):
    code = "AbCdEfGh1234"
    for url in ("/gesprekskit/", "/en/gesprekskit/", f"/?kit={code}", f"/bron/{SLUG}/?kit={code}"):
        client.get(url)
        response = client.get(url)
        assert HEADER not in response, url
    assert local_store().size() == 0


def test_private_routes_are_never_kept(client, resource):
    for url in ("/er-is-iets-gebeurd/", f"/bron/{SLUG}/meld-een-fout/", "/redactie/login/"):
        client.get(url)
        assert HEADER not in client.get(url), url
    assert local_store().size() == 0


def test_a_search_that_finds_nothing_is_counted_every_time_so_never_kept(client, resource):
    for _ in range(3):
        response = client.get("/?q=qqxyzzyqq")
        assert HEADER not in response
    assert ZeroResultQuery.objects.get(query="qqxyzzyqq").count == 3


def public(content="ok", **kwargs) -> HttpResponse:
    return HttpResponse(content, headers={"Cache-Control": "public, max-age=0"}, **kwargs)


def test_only_what_the_view_declared_public_and_nothing_personal_is_kept(settings):
    request = RequestFactory().get("/")
    assert pagecache.storable(request, public())
    assert not pagecache.storable(request, HttpResponse("ok")), "a view that says nothing is not kept"
    with_cookie = public()
    with_cookie.set_cookie("x", "y")
    never = HttpResponse("ok")
    add_never_cache_headers(never)
    varies = public()
    varies["Vary"] = "*"
    gone = public("gone", status=410)
    for response in (
        with_cookie,
        never,
        varies,
        gone,
        HttpResponse("ok", headers={"Cache-Control": "private"}),
    ):
        assert not pagecache.storable(request, response)
    assert not pagecache.storable(
        request, public(b"x" * (settings.PAGE_CACHE_BYTES // pagecache.MAX_ENTRY_SHARE + 1))
    )
    assert not pagecache.may_look_up(RequestFactory().get("/", HTTP_COOKIE="csrftoken=abc"))
    assert not pagecache.may_look_up(RequestFactory().get("/", HTTP_AUTHORIZATION="Bearer x"))
    assert not pagecache.may_look_up(RequestFactory().post("/"))


def test_the_store_stays_within_its_size(client, resource, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages-local": {**settings.CACHES["pages-local"], "OPTIONS": {"MAX_BYTES": 1_000_000}},
    }
    for word in ("ouders", "sexting", "school", "video", "training", "hulp", "politie", "gesprek"):
        client.get(f"/?q={word}")
        client.get(f"/api/v1/resources?q={word}")
    assert 0 < local_store().size() <= 1_000_000
    settings.PAGE_CACHE_BYTES = 0
    assert HEADER not in client.get("/")


def test_the_middleware_runs_before_the_rest(settings):
    assert settings.MIDDLEWARE[:3] == [
        "django.middleware.security.SecurityMiddleware",
        "bronwijzer.web.pagecache.PageCacheMiddleware",
        "csp.middleware.CSPMiddleware",
    ]


# --- separate server processes ---------------------------------------------------------------------


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def run_service(data_dir, call: str) -> None:
    code = (
        "from bronwijzer.catalog.models import Resource; from tests.support import content; "
        f"content.{call}(Resource.objects.get(slug={SLUG!r}))"
    )
    manage(data_dir, "shell", "-c", code)


PAGES = ("/", "/?q=escaperoom", f"/bron/{SLUG}/", "/api/v1/resources?q=escaperoom")


def answers(servers, path: str, requests: int = 8) -> list[tuple[int, str | None, bool]]:
    """(status, X-Cache, resource shown) of many requests to every server (each a new connection)."""
    seen = []
    for server in servers:
        for _ in range(requests):
            status, headers, body = fetch(server.url + path)
            seen.append((status, headers.get(HEADER), f"/bron/{SLUG}/" in body or f'"{SLUG}"' in body))
    return seen


def test_two_servers_on_one_database_never_serve_a_stale_page(tmp_path):
    """Two `bronwijzer serve` (two gunicorn workers each: four processes with their own memory) on one
    SQLite database; the change is made by a third process, as an editor's would be."""
    data_dir = tmp_path / "site"
    with live_server(data_dir) as one, live_server(data_dir) as two:
        # a page is rendered once, not once per worker: the workers share Django's cache
        kept = [fetch(one.url + "/organisaties/")[1].get(HEADER) for _ in range(12)]
        assert kept == [MISS] + [HIT] * 11, kept
        for path in PAGES:
            seen = answers((one, two), path)
            assert {status for status, _, _ in seen} == {200}
            assert HIT in {cache for _, cache, _ in seen}, path
            assert all(found for _, _, found in seen), path
        run_service(data_dir, "resource_unpublish")
        for path in PAGES:
            seen = answers((one, two), path)
            if path.startswith("/bron/"):
                assert {status for status, _, _ in seen} == {404}
            else:
                assert not any(found for _, _, found in seen), path
        run_service(data_dir, "resource_publish")
        for path in PAGES:
            assert all(status == 200 and found for status, _, found in answers((one, two), path)), path

        # the database gone: the 503 page, never a cached page whose freshness cannot be checked
        away = tmp_path / "away"
        data_dir.rename(away)
        try:
            for server in (one, two):
                for _ in range(4):
                    status, headers, html = fetch(server.url + "/")
                    assert status == 503 and HEADER not in headers
                    assert "Bronwijzer is even niet beschikbaar" in html
        finally:
            away.rename(data_dir)
        assert fetch(one.url + "/")[0] == 200


def test_a_new_release_never_serves_the_shared_pages_the_old_one_rendered(client, resource, monkeypatch):
    assert client.get("/veilig-gebruik/")[HEADER] == MISS
    another_process()
    assert client.get("/veilig-gebruik/")[HEADER] == HIT  # same code: shared
    another_process()
    monkeypatch.setattr(pagecache, "_release", lambda: "the-next-release")
    assert client.get("/veilig-gebruik/")[HEADER] == MISS, "templates or translations may have changed"


def test_the_code_digest_moves_when_a_file_of_the_package_changes(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("oud")
    before = pagecache.code_digest(tmp_path)
    assert pagecache.code_digest(tmp_path) == before
    page.write_text("nieuwe tekst")
    assert pagecache.code_digest(tmp_path) != before
