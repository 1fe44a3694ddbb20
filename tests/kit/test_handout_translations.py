"""The handout's translations: no over-claims, the known errors gone, formal address, one name for
Dutch per language, lists written the language's way, and the review state an editor records."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from bronwijzer.catalog.models import HelpLine
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText, handout_language, handout_languages
from bronwijzer.kit.languages import handout_language_name, list_separator, po_path, translated_languages
from bronwijzer.kit.messages import handout_msgids
from bronwijzer.kit.models import HandoutTranslation
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.languages import language_name
from tests.kit.pdfread import Pdf

LANGS = list(HANDOUT_LANGUAGES)
TRANSLATED = translated_languages()

#: Phrases the first drafts had and a native speaker would not sign (issue 13), per language.
KNOWN_WRONG = {
    "ar": ["ليس خطأ", "لا أحد يحفظ"],  # a mistake, not blame; "nobody keeps"
    "tr": ["kolay dil", "Felemenkçe", "Kimse"],  # sade dil; one name for Dutch; "nobody keeps"
    "fr": ["Personne ne garde"],  # over-claim
    "pl": ["mówiony", "Nikt nie"],  # "spoken" as in a spoken language; "nobody keeps"
    "uk": ["прямої небезпеки", "Ніхто не"],  # безпосередньої небезпеки; "nobody"
    "en": ["Nobody keeps"],
}
#: The drafts' word for material one can listen to, which reads as "audible", "spoken" or "dubbed".
AUDIO_WRONG = {"ar": "مسموع", "fr": "parlé", "pl": "mówiony", "uk": "озвучення", "en": "spoken"}
#: "Nobody" in each language: the handout may not promise that nobody keeps anything.
NOBODY = {
    "nl": "niemand",
    "en": "nobody",
    "ar": "لا أحد",
    "tr": "kimse",
    "fr": "personne ne",
    "pl": "nikt",
    "uk": "ніхто",
    "ti": "ዋላ ሓደ",  # ዋላ ሓደ (ሰብ): nobody
    "so": "qofna",
    "fa": "هیچ",  # هیچ‌کس, هیچ کس: nobody
}
#: Informal "you" (and "your"), which the handout never uses: it addresses the parent formally.
INFORMAL = {
    "nl": {"je", "jij", "jouw", "jou"},
    "fr": {"tu", "toi", "ton", "ta", "tes"},
    "tr": {"sen", "senin", "sana", "seni"},
    "pl": {"ty", "twój", "twoja", "twoje", "ciebie", "tobie"},
    "uk": {"ти", "твій", "твоя", "твоє", "тобі", "тебе"},
    "en": set(),
    "ar": {"طفلك", "هاتفك", "اتصل", "ابحث"},  # singular "your child", "call!", "search!"
    # Tigrinya: the polite plural (ንስኹም, ቆልዓኹም, ደውሉ), never the singular "you", "your child", "call!"
    "ti": {"ንስኻ", "ንስኺ", "ቆልዓኻ", "ቆልዓኺ", "ተሌፎንካ", "ተሌፎንኪ", "ደውል", "ደውሊ"},
    # Somali has no formal "you": the plural (idinka) would read as speaking to several people.
    "so": set(),
    # Farsi: شما with plural verbs, never تو or the singular "your" (-ت) and imperatives
    "fa": {"تو", "فرزندت", "تلفنت", "بپرس", "بگیر", "کن", "بکن"},
}
#: Other names for Dutch than the one the handout uses, per language: "Felemenkçe" for "Hollandaca";
#: ዳች (from "Dutch") for ሆላንድኛ; "Holandi", "Nederlandis" for "Holandays"; Arabic-lettered هولندي.
OTHER_NAMES_FOR_DUTCH = {
    "tr": ("felemenkçe",),
    "ti": ("ዳች",),
    "so": ("holandi", "holandiis", "nederlandis"),
    "fa": ("هولندی", "هولندي", "هلندي"),
}
SLACHTOFFERHULP = "slachtofferhulp-nederland"  # 0900-0101, "free: true" in the map: the help is free


def _texts(lang: str) -> list[str]:
    text = HandoutText(lang)
    return [text.gettext(msgid) for msgid in handout_msgids()]


@pytest.fixture
def kit_code(default_map) -> str:
    # Zanzu (many languages, read aloud) and a Dutch-only item: both kinds of language list
    slugs = ("zanzu-alles-over-seks", "mediagesprek", "help-ik-sta-online")
    return kit_encode(Kit(KitOptions(who="ouder"), tuple(resource_key(s) for s in slugs)))


def _page(client, code: str, lang: str) -> str:
    response = client.get(f"/gesprekskit/{code}/ouders/{lang}/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def _own_column(page: str, css_class: str) -> list[str]:
    """The parent's-language texts of one kind on the handout (the Dutch beside them left out)."""
    pattern = rf'<(?:p|span) class="{css_class}">(.*?)</(?:p|span)>'
    return re.findall(pattern, page, flags=re.S)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_known_errors_of_the_first_drafts_are_gone(lang):
    for text in _texts(lang):
        for wrong in KNOWN_WRONG.get(lang, []):
            assert wrong.lower() not in text.lower(), f"{lang}: {wrong!r} in {text!r}"


