"""The visitor's tab that tests share (``visitor_tab`` in conftest.py): what one test leaves in it
never reaches the next, and each test's traffic is its own."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.browser.helpers import Traffic

OPTIONS = {"viewport": {"width": 333, "height": 600}}  # a tab of this module's own


def test_a_test_leaves_a_cookie_and_its_own_traffic(
    visitor_tab: Callable[..., Page], base_url, traffic: Traffic
):
    page = visitor_tab(**OPTIONS)
    page.goto(base_url + "/hulp/")
    page.evaluate("document.cookie = 'left=behind; path=/'")
    assert [c["name"] for c in page.context.cookies()] == ["left"]
    assert [r.url for r in traffic.responses if r.url.endswith("/hulp/")] == [base_url + "/hulp/"]


def test_the_next_test_gets_the_same_tab_without_it(
    visitor_tab: Callable[..., Page], base_url, traffic: Traffic
):
    page = visitor_tab(**OPTIONS)
    assert page.url == base_url + "/hulp/"  # the same tab, still open
    assert page.context.cookies() == []
    assert traffic.responses == []  # the first test's visit is not this test's
    page.goto(base_url + "/over/")
    assert [r.url for r in traffic.responses if "/static/" not in r.url] == [base_url + "/over/"]


def test_a_page_error_is_recorded_for_the_test_in_which_it_happens(
    visitor_tab: Callable[..., Page], base_url, traffic: Traffic
):
    page = visitor_tab(**OPTIONS)
    page.goto(base_url + "/over/")
    page.evaluate("setTimeout(() => { throw new Error('kapot'); }, 0)")
    page.wait_for_timeout(100)
    assert any("kapot" in error for error in traffic.page_errors)
    traffic.page_errors.clear()  # seen: the traffic fixture would fail this test for it
