"""Typing as people type: Shift held for capitals and punctuation, released before or after the key.

Playwright's ``keyboard.type`` sends each character without a Shift key event, so it never shows
what a real keyboard does to a "press Shift three times" listener. ``type_as_a_person`` does: it
holds Shift down for a run of capitals ("HULP"), and for single capitals it alternates between the
two ways people release Shift: after the letter, and (rollover, fast typists) before the letter key
comes up.

:func:`keystrokes` is that sequence of key actions; :func:`type_as_a_person` sends it, a run of
plain key presses in one ``keyboard.type`` call (which presses each key of the US layout in turn,
the same keydown and keyup events): one call from Python to the browser per run instead of one per
key, which is most of the typing tests' time.
"""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import Page

#: Characters typed with Shift on a US/Dutch keyboard layout, besides capital letters.
SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
#: Characters ``keyboard.type`` presses as a key of its US layout (others it inserts as text).
LAYOUT = {chr(code) for code in range(0x20, 0x7F)}


def _needs_shift(char: str) -> bool:
    return (char.isalpha() and char.isupper()) or char in SHIFTED


def keystrokes(text: str) -> Iterator[tuple[str, str]]:
    """The key actions (``"down"``, ``"up"`` or ``"press"``, key) of a person typing ``text``
    (keys of the US layout: Playwright knows no key for "é")."""
    held = False
    rollover = False
    for index, char in enumerate(text):
        shifted = _needs_shift(char)
        if shifted and not held:
            yield "down", "Shift"
            held = True
        elif not shifted and held:
            yield "up", "Shift"
            held = False
        if not shifted:
            yield "press", char
            continue
        run_goes_on = index + 1 < len(text) and _needs_shift(text[index + 1])
        if run_goes_on:
            yield "press", char
        elif rollover:
            yield "down", char
            yield "up", "Shift"
            yield "up", char
            held = False
        else:
            yield "press", char
            yield "up", "Shift"
            held = False
        rollover = not rollover
    if held:
        yield "up", "Shift"


def type_as_a_person(page: Page, text: str) -> None:
    keyboard = page.keyboard
    presses: list[str] = []
    for action, key in keystrokes(text):
        if action == "press" and key in LAYOUT:
            presses.append(key)
            continue
        if presses:
            keyboard.type("".join(presses))
            presses = []
        getattr(keyboard, action)(key)
    if presses:
        keyboard.type("".join(presses))
