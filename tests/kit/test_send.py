""" "Stuur naar ouder": a short message in her language with the Dutch beside it and exactly one
link to her handout, offered as WhatsApp, SMS and e-mail links, properly URL-encoded; a Dutch-only
fallback that says so; and a handout page whose title and link preview name no topic.

The expected words are read from the packaged PO files with polib, not through the code under
test, so a message the code assembles wrongly cannot agree with itself."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.languages import HANDOUT_LANGUAGES, po_path, translated_languages
from bronwijzer.kit.messages import handout_msgids, po_bytes, po_translations
from bronwijzer.kit.models import HandoutTranslation
from tests.kit.support import kit_code, packaged
from tests.support.database import database_digest

TOPIC_WORDS = re.compile(
    r"sext|nude|naakt|misbruik|abuse|seks|porn|incident|extort|afpers|internet|foto|photo|film|beeld"
    r"|image|kind\b|child|hulplijn|helpline|politie|police|veilig|safe",
    re.IGNORECASE,
)


def send_links(html: str) -> dict[str, str]:
    """The page's WhatsApp, SMS and e-mail links, as the browser reads the href attributes."""
    links = {}
    for kind, prefix in (("whatsapp", "https://wa.me/"), ("sms", "sms:"), ("email", "mailto:")):
        hrefs = [unescape(h) for h in re.findall(r'href="([^"]*)"', html) if unescape(h).startswith(prefix)]
        assert len(hrefs) == 1, (kind, hrefs)
        links[kind] = hrefs[0]
    return links


def query_value(href: str, prefix: str) -> str:
    """The encoded value after ``prefix``, checked to be strictly percent-encoded, then decoded."""
    assert href.startswith(prefix), href
    raw = href[len(prefix) :]
    assert re.fullmatch(r"(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})*", raw), f"not strictly percent-encoded: {raw!r}"
    return unquote(raw, errors="strict")


def handout_url(code: str, lang: str) -> str:
    return f"http://testserver/gesprekskit/{code}/ouders/{lang}/"


def test_the_arabic_message_is_her_line_then_the_dutch_then_one_link_to_her_handout(client, default_map):
    code = kit_code("ar")
    response = client.get(f"/gesprekskit/{code}/sturen/ar/")
    assert response.status_code == 200
    links = send_links(response.content.decode())
    arabic = packaged("ar", T.SEND_MESSAGE)
    expected = f"{arabic}\n{T.SEND_MESSAGE}\n{handout_url(code, 'ar')}"
    for kind, prefix in (("whatsapp", "https://wa.me/?text="), ("sms", "sms:?&body=")):
        text = query_value(links[kind], prefix)
        assert text == expected, kind
        assert len(re.findall(r"https?://", text)) == 1
    # Arabic goes as its UTF-8 bytes: مرحبًا begins with م, U+0645, bytes D9 85
    assert links["whatsapp"].startswith("https://wa.me/?text=%D9%85")
    assert "%20" in links["sms"] and "+" not in links["sms"] and "%0A" in links["sms"]

    email = links["email"]
    assert email.startswith("mailto:?subject=") and email.count("&body=") == 1
    subject, body = email[len("mailto:?subject=") :].split("&body=")
    assert query_value(subject, "") == f"{packaged('ar', T.SEND_TITLE)} / {T.SEND_TITLE}"
    assert query_value(body, "") == expected.replace("\n", "\r\n")  # RFC 6068: CRLF in a mailto body


def test_the_dutch_message_is_one_line_and_the_link_to_the_dutch_handout(client, default_map):
    code = kit_code("nl")
    html = client.get(f"/gesprekskit/{code}/sturen/nl/").content.decode()
    links = send_links(html)
    expected = f"Hallo, hier is de informatie waarover we hebben gepraat.\n{handout_url(code, 'nl')}"
    assert query_value(links["whatsapp"], "https://wa.me/?text=") == expected
    assert links["sms"] == (
        "sms:?&body=Hallo%2C%20hier%20is%20de%20informatie%20waarover%20we%20hebben%20gepraat.%0A"
        f"http%3A%2F%2Ftestserver%2Fgesprekskit%2F{code}%2Fouders%2Fnl%2F"
    )
    assert links["email"].startswith("mailto:?subject=Informatie%20van%20uw%20hulpverlener&body=Hallo%2C%20")
    assert "Er is geen ouderblad" not in html and "nog niet in het" not in html


@pytest.mark.parametrize("lang", translated_languages())
def test_every_handout_language_sends_its_own_line_with_the_dutch(client, default_map, lang):
    code = kit_code(lang)
    html = client.get(f"/gesprekskit/{code}/sturen/{lang}/").content.decode()
    text = query_value(send_links(html)["whatsapp"], "https://wa.me/?text=")
    assert text.split("\n") == [packaged(lang, T.SEND_MESSAGE), T.SEND_MESSAGE, handout_url(code, lang)]
    # and the page shows the same lines, each marked with its language and direction
    direction = HANDOUT_LANGUAGES[lang][1]
    assert direction == ("rtl" if lang in ("ar", "fa") else "ltr")
    assert f'<p lang="{lang}" dir="{direction}">{packaged(lang, T.SEND_MESSAGE)}</p>' in unescape(html)


