"""Starting a link check from the back office, one at a time, and what the run page shows.

The background process itself is tested in test_background.py; here the request side:
who may start, that a start only records the run and hands the process to the commit,
that a second start shows the running one, that a dead run shows as interrupted, and the
run page (progress without JavaScript, the results with what needs work first).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bronwijzer.catalog.models import HelpLine, Resource
from bronwijzer.linkcheck import runs, services
from bronwijzer.linkcheck.models import STALE_AFTER, LinkCheck, LinkCheckRun, LinkState, RunState
from bronwijzer.staff import roles
from tests.linkcheck.servers import LocalServers, Reply, page

PASSWORD = "een-lang-wachtwoord-voor-tests"
START = "/redactie/linkcheck/linkcheckrun/starten/"
LINKS = "/redactie/linkcheck/linkstate/"


def staff(role: str, username: str) -> Client:
    client = Client()
    client.force_login(roles.staff_assign(username, role, password=PASSWORD))
    return client


@pytest.fixture
def publisher(db) -> Client:
    return staff("publisher", "piet")


@pytest.fixture
def editor(db) -> Client:
    return staff("editor", "eva")


def run_page(run: LinkCheckRun) -> str:
    return reverse("admin:linkcheck_linkcheckrun_change", args=[run.pk])


def test_a_publisher_starts_a_check_and_the_request_only_records_it(
    publisher, django_capture_on_commit_callbacks
):
    listing = publisher.get(LINKS).content.decode()
    assert "Er zijn nog geen links gecontroleerd." in listing
    form = re.search(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrfmiddleware', listing
    )
    assert form and form.group(1) == START
    assert "Linkcontrole starten" in listing
    with django_capture_on_commit_callbacks() as launches:
        response = publisher.post(START)
    run = LinkCheckRun.objects.get()
    assert run.state == RunState.RUNNING and run.started_by.username == "piet"
    assert response.status_code == 302 and response["Location"] == run_page(run)
    # the process is started once the run is committed, and not by the request itself
    assert [callback.func for callback in launches] == [runs.run_launch]


def test_the_start_needs_a_post_with_the_csrf_token(db):
    user = roles.staff_assign("piet", "publisher", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(START).status_code == 403
    assert client.get(START).status_code == 405
    assert not LinkCheckRun.objects.exists()


def test_an_editor_sees_the_results_but_cannot_start_a_check(editor):
    finished = timezone.now() - dt.timedelta(hours=3)
    LinkCheckRun.objects.create(state=RunState.DONE, started_at=finished, finished_at=finished, checked=4)
    listing = editor.get(LINKS)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Laatste controle:" in html and "Bekijk de uitkomst" in html
    assert "Linkcontrole starten" not in html and "Een eindredacteur of beheerder kan" in html
    assert editor.post(START).status_code == 403
    assert LinkCheckRun.objects.count() == 1


def test_a_second_start_while_one_runs_shows_the_running_one(publisher, django_capture_on_commit_callbacks):
    publisher.post(START)
    first = LinkCheckRun.objects.get()
    with django_capture_on_commit_callbacks() as launches:
        response = publisher.post(START, follow=True)
    assert LinkCheckRun.objects.count() == 1 and not launches
    assert response.redirect_chain[-1][0] == run_page(first)
    assert "Er loopt al een linkcontrole, gestart op" in response.content.decode()


def test_the_database_itself_refuses_a_second_running_run(db):
    now = timezone.now()
    LinkCheckRun.objects.create(state=RunState.RUNNING, started_at=now, heartbeat_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkCheckRun.objects.create(state=RunState.RUNNING, started_at=now, heartbeat_at=now)
    with pytest.raises(runs.RunBusy):
        runs.run_claim()


def test_a_run_whose_process_died_shows_interrupted_and_a_new_one_can_start(publisher):
    silent_since = timezone.now() - STALE_AFTER - dt.timedelta(seconds=5)
    dead = LinkCheckRun.objects.create(
        state=RunState.RUNNING, started_at=silent_since, heartbeat_at=silent_since, done=4, total=40
    )
    html = publisher.get(run_page(dead)).content.decode()
    assert "Stand: afgebroken." in html and "geen teken van leven meer" in html
    assert 'http-equiv="refresh"' not in html and "Nieuwe linkcontrole starten" in html
    assert "afgebroken" in publisher.get("/redactie/linkcheck/linkcheckrun/").content.decode()
    publisher.post(START)
    dead.refresh_from_db()
    assert dead.state == RunState.INTERRUPTED and dead.finished_at is not None
    assert LinkCheckRun.objects.filter(state=RunState.RUNNING).exclude(pk=dead.pk).count() == 1


def test_the_progress_page_works_without_javascript(publisher):
    now = timezone.now()
    run = LinkCheckRun.objects.create(
        state=RunState.RUNNING, started_at=now, heartbeat_at=now, done=3, total=10
    )
    html = publisher.get(run_page(run)).content.decode()
    main = html[html.index('<div id="content-main"') :]
    assert '<label for="run-progress">Gecontroleerde adressen</label>' in main
    assert re.search(r'<progress id="run-progress" max="10" value="3">3 van 10</progress>', main)
    assert "Stand: bezig." in main and "Gestart door" in main and "piet" not in main
    # the page reloads itself (no script needed), and can be told not to while someone reads it
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "<script" not in main
    still = publisher.get(run_page(run) + "?verversen=nee").content.decode()
    assert 'http-equiv="refresh"' not in still and "Ververs nu" in still
    # before the list of addresses is known, the progress is indeterminate (no value)
    LinkCheckRun.objects.filter(pk=run.pk).update(done=0, total=0)
    assert '<progress id="run-progress">' in publisher.get(run_page(run)).content.decode()


def _check(run, url, status, *, final_url="", http_status=None, used_by=(), since=None) -> LinkCheck:
    check = LinkCheck.objects.create(
        run=run,
        url=url,
        status=status,
        final_url=final_url,
        http_status=http_status,
        checked_at=run.started_at,
    )
    LinkState.objects.create(
        url=url,
        status=status,
        final_url=final_url,
        http_status=http_status,
        checked_at=run.started_at,
        since=since or run.started_at,
        latest=check,
        used_by=list(used_by),
    )
    return check


def test_the_result_lists_broken_and_changed_links_first_with_what_to_do(editor, default_map):
    started = timezone.now() - dt.timedelta(minutes=5)
    run = LinkCheckRun.objects.create(state=RunState.DONE, started_at=started, finished_at=timezone.now())
    broken = Resource.objects.filter(url_verified=True).order_by("slug").first()
    moved = Resource.objects.exclude(pk=broken.pk).order_by("slug").first()
    line = HelpLine.objects.order_by("slug").first()
    place = lambda kind, obj: {"kind": kind, "slug": obj.slug, "name": str(obj)}  # noqa: E731
    # addresses chosen so that alphabetical order is the opposite of the wanted order
    _check(run, "https://a.example/in-orde", "ok", http_status=200, used_by=[place("helpline", line)])
    _check(run, "https://b.example/zelf-kijken", "blocked", http_status=403)
    _check(
        run,
        "https://c.example/oud",
        "redirect-permanent",
        final_url="https://c.example/nieuw",
        http_status=200,
        used_by=[place("resource", moved)],
        since=started - dt.timedelta(days=3),
    )
    _check(run, "https://d.example/weg", "broken", http_status=404, used_by=[place("resource", broken)])
    html = editor.get(run_page(run)).content.decode()
    main = html[html.index('<div id="content-main"') :]
    order = [main.index(f'id="groep-{slug}"') for slug in ("broken", "changed", "look", "fine")]
    assert order == sorted(order)
    assert (
        main.index("d.example/weg")
        < main.index("c.example/oud")
        < main.index("b.example")
        < main.index("a.example")
    )
    assert "Adres werkt niet meer: zoek de nieuwe pagina bij de organisatie en pas het adres aan." in main
    assert "antwoord van de website: 404 (niet gevonden)" in main
    assert (
        "Verwijst door naar https://c.example/nieuw: controleer of dit dezelfde pagina is "
        "en neem het nieuwe adres over."
    ) in main
    assert "De website laat onze automatische controle niet toe." in main
    # each links to the entry's edit page; the healthy ones come last, folded away
    assert f'href="{reverse("admin:catalog_resource_change", args=[broken.pk])}"' in main
    assert f'href="{reverse("admin:catalog_resource_change", args=[moved.pk])}"' in main
    assert f'href="{reverse("admin:catalog_helpline_change", args=[line.pk])}"' in main
    assert main.index("<details><summary>Toon de links die in orde zijn") < main.index("a.example")
    # new at this check, or since when; and what the kit does with a confirmed link that fails
    assert "Nieuw bij deze controle." in main and "Zo sinds" in main
    assert f"de gesprekskit drukt voor “{broken}” geen QR-code meer af" in main
    assert "3 links vragen aandacht" in main


def test_the_command_does_nothing_while_another_run_is_running(db):
    now = timezone.now()
    running = LinkCheckRun.objects.create(state=RunState.RUNNING, started_at=now, heartbeat_at=now)
    with pytest.raises(CommandError, match="another link check is running") as refused:
        call_command("checklinks", "--no-progress", "--urls", "/dev/null")
    assert refused.value.returncode == 75
    done = LinkCheckRun.objects.create(state=RunState.DONE, started_at=now, finished_at=now)
    with pytest.raises(CommandError, match="not waiting to run"):
        call_command("checklinks", "--no-progress", "--run", str(done.pk))
    assert LinkCheckRun.objects.count() == 2 and LinkCheckRun.objects.get(pk=running.pk).state == "running"


def test_a_run_taken_from_its_process_stores_nothing(db):
    """A run marked interrupted (its heartbeat was late) may have a successor: its process stops."""
    run = runs.run_claim()
    LinkCheckRun.objects.filter(pk=run.pk).update(state=RunState.INTERRUPTED)
    with (
        LocalServers(lambda request: Reply(200, page("Welkom"))) as servers,
        pytest.raises(runs.RunTakenOver),
    ):
        services.link_check_run(urls=[servers.url("/a"), servers.url("/b")], run=run)
    assert not LinkCheck.objects.exists() and not LinkState.objects.exists()
    assert LinkCheckRun.objects.get(pk=run.pk).state == RunState.INTERRUPTED


def _column_titles(html: str) -> list[str]:
    """The list's column titles as shown (each in the admin's ``<div class="text">``)."""
    heads = re.findall(
        r'<th scope="col"\s+class="[^"]*column-(?!action-checkbox)[^"]*">(.*?)</th>', html, re.S
    )
    texts = [re.search(r'<div class="text">(.*?)</div>', head, re.S).group(1) for head in heads]
    return [re.sub(r"<[^>]+>", "", text).strip() for text in texts]


def test_the_link_check_back_office_is_in_dutch(publisher):
    now = timezone.now()
    run = LinkCheckRun.objects.create(state=RunState.DONE, started_at=now, finished_at=now, checked=1)
    _check(run, "https://a.example/", "broken", http_status=404)
    index = publisher.get("/redactie/linkcheck/").content.decode()
    for name in ("Linkcontrole", "Links", "Controlerondes", "Geschiedenis van de controles"):
        assert f">{name}<" in index
    expected = {
        "linkstate": [
            "Adres",
            "Uitkomst",
            "Wat te doen",
            "Gecontroleerd op",
            "Uitkomst sinds",
            "Gebruikt bij",
        ],
        "linkcheck": [
            "Adres",
            "Uitkomst",
            "Antwoord van de website",
            "Gecontroleerd op",
            "Duur in milliseconden",
            "Pogingen",
            "Technische melding",
        ],
        "linkcheckrun": [
            "Gestart op",
            "Stand",
            "Gestart door",
            "Gecontroleerde adressen",
            "Werken niet",
            "Klaar op",
        ],
    }
    for model, titles in expected.items():
        html = publisher.get(f"/redactie/linkcheck/{model}/").content.decode()
        assert _column_titles(html) == titles, model
    links = publisher.get(LINKS).content.decode()
    assert "Neem het nieuwe adres van een blijvende doorverwijzing over" in links
    assert "Op actie nodig" in links and "Op uitkomst" in links  # the filters
    detail = publisher.get(reverse("admin:linkcheck_linkstate_change", args=[LinkState.objects.get().pk]))
    assert "404 (niet gevonden)" in detail.content.decode()


def test_a_check_inside_an_open_transaction_is_not_taken_for_a_lost_run(db):
    """The heartbeat writes over a connection of its own, which cannot see a run recorded in a
    transaction still open (a caller's atomic block, this test's): that is no reason to stop.
    One answer takes longer than the heartbeat's tick, so the heartbeat writes meanwhile."""

    def answer(request):
        slow = request.path == "/traag" and request.method == "GET"
        return Reply(200, page("Welkom", text=request.path), delay=2.5 if slow else 0)

    with LocalServers(answer) as servers:
        report = services.link_check_run(urls=[servers.url("/traag"), servers.url("/snel")])
    assert report.run.state == RunState.DONE
    assert {v.status for v in report.verdicts} == {"ok"} and len(report.verdicts) == 2
