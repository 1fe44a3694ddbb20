"""The embeddable view in a real browser: shown inside a configured partner's page, refused
inside any other, and accessible (axe-core, WCAG 2.1 AA)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.helpers import Traffic
from tests.browser.test_accessibility import WCAG_21_AA, violations_report
from tests.support.liveserver import EMBED_PARTNER, EMBED_PARTNER_PORT, NEUTRAL_URL, free_port


@contextmanager
def partner_site(port: int, embed_url: str) -> Iterator[str]:
    """A partner's page on 127.0.0.1:``port`` with the embed in an iframe (a real local server, so
    the browser treats it as a site on this machine, as it would a partner's on the internet)."""
    html = (
        '<!doctype html><html lang="nl"><title>Partner</title><h1>Partner</h1>'
        f'<iframe title="Bronwijzer" src="{embed_url}" width="600" height="500"></iframe></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def open_partner(page: Page, origin: str, traffic: Traffic) -> None:
    traffic.allowed.add(origin)  # a partner site, not a third party
    page.goto(origin + "/")
    page.wait_for_load_state("load")


def embed_frame(page: Page):
    return next((f for f in page.frames if f != page.main_frame), None)


def test_a_configured_partner_shows_the_embed(page: Page, base_url: str, traffic: Traffic):
    with partner_site(EMBED_PARTNER_PORT, base_url + "/embed/?language=ar") as origin:
        assert origin == EMBED_PARTNER
        open_partner(page, origin, traffic)
        frame = embed_frame(page)
        assert frame is not None
        frame.wait_for_selector(".embed__list")
        assert "Het Mediagesprek" in frame.inner_text(".embed__list")


def test_any_other_site_is_refused(page: Page, base_url: str, traffic: Traffic):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    with partner_site(free_port(), base_url + "/embed/") as origin:
        open_partner(page, origin, traffic)
        frame = embed_frame(page)
        assert frame is not None
        assert frame.locator(".embed__list").count() == 0
    assert any("frame-ancestors" in m for m in messages), messages  # refused by our CSP, not by chance


@pytest.mark.parametrize("query", ["", "?language=ar&theme=preventie", "?q=ouders"])
def test_the_embed_view_has_no_wcag_violations(page: Page, base_url: str, query: str):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(base_url + "/embed/" + query)
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, violations_report(violations)


def test_shift_three_times_in_the_embed_leaves_the_partner_page(page: Page, base_url: str, traffic: Traffic):
    with partner_site(EMBED_PARTNER_PORT, base_url + "/embed/") as origin:
        open_partner(page, origin, traffic)
        frame = embed_frame(page)
        assert frame is not None
        frame.wait_for_selector(".embed__list")
        frame.locator(".embed__link").first.focus()  # the visitor is in the embedded list

        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        assert page.url.startswith(origin)
        page.keyboard.press("Shift")

        page.wait_for_url(NEUTRAL_URL)  # the whole window, not only the frame
