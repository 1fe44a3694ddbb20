"""Every handout language prints correctly in the PDF: the text the PDF gives back is the translation
(extracted and compared in every script; Arabic and Farsi word by word, see
``tests/kit/rtltext.py``), every font is embedded and has a glyph for every character, Farsi and
Arabic run right to left, and the page stays one A4 page."""

from __future__ import annotations

import logging
import re
from functools import cache
from html import unescape
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText
from bronwijzer.kit.languages import translated_languages
from bronwijzer.kit.messages import handout_msgids
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.pdf import FONT_DIR
from tests.kit.pdfglyphs import drawn_glyphs, embedded_fonts, glyphs_without_outline, normalised, visible
from tests.kit.pdfread import Pdf
from tests.kit.rtltext import plain_words, reads_back, rtl_words

RTL = [code for code, (_, direction) in HANDOUT_LANGUAGES.items() if direction == "rtl"]
LTR = [code for code in translated_languages() if code not in RTL]
NEW = ["ti", "so", "fa"]  # issue 16: the languages added last, not yet reviewed
#: The kit the handout tests print: every kind of fact (languages with their modes, kinds, no link)
SLUGS = ("mediagesprek", "zanzu-alles-over-seks", "trias-tips-sociale-media-gebruik", "help-ik-sta-online")

ARABIC_FONTS = (FONT_DIR / "NotoSansArabic-Regular.ttf", FONT_DIR / "NotoSansArabic-Bold.ttf")
#: The fonts of the stack "Bronwijzer Sans", "Bronwijzer Arabic", "Bronwijzer Ethiopic".
STACK = (
    FONT_DIR / "NotoSans-Regular.ttf",
    FONT_DIR / "NotoSans-Bold.ttf",
    *ARABIC_FONTS,
    FONT_DIR / "NotoSansEthiopic-Regular.ttf",
    FONT_DIR / "NotoSansEthiopic-Bold.ttf",
)


@pytest.fixture
def default_map(default_map_module, db):
    """These tests only read the default map: it is loaded once for the module."""
    return DEFAULT_MAP_PATH


@pytest.fixture
def kit_code(default_map) -> str:
    return kit_encode(Kit(KitOptions(who="ouder"), tuple(resource_key(s) for s in SLUGS)))


_rendered: dict[tuple[str, str], tuple[str, bytes, list[str]]] = {}


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _render(client, code: str, lang: str) -> tuple[str, bytes, list[str]]:
    """The handout's HTML (from its header to its footer, unescaped), its PDF, and what WeasyPrint
    warned while rendering it; rendered once per language."""
    if (code, lang) not in _rendered:
        html = unescape(client.get(f"/gesprekskit/{code}/ouders/{lang}/").content.decode())
        start, end = html.index('<header class="handout__head">'), html.index("</footer>")
        warnings = _Warnings()
        logging.getLogger("weasyprint").addHandler(warnings)
        try:
            pdf = client.get(f"/gesprekskit/{code}/ouders/{lang}.pdf")
        finally:
            logging.getLogger("weasyprint").removeHandler(warnings)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        _rendered[code, lang] = (html[start:end], pdf.content, warnings.messages)
    return _rendered[code, lang]


def _handout(client, code: str, lang: str) -> tuple[str, bytes]:
    html, pdf, _ = _render(client, code, lang)
    return html, pdf


def _printed_translations(lang: str, html: str) -> list[str]:
    """The translations of the handout texts this handout shows (not the Dutch ones beside them)."""
    text = HandoutText(lang)
    translations = {text.gettext(msgid) for msgid in handout_msgids()} - set(handout_msgids())
    return sorted(t for t in translations if t in html)


#: A hyphen, soft hyphen, or U+FFFE: what pdfium returns for a hyphen it takes for a line-end one.
_HYPHENS = re.compile(r"[\u00ad\u2010\ufffe-]")


