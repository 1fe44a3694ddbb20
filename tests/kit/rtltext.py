"""Comparing the text a PDF gives back in Arabic script with the strings it printed.

The PDF's text layer is right: every glyph maps to the letters it stands for, in logical order
(the static Noto Sans Arabic in ``lib/fonts/``; see its README). What the tests read it with,
pdfium, puts a right-to-left line back into reading order glyph by glyph, and that reordering has
limits of its own that a test must not take for errors in the PDF:

- zero-width characters (U+200C ZWNJ, U+200E LRM, U+200F RLM) draw no glyph, so they cannot come
  back; they are left out on both sides;
- a ligature of lam with alef or alef maksura (لا, لأ, لإ, لآ, لى) is one glyph that stands for
  two letters, and pdfium turns those two round along with the line (الإنترنت comes back as
  اإلنترنت, على as عىل): the expected text is written the way pdfium returns it;
- a vowel sign drawn as a glyph of its own (ً ُ ...) can land beside its letter or on the next
  line: vowel signs are left out on both sides;
- the punctuation at the end of a sentence may come back on the other side of a number
  ("112." as ".112"): words are compared without their punctuation;
- a line that holds both scripts and starts (on paper, from the left) with Latin, such as a heading
  with its Dutch beside it, is read left to right: her words in it come back in the order they
  stand on paper, last word first. In such a line each run of Arabic-script words is turned round.

What is left is compared word by word, in reading order: the printed words must stand in the
extracted text one after the other.

Where pdfium's reordering falls short altogether (a table with her column beside the Dutch one),
:func:`glyph_layer_text` reads the text layer without it: each glyph's own text, put in order from
where the glyphs stand.
"""

from __future__ import annotations

import re

from tests.kit.pdfglyphs import Glyph, drawn_glyphs

_INVISIBLE = re.compile("[\u200c\u200e\u200f]")
_VOWEL_SIGNS = re.compile("[\u064b-\u065f\u0670]")
_LAM_ALEF = re.compile("\u0644([\u0622\u0623\u0625\u0627\u0649])")
_ARABIC = re.compile("[\u0600-\u06ff]")
_FIRST_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0600-\u06ff]")
_PUNCTUATION = re.compile(r"[.,:;!?()\[\]«»\"'\u060c\u061b\u061f\u06d4-]")


def _words(text: str) -> list[str]:
    text = _VOWEL_SIGNS.sub("", _INVISIBLE.sub("", text))
    return [w for w in (_PUNCTUATION.sub("", word) for word in text.split()) if w]


def plain_words(text: str) -> str:
    """The words of a string (of a page's HTML, say), compared the same way but in the string's order."""
    return " ".join(_words(text))


def rtl_words(printed: str) -> str:
    """The words of a printed string as pdfium reads them back (see above), one space apart."""
    return " ".join(_words(_LAM_ALEF.sub("\\1\u0644", printed)))


def _reading_order(line: str) -> str:
    """A line of extracted text; when pdfium read it left to right (it meets Latin first) and it
    holds Arabic script, with each run of Arabic-script words turned round (see above)."""
    first = _FIRST_LETTER.search(line)
    if first is None or _ARABIC.match(first.group()) or not _ARABIC.search(line):
        return line
    words: list[str] = []
    run: list[str] = []
    for word in line.split():
        if _ARABIC.search(word):
            run.append(word)
        else:
            words += [*reversed(run), word]
            run = []
    return " ".join([*words, *reversed(run)])


def extracted_words(text: str) -> str:
    """The words of text extracted from a PDF, comparable with :func:`rtl_words`."""
    return " ".join(w for line in text.splitlines() for w in _words(_reading_order(line)))


def reads_back(printed: str, extracted: str) -> bool:
    """Whether ``printed`` stands, word after word, in the text extracted from a PDF."""
    return f" {rtl_words(printed)} " in f" {extracted_words(extracted)} "


def arabic_script_words(text: str) -> str:
    """Only the words of ``text`` in Arabic script (no names in Latin letters, no numbers)."""
    return " ".join(w for w in _words(text) if _ARABIC.search(w))


def glyph_layer_text(data: bytes, left: float = 0, right: float = float("inf")) -> str:
    """The Arabic-script text the PDF's text layer gives the glyphs between ``left`` and ``right``,
    put in reading order from where the glyphs stand, without pdfium: each glyph's own text (a
    ligature's letters stay in their order), lines from the top, each line from the right, a space
    where glyphs do not touch. For a column in which every line runs right to left (her column of
    the interpreter sheet), where pdfium's reordering falls short."""
    lines: dict[float, list[Glyph]] = {}
    for glyph in drawn_glyphs(data):
        text = _VOWEL_SIGNS.sub("", glyph.text)
        if glyph.font.startswith("Bronwijzer-Arabic") and text and left <= glyph.x0 and glyph.x1 <= right:
            lines.setdefault(round(glyph.baseline), []).append(glyph)
    read = []
    for baseline in sorted(lines, reverse=True):
        line, previous = "", None
        for glyph in sorted(lines[baseline], key=lambda g: -g.x1):
            if previous is not None and previous.x0 - glyph.x1 > 0.5:
                line += " "
            line, previous = line + _VOWEL_SIGNS.sub("", glyph.text), glyph
        read.append(line)
    return "\n".join(read)
