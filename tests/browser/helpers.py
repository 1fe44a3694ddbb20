"""Small page readers, and the recorder of what a browser context does, shared by the browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Response, WebError

from tests.support.liveserver import NEUTRAL_URL

#: Every wait of Playwright in a browser context: a ceiling for a busy machine.
TIMEOUT_MS = 10_000
#: The schemes of requests that go over the network (a data: or blob: URL does not).
WEB = ("http", "https", "ws", "wss")

#: JavaScript: the focused element's text and href.
FOCUSED = "() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"


def tab_to(page: Page, wanted: Callable[[str, str | None], bool], limit: int = 400) -> tuple[str, str | None]:
    """Press Tab until the focused element is ``wanted(text, href)``; its text and href."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text, href = page.evaluate(FOCUSED)
        if wanted(text, href):
            return text, href
    pytest.fail("not reached by keyboard")


def no_sideways_scroll(page: Page) -> None:
    """The page is no wider than its viewport. Measured once the page has loaded: after a keyboard
    navigation only the address is known, and unstyled the page can be far wider."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide at {viewport} px"


#: JavaScript for ``page.evaluate(BROKEN_WORDS, selector)``: the words (letters only) in the shown
#: elements matching the selector that are broken over two lines (a word's letters on two lines). A
#: word hyphenated at a soft hyphen is two runs of letters here, each on its line.
BROKEN_WORDS = """labels => {
    const broken = [];
    const range = document.createRange();
    for (const el of document.querySelectorAll(labels)) {
        if (!el.getClientRects().length) continue;  // not shown
        if (el.closest(".visually-hidden, [aria-hidden=true]")) continue;  // not read as shown
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.textContent.matchAll(/\\p{L}{2,}/gu)) {
                const lines = new Set();
                for (let i = m.index; i < m.index + m[0].length; i++) {
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    // a letter's own box is its last: at a soft hyphen's break the "-" drawn at the
                    // end of the line comes first, in the box of the letter after the break
                    const boxes = [...range.getClientRects()].filter(r => r.width > 0);
                    if (boxes.length) lines.add(Math.round(boxes[boxes.length - 1].top));
                }
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""

# What the stand-in for the quick-exit site (https://neutral.example/) answers (tests/browser/outside.py).
NEUTRAL_PAGE = '<!doctype html><html lang="en"><title>neutral</title><p>neutral</p></html>'


def result_count(page: Page) -> tuple[int, int]:
    """(shown, total) from the results heading, e.g. "43 van 43 bronnen" or "43 of 43 resources"."""
    text = page.locator(".results__count").inner_text()
    match = re.fullmatch(r"\s*(\d+)\D+(\d+)\D*", text)
    assert match, f"no count in the results heading {text!r}"
    return int(match.group(1)), int(match.group(2))


def card_slugs(page: Page) -> set[str]:
    """The distinct resources shown as cards (a resource may sit in more than one section)."""
    hrefs = page.locator(".card .card__title a").evaluate_all("links => links.map(a => a.pathname)")
    return set(hrefs)


@dataclass
class Traffic:
    """What the browser contexts of one test did on the network (see the ``traffic`` fixture)."""

    escaped: list[str] = field(default_factory=list)  # requests that tried to leave the test server
    allowed: set[str] = field(default_factory=set)  # other origins a test serves itself (a partner page)
    responses: list[Response] = field(default_factory=list)  # every response from the test server
    page_errors: list[str] = field(default_factory=list)  # uncaught JavaScript errors


class Recorder:
    """Records what a browser context does into the ``traffic`` of the test using it now."""

    def __init__(self, base_url: str, traffic: Traffic | None = None):
        self.base_url = base_url
        self.traffic = traffic
        #: When the current test took the context (ms since the epoch, the browser's clock): a
        #: response to a request the page made before that (its favicon, fetched after the load
        #: event) belongs to the test before.
        self.since = 0.0

    def attach(self, context: BrowserContext) -> BrowserContext:
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", self.on_request)
        context.on("response", self.on_response)
        context.on("weberror", self.on_error)
        return context

    def on_request(self, request: Request) -> None:
        if self.traffic is None:
            return
        url = request.url
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        known = origin == self.base_url or origin in self.traffic.allowed or url.startswith(NEUTRAL_URL)
        if parts.scheme in WEB and not known:
            self.traffic.escaped.append(url)

    def on_response(self, response: Response) -> None:
        if self.traffic is None or response.request.timing["startTime"] < self.since:
            return
        if response.url.startswith(self.base_url + "/"):
            self.traffic.responses.append(response)

    def on_error(self, error: WebError) -> None:
        if self.traffic is not None:
            self.traffic.page_errors.append(str(error.error))
