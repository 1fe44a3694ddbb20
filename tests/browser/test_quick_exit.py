"""The quick exit ("Snel weg"): leave at once, leave no trace in the history, work by mouse and keyboard."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, Route, expect

from tests.browser.helpers import NEUTRAL_PAGE
from tests.support.liveserver import NEUTRAL_URL

SNEL_WEG = re.compile("Snel weg")


# Runs in the page when the quick exit marks <html>: what is on screen while the neutral site loads.
WATCH_EXIT = """() => new MutationObserver(() => {
    if (!document.documentElement.classList.contains("quick-exit-active")) return;
    const overlay = document.querySelector(".quick-exit-overlay");
    const box = overlay ? overlay.getBoundingClientRect() : null;
    window.reportExitState({
        overlay: overlay ? getComputedStyle(overlay).visibility : null,
        overlayCoversViewport: !!box && box.width >= innerWidth && box.height >= innerHeight,
        main: getComputedStyle(document.querySelector("main")).visibility,
        title: document.title,
    });
}).observe(document.documentElement, {attributes: true, attributeFilter: ["class"]})"""


def test_snel_weg_blanks_the_page_and_replaces_it_in_the_history(page: Page, base_url: str):
    page.goto(NEUTRAL_URL + "before")  # whatever the visitor had open before Bronwijzer
    page.goto(base_url + "/hulp/")
    held: list[Route] = []  # the neutral page is held back while we look at the page being left
    page.route(NEUTRAL_URL, lambda route: held.append(route))
    seen: list[dict] = []
    page.expose_function("reportExitState", lambda state: seen.append(state))
    page.evaluate(WATCH_EXIT)

    page.get_by_role("button", name=SNEL_WEG).click(no_wait_after=True)

    deadline = time.monotonic() + 10  # a ceiling, as long as every Playwright wait's (helpers.TIMEOUT_MS)
    while not (held and seen) and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert held, "Snel weg did not go to the neutral site"
    assert seen == [{"overlay": "visible", "overlayCoversViewport": True, "main": "hidden", "title": "."}]
    held[0].fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    page.wait_for_url(NEUTRAL_URL)
    expect(page.locator("body")).to_have_text("neutral")

    page.go_back()
    assert page.url == NEUTRAL_URL + "before", "Back must not return to the Bronwijzer page that was left"


def test_pressing_shift_three_times_exits(page: Page, base_url: str):
    page.goto(NEUTRAL_URL + "before")
    page.goto(base_url + "/")
    expect(page.get_by_text("of druk 3 keer op Shift")).to_be_visible()

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("[data-quick-exit-status]")).to_have_text("Shift 2 van 3 keer ingedrukt")
    assert page.url.startswith(base_url)
    page.keyboard.press("Shift")

    page.wait_for_url(NEUTRAL_URL)
    page.go_back()
    assert not page.url.startswith(base_url)


def test_tab_from_the_top_reaches_the_skip_link_then_snel_weg(page: Page, base_url: str):
    page.goto(base_url + "/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Direct naar de inhoud")
    expect(skip_link).to_be_in_viewport()  # visible when focused
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("data-quick-exit-button", "")
    expect(focused).to_have_accessible_name(SNEL_WEG)
    expect(focused).to_have_attribute("href", NEUTRAL_URL)

    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL_URL)


def test_space_activates_snel_weg_like_any_button(page: Page, base_url: str):
    page.goto(base_url + "/begrippen/")
    page.get_by_role("button", name=SNEL_WEG).focus()

    page.keyboard.press(" ")

    page.wait_for_url(NEUTRAL_URL)


def test_quick_exit_stays_in_view_on_a_long_page(page: Page, base_url: str):
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(base_url + "/")
    page.locator(".site-footer").scroll_into_view_if_needed()
    assert page.evaluate("() => window.scrollY") > 1000
    expect(page.get_by_role("button", name=SNEL_WEG)).to_be_in_viewport()


def test_shift_used_as_a_modifier_never_counts(page: Page, base_url: str):
    page.goto(base_url + "/")
    page.get_by_role("searchbox").first.focus()
    for _ in range(4):
        page.keyboard.press("Shift+Tab")  # backwards through the page, as keyboard users do
        page.keyboard.press("Tab")
    for letter in "ABC":
        page.keyboard.down("Shift")
        page.keyboard.down(letter)
        page.keyboard.up("Shift")  # rollover: Shift comes up before the letter
        page.keyboard.up(letter)

    expect(page.locator("[data-quick-exit-status]")).to_have_text("")
    assert page.url.startswith(base_url)


def test_any_other_key_starts_the_count_again(page: Page, base_url: str):
    page.goto(base_url + "/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("[data-quick-exit-status]")).to_have_text("Shift 2 van 3 keer ingedrukt")

    page.keyboard.press("ArrowDown")
    expect(page.locator("[data-quick-exit-status]")).to_have_text("")
    page.keyboard.press("Shift")
    expect(page.locator("[data-quick-exit-status]")).to_have_text("Shift 1 van 3 keer ingedrukt")
    assert page.url.startswith(base_url)

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_URL)


def test_shift_three_times_in_english(page: Page, base_url: str):
    page.goto(base_url + "/en/")
    expect(page.get_by_text("or press Shift 3 times")).to_be_visible()
    page.keyboard.press("Shift")
    expect(page.locator("[data-quick-exit-status]")).to_have_text("Shift pressed 1 of 3 times")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_URL)
