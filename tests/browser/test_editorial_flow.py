"""An editor and a publisher, as new users, in Chromium: an organisation is proposed and approved,
a visitor's report is handled, and no label on the way is English or a technical term.

The resource review (edit, propose, publish) is walked in test_review.py and the link check
(start, follow, fix) in test_linkcheck.py; this module walks the rest of issue 13's flow.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff import log_in, staff_create
from tests.support.liveserver import LiveServer

#: Words of Django's English admin and of labels made from field names (see the crawl guard in
#: tests/staff/test_back_office_dutch.py); a label that shows one has not been translated.
ENGLISH = frozenset(
    """
    add added author change changed choose created date delete history home name note organisation
    proposal report resource save search select selected slug state title updated url user view
    json id action go
    """.split()  # noqa: SIM905
)
LABELS = "th, label, legend, h1, h2, caption, button, .breadcrumbs, #changelist-filter, .object-tools"


@pytest.fixture(scope="module")
def accounts(server: LiveServer) -> dict[str, str]:
    return staff_create(server.log_path.parent, {"editor": "ellen", "publisher": "paul"})


def english_labels(page: Page) -> list[str]:
    found = []
    texts = page.locator(LABELS).all_inner_texts()
    assert texts, f"no labels read on {page.url}"
    for text in texts:
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        found += [f"{word!r} in {text.strip()[:60]!r}" for word in sorted(words & ENGLISH)]
    return found


def test_an_editor_proposes_an_organisation_and_a_publisher_approves_it_and_handles_a_report(
    new_context, base_url: str, accounts: dict[str, str]
):
    seen: list[str] = []
    editor = new_context().new_page()
    log_in(editor, base_url, accounts["editor"])
    seen += english_labels(editor)
    editor.goto(base_url + "/redactie/catalog/organisationproposal/add/")
    seen += english_labels(editor)
    editor.fill("#id_name", "Stichting Oudergesprek")
    if editor.locator("#id_slug").input_value() == "":
        editor.fill("#id_slug", "stichting-oudergesprek")
    editor.fill("#id_url", "https://oudergesprek.example")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist")).to_be_visible()
    seen += english_labels(editor)

    visitor = new_context().new_page()
    visitor.goto(base_url + "/bron/mediadiamant/")
    visitor.get_by_text("Meld een fout", exact=True).click()
    visitor.get_by_label("De link werkt niet").check()
    visitor.get_by_role("button", name="Verstuur melding").click()
    expect(visitor.get_by_role("status")).to_contain_text("Dank je wel")

    publisher = new_context().new_page()
    log_in(publisher, base_url, accounts["publisher"])
    publisher.goto(base_url + "/redactie/catalog/organisationproposal/")
    seen += english_labels(publisher)
    row = publisher.locator("#result_list tbody tr", has_text="Stichting Oudergesprek")
    row.locator("input.action-select").check()
    publisher.select_option("select[name=action]", "approve")
    publisher.click("button[name=index]")
    expect(publisher.locator(".messagelist")).to_be_visible()
    seen += english_labels(publisher)
    publisher.goto(base_url + "/redactie/catalog/organisation/?q=Oudergesprek")
    expect(publisher.locator("#result_list")).to_contain_text("Stichting Oudergesprek")

    publisher.goto(base_url + "/redactie/reports/problemreport/")
    seen += english_labels(publisher)
    publisher.locator("#result_list tbody tr", has_text="mediadiamant").first.locator(
        "input.action-select"
    ).check()
    publisher.select_option("select[name=action]", "mark_handled")
    publisher.click("button[name=index]")
    expect(publisher.locator(".messagelist")).to_contain_text("afgehandeld")
    seen += english_labels(publisher)

    editor.goto(base_url + "/redactie/reports/problemreport/")
    expect(editor.locator("select[name=action] option[value=mark_handled]")).to_have_count(0)
    assert seen == [], "English or technical labels in the back office:\n" + "\n".join(seen)