def _comparable(text: str) -> str:
    """Whitespace collapsed and hyphens left out: the layout hyphenates a long word at a line end,
    and breaks a line after the hyphen of "Demandez-le"; the PDF's text cannot say which it was."""
    return normalised(_HYPHENS.sub("", text))


def _pdf_text(data: bytes) -> str:
    """The page's text as pdfium extracts it, comparable: a word broken at a line end joined again."""
    text = re.sub(r"[\u00ad\u2010\ufffe-]\r?\n", "", Pdf(data).text())
    return _comparable(text)


@cache
def _cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


@pytest.mark.parametrize("lang", LTR)
def test_the_pdf_text_is_the_translation_in_every_left_to_right_language(client, kit_code, lang):
    html, pdf = _handout(client, kit_code, lang)
    printed = _printed_translations(lang, html)
    assert HandoutText(lang).INTRO in printed and HandoutText(lang).PRIVACY in printed
    text = _pdf_text(pdf)
    assert "\ufffd" not in text
    missing = [t for t in printed if _comparable(t) not in text]
    assert missing == [], f"{lang}: not in the PDF's text"


def _stands_as_words(text: str, html: str) -> bool:
    """Whether ``text`` stands in the page as words of their own (not "درس" inside "آدرس")."""
    return f" {plain_words(text)} " in f" {plain_words(re.sub(r'<[^>]+>', ' ', html))} "


@pytest.mark.parametrize("lang", RTL)
def test_the_pdf_text_is_the_translation_in_arabic_script(client, kit_code, lang):
    """Copying, searching or a screen reader get her words back from the PDF, in reading order
    (compared word by word as ``tests/kit/rtltext.py`` explains)."""
    html, pdf = _handout(client, kit_code, lang)
    printed = [t for t in _printed_translations(lang, html) if _stands_as_words(t, html)]
    assert HandoutText(lang).INTRO in printed and HandoutText(lang).PRIVACY in printed
    text = Pdf(pdf).text()
    assert "\ufffd" not in text
    missing = [t for t in printed if not reads_back(t, text)]
    assert missing == [], f"{lang}: not in the PDF's text"


@pytest.mark.parametrize("lang", RTL)
def test_the_first_line_of_the_introduction_runs_right_to_left_from_the_right(client, kit_code, lang):
    """The first words of the introduction, found in the PDF's text: the first word (in reading
    order) stands right of the last, and the line starts in the right half of the page, the column
    of her language."""
    _, pdf = _handout(client, kit_code, lang)
    page = client.get(f"/gesprekskit/{kit_code}/ouders/{lang}/").content.decode()
    assert f'<html lang="{lang}" dir="rtl"' in page
    words = rtl_words(HandoutText(lang).INTRO).split()[:4]
    document = Pdf(pdf)
    textpage = document.doc[0].get_textpage()
    found = textpage.search(" ".join(words), match_case=True).get_next()
    assert found is not None, f"{lang}: the introduction's first words are not in the PDF's text"
    start, count = found
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]  # (left, bottom, right, top)
    first_word, last_word = boxes[: len(words[0])], boxes[-len(words[-1]) :]
    assert min(b[0] for b in first_word) > max(b[2] for b in last_word)  # right to left
    assert max(b[1] for b in boxes) - min(b[1] for b in boxes) < 6  # one line (the next is 11 pt lower)
    assert max(b[2] for b in first_word) > document.width / 2  # it starts in the right half


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_every_font_is_embedded_and_has_a_glyph_for_every_character(client, kit_code, lang):
    _, pdf, warnings = _render(client, kit_code, lang)
    fonts = embedded_fonts(pdf)
    assert fonts
    for font in fonts:
        assert font.subtype == "Type0", font.name  # CID fonts: no Type3 (bitmap or drawn) glyphs
        assert font.program_key in ("FontFile2", "FontFile3"), f"{lang}: {font.name} is not embedded"
        assert font.name.startswith("Bronwijzer-"), font.name  # our fonts, never the machine's
        # glyph ids as character ids; WeasyPrint writes a CMap of its own only for a missing glyph,
        # and pdfminer cannot read that one (it would draw nothing, and the next check pass unseen)
        assert font.encoding == "Identity-H", f"{lang}: {font.name} has encoding {font.encoding}"
    # A missing glyph is drawn as .notdef (or an empty glyph) that the text layer still maps to
    # the character: extracted text reads right while the paper shows boxes. WeasyPrint says so,
    # and the glyphs drawn show it: each glyph that stands for a visible character has an outline.
    assert not [w for w in warnings if ".notdef" in w], f"{lang}: {warnings}"
    glyphs = drawn_glyphs(pdf)
    assert len(glyphs) > 500  # the page was read
    assert glyphs_without_outline(pdf) == [], f"{lang}: glyphs missing from the embedded fonts"
    # and the fonts we ship cover every character of every translation, not only those this kit shows
    covered = frozenset().union(*(_cmap(path) for path in STACK))
    text = HandoutText(lang)
    chars = {c for msgid in handout_msgids() for c in text.gettext(msgid) if visible(c)}
    assert sorted(c for c in chars if ord(c) not in covered) == []


