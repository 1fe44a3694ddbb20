"""Which characters a text field refuses: control characters; tab and newline only in several lines."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import pytest
from django.utils.xmlutils import SimplerXMLGenerator
from hypothesis import given
from hypothesis import strategies as st

from bronwijzer.lib.controlchars import control_characters, describe, is_control, printable, printable_data


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


# --- printable: what an output makes of text already stored ---------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Titel\x1b[31m rood", "Titel[31m rood"),
        ("a\x00b", "ab"),
        ("regel\r\nregel\rregel", "regel\nregel\nregel"),
        ("woord\x0cwoord\x0bwoord\x85woord", "woord woord woord woord"),
        ("tab\tblijft\nen regels ook", "tab\tblijft\nen regels ook"),
        ("\x7f\x9b\ufffe\uffff\ud800", ""),
        ("zwj\u200dzwsp\u200bkeep rtl\u200f", "zwj\u200dzwsp\u200bkeep rtl\u200f"),
    ],
)
def test_printable_keeps_text_and_line_breaks_and_drops_what_no_output_can_carry(stored, shown):
    assert printable(stored) == shown


def test_printable_data_cleans_every_string_in_nested_data_keys_too():
    data = {"ti\x1btle": ["a\x00", ("b\x07", 3), {"c": "d\x1b"}], "n": None, "x": 1.5}
    assert printable_data(data) == {"title": ["a", ("b", 3), {"c": "d"}], "n": None, "x": 1.5}


@given(st.text())
def test_printable_text_always_goes_into_an_xml_feed(text):
    cleaned = printable(text)
    assert not [c for c in cleaned if c not in "\t\n" and is_control(c)]
    out = io.StringIO()
    SimplerXMLGenerator(out, "utf-8").addQuickElement("title", cleaned)  # raises on a control character
    cleaned.encode("utf-8")  # no lone surrogate
    assert escape(cleaned) in out.getvalue() or cleaned == ""
