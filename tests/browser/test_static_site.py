"""The static site in Chromium: served by a plain static server, and opened from disk.

The default map is built once for the module; Python's ``http.server`` serves the folder on
127.0.0.1. Every page is crawled (no broken internal link, no JavaScript error, nothing
leaves 127.0.0.1), the map works without JavaScript (the whole list) and with it (search
and filters from the index), the unzipped bundle works from file://, the in-browser search
agrees with the server's on the relevance suite's queries, and axe-core finds nothing.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route, expect

from tests.browser.helpers import Traffic
from tests.browser.test_accessibility import assert_no_violations
from tests.search.test_relevance import CASES
from tests.support.liveserver import data_dir_prepare, server_env

pytestmark = pytest.mark.browser

BASE = "https://bronwijzer.example"
TOP = 5
AGREEMENT = 0.90
FILTERS = {"language": ["ar"], "theme": ["preventie", "melden-en-hulp"]}


#: Run in a separate process against the same fresh database as the build: the server's answers.
SERVER_SEARCH = """
import json, sys
import django
django.setup()
from bronwijzer.search.engine import resource_search, search_index
from bronwijzer.search.facets import Selection, parse_selection
queries, top, filters = json.load(open(sys.argv[1]))
selection, _ = parse_selection(filters, strict=True)
filtered = resource_search(selection)
print(json.dumps({
    "top": {q: [d.slug for d in resource_search(Selection(), q, limit=top).results] for q in queries},
    "filtered": [d.slug for d in filtered.results],
    "podcast": [d.slug for d in resource_search(Selection(), "podcast").results],
    "total": len(search_index().docs),
}))
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """The default map built by the real command (``buildstatic --zip``) in a fresh database, the
    bundle unzipped, and what the server's search answers on that database.

    The fresh database is a copy of the run's template (migrated, default map loaded by
    ``loadmap --default``: :func:`~tests.support.liveserver.data_dir_prepare`), as every test
    server's is, rather than a second migrate and load of its own. Like the live server, this runs
    in separate processes: Playwright keeps an event loop in the test process, where Django
    refuses database work.
    """
    from bronwijzer.search.analysis import stem_en, stem_nl

    root = tmp_path_factory.mktemp("static-site")
    env = {**server_env(root / "data"), "DJANGO_SETTINGS_MODULE": "bronwijzer.settings"}
    (root / "data").mkdir()
    data_dir_prepare(root / "data")
    cli = [sys.executable, "-m", "bronwijzer.cli"]
    folder = root / "site"
    started = time.perf_counter()
    built = subprocess.run(
        [*cli, "buildstatic", str(folder), "--zip", "--base-url", BASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert built.returncode == 0, built.stderr
    assert re.search(r"rendered \d+/\d+", built.stderr), "progress on stderr"
    (root / "queries.json").write_text(json.dumps([[q for q, _, _ in CASES], TOP, FILTERS]))
    (root / "server_search.py").write_text(SERVER_SEARCH)
    server = json.loads(
        _run([sys.executable, str(root / "server_search.py"), str(root / "queries.json")], env)
    )
    unzipped = root / "unzipped"
    with zipfile.ZipFile(root / "site.zip") as archive:
        archive.extractall(unzipped)
    index = json.loads((folder / "search-index.json").read_text())
    words = sorted(
        set(index["text"]["words"]) | {w for g in index["synonyms"] for f in g["words"] for w in f}
    )
    print(f"\nbuildstatic of the default map: {seconds:.1f} s (process start included)")
    return {
        "folder": folder,
        "unzipped": unzipped,
        "top": server["top"],
        "filtered": set(server["filtered"]),
        "filtered_count": len(server["filtered"]),
        "podcast": server["podcast"],
        "total": server["total"],
        "stems": {w: [stem_nl(w), stem_en(w)] for w in words if not w.startswith("lang:")},
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def static_url(site) -> Iterator[str]:
    """A plain static file server (Python's http.server) on the built folder."""
    handler = functools.partial(_Quiet, directory=str(site["folder"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def make_context(
    browser: Browser, static_url: str, traffic: Traffic
) -> Iterator[Callable[..., BrowserContext]]:
    """Contexts that let through only the static server (file:// is not routed) and record errors."""
    contexts: list[BrowserContext] = []

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith((static_url + "/", "file://")):
            route.continue_()
        else:
            traffic.escaped.append(url)
            route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.page_errors.append(f"console: {message.text} ({message.location.get('url')})")

    def make(**options) -> BrowserContext:
        options.setdefault("locale", "nl-NL")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.route("**/*", route)
        context.on("weberror", lambda error: traffic.page_errors.append(str(error.error)))
        context.on("console", console)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_context) -> Page:
    return make_context().new_page()


def visible_cards(page: Page) -> list[str]:
    """The resources shown as visible cards, by the last folder of their link, in order."""
    hrefs = page.locator(".card .card__title a:visible").evaluate_all("links => links.map(a => a.href)")
    return list(dict.fromkeys(re.search(r"/bron/([^/]+)/", href).group(1) for href in hrefs))


#: Chromium fetches every page of the site (16 at a time), parses it and checks each internal
#: link, asset and anchor; it returns the pages it found and what is broken.
CRAWL = """async (start) => {
    const root = new URL(start[0]).origin + "/";
    const seen = new Set(start), queue = [...start], ids = new Map(), anchors = [], broken = [];
    const assets = new Map();
    const parser = new DOMParser();
    const visit = async (url) => {
        const response = await fetch(url);
        if (!response.ok) { broken.push(url + " answered " + response.status); return; }
        const doc = parser.parseFromString(await response.text(), "text/html");
        ids.set(url, new Set([...doc.querySelectorAll("[id]")].map(e => e.id)));
        for (const e of doc.querySelectorAll("a[href], link[href], script[src], img[src], form[action]")) {
            const raw = e.getAttribute("href") ?? e.getAttribute("src") ?? e.getAttribute("action");
            const target = new URL(raw, url);
            if (!target.href.startsWith(root)) continue;
            const bare = target.origin + target.pathname;
            if (target.hash) anchors.push([url, bare, decodeURIComponent(target.hash.slice(1))]);
            if (bare.endsWith(".html")) {
                if (!seen.has(bare)) { seen.add(bare); queue.push(bare); }
            } else if (!assets.has(bare)) {
                assets.set(bare, fetch(bare).then(r => r.ok || broken.push(url + " -> " + raw)));
            }
        }
    };
    while (queue.length) await Promise.all(queue.splice(0, 16).map(visit));
    await Promise.all(assets.values());
    for (const [from, page, id] of anchors) {
        if (ids.has(page) && !ids.get(page).has(id)) broken.push(from + " -> " + page + "#" + id);
    }
    return {pages: [...seen], broken};
}"""


def page_kind(url: str) -> str:
    """Pages of one kind share a template: one resource stands for all of them."""
    return re.sub(r"/(bron|organisatie)/[^/]+/", r"/\1/*/", url)


def test_every_page_is_served_without_a_broken_link_or_a_script_error(page: Page, static_url: str, site):
    start = [static_url + "/index.html", static_url + "/en/index.html", static_url + "/404.html"]
    page.goto(start[0])
    crawl = page.evaluate(CRAWL, start)
    assert not crawl["broken"], crawl["broken"]
    assert len(crawl["pages"]) >= 2 * site["total"] + 12
    kinds = {page_kind(url): url for url in reversed(crawl["pages"])}
    for url in kinds.values():  # every kind of page runs its scripts: the `traffic` fixture fails on errors
        response = page.goto(url)
        assert response is not None and response.ok, url
        page.wait_for_load_state("load")
    assert len(kinds) >= 20


def test_without_javascript_the_map_shows_every_resource(make_context, static_url: str, site):
    page = make_context(java_script_enabled=False).new_page()
    page.goto(static_url + "/")
    assert len(visible_cards(page)) == site["total"]
    expect(page.locator(".results__count")).to_have_text(f"{site['total']} van {site['total']} bronnen")
    page.goto(static_url + "/en/")
    assert len(visible_cards(page)) == site["total"]


def test_with_javascript_the_search_box_finds_what_the_server_finds(page: Page, static_url: str, site):
    page.goto(static_url + "/bron/helpwanted/index.html")  # the search box of any page leads to the map
    page.get_by_label("Zoek in de kaart").fill("podcast")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile(r"/index\.html\?q=podcast$"))
    expect(page.locator("ol.ranked")).to_be_visible()
    assert visible_cards(page) == site["podcast"]
    expect(page.locator(".results__count")).to_have_text(
        f"{len(site['podcast'])} van {site['total']} bronnen"
    )
    expect(page.locator("ol.ranked mark").first).to_be_visible()
    expect(page.get_by_role("link", name="Verwijder zoekwoorden Zoeken: podcast")).to_be_visible()
    page.locator("ol.ranked .card__title a").first.click()
    expect(page).to_have_url(re.compile(r"/bron/[^/]+/index\.html$"))


def test_with_javascript_the_filters_narrow_the_map_as_on_the_server(page: Page, static_url: str, site):
    page.goto(static_url + "/")
    for name, values in FILTERS.items():
        for value in values:
            box = page.locator(f'input[name="{name}"][value="{value}"]')
            box.locator("xpath=ancestor::details").evaluate("d => { d.open = true; }")
            box.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_load_state()
    assert set(visible_cards(page)) == site["filtered"]
    expect(page.locator(".results__count")).to_have_text(
        f"{site['filtered_count']} van {site['total']} bronnen"
    )
    expect(page.locator(".active-filters .chip")).to_have_count(3)
    expect(page.locator('input[name="language"][value="ar"]')).to_be_checked()
    page.get_by_role("link", name="Alle filters wissen").click()
    assert len(visible_cards(page)) == site["total"]


def test_the_unzipped_bundle_works_from_disk(page: Page, site):
    index = (site["unzipped"] / "index.html").as_uri()
    page.goto(index)
    assert len(visible_cards(page)) == site["total"]
    page.get_by_label("Zoek in de kaart").fill("podcast")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.locator("ol.ranked")).to_be_visible()
    assert visible_cards(page) == site["podcast"]
    page.locator("ol.ranked .card__title a").first.click()
    expect(page).to_have_url(re.compile(r"^file://.*/bron/[^/]+/index\.html$"))
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"^file://.*/en/bron/[^/]+/index\.html$"))


def test_the_in_browser_stemmers_are_the_servers(page: Page, static_url: str, site):
    page.goto(static_url + "/")
    words = list(site["stems"])
    stems = page.evaluate(
        "words => words.map(w => [BronwijzerSnowball.stemNl(w), BronwijzerSnowball.stemEn(w)])", words
    )
    differ = [(w, site["stems"][w], s) for w, s in zip(words, stems, strict=True) if site["stems"][w] != s]
    assert not differ, differ[:10]


def test_the_in_browser_search_agrees_with_the_server_on_the_relevance_suite(
    page: Page, static_url: str, site
):
    """The done-when figure: >= 90% of the relevance suite's queries give the same top-5 set."""
    page.goto(static_url + "/")
    queries = [q for q, _, _ in CASES]
    offline = page.evaluate(
        """([queries, top]) => {
            const data = window.BRONWIJZER_SEARCH_INDEX;
            const index = new BronwijzerOfflineSearch.SearchIndex(data);
            const slugs = (q) => index.search(q, new Map()).order.slice(0, top).map(i => data.docs[i].slug);
            return queries.map(slugs);
        }""",
        [queries, TOP],
    )
    same = [q for q, got in zip(queries, offline, strict=True) if set(got) == set(site["top"][q])]
    in_order = [q for q, got in zip(queries, offline, strict=True) if got == site["top"][q]]
    differ = {q: (site["top"][q], got) for q, got in zip(queries, offline, strict=True) if q not in same}
    print(
        f"\nsame top-{TOP} set: {len(same)} of {len(queries)}; same order: {len(in_order)} of {len(queries)}"
    )
    assert len(same) / len(queries) >= AGREEMENT, differ


@pytest.mark.parametrize(
    "query",
    ["?q=ouders+sexting&language=nl", "?theme=preventie&language=ar", "?q=qqqxyzzz", "?q=weerbaarhied"],
)
def test_no_wcag_violations_on_the_map_with_a_search_done(page: Page, static_url: str, query: str):
    page.goto(static_url + "/index.html" + query)
    expect(page.locator(".active-filters")).to_be_visible()
    assert_no_violations(page, f"static map {query}")


def test_axe_finds_nothing_on_the_english_map_with_a_search(page: Page, static_url: str):
    page.goto(static_url + "/en/index.html?q=parents")
    expect(page.locator("ol.ranked")).to_be_visible()
    assert_no_violations(page, "static English map ?q=parents")
