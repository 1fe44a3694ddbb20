"""A publisher starts a link check in the back office and a real background process completes it.

The process (``bronwijzer checklinks --run ID``, started by the request) needs the test's
database: on PostgreSQL it is the test database itself; SQLite's test database lives in
memory, so for this test the connection is moved to a file copy of it. Every address of
the map is pointed at a local server on 127.0.0.1 first, so nothing leaves this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from bronwijzer.catalog.models import HelpLine, Map, Organisation, Resource
from bronwijzer.linkcheck import runs
from bronwijzer.linkcheck.models import LinkCheckRun, LinkState, RunState
from bronwijzer.staff import roles
from tests.linkcheck.servers import LocalServers, Reply, Request, page

#: A ceiling for the process to start Django and check ~90 local addresses, not a wait.
DEADLINE = 180.0


@pytest.fixture
def shared_database(transactional_db, tmp_path, monkeypatch):
    """The test's database, reachable from another process: its address in DATABASE_URL."""
    original = connections["default"]
    settings = original.settings_dict
    if original.vendor == "postgresql":
        monkeypatch.setenv("DATABASE_URL", _postgresql_url(settings))
        yield
        return
    path = tmp_path / "bronwijzer.sqlite3"
    original.ensure_connection()
    copy = sqlite3.connect(path)
    original.connection.backup(copy)  # the migrated schema (and the permissions) of the test database
    copy.close()
    wrapper = original.__class__({**settings, "NAME": str(path)}, alias="default")
    connections["default"] = wrapper
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    try:
        yield
    finally:
        wrapper.close()
        connections["default"] = original


def _postgresql_url(settings: dict) -> str:
    """postgresql://[user[:password]@][host[:port]]/name (no host: the local socket, as configured)."""
    user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
    auth = f"{quote(user, safe='')}{':' + quote(password, safe='') if password else ''}@" if user else ""
    host, port = settings.get("HOST") or "", settings.get("PORT") or ""
    address = f"{quote(host, safe='')}{':' + str(port) if port and host else ''}"
    return f"postgresql://{auth}{address}/{quote(settings['NAME'], safe='')}"


class Site:
    """Every address of the map, served here: a page, except a missing one, a moved one, and one
    that answers only once the test has seen the run's progress (``release``)."""

    def __init__(self):
        self.release = threading.Event()

    async def __call__(self, request: Request) -> Reply:
        if request.path == "/langzaam":
            deadline = time.monotonic() + DEADLINE
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        if request.path == "/weg":
            return Reply(404, page("Niet gevonden"))
        if request.path == "/oud":
            return Reply(301, headers={"Location": "/nieuw"})
        if request.path.startswith("/bronwijzer-linkcheck-"):  # the checker's soft-404 probe
            return Reply(404, page("Niet gevonden"))
        return Reply(200, page(f"Pagina {request.path}", "Welkom", f"Dit is {request.path}."))


def _own_children(command_part: str) -> list[int]:
    """Process ids of this process's children whose command line holds ``command_part``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if ppid == os.getpid() and command_part in cmdline:
                found.append(int(entry.name))
    return found


@pytest.fixture
def stop_checks():
    """After the test: no check process of ours is left (stopped by its id if it still runs)."""
    yield
    for pid in _own_children("checklinks"):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)  # its own session and group (start_new_session)


def _wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {DEADLINE:.0f} s")
        time.sleep(0.2)


def test_a_started_check_runs_in_the_background_and_its_page_shows_the_result(
    shared_database, stop_checks, default_map
):
    site = Site()
    with LocalServers(site) as servers:
        base = servers.url("")
        for model, field in (
            (Resource, "url"),
            (Organisation, "url"),
            (HelpLine, "url"),
            (Map, "source_url"),
        ):
            for obj in model.objects.exclude(**{field: ""}):
                model.objects.filter(pk=obj.pk).update(**{field: f"{base}/{model.__name__.lower()}/{obj.pk}"})
        missing = Resource.objects.order_by("slug").first()
        moved = Resource.objects.order_by("slug").last()
        Resource.objects.filter(pk=missing.pk).update(url=f"{base}/weg")
        Resource.objects.filter(pk=moved.pk).update(url=f"{base}/oud")
        # the map's own source address is the last one checked: held back, it keeps the run running
        Map.objects.update(source_url=f"{base}/langzaam")

        client = Client()
        client.force_login(roles.staff_assign("piet", "publisher", password="een-lang-wachtwoord-voor-tests"))
        response = client.post("/redactie/linkcheck/linkcheckrun/starten/")
        run = LinkCheckRun.objects.get()
        assert run.state == RunState.RUNNING  # the answer came while the check cannot have finished
        assert response["Location"] == reverse("admin:linkcheck_linkcheckrun_change", args=[run.pk])

        def progressed():
            run.refresh_from_db()
            return run.state != RunState.RUNNING or (run.total and run.done == run.total - 1)

        # while one address keeps it waiting, the process reports how far it is, and the page shows it
        _wait_for(progressed, "progress from the background check")
        assert run.state == RunState.RUNNING and run.heartbeat_at and run.pid, run.error
        running = client.get(response["Location"]).content.decode()
        assert f'<progress id="run-progress" max="{run.total}" value="{run.done}">' in running
        assert "Stand: bezig." in running and 'http-equiv="refresh"' in running
        site.release.set()

        def finished():
            run.refresh_from_db()
            return run.state != RunState.RUNNING

        _wait_for(finished, "the background check")
        assert run.state == RunState.DONE, run.error
        assert run.pid and run.started_by.username == "piet"
        assert run.total == run.done == run.checked == LinkState.objects.count() > 40
        assert LinkState.objects.get(url=f"{base}/weg").status == "broken"
        assert LinkState.objects.get(url=f"{base}/oud").status == "redirect-permanent"
        assert {r.server[0] for r in servers.log()} == {"127.0.0.1"}

    html = client.get(response["Location"]).content.decode()
    assert "Stand: klaar." in html and 'http-equiv="refresh"' not in html
    assert f'max="{run.total}" value="{run.total}"' in html
    assert html.index(f"{base}/weg") < html.index(f"{base}/oud") < html.index("In orde (")
    _wait_for(lambda: not _own_children("checklinks"), "the process ending after its run")


def test_a_check_stopped_with_sigterm_shows_as_interrupted_and_stores_nothing(shared_database, stop_checks):
    site = Site()
    with LocalServers(site) as servers:
        slow = [servers.url("/langzaam")]
        # a map with one address, held back by the server: the check is still running when stopped
        Organisation.objects.create(slug="traag", name="Traag", url=slow[0])
        run = runs.run_claim()
        pid = runs.run_launch(run)
        assert pid

        def waiting():
            run.refresh_from_db()
            return run.state != RunState.RUNNING or (run.pid == pid and run.total == 1)

        _wait_for(waiting, "the check to reach the held-back address")
        os.killpg(pid, signal.SIGTERM)

        def stopped():
            run.refresh_from_db()
            return run.state != RunState.RUNNING

        _wait_for(stopped, "the stopped check to record it")
        site.release.set()
    assert run.state == RunState.INTERRUPTED and run.finished_at is not None
    assert not LinkState.objects.exists()
