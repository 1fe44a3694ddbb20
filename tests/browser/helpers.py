"""Small page readers shared by the browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, Response

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
#: elements matching the selector that are broken over two lines (a word's letters on two lines).
BROKEN_WORDS = """labels => {
    const broken = [];
    const range = document.createRange();
    for (const el of document.querySelectorAll(labels)) {
        if (!el.getClientRects().length) continue;  // not shown
        if (el.closest(".visually-hidden, [aria-hidden=true]")) continue;  // not read as shown
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.textContent.matchAll(/\\p{L}{2,}/gu)) {
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
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
