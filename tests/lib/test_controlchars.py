"""Which characters a text field refuses: control characters; tab and newline only in several lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bronwijzer.lib.controlchars import control_characters, describe


@pytest.mark.parametrize(
    ("text", "multiline", "found"),
    [
        ("Escape\x1b[31m rood", False, ["U+001B ESCAPE"]),
        ("Escape\x1b[31m rood", True, ["U+001B ESCAPE"]),
        ("NUL\x00", True, ["U+0000 NUL"]),
        ("Een\tkolom", False, ["U+0009 TAB"]),
        ("Twee\nregels", False, ["U+000A LINE FEED"]),
        ("Twee\r\nregels", False, ["U+000D CARRIAGE RETURN", "U+000A LINE FEED"]),
        ("Een\tkolom en\ntwee regels,\r\nook zo", True, []),
        ("Los\rteken", True, ["U+000D CARRIAGE RETURN"]),
        ("C1\x85teken en DEL\x7f", True, ["U+0085 NEXT LINE", "U+007F DELETE"]),
        # format characters are not control characters: allowed, explicitly
        ("zero\u200bwidth", False, []),
        ("\u0645\u200c\u0627 \u200f(rtl)", False, []),
        ("👩\u200d💻", False, []),
    ],
)
def test_control_characters(text, multiline, found):
    assert [str(item) for item in control_characters(text, multiline=multiline)] == found


def test_describe_names_each_character_once_in_order():
    found = control_characters("a\x1bb\x00c\x1b", multiline=True)
    assert [item.position for item in found] == [1, 3, 5]
    assert describe(found) == "U+001B ESCAPE, U+0000 NUL"


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc"])))
def test_text_without_control_characters_passes_in_both_kinds_of_field(text):
    assert control_characters(text, multiline=False) == []
    assert control_characters(text, multiline=True) == []
