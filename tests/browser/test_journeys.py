"""Journeys: what a person does on the site, step by step, and what she ends up holding.

Each journey runs in Chromium at 320 and 1280 pixels and in Dutch and in English (``PAIRS``: each
language and each width twice, not all four pairings), against the real production server, with
real clicks and real keyboard typing. With ``--screens DIR`` (``make screenshots``) every journey
runs on all four pairings and every step is also saved as a picture for people to look at.

* Preparing a visit: a professional filters the map, answers the kit's questions for a mother
  who reads Arabic, then Turkish, then Ukrainian, and opens the parent handout as a web page and
  as a PDF. What the handout proposes must really be in her language (or the page says plainly
  that the map has nothing in it), every QR code must lead to an address an editor confirmed, and
  the handout must read on a phone.
* Facing an incident: a professional on her phone (or laptop) hears that a pupil is being
  blackmailed with a picture. From the map she finds the incident route, taps her answers, lands
  on step 1 with "do not pay" among the first steps and the help lines a tap away, changes one
  answer, and prints the route on at most two pages.
* Typing: a professional types ordinary questions, capitals and all, into the map's search; she
  stays on Bronwijzer and finds material (``test_typing.py`` types into every other text field).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bronwijzer.incident import route as incident
from tests.browser.helpers import BROKEN_WORDS
from tests.browser.screens import Screens
from tests.browser.test_incident import answer_with_clicks, assert_landed_on_the_steps, pdf_pages, step_titles
from tests.browser.typist import type_as_a_person
from tests.kit.pdfread import Pdf

WIDTHS = {"phone": 320, "laptop": 1280}


@dataclass(frozen=True)
class Words:
    """What the pages say, in the language of the journey."""

    prefix: str
    apply_filters: str
    language_facet: str
    audience_facet: str
    parents: str
    kit_nav: str
    one_parent: str
    languages: dict[str, str]
    muslim: str
    migration: str
    prevention: str
    propose: str
    keep: str
    selection: str
    in_language: str  # "In het {}" / "In {}"
    change_answers: str
    view_handout: str
    no_material: str
    closest: str
    add: str
    help_nav: str
    incident_link: str
    search_label: str
    search_button: str


DUTCH = Words(
    prefix="",
    apply_filters="Filters toepassen",
    language_facet="Taal",
    audience_facet="Doelgroep",
    parents="Ouders",
    kit_nav="Gesprekskit",
    one_parent="Eén ouder",
    languages={"ar": "Arabisch", "tr": "Turks", "uk": "Oekraïens"},
    muslim="Islamitisch",
    migration="Migratieachtergrond",
    prevention="Voorkomen: er is (nog) niets gebeurd",
    propose="Stel materiaal voor",
    keep="Mijn huidige selectie houden",
    selection="Jouw selectie",
    in_language="In het {}",
    change_answers="Vragen aanpassen",
    view_handout="bekijken en printen",
    no_material="Op de kaart staat geen materiaal in het {}.",
    closest="Dichtbij, maar niet in de taal van de ouder",
    add="Voeg toe",
    help_nav="Hulp & melden",
    incident_link="Er is iets gebeurd: volg de route stap voor stap",
    search_label="Zoek in de kaart",
    search_button="Zoeken",
)
ENGLISH = Words(
    prefix="/en",
    apply_filters="Apply filters",
    language_facet="Language",
    audience_facet="Audience",
    parents="Parents",
    kit_nav="Conversation kit",
    one_parent="One parent",
    languages={"ar": "Arabic", "tr": "Turkish", "uk": "Ukrainian"},
    muslim="Muslim",
    migration="Migration background",
    prevention="Prevention: nothing has happened (yet)",
    propose="Propose material",
    keep="Keep my current selection",
    selection="Your selection",
    in_language="In {}",
    change_answers="Change the answers",
    view_handout="view and print",
    no_material="There is no material in {} on the map.",
    closest="Close, but not in the parent's language",
    add="Add",
    help_nav="Help & reporting",
    incident_link="Something has happened: follow the route step by step",
    search_label="Search the map",
    search_button="Search",
)
LANGUAGES = {"nl": DUTCH, "en": ENGLISH}
HANDOUT_NAMES = {"ar": "العربية", "tr": "Türkçe", "uk": "Українська"}


#: Which screens a journey is walked on in ``make test``: each journey in both languages and at
#: both widths, and each pairing of language and width on one journey or another. What a page
#: says depends on the language and how it lays out on the width, not on the two together;
#: test_every_page.py checks every page in both languages at 320 px. ``make screenshots``
#: (``--screens``) walks every journey on all four, for people to look at.
PAIRS = {
    "test_preparing_a_visit": [("nl", "phone"), ("en", "laptop")],
    "test_facing_an_incident": [("nl", "phone"), ("en", "laptop")],
    "test_typing": [("en", "phone"), ("nl", "laptop")],
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "screen" in metafunc.fixturenames:
        every = [(language, width) for width in WIDTHS for language in LANGUAGES]
        pairs = every if metafunc.config.getoption("--screens") else PAIRS[metafunc.function.__name__]
        metafunc.parametrize("screen", pairs, ids=[f"{width}-{language}" for language, width in pairs])


@pytest.fixture
def width(screen: tuple[str, str]) -> int:
    return WIDTHS[screen[1]]


@pytest.fixture
def words(screen: tuple[str, str]) -> Words:
    return LANGUAGES[screen[0]]


@pytest.fixture
def person(new_context: Callable[..., BrowserContext], width: int, words: Words) -> Page:
    locale = "en-GB" if words is ENGLISH else "nl-NL"
    return new_context(viewport={"width": width, "height": 800}, locale=locale).new_page()


@pytest.fixture
def screens(request, width: int, words: Words) -> Screens:
    folder = request.config.getoption("--screens")
    journey = request.node.originalname.removeprefix("test_").replace("_", "-")
    language = "en" if words is ENGLISH else "nl"
    return Screens(Path(folder) if folder else None, f"{journey}-{language}-{width}")


def confirmed_addresses(page: Page, base_url: str) -> set[str]:
    """Every address an editor confirmed, from the open data (what a QR code may lead to)."""
    data = page.request.get(base_url + "/api/v1/resources?limit=100").json()
    assert data["count"] == len(data["results"])
    return {r["url"] for r in data["results"] if r["url"] and r["url_verified"]}


def where_it_leads(page: Page, url: str) -> str:
    """A printed address, with a short link on this site followed one step."""
    if "/l/" not in url:
        return url
    response = page.request.get(url, max_redirects=0)
    assert response.status == 302, f"{url} answered {response.status}"
    return response.headers["location"]


def assert_no_sideways_scrolling(page: Page, where: str) -> None:
    page.wait_for_load_state("load")  # after a click only the address is known; styles may still come
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{where} is {width}px wide at a {viewport}px viewport"


def assert_titles_readable(page: Page, selector: str, where: str) -> None:
    """No title squeezed into a narrow column (one letter per line was seen): each is at least
    160 px (about fifteen letters) or half a phone's width wide, and no word in it is broken
    across lines."""
    viewport = page.viewport_size["width"]
    for title in page.locator(selector).all():
        box = title.bounding_box()
        assert box is not None
        assert box["width"] >= min(viewport * 0.5, 160), (
            f"{where}: {title.inner_text()!r} is {box['width']}px wide"
        )
    words_broken = page.evaluate(BROKEN_WORDS, selector)
    assert not words_broken, f"{where}: words broken across lines in the titles: {words_broken}"


def filter_the_map(page: Page, base_url: str, words: Words, screens: Screens) -> None:
    page.goto(base_url + words.prefix + "/")
    screens.page(page, "map")
    page.locator("summary", has_text=re.compile(rf"^{words.language_facet}")).click()
    page.get_by_label(re.compile(rf"^{words.languages['ar']} \(\d+\)$")).check()
    page.locator("summary", has_text=re.compile(rf"^{words.audience_facet}")).click()
    page.get_by_label(re.compile(rf"^{words.parents} \(\d+\)$")).check()
    page.get_by_role("button", name=words.apply_filters).click()
    expect(page).to_have_url(re.compile(r"language=ar"))
    expect(page).to_have_url(re.compile(r"audience=ouders"))
    cards = page.locator(".card")
    assert cards.count() > 0
    for card in cards.all():
        expect(card).to_contain_text(words.languages["ar"])
    assert_no_sideways_scrolling(page, "the filtered map")
    screens.page(page, "map-filtered")


def answer_the_kit_questions(page: Page, words: Words, language: str) -> None:
    page.get_by_label(words.one_parent, exact=True).check()
    for code, name in words.languages.items():
        box = page.get_by_label(name, exact=True)
        box.set_checked(code == language)
    page.get_by_label(words.muslim, exact=True).check()
    page.get_by_label(words.migration, exact=True).check()
    age = page.locator("input[name=age]")
    age.fill("")
    age.click()
    type_as_a_person(page, "14")
    page.get_by_label(words.prevention, exact=True).check()
    keep = page.get_by_label(words.keep, exact=True)
    if keep.count():  # a new visit: a new selection, not the last one's
        keep.uncheck()
    page.get_by_role("button", name=words.propose).click()
    expect(page.get_by_role("heading", name=re.compile(words.selection))).to_be_visible()


def check_the_handout(
    page: Page, base_url: str, language: str, confirmed: set[str], screens: Screens
) -> None:
    page.get_by_role("link", name=re.compile(rf"\({re.escape(HANDOUT_NAMES[language])}\)$")).first.click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert_no_sideways_scrolling(page, f"the {language} handout")
    assert_titles_readable(page, ".item__name", f"the {language} handout")
    screens.page(page, f"handout-{language}")
    # What the QR codes on the web page hold is printed beside them; each leads somewhere confirmed.
    for printed in page.locator(".item__url").all_inner_texts():
        assert where_it_leads(page, printed) in confirmed, printed

    pdf_url = page.url.rstrip("/") + ".pdf"
    response = page.request.get(pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = Pdf(response.body())
    assert len(pdf) == 1
    codes = pdf.qr_codes()
    # one per confirmed material, and the one "Luister" code that opens the listening page here
    listen = page.locator(".listen-qr__url").inner_text()
    # (the parent's address has no /en/: her page is in the handout's language anyway)
    assert listen == page.url.replace("/ouders/", "/luister/").replace(f"{base_url}/en/", f"{base_url}/")
    assert [c.text for c in codes].count(listen) == 1
    assert len(codes) == page.locator(".item__qr").count() + 1
    for code in codes:
        if code.text != listen:
            assert where_it_leads(page, code.text) in confirmed, code.text
    screens.pdf(response.body(), f"handout-{language}-pdf")
    page.go_back()


def test_preparing_a_visit(person: Page, base_url: str, words: Words, screens: Screens):
    page = person
    confirmed = confirmed_addresses(page, base_url)
    filter_the_map(page, base_url, words, screens)

    page.get_by_role("link", name=words.kit_nav, exact=True).click()
    screens.page(page, "kit-start")
    for language in ("ar", "tr", "uk"):
        if language != "ar":
            page.get_by_role("link", name=words.change_answers).click()
        answer_the_kit_questions(page, words, language)
        name = words.languages[language]
        items = page.locator(".kit-item")
        gap = page.get_by_text(words.no_material.format(name))
        if items.count() == 0:
            # Nothing in her language: the page says so, and offers the closest material.
            expect(gap).to_be_visible()
            expect(page.get_by_role("heading", name=words.closest)).to_be_visible()
            screens.page(page, f"kit-{language}-empty")
            page.locator(".kit-suggestions").first.get_by_role(
                "link", name=re.compile(words.add)
            ).first.click()
            expect(items).to_have_count(1)
        else:
            expect(gap).to_have_count(0)
            for item in items.all():  # every proposed item is in her language, and says so
                expect(item.locator(".reasons li").first).to_contain_text(words.in_language.format(name))
        assert_no_sideways_scrolling(page, f"the {language} kit")
        screens.page(page, f"kit-{language}")
        check_the_handout(page, base_url, language, confirmed, screens)


#: A 14-year-old blackmailed with a picture, in a family that goes to a mosque; honour-based
#: violence not ruled out.
BLACKMAIL = {"wat": "dreiging", "leeftijd": "12-17", "gemeenschap": "moskee", "eer": "weet-niet"}


def test_facing_an_incident(person: Page, base_url: str, words: Words, screens: Screens):
    page = person
    lang = "en" if words is ENGLISH else "nl"
    texts = incident.route().texts(lang)
    page.goto(base_url + words.prefix + "/")
    page.get_by_role("navigation").get_by_role("link", name=words.help_nav).first.click()
    page.get_by_role("link", name=words.incident_link).click()
    expect(page).to_have_url(re.compile(r"/er-is-iets-gebeurd/$"))
    page.wait_for_load_state()
    assert_no_sideways_scrolling(page, "the incident questions")
    screens.page(page, "questions")

    answer_with_clicks(page, lang, BLACKMAIL)
    assert_landed_on_the_steps(page, lang)
    screens.viewport(page, "landed")
    titles = step_titles(page)
    assert titles[1].startswith("2. " + ("Betaal niet" if lang == "nl" else "Do not pay")), titles
    lines = page.locator(".incident-line")
    assert lines.count() > 0
    for line in lines.all():  # every help line is one tap away: a number to call, or its website
        expect(line.locator('a[href^="tel:"], a[href^="https:"]').first).to_be_visible()
    assert page.locator('.incident-line a[href^="tel:"]').count() > 0
    assert_no_sideways_scrolling(page, "the incident steps")
    screens.page(page, "steps")

    # She learns the family is not religious: she changes one answer and lands on the steps again.
    page.locator("summary", has_text=texts["change"]).click()
    page.locator("#q-gemeenschap").get_by_text(
        incident.route().question("gemeenschap").label_for("nee").get(lang), exact=True
    ).click()
    page.get_by_role("button", name=texts["submit"]).click()
    expect(page).to_have_url(re.compile(r"gemeenschap=nee&eer=weet-niet#stappen$"))
    assert_landed_on_the_steps(page, lang)
    expect(page.locator("#stap-gemeenschap")).to_have_count(0)

    assert pdf_pages(page) <= 2
    screens.pdf(page.pdf(format="A4"), "printed")


#: What a professional types: capitals, a question mark, an accented letter, a word split in two.
SENTENCES = {
    "nl": ["Turkse Moeder Arabisch", "Wat doe ik bij Sextortion?", "moslim ouders"],
    "en": ["Turkish Mother Arabic", "What do I do about Sextortion?", "muslim parents"],
}


def test_typing(person: Page, base_url: str, words: Words, screens: Screens):
    page = person
    lang = "en" if words is ENGLISH else "nl"
    for sentence in SENTENCES[lang]:
        page.goto(base_url + words.prefix + "/")
        field = page.get_by_role("searchbox", name=words.search_label).first
        field.click()
        type_as_a_person(page, sentence)
        expect(field).to_have_value(sentence)  # every capital typed, and still on Bronwijzer
        page.get_by_role("button", name=words.search_button, exact=True).first.click()
        expect(page).to_have_url(re.compile(r"q="))
        expect(page.get_by_role("searchbox", name=words.search_label).first).to_have_value(sentence)
        assert page.locator(".card").count() > 0, f"nothing found for {sentence!r}"
        assert_no_sideways_scrolling(page, f"the results for {sentence!r}")
        screens.page(page, "search-" + re.sub(r"\W+", "-", sentence.lower()).strip("-"))