@pytest.mark.parametrize("lang", list(AUDIO_WRONG))
def test_material_to_listen_to_is_called_what_a_parent_would_call_it(lang):
    assert HandoutText(lang).mode("audio") != AUDIO_WRONG[lang]


def test_the_arabic_handout_says_it_is_never_the_childs_fault_in_the_sense_of_blame():
    assert "ليس ذنب طفلكم" in HandoutText("ar").NOT_ALONE


@pytest.mark.parametrize("lang", LANGS)
def test_the_handout_addresses_the_parent_formally(lang):
    for text in _texts(lang) if lang != "nl" else handout_msgids():
        words = set(re.findall(r"\w+", text.lower()))
        assert not words & INFORMAL[lang], f"{lang}: informal address in {text!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_handout_text_promises_that_nobody_keeps_anything(lang):
    texts = _texts(lang) if lang != "nl" else handout_msgids()
    for text in texts:
        assert NOBODY[lang] not in text.lower(), f"{lang}: {text!r}"
    privacy = HandoutText(lang).PRIVACY
    assert privacy.count("Bronwijzer") == 2  # Bronwijzer keeps nothing; ask the professional what is kept


@pytest.mark.parametrize("lang", LANGS)
def test_the_opening_promises_no_free_help(lang):
    text = HandoutText(lang)
    stem = text.FREE.lower()[:5]  # gratis, free, ücret, gratu, bezpł, безко, مجان
    assert stem not in text.NOT_ALONE.lower(), f"{lang}: {text.NOT_ALONE!r}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_language_has_one_name_for_dutch(lang, kit_code, client):
    name = handout_language_name("nl", lang)
    assert name.lower()[:8] in HandoutText(lang).DUTCH_BESIDE.lower()
    other = language_name("nl", lang)  # CLDR's name, where the handout uses another
    page = _page(client, kit_code, lang)
    assert name in page  # the material's languages say it the same way
    if other != name:
        assert other not in page and all(other not in t for t in _texts(lang))
    for word in OTHER_NAMES_FOR_DUTCH.get(lang, ()):  # names a translator may reach for instead
        # Tigrinya and Farsi join prepositions to the word (ብዳች, به هولندی): found anywhere
        pattern = word if lang in ("ti", "fa") else rf"\b{word}\b"
        assert not [t for t in _texts(lang) if re.search(pattern, t.lower())], (lang, word)


def test_french_labels_take_a_non_breaking_space_before_the_colon(client, kit_code):
    page = _page(client, kit_code, "fr")
    assert f"{HandoutText('fr').LANGUAGES}\u00a0: " in page and f"{T.LANGUAGES}: " in page
    assert HandoutText("fr").NOT_ALONE.count("\u00a0") == 2  # before ? and :


