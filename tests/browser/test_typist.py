"""The typist the typing tests use sends what a person's keyboard sends, batched or not."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page

from tests.browser.typist import keystrokes, type_as_a_person

TEXT = "Ik Zoek HULP! Voor Amira (14), Zij Leest Arabisch?"
RECORDER = """
<label for=f>Veld</label><input id=f>
<script>
  window.keys = [];
  for (const kind of ["keydown", "keyup"]) {
    document.addEventListener(kind, e => window.keys.push([kind, e.key, e.code, e.shiftKey]));
  }
</script>
"""


def test_capitals_hold_shift_and_single_ones_release_it_both_ways():
    assert list(keystrokes("aBc")) == [
        ("press", "a"),
        ("down", "Shift"),
        ("press", "B"),
        ("up", "Shift"),
        ("press", "c"),
    ]
    assert list(keystrokes("A b C")) == [
        ("down", "Shift"),
        ("press", "A"),
        ("up", "Shift"),
        ("press", " "),
        ("press", "b"),
        ("press", " "),
        ("down", "Shift"),  # the second single capital: Shift comes up before the letter (rollover)
        ("down", "C"),
        ("up", "Shift"),
        ("up", "C"),
    ]
    assert list(keystrokes("HULP!")) == [
        ("down", "Shift"),
        *(("press", c) for c in "HULP"),
        ("press", "!"),
        ("up", "Shift"),
    ]


def _typed(page: Page, send: Callable[[Page], None]) -> tuple[list, str]:
    page.set_content(RECORDER)
    page.click("#f")
    send(page)
    return page.evaluate("window.keys"), page.input_value("#f")


def _one_action_at_a_time(page: Page) -> None:
    for action, key in keystrokes(TEXT):
        getattr(page.keyboard, action)(key)


def test_batched_typing_sends_the_same_key_events_as_one_action_at_a_time(
    new_context: Callable[..., BrowserContext],
):
    page = new_context().new_page()
    batched, batched_value = _typed(page, lambda p: type_as_a_person(p, TEXT))
    single, single_value = _typed(page, _one_action_at_a_time)
    assert batched == single
    assert batched_value == single_value == TEXT
    # the events a "press Shift three times" listener sees: Shift held over "HULP!" ...
    downs = [(key, shift) for kind, key, _, shift in batched if kind == "keydown"]
    assert ("H", True) in downs and ("P", True) in downs and ("!", True) in downs
    # ... and released before the letter's key comes up for every other single capital
    ups = [key for kind, key, _, _ in batched if kind == "keyup"]
    assert any(ups[i : i + 2] == ["Shift", "V"] for i in range(len(ups))), ups
