"""The parent handout as a web page on a phone, a small tablet and a laptop: one column below
600 px with both languages readable, two columns above it, right to left in Arabic and Farsi, and
no word broken over two lines; Tigrinya (Ge'ez script) and Farsi as well."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import BROKEN_WORDS
from tests.browser.test_accessibility import assert_no_violations

#: Titles and names a parent reads at a glance.
NAMES = ".handout h1, .handout h2, .item__name, .item__org, .line__name"


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
@pytest.mark.parametrize("language", ["ar", "uk", "nl", "ti", "fa"])
def test_the_handout_reads_on_any_screen(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str], width, language
):
    page = visitor_tab(viewport={"width": width, "height": 800})
    page.goto(base_url + public_paths["handout (Dutch)"].replace("/ouders/nl/", f"/ouders/{language}/"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language in ("ar", "fa") else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(BROKEN_WORDS, NAMES) == []
    items = page.locator(".item")
    assert items.count() >= 2
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    if width < 600:  # one column: each item under the one before, nearly as wide as the screen
        assert second["y"] >= first["y"] + first["height"]
        assert first["width"] >= width * 0.8
    else:  # two columns, side by side
        assert abs(second["y"] - first["y"]) < 1
    if language != "nl":  # the Dutch beside (or, on a phone, under) the parent's language
        own, dutch = page.locator(".pair__own").bounding_box(), page.locator(".pair__nl").bounding_box()
        if width < 600:
            assert dutch["y"] >= own["y"] + own["height"]
        else:
            assert abs(dutch["y"] - own["y"]) < 1


@pytest.mark.parametrize("language", ["ti", "so", "fa"])
def test_the_handout_in_the_languages_added_last_has_no_wcag_violations(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str], language
):
    page = visitor_tab(viewport={"width": 390, "height": 800})
    path = public_paths["handout (Dutch)"].replace("/ouders/nl/", f"/ouders/{language}/")
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200
    assert_no_violations(page, f"handout ({language})")


ETHIOPIC_GLYPHS_DRAWN = """async () => {
  await document.fonts.ready;
  const faces = [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Bronwijzer Ethiopic");
  return faces.filter(f => f.status === "loaded").map(f => f.weight);
}"""


def test_tigrinya_is_drawn_with_the_sites_own_ethiopic_font_where_the_computer_has_none(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    """This machine's Chromium has no Ethiopic font, as many computers: without the site's own
    font every Tigrinya letter is a box. The font comes from this server (``traffic`` would fail
    a request elsewhere); a page without Ethiopic letters does not fetch it."""
    page = new_context(viewport={"width": 390, "height": 800}).new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "Ethiopic" in request.url else None)
    page.goto(base_url + public_paths["handout (Dutch)"])
    assert page.evaluate(ETHIOPIC_GLYPHS_DRAWN) == [] and fetched == []
    page.goto(base_url + public_paths["handout (Dutch)"].replace("/ouders/nl/", "/ouders/ti/"))
    assert "400" in page.evaluate(ETHIOPIC_GLYPHS_DRAWN)  # the regular weight, for the body text
    assert fetched and all(url.startswith(f"{base_url}/static/fonts/") for url in fetched), fetched