def test_lists_are_separated_with_the_arabic_comma_in_arabic_script():
    assert list_separator("ar") == list_separator("fa") == "، "
    assert list_separator("tr") == list_separator("nl") == list_separator("so") == ", "
    assert HandoutText("ar").join(["أ", "ب", "ج"]) == "أ، ب، ج"


def test_lists_are_separated_with_the_ethiopic_comma_in_geez_script(client, kit_code):
    assert list_separator("ti") == "፣ "
    page = _page(client, kit_code, "ti")
    facts = _own_column(page, "item__fact")
    assert any("፣ " in f for f in facts) and not any(", " in f for f in facts), facts


def test_the_farsi_handout_is_written_in_persian_letters_that_dari_readers_share():
    """ی and ک, never the Arabic ي (U+064A) and ك (U+0643) that an Arabic keyboard gives; no ة."""
    for text in _texts("fa"):
        assert not set(text) & {"\u064a", "\u0643", "\u0629"}, text
    assert HandoutText("fa").NOT_ALONE.count("تقصیر") == 1  # blame (تقصیر), not a mistake (اشتباه)


def test_the_new_languages_say_never_the_childs_fault_in_the_sense_of_blame():
    assert "ተወቃሲ ኣይኮነን" in HandoutText("ti").NOT_ALONE  # is not to blame (ወቐሰ, to blame)
    assert "eedda ilmahaaga" in HandoutText("so").NOT_ALONE  # eed: blame


def test_the_arabic_handout_lists_languages_kinds_and_help_line_facts_with_the_arabic_comma(client, kit_code):
    page = _page(client, kit_code, "ar")
    facts = _own_column(page, "item__fact") + _own_column(page, "line__kind")
    lists = [f for f in facts if "،" in f]
    assert len(lists) >= 3, facts  # Zanzu's languages, its modes, a help line's facts
    for fact in facts:
        assert "," not in fact, fact
    dutch = re.findall(r'class="(?:item__fact nl|nl line__kind)" lang="nl" dir="ltr">(.*?)<', page)
    assert any(", " in f for f in dutch) and not any("،" in f for f in dutch)


@pytest.mark.parametrize("lang", ["nl", "ar", "en"])
def test_free_is_printed_only_beside_a_line_whose_help_and_call_are_free(client, kit_code, lang):
    slachtofferhulp = HelpLine.objects.get(slug=SLACHTOFFERHULP)
    assert slachtofferhulp.free and slachtofferhulp.phone.startswith("0900")  # the case the map has
    HelpLine.objects.filter(slug="veilig-thuis").update(phone="0900-2000", free=True)  # one more
    page = _page(client, kit_code, lang)
    free = HandoutText(lang).FREE
    lines = {}
    for block in page.split('<li class="line">')[1:]:
        phone = re.search(r'class="line__phone"[^>]*>([^<]+)<', block).group(1)
        lines[phone] = block.split("</li>")[0]
    assert set(lines) >= {"0900-0101", "0900-2000", "0800-0188"}
    for phone, block in lines.items():
        line = HelpLine.objects.get(phone=phone)
        assert (free in block) is line.free_to_call, f"{lang}: {phone} {block}"
    assert free in lines["0800-0188"] and free not in lines["0900-0101"] + lines["0900-2000"]
    pdf = Pdf(client.get(f"/gesprekskit/{kit_code}/ouders/{lang}.pdf").content).text()
    if lang != "ar":  # pdfium reads Arabic glyphs back poorly; the HTML above is the same template
        after = pdf.split("0900-0101", 1)[1].split("\n", 2)[:2]
        assert free not in " ".join(after)


def test_every_language_starts_as_not_reviewed_as_the_retired_po_header_said(db):
    assert not HandoutTranslation.objects.exists()  # a language without a record is not reviewed
    assert [lang.code for lang in handout_languages() if lang.reviewed] == ["nl"]  # the Dutch source
    assert {"ti", "so", "fa"} <= set(TRANSLATED)  # the languages added last start unreviewed too
    for code in TRANSLATED:
        assert b"X-Native-Speaker-Review" not in po_path(code).read_bytes()
        assert handout_language(code).reviewed is False


