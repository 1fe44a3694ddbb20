""" "Stuur naar ouder" in a real browser on a 320 px phone: a professional reaches it from the kit
by keyboard; the WhatsApp, SMS and e-mail links hold her line, the Dutch line and the one link to
her handout; with JavaScript and a share sheet the button shares the same; without either the
links alone; nothing is requested from elsewhere (the ``traffic`` fixture); axe-core finds no
WCAG 2.1 AA violation."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from tests.browser.helpers import no_sideways_scroll, tab_to
from tests.browser.test_accessibility import assert_no_violations
from tests.kit.support import packaged

PHONE = {"width": 320, "height": 640}
PREFIXES = {"whatsapp": "https://wa.me/?text=", "sms": "sms:?&body=", "email": "mailto:?subject="}


def test_a_professional_reaches_send_to_parent_by_keyboard_and_the_links_are_right(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    kit = public_paths["kit"]  # the guided start's kit for an Arabic-speaking parent
    page = new_context(viewport=PHONE).new_page()
    page.goto(base_url + kit)
    no_sideways_scroll(page)
    _text, href = tab_to(page, lambda text, href: text.startswith("Stuur naar ouder"))
    assert href == f"{kit}sturen/ar/"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{kit}sturen/ar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuur naar ouder")
    no_sideways_scroll(page)

    handout = f"{base_url}{kit}ouders/ar/"
    expected = f"{packaged('ar', T.SEND_MESSAGE)}\n{T.SEND_MESSAGE}\n{handout}"
    reached: dict[str, str] = {}
    while len(reached) < len(PREFIXES):
        _text, href = tab_to(page, lambda _text, href: (href or "").startswith(tuple(PREFIXES.values())))
        kind = next(k for k, prefix in PREFIXES.items() if href.startswith(prefix))
        reached[kind] = href
    assert unquote(reached["whatsapp"].removeprefix(PREFIXES["whatsapp"])) == expected
    assert unquote(reached["sms"].removeprefix(PREFIXES["sms"])) == expected
    subject, body = reached["email"].removeprefix(PREFIXES["email"]).split("&body=")
    assert unquote(subject) == f"{packaged('ar', T.SEND_TITLE)} / {T.SEND_TITLE}"
    assert unquote(body) == expected.replace("\n", "\r\n")
    for href in reached.values():
        assert " " not in href and "\n" not in href and href.count("http%3A%2F%2F") == 1
    # the message on the page reads right to left, the Dutch left to right
    expect(page.locator('.send-message p[lang="ar"]')).to_have_attribute("dir", "rtl")
    expect(page.locator('.send-message p[lang="nl"]')).to_have_attribute("dir", "ltr")


SHARE_STUB = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  configurable: true,
  value: (data) => { window.__shared.push(data); return Promise.resolve(); },
});
"""


def test_with_a_share_sheet_the_button_shares_the_same_message(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    context = new_context(viewport=PHONE)
    context.add_init_script(SHARE_STUB)  # Chromium on Linux has no share sheet: a stand-in records it
    page = context.new_page()
    page.goto(f"{base_url}{public_paths['kit']}sturen/ar/")
    button = page.get_by_role("button", name="Deel met een andere app")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__shared.length === 1")
    assert page.evaluate("window.__shared") == [
        {
            "title": f"{packaged('ar', T.SEND_TITLE)} / {T.SEND_TITLE}",
            "text": f"{packaged('ar', T.SEND_MESSAGE)}\n{T.SEND_MESSAGE}",
            "url": f"{base_url}{public_paths['kit']}ouders/ar/",
        }
    ]


@pytest.mark.parametrize("javascript", [True, False])
def test_without_a_share_sheet_the_links_alone_are_offered(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str], javascript
):
    context = new_context(viewport=PHONE, java_script_enabled=javascript)
    context.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page = context.new_page()
    page.goto(f"{base_url}{public_paths['kit']}sturen/ar/")
    expect(page.get_by_role("button", name="Deel met een andere app")).to_be_hidden()
    for name in ("Stuur met WhatsApp", "Stuur als sms", "Stuur als e-mail"):
        expect(page.get_by_role("link", name=name)).to_be_visible()


@pytest.mark.parametrize("lang", ["ar", "nl", "de", "fa"])
def test_the_send_page_has_no_wcag_violations(
    visitor_tab: Callable[..., Page], base_url: str, public_paths: dict[str, str], lang
):
    kit = public_paths["kit"]
    if lang == "de":  # a language without a handout (the Dutch-only notice): a kit for a German reader
        options = KitOptions(who="ouder", languages=("de",))
        kit = f"/gesprekskit/{kit_encode(Kit(options, (resource_key('mediagesprek'),)))}/"
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page = visitor_tab(viewport=viewport)
        response = page.goto(f"{base_url}{kit}sturen/{lang}/")
        assert response is not None and response.status == 200
        assert_no_violations(page, f"send to parent ({lang}, {viewport['width']} px)")
