"""SQLite: the web process never creates the database file, so a file moved away and back keeps
every commit (its write-ahead log included), and the site recovers without a restart."""

from __future__ import annotations

import os
import signal
import sqlite3
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connections
from django.db.utils import ConnectionHandler

from bronwijzer.lib.sqlitefile import sqlite_file_create
from tests.support.liveserver import live_server

REPORTED = ("mediagesprek", "mediadiamant", "escaperoom-het-stopt-bij-jou")


def fetch(url: str, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers={"Sec-Fetch-Site": "same-origin"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def report(base_url: str, slug: str, remark: str) -> int:
    body = f"kinds=link-kapot&remark={remark}&website=".encode()
    return fetch(f"{base_url}/bron/{slug}/meld-een-fout/", body)


def stored_remarks(db) -> set[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return {row[0] for row in con.execute("SELECT remark FROM reports_problemreport")}


def sqlite_settings(path) -> dict:
    return {
        "ENGINE": "bronwijzer.lib.sqlitefile",
        "NAME": str(path),
        "OPTIONS": {},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }


def test_the_backend_refuses_a_missing_file_instead_of_creating_it(tmp_path, django_db_blocker):
    db = tmp_path / "bronwijzer.sqlite3"
    connection = ConnectionHandler({"default": sqlite_settings(db)})["default"]
    with django_db_blocker.unblock(), pytest.raises(OperationalError, match="unable to open database file"):
        connection.ensure_connection()
    assert not db.exists()
    assert sqlite_file_create(db) is True
    assert sqlite_file_create(db) is False
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x)")
        connection.close()
    assert db.exists()


def test_the_site_uses_the_backend_on_sqlite():
    if connections["default"].vendor != "sqlite":
        pytest.skip("the PostgreSQL pass: the backend is for SQLite")
    assert connections["default"].settings_dict["ENGINE"] == "bronwijzer.lib.sqlitefile"


def test_a_database_file_moved_away_and_back_keeps_every_commit_after_kill_9(tmp_path):
    """The staged fault of issue 14 on the real server: reports committed over HTTP live in the
    write-ahead log; the file goes away (503s, and no new empty database appears), comes back (the
    same server answers again), the server is killed with SIGKILL, and every report is still there."""
    data_dir = tmp_path / "site"
    db = data_dir / "bronwijzer.sqlite3"
    with live_server(data_dir) as server:
        for slug in REPORTED:
            assert report(server.url, slug, f"fout-{slug}") == 200  # 303 to the page, followed
        away = tmp_path / "away.sqlite3"
        db.rename(away)
        try:
            for _ in range(4):  # several requests: both workers, in all likelihood
                assert fetch(server.url + "/") == 503
            assert report(server.url, "mediagesprek", "tijdens-storing") == 503
            assert not db.exists(), "the web process created a new, empty database file"
        finally:
            away.rename(db)
        for _ in range(4):
            assert fetch(server.url + "/") == 200
        assert report(server.url, "mediadiamant", "na-storing") == 200
        os.killpg(server.pid, signal.SIGKILL)
    assert stored_remarks(db) == {f"fout-{slug}" for slug in REPORTED} | {"na-storing"}