def test_the_tigrinya_pdf_prints_geez_with_the_ethiopic_font(client, kit_code):
    _, pdf = _handout(client, kit_code, "ti")
    ethiopic = [g for g in drawn_glyphs(pdf) if "\u1200" <= g.text[:1] <= "\u139f"]
    assert ethiopic and all(g.font.startswith("Bronwijzer-Ethiopic") for g in ethiopic)  # -Bold, -Oblique too
    ethiopic_cmap = _cmap(FONT_DIR / "NotoSansEthiopic-Regular.ttf") & _cmap(
        FONT_DIR / "NotoSansEthiopic-Bold.ttf"
    )
    geez = {
        c for msgid in handout_msgids() for c in HandoutText("ti").gettext(msgid) if "\u1200" <= c <= "\u139f"
    }
    assert geez and all(ord(c) in ethiopic_cmap for c in geez)


#: Lam, a vowel sign, then an alef (as in "مثلًا"): the font draws lam and alef as one ligature, and
#: WeasyPrint gives that glyph no text, in this word and in every other word of the PDF that uses the
#: same glyph (the text layer maps each glyph to the text it first stood for). "مثلاً", with the
#: vowel sign after the alef, reads back right.
_LAM_MARK_ALEF = re.compile("\u0644[\u064b-\u065f\u0670]+[\u0622\u0623\u0625\u0627\u0649]")


@pytest.mark.parametrize("lang", RTL)
def test_no_translation_puts_a_vowel_sign_between_lam_and_alef(lang):
    text = HandoutText(lang)
    assert [t for t in map(text.gettext, handout_msgids()) if _LAM_MARK_ALEF.search(t)] == []


def test_the_farsi_pdf_embeds_the_persian_letters(client, kit_code):
    """پ چ ژ گ ک ی, the letters Persian writes differently from Arabic, are in Noto Sans Arabic, and
    the PDF's text layer gives back those it draws as themselves."""
    assert all(ord(c) in _cmap(font) for font in ARABIC_FONTS for c in "پچژگکی")
    _, pdf = _handout(client, kit_code, "fa")
    drawn = {c for g in drawn_glyphs(pdf) if g.font.startswith("Bronwijzer-Arabic") for c in g.text}
    # گ, پ, چ, ک and ی as the Farsi texts on this page use them (گفت‌وگو, پیش, چیزی, کودک);
    # ژ is in the font (above)
    assert set("گپچکی") <= drawn


@pytest.mark.parametrize("lang", NEW)
def test_a_handout_in_a_new_language_is_one_a4_page(client, kit_code, lang):
    _, pdf = _handout(client, kit_code, lang)
    document = Pdf(pdf)
    assert len(document) == 1
    assert round(document.width) == 595 and round(document.doc[0].get_height()) == 842  # A4 in points