def test_the_kit_page_and_the_handout_show_who_reviewed_which_language_and_when(client, kit_code):
    code = kit_encode(Kit(KitOptions(who="ouder", languages=("ar",))))
    page = client.get(f"/gesprekskit/{code}/").content.decode()
    assert "ouderblad in het Arabisch is nog niet nagekeken" in page
    assert page.count("nog niet nagekeken</span>") == len(TRANSLATED)

    HandoutTranslation.objects.create(
        language="ar", reviewed=True, reviewed_on=dt.date(2026, 12, 3), reviewer="Samira El Amrani"
    )
    page = client.get(f"/gesprekskit/{code}/").content.decode()
    assert "Vertaling nagekeken door een moedertaalspreker op 3 december 2026 (Samira El Amrani)" in page
    assert "ouderblad in het Arabisch is nog niet nagekeken" not in page
    assert page.count("nog niet nagekeken</span>") == len(TRANSLATED) - 1
    handout = _page(client, kit_code, "ar")
    assert "nagekeken door een moedertaalspreker op 3 december 2026 (Samira El Amrani)" in handout
    assert "nog niet nagekeken" in _page(client, kit_code, "tr")
    english = client.get(f"/en/gesprekskit/{code}/").content.decode()
    assert "3 December 2026 (Samira El Amrani)" in english


def test_a_review_needs_a_date_that_has_passed(db):
    from django.core.exceptions import ValidationError

    row = HandoutTranslation(language="tr", reviewed=True)
    with pytest.raises(ValidationError, match="op welke dag"):
        row.full_clean()
    row.reviewed_on = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="toekomst"):
        row.full_clean()
    row.reviewed_on = dt.date(2026, 12, 1)
    row.full_clean()
    row.reviewed, row.reviewed_on = False, None
    row.reviewer = "Ayşe"
    with pytest.raises(ValidationError, match="vinkje"):
        row.full_clean()


def test_an_editor_records_a_review_in_the_back_office(default_map):
    from django.test import Client
    from django.urls import reverse

    from bronwijzer.staff import roles

    client = Client()
    client.force_login(roles.staff_assign("eva", "editor", password="een-lang-wachtwoord-voor-tests"))
    listing = client.get(reverse("admin:kit_handouttranslation_changelist"))
    assert listing.status_code == 200 and "Oekraïens" in listing.content.decode()
    _assert_listed_as_not_reviewed(listing.content.decode(), ["Tigrinya", "Somalisch", "Farsi"])
    add = reverse("admin:kit_handouttranslation_add")
    assert f'href="{add}?language=uk"' in listing.content.decode()
    form = client.get(f"{add}?language=uk")
    assert form.status_code == 200 and form.context["adminform"].form.initial["language"] == "uk"
    data = {"language": "uk", "reviewed": "on", "reviewed_on": "2026-12-01", "reviewer": "Olena", "note": ""}
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = HandoutTranslation.objects.get(language="uk")
    assert row.reviewed and row.reviewed_on == dt.date(2026, 12, 1) and row.reviewer == "Olena"
    url = reverse("admin:kit_handouttranslation_change", args=[row.pk])
    response = client.post(url, {"reviewed": "", "reviewed_on": "", "reviewer": "", "note": "Opnieuw"})
    assert response.status_code == 302
    assert [h.reviewed for h in row.history.all()] == [False, True]  # both edits in the history


def _assert_listed_as_not_reviewed(page: str, names: list[str]) -> None:
    """Each language's row of the back office's list says it is not reviewed ("nog niet") and offers
    to record a review (no record yet)."""
    rows = re.findall(r"<tr\b.*?</tr>", page, flags=re.S)
    for name in names:
        row = next((r for r in rows if name in r), None)
        assert row is not None, f"{name} is not listed"
        assert "<td>nog niet</td>" in row and ">vastleggen</a>" in row, row  # no record yet
