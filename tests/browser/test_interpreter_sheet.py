"""The interpreter sheet in a real browser: a professional reaches it from the kit by keyboard on a
320 px phone, the page does not scroll sideways, the parent's column reads in its own direction
beside the Dutch, and axe-core finds no WCAG 2.1 AA violation at phone and desktop width."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bronwijzer.kit import handout_text as T
from tests.browser.helpers import FOCUSED, no_sideways_scroll, tab_to
from tests.browser.test_accessibility import assert_no_violations
from tests.kit.support import packaged

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def test_a_professional_reaches_the_interpreter_sheet_by_keyboard_on_a_phone(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    kit = public_paths["kit"]  # the guided start's kit for an Arabic-speaking parent
    page = new_context(viewport=PHONE).new_page()
    page.goto(base_url + kit)
    no_sideways_scroll(page)
    # the first sheet offered is in her language
    text, href = tab_to(page, lambda _text, href: "/tolk/" in (href or ""))
    assert href == f"{kit}tolk/ar/" and text.startswith("tolkblad bekijken en printen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{kit}tolk/ar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(T.INTERPRETER_TITLE)
    expect(page).to_have_title("Gesprekskit")
    no_sideways_scroll(page)

    # both columns, each in its own language and direction
    sextortion = packaged("ar", T.KEY_WORDS[2][0])
    own = page.locator('.tolk-table--words td[lang="ar"]', has_text=sextortion)
    expect(own).to_have_attribute("dir", "rtl")
    assert own.evaluate("cell => getComputedStyle(cell).direction") == "rtl"
    expect(page.locator('.tolk-table--words td[lang="nl"]', has_text=T.KEY_WORDS[2][1])).to_be_visible()
    expect(page.get_by_role("columnheader", name="Nederlands").first).to_be_visible()
    # the PDF is one keypress away, and back to the kit
    tab_to(page, lambda _text, href: (href or "").endswith("tolk/ar.pdf"))
    page.keyboard.press("Shift+Tab")
    _text, href = page.evaluate(FOCUSED)
    assert href == kit


def test_on_a_wide_screen_the_dutch_is_left_and_her_language_right(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(f"{base_url}{public_paths['kit']}tolk/ar/")
    row = page.locator(".tolk-table--words tbody tr").first
    dutch = row.locator('td[lang="nl"]').bounding_box()
    arabic = row.locator('td[lang="ar"]').bounding_box()
    assert dutch is not None and arabic is not None
    assert dutch["x"] + dutch["width"] <= arabic["x"] + 1


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_the_interpreter_sheet_has_no_wcag_violations(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str], lang
):
    for viewport in (PHONE, DESKTOP):
        page = visitor_tab(viewport=viewport)
        response = page.goto(f"{base_url}{public_paths['kit']}tolk/{lang}/")
        assert response is not None and response.status == 200
        assert_no_violations(page, f"interpreter sheet ({lang}, {viewport['width']} px)")
