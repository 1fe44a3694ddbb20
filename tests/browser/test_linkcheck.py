"""A publisher starts a link check in the back office and follows it to its result, in Chromium.

Its own production server (the session's server keeps the real addresses other tests read):
every address of its map is pointed at a local server on 127.0.0.1 first, so the check the
button starts in the background never leaves this machine. One address is held back until
the test has seen the run page's progress.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Route, expect

from tests.browser.staff import log_in, no_violations, staff_create
from tests.linkcheck.servers import LocalServers, Reply, Request, page
from tests.support.liveserver import LiveServer, live_server, manage

#: A ceiling for the background check (Django's start included) on a busy machine, not a wait.
CHECK_MS = 180_000

POINT_TO_MIRROR = """
from bronwijzer.catalog.models import HelpLine, Map, Organisation, Resource
base = {base!r}
for model, field in ((Resource, "url"), (Organisation, "url"), (HelpLine, "url")):
    for obj in model.objects.exclude(**{{field: ""}}):
        model.objects.filter(pk=obj.pk).update(**{{field: f"{{base}}/{{model.__name__.lower()}}/{{obj.pk}}"}})
resources = Resource.objects.order_by("slug")
Resource.objects.filter(pk=resources.first().pk).update(url=f"{{base}}/weg", url_verified=True)
Resource.objects.filter(pk=resources.last().pk).update(url=f"{{base}}/oud")
Map.objects.update(source_url=f"{{base}}/langzaam")  # the last address checked: held back
print(resources.first().title)
"""


class Mirror:
    def __init__(self):
        self.release = threading.Event()

    async def __call__(self, request: Request) -> Reply:
        if request.path == "/langzaam":
            deadline = time.monotonic() + CHECK_MS / 1000
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        if request.path == "/weg" or request.path.startswith("/bronwijzer-linkcheck-"):
            return Reply(404, page("Niet gevonden"))
        if request.path == "/oud":
            return Reply(301, headers={"Location": "/nieuw"})
        return Reply(200, page(f"Pagina {request.path}", "Welkom", f"Dit is {request.path}."))


@pytest.fixture(scope="module")
def mirror() -> Iterator[tuple[Mirror, LocalServers]]:
    handler = Mirror()
    with LocalServers(handler) as servers:
        yield handler, servers
    handler.release.set()


@pytest.fixture(scope="module")
def site(tmp_path_factory, mirror) -> Iterator[tuple[LiveServer, str]]:
    """A server of its own, its map pointing at the mirror, with an editor and a publisher."""
    data_dir = tmp_path_factory.mktemp("bronwijzer-linkcheck")
    # The mirror is on 127.0.0.1, which the link checker refuses unless allowed (as for an intranet).
    with live_server(data_dir, env={"BRONWIJZER_LINKCHECK_ALLOW_PRIVATE": "true"}) as server:
        base = mirror[1].url("")
        broken_title = manage(data_dir, "shell", "-c", POINT_TO_MIRROR.format(base=base)).stdout.splitlines()[
            -1
        ]
        staff_create(data_dir, {"editor": "eva", "publisher": "piet"})
        yield server, broken_title


@pytest.fixture
def own_context(browser: Browser, site) -> Iterator[BrowserContext]:
    """Only this module's server is reachable; anything else fails the test."""
    server, _ = site
    escaped: list[str] = []

    def route(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if f"{parts.scheme}://{parts.netloc}" == server.url:
            route.continue_()
        else:
            escaped.append(route.request.url)
            route.abort("blockedbyclient")

    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(10_000)
    context.route("**/*", route)
    yield context
    context.close()
    assert not escaped, f"requests tried to leave the test server: {escaped}"


def test_an_editor_sees_the_link_check_but_no_start_button(own_context, site):
    server, _ = site
    editor = own_context.new_page()
    log_in(editor, server.url, "eva")
    editor.goto(server.url + "/redactie/linkcheck/linkstate/")
    expect(editor.locator(".linkcheck-panel")).to_contain_text("Een eindredacteur of beheerder kan")
    expect(editor.get_by_role("button", name="Linkcontrole starten")).to_have_count(0)


def test_a_publisher_starts_a_link_check_follows_it_and_finds_what_to_fix(own_context, site, mirror):
    server, broken_title = site
    publisher = own_context.new_page()
    log_in(publisher, server.url, "piet")
    publisher.goto(server.url + "/redactie/")
    publisher.get_by_role("link", name="Links", exact=True).click()
    expect(publisher.locator(".linkcheck-panel")).to_contain_text("Er zijn nog geen links gecontroleerd.")
    no_violations(publisher, "link list")
    publisher.get_by_role("button", name="Linkcontrole starten").click()

    expect(publisher.locator(".messagelist")).to_contain_text("De linkcontrole is gestart.")
    progress = publisher.get_by_label("Gecontroleerde adressen")
    expect(progress).to_be_visible()
    expect(publisher.locator("#run-state")).to_contain_text("Stand: bezig.")
    no_violations(publisher, "run page while running")
    # "Ververs nu" until the addresses are counted ("3 van 95"): the one held back keeps it running
    counted = publisher.locator(".linkcheck-progress span")
    deadline = time.monotonic() + CHECK_MS / 1000
    while " van " not in counted.inner_text():
        assert time.monotonic() < deadline, "the run page never counted the addresses"
        publisher.get_by_role("link", name="Ververs nu").click()
        publisher.wait_for_load_state()
    expect(publisher.locator("#run-state")).to_contain_text("Stand: bezig.")
    mirror[0].release.set()
    # from here the page reloads itself until the check is done

    expect(publisher.locator("#run-state")).to_contain_text("Stand: klaar.", timeout=CHECK_MS)
    expect(progress).to_have_attribute("value", progress.get_attribute("max"))
    main = publisher.locator("#content-main")
    expect(main).to_contain_text("Adres werkt niet meer: zoek de nieuwe pagina bij de organisatie")
    expect(main).to_contain_text("controleer of dit dezelfde pagina is en neem het nieuwe adres over")
    headings = publisher.locator(".linkcheck-group h3").all_inner_texts()
    assert [h.split(" (")[0] for h in headings] == [
        "Werkt niet",
        "Verwijst door naar een nieuw adres",
        "In orde",
    ]
    no_violations(publisher, "run page with the results")
    publisher.locator("#groep-broken").get_by_role("link", name=f"bron “{broken_title}”").click()
    expect(publisher.locator("#id_title")).to_have_value(broken_title)
