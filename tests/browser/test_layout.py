"""The printed map: full addresses, no controls. (Reflow at 320 CSS pixels, WCAG 1.4.10, on every
public page: test_every_page.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


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
