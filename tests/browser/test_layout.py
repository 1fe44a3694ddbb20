"""Reflow at 320 CSS pixels (WCAG 1.4.10) and the printed map."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import BROKEN_WORDS, card_slugs

NARROW = 320


def test_no_horizontal_scrolling_at_320_pixels(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str]
):
    page = visitor_tab(viewport={"width": NARROW, "height": 640})
    for name, path in public_paths.items():
        page.goto(base_url + path)
        if name.endswith("map"):
            page.locator("details.facet").evaluate_all("all => all.forEach(d => { d.open = true; })")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW, f"{name} ({path}) is {width}px wide at a {NARROW}px viewport"


def test_every_resource_page_fits_320_pixels(visitor_tab: Callable[..., Page], base_url: str):
    page = visitor_tab(viewport={"width": NARROW, "height": 640})
    page.goto(base_url + "/")
    slugs = sorted(card_slugs(page))
    assert len(slugs) == 43
    too_wide = {}
    for path in slugs:
        page.goto(base_url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW:
            too_wide[path] = width
    assert not too_wide, f"resource pages wider than {NARROW}px: {too_wide}"


@pytest.mark.parametrize(
    ("prefix", "clear_all"), [("", "Alle filters wissen"), ("/en", "Clear all filters")], ids=["nl", "en"]
)
def test_printed_map_shows_full_urls_and_hides_the_controls(page: Page, base_url: str, prefix, clear_all):
    page.goto(base_url + prefix + "/?language=ar&language=en")
    urls = page.locator(".card .print-only.card__url")
    assert urls.count() > 0
    expect(urls.first).to_be_hidden()  # on screen the card title links to the resource page
    expect(page.get_by_role("link", name=clear_all)).to_be_visible()

    page.emulate_media(media="print")

    for index in range(urls.count()):
        expect(urls.nth(index)).to_be_visible()
        expect(urls.nth(index)).to_have_text(re.compile(r"^https?://\S+$"))
    expect(page.locator(".filters")).to_be_hidden()
    expect(page.locator(".quick-exit")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".active-filters .chip").first).to_be_visible()  # the printout says what was chosen
    expect(page.get_by_role("link", name=clear_all)).to_be_hidden()


#: Short texts a reader takes in at a glance: a word broken over two lines there reads as two words.
LABELS = "h1, h2, h3, h4, dt, th, label, legend, summary, button, .button, .card__title, .kit-item__title"


def test_no_heading_label_or_button_breaks_a_word_at_320_pixels(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str]
):
    page = visitor_tab(viewport={"width": NARROW, "height": 640})
    english = {
        f"English {name}": "/en" + path for name, path in public_paths.items() if not path.startswith("/en/")
    }
    broken = {}
    for name, path in {**public_paths, **english}.items():
        page.goto(base_url + path)
        words = page.evaluate(BROKEN_WORDS, LABELS)
        if words:
            broken[f"{name} ({path})"] = words
    assert not broken, f"words broken across lines at {NARROW}px: {broken}"
