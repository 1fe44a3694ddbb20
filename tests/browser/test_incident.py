"""The incident route in a real browser: on a phone and a laptop, in Dutch and English, with the
keyboard and with clicks; where the browser lands, how long the page is, print, WCAG 2.1 AA."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page, expect

from bronwijzer.incident import route as incident
from tests.browser.test_accessibility import assert_no_violations

PATH = "/er-is-iets-gebeurd/"
ANSWERED = PATH + "?wat=doorgestuurd&leeftijd=12-17&gemeenschap=kerk&eer=weet-niet"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 844}
#: Routes a professional meets most: every kind of incident with a pupil's age, and the map's core
#: audience (a mosque, honour-based violence not ruled out). Each fits in 4.5 phone screens: since
#: issue 13 every route about a young person under 18 has the step "Volg de meldcode" with Veilig
#: Thuis's number (a professional's legal duty, not only with honour-based violence), about half a
#: screen more than the 4 screens these routes took before.
TYPICAL = [
    {"wat": "rondgaan", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "nee"},
    {"wat": "dreiging", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "nee"},
    {"wat": "dreiging", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "weet-niet"},
    {"wat": "doorgestuurd", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "nee"},
    {"wat": "omstander", "leeftijd": "onbekend", "gemeenschap": "nee", "eer": "weet-niet"},
    {"wat": "rondgaan", "leeftijd": "12-17", "gemeenschap": "moskee", "eer": "weet-niet"},
]
#: One of the longest routes: it still prints on two pages.
LONGEST = {"wat": "dreiging", "leeftijd": "onbekend", "gemeenschap": "anders", "eer": "weet-niet"}
SCREENS = 4.5
A4_PAGES = 2


def route_path(lang: str, answers: dict[str, str]) -> str:
    return ("/en" if lang == "en" else "") + PATH + "?" + urlencode(answers)


def label(lang: str, question: str, value: str) -> str:
    return incident.route().question(question).label_for(value).get(lang)


def answer_with_clicks(page: Page, lang: str, answers: dict[str, str]) -> None:
    """Click each answer's label, then the button."""
    for question, value in answers.items():
        group = page.locator(f"#q-{question}")
        group.get_by_text(label(lang, question, value), exact=True).click()
    page.get_by_role("button", name=incident.route().texts(lang)["submit"]).click()


def answer_with_keyboard(page: Page, answers: dict[str, str]) -> None:
    """In each group: focus its first answer, Space, arrow keys down to the answer; Tab on; Enter."""
    for question, value in answers.items():
        values = incident.route().question(question).values
        page.locator(f"#q-{question}-{values[0]}").focus()
        page.keyboard.press("Space")
        for _ in range(values.index(value)):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"#q-{question}-{value}")).to_be_checked()
    page.keyboard.press("Tab")  # from the last group to the button
    expect(page.locator(".incident-form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")


def document_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def pdf_pages(page: Page) -> int:
    return len(pdfium.PdfDocument(page.pdf(format="A4")))


def assert_landed_on_the_steps(page: Page, lang: str) -> None:
    """The steps' heading has focus, below the sticky "Snel weg" bar; step 1 is on screen too."""
    heading = page.locator("#stappen")
    expect(heading).to_be_focused()
    expect(heading).to_have_text(incident.route().texts(lang)["steps_title"])
    bar = page.locator(".quick-exit").bounding_box()
    box = heading.bounding_box()
    step_one = page.locator(".incident-step h3").first.bounding_box()
    viewport = page.viewport_size
    assert bar["y"] + bar["height"] <= box["y"], "the heading is under the Snel weg bar"
    assert step_one["y"] + step_one["height"] <= viewport["height"], "step 1 is below the fold"
    expect(page.locator(".incident__danger")).to_be_in_viewport()  # "Bel 112" stays in sight


def step_titles(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".incident-step h3").all_inner_texts()]


