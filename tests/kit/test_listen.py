""" "Luister": the handout as sentences to read aloud, each marked in the listening page's HTML, in
her language with the Dutch under it; phone numbers spoken digit by digit; a neutral title and
link preview; no cookie, nothing stored; and the printed handout's one "Luister" QR code.

Expected words come from the packaged PO files (polib), not through the code under test."""

from __future__ import annotations

import re
from html import unescape

import pytest

from bronwijzer.catalog.models import HelpLine
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.codec import Kit, kit_encode
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, HandoutText
from bronwijzer.kit.listen import reading, split_sentences, spoken, spoken_number
from bronwijzer.kit.options import KitOptions
from bronwijzer.kit.selection import published_docs
from bronwijzer.lib.phone import tel_href
from tests.kit.support import SLUGS, kit_code, packaged
from tests.support.database import database_digest

SENTENCE = re.compile(
    r'<span class="sentence" data-sentence="(\w+)" lang="(\w+)"(?: data-say="([^"]*)")?>(.*?)</span>', re.S
)
BUTTONS = (T.LISTEN, T.LISTEN_PAUSE, T.LISTEN_STOP, T.LISTEN_PREVIOUS, T.LISTEN_NEXT, T.LISTEN_DUTCH)


@pytest.fixture
def default_map(default_map_module, db):
    return DEFAULT_MAP_PATH


def marked(html: str) -> list[tuple[str, str, str, str]]:
    """Every marked sentence: (reading, lang, what is said, the text shown), in page order."""
    out = []
    for kind, lang, say, inner in SENTENCE.findall(html):
        text = unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        out.append((kind, lang, unescape(say) if say else text, text))
    return out


def test_a_text_is_split_after_each_full_stop_question_and_exclamation_mark():
    assert split_sentences(T.NOT_ALONE) == [
        "Gaat er iets mis met foto's of filmpjes online?",
        "Dat is nooit de schuld van uw kind.",
        "U staat er niet alleen voor: de hulplijnen hieronder helpen u verder.",
    ]
    assert split_sentences("هل هذا صحيح؟ نعم.") == ["هل هذا صحيح؟", "نعم."]
    assert split_sentences("Bel 0800-2000. Of chat.") == ["Bel 0800-2000.", "Of chat."]


def test_tigrinya_is_split_after_its_own_full_stop_and_question_mark():
    """Ge'ez script ends a sentence with ። (and asks with ፧), not with a full stop."""
    intro = HandoutText("ti").INTRO
    assert intro.count("።") >= 2
    assert split_sentences(intro) == [part + "።" for part in intro.removesuffix("።").split("። ")]
    assert split_sentences("ሓቂ ድዩ፧ እወ።") == ["ሓቂ ድዩ፧", "እወ።"]


def test_phone_numbers_are_spoken_digit_by_digit_in_their_groups():
    assert spoken_number("020-261 52 75") == "0 2 0, 2 6 1, 5 2, 7 5"
    assert spoken_number("0900-0101") == "0 9 0 0, 0 1 0 1"
    assert spoken("Bij direct gevaar: bel 112.") == "Bij direct gevaar: bel 1 1 2."
    assert spoken("Voor 12 tot 18 jaar") == "Voor 12 tot 18 jaar"  # two digits: a number, not a code


