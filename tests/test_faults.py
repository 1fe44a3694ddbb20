"""A database that is down or read-only: a friendly 503 (page or JSON), no trace, and recovery
without a restart, through the real database layer and, at the end, the real production server."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest
from django.db import IntegrityError, InterfaceError, InternalError, OperationalError, connection, connections
from django.test import Client, RequestFactory
from django.urls import get_resolver

from bronwijzer.lib import dbfaults
from tests.support.liveserver import live_server

UNREACHABLE = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
LEAKS = ("Traceback", "OperationalError", "InternalError", "Connection refused", "readonly", "read-only")


def assert_friendly_page(response, settings, *, lang="nl") -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(dbfaults.RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'href="/static/web/site.css"' in html
    assert f'href="{settings.QUICK_EXIT_URL}" class="quick-exit__button"' in html
    assert 'href="tel:112"' in html
    if lang == "nl":
        assert "Bronwijzer is even niet beschikbaar" in html
        assert "Probeer het over een minuut opnieuw." in html
    else:
        assert "Bronwijzer is temporarily unavailable" in html
    for leak in LEAKS:
        assert leak not in html
    return html


def assert_json_503(response) -> dict:
    assert response.status_code == 503
    assert response["Retry-After"] == str(dbfaults.RETRY_AFTER)
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body == {"detail": dbfaults.DETAIL_503, "status": 503}
    return body


@pytest.fixture
def unreachable(monkeypatch):
    """The database server cannot be reached: every attempt to use the connection fails as
    psycopg's connection refusal does, until ``monkeypatch.undo()`` (the server is back)."""
    monkeypatch.setattr(connections["default"], "ensure_connection", _refuse)
    return monkeypatch


def fault_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bronwijzer.faults"]


@pytest.mark.django_db
def test_a_page_is_a_friendly_503_while_the_database_is_unreachable_and_200_once_it_is_back(
    client, default_map, settings, unreachable, caplog
):
    settings.QUICK_EXIT_URL = "https://neutral.example/"
    caplog.set_level(logging.ERROR, logger="bronwijzer.faults")
    assert_friendly_page(client.get("/"), settings)
    assert_friendly_page(client.get("/bron/mediadiamant/"), settings)

    [first, _second] = fault_lines(caplog)
    assert first.getMessage() == (
        f"Database unavailable on GET / (OperationalError: {UNREACHABLE}); answered 503"
    )
    assert first.exc_info is None  # one line, no traceback in the log either

    unreachable.undo()
    assert client.get("/").status_code == 200
    assert client.get("/bron/mediadiamant/").status_code == 200


@pytest.mark.django_db
def test_english_pages_get_the_page_in_english_with_the_dutch_beside_it(
    client, default_map, settings, unreachable
):
    html = assert_friendly_page(client.get("/en/"), settings, lang="en")
    assert '<p lang="nl" class="notice">Bronwijzer is even niet beschikbaar.' in html
    assert 'href="/en/"' in html


@pytest.mark.django_db
def test_the_back_office_gets_the_page_too(client, admin_user, default_map, settings, monkeypatch):
    client.force_login(admin_user)
    monkeypatch.setattr(connections["default"], "ensure_connection", _refuse)
    assert_friendly_page(client.get("/redactie/catalog/resource/"), settings)
    monkeypatch.undo()
    assert client.get("/redactie/catalog/resource/").status_code == 200


def _refuse(*args, **kwargs):
    raise OperationalError(UNREACHABLE)


@pytest.mark.django_db
def test_the_api_answers_json_503_while_the_database_is_unreachable_and_200_once_it_is_back(
    client, default_map, unreachable
):
    for path in ("/api/v1/resources?q=ouders", "/api/v1/helplines", "/api/v1/resources/mediadiamant"):
        response = client.get(path)
        assert_json_503(response)
        assert response["Access-Control-Allow-Origin"] == "*"
    unreachable.undo()
    assert client.get("/api/v1/resources?q=ouders").status_code == 200


