"""The back office at 1280 px: the resource list fits beside its filter panel, nothing scrolls sideways;
the list of handout languages draws every language's own name."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff import log_in, staff_create
from tests.support.liveserver import LiveServer


@pytest.fixture(scope="module")
def publisher(server: LiveServer) -> str:
    return staff_create(server.log_path.parent, {"publisher": "lotte"})["publisher"]


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_resource_list_fits_beside_the_filter_panel(
    new_context, base_url: str, publisher: str, width: int
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, base_url, publisher)
    page.goto(base_url + "/redactie/catalog/resource/")
    expect(page.locator("#result_list")).to_be_visible()
    expect(page.locator("#changelist-filter")).to_be_visible()
    table = page.locator("#result_list").bounding_box()
    panel = page.locator("#changelist-filter").bounding_box()
    assert table["x"] + table["width"] <= panel["x"] + 0.5, (table, panel)
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, f"the page scrolls {sideways} px sideways at {width} px"
    assert page.locator("#result_list thead th").count() <= 6  # the checkbox column and five


def fonts_drawing(page: Page, selector: str) -> list[dict]:
    """The fonts Chromium drew the first element matching ``selector`` with, and how many glyphs
    each (DevTools' CSS.getPlatformFontsForNode). A letter no font has is drawn as a box from a
    system font, and that font is what is listed."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_a_language_name_in_ethiopic_script_is_drawn_not_shown_as_boxes(
    new_context, base_url: str, publisher: str
):
    """Tigrinya's own name in the list of handout languages: the back office brings the site's
    Ethiopic font (staff/staff.css); this machine, like many, has none."""
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, base_url, publisher)
    page.goto(base_url + "/redactie/kit/handouttranslation/")
    tigrinya = '#handout-languages th span[lang="ti"]'
    expect(page.locator(tigrinya)).to_have_text("ትግርኛ")
    page.evaluate("document.fonts.ready")
    fonts = fonts_drawing(page, tigrinya)
    assert any(f["isCustomFont"] and "Ethiopic" in f["familyName"] for f in fonts), fonts
    # and the "add" button Django pulls up beside the title stays clear of the list's help text
    add = page.locator(".object-tools").bounding_box()
    help_text = page.locator("#handout-languages .help").bounding_box()
    assert add is not None and help_text is not None
    assert add["y"] >= help_text["y"] + help_text["height"], (add, help_text)
