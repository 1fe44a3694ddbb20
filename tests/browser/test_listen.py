""" "Luister" in a real browser on a phone: the listening page reads the Arabic handout aloud
sentence by sentence with the sentence being read highlighted; without an Arabic voice on the
device it says so and reads the Dutch; a voice that is not on the device is never used; it is
worked by keyboard alone; no sideways scroll at 390 and 320 px; axe-core finds nothing; without
speech or without JavaScript it is the text with a plain note.

Chromium on Linux has no voices, so a stand-in ``speechSynthesis`` (``STUB``) is injected before
the page loads. It offers the voices a test gives it only after a moment, as real browsers do
(``voiceschanged``), records every utterance (text, language, voice, and which sentence the page
had highlighted while it was being spoken) and fires ``onstart`` and ``onend`` asynchronously.

Set ``BRONWIJZER_SCREENSHOT_DIR`` (e.g. ``docs/screenshots``) to save ``listen-390.png`` there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bronwijzer.kit import handout_text as T
from tests.browser.helpers import no_sideways_scroll
from tests.browser.test_accessibility import assert_no_violations
from tests.kit.support import packaged

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
ARABIC = {"name": "Majed", "lang": "ar-SA", "localService": True, "default": False}
DUTCH = {"name": "Xander", "lang": "nl-NL", "localService": True, "default": False}
ONLINE_ARABIC = {"name": "Google العربية", "lang": "ar-SA", "localService": False, "default": True}
ONLINE_DUTCH = {"name": "Google Nederlands", "lang": "nl_NL", "localService": False, "default": True}

STUB = """
(() => {
  const voices = %(voices)s;
  const ms = %(ms)d;
  let loaded = false;
  let current = null;
  window.__spoken = [];
  window.__hold = false;  // true: the sentence being spoken does not end (for a screenshot)
  function Utterance(text) {
    this.text = text; this.lang = ""; this.voice = null;
    this.onstart = null; this.onend = null; this.onerror = null;
  }
  const synth = {
    speaking: false, pending: false, paused: false, onvoiceschanged: null, listeners: [],
    getVoices() { return loaded ? voices.slice() : []; },
    speak(u) {
      current = u;
      setTimeout(() => {
        if (current !== u) return;
        const lit = document.querySelector('.sentence.is-speaking[aria-current="true"]');
        window.__spoken.push({
          text: u.text, lang: u.lang, voice: u.voice && u.voice.name,
          local: u.voice ? u.voice.localService : null,
          highlighted: lit ? (lit.getAttribute("data-say") || lit.textContent.trim()) : null,
        });
        if (u.onstart) u.onstart({ utterance: u });
        const end = () => {
          if (current !== u) return;
          if (window.__hold) { setTimeout(end, ms); return; }
          current = null;
          if (u.onend) u.onend({ utterance: u });
        };
        setTimeout(end, ms);
      }, 0);
    },
    cancel() {
      const u = current; current = null;
      if (u) setTimeout(() => { if (u.onerror) u.onerror({ error: "interrupted", utterance: u }); }, 0);
    },
    pause() {}, resume() {},
    addEventListener(type, fn) { if (type === "voiceschanged") this.listeners.push(fn); },
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: synth });
  window.SpeechSynthesisUtterance = Utterance;
  setTimeout(() => {  // the voices arrive after the page has asked for them
    loaded = true;
    synth.listeners.forEach((fn) => fn(new Event("voiceschanged")));
    if (synth.onvoiceschanged) synth.onvoiceschanged(new Event("voiceschanged"));
  }, 50);
})();
"""

#: The sentences of one reading as the page marks them (what a voice should say), in order.
READING = """lang => Array.from(document.querySelectorAll(
  '[data-sentence="shared"],[data-sentence="' + (lang === "nl" ? "nl" : "own") + '"]'
)).map(el => ({text: el.getAttribute("data-say") || el.textContent.trim(), lang: el.getAttribute("lang")}))"""


def listening_page(
    new_context: Callable[..., BrowserContext],
    url: str,
    voices: list[dict],
    *,
    viewport: dict = PHONE,
    ms: int = 5,
) -> Page:
    context = new_context(viewport=viewport)
    context.add_init_script(STUB % {"voices": json.dumps(voices), "ms": ms})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def press(page: Page, name: str, limit: int = 200) -> None:
    """Tab to the button named ``name`` and press Enter: the keyboard alone."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
        )
        if focused == ["BUTTON", name]:
            page.keyboard.press("Enter")
            return
    pytest.fail(f"the button {name!r} is not reached by keyboard")