#: Language, way of answering and screen, in pairs: every pair of any two of them once (an
#: orthogonal array), in four runs instead of all eight.
ANSWERING = [
    ("nl", "keyboard", PHONE),
    ("en", "clicks", PHONE),
    ("nl", "clicks", LAPTOP),
    ("en", "keyboard", LAPTOP),
]


@pytest.mark.parametrize(
    ("lang", "how", "viewport"), ANSWERING, ids=[f"{lang}-{how}-{v['width']}px" for lang, how, v in ANSWERING]
)
def test_answering_lands_on_step_1_with_the_answers_folded_away(
    visitor_tab: Callable[..., Page], base_url: str, viewport: dict, lang: str, how: str
):
    texts = incident.route().texts(lang)
    answers = TYPICAL[1]  # sextortion of a 14-year-old
    page = visitor_tab(viewport=viewport, locale="nl-NL" if lang == "nl" else "en-GB")
    page.goto(base_url + ("/en" if lang == "en" else "") + PATH)
    expect(page.locator(".incident-step")).to_have_count(0)
    if how == "keyboard":
        answer_with_keyboard(page, answers)
    else:
        answer_with_clicks(page, lang, answers)

    expect(page).to_have_url(re.compile(re.escape("?" + urlencode(answers) + "#stappen") + "$"))
    assert_landed_on_the_steps(page, lang)
    # the answers as a short summary, with "Wijzig"; the form is folded away, not repeated
    summary = page.locator(".incident-answers")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(incident.route().question("wat").option("dreiging").short.get(lang))
    change = page.locator("summary", has_text=texts["change"])
    expect(change).to_be_visible()
    assert texts["change"].startswith(("Wijzig", "Change"))
    expect(page.locator("form.incident-form")).to_have_count(1)
    expect(page.locator("form.incident-form")).to_be_hidden()
    expect(page.get_by_role("radio")).to_have_count(0)  # hidden radios are not in the tree
    expect(page.get_by_role("button", name=texts["submit"])).to_be_hidden()
    assert step_titles(page)[1].startswith("2. " + ("Betaal niet" if lang == "nl" else "Do not pay"))
    assert page.context.cookies() == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_wijzig_opens_the_form_with_the_answers_and_lands_on_the_steps_again(
    visitor_tab: Callable[..., Page], base_url: str, lang: str
):
    page = visitor_tab(viewport=PHONE)
    page.goto(base_url + route_path(lang, TYPICAL[0]) + "#stappen")
    texts = incident.route().texts(lang)
    change = page.locator("summary", has_text=texts["change"])
    change.focus()
    page.keyboard.press("Enter")  # a <summary> opens with the keyboard, without JavaScript of ours
    expect(page.locator("form.incident-form")).to_be_visible()
    expect(page.locator("#q-wat-rondgaan")).to_be_checked()
    expect(page.locator("#q-gemeenschap-nee")).to_be_checked()
    page.locator("#q-gemeenschap").get_by_text(label(lang, "gemeenschap", "moskee"), exact=True).click()
    page.get_by_role("button", name=texts["submit"]).click()
    expect(page).to_have_url(re.compile(r"gemeenschap=moskee&eer=nee#stappen$"))
    assert_landed_on_the_steps(page, lang)
    expect(page.locator("#stap-gemeenschap")).to_contain_text(
        "Deze kaart heeft geen apart meldpunt voor moskeeën"
        if lang == "nl"
        else "no separate reporting point"
    )


