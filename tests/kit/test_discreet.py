"""The discreet parent handout: its own routes, a neutral outside (title, PDF metadata and file
name, the top half of the page) in every handout language, and the same content on the lower half.

"Neutral" is :mod:`bronwijzer.kit.discreet`: the topic's words per language and the map's names.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from bronwijzer.catalog.models import HelpLine
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.catalogues import CatalogueInvalid, handout_catalogue_check, handout_catalogue_export
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.discreet import NEUTRAL_TEXTS, TOPIC_WORDS, topic_words_in
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText
from bronwijzer.kit.options import KitOptions
from bronwijzer.kit.selection import published_docs
from tests.kit.pdfread import Pdf
from tests.kit.rtltext import extracted_words, reads_back, rtl_words
from tests.kit.test_handout import FULL_KIT_SLUGS, _confirmed
from tests.support.discreet import languages_without_words, names_in, revealing_names

#: What the top half prints: the neutral title, the opening and the labels of the lines to write on.
NEUTRAL = (
    "SEND_TITLE",
    "DISCREET_OPENING",
    "DISCREET_HELPER",
    "DISCREET_PHONE",
    "DISCREET_APPOINTMENT",
    "DISCREET_NOTES",
)
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def default_map(default_map_module, db):
    return DEFAULT_MAP_PATH


@pytest.fixture
def full_kit(default_map) -> str:
    return kit_encode(
        Kit(KitOptions(who="ouder", languages=("ar",)), tuple(resource_key(s) for s in FULL_KIT_SLUGS))
    )


def _topic(text: str, lang: str) -> list[str]:
    """Topic words of the handout's language, of Dutch and of English (the Dutch stands beside it)."""
    return sorted({w for code in dict.fromkeys((lang, "nl", "en")) for w in topic_words_in(text, code)})


# ----------------------------------------------------------------------------- the words themselves


def test_every_handout_language_has_a_list_of_topic_words():
    assert languages_without_words() == []


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_the_lists_catch_the_usual_handout_in_its_own_language(lang):
    """The usual handout's title and its line about photos name the topic: each list must see it."""
    text = HandoutText(lang)
    assert topic_words_in(text.TITLE, lang), f"the {lang} list misses the usual handout's title"
    assert topic_words_in(text.NOT_ALONE, lang), f"the {lang} list misses the line about photos"
    assert topic_words_in(text.helpline_kind("verwijderhulp"), lang)


def test_words_are_found_as_words_and_stems_not_inside_other_words():
    assert topic_words_in("Naaktfoto's en seksueel misbruik", "nl") == ["naaktfoto", "seksueel", "misbruik"]
    assert topic_words_in("İnternette fotoğraf", "tr") == ["internette", "fotoğraf"]
    assert topic_words_in("bijvoorbeeld een numéro", "nl") == []
    assert topic_words_in("un numéro", "fr") == []  # "nu" stands alone only
    assert topic_words_in("التحدث مع طفلكم عن الإنترنت", "ar") == ["إنترنت"]  # joined to "the"


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_the_neutral_texts_name_no_topic_in_any_language(lang, default_map):
    text, names = HandoutText(lang), revealing_names()
    assert "Helpwanted" in names and "Centrum Seksueel Geweld" in names  # the map's names are read
    for message in NEUTRAL_TEXTS:  # the top half's texts, and the message with its link preview
        neutral = text.gettext(message)
        if lang != "nl":
            assert text.translates(message), f"{message!r} is not translated into {lang}"
        assert _topic(neutral, lang) == [], (message, neutral)
        assert names_in(neutral, names) == [], (message, neutral)


# ----------------------------------------------------------------------------- routes, title, file name


