"""Typing as people type: Shift held for capitals and punctuation, released before or after the key.

Playwright's ``keyboard.type`` sends each character without a Shift key event, so it never shows
what a real keyboard does to a "press Shift three times" listener. ``type_as_a_person`` does: it
holds Shift down for a run of capitals ("HULP"), and for single capitals it alternates between the
two ways people release Shift: after the letter, and (rollover, fast typists) before the letter key
comes up.
"""

from __future__ import annotations

from playwright.sync_api import Page

#: Characters typed with Shift on a US/Dutch keyboard layout, besides capital letters.
SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')


def _needs_shift(char: str) -> bool:
    return (char.isalpha() and char.isupper()) or char in SHIFTED


def type_as_a_person(page: Page, text: str) -> None:
    keyboard = page.keyboard
    held = False
    rollover = False
    for index, char in enumerate(text):
        shifted = _needs_shift(char)
        if shifted and not held:
            keyboard.down("Shift")
            held = True
        elif not shifted and held:
            keyboard.up("Shift")
            held = False
        if not shifted:
            keyboard.press(char)
            continue
        run_goes_on = index + 1 < len(text) and _needs_shift(text[index + 1])
        if run_goes_on:
            keyboard.press(char)
        elif rollover:
            keyboard.down(char)
            keyboard.up("Shift")
            keyboard.up(char)
            held = False
        else:
            keyboard.press(char)
            keyboard.up("Shift")
            held = False
        rollover = not rollover
    if held:
        keyboard.up("Shift")
