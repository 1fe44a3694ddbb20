"""What a rendered PDF draws, glyph by glyph, and the fonts it embeds (read with pdfminer.six and
fontTools), and the glyphs a string must become (shaped with HarfBuzz, as WeasyPrint shapes it).

Why glyphs and not only text: a PDF's text layer is a map from each glyph to the text it stands for
(the font's ToUnicode). For Ge'ez and Latin script every glyph is one character, and the extracted
text can be compared with the strings. Noto Sans Arabic draws a letter as a dotless body plus its
dots: ب, ت, ن and ی share one body, and a dot is one glyph whatever letter it belongs to. WeasyPrint
maps each glyph to the text it first stood for, so every extractor (pdfium, pdfminer, a screen
reader) reads other letters back: "وب‌سایت" comes out as "تیا بو" in visual order. For Arabic script
the tests therefore compare what is drawn: each word of the string, shaped with the same font, must
be drawn as exactly those glyphs, in reading order, right to left.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.utils import apply_matrix_pt


@dataclass(frozen=True)
class Glyph:
    font: str  # the embedded font's name without its subset prefix, e.g. "Bronwijzer-Arabic-Bold"
    gid: int  # glyph id in the font (WeasyPrint subsets keeping glyph ids, CIDToGIDMap /Identity)
    text: str  # what the PDF's text layer says this glyph is
    x0: float
    x1: float
    baseline: float


@dataclass(frozen=True)
class EmbeddedFont:
    name: str
    subtype: str  # /Type0, /TrueType, /Type3, ...
    program: bytes | None  # the embedded TrueType (/FontFile2) or CFF (/FontFile3) program
    program_key: str | None  # "FontFile2" or "FontFile3"
    encoding: str  # "Identity-H", or "stream" for a CMap of the PDF's own


def _base(name: object) -> str:
    raw = name.name if hasattr(name, "name") else str(name)
    return re.sub(r"^[A-Z]{6}\+", "", raw.decode("latin-1") if isinstance(raw, bytes) else raw)


class _Recorder(PDFPageAggregator):
    def __init__(self, rsrcmgr: PDFResourceManager):
        super().__init__(rsrcmgr, laparams=None)
        self.glyphs: list[Glyph] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        assert isinstance(char, LTChar)
        baseline = apply_matrix_pt(matrix, (0, 0))[1]  # the text matrix, before any rise of a mark
        self.glyphs.append(Glyph(_base(font.basefont), cid, char.get_text(), char.x0, char.x1, baseline))
        return advance


def _pages(data: bytes) -> list[PDFPage]:
    return list(PDFPage.get_pages(io.BytesIO(data)))


def drawn_glyphs(data: bytes, page: int = 0) -> list[Glyph]:
    """Every glyph page ``page`` draws, in the order of its content stream."""
    rsrcmgr = PDFResourceManager()
    device = _Recorder(rsrcmgr)
    PDFPageInterpreter(rsrcmgr, device).process_page(_pages(data)[page])
    return device.glyphs


def embedded_fonts(data: bytes, page: int = 0) -> list[EmbeddedFont]:
    """The fonts the page's resources name, each with its embedded program (None when not embedded)."""
    fonts = []
    for spec in resolve1(_pages(data)[page].resources.get("Font", {})).values():
        spec = resolve1(spec)
        subtype = _base(spec.get("Subtype"))
        described = resolve1(spec["DescendantFonts"])[0] if subtype == "Type0" else spec
        descriptor = resolve1(resolve1(described).get("FontDescriptor", {}))
        program, key = None, None
        for key_name in ("FontFile2", "FontFile3", "FontFile"):
            if key_name in descriptor:
                program, key = resolve1(descriptor[key_name]).get_data(), key_name
                break
        encoding = spec.get("Encoding")
        encoding_name = _base(encoding) if hasattr(encoding, "name") else "stream"
        fonts.append(EmbeddedFont(_base(spec.get("BaseFont", "")), subtype, program, key, encoding_name))
    return fonts


def visible(char: str) -> bool:
    """A character that must leave ink: not a space, not a format character such as ZWNJ."""
    return not char.isspace() and unicodedata.category(char) not in ("Cf", "Zs", "Cc")