def test_the_discreet_handout_has_routes_of_its_own_with_a_neutral_file_name(client, full_kit):
    page = client.get(f"/gesprekskit/{full_kit}/informatie/ar/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    pdf = client.get(f"/gesprekskit/{full_kit}/informatie/ar.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="informatie-ar.pdf"'
    assert client.get(f"/gesprekskit/{full_kit}/informatie/xx/").status_code == 404
    assert client.get(f"/gesprekskit/{full_kit}/informatie/xx.pdf").status_code == 404
    assert client.get("/gesprekskit/AAAA/informatie/ar/").status_code == 404
    # the usual handout keeps its own name
    assert client.get(f"/gesprekskit/{full_kit}/ouders/ar.pdf")["Content-Disposition"].endswith(
        '"ouderblad-ar.pdf"'
    )


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_the_discreet_page_has_a_neutral_title_and_heading_and_the_whole_content_below(
    client, full_kit, lang
):
    text, nl = HandoutText(lang), HandoutText("nl")
    html = unescape(client.get(f"/gesprekskit/{full_kit}/informatie/{lang}/").content.decode())
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)[1].strip()
    assert title == h1 == text.SEND_TITLE
    assert html.count("<h1") == 1
    top, content = (
        html.split("</header>", 1)[0].split('class="discreet-top"', 1)[1],
        html.split("</header>", 1)[1],
    )
    words = re.sub(r"<[^>]+>", " ", top)
    assert text.DISCREET_OPENING in words and nl.DISCREET_OPENING in words
    assert _topic(words, lang) == [] and names_in(words, revealing_names()) == []
    # the content is the usual handout's, all of it, under the top half
    assert text.INTRO in content and text.NOT_ALONE in content and text.PRIVACY in content
    docs = {d.slug: d for d in published_docs()}
    for slug in FULL_KIT_SLUGS:
        assert docs[slug].title in content
    for line in HelpLine.objects.exclude(phone=""):
        assert line.phone in content
    assert "<img" not in html and "og:image" not in html


# ----------------------------------------------------------------------------- the PDF, in every language


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_the_discreet_pdf_shows_no_topic_outside_and_holds_the_whole_handout_inside(client, full_kit, lang):
    text, nl = HandoutText(lang), HandoutText("nl")
    pdf = Pdf(client.get(f"/gesprekskit/{full_kit}/informatie/{lang}.pdf").content)
    assert len(pdf) == 1, f"the discreet {lang} handout runs over one A4 page"
    page = pdf.doc[0]
    width, height = page.get_width(), page.get_height()
    assert (round(width), round(height)) == (595, 842)  # A4

    # The outside: metadata, bookmarks and the top half of the page
    meta = pdf.doc.get_metadata_dict()
    assert meta["Title"] == text.SEND_TITLE
    for field in ("Title", "Subject", "Keywords", "Author", "Creator"):
        assert _topic(meta[field], lang) == [] and names_in(meta[field], revealing_names()) == [], field
    bookmarks = " | ".join(b.get_title() for b in pdf.doc.get_toc())
    assert _topic(bookmarks, lang) == [], bookmarks
    textpage = page.get_textpage()
    top = textpage.get_text_bounded(left=0, bottom=height / 2, right=width, top=height)
    bottom = textpage.get_text_bounded(left=0, bottom=0, right=width, top=height / 2)
    assert nl.SEND_TITLE in " ".join(top.split())  # the Dutch title stands in the top half, read back
    assert _topic(top, lang) == [], top
    assert names_in(top, revealing_names()) == [], top
    assert not re.search(r"https?://|www\.|\.nl\b|\d{3,}", top), "an address or phone number in the top half"
    if ARABIC_SCRIPT.search(text.SEND_TITLE):
        # The text layer reads back in Arabic and Farsi, word by word (tests/kit/rtltext.py): the top
        # half holds the neutral texts and nothing else in her script; the lower half the usual opening.
        neutral = [getattr(text, attr) for attr in NEUTRAL]
        assert [t for t in neutral if not reads_back(t, top)] == [], top
        hers = [w for w in extracted_words(top).split() if ARABIC_SCRIPT.search(w)]
        assert hers == [w for t in neutral for w in rtl_words(t).split() if ARABIC_SCRIPT.search(w)], top
        assert reads_back(text.INTRO, bottom) and reads_back(text.NOT_ALONE, bottom), bottom
    for qr in pdf.qr_codes():
        assert qr.box.top < height / 2, f"a QR code ({qr.text}) in the top half"

    # The inside: every item, every help line, the privacy line, on the lower half
    flat = " ".join(bottom.split())
    assert "U heeft met ons gepraat over uw kind en internet" in flat  # the usual opening, in Dutch beside
    docs = {d.slug: d for d in published_docs()}
    for slug in FULL_KIT_SLUGS:
        assert docs[slug].title[:18] in flat, docs[slug].title
    for line in HelpLine.objects.exclude(phone=""):
        assert line.phone in flat, line.name
        name = line.name_en if lang == "en" and line.name_en else line.name
        assert name in flat, name
    assert len(pdf.qr_codes()) == len(_confirmed(FULL_KIT_SLUGS))
    assert "Bronwijzer bewaart niets van dit blad" in flat


