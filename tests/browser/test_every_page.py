"""What every public page must be, wherever a visitor lands: checked on one walk over the site.

The walk visits, at 320 CSS pixels, every public page type (``public_paths`` in conftest.py) in
Dutch and in English and every resource page, once each, and notes what each test below asserts:
the layout fits (WCAG 1.4.10) and no short label breaks a word, the quick exit sits at the top,
the landmarks, headings and language a screen reader uses are there, the Content-Security-Policy
reports nothing, and the visitor gets no cookie, no storage and no request that leaves the site.
One visit a page instead of one a page per property: a visit costs Chromium about 70 ms of CPU,
and the properties were checked on six walks before (docs in README "Tests"). Each test still
fails on its own, naming every page where its property does not hold.

Axe-core runs per page type in test_accessibility.py (at 1280 px), the typing test types into
every field of every page in test_typing.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, ConsoleMessage

from tests.browser.helpers import BROKEN_WORDS, Recorder, Traffic, card_slugs
from tests.support.liveserver import NEUTRAL_URL

NARROW = 320
#: Short texts a reader takes in at a glance: a word broken over two lines there reads as two words.
LABELS = "h1, h2, h3, h4, dt, th, label, legend, summary, button, .button, .card__title, .kit-item__title"
QUICK_EXIT_NAME = re.compile("Snel weg|Quick exit")

#: Injected before any script of a page: the CSP violations the page reports, from its first byte.
WATCH_CSP = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""

#: Everything one look at a loaded page tells: filters unfolded first (the widest the map gets).
#: Landmarks by the HTML-to-ARIA mapping (HTML-AAM) among the elements shown: <main>; a <header> or
#: <footer> that is not inside an article, aside, main, nav or section is the page's banner or
#: contentinfo; explicit roles count too. (Playwright's role locators give the same, at about ten
#: times the cost a page.)
LOOK = f"""labels => {{
    document.querySelectorAll('details.facet').forEach(d => {{ d.open = true; }});
    const brokenWords = {BROKEN_WORDS};
    const shown = el => el.getClientRects().length > 0 && !el.closest('[hidden], [aria-hidden=true]');
    const all = selector => [...document.querySelectorAll(selector)].filter(shown);
    const sectioning = 'article, aside, main, nav, section';
    const top = (tag, role) => all(`${{tag}}:not([role]), [role=${{role}}]`).filter(
        el => el.getAttribute('role') === role || !el.parentElement.closest(sectioning)).length;
    const exits = all('[data-quick-exit-button]');
    const box = exits.length && exits[0].getBoundingClientRect();
    return {{
        width: document.documentElement.scrollWidth,
        broken: brokenWords(labels),
        exits: exits.map(el => [el.getAttribute('role') || el.tagName, el.textContent.trim()]),
        exitHref: exits.length ? exits[0].getAttribute('href') : null,
        exitTop: box ? box.top : null,
        main: all('main:not([role]), [role=main]').length,
        banner: top('header', 'banner'),
        contentinfo: top('footer', 'contentinfo'),
        unnamedNavigations: all('nav:not([role]), [role=navigation]').filter(
            n => !n.getAttribute('aria-label') && !n.getAttribute('aria-labelledby')).length,
        h1: document.querySelectorAll('h1').length,
        lang: document.documentElement.getAttribute('lang'),
        paper: document.body.classList.contains('paper-page'),
        stored: [document.cookie, localStorage.length, sessionStorage.length],
        csp: window.__cspViolations || ['the watcher did not run'],
    }};
}}"""


@dataclass
class Visit:
    """What one page showed on the walk."""

    name: str
    path: str
    status: int
    look: dict

    @property
    def where(self) -> str:
        return f"{self.name} ({self.path})"


@dataclass
class Walk:
    visits: list[Visit]
    traffic: Traffic
    console_csp: list[str] = field(default_factory=list)
    cookies: list = field(default_factory=list)


def pages_to_visit(public_paths: dict[str, str], resources: list[str]) -> dict[str, str]:
    english = {
        f"English {name}": "/en" + path for name, path in public_paths.items() if not path.startswith("/en/")
    }
    others = {f"resource {path}": path for path in resources if path not in public_paths.values()}
    return {**public_paths, **english, **others}


@pytest.fixture(scope="module")
def walk(browser: Browser, base_url: str, public_paths: dict[str, str]) -> Iterator[Walk]:
    traffic = Traffic()
    context = Recorder(base_url, traffic).attach(
        browser.new_context(viewport={"width": NARROW, "height": 640}, locale="nl-NL")
    )
    context.add_init_script(WATCH_CSP)
    result = Walk([], traffic)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            result.console_csp.append(f"{message.location.get('url')}: {message.text}")

    context.on("console", on_console)
    page = context.new_page()
    page.goto(base_url + "/")
    resources = sorted(card_slugs(page))
    assert len(resources) == 43
    for name, path in pages_to_visit(public_paths, resources).items():
        response = page.goto(base_url + path)
        assert response is not None, path  # (goto waits for the load event)
        result.visits.append(Visit(name, path, response.status, page.evaluate(LOOK, LABELS)))
    result.cookies = context.cookies()
    yield result
    context.close()


def failures(walk: Walk, check) -> dict[str, object]:
    """``check(visit)`` for every page; the pages where it returned something, with what."""
    found = {}
    for visit in walk.visits:
        problem = check(visit)
        if problem:
            found[visit.where] = problem
    return found


def test_the_walk_reached_every_page_it_should(walk: Walk, public_paths: dict[str, str]):
    visited = {visit.path for visit in walk.visits}
    dutch = set(public_paths.values())
    english = {path if path.startswith("/en/") else "/en" + path for path in dutch}
    resources = {path for path in visited if path.startswith("/bron/")}
    assert visited == dutch | english | resources and len(resources) == 43
    wrong = failures(
        walk, lambda v: v.status != (404 if v.name.endswith("404") else 200) and f"answered {v.status}"
    )
    assert not wrong, wrong


def test_no_page_scrolls_sideways_at_320_pixels(walk: Walk):
    too_wide = failures(walk, lambda v: v.look["width"] > NARROW and f"{v.look['width']}px wide")
    assert not too_wide, f"pages wider than {NARROW}px (filters unfolded): {too_wide}"


def test_no_heading_label_or_button_breaks_a_word_at_320_pixels(walk: Walk):
    broken = failures(walk, lambda v: v.look["broken"])
    assert not broken, f"words broken across lines at {NARROW}px: {broken}"


def test_every_page_has_a_visible_quick_exit_at_the_top(walk: Walk):
    def check(visit: Visit) -> str | None:
        look = visit.look
        exits = look["exits"]
        if len(exits) != 1 or exits[0][0] != "button" or not QUICK_EXIT_NAME.search(exits[0][1]):
            return (
                f"quick-exit buttons shown (role, text): {exits}, not one named {QUICK_EXIT_NAME.pattern!r}"
            )
        if look["exitHref"] != NEUTRAL_URL:
            return f"leads to {look['exitHref']}"
        if look["exitTop"] is None or look["exitTop"] >= 100:
            return f"not shown at the top (top: {look['exitTop']})"
        return None

    wrong = failures(walk, check)
    assert not wrong, wrong


def test_every_page_has_the_landmarks_headings_and_language_a_screen_reader_uses(walk: Walk):
    """One main region, one h1, every navigation region named, the page's language set; pages of the
    site (not the handout and sheets, which are paper) also have one banner and one contentinfo."""

    def check(visit: Visit) -> str | None:
        look = visit.look
        problems = []
        if look["main"] != 1:
            problems.append(f"{look['main']} main regions")
        if look["h1"] != 1:
            problems.append(f"{look['h1']} h1")
        if look["unnamedNavigations"]:
            problems.append(f"{look['unnamedNavigations']} navigation regions without a name")
        if not look["lang"]:
            problems.append("no lang")
        if not look["paper"]:
            expected = "en" if visit.path.startswith("/en/") else "nl"
            if look["lang"] != expected:
                problems.append(f"lang {look['lang']!r}, not {expected!r}")
            if look["banner"] != 1 or look["contentinfo"] != 1:
                problems.append(f"{look['banner']} banners, {look['contentinfo']} contentinfo")
        return "; ".join(problems)

    wrong = failures(walk, check)
    assert not wrong, wrong


def test_no_page_violates_the_content_security_policy(walk: Walk):
    reported = failures(walk, lambda v: v.look["csp"])
    assert not reported, reported
    assert walk.console_csp == []


def test_visitors_get_no_cookies_no_storage_and_no_request_beyond_the_site(walk: Walk):
    stored = failures(walk, lambda v: v.look["stored"] != ["", 0, 0] and v.look["stored"])
    assert not stored, f"pages that store something in the browser: {stored}"
    assert walk.cookies == []
    responses = walk.traffic.responses
    assert {r.url.split("?")[0].rsplit(".", 1)[-1] for r in responses} >= {"css", "js"}
    with_cookies = [r.url for r in responses if r.header_value("set-cookie") is not None]
    assert with_cookies == [], f"responses that set a cookie: {with_cookies}"
    assert walk.traffic.escaped == [], f"requests that tried to leave 127.0.0.1: {walk.traffic.escaped}"
    assert walk.traffic.page_errors == [], f"JavaScript errors: {walk.traffic.page_errors}"
