"""The help lines as the help page lists them: what the call costs, who a line is for, what is anonymous.

Issue 13: a 0900 number was printed as "gratis", De Kindertelefoon's ages were missing, Veilig
Thuis said "Je hoeft je naam niet te noemen", and the English said "press charges" for
*aangifte* and "anonymous possible". The callout at the top must state the rule on keeping
images exactly: an offence only when the person shown was under 18.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import services
from bronwijzer.catalog.models import HelpLine
from bronwijzer.lib.phone import is_service_rate
from tests.support.offence_claims import unqualified_offence_claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return services.DEFAULT_MAP_PATH


FREE = {"nl": "gratis", "en": "free"}
CALL_COST = {"nl": "bellen kan geld kosten (0900-nummer)", "en": "calls may cost money (0900 number)"}
KINDERTELEFOON_AGES = {"nl": "8–18 jaar", "en": "ages 8–18"}


def text_of(html: str) -> str:
    html = re.sub(r"(?i)</(p|li|h[1-6]|span)>", "\n", html)
    return re.sub(r"[ \t]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def help_page(client, lang: str) -> str:
    with translation.override(lang):
        path = reverse("web:help")
    return client.get(path).content.decode()


def article(html: str, slug: str) -> str:
    start = html.index(f'<article class="helpline" aria-labelledby="hl-{slug}">')
    return html[start : html.index("</article>", start)]


def tags(card: str) -> list[str]:
    return [unescape(t).strip() for t in re.findall(r'<span class="tag">(.*?)</span>', card, re.S)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_free_only_beside_a_line_whose_call_is_free_and_the_cost_beside_a_0900_number(
    client, default_map, lang
):
    html = help_page(client, lang)
    service_rate = [line for line in HelpLine.objects.all() if is_service_rate(line.phone)]
    assert {line.slug for line in service_rate} >= {"slachtofferhulp-nederland", "politie"}
    for line in HelpLine.objects.all():
        card = article(html, line.slug)
        assert (FREE[lang] in tags(card)) == line.free_to_call, line.slug
        assert (CALL_COST[lang] in tags(card)) == is_service_rate(line.phone), line.slug
    for line in service_rate:
        card = text_of(article(html, line.slug))
        # the help may be called free in prose, but only in a sentence that says the call may cost
        for sentence in re.split(r"(?<=[.!?])\s+|\n", card):
            if re.search(r"\bgratis\b|\bfree\b", sentence, re.I):
                assert re.search(r"kost|cost", sentence, re.I), (line.slug, sentence)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_de_kindertelefoon_shows_its_ages(client, default_map, lang):
    html = help_page(client, lang)
    assert KINDERTELEFOON_AGES[lang] in tags(article(html, "de-kindertelefoon"))
    assert not [t for t in tags(article(html, "helpwanted")) if re.search(r"\d", t)]  # no age invented


@pytest.mark.parametrize(
    ("lang", "says"),
    [("nl", "zonder de naam van het gezin"), ("en", "without naming the family")],
)
def test_veilig_thuis_says_who_may_stay_unnamed(client, default_map, lang, says):
    card = text_of(article(help_page(client, lang), "veilig-thuis"))
    assert says in card
    assert "Je hoeft je naam niet te noemen" not in card and "You do not have to give your name" not in card


def test_the_english_help_page_says_what_aangifte_and_anonymous_mean(client, default_map):
    text = text_of(help_page(client, "en"))
    assert "file a police report" in text and "can be anonymous" in text
    for wrong in ("press charges", "pressing charges", "anonymous possible"):
        assert wrong not in text.lower(), wrong


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_callout_states_the_rule_on_keeping_images_with_the_age(client, default_map, lang):
    html = help_page(client, lang)
    callout = text_of(
        html[html.index('<div class="callout"') : html.index("</div>", html.index('<div class="callout"'))]
    )
    assert unqualified_offence_claims(callout) == []
    assert ("jonger dan 18" if lang == "nl" else "under 18") in callout
    assert ("ook niet als bewijs" if lang == "nl" else "not even as evidence") in callout
    assert "dat is zelf strafbaar" not in callout and "an offence in itself" not in callout


def test_the_api_says_whether_the_call_is_free_and_for_which_ages(client, default_map):
    body = client.get("/api/v1/helplines").json()
    lines = {line["slug"]: line for line in body["results"]}
    victims = lines["slachtofferhulp-nederland"]
    assert victims["free"] is True  # the help is free (urls.md) ...
    assert victims["free_to_call"] is False and victims["service_rate"] is True  # ... the 0900 call is not
    assert lines["de-kindertelefoon"]["free_to_call"] is True
    assert (lines["de-kindertelefoon"]["age_min"], lines["de-kindertelefoon"]["age_max"]) == (8, 18)
    for slug, line in lines.items():
        model = HelpLine.objects.get(slug=slug)
        assert line["free_to_call"] == model.free_to_call and line["service_rate"] == is_service_rate(
            model.phone
        )
        assert not (line["free_to_call"] and line["service_rate"]), slug
