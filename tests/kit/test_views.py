"""The kit builder end to end through the test client: answers in, kit out, edits as links,
nothing stored, nothing in a cookie, and a link preview that says nothing about the topic."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from bronwijzer.catalog import services
from bronwijzer.kit.codec import Kit, kit_decode, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.shortlinks import slug_code as key_param
from tests.support.database import database_digest
from tests.support.html import LanguageRuns

TOPIC_WORDS = re.compile(r"sext|nude|naakt|misbruik|abuse|seks|porn|incident|extort|afpers", re.IGNORECASE)


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return services.DEFAULT_MAP_PATH


def _code(location: str) -> str:
    return urlsplit(location).path.strip("/").split("/")[1]


def _titles(html: str) -> list[str]:
    pattern = r'class="kit-item__title"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)<'
    return [unescape(t) for t in re.findall(pattern, html)]


def test_the_whole_flow_writes_nothing_and_sets_no_cookie(client, default_map):
    before = database_digest()
    responses = [client.get("/gesprekskit/")]
    answer = client.get("/gesprekskit/voorstel/", {"who": "ouders", "lang": ["tr", "nl"], "age": "12"})
    responses.append(answer)
    code = _code(answer["Location"])
    kit = kit_decode(code)
    first = kit.keys[0]
    for path in (
        f"/gesprekskit/{code}/",
        f"/gesprekskit/{code}/?q=podcast",
        f"/gesprekskit/{code}/?down={key_param_of(first)}",
        f"/gesprekskit/{code}/ouders/tr/",
        f"/gesprekskit/{code}/ouders/tr.pdf",
        f"/gesprekskit/{code}/voorbereiding/",
        f"/gesprekskit/{code}/voorbereiding.pdf",
        f"/gesprekskit/toevoegen/helpwanted/?kit={code}",
        f"/?kit={code}",
        "/er-is-iets-gebeurd/",
    ):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        responses.append(response)
    assert [r for r in responses if r.cookies] == []
    assert client.cookies == {} or not client.cookies
    assert database_digest() == before


def key_param_of(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=").lower()


def test_the_same_link_gives_the_same_kit_to_anyone(client, default_map, django_user_model):
    from django.test import Client

    code = _code(
        client.get("/gesprekskit/voorstel/", {"who": "ouder", "lang": "ar", "age": "14"})["Location"]
    )
    mine = _titles(client.get(f"/gesprekskit/{code}/").content.decode())
    theirs = _titles(Client().get(f"/gesprekskit/{code}/").content.decode())
    assert mine and mine == theirs


def test_a_kit_link_preview_says_nothing_about_the_topic(client, default_map):
    code = _code(
        client.get("/gesprekskit/voorstel/", {"who": "ouder", "lang": "ar", "situation": "incident"})[
            "Location"
        ]
    )
    for path in (f"/gesprekskit/{code}/", "/gesprekskit/", f"/en/gesprekskit/{code}/"):
        html = client.get(path).content.decode()
        head = html.split("</head>")[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
        previews = re.findall(r'<meta (?:property|name)="(?:og:[a-z]+|description)" content="([^"]*)"', head)
        assert previews, path
        for text in [title, *previews]:
            assert not TOPIC_WORDS.search(text), f"{path}: {text!r}"
        assert not TOPIC_WORDS.search(code)
        assert "data-quick-exit" in html  # and the page it opens has the quick exit


def test_editing_a_kit_is_a_link_that_redirects_to_the_new_kit(client, default_map):
    slugs = ["mediagesprek", "mediadiamant", "zanzu-alles-over-seks"]
    kit = Kit(KitOptions(who="ouder"), tuple(resource_key(s) for s in slugs))
    code = kit_encode(kit)

    def after(query: str) -> list[bytes]:
        response = client.get(f"/gesprekskit/{code}/?{query}")
        assert response.status_code == 302
        return list(kit_decode(_code(response["Location"])).keys)

    keys = [resource_key(s) for s in slugs]
    assert after(f"up={key_param('mediadiamant')}") == [keys[1], keys[0], keys[2]]
    assert after(f"down={key_param('mediagesprek')}") == [keys[1], keys[0], keys[2]]
    assert after(f"up={key_param('mediagesprek')}") == keys  # already first
    assert after(f"remove={key_param('mediadiamant')}") == [keys[0], keys[2]]
    assert after(f"add={key_param('helpwanted')}") == [*keys, resource_key("helpwanted")]
    assert after(f"add={key_param('mediagesprek')}") == keys  # already in it
    assert client.get(f"/gesprekskit/{code}/?remove={key_param('helpwanted')}").status_code == 404
    assert client.get(f"/gesprekskit/{code}/?add=zzzzzzz").status_code == 404


def test_add_from_a_resource_page_starts_a_kit_or_fills_the_one_in_the_link(client, default_map):
    page = client.get("/bron/mediagesprek/").content.decode()
    assert 'href="/gesprekskit/toevoegen/mediagesprek/"' in page
    new = client.get("/gesprekskit/toevoegen/mediagesprek/")
    code = _code(new["Location"])
    assert kit_decode(code).keys == (resource_key("mediagesprek"),)
    map_page = client.get(f"/?kit={code}").content.decode()
    assert f'href="/gesprekskit/toevoegen/mediadiamant/?kit={code}"' in map_page
    assert f'name="kit" value="{code}"' in map_page  # the search and filter forms carry it
    assert f'href="/gesprekskit/{code}/"' in map_page  # and a way back
    filtered = client.get("/", {"kit": code, "language": "ar"}).content.decode()
    assert re.search(rf'href="\?[^"]*kit={code}"', filtered)  # the filter chips keep it
    added = client.get(f"/gesprekskit/toevoegen/mediadiamant/?kit={code}")
    assert kit_decode(_code(added["Location"])).keys == (
        resource_key("mediagesprek"),
        resource_key("mediadiamant"),
    )
    assert client.get("/gesprekskit/toevoegen/bestaat-niet/").status_code == 404


def test_the_kit_page_offers_the_handouts_the_sheet_the_link_and_its_qr_code(client, default_map):
    code = _code(client.get("/gesprekskit/voorstel/", {"who": "groep", "lang": ["ar", "tr"]})["Location"])
    html = client.get(f"/gesprekskit/{code}/").content.decode()
    for lang in ("nl", "en", "ar", "tr", "fr", "pl", "uk"):
        assert f"/gesprekskit/{code}/ouders/{lang}.pdf" in html
    assert html.index("/ouders/ar/") < html.index("/ouders/nl/")  # the parent's language first
    assert "Presentatieblad voor de ouderavond" in html
    assert f'value="http://testserver/gesprekskit/{code}/"' in html
    assert '<svg role="img" aria-label="QR-code van de link naar deze gesprekskit"' in html
    presenter = client.get(f"/gesprekskit/{code}/voorbereiding/").content.decode()
    assert "Materiaal voor de ouderavond" in presenter and presenter.count('class="presenter-item"') >= 1


def test_the_preparation_sheet_explains_each_choice_terms_help_lines_and_the_guide(client, default_map):
    slugs = ["mediagesprek", "mediawijsheid-sexting-misbruik", "chris-en-voorkom-workshops"]
    kit = Kit(KitOptions(who="ouder", languages=("tr",), age=10), tuple(resource_key(s) for s in slugs))
    html = unescape(client.get(f"/gesprekskit/{kit_encode(kit)}/voorbereiding/").content.decode())
    assert "In het Turks (volledige tekst)" in html
    assert "Niet in het Turks; alleen in: Nederlands" in html  # the explicit one
    assert "Geen link bekend." in html  # Het Mediagesprek: no address known
    assert "Kan voor sommige ouders te expliciet zijn" in html
    assert "Voor 12–18 jaar, niet voor 10 jaar" in html
    assert "Begrippen om uit te leggen" in html and "Sexting misbruik" in html
    assert "Helpwanted" in html and "020-261 52 75" in html
    assert re.search(r"0800-0432 <span class=\"url\">[^<]+</span> \(8–18 jaar\)", html)  # the line's ages
    assert "Lees vooraf: “Brochure ‘Praten over sexting misbruik’”" in html or "Lees vooraf:" in html
    assert "kis.nl" in html  # where the KIS brochure is


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"who": "buurman"}, "who"),
        ({"lang": "xx"}, "lang"),
        ({"lang": ["nl", "en", "ar", "tr", "fr"]}, "lang"),
        ({"age": "-1"}, "age"),
        ({"age": "veertien"}, "age"),
        ({"situation": "later"}, "situation"),
        ({"context": "boeddhistisch"}, "context"),
        ({"kit": "!!!!!!!!"}, "kit"),
    ],
)
def test_bad_answers_are_shown_back_at_the_question_they_belong_to(client, default_map, query, field):
    response = client.get("/gesprekskit/voorstel/", query)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode() or field == "kit"
    assert response.context["form"].errors.get(field)


@pytest.mark.parametrize("path", ["/gesprekskit/AAAAAAAAAAAA/", "/gesprekskit/AgAAAAAAAAA/ouders/nl/"])
def test_a_damaged_kit_link_is_not_found(client, default_map, path):
    assert client.get(path).status_code == 404


def test_a_kit_lists_what_left_the_map_as_missing(client, default_map):
    kit = Kit(KitOptions(), (resource_key("mediagesprek"), resource_key("weg-van-de-kaart")))
    html = client.get(f"/gesprekskit/{kit_encode(kit)}/").content.decode()
    assert "1 bron uit deze link staat niet meer op de kaart" in html
    assert _titles(html) == ["Het Mediagesprek"]


def test_keeping_the_selection_when_the_answers_change(client, default_map):
    kit = Kit(KitOptions(who="ouder"), (resource_key("mediadiamant"),))
    code = kit_encode(kit)
    start = client.get("/gesprekskit/", {"kit": code}).content.decode()
    assert f'value="{code}"' in start and 'name="keep"' in start
    kept = client.get("/gesprekskit/voorstel/", {"kit": code, "keep": "on", "who": "ouders", "lang": "pl"})
    new = kit_decode(_code(kept["Location"]))
    assert new.keys == kit.keys and new.options.languages == ("pl",)
    fresh = client.get("/gesprekskit/voorstel/", {"kit": code, "who": "ouders", "lang": "ar"})
    assert kit_decode(_code(fresh["Location"])).keys != kit.keys
    assert parse_qs("") == {}


def test_every_name_of_a_handout_language_in_its_own_script_is_marked_as_that_language(client, default_map):
    """Also the names only screen readers get (after "PDF", "bekijken en printen"), in Dutch and English:
    a screen reader reads them in that language (WCAG 3.1.2), and a browser picks its font by it."""
    answers = {"who": "ouder", "lang": ["ti", "ar"], "age": "14"}
    code = _code(client.get("/gesprekskit/voorstel/", answers)["Location"])
    for prefix in ("", "/en"):
        parser = LanguageRuns()
        parser.feed(client.get(f"{prefix}/gesprekskit/{code}/").content.decode())
        for lang, own in (("ti", "ትግርኛ"), ("ar", "العربية")):
            runs = [run_lang for text, run_lang in parser.runs if own in text]
            assert len(runs) >= 4, (prefix, own, runs)  # named, and after each of its links
            assert set(runs) == {lang}, (prefix, own, runs)