def test_the_message_and_its_preview_name_no_topic_in_dutch_or_english():
    for text in (T.SEND_MESSAGE, T.SEND_TITLE, T.SEND_DESCRIPTION):
        assert not TOPIC_WORDS.search(text), text
        assert not TOPIC_WORDS.search(packaged("en", text)), text


#: "Internet" and "child", as each language's handout title says them (word stems).
TITLE_TOPIC = {
    "en": ("internet", "child"),
    "ar": ("إنترنت", "طفل"),
    "tr": ("internet", "çocu"),
    "fr": ("internet", "enfant"),
    "pl": ("interne", "dziec"),
    "uk": ("інтернет", "дитин"),
    "ti": ("ኢንተርነት", "ቆልዓ"),
    "so": ("internet", "ilma"),
    "fa": ("اینترنت", "فرزند"),
}


@pytest.mark.parametrize("lang", sorted(TITLE_TOPIC))
def test_no_translation_of_the_message_names_what_the_handouts_title_names(lang):
    """The handout's title names the topic (the internet, the child); the message must not."""
    title = packaged(lang, T.TITLE).casefold()
    assert all(stem in title for stem in TITLE_TOPIC[lang])
    for msgid in (T.SEND_MESSAGE, T.SEND_TITLE, T.SEND_DESCRIPTION):
        text = packaged(lang, msgid).casefold()
        assert not [stem for stem in TITLE_TOPIC[lang] if stem in text], (lang, text)


def test_a_language_without_a_handout_falls_back_to_dutch_and_says_so(client, default_map):
    code = kit_code("de", "en")  # German: a language a kit can name, no handout
    kit_page = client.get(f"/gesprekskit/{code}/").content.decode()
    assert f'href="/gesprekskit/{code}/sturen/de/"' in kit_page  # her first language
    html = client.get(f"/gesprekskit/{code}/sturen/de/").content.decode()
    assert "Er is geen ouderblad in het Duits." in html
    assert "alleen in het Nederlands" in html
    text = query_value(send_links(html)["whatsapp"], "https://wa.me/?text=")
    assert text == f"{T.SEND_MESSAGE}\n{handout_url(code, 'nl')}"
    assert f'href="/gesprekskit/{code}/sturen/en/"' in html  # her other language is one click away


def test_a_catalogue_without_the_message_falls_back_to_dutch_and_still_links_her_handout(client, default_map):
    """An uploaded Turkish catalogue from before the message existed: the message is Dutch, said so."""
    translations = po_translations(po_path("tr").read_bytes())
    for msgid in (T.SEND_MESSAGE, T.SEND_TITLE, T.SEND_DESCRIPTION):
        del translations[msgid]
    assert set(handout_msgids()) - set(translations) == {T.SEND_MESSAGE, T.SEND_TITLE, T.SEND_DESCRIPTION}
    HandoutTranslation.objects.create(language="tr", catalogue=po_bytes("tr", translations).decode())
    code = kit_code("tr")
    html = client.get(f"/gesprekskit/{code}/sturen/tr/").content.decode()
    assert "Het bericht is er nog niet in het Turks." in html
    assert "De link opent wel het ouderblad in het Turks." in html
    text = query_value(send_links(html)["whatsapp"], "https://wa.me/?text=")
    assert text == f"{T.SEND_MESSAGE}\n{handout_url(code, 'tr')}"


def test_only_a_handout_language_or_one_of_the_kits_languages_can_be_sent(client, default_map):
    code = kit_code("ar")
    assert client.get(f"/gesprekskit/{code}/sturen/de/").status_code == 404  # not hers, no handout
    assert client.get(f"/gesprekskit/{code}/sturen/xx/").status_code == 404
    assert client.get(f"/gesprekskit/{code}/sturen/pl/").status_code == 200  # a handout language
    assert client.get("/gesprekskit/GeenKit/sturen/ar/").status_code == 404


def test_the_kit_page_links_to_the_message_in_her_first_language(client, default_map):
    code = kit_code("ar", "nl")
    html = client.get(f"/gesprekskit/{code}/").content.decode()
    link = re.search(r'<a class="button button--small" href="([^"]+)">Stuur naar ouder<', html)
    assert link and link.group(1) == f"/gesprekskit/{code}/sturen/ar/"
    english = client.get(f"/en/gesprekskit/{code}/").content.decode()
    assert f'href="/en/gesprekskit/{code}/sturen/ar/">Send to parent<' in english


