"""`bronwijzer checklinks` over the default map, against a local mirror of every host in it.

``--connect-to 127.0.0.1:PORT`` sends every request to the mirror (plain HTTP, the real
Host header kept), so no request leaves this machine and no name is looked up.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bronwijzer.catalog.models import Organisation, Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.linkcheck import services
from bronwijzer.linkcheck.models import LinkCheck, LinkCheckRun, LinkState
from tests.linkcheck.servers import LocalServers, Reply, Request, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


class Mirror:
    """Every host of the map, served from 127.0.0.1: a page for every path, unless told otherwise."""

    def __init__(self):
        self.broken: set[str] = set()  # "host/path" answered 404
        self.hosts: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        host = request.host
        with self._lock:
            self.hosts.add(host)
        if "bronwijzer-linkcheck-" in request.path:
            return Reply(404, page("Niet gevonden"))
        if f"{host}{request.path}" in self.broken:
            return Reply(404, page("Niet gevonden"))
        return Reply(200, page(f"{host}{request.path}", "Welkom", f"De pagina {request.path} van {host}."))


@pytest.fixture
def mirror():
    handler = Mirror()
    with LocalServers(handler) as servers:
        handler.address = f"127.0.0.1:{servers.ports['127.0.0.1']}"
        yield handler


def checklinks(mirror, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "checklinks", "--connect-to", mirror.address, "--timeout", "5", *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path or '/'}"


def test_a_run_over_the_default_map_stores_a_result_for_every_url(default_map, mirror):
    urls = services.map_urls()
    assert len(urls) > 30
    out, err = checklinks(mirror)
    assert "Checked" in out and "links" in err  # the summary, and the progress bar on stderr
    states = {s.url: s for s in LinkState.objects.all()}
    assert set(states) == set(urls)
    assert {s.status for s in states.values()} == {"ok"}
    assert LinkCheck.objects.count() == len(urls)
    assert LinkCheckRun.objects.get().checked == len(urls)
    # every host of the map was asked for, and only through the mirror
    assert mirror.hosts == {urlsplit(u).netloc for u in urls}


def test_history_grows_and_a_broken_link_makes_the_exit_code_1(default_map, mirror):
    checklinks(mirror)
    resource = Resource.objects.exclude(url=None).exclude(url="").order_by("position").first()
    other = LinkState.objects.exclude(url=resource.url).first()
    mirror.broken.add(key(resource.url))
    with pytest.raises(CommandError) as raised:
        checklinks(mirror)
    assert raised.value.returncode == 1
    assert "1 of" in str(raised.value)
    assert LinkCheck.objects.filter(url=resource.url).count() == 2
    state = services.link_status_for(resource.url)
    assert (state.status, state.http_status, state.failing) == ("broken", 404, True)
    assert state.since == state.checked_at  # broken since this run
    assert [c.status for c in services.link_history(resource.url)] == ["broken", "ok"]
    unchanged = LinkState.objects.get(pk=other.pk)
    assert unchanged.since == other.since and unchanged.checked_at > other.checked_at  # ok since run 1
    assert list(services.failing_links()) == [state]
    # fixed again: exit code 0, and the state says since when it is fine
    mirror.broken.clear()
    checklinks(mirror)
    assert services.link_status_for(resource.url).status == "ok"
    assert LinkCheckRun.objects.count() == 3


def test_only_stale_checks_what_was_not_checked_recently(default_map, mirror):
    checklinks(mirror)
    urls = list(services.map_urls())
    out, _ = checklinks(mirror, "--only-stale", "1", "--json")
    assert json.loads(out)["checked"] == 0
    assert json.loads(out)["skipped"] == len(urls)
    LinkState.objects.filter(url=urls[0]).update(checked_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    out, _ = checklinks(mirror, "--only-stale", "1", "--json")
    report = json.loads(out)
    assert [r["url"] for r in report["results"]] == [urls[0]]
    assert LinkCheck.objects.filter(url=urls[0]).count() == 2


def test_json_output_has_every_result_and_where_it_is_used(default_map, mirror):
    out, _ = checklinks(mirror, "--json", "--no-progress")
    report = json.loads(out)
    assert report["exit_code"] == 0 and report["failing"] == 0
    assert report["counts"]["ok"] == report["checked"] == len(report["results"])
    shared = max(report["results"], key=lambda r: len(r["used_by"]))
    kinds = {place["kind"] for place in shared["used_by"]}
    assert len(shared["used_by"]) > 1 and kinds & {"organisation", "helpline"}
    fields = {"url", "status", "http_status", "final_url", "redirects", "attempts", "duration_ms"}
    assert fields <= set(shared)


def test_drafts_organisations_and_help_lines_are_all_collected(default_map):
    draft = Resource.objects.filter(status="published").first()
    draft.status, draft.url = "draft", "https://draft.example.nl/alleen-concept"
    draft.save()
    organisation = Organisation.objects.exclude(url=None).first()
    places = services.map_urls()
    assert places["https://draft.example.nl/alleen-concept"] == [
        {"kind": "resource", "slug": draft.slug, "name": draft.title, "status": "draft"}
    ]
    assert {"kind": "organisation", "slug": organisation.slug, "name": organisation.name} in places[
        organisation.url
    ]
    assert any(p["kind"] == "helpline" for ps in places.values() for p in ps)


def test_urls_from_a_file_and_places_refreshed(default_map, mirror, tmp_path):
    listed = tmp_path / "urls.txt"
    listed.write_text("# een lijst\nhttps://www.example.nl/een\n\nmailto:info@example.nl\n")
    out, _ = checklinks(mirror, "--urls", str(listed), "--json")
    report = json.loads(out)
    assert [(r["url"], r["status"]) for r in report["results"]] == [
        ("https://www.example.nl/een", "ok"),
        ("mailto:info@example.nl", "not-checkable"),
    ]
    assert services.link_statuses_for(["https://www.example.nl/een", None, "https://nooit.example.nl/"]) == {
        "https://www.example.nl/een": LinkState.objects.get(url="https://www.example.nl/een")
    }
    assert services.link_status_for("https://nooit.example.nl/") is None


def test_bad_options_are_refused(mirror):
    with pytest.raises(CommandError):
        call_command("checklinks", "--per-host", "0")
    with pytest.raises(CommandError):
        call_command("checklinks", "--urls", "/no/such/file")


def test_results_are_read_only_in_the_back_office(client, admin_user, default_map, mirror):
    checklinks(mirror)
    client.force_login(admin_user)
    state = LinkState.objects.first()
    for name in ("linkstate", "linkcheck", "linkcheckrun"):
        assert client.get(reverse(f"admin:linkcheck_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:linkcheck_linkstate_add")).status_code == 403
    page_ = client.get(reverse("admin:linkcheck_linkstate_change", args=[state.pk]))
    assert page_.status_code == 200 and b"Opslaan" not in page_.content and b"Save" not in page_.content


def test_a_run_is_visible_in_the_back_office_and_on_the_resource_pages(
    client, admin_user, default_map, mirror
):
    fine = Resource.objects.get(slug="zanzu-alles-over-seks")
    broken = Resource.objects.get(slug="cultuursensitief-werken-pharos")
    mirror.broken.add(key(broken.url))
    with pytest.raises(CommandError):
        checklinks(mirror)
    assert (
        "De link werkte bij de laatste automatische controle op"
        in client.get(fine.get_absolute_url()).content.decode()
    )
    assert (
        "Deze link werkte niet bij de laatste controle"
        in client.get(broken.get_absolute_url()).content.decode()
    )
    client.force_login(admin_user)
    failing = client.get(reverse("admin:linkcheck_linkstate_changelist") + "?actie=kapot").content.decode()
    assert broken.url in failing and fine.url not in failing
