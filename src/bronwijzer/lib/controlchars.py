"""Control characters in text that people type or paste: which ones a field must refuse.

A control character (Unicode category ``Cc``: U+0000–U+001F, U+007F–U+009F) is invisible
and does nothing useful in Bronwijzer's texts. It arrives by pasting from a terminal, a
PDF or a word processor (an escape sequence, a NUL, a vertical tab) and then breaks what
reads the text later: PostgreSQL refuses NUL, a terminal obeys an escape sequence, an
XML feed or a PDF becomes invalid. So every text field refuses them, except:

* a text of several lines (a description, a definition) keeps its tab (U+0009) and its
  line breaks: newline (U+000A), also as the carriage return + newline pair (U+000D U+000A)
  that browsers send for a line break in a text area;
* a one-line text (a title, a name, a note) refuses tab and line breaks too.

Format characters (category ``Cf``) are *not* control characters and are allowed: the
zero-width space (U+200B), the zero-width (non-)joiner (U+200C/U+200D, needed in Persian
and in emoji) and the direction marks (U+200E/U+200F) that Arabic text needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

#: What a text of several lines may hold besides printable text.
MULTILINE_ALLOWED = frozenset("\t\n")

# Short English names of the control characters people meet (others are named by code point).
_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


@dataclass(frozen=True)
class ControlCharacter:
    char: str
    #: 0-based position in the text as given.
    position: int

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return _NAMES.get(self.char, "")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def control_characters(text: str, *, multiline: bool) -> list[ControlCharacter]:
    """The control characters in ``text`` a field of this kind must refuse, in order.

    ``multiline``: the field holds several lines (tab, newline and CR+LF are allowed).
    """
    found = []
    for position, char in enumerate(text):
        if not is_control(char):
            continue
        if multiline and (
            char in MULTILINE_ALLOWED or (char == "\r" and text[position + 1 : position + 2] == "\n")
        ):
            continue
        found.append(ControlCharacter(char, position))
    return found


def describe(found: list[ControlCharacter]) -> str:
    """ "U+001B ESCAPE, U+0000 NUL": each different character once, in order of appearance."""
    seen: dict[str, ControlCharacter] = {}
    for item in found:
        seen.setdefault(item.char, item)
    return ", ".join(str(item) for item in seen.values())


# --- output: text already stored --------------------------------------------------------------

#: Characters no output may carry: the control characters except tab and newline (carriage
#: return is handled apart), lone surrogates (not UTF-8), and U+FFFE/U+FFFF (not allowed in XML).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Of those, the ones that separate words or lines: they become a space, so words stay apart.
_SEPARATORS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_CARRIAGE_RETURN = re.compile("\r\n?")


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() in _SEPARATORS else ""


def printable(text: str) -> str:
    """``text`` as every output can carry it: an XML feed, HTML, a PDF, CSV or JSON.

    For text that is already stored (old rows, history rows, a restored backup): new input is
    refused by the forms (:func:`control_characters`), but an output must never fail on what a
    row holds. Tab and newline stay; a carriage return (alone or before a newline) becomes a
    newline; vertical tab, form feed, the separators U+001C–U+001F and NEXT LINE become a space;
    every other control character, lone surrogate and U+FFFE/U+FFFF is dropped.
    """
    if "\r" in text:
        text = _CARRIAGE_RETURN.sub("\n", text)
    return _UNPRINTABLE.sub(_replacement, text)


def printable_data(value: Any) -> Any:
    """:func:`printable` applied to every string in ``value`` (dicts, lists and tuples, keys too)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(key): printable_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(printable_data(item) for item in value)
    return value
