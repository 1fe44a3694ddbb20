"""The interpreter sheet ("Tolkblad"): one A4 with Dutch beside the parent's language, the key words
of the conversation in both, the glossary terms of the selection and the help lines; reached from
the kit; nothing stored, no cookie, a neutral title."""

from __future__ import annotations

import re
from html import unescape

import polib
import pytest

from bronwijzer.catalog import services
from bronwijzer.catalog.models import GlossaryTerm, HelpLine
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.codec import Kit, kit_decode, kit_encode, resource_key
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText
from bronwijzer.kit.interpreter import GLOSSARY_LINES, key_words, sheet_glossary
from bronwijzer.kit.languages import po_path, translated_languages
from bronwijzer.kit.options import KitOptions
from bronwijzer.kit.selection import kit_select
from bronwijzer.kit.sheets import glossary_for
from tests.kit.pdfread import Box, Pdf
from tests.kit.rtltext import arabic_script_words, glyph_layer_text
from tests.kit.test_handout import FULL_KIT_SLUGS
from tests.support.database import database_digest

TRANSLATED = translated_languages()


@pytest.fixture
def default_map(default_map_module, db):
    """The default map, loaded once for the module; each test changes it only in its own savepoint."""
    return services.DEFAULT_MAP_PATH


@pytest.fixture
def full_kit(default_map) -> str:
    options = KitOptions(who="ouder", languages=("ar", "tr"), age=14)
    return kit_encode(Kit(options, tuple(resource_key(s) for s in FULL_KIT_SLUGS)))


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.content.decode())


def _column(page: str, lang: str) -> str:
    """The text of every table cell in ``lang`` (her column, or the Dutch one)."""
    cells = re.findall(rf'<t[dh][^>]* lang="{lang}"[^>]*>(.*?)</t[dh]>', page, flags=re.S)
    return "\n".join(re.sub(r"<[^>]+>", "", c) for c in cells)


def _glossary_terms(code: str) -> list[GlossaryTerm]:
    """The terms the kit's selection uses plus the map's first core terms (as the preparation sheet)."""
    return [term for term, _titles in glossary_for(kit_select(kit_decode(code)).resources)]


def _packaged(lang: str, msgid: str) -> str:
    return polib.pofile(str(po_path(lang))).find(msgid).msgstr


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_key_words_stand_in_dutch_and_in_her_language_side_by_side(client, full_kit, lang):
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/{lang}/")
    direction = HANDOUT_LANGUAGES[lang][1]
    assert f'<td lang="{lang}" dir="{direction}">' in page
    dutch, hers = _column(page, "nl"), _column(page, lang)
    for word, explained in T.KEY_WORDS:
        assert word in dutch and explained in dutch
        own_word, own_explained = _packaged(lang, word), _packaged(lang, explained)
        assert own_explained and own_explained != explained  # a sentence is never the same in two languages
        assert own_word in hers and own_explained in hers
        assert explained not in hers
    assert _packaged(lang, T.INTERPRETER_HOW) in hers and T.INTERPRETER_HOW in dutch


def test_arabic_is_written_right_to_left_in_its_own_column(client, full_kit):
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/ar/")
    assert '<html lang="nl" dir="ltr">' in page  # the sheet is the professional's: Dutch first
    assert page.count('lang="ar" dir="rtl"') >= len(T.KEY_WORDS) + 4
    assert 'lang="ar" dir="ltr"' not in page


def test_the_glossary_terms_of_the_selection_are_there_with_their_dutch_definition(client, full_kit):
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/tr/")
    terms = _glossary_terms(full_kit)
    assert len(terms) >= 3
    dutch, hers = _column(page, "nl"), _column(page, "tr")
    for term in terms:
        assert term.term in dutch and term.definition in dutch
    # "Sexting misbruik" is one of the key words: her column gives its word; the others say plainly
    # that there is no translation yet, in her language
    assert _packaged("tr", "sexting misbruik") in hers
    untranslated = [t for t in terms if t.term.casefold() not in {w.casefold() for w, _e in T.KEY_WORDS}]
    assert untranslated
    assert hers.count(_packaged("tr", T.NO_TRANSLATION)) == len(untranslated)
    assert "begrippen uit het materiaal passen niet meer" not in page  # everything fitted


def test_a_term_without_a_translation_is_never_given_one(default_map):
    words = key_words(HandoutText("ar"))
    terms = [
        GlossaryTerm(slug="x", term="Doxing", definition="Uitleg."),
        GlossaryTerm(slug="y", term=" sexting ", definition="Uitleg."),
    ]
    glossary = sheet_glossary(terms, words)
    assert [t.translation for t in glossary.terms] == ["", _packaged("ar", "sexting")]