@pytest.mark.parametrize("javascript", [False, True], ids=["without JavaScript", "with JavaScript"])
def test_the_route_works_without_javascript_too(
    visitor_tab: Callable[..., Page], base_url: str, javascript: bool
):
    page = visitor_tab(java_script_enabled=javascript, viewport=PHONE)
    page.goto(base_url + PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Er is iets gebeurd")
    expect(page.locator(".incident__danger")).to_have_text("Is iemand nu in gevaar? Bel 112")
    answer_with_clicks(
        page, "nl", {"wat": "rondgaan", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "ja"}
    )
    expect(page).to_have_url(re.compile(r"\?wat=rondgaan&leeftijd=12-17&gemeenschap=nee&eer=ja#stappen$"))
    assert_landed_on_the_steps(page, "nl")
    titles = step_titles(page)
    assert titles[:3] == [
        "1. Blijf rustig en luister",
        "2. Stuur beelden niet door en bewaar ze niet, ook niet als bewijs",
        "3. Eerst Veilig Thuis, dan de ouders",
    ]
    assert "4. Beelden laten verwijderen" in titles
    expect(page.locator("#hulp-take-it-down")).to_be_visible()
    expect(page.locator("#hulp-stopncii")).to_have_count(0)
    expect(page.get_by_role("link", name="Bel 0800-2000")).to_have_attribute("href", "tel:08002000")


def test_the_form_asks_for_every_answer_before_sending(page: Page, base_url: str):
    page.goto(base_url + PATH)
    page.get_by_role("button", name="Toon de stappen").click()
    assert page.url == base_url + PATH  # the browser's own check keeps the form open
    assert page.locator(".incident-step").count() == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("answers", TYPICAL, ids=["-".join(a.values()) for a in TYPICAL])
def test_a_typical_route_fits_in_four_and_a_half_phone_screens_and_prints_on_two_pages(
    visitor_tab: Callable[..., Page], base_url: str, lang: str, answers: dict[str, str]
):
    page = visitor_tab(viewport=PHONE)
    page.goto(base_url + route_path(lang, answers))
    height = document_height(page)
    assert height <= SCREENS * PHONE["height"], f"{height} px is {height / PHONE['height']:.2f} screens"
    assert pdf_pages(page) <= A4_PAGES


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_even_a_long_route_prints_on_two_pages_with_the_steps_and_numbers(
    page: Page, base_url: str, lang: str
):
    page.goto(base_url + route_path(lang, LONGEST))
    assert pdf_pages(page) <= A4_PAGES
    page.emulate_media(media="print")
    expect(page.locator(".incident-change")).to_be_hidden()
    expect(page.locator(".quick-exit")).to_be_hidden()
    expect(page.locator(".incident-answers")).to_be_visible()
    expect(page.locator(".incident-step").first).to_be_visible()
    expect(page.locator(".incident__danger")).to_contain_text("112")
    call = "Bel" if lang == "nl" else "Call"
    expect(page.get_by_role("link", name=f"{call} 0800-2000")).to_be_visible()
    expect(page.get_by_role("link", name=f"{call} 020-261 52 75")).to_be_visible()
    expect(page.get_by_role("link", name="helpwanted.nl")).to_be_visible()  # the address, on paper too


def test_the_english_route(page: Page, base_url: str):
    page.goto(base_url + "/en" + ANSWERED.replace("kerk", "nee"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Something has happened")
    assert step_titles(page)[2] == "3. Veilig Thuis first, parents later"
    expect(page.locator("summary", has_text="Change your answers")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize(
    "path",
    [PATH, ANSWERED, "/en" + ANSWERED, PATH + "?wat=rondgaan&leeftijd=oud", route_path("en", LONGEST)],
    ids=["empty", "answered", "English answered", "invalid answer", "English longest"],
)
def test_no_wcag_violations(visitor_tab: Callable[..., Page], base_url: str, viewport: dict, path: str):
    page = visitor_tab(viewport=viewport)
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (400 if "oud" in path else 200)
    assert_no_violations(page, f"incident route ({path}) at {viewport['width']}px")
    if page.locator("details.incident-change").count():
        page.locator("details.incident-change > summary").click()
        expect(page.locator("form.incident-form")).to_be_visible()
        assert_no_violations(page, f"incident route ({path}), answers opened, at {viewport['width']}px")


def test_no_wcag_violations_on_a_narrow_screen(visitor_tab: Callable[..., Page], base_url: str):
    page = visitor_tab(viewport={"width": 320, "height": 640})
    page.goto(base_url + ANSWERED + "#stappen")
    assert_landed_on_the_steps(page, "nl")
    assert_no_violations(page, "incident route at 320px")