def test_the_share_button_carries_the_same_message_and_is_hidden_without_javascript(client, default_map):
    code = kit_code("ar")
    html = unescape(client.get(f"/gesprekskit/{code}/sturen/ar/").content.decode())
    button = re.search(r"<li hidden><button [^>]*data-share [^>]*>", html)
    assert button, "the share button's list item is hidden until kit.js finds navigator.share"
    attrs = dict(re.findall(r'(data-share-\w+)="([^"]*)"', button.group(0)))
    assert attrs["data-share-url"] == handout_url(code, "ar")
    assert attrs["data-share-text"] == f"{packaged('ar', T.SEND_MESSAGE)}\n{T.SEND_MESSAGE}"
    assert attrs["data-share-title"] == f"{packaged('ar', T.SEND_TITLE)} / {T.SEND_TITLE}"


def test_the_send_page_tells_what_the_messaging_app_sees(client, default_map):
    html = client.get(f"/gesprekskit/{kit_code('ar')}/sturen/ar/").content.decode()
    assert "ziet wel dat je een bericht stuurt, en aan wie" in html
    assert 'href="/veilig-gebruik/#delen"' in html
    page = client.get("/veilig-gebruik/").content.decode()
    assert 'id="delen"' in page and "Ze weten ook aan wie." in page
    english = client.get("/en/veilig-gebruik/").content.decode()
    assert "They also know to whom." in english and "Bronwijzer does not keep the message." in english


def test_no_page_of_ours_loads_anything_from_elsewhere(client, default_map):
    """The message's links are navigations the professional chooses: no script, style or image
    from another site, and the WhatsApp link sends no referrer."""
    html = client.get(f"/gesprekskit/{kit_code('ar')}/sturen/ar/").content.decode()
    for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
        assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), tag
    assert re.search(r'href="https://wa\.me/[^"]*" rel="noreferrer noopener"', html)


def _preview(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    meta = dict(re.findall(r'<meta (?:property|name)="(og:[a-z:]+|description)" content="([^"]*)"', head))
    meta["title"] = re.search(r"<title>(.*?)</title>", head, re.S).group(1).strip()
    return {k: unescape(v) for k, v in meta.items()}


@pytest.mark.parametrize("lang", ["nl", "ar", "en"])
def test_the_handout_pages_link_preview_is_neutral_in_its_own_language(client, default_map, lang):
    html = client.get(f"/gesprekskit/{kit_code(lang)}/ouders/{lang}/").content.decode()
    preview = _preview(html)
    title = T.SEND_TITLE if lang == "nl" else packaged(lang, T.SEND_TITLE)
    description = T.SEND_DESCRIPTION if lang == "nl" else packaged(lang, T.SEND_DESCRIPTION)
    assert preview["title"] == preview["og:title"] == title
    assert preview["og:description"] == preview["description"] == description
    assert "og:image" not in html and "twitter:" not in html
    if lang in ("nl", "en"):
        assert not [v for v in preview.values() if TOPIC_WORDS.search(v)], preview
    # the page itself still says what it is about, under its neutral title
    heading = T.TITLE if lang == "nl" else packaged(lang, T.TITLE)
    assert f"<h1>{heading}</h1>" in unescape(html)


def test_composing_a_message_stores_nothing_and_sets_no_cookie(client, default_map):
    code = kit_code("ar", "de")
    before = database_digest()
    responses = [client.get(f"/gesprekskit/{code}/sturen/{lang}/") for lang in ("ar", "de", "nl")]
    responses += [client.get(f"/en/gesprekskit/{code}/sturen/ar/")]
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert not [r for r in responses if r.cookies]
    assert "no-store" in responses[0]["Cache-Control"] or "private" in responses[0]["Cache-Control"]
    assert database_digest() == before


def test_from_the_english_pages_the_same_message_goes_with_the_same_link(client, default_map):
    """The professional's interface language changes the page, not what the parent gets."""
    code = kit_code("ar")
    dutch = send_links(client.get(f"/gesprekskit/{code}/sturen/ar/").content.decode())
    html = client.get(f"/en/gesprekskit/{code}/sturen/ar/").content.decode()
    assert send_links(html) == dutch
    assert "/en/gesprekskit" not in query_value(dutch["whatsapp"], "https://wa.me/?text=")
    for english in ("Send to parent", "Send with WhatsApp", "Send as a text message", "Send as an e-mail"):
        assert english in html
    assert "does see that you send a message, and to whom" in html
    assert 'href="/en/veilig-gebruik/#delen"' in html


def test_the_handout_she_receives_has_no_link_to_the_professionals_kit(client, default_map):
    code = kit_code("ar")
    html = client.get(f"/gesprekskit/{code}/ouders/ar/").content.decode()
    assert f'href="/gesprekskit/{code}/"' not in html
    kit_page = client.get(f"/gesprekskit/{code}/").content.decode()
    assert f'href="/gesprekskit/{code}/ouders/ar/"' in kit_page  # the professional still gets there
