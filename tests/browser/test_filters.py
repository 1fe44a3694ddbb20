"""Filtering through the filter form: OR within a facet, AND across facets, chips to undo."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.browser.helpers import card_slugs, result_count


def choose(page: Page, facet: str, option: str) -> None:
    """Open the facet's <details> if needed, tick the option, submit the form."""
    details = page.locator("details.facet").filter(
        has=page.locator("summary", has_text=re.compile(f"^{facet}"))
    )
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    checkbox = details.get_by_role("checkbox", name=re.compile(rf"^{re.escape(option)} \(\d+\)$"))
    expect(checkbox).to_be_visible()
    checkbox.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_load_state()


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def shown(page: Page) -> int:
    count, total = result_count(page)
    assert total == 43
    assert len(card_slugs(page)) == count, "the count in the heading matches the cards shown"
    return count


def test_filters_narrow_with_and_across_facets_widen_with_or_within_one(page: Page, base_url: str):
    page.goto(base_url + "/")
    everything = shown(page)
    expect(page.locator(".active-filters")).to_have_count(0)

    choose(page, "Taal", "Arabisch")
    expect(page).to_have_url(re.compile(r"[?&]language=ar\b"))
    arabic = shown(page)
    assert 0 < arabic < everything
    expect(page.get_by_role("link", name="Verwijder filter Taal: Arabisch")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Arabisch"))).to_be_checked()

    choose(page, "Taal", "Engels")  # same facet: OR
    assert sorted(query(page)["language"]) == ["ar", "en"]
    arabic_or_english = shown(page)
    assert arabic_or_english >= arabic

    choose(page, "Soort materiaal", "Video of animatie")  # another facet: AND
    assert query(page)["format"] == ["video"]
    with_video = shown(page)
    assert 0 < with_video <= arabic_or_english
    expect(page.locator(".active-filters .chip")).to_have_count(3)

    page.get_by_role("link", name="Verwijder filter Soort materiaal: Video of animatie").click()
    page.wait_for_load_state()
    assert "format" not in query(page)
    assert sorted(query(page)["language"]) == ["ar", "en"]
    assert shown(page) == arabic_or_english
    expect(page.locator(".active-filters .chip")).to_have_count(2)

    page.get_by_role("link", name="Alle filters wissen").click()
    page.wait_for_load_state()
    assert shown(page) == everything


def test_a_filter_that_matches_nothing_says_so(page: Page, base_url: str):
    page.goto(base_url + "/?language=tr&format=escaperoom")
    assert result_count(page) == (0, 43)
    expect(page.get_by_text("Geen bronnen passen bij deze filters.")).to_be_visible()
