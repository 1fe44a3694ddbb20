"""What a rendered PDF draws, glyph by glyph, and the fonts it embeds (read with pdfminer.six and
fontTools): each glyph with its font, glyph id, place and the text the PDF's text layer gives it
(the font's ToUnicode), to check that every font is embedded and that no drawn glyph is missing
from its font while the text layer still reads right.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

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


def normalised(text: str) -> str:
    """Whitespace collapsed (lines and columns break text where the string has one space)."""
    return re.sub(r"\s+", " ", text).strip()
