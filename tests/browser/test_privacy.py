"""Privacy by design: no cookies or storage for visitors, no request that leaves the site.

The ``traffic`` fixture (conftest.py) already fails any test whose pages tried to reach
anything but the test server; test_every_page.py walks every public page to make sure of it,
and checks that none stores anything in the browser. Here: the filter form, and the guard itself.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import Traffic
from tests.support.liveserver import NEUTRAL_URL


def test_filtering_the_map_sets_no_cookie_and_stores_nothing(
    context: BrowserContext, page: Page, base_url: str, traffic: Traffic
):
    page.goto(base_url + "/")
    page.locator("details.facet summary").first.click()
    page.locator("details.facet[open] input[type=checkbox]").first.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_load_state()
    assert "?" in page.url

    assert context.cookies() == []
    assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    assert traffic.responses, "no responses were recorded"
    with_cookies = [r.url for r in traffic.responses if r.header_value("set-cookie") is not None]
    assert with_cookies == [], f"responses that set a cookie: {with_cookies}"
    assert traffic.escaped == []


def test_a_request_beyond_the_test_server_is_recorded_and_never_answered(page: Page, traffic: Traffic):
    """The guard itself: what would leave the machine is refused by the browser's proxy
    (tests/browser/outside.py) and recorded, so that the ``traffic`` fixture would fail the test;
    the neutral quick-exit site is answered by the proxy."""
    away = ["https://www.example.com/beacon.png", "http://192.0.2.7/pixel.gif"]
    page.set_content("".join(f'<img alt="" src="{url}">' for url in away))
    loaded = page.locator("img").evaluate_all("all => all.map(img => img.complete && img.naturalWidth > 0)")
    assert loaded == [False, False]
    assert sorted(traffic.escaped) == sorted(away)
    traffic.escaped.clear()  # recorded as they should be: this test passes
    page.goto(NEUTRAL_URL)
    expect(page.locator("body")).to_have_text("neutral")
    assert traffic.escaped == []