def glyphs_without_outline(data: bytes, page: int = 0) -> list[tuple[str, str]]:
    """(font, text) of each drawn glyph that stands for a visible character but has no outline in
    the embedded font: a missing glyph that the text layer hides (WeasyPrint maps it to the
    character all the same)."""
    programs = {f.name: TTFont(io.BytesIO(f.program)) for f in embedded_fonts(data, page) if f.program}
    empty = []
    for glyph in drawn_glyphs(data, page):
        font = programs[glyph.font]
        name = font.getGlyphOrder()[glyph.gid] if glyph.gid < len(font.getGlyphOrder()) else None
        outline = name is not None and name != ".notdef" and font["glyf"][name].numberOfContours != 0
        if not outline and any(visible(c) for c in glyph.text):
            empty.append((glyph.font, glyph.text))
    return empty


def text_lines(glyphs: list[Glyph], font_prefix: str = "") -> list[list[Glyph]]:
    """Glyphs grouped into lines by baseline (top of the page first), each line in the order the
    page draws it: a run's glyphs in HarfBuzz's visual order (sorting by x would put a dot before
    the body it sits on)."""
    lines: dict[float, list[Glyph]] = {}
    for glyph in glyphs:
        if glyph.font.startswith(font_prefix):
            lines.setdefault(round(glyph.baseline, 1), []).append(glyph)
    return [lines[y] for y in sorted(lines, reverse=True)]


def normalised(text: str) -> str:
    """Whitespace collapsed (lines and columns break text where the string has one space)."""
    return re.sub(r"\s+", " ", text).strip()


# -- shaping --------------------------------------------------------------------------------------


@cache
def _hb_font(path: str) -> hb.Font:
    return hb.Font(hb.Face(Path(path).read_bytes()))


def shaped(word: str, font_path: Path, language: str, weight: int = 400) -> tuple[int, ...]:
    """The glyph ids HarfBuzz draws for ``word``, in visual order (left to right, also for Arabic),
    leaving out the invisible glyphs of default-ignorable characters such as ZWNJ, as WeasyPrint
    draws none for them."""
    font = _hb_font(str(font_path))
    font.set_variations({"wght": weight})
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    buf.language = language
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(font, buf)
    return tuple(info.codepoint for info in buf.glyph_infos)


def arabic_words(text: str) -> list[str]:
    """The runs of Arabic-script letters of ``text`` in reading order (digits, Latin names and
    punctuation are drawn with another font or stand alone). A ZWNJ ends a run: the letters on
    either side of it are shaped as they would be at the end and start of a word."""
    return re.findall(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u064b-\u065f]+", text)


def _occurrences(line: list[Glyph], variants: tuple[tuple[int, ...], ...]) -> list[tuple[int, int]]:
    """(start, length) of each place ``line`` draws one of the glyph sequences."""
    ids = [g.gid for g in line]
    return [
        (i, len(v)) for v in variants for i in range(len(ids) - len(v) + 1) if tuple(ids[i : i + len(v)]) == v
    ]


def _follow_rtl(
    lines: list[list[Glyph]], words: list[tuple[tuple[int, ...], ...]], line: int, right: float
) -> list[tuple[int, float, float]] | None:
    """Each word after the first, read right to left from ``right`` on ``line``: on the same line
    left of the word before it, or on the next line; None when a word is not there."""
    found = []
    for variants in words:
        for candidate in (line, line + 1):
            if candidate >= len(lines):
                continue
            limit = right if candidate == line else float("inf")
            glyphs = lines[candidate]
            hits = [(i, n) for i, n in _occurrences(glyphs, variants) if glyphs[i + n - 1].x1 <= limit + 0.01]
            if hits:
                i, n = max(hits, key=lambda hit: glyphs[hit[0]].x0)  # the rightmost: next in reading order
                line, right = candidate, glyphs[i].x0
                found.append((candidate, glyphs[i].x0, glyphs[i + n - 1].x1))
                break
        else:
            return None
    return found


def find_rtl(
    lines: list[list[Glyph]], words: list[tuple[tuple[int, ...], ...]]
) -> list[tuple[int, float, float]]:
    """Where the words (each given as the glyph sequences it may be drawn as) are drawn as one
    right-to-left text: the first word anywhere, each next word on the same line to the left of the
    one before it, or on the next line. Returns (line, left x, right x) per word; raises
    AssertionError when the page draws no such text."""
    for number, line in enumerate(lines):
        for i, n in _occurrences(line, words[0]):
            first = (number, line[i].x0, line[i + n - 1].x1)
            rest = _follow_rtl(lines, words[1:], number, line[i].x0)
            if rest is not None:
                return [first, *rest]
    raise AssertionError("the page draws no right-to-left text of these words in this order")