def heard(page: Page, count: int) -> None:
    """Wait until the page has had ``count`` utterances spoken (a function: the CSP forbids eval)."""
    page.wait_for_function("n => window.__spoken.length >= n", arg=count)


@pytest.fixture
def listen_url(base_url: str, public_paths: dict[str, str]) -> str:
    return f"{base_url}{public_paths['kit']}luister/ar/"  # the guided start's kit for an Arabic reader


def test_it_reads_the_arabic_handout_sentence_by_sentence_with_the_sentence_highlighted(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    # The online Arabic voice comes first and is the default: it may never be used.
    page = listening_page(new_context, listen_url, [ONLINE_ARABIC, ONLINE_DUTCH, ARABIC, DUTCH])
    expect(page.get_by_role("button", name=packaged("ar", T.LISTEN), exact=True)).to_be_visible()
    expect(page.locator("[data-listen-no-voice]")).to_be_hidden()
    expect(page.locator("[data-listen-nojs]")).to_be_hidden()
    expected = page.evaluate(READING, "ar")
    assert expected[0] == {"text": packaged("ar", T.TITLE), "lang": "ar"}
    press(page, packaged("ar", T.LISTEN))
    heard(page, len(expected))
    expect(page.locator("[data-listen-status]")).to_have_text(packaged("ar", T.LISTEN_STOPPED))
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == [e["text"] for e in expected]  # every sentence, in order, once
    for utterance, sentence in zip(spoken, expected, strict=True):
        # her sentences by the Arabic voice; the materials' and help lines' names by the Dutch one
        assert utterance["lang"] == ("ar-SA" if sentence["lang"] == "ar" else "nl-NL"), utterance
        assert utterance["local"] is True and utterance["voice"] in ("Majed", "Xander"), utterance
        assert utterance["highlighted"] == utterance["text"], "not highlighted while it was spoken"
    arabic = [s for s in spoken if s["lang"] == "ar-SA"]
    assert len(arabic) > len(spoken) / 2
    assert any(s["text"].endswith("0 2 0, 2 6 1, 5 2, 7 5") for s in arabic)  # Helpwanted, digit by digit
    assert page.locator(".sentence.is-speaking").count() == 0  # done: nothing highlighted any more


def test_pause_stop_previous_and_next_work_by_keyboard(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    page = listening_page(new_context, listen_url, [ARABIC, DUTCH], ms=400)
    expected = page.evaluate(READING, "ar")
    press(page, packaged("ar", T.LISTEN))
    heard(page, 1)
    status = page.locator("[data-listen-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(packaged("ar", T.LISTEN_PLAYING))
    current = page.locator('.sentence[aria-current="true"]')
    expect(current).to_have_count(1)
    press(page, packaged("ar", T.LISTEN_PAUSE))
    expect(status).to_have_text(packaged("ar", T.LISTEN_PAUSED))
    said = page.evaluate("window.__spoken.length")
    page.wait_for_timeout(600)
    assert page.evaluate("window.__spoken.length") == said  # paused: nothing more is said
    at = page.evaluate("() => document.querySelector('.sentence.is-speaking').textContent.trim()")
    index = [e["text"] for e in expected].index(at)
    press(page, packaged("ar", T.LISTEN_NEXT))
    expect(current).to_have_text(expected[index + 1]["text"])
    press(page, packaged("ar", T.LISTEN_PREVIOUS))
    expect(current).to_have_text(expected[index]["text"])
    press(page, packaged("ar", T.LISTEN))  # go on from the same sentence
    heard(page, said + 1)
    assert page.evaluate("window.__spoken")[said]["text"] == expected[index]["text"]
    press(page, packaged("ar", T.LISTEN_STOP))
    expect(status).to_have_text(packaged("ar", T.LISTEN_STOPPED))
    expect(current).to_have_count(0)


def test_without_an_arabic_voice_on_the_device_it_says_so_and_reads_the_dutch(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    # an Arabic voice exists, but online: it does not count
    page = listening_page(new_context, listen_url, [ONLINE_ARABIC, DUTCH])
    notice = page.locator("[data-listen-no-voice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(packaged("ar", T.LISTEN_NO_VOICE))
    expect(notice).to_contain_text(T.LISTEN_NO_VOICE)  # and in Dutch
    expect(page.get_by_role("button", name=packaged("ar", T.LISTEN), exact=True)).to_be_hidden()
    expected = page.evaluate(READING, "nl")
    assert expected[0] == {"text": T.TITLE, "lang": "nl"}
    press(page, packaged("ar", T.LISTEN_DUTCH))
    heard(page, len(expected))
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == [e["text"] for e in expected]
    assert {s["lang"] for s in spoken} == {"nl-NL"} and {s["voice"] for s in spoken} == {"Xander"}
    assert T.INTRO.split(". ")[0] + "." in [s["text"] for s in spoken]


def test_with_no_voice_on_the_device_at_all_it_says_listening_is_not_possible(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    page = listening_page(new_context, listen_url, [ONLINE_ARABIC, ONLINE_DUTCH])
    expect(page.locator("[data-listen-no-speech]")).to_be_visible(timeout=5000)
    expect(page.locator("[data-listen-bar]")).to_be_hidden()


def test_without_speech_in_the_browser_it_says_listening_is_not_possible_here(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    context = new_context(viewport=PHONE)
    context.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = context.new_page()
    page.goto(listen_url)
    notice = page.locator("[data-listen-no-speech]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(packaged("ar", T.LISTEN_NO_SPEECH))
    expect(page.locator("[data-listen-bar]")).to_be_hidden()
    expect(page.locator("[data-listen-nojs]")).to_be_hidden()


def test_without_javascript_the_page_is_the_text_and_says_listening_needs_it(
    new_context: Callable[..., BrowserContext], listen_url: str
):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(listen_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(packaged("ar", T.TITLE))
    expect(page.get_by_text(T.TITLE, exact=True)).to_be_visible()  # the Dutch under it
    expect(page.get_by_text(packaged("ar", T.PRIVACY).split(". ")[0], exact=False).first).to_be_visible()
    expect(page.locator("[data-listen-nojs]")).to_be_visible()
    expect(page.locator("[data-listen-nojs]")).to_contain_text(packaged("ar", T.LISTEN_NEEDS_JS))
    expect(page.locator("[data-listen-bar]")).to_be_hidden()
    assert page.locator(".sentence").count() > 30


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390", "320"])
def test_no_sideways_scroll_and_no_wcag_violations_on_a_phone(
    new_context: Callable[..., BrowserContext], listen_url: str, viewport: dict
):
    page = listening_page(new_context, listen_url, [ARABIC, DUTCH], viewport=viewport, ms=2000)
    expect(page.locator("[data-listen-bar]")).to_be_visible()
    no_sideways_scroll(page)
    assert_no_violations(page, f"listening page at {viewport['width']} px")
    press(page, packaged("ar", T.LISTEN))
    expect(page.locator(".sentence.is-speaking")).to_have_count(1)
    no_sideways_scroll(page)
    assert_no_violations(page, f"listening page at {viewport['width']} px, reading")


def test_the_handout_page_links_to_the_listening_page(
    new_context: Callable[..., BrowserContext], base_url: str, public_paths: dict[str, str]
):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{base_url}{public_paths['kit']}ouders/ar/")
    no_sideways_scroll(page)
    link = page.get_by_role("link", name=f"{packaged('ar', T.LISTEN)} / {T.LISTEN}")
    link.click()
    page.wait_for_url(f"**{public_paths['kit']}luister/ar/")
    expect(page.get_by_role("heading", level=1)).to_have_text(packaged("ar", T.TITLE))


def test_a_screenshot_while_reading(new_context: Callable[..., BrowserContext], listen_url: str):
    """The listening page at 390 px, reading the Arabic handout, one sentence highlighted."""
    page = listening_page(new_context, listen_url, [ARABIC, DUTCH], ms=20)
    press(page, packaged("ar", T.LISTEN))
    heard(page, 3)
    page.evaluate("window.__hold = true")
    page.wait_for_timeout(300)  # the smooth scroll to the highlighted sentence
    lit = page.locator('.sentence.is-speaking[aria-current="true"]')
    expect(lit).to_have_count(1)
    expect(lit).to_be_in_viewport()
    folder = os.environ.get("BRONWIJZER_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / "listen-390.png"), animations="disabled", caret="hide")