def test_the_topic_words_are_one_list_per_language_as_data():
    for lang, words in TOPIC_WORDS.items():
        assert words and all(isinstance(w, str) and w.strip() == w and w for w in words), lang


# ----------------------------------------------------------------------------- the kit page and sending


def test_the_kit_page_offers_the_discreet_handout_in_every_language_and_says_when_to_choose_it(
    client, full_kit
):
    page = unescape(client.get(f"/gesprekskit/{full_kit}/").content.decode())
    assert '<h3 id="kit-discreet"' in page
    assert "eergerelateerd geweld" in page  # when to choose it
    assert "Wie verder leest, ziet dus wel waar het over gaat." in page  # and what it does not hide
    for lang in HANDOUT_LANGUAGES:
        assert f'href="/gesprekskit/{full_kit}/informatie/{lang}/"' in page
        assert f'href="/gesprekskit/{full_kit}/informatie/{lang}.pdf"' in page
    assert f'href="/gesprekskit/{full_kit}/sturen/ar/?blad=discreet"' in page


def test_send_to_parent_links_to_the_discreet_handout_when_chosen_and_the_message_stays_the_same(
    client, full_kit
):
    usual = unescape(client.get(f"/gesprekskit/{full_kit}/sturen/ar/").content.decode())
    discreet = unescape(client.get(f"/gesprekskit/{full_kit}/sturen/ar/?blad=discreet").content.decode())
    assert f"http://testserver/gesprekskit/{full_kit}/ouders/ar/" in usual
    assert "/informatie/" not in usual
    assert f"http://testserver/gesprekskit/{full_kit}/informatie/ar/" in discreet
    assert f"/gesprekskit/{full_kit}/ouders/ar/" not in discreet
    assert "De link opent het discrete ouderblad in het Arabisch." in discreet
    # the choice is offered both ways, and kept when the professional picks another language
    assert 'href="?blad=discreet"' in usual and 'href="?"' in discreet
    assert f'href="/gesprekskit/{full_kit}/sturen/tr/?blad=discreet"' in discreet
    # the message itself does not change: neutral either way
    for text in (HandoutText("ar").SEND_MESSAGE, T.SEND_MESSAGE):
        assert text in usual and text in discreet
    whatsapp = re.search(r'href="(https://wa\.me/[^"]+)"', discreet)[1]
    assert "informatie%2Far%2F" in whatsapp and "ouders" not in whatsapp


@pytest.mark.django_db
def test_an_uploaded_translation_that_names_the_topic_in_a_neutral_text_is_refused():
    """An editor's PO file is checked too: "Informatie over internet" would undo the discreet title."""
    assert {getattr(T, attr) for attr in NEUTRAL} <= set(NEUTRAL_TEXTS)
    exported = handout_catalogue_export("tr").decode()
    title = f'msgstr "{HandoutText("tr").SEND_TITLE}"'
    assert title in exported
    assert handout_catalogue_check("tr", exported.encode())  # as it is: accepted
    changed = exported.replace(title, 'msgstr "İnternet hakkında bilgiler"').encode()
    with pytest.raises(CatalogueInvalid) as caught:
        handout_catalogue_check("tr", changed)
    assert "noemt het onderwerp (internet)" in "\n".join(caught.value.problems)
    # the usual handout's own title may name it: it is not one of the neutral texts
    usual = exported.replace(f'msgstr "{HandoutText("tr").TITLE}"', 'msgstr "Çocuğunuzla internet üzerine"')
    assert handout_catalogue_check("tr", usual.encode())
