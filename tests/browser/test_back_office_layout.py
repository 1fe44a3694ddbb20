"""The back office at 1280 px: the resource list fits beside its filter panel, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.liveserver import LiveServer, manage

PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture(scope="module")
def publisher(server: LiveServer) -> str:
    manage(
        server.log_path.parent,
        "staff",
        "lotte",
        "--role",
        "publisher",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    return "lotte"


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_resource_list_fits_beside_the_filter_panel(
    new_context, base_url: str, publisher: str, width: int
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(base_url + "/redactie/login/")
    page.fill("#id_username", publisher)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(publisher)
    page.goto(base_url + "/redactie/catalog/resource/")
    expect(page.locator("#result_list")).to_be_visible()
    expect(page.locator("#changelist-filter")).to_be_visible()
    table = page.locator("#result_list").bounding_box()
    panel = page.locator("#changelist-filter").bounding_box()
    assert table["x"] + table["width"] <= panel["x"] + 0.5, (table, panel)
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, f"the page scrolls {sideways} px sideways at {width} px"
    assert page.locator("#result_list thead th").count() <= 6  # the checkbox column and five
