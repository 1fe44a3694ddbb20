"""The gesprekskit in a real browser: the guided start without JavaScript, the same kit in a
fresh browser, nothing written on the server, and the copy button with JavaScript."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.liveserver import LiveServer


def server_database_digest(server: LiveServer) -> str:
    """Every row of every table in the live server's SQLite database."""
    path = Path(server.log_path).parent / "bronwijzer.sqlite3"
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def kit_titles(page: Page) -> list[str]:
    return page.locator(".kit-item__title a").all_inner_texts()


def follow(page: Page, link: Locator) -> None:
    """Click a link that changes the kit, and wait for the kit's new page: every change is a new
    address (the kit is in it), and a click only starts the navigation; read too early, the
    titles are the old page's (seen on a busy machine)."""
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)


@pytest.fixture
def no_js_page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


def test_the_guided_start_builds_and_edits_a_kit_without_javascript(
    no_js_page: Page, base_url: str, server: LiveServer, new_context
):
    page = no_js_page
    before = server_database_digest(server)
    page.goto(base_url + "/gesprekskit/")
    page.get_by_label("Eén ouder").check()
    page.get_by_label("Arabisch").check()
    page.get_by_label("Leeftijd van het kind").fill("14")
    page.get_by_label("Er is een zorg of vermoeden").check()
    page.get_by_role("button", name="Stel materiaal voor").click()

    expect(page).to_have_url(re.compile(r"/gesprekskit/[A-Za-z0-9_-]+/$"))
    titles = kit_titles(page)
    assert titles, "the guided start proposed nothing"
    for fact in page.locator(".kit-item__facts").all_inner_texts()[: len(titles)]:
        assert "Arabisch" in fact

    # reorder, then remove, as plain links
    follow(page, page.get_by_role("link", name=re.compile(rf"^Omlaag\s*: {re.escape(titles[0])}$")))
    assert kit_titles(page)[:2] == [titles[1], titles[0]]
    follow(page, page.get_by_role("link", name=re.compile(rf"^Weghalen\s*: {re.escape(titles[0])}$")))
    assert titles[0] not in kit_titles(page)

    # add through the kit's own search
    page.get_by_label("Zoek materiaal om toe te voegen").fill("mediadiamant")
    page.get_by_role("button", name="Zoeken").last.click()
    found = page.get_by_role("region", name=re.compile("^Gevonden voor"))
    follow(page, found.get_by_role("link", name=re.compile(r"^Voeg toe\s*: MediaDiamant")))
    final = kit_titles(page)
    assert any(t.startswith("MediaDiamant") for t in final)

    # the same link in a fresh browser with no cookies gives the same kit
    fresh = new_context().new_page()
    fresh.goto(page.url)
    assert kit_titles(fresh) == final
    assert fresh.context.cookies() == [] and page.context.cookies() == []

    # the handout opens in Arabic, right to left, with the Dutch beside it
    page.get_by_role("link", name=re.compile(r"^bekijken en printen\s*\(العربية\)$")).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator(".pair__nl")).to_contain_text("U heeft met ons gepraat")
    assert page.locator(".item").count() == len(final)

    assert server_database_digest(server) == before, "building a kit wrote to the database"
    log = server.log()  # routes only: no kit code, no handout language (docs/operations.md)
    assert "/gesprekskit/<code>/ouders/<lang>/" in log
    assert not re.search(r"/gesprekskit/(?!voorstel/|toevoegen/)[A-Za-z0-9_-]{8,}", log)


def test_adding_from_the_map_fills_the_kit_in_the_link(page: Page, base_url: str):
    page.goto(base_url + "/bron/mediagesprek/")
    add = re.compile(r"^Voeg toe aan gesprekskit\s*: Het Mediagesprek$")
    follow(page, page.get_by_role("link", name=add))
    assert kit_titles(page) == ["Het Mediagesprek"]
    page.get_by_role("link", name="Of zoek verder op de kaart en voeg van daaruit toe").click()
    expect(page.locator(".kit-banner")).to_be_visible()
    page.get_by_role("searchbox", name="Zoek in de kaart").fill("zanzu")
    page.get_by_role("button", name="Zoeken").first.click()
    add = re.compile(r"^Voeg toe aan gesprekskit\s*: Alles over seks")
    follow(page, page.get_by_role("link", name=add).first)
    assert kit_titles(page) == ["Het Mediagesprek", "Alles over seks op Zanzu.nl"]


def test_with_javascript_the_kit_link_is_copied_with_one_click(new_context, base_url: str):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "/gesprekskit/toevoegen/mediagesprek/")
    button = page.get_by_role("button", name="Kopieer link")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".kit-share__status")).to_have_text("Gekopieerd")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url.split("#")[0]


def test_without_javascript_the_copy_button_stays_hidden_and_the_link_is_selectable(
    no_js_page: Page, base_url: str
):
    no_js_page.goto(base_url + "/gesprekskit/toevoegen/mediagesprek/")
    expect(no_js_page.get_by_role("button", name="Kopieer link")).to_be_hidden()
    expect(no_js_page.get_by_label("Link naar deze kit")).to_have_value(no_js_page.url.split("#")[0])
