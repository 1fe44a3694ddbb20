"""An editor's change goes live through a publisher's review, in Chromium against the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.staff import log_in, no_violations, staff_create
from tests.support.liveserver import LiveServer

SLUG = "escaperoom-het-stopt-bij-jou"


@pytest.fixture(scope="module")
def accounts(server: LiveServer) -> dict[str, str]:
    """An editor and a publisher in the live server's database, made with `bronwijzer staff`."""
    return staff_create(server.log_path.parent, {"editor": "eva", "publisher": "piet"})


def test_a_proposal_is_reviewed_with_its_differences_and_only_then_goes_live(
    new_context, base_url: str, accounts: dict[str, str]
):
    violations: list[str] = []
    editor = new_context().new_page()
    editor.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(editor, base_url, accounts["editor"])
    editor.goto(base_url + f"/redactie/catalog/resource/?q={SLUG}")
    editor.get_by_role("link", name="Het stopt bij jou!", exact=True).click()
    expect(editor.locator("#content-main")).to_contain_text("Deze bron staat online")
    editor.fill("#id_title", "Het stopt bij jou! Tweede editie")
    editor.click("input[name=_save]")

    expect(editor.locator("h1")).to_have_text("Nakijken voor publicatie")
    table = editor.get_by_role("table", name="Wat verandert bij publiceren")
    expect(table).to_contain_text("Het stopt bij jou! Tweede editie")
    expect(editor.locator("input[name=publish]")).to_have_count(0)
    no_violations(editor, "review page (editor)")
    public = new_context().new_page()
    public.goto(base_url + f"/bron/{SLUG}/")
    expect(public.locator("h1")).to_have_text("Het stopt bij jou!")

    publisher = new_context().new_page()
    publisher.on(
        "console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None
    )
    log_in(publisher, base_url, accounts["publisher"])
    publisher.goto(base_url + "/redactie/catalog/revision/")
    publisher.get_by_role("link", name="Bekijk de verschillen").first.click()
    expect(publisher.locator("input[name=publish]")).to_be_visible()
    no_violations(publisher, "review page (publisher)")
    publisher.click("input[name=publish]")
    expect(publisher.locator(".messagelist")).to_contain_text("Gepubliceerd")

    public.goto(base_url + f"/bron/{SLUG}/")
    expect(public.locator("h1")).to_have_text("Het stopt bij jou! Tweede editie")

    publisher.goto(base_url + "/redactie/tweestaps/")
    expect(publisher.locator("#content-main svg")).to_be_visible()
    expect(publisher.locator("#content-main")).to_contain_text("Sleutel:")
    no_violations(publisher, "two-factor setup")
    assert violations == []