def test_the_help_lines_are_there_as_on_the_handout_in_both_languages(client, full_kit):
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/ar/")
    dutch, hers = _column(page, "nl"), _column(page, "ar")
    lines = [h for h in HelpLine.objects.all() if h.phone]
    assert len(lines) >= 5
    for line in lines:
        assert line.name in dutch and line.phone in dutch and line.phone in hers
    assert T.EMERGENCY in dutch and _packaged("ar", T.EMERGENCY) in hers
    # "gratis" only beside a line whose call is free too: Slachtofferhulp's 0900 number is not
    assert re.search(r"0800-2000</a> · Hulplijn, gratis", page)
    assert re.search(r"0900-0101</a> · Hulplijn(?!, gratis)", page)
    assert f"0800-2000</a> · {_packaged('ar', 'Hulplijn')}، {_packaged('ar', T.FREE)}" in page


def test_the_title_and_preview_stay_neutral(client, full_kit):
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/ar/")
    assert "<title>Gesprekskit</title>" in page
    assert '<meta property="og:title" content="Gesprekskit">' in page
    assert "og:image" not in page


def test_the_kit_page_offers_the_sheet_in_her_language_first_and_in_the_others(client, full_kit):
    page = _page(client, f"/gesprekskit/{full_kit}/")
    links = re.findall(rf'href="/gesprekskit/{full_kit}/tolk/(\w+)/"', page)
    assert links[0] == "ar" and sorted(links) == sorted(TRANSLATED)
    assert f'href="/gesprekskit/{full_kit}/tolk/ar.pdf"' in page
    english = _page(client, f"/en/gesprekskit/{full_kit}/")
    assert "Interpreter sheet" in english and f"/en/gesprekskit/{full_kit}/tolk/tr/" in english


@pytest.mark.parametrize("path", ["tolk/nl/", "tolk/xx/", "tolk/nl.pdf", "tolk/xx.pdf"])
def test_dutch_beside_dutch_or_an_unknown_language_is_not_found(client, full_kit, path):
    assert client.get(f"/gesprekskit/{full_kit}/{path}").status_code == 404


def test_a_damaged_kit_link_is_not_found(client, default_map):
    assert client.get("/gesprekskit/AgAAAAAAAAA/tolk/ar/").status_code == 404


