"""A professional typing into every text field of the site: capitals never fire the quick exit.

Every public page is opened in Dutch at 320 pixels and in English at 1280 pixels: each width and
each language once, since the fields and the keyboard script depend on the page and (for which
fields show) on the width, not on the pair. Every closed <details> is opened, and every editable
text field found the way a visitor would (not from a list in this test). Into each, real text
with capitals and punctuation is typed with Playwright's ``keyboard.type`` and with Shift held
and released as people do (``type_as_a_person``); a field met again on another page (the
header's search box) gets, as a person types, a short text with every way of pressing Shift in
it (:data:`AGAIN`). The page must stay, with the text in the field; afterwards Shift pressed
alone three times still exits.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.typist import type_as_a_person
from tests.support.liveserver import NEUTRAL_URL

TEXTS = ("Turkse Moeder Arabisch", "Ik Zoek HULP! Voor Amira (14), Zij Leest Arabisch?")
#: For a field met before, on each further page: three Shift presses in a row, as the quick exit
#: counts them (a capital with Shift let go after the letter, one with Shift let go first, and a
#: run of capitals and punctuation with Shift held), in one second's typing.
AGAIN = "Ik Zoek HULP!"
TEXT_FIELDS = (
    "input:not([type]), input[type=text], input[type=search], input[type=email], input[type=url],"
    " input[type=tel], textarea"
)
#: Each language at one width and each width in one language (pairwise): the fields a person can
#: reach depend on the width, their labels on the language, and every page runs the same script.
SCREENS = {"nl-phone": ("nl", 320), "en-laptop": ("en", 1280)}


def english(path: str) -> str:
    return path if path.startswith("/en/") else "/en" + path


#: In one call, as a visitor meets the page: every <details> opened, then each text field a person
#: can reach and type into: shown (a box on the page, not visibility:hidden), enabled and not
#: read-only, not hidden from people (a spam trap) and in the tab order. Returns each one's position
#: among the TEXT_FIELDS matches and its name (id, else name, else the start of its HTML).
FIELDS_OF_THE_PAGE = """selector => {
    document.querySelectorAll("details").forEach(d => { d.open = true; });
    const fields = [...document.querySelectorAll(selector)];
    return fields.flatMap((f, index) => {
        const box = f.getBoundingClientRect();
        const shown = box.width > 0 && box.height > 0 && getComputedStyle(f).visibility !== "hidden";
        const editable = !f.disabled && !f.readOnly && !f.closest("fieldset:disabled");
        const reachable = !f.closest("[aria-hidden=true]") && f.tabIndex >= 0;
        const name = f.id || f.name || f.outerHTML.slice(0, 60);
        return shown && editable && reachable ? [[index, name]] : [];
    });
}"""
#: What a person sees after typing into the field at this position: its value and the quick exit's
#: count of Shift presses, read together.
AFTER_TYPING = """([selector, index]) => [
    document.querySelectorAll(selector)[index].value,
    document.querySelector("[data-quick-exit-status]")?.textContent || "",
]"""


def assert_typing_keeps_the_page(page: Page, url: str, where: str, met: set[str]) -> set[str]:
    """Type into every field of the page: both texts both ways into a field met for the first
    time, :data:`AGAIN` as a person types into one already met on another page (the header's
    search box is on every page)."""
    page.goto(url)
    fields = page.evaluate(FIELDS_OF_THE_PAGE, TEXT_FIELDS)
    for index, field_name in fields:
        field = page.locator(TEXT_FIELDS).nth(index)
        name = f"{where}, field {field_name}"
        first_time = field_name not in met
        for text in TEXTS if first_time else (AGAIN,):
            for typist in ("keyboard.type", "person") if first_time else ("person",):
                field.fill("")
                field.click()
                if typist == "person":
                    type_as_a_person(page, text)
                else:
                    page.keyboard.type(text)
                assert page.url == url, f"{name}: typing {text!r} ({typist}) left the page for {page.url}"
                value, status = page.evaluate(AFTER_TYPING, [TEXT_FIELDS, index])
                assert value == text, f"{name}: the field holds {value!r} after typing {text!r} ({typist})"
                assert status == "", f"{name}: typing {text!r} ({typist}) counted Shift presses: {status!r}"
    return {field_name for _, field_name in fields}


@pytest.mark.parametrize(("language", "width"), SCREENS.values(), ids=SCREENS.keys())
def test_typing_capitals_into_every_text_field_never_exits(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str], language, width
):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    typed_into: set[str] = set()
    for name, path in public_paths.items():
        path = english(path) if language == "en" else path
        typed_into |= assert_typing_keeps_the_page(page, base_url + path, f"{name} ({path})", typed_into)
    # The fields the issue was found with were among those found: the site's search box,
    # the kit page's search and the report form's remark.
    assert {"site-search", "kit-q", "id_remark"} <= typed_into, typed_into

    page.keyboard.press("Escape")  # away from any field: Shift pressed alone now means "leave"
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_URL)