def test_the_arabic_listening_page_marks_every_sentence_in_arabic_and_in_dutch_under_it(client, default_map):
    code = kit_code("ar")
    response = client.get(f"/gesprekskit/{code}/luister/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    sentences = marked(html)
    own = [s for s in sentences if s[0] in ("shared", "own")]
    dutch = [s for s in sentences if s[0] in ("shared", "nl")]
    # her reading: the title, the intro and "not alone" sentence by sentence, in Arabic
    arabic = [s[3] for s in own if s[1] == "ar"]
    assert arabic[0] == packaged("ar", T.TITLE)
    for message in (T.INTRO, T.NOT_ALONE, T.PRIVACY):
        assert " ".join(s for s in arabic if s in packaged("ar", message)) == packaged("ar", message)
    assert split_sentences(packaged("ar", T.INTRO))[0] in arabic
    # the Dutch reading: the same texts in Dutch, sentence by sentence, in order
    texts = [s[3] for s in dutch if s[0] == "nl"]
    assert texts[:1] == [T.TITLE]
    assert texts[1 : 1 + len(split_sentences(T.INTRO))] == split_sentences(T.INTRO)
    assert all(lang == "nl" for kind, lang, _say, _text in sentences if kind == "nl")
    # each material: its name and organisation (Dutch names, read in both), kind and languages
    for slug in SLUGS:
        doc = next(d for d in published_docs() if d.slug == slug)
        assert ("shared", "nl", doc.title, doc.title) in sentences
    assert any(text.startswith(packaged("ar", T.KIND)) for _r, lang, _s, text in own if lang == "ar")
    assert any(text.startswith("Soort: ") for _r, _l, _s, text in dutch)
    # the help lines: the number shown as a link, spoken digit by digit, in her language
    phone = packaged("ar", T.LISTEN_PHONE)
    helpwanted = [s for s in own if s[3].endswith("020-261 52 75")]
    assert helpwanted and helpwanted[0][1] == "ar"
    assert helpwanted[0][2].endswith("0 2 0, 2 6 1, 5 2, 7 5") and helpwanted[0][2].startswith(phone)
    assert f'<a href="{tel_href("020-261 52 75")}" dir="ltr">020-261 52 75</a>' in html
    assert any("1 1 2" in say for _r, _l, say, _t in own)
    # the controls, in her language, as real buttons; and the note for a browser without scripts
    for message in BUTTONS:
        name = re.escape(packaged("ar", message))
        assert re.search(rf'<button type="button"[^>]*>{name}</button>', unescape(html)), message
    assert packaged("ar", T.LISTEN_NEEDS_JS) in unescape(html) and T.LISTEN_NEEDS_JS in html
    assert packaged("ar", T.LISTEN_NO_VOICE) in unescape(html) and T.LISTEN_NO_VOICE in html
    assert '<script src="/static/kit/listen.js' in html and "<script>" not in html  # no inline script


def test_the_dutch_listening_page_has_one_reading(client, default_map):
    html = client.get(f"/gesprekskit/{kit_code()}/luister/nl/").content.decode()
    sentences = marked(html)
    assert sentences and {s[0] for s in sentences} == {"own", "shared"}
    assert sentences[0][3] == T.TITLE
    assert "data-listen-dutch" not in html


@pytest.mark.parametrize("lang", list(HANDOUT_LANGUAGES))
def test_the_listening_page_names_no_topic_sets_no_cookie_and_is_not_indexed(client, default_map, lang):
    before = database_digest()
    response = client.get(f"/gesprekskit/{kit_code(lang)}/luister/{lang}/")
    assert response.status_code == 200
    assert not response.cookies
    html = unescape(response.content.decode())
    title = packaged(lang, T.SEND_TITLE) if lang != "nl" else T.SEND_TITLE
    description = packaged(lang, T.SEND_DESCRIPTION) if lang != "nl" else T.SEND_DESCRIPTION
    assert re.search(r"<title>(.*?)</title>", html, re.S)[1].strip() == title
    assert f'<meta property="og:title" content="{title}">' in html
    assert f'<meta name="description" content="{description}">' in html
    assert "og:image" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert "data-quick-exit-button" in html
    assert database_digest() == before


def test_an_unknown_language_or_kit_is_not_found(client, default_map):
    assert client.get(f"/gesprekskit/{kit_code()}/luister/xx/").status_code == 404
    assert client.get("/gesprekskit/AAAA/luister/ar/").status_code == 404


def test_the_handout_page_links_to_the_listening_page_and_prints_one_listen_qr_code(client, default_map):
    code = kit_code("ar")
    html = unescape(client.get(f"/gesprekskit/{code}/ouders/ar/").content.decode())
    url = f"http://testserver/gesprekskit/{code}/luister/ar/"
    assert f'<p class="listen-qr__label"><a href="{url}">' in html  # a full address: it works in the PDF too
    label = f"{packaged('ar', T.LISTEN)} / {T.LISTEN}"
    shown = re.search(r'<p class="listen-qr__label"><a [^>]*>(.*?)</a>', html)[1]
    assert re.sub(r"<[^>]+>", "", shown) == label
    assert html.count(f'aria-label="{url}"') == 1  # its QR code
    assert f'<p class="listen-qr__url" dir="ltr">{url}</p>' in html
    # whatever language the professional's pages are in, the printed address has no /en/
    english = unescape(client.get(f"/en/gesprekskit/{code}/ouders/ar/").content.decode())
    assert f'aria-label="{url}"' in english


@pytest.mark.parametrize("dutch", [False, True])
def test_the_page_marks_each_reading_in_the_order_it_is_spoken(client, default_map, dutch):
    response = client.get(f"/gesprekskit/{kit_code('tr')}/luister/tr/")
    expected = [(s.lang, s.spoken) for s in reading(response.context["passages"], dutch=dutch)]
    walked = {"shared", "nl"} if dutch else {"shared", "own"}
    on_page = [(lang, say) for kind, lang, say, _text in marked(response.content.decode()) if kind in walked]
    assert on_page == expected
    assert len(expected) > 20


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_safe_use_explains_the_listening_page_honestly(client, default_map, lang):
    prefix = "" if lang == "nl" else "/en"
    html = unescape(client.get(f"{prefix}/veilig-gebruik/").content.decode())
    assert '<h2 id="luisteren">' in html
    if lang == "nl":
        assert "De tekst gaat niet naar Bronwijzer en niet naar een ander bedrijf." in html
        assert "sommige stemmen werken via internet" in html  # and so may send the text elsewhere
    else:
        assert "The text does not go to Bronwijzer or to any other company." in html
        assert "some voices work over the internet" in html


def test_a_help_line_named_in_english_on_the_english_page_is_read_by_an_english_voice(client, default_map):
    html = client.get(f"/gesprekskit/{kit_code('en')}/luister/en/").content.decode()
    shared = {text: lang for kind, lang, _say, text in marked(html) if kind == "shared"}
    lines = [h for h in HelpLine.objects.all() if h.phone]
    renamed = [h for h in lines if h.name not in shared]
    assert renamed, "the map names some help lines in English"
    for line in lines:
        if line not in renamed:
            assert shared[line.name] == "nl", line.name
    assert sum(lang == "en" for lang in shared.values()) == len(renamed)


def test_without_material_the_listening_page_reads_no_promise_of_it(client, default_map):
    code = kit_encode(Kit(KitOptions(who="ouder", languages=("uk",)), ()))
    html = unescape(client.get(f"/gesprekskit/{code}/luister/uk/").content.decode())
    said = [text for _kind, _lang, _say, text in marked(html)]
    assert split_sentences(packaged("uk", T.INTRO_HELP_ONLY))[1] in said
    assert split_sentences(T.INTRO_HELP_ONLY)[1] in said  # and in the Dutch beside it
    for sentence in (packaged("uk", T.MATERIAL), T.MATERIAL, *split_sentences(T.INTRO)[1:]):
        assert sentence not in said