def _read_only(on: bool) -> None:
    """Make the database refuse writes, for real: SQLite's query_only, PostgreSQL's read-only
    transactions (what a hot standby does)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        else:
            cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")


@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_gives_503_on_a_write_and_the_site_recovers(client, default_map, settings):
    url = "/?q=qqxyzzyqq"  # finds nothing, so the query is counted for the editors: a write
    assert client.get(url).status_code == 200
    assert client.get("/").status_code == 200
    _read_only(True)
    try:
        assert client.get("/").status_code == 200  # reading still works
        assert_friendly_page(client.get(url), settings)
        if connection.vendor == "postgresql":
            assert connection.connection is None, "the connection was not closed after the fault"
    finally:
        _read_only(False)
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_fault_the_connection_is_closed_so_the_next_request_reconnects(client, default_map):
    assert client.get("/").status_code == 200
    wrapper = connections["default"]
    closed = []
    real_close = wrapper.close
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wrapper, "ensure_connection", _refuse)
        patch.setattr(wrapper, "close", lambda: (closed.append(True), real_close()))
        assert client.get("/").status_code == 503
        assert closed == [True]
    assert client.get("/").status_code == 200


def test_the_page_renders_with_database_access_blocked(settings):
    """No django_db mark: pytest-django makes any query here fail the test."""
    response = dbfaults.fault_response(RequestFactory().get("/bron/iets/"), OperationalError("gone"))
    assert_friendly_page(response, settings)


def test_the_log_line_writes_the_path_as_its_route(caplog):
    caplog.set_level(logging.ERROR, logger="bronwijzer.faults")
    request = RequestFactory().get("/gesprekskit/AbCdEf123456xyz/ouders/ar/")
    response = dbfaults.fault_response(request, OperationalError("database is locked"))
    assert response.status_code == 503
    [line] = fault_lines(caplog)
    assert "AbCdEf123456xyz" not in line.getMessage()
    assert "/gesprekskit/<code>/ouders/<lang>/" in line.getMessage()
    assert "OperationalError: database is locked" in line.getMessage()


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (OperationalError("attempt to write a readonly database"), True),
        (OperationalError("database is locked"), True),
        (InterfaceError("connection already closed"), True),
        (InternalError("cannot execute UPDATE in a read-only transaction"), True),
        (IntegrityError("UNIQUE constraint failed"), False),
        (ValueError("a bug"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_what_counts_as_a_database_fault(error, fault):
    assert dbfaults.is_fault(error) is fault
    middleware = dbfaults.DatabaseFaultMiddleware(lambda request: None)
    answer = middleware.process_exception(RequestFactory().get("/"), error)
    assert (answer is not None and answer.status_code == 503) is fault


def test_a_fault_behind_another_exception_counts():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as inner:
            raise RuntimeError("while rendering") from inner
    except RuntimeError as outer:
        assert dbfaults.is_fault(outer)


# --- handler500: anything raised outside a view -------------------------------------------------


class _FailingMiddleware:
    """Raises in the middleware chain, before any view: only handler500 can answer."""

    error: Exception = OperationalError(UNREACHABLE)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise type(self).error


def test_the_site_uses_the_fault_aware_error_handler():
    assert get_resolver().resolve_error_handler(500) is dbfaults.server_error


def test_the_middleware_is_installed(settings):
    assert "bronwijzer.lib.dbfaults.DatabaseFaultMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "kind"), [("/", "page"), ("/api/v1/helplines", "json")])
def test_a_fault_outside_a_view_is_a_503_through_handler500(settings, path, kind):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._FailingMiddleware"]
    _FailingMiddleware.error = OperationalError(UNREACHABLE)
    response = Client(raise_request_exception=False).get(path)
    if kind == "page":
        assert_friendly_page(response, settings)
    else:
        assert_json_503(response)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "kind"), [("/", "page"), ("/api/v1/helplines", "json")])
def test_any_other_error_is_a_plain_500_without_a_trace(settings, path, kind):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._FailingMiddleware"]
    _FailingMiddleware.error = ValueError("secret internals")
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "secret internals" not in body and "ValueError" not in body
    if kind == "page":
        assert "Er ging iets mis" in body
    else:
        assert json.loads(body) == {"detail": dbfaults.DETAIL_500, "status": 500}


# --- the real production server -----------------------------------------------------------------


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_real_server_answers_503_while_its_database_is_gone_and_recovers_without_a_restart(tmp_path):
    """``bronwijzer serve`` (gunicorn, two workers) on SQLite. Renaming the data folder away makes the
    database file impossible to open (this works as root too, unlike chmod); renaming it back is the
    database coming back. The same server process answers throughout."""
    data_dir = tmp_path / "site"
    with live_server(data_dir) as server:
        assert fetch(server.url + "/")[0] == 200
        away = tmp_path / "away"
        data_dir.rename(away)
        try:
            for _ in range(4):  # several requests: both workers, in all likelihood
                status, headers, html = fetch(server.url + "/")
                assert status == 503
                assert headers["Retry-After"] == str(dbfaults.RETRY_AFTER)
                assert "Bronwijzer is even niet beschikbaar" in html
                assert "quick-exit__button" in html and "web/site." in html
                assert "Traceback" not in html and "OperationalError" not in html
            status, headers, body = fetch(server.url + "/api/v1/resources?q=ouders")
            assert status == 503
            assert json.loads(body) == {"detail": dbfaults.DETAIL_503, "status": 503}
        finally:
            away.rename(data_dir)
        for _ in range(4):
            assert fetch(server.url + "/")[0] == 200
            assert fetch(server.url + "/api/v1/resources?q=ouders")[0] == 200
        log = server.log()
    assert "Database unavailable on GET / (OperationalError: unable to open database file)" in log
    assert "Traceback" not in log
    assert log.count("Booting worker with pid") == 2  # no worker was restarted
