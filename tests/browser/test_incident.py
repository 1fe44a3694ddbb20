"""The incident route in a real browser: a plain form with and without JavaScript, WCAG 2.1 AA, print."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.test_accessibility import assert_no_violations

PATH = "/er-is-iets-gebeurd/"
ANSWERED = PATH + "?wat=doorgestuurd&leeftijd=12-17&kerk=ja&eer=weet-niet"


def answer_the_questions(page: Page) -> None:
    page.get_by_role("radio", name="Er gaat een beeld rond (een foto of filmpje)").check()
    page.get_by_role("group", name=re.compile("Hoe oud is de jongere")).get_by_label(
        "12 tot en met 17 jaar"
    ).check()
    page.get_by_role("group", name=re.compile("kerk")).get_by_label("Nee").check()
    page.get_by_role("group", name=re.compile("eergerelateerd geweld")).get_by_label("Ja").check()
    page.get_by_role("button", name="Toon de stappen").click()


def step_titles(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".incident-step h3").all_inner_texts()]


@pytest.mark.parametrize("javascript", [False, True], ids=["without JavaScript", "with JavaScript"])
def test_answering_the_questions_shows_the_steps(
    new_context: Callable[..., BrowserContext], base_url: str, javascript: bool
):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(base_url + PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Er is iets gebeurd")
    expect(page.locator(".incident__danger")).to_have_text("Is iemand nu in gevaar? Bel 112")
    assert page.locator(".incident-step").count() == 0

    answer_the_questions(page)

    expect(page).to_have_url(re.compile(r"\?wat=rondgaan&leeftijd=12-17&kerk=nee&eer=ja$"))
    expect(page.get_by_role("heading", name="Wat je nu kunt doen", level=2)).to_be_visible()
    titles = step_titles(page)
    assert titles[:3] == [
        "1. Blijf rustig en luister",
        "2. Stuur beelden niet door en bewaar ze niet",
        "3. Eerst Veilig Thuis, dan pas de ouders",
    ]
    assert "4. Beelden laten verwijderen" in titles and titles[-1].endswith("De ouders betrekken")
    expect(page.get_by_role("heading", name="Take It Down", level=4)).to_be_visible()
    expect(page.get_by_role("heading", name="StopNCII.org")).to_have_count(0)
    expect(page.get_by_role("link", name="Bel 0800-2000").first).to_have_attribute("href", "tel:08002000")
    # the answers stay in the form, to change
    expect(page.get_by_role("radio", name="Er gaat een beeld rond (een foto of filmpje)")).to_be_checked()
    assert page.context.cookies() == []


def test_the_form_asks_for_every_answer_before_sending(page: Page, base_url: str):
    page.goto(base_url + PATH)
    page.get_by_role("button", name="Toon de stappen").click()
    assert page.url == base_url + PATH  # the browser's own check keeps the form open
    assert page.locator(".incident-step").count() == 0


def test_the_english_route(page: Page, base_url: str):
    page.goto(base_url + "/en" + ANSWERED.replace("kerk=ja", "kerk=nee"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Something has happened")
    assert step_titles(page)[2] == "3. Veilig Thuis first, the parents later"
    expect(page.get_by_role("button", name="Show the steps")).to_be_visible()


def test_print_shows_the_steps_and_phone_numbers_but_not_the_form(page: Page, base_url: str):
    page.goto(base_url + ANSWERED)
    page.emulate_media(media="print")
    expect(page.locator(".incident-form")).to_be_hidden()
    expect(page.locator(".quick-exit")).to_be_hidden()
    expect(page.locator(".incident-step").first).to_be_visible()
    expect(page.locator(".incident__danger")).to_have_text("Is iemand nu in gevaar? Bel 112")
    expect(page.get_by_role("link", name="Bel 0800-2000").first).to_be_visible()
    expect(page.get_by_role("link", name="Bel 020-261 52 75").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [PATH, ANSWERED, "/en" + ANSWERED, PATH + "?wat=rondgaan&leeftijd=oud"],
    ids=["empty", "answered", "English answered", "invalid answer"],
)
def test_no_wcag_violations(page: Page, base_url: str, path: str):
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (400 if "oud" in path else 200)
    assert_no_violations(page, f"incident route ({path})")


def test_no_wcag_violations_on_a_narrow_screen(page: Page, base_url: str):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + ANSWERED)
    assert_no_violations(page, "incident route at 320px")
