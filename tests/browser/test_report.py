"""'Meld een fout' in a real browser with no cookies: the report reaches the editors' queue."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.liveserver import LiveServer


def test_a_report_from_a_browser_without_cookies_reaches_the_queue(
    page: Page, base_url: str, server: LiveServer
):
    page.goto(base_url + "/bron/mediadiamant/")
    page.get_by_text("Meld een fout", exact=True).click()  # the native <details>
    page.get_by_label("De link werkt niet").check()
    page.get_by_label("Toelichting (mag leeg blijven)").fill("De link geeft een foutmelding (browsertest).")
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page).to_have_url(re.compile(r"/bron/mediadiamant/\?gemeld=1#meld-een-fout$"))
    expect(page.get_by_role("status")).to_contain_text("Dank je wel")
    assert page.context.cookies() == []
    database = Path(server.log_path).parent / "bronwijzer.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT resource_slug, kinds, remark FROM reports_problemreport WHERE remark LIKE '%browsertest%'"
        ).fetchall()
    assert rows == [("mediadiamant", '["link-kapot"]', "De link geeft een foutmelding (browsertest).")]
