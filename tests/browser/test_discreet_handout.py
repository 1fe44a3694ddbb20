"""The discreet parent handout in a real browser on a 320 px phone: a professional chooses it in the
kit by keyboard, its page opens with the neutral title in the parent's language, nothing scrolls
sideways, "Stuur naar ouder" can link to it, and axe-core finds no WCAG 2.1 AA violation. Printed
from the browser, its top half names no topic either."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

import pypdfium2 as pdfium
from playwright.sync_api import BrowserContext, expect

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.discreet import topic_words_in
from tests.browser.helpers import no_sideways_scroll, tab_to
from tests.browser.test_accessibility import assert_no_violations
from tests.browser.test_send_to_parent import PHONE
from tests.kit.support import packaged
from tests.support.discreet import names_in

#: Names from the default map that the browser's server (its own database) prints on a handout:
#: the help lines and the organisations of the guided start's kit for an Arabic-speaking parent.
NAMES = ("Helpwanted", "Centrum Seksueel Geweld", "Veilig Thuis", "Slachtofferhulp Nederland", "Rutgers")


def test_a_professional_chooses_the_discreet_handout_from_the_kit_by_keyboard(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    kit = public_paths["kit"]  # the guided start's kit for an Arabic-speaking parent
    page = new_context(viewport=PHONE).new_page()
    page.goto(base_url + kit)
    no_sideways_scroll(page)
    _text, href = tab_to(page, lambda text, href: text.startswith("discreet blad bekijken en printen"))
    assert href == f"{kit}informatie/ar/"  # her language comes first
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{kit}informatie/ar/")
    title = packaged("ar", T.SEND_TITLE)
    expect(page).to_have_title(title)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    no_sideways_scroll(page)
    # the content follows the neutral top, all of it: the usual opening, the items and the help lines
    expect(page.locator(".discreet-top")).to_contain_text(packaged("ar", T.DISCREET_OPENING))
    expect(page.locator(".pair__nl").nth(1)).to_contain_text(T.INTRO)
    expect(page.locator(".handout__help")).to_contain_text("Helpwanted")
    expect(page.get_by_role("link", name="Download als PDF")).to_have_attribute(
        "href", f"{kit}informatie/ar.pdf"
    )
    assert_no_violations(page, "discreet handout (Arabic) at 320 px")


def test_send_to_parent_can_link_to_the_discreet_handout(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    kit = public_paths["kit"]
    page = new_context(viewport=PHONE).new_page()
    page.goto(base_url + kit)
    _text, href = tab_to(page, lambda text, href: text == "Stuur het discrete ouderblad naar de ouder")
    assert href == f"{kit}sturen/ar/?blad=discreet"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{kit}sturen/ar/?blad=discreet")
    no_sideways_scroll(page)
    whatsapp = page.get_by_role("link", name="Stuur met WhatsApp").get_attribute("href") or ""
    text = unquote(whatsapp.removeprefix("https://wa.me/?text="))
    assert text == f"{packaged('ar', T.SEND_MESSAGE)}\n{T.SEND_MESSAGE}\n{base_url}{kit}informatie/ar/"
    # back to the usual handout, by keyboard too
    _text, href = tab_to(page, lambda text, href: text == "Het gewone ouderblad")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{kit}sturen/ar/?")
    expect(page.get_by_text("De link opent het ouderblad in het Arabisch.")).to_be_visible()
    page.goto(f"{base_url}{kit}sturen/ar/?blad=discreet")
    page.wait_for_load_state("load")
    assert_no_violations(page, "Stuur naar ouder, discreet handout, at 320 px")


def test_the_discreet_handout_in_dutch_has_no_accessibility_violations(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base_url}{public_paths['kit']}informatie/nl/")
    expect(page.get_by_role("heading", level=1)).to_have_text(T.SEND_TITLE)
    assert_no_violations(page, "discreet handout (Dutch)")


def test_printed_from_the_browser_the_top_half_names_no_topic_either(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    """ "bekijken en printen": Chromium's own print (A4, print styles) keeps the top half neutral too."""
    page = new_context().new_page()
    for lang in ("nl", "uk"):
        page.goto(f"{base_url}{public_paths['kit']}informatie/{lang}/")
        page.wait_for_load_state("load")
        printed = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
        first = printed[0]
        width, height = first.get_width(), first.get_height()
        assert (round(width), round(height)) == (595, 842)
        textpage = first.get_textpage()
        top = " ".join(textpage.get_text_bounded(0, height / 2, width, height).split())
        bottom = " ".join(textpage.get_text_bounded(0, 0, width, height / 2).split())
        assert T.SEND_TITLE in top  # the Dutch title, read back from the top half
        found = {w for code in (lang, "nl", "en") for w in topic_words_in(top, code)}
        assert not found, (lang, found, top)
        assert names_in(top, NAMES) == [], top
        assert "U heeft met ons gepraat over uw kind en internet" in bottom