def test_the_sheet_stores_nothing_and_sets_no_cookie(client, full_kit):
    before = database_digest()
    responses = [client.get(f"/gesprekskit/{full_kit}/tolk/{lang}/") for lang in ("ar", "uk")]
    responses.append(client.get(f"/gesprekskit/{full_kit}/tolk/ar.pdf"))
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r for r in responses if r.cookies] == []
    assert not client.cookies
    assert database_digest() == before
    assert all("private" in r["Cache-Control"] or "no-store" in r["Cache-Control"] for r in responses)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_pdf_is_one_a4_page_in_every_language_with_both_columns(client, full_kit, lang):
    response = client.get(f"/gesprekskit/{full_kit}/tolk/{lang}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="tolkblad-{lang}.pdf"' in response["Content-Disposition"]
    pdf = Pdf(response.content)
    assert len(pdf) == 1, f"the {lang} interpreter sheet runs over one page"
    page = pdf.doc[0]
    assert round(page.get_width()) == 595 and round(page.get_height()) == 842  # A4 in points
    text = pdf.text()
    flat = re.sub(r"\s+", "", text)
    for word, _explained in T.KEY_WORDS:
        assert word in text, word
    if HANDOUT_LANGUAGES[lang][1] == "rtl":
        # Her words read back from the PDF's text layer in reading order. The sheet is a table, her
        # column beside the Dutch one, and pdfium's reordering of such lines falls short (see
        # tests/kit/rtltext.py); her column runs right to left throughout, so it is read from the
        # glyphs' own text and places. Names in Latin letters and numbers are checked above and below.
        assert any(name.startswith("Bronwijzer-Arabic") for name in pdf.font_names)
        hers = f" {arabic_script_words(glyph_layer_text(response.content))} "
        for msgid in (T.INTERPRETER_TITLE, *(m for pair in T.KEY_WORDS for m in pair)):
            assert f" {arabic_script_words(_packaged(lang, msgid))} " in hers, (lang, msgid)
        assert text.count("0800-2000") == 2  # the help line in both columns
    else:
        for word, explained in T.KEY_WORDS:
            assert re.sub(r"\s+", "", _packaged(lang, word)) in flat, (lang, word)
            assert re.sub(r"\s+", "", _packaged(lang, explained))[:30] in flat, (lang, explained)
        assert re.sub(r"\s+", "", _packaged(lang, T.INTERPRETER_TITLE)) in flat
    for phone in ("020-261 52 75", "0800-2000", "0900-8844"):
        assert phone in text
    assert pdf.title == "Gesprekskit"
    assert pdf.font_names and all(name.startswith("Bronwijzer-") for name in pdf.font_names)


def test_in_the_arabic_pdf_the_dutch_is_on_the_left_and_hers_on_the_right(client, full_kit):
    data = client.get(f"/gesprekskit/{full_kit}/tolk/ar.pdf").content
    pdf = Pdf(data)
    dutch = pdf.find("Chantage: iemand dreigt")
    assert dutch is not None and dutch.right < pdf.width / 2
    # her key words and their explanations stand in the right half, read back from the PDF's
    # text layer (see the test above)
    right_half = f" {arabic_script_words(glyph_layer_text(data, left=pdf.width / 2))} "
    for pair in T.KEY_WORDS:
        for msgid in pair:
            assert f" {arabic_script_words(_packaged('ar', msgid))} " in right_half, msgid
    # and each help line's number stands once in the left half and once in the right
    for phone in ("0800-2000", "0900-8844"):
        boxes = _everywhere(pdf, phone)
        assert len(boxes) == 2, phone
        assert min(b.right for b in boxes) < pdf.width / 2 < max(b.left for b in boxes), phone


def _everywhere(pdf: Pdf, needle: str) -> list[Box]:
    """Where each occurrence of ``needle`` starts on the first page."""
    textpage = pdf.doc[0].get_textpage()
    searcher = textpage.search(needle, match_case=True)
    boxes = []
    while (found := searcher.get_next()) is not None:
        left, bottom, right, top = textpage.get_charbox(found[0])
        boxes.append(Box(left, bottom, right, top))
    return boxes


#: Words the full kit's titles and summaries use: as glossary terms, each is "used by the selection".
COMMON_WORDS = ("ouders", "kinderen", "jongeren", "internet", "online", "video", "seks", "relaties", "tips")


def test_a_long_selection_of_terms_still_fits_and_the_sheet_says_what_it_left_out(client, full_kit):
    definition = (
        "Een uitleg van dit begrip in gewone woorden, zodat iedereen het snapt en kan navertellen. " * 3
    )
    for i, word in enumerate(COMMON_WORDS):
        GlossaryTerm.objects.create(slug=f"extra-{word}", term=word, definition=definition, position=100 + i)
    page = _page(client, f"/gesprekskit/{full_kit}/tolk/uk/")
    match = re.search(r"(\d+) begrippen uit het materiaal passen niet meer op dit blad\.", page)
    assert match is not None, "the sheet must say how many terms it left out"
    assert "Alle begrippen met uitleg" in page and "/begrippen/" in page
    shown = page.count('<td lang="nl" dir="ltr"><strong class="tolk__word">') - len(T.KEY_WORDS)
    assert shown >= 3 and shown + int(match.group(1)) == len(_glossary_terms(full_kit)) >= 10
    pdf = Pdf(client.get(f"/gesprekskit/{full_kit}/tolk/uk.pdf").content)
    assert len(pdf) == 1
    assert f"{match.group(1)} begrippen uit het materiaal" in pdf.text()


def test_the_glossary_keeps_its_share_of_the_page_and_counts_the_rest():
    terms = [GlossaryTerm(slug=f"t{i}", term=f"Begrip {i}", definition="x" * 300) for i in range(10)]
    glossary = sheet_glossary(terms, [])
    assert len(glossary.terms) + glossary.left_out == 10
    assert 0 < len(glossary.terms) < 10
    assert sum(-(-(len(t.term) + 2 + len(t.definition)) // 90) for t in glossary.terms) <= GLOSSARY_LINES


def test_the_interpreter_texts_read_at_b1_level():
    import textstat

    textstat.set_lang("nl")
    prose = [T.INTERPRETER_HOW] + [explained for _word, explained in T.KEY_WORDS]
    assert all(textstat.flesch_reading_ease(text) >= 40 for text in prose)
    assert textstat.flesch_reading_ease(" ".join(prose)) >= 70
