"""The parent handout: one A4 page in the parent's language with the Dutch beside it, QR codes that
decode to the URL printed beside them, right to left for Arabic, fonts embedded."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.codec import MAX_ITEMS, Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText
from bronwijzer.kit.options import KitOptions
from tests.kit.pdfread import Pdf


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


FULL_KIT_SLUGS = [
    "mediagesprek",
    "zanzu-alles-over-seks",
    "internet-matters-lhbtqi-kind-online",
    "trias-tips-sociale-media-gebruik",
    "lang-leve-de-liefde",
    "oudermodule-fonds-slachtofferhulp",
    "mediadiamant",
    "help-ik-sta-online",
]


def _code_from(response) -> str:
    assert response.status_code == 302, response.content[:500]
    return urlsplit(response["Location"]).path.strip("/").split("/")[1]


@pytest.fixture
def arabic_kit(client, default_map) -> str:
    """The kit the guided start proposes for an Arabic-speaking parent of a 14-year-old."""
    response = client.get(
        "/gesprekskit/voorstel/", {"who": "ouder", "lang": "ar", "age": "14", "situation": "zorg"}
    )
    return _code_from(response)


@pytest.fixture
def full_kit(default_map) -> str:
    assert len(FULL_KIT_SLUGS) == MAX_ITEMS
    return kit_encode(Kit(KitOptions(who="ouder"), tuple(resource_key(s) for s in FULL_KIT_SLUGS)))


def test_the_arabic_kit_holds_only_material_in_arabic_or_without_language(client, arabic_kit):
    from bronwijzer.kit.codec import kit_decode
    from bronwijzer.kit.selection import kit_select

    selection = kit_select(kit_decode(arabic_kit))
    assert selection.resources
    for doc in selection.resources:
        assert "ar" in doc.languages or "zxx" in doc.languages
    page = client.get(f"/gesprekskit/{arabic_kit}/").content.decode()
    for doc in selection.resources:
        assert doc.title in page
    assert "Helpwanted" in page and "020-261 52 75" in page  # the help lines go with it


def test_the_arabic_handout_pdf_is_one_page_right_to_left_and_every_qr_code_is_the_url_beside_it(
    client, arabic_kit
):
    response = client.get(f"/gesprekskit/{arabic_kit}/ouders/ar.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = Pdf(response.content)
    assert len(pdf) == 1
    _assert_qr_codes_match_printed_urls(pdf, expected=len(_confirmed(_kit_slugs(arabic_kit))) + LISTEN_QR)
    # Right to left: the Dutch column sits on the left half, the Arabic one on the right.
    dutch_intro = pdf.find("U heeft met ons gepraat")
    assert dutch_intro is not None and dutch_intro.right < pdf.width / 2
    # and each QR code is at the right of its item, before the text in reading order
    for qr in pdf.qr_codes():
        if "/luister/" in qr.text:  # "Luister" ends the title lines: on the left, at the top (of 842 pt)
            assert qr.box.right < pdf.width / 4 and qr.box.top > 780
        else:
            assert qr.box.left > pdf.width / 4
    objects = pdf.objects
    assert b"/Lang (ar)" in objects and b"/StructTreeRoot" in objects  # tagged, language set
    assert pdf.title == HandoutText("ar").TITLE
    assert b"/FontFile2" in objects and b"/FontFile " not in objects  # TrueType fonts embedded
    # only the fonts that ship with Bronwijzer, never whatever the machine has
    assert pdf.font_names and all(name.startswith("Bronwijzer-") for name in pdf.font_names), pdf.font_names
    assert any(name.startswith("Bronwijzer-Arabic") for name in pdf.font_names)
    assert b"/Subtype /Image" not in objects  # no pictures: QR codes are vector paths


def test_a_left_to_right_handout_puts_the_dutch_on_the_right(client, arabic_kit):
    pdf = Pdf(client.get(f"/gesprekskit/{arabic_kit}/ouders/en.pdf").content)
    assert pdf.find(HandoutText("en").INTRO[:25]).left < pdf.width / 2
    assert pdf.find("U heeft met ons gepraat").left > pdf.width / 2


def _kit_slugs(code: str) -> list[str]:
    from bronwijzer.kit.codec import kit_decode
    from bronwijzer.kit.selection import kit_select

    return [d.slug for d in kit_select(kit_decode(code)).resources]


def _confirmed(slugs) -> list[str]:
    """The slugs whose link an editor confirmed: the only ones a handout may give a QR code."""
    from bronwijzer.kit.selection import published_docs

    docs = {d.slug: d for d in published_docs()}
    return [s for s in slugs if docs[s].url and docs[s].url_verified]


#: Besides one per confirmed material, every handout prints one "Luister" QR code: its listening page.
LISTEN_QR = 1


def _listen_url(code: str, lang: str) -> str:
    return f"http://testserver/gesprekskit/{code}/luister/{lang}/"


def _assert_qr_codes_match_printed_urls(pdf: Pdf, expected: int) -> None:
    codes = pdf.qr_codes()
    assert len(codes) == expected, [c.text for c in codes]
    for code in codes:
        assert re.match(r"https?://", code.text)
        printed = pdf.find(code.text)
        assert printed is not None, f"{code.text} is not printed on the page"
        nearest = min(codes, key=lambda other: printed.distance(other.box))
        assert nearest is code, f"{code.text} is printed nearer to the QR code of {nearest.text}"
        assert printed.distance(code.box) < 30, f"{code.text} is printed far from its QR code"


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_a_full_handout_renders_on_one_page_in_every_language(client, full_kit, lang):
    html = client.get(f"/gesprekskit/{full_kit}/ouders/{lang}/")
    assert html.status_code == 200
    text = HandoutText(lang)
    page = unescape(html.content.decode())
    assert f'lang="{lang}"' in page and f'dir="{HANDOUT_LANGUAGES[lang][1]}"' in page
    assert text.TITLE in page
    if lang != "nl":
        assert text.TITLE != T.TITLE  # translated, and the Dutch is beside it
        assert T.INTRO in page
    assert "<img" not in page
    pdf = Pdf(client.get(f"/gesprekskit/{full_kit}/ouders/{lang}.pdf").content)
    assert len(pdf) == 1, f"the {lang} handout runs over one A4 page"
    _assert_qr_codes_match_printed_urls(pdf, expected=len(_confirmed(FULL_KIT_SLUGS)) + LISTEN_QR)
    for phone in ("020-261 52 75", "0900-0101", "0800-2000", "112", "0800-0188"):
        assert phone in pdf.text()


@pytest.mark.parametrize("lang", ["nl", "ar", "uk"])
def test_every_qr_code_leads_to_a_confirmed_address_and_the_rest_say_what_to_search_for(
    client, full_kit, lang
):
    from bronwijzer.kit.selection import published_docs
    from bronwijzer.lib.shortlinks import MAX_PRINTED_URL

    docs = {d.slug: d for d in published_docs()}
    confirmed = _confirmed(FULL_KIT_SLUGS)
    assert 0 < len(confirmed) < len(FULL_KIT_SLUGS), "the kit must hold both kinds for this test"
    pdf = Pdf(client.get(f"/gesprekskit/{full_kit}/ouders/{lang}.pdf").content)
    targets = set()
    codes = pdf.qr_codes()
    # exactly one leads to our own listening page for this kit and language, and it opens
    listen = [c for c in codes if c.text == _listen_url(full_kit, lang)]
    assert len(listen) == 1, [c.text for c in codes]
    assert client.get(urlsplit(listen[0].text).path).status_code == 200
    label = HandoutText(lang).LISTEN
    assert label in pdf.text() if lang != "ar" else T.LISTEN in pdf.text()  # pdfium and Arabic: see below
    assert pdf.find(T.LISTEN).distance(listen[0].box) < 30  # "... / Luister" (or "Luister") beside it
    for code in codes:
        if code is listen[0]:
            continue
        url = code.text
        if urlsplit(url).path.startswith("/l/"):
            assert re.fullmatch(r"http://testserver/l/[a-z2-7]{7}", url)
            response = client.get(urlsplit(url).path)
            assert response.status_code == 302
            url = response["Location"]
            assert len(url) > MAX_PRINTED_URL  # short links only stand in for long addresses
        targets.add(url)
    assert targets == {docs[s].url for s in confirmed}, "a QR code leads to an unconfirmed address"
    # Every other item: its name and organisation, and what to do instead of scanning.
    # (pdfium reads Arabic glyphs back poorly: count the Dutch line printed beside it there)
    search = HandoutText("nl" if lang == "ar" else lang).NO_LINK
    text = pdf.text()
    assert text.count(search) == len(FULL_KIT_SLUGS) - len(confirmed)
    for slug in set(FULL_KIT_SLUGS) - set(confirmed):
        assert docs[slug].title[:20] in text
    html = unescape(client.get(f"/gesprekskit/{full_kit}/ouders/{lang}/").content.decode())
    for slug in set(FULL_KIT_SLUGS) - set(confirmed):
        assert f"/bron/{slug}/" not in html
    assert len(re.findall(r"<svg", html)) == len(confirmed) + LISTEN_QR


def test_a_confirmed_link_that_failed_its_latest_check_gets_no_qr_code(client, default_map):
    from django.utils import timezone

    from bronwijzer.kit.selection import published_docs
    from bronwijzer.linkcheck.classify import BROKEN
    from bronwijzer.linkcheck.models import LinkState

    zanzu = next(d for d in published_docs() if d.slug == "zanzu-alles-over-seks")
    assert zanzu.url_verified
    code = kit_encode(Kit(KitOptions(who="ouder"), (resource_key(zanzu.slug),)))
    assert zanzu.url in Pdf(client.get(f"/gesprekskit/{code}/ouders/nl.pdf").content).text()
    now = timezone.now()
    LinkState.objects.create(url=zanzu.url, status=BROKEN, http_status=404, checked_at=now, since=now)

    pdf = Pdf(client.get(f"/gesprekskit/{code}/ouders/nl.pdf").content)
    assert [qr.text for qr in pdf.qr_codes()] == [_listen_url(code, "nl")]
    assert T.NO_LINK in pdf.text() and "zanzu.nl" in pdf.text()
    page = client.get(f"/gesprekskit/{code}/").content.decode()
    assert "De link werkte niet bij de laatste controle." in page


def test_an_unknown_short_link_is_not_found(client, default_map):
    assert client.get("/l/aaaaaaa").status_code == 404
    assert client.get("/l/not-base32!").status_code == 404


def test_the_kit_page_says_which_handout_languages_no_native_speaker_has_checked(client, arabic_kit):
    from bronwijzer.kit.handout import handout_language

    page = client.get(f"/gesprekskit/{arabic_kit}/").content.decode()
    if handout_language("ar").reviewed:
        pytest.skip("the Arabic catalogue has been reviewed")
    assert (
        "ouderblad in het Arabisch is nog niet nagekeken door iemand die de taal als moedertaal spreekt"
        in page
    )


def test_the_dutch_handout_reads_at_b1_level():
    """Flesch–Douma reading ease: 60–70 is "fairly easy", above 70 "easy" (B1 and below)."""
    import textstat

    textstat.set_lang("nl")
    prose = [T.TITLE, T.INTRO, T.NOT_ALONE, T.EMERGENCY, T.PRIVACY, T.DUTCH_BESIDE]
    scores = {text: textstat.flesch_reading_ease(text) for text in prose}
    assert all(score >= 65 for score in scores.values()), scores
    assert textstat.flesch_reading_ease(" ".join(prose)) >= 75


@pytest.mark.parametrize("lang", ["nl", "uk", "ar"])
def test_a_handout_without_material_promises_none_and_prints_no_heading_for_it(client, default_map, lang):
    """A kit with nothing in it (the map has nothing in her language and nothing was added)."""
    code = kit_encode(Kit(KitOptions(who="ouder", languages=(lang,)), ()))
    own, dutch = HandoutText(lang), HandoutText("nl")
    html = unescape(client.get(f"/gesprekskit/{code}/ouders/{lang}/").content.decode())
    assert own.INTRO_HELP_ONLY in html and dutch.INTRO_HELP_ONLY in html  # hers, and the Dutch beside it
    assert own.INTRO not in html and dutch.INTRO not in html
    assert 'id="h-material"' not in html and dutch.MATERIAL not in html and '<ol class="items">' not in html
    assert own.HELP in html and 'class="line"' in html  # the help lines are all there is, and they are there
    text = Pdf(client.get(f"/gesprekskit/{code}/ouders/{lang}.pdf").content).text()
    assert dutch.MATERIAL not in text and "materiaal dat u kan helpen" not in text
    assert "telefoonnummers waar u" in text.replace("\n", " ")


def test_a_handout_with_material_still_opens_with_it(client, arabic_kit):
    html = unescape(client.get(f"/gesprekskit/{arabic_kit}/ouders/ar/").content.decode())
    own = HandoutText("ar")
    assert own.INTRO in html and own.INTRO_HELP_ONLY not in html and own.MATERIAL in html
