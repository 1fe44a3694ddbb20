"""Browser tests: Playwright drives Debian's Chromium against the real production server.

* Every test under tests/browser is marked ``browser`` and skipped when /usr/bin/chromium
  is missing (no browser is ever downloaded).
* One ``bronwijzer serve`` (gunicorn) runs for the session on a free port with a fresh SQLite
  database (a copy of one migrated with the default map once a run), started by
  tests/support/liveserver.py, the same helper bench/screenshot.py uses.
* The browser reaches nothing beyond 127.0.0.1: its proxy (tests/browser/outside.py) answers the
  neutral quick-exit site itself and refuses everything else. Every browser context records
  each request to anything but the test server and the neutral site, and the ``traffic``
  fixture fails the test at teardown if anything tried to leave the test server or a page
  raised a JavaScript error.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.helpers import Recorder, Traffic
from tests.browser.outside import outside
from tests.support.liveserver import CHROMIUM, LAUNCH_ARGS, LiveServer, live_server

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before -m "not browser" deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    elif os.environ.get("BRONWIJZER_BROWSER_TESTS") == "skip":
        # CI's PostgreSQL pass: the browser tests' server always uses its own fresh SQLite
        # database, so a second run would repeat the SQLite pass exactly.
        skip = pytest.mark.skip(reason="BRONWIJZER_BROWSER_TESTS=skip (they ran in the SQLite pass)")
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)
    # Browser tests last: Playwright's synchronous API keeps an event loop in this thread for the
    # rest of the session, and Django refuses database calls from a thread with a running loop.
    items.sort(key=lambda item: item.path.is_relative_to(HERE))


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("bronwijzer-data")) as running:
        yield running


@pytest.fixture(scope="session")
def base_url(server: LiveServer) -> str:
    """http://127.0.0.1:<port>, no trailing slash."""
    return server.url


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with outside(tmp_path_factory.mktemp("outside")) as proxy, sync_playwright() as playwright:
        # Chromium sends nothing for 127.0.0.1 through a proxy: only what would leave the machine.
        args = [*LAUNCH_ARGS, f"--proxy-server={proxy}", "--ignore-certificate-errors"]
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def traffic() -> Iterator[Traffic]:
    record = Traffic()
    yield record
    assert not record.escaped, f"requests tried to leave 127.0.0.1 (third-party requests): {record.escaped}"
    assert not record.page_errors, f"JavaScript errors: {record.page_errors}"


@pytest.fixture
def new_context(browser: Browser, base_url: str, traffic: Traffic) -> Iterator[Callable[..., BrowserContext]]:
    """A factory for browser contexts (Playwright new_context options), recording as described above."""
    contexts: list[BrowserContext] = []
    recorder = Recorder(base_url, traffic)

    def make(**options) -> BrowserContext:
        options.setdefault("locale", "nl-NL")
        context = recorder.attach(browser.new_context(**options))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _open_tabs(browser: Browser) -> Iterator[dict[str, tuple[Recorder, Page]]]:
    tabs: dict[str, tuple[Recorder, Page]] = {}
    yield tabs
    for _, tab in tabs.values():
        tab.context.close()


@pytest.fixture
def visitor_tab(
    browser: Browser, base_url: str, traffic: Traffic, _open_tabs: dict[str, tuple[Recorder, Page]]
) -> Iterator[Callable[..., Page]]:
    """A visitor's browser tab that stays open from test to test, one per set of context options.

    For tests that only visit pages and look at them (axe-core, layout, a route answered): a new
    context and tab cost Chromium a new renderer process, and the tab's next visit to the site
    a second one; measured on three of these files, 95 CPU-seconds with a new tab per test and
    66-72 with these. The site gives visitors no cookies and no storage (test_privacy.py), so an
    open tab carries nothing from one test to the next but its cache and history; its cookies
    are cleared after each test anyway, and a tab that no longer answers is closed, so the next
    test gets a new one. The page a test leaves stays loaded until the next test's first visit;
    responses to what it asked for before the next test took the tab (its favicon comes after
    the load event) are not counted for that test (``Recorder.since``). A test that listens to
    the page, routes requests, emulates media, holds keys down or adds scripts takes
    ``new_context`` instead.
    """
    used: set[str] = set()

    def tab(**options) -> Page:
        options.setdefault("locale", "nl-NL")
        key = repr(sorted(options.items()))
        if key not in _open_tabs:
            recorder = Recorder(base_url)
            _open_tabs[key] = (recorder, recorder.attach(browser.new_context(**options)).new_page())
        recorder, page = _open_tabs[key]
        recorder.traffic, recorder.since = traffic, time.time() * 1000
        used.add(key)
        return page

    yield tab
    for key in used:
        recorder, page = _open_tabs[key]
        try:
            page.context.clear_cookies()
            page.evaluate("1")  # still answering
        except Exception:  # a tab a failing test left unusable: the next test gets a new one
            _open_tabs.pop(key)
            with contextlib.suppress(Exception):
                page.context.close()
        recorder.traffic = None


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _final_path(url: str) -> str:
    """The path a URL redirects to (a kit built by the guided start)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return urlsplit(response.geturl()).path


@pytest.fixture(scope="session")
def public_paths(base_url: str) -> dict[str, str]:
    """One path per public page type, the resource and organisation found on the live site."""
    resource = re.search(r'href="(/bron/[^"/]+/)"', _fetch(base_url + "/")).group(1)
    organisation = re.search(r'href="(/organisatie/[^"/]+/)"', _fetch(base_url + resource)).group(1)
    kit = _final_path(base_url + "/gesprekskit/voorstel/?who=ouder&lang=ar&age=14&situation=zorg")
    group_kit = _final_path(base_url + "/gesprekskit/voorstel/?who=groep&lang=tr&lang=nl")
    return {
        "map": "/",
        "filtered map": "/?language=ar&language=en",
        "search results": "/?q=ouders+sexting&language=nl",
        "search without results": "/?q=qqqxyzzz",
        "search with a suggestion": "/?q=weerbaarhied",
        "search in a language with no material": "/?q=pools+ouders",
        "search through related words": "/?q=moslim+ouders",
        "resource": resource,
        "organisation list": "/organisaties/",
        "organisation": organisation,
        "glossary": "/begrippen/",
        "help": "/hulp/",
        "about": "/over/",
        "safe use": "/veilig-gebruik/",
        "accessibility statement": "/toegankelijkheid/",
        "404": "/deze-pagina-bestaat-niet/",
        "English map": "/en/",
        "kit start": "/gesprekskit/",
        "kit": kit,
        "handout (Arabic)": kit + "ouders/ar/",
        "handout (Dutch)": kit + "ouders/nl/",
        "listening page (Arabic)": kit + "luister/ar/",
        "preparation sheet": kit + "voorbereiding/",
        "interpreter sheet (Arabic)": kit + "tolk/ar/",
        "presenter sheet": group_kit + "voorbereiding/",
        "incident route": "/er-is-iets-gebeurd/",
        "what's new": "/nieuw/?sinds=2000-01-01",
    }
