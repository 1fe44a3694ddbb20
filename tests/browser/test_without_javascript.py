"""Without JavaScript the site still works: server-rendered map, a plain form, a plain quick-exit link."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import card_slugs, result_count
from tests.support.liveserver import NEUTRAL_URL


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


def test_map_and_filters_work_without_javascript(page: Page, base_url: str):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overzichtskaart sexting misbruik")
    assert result_count(page) == (43, 43)

    page.locator("details.facet summary", has_text=re.compile("^Taal")).click()  # native <details>
    page.get_by_role("checkbox", name=re.compile(r"^Arabisch \(\d+\)$")).check()
    page.get_by_role("button", name="Filters toepassen").click()

    expect(page).to_have_url(re.compile(r"/\?language=ar$"))
    shown, total = result_count(page)
    assert 0 < shown < total
    assert len(card_slugs(page)) == shown
    expect(page.get_by_role("link", name="Verwijder filter Taal: Arabisch")).to_be_visible()


def test_quick_exit_is_a_plain_link_to_the_neutral_site_without_javascript(page: Page, base_url: str):
    page.goto(base_url + "/hulp/")
    button = page.get_by_role("button", name=re.compile("Snel weg"))
    expect(button).to_have_attribute("href", NEUTRAL_URL)
    expect(page.get_by_text("of druk 3 keer op Shift")).to_be_hidden()  # the Shift shortcut needs JavaScript

    button.click()

    page.wait_for_url(NEUTRAL_URL)
    expect(page.locator("body")).to_have_text("neutral")
