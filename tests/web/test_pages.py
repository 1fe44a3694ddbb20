"""The public pages, through Django's test client against the real default map."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from bronwijzer.catalog import services
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Organisation, Resource, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return services.DEFAULT_MAP_PATH


PAGE_NAMES = [
    "web:map",
    "web:organisations",
    "web:glossary",
    "web:help",
    "web:about",
    "web:safe_use",
    "web:accessibility",
]


def result_count(html: str) -> int:
    match = re.search(r"(\d+) (?:van|of) (\d+) (?:bronnen|resources)", html)
    assert match, "the result count is missing"
    return int(match.group(1))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_answers_without_setting_a_cookie(client, default_map, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert not response.cookies, f"{name} set {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers


def test_every_page_has_the_quick_exit_first_after_the_skip_link(client, default_map, settings):
    settings.QUICK_EXIT_URL = "https://neutral.example/"
    for name in PAGE_NAMES:
        html = client.get(reverse(name)).content.decode()
        skip = html.index('class="skip-link"')
        exit_link = html.index('href="https://neutral.example/" class="quick-exit__button"')
        assert skip < exit_link < html.index("<main"), name


def test_the_quick_exit_script_takes_its_words_from_the_page_in_its_language(client, default_map):
    """gettext is the one mechanism for interface text: the script holds no Dutch and no English."""
    dutch = client.get(reverse("web:help")).content.decode()
    assert 'data-quick-exit-leaving="Pagina wordt verlaten"' in dutch
    assert 'data-quick-exit-count="Shift {n} van {total} keer ingedrukt"' in dutch
    english = client.get("/en" + reverse("web:help")).content.decode()
    assert 'data-quick-exit-leaving="Leaving page"' in english
    assert 'data-quick-exit-count="Shift pressed {n} of {total} times"' in english
    with open(finders.find("web/quick-exit.js"), encoding="utf-8") as script:
        code = script.read()
    words = ("Pagina wordt verlaten", "keer ingedrukt", "Leaving page", '"Shift ', "documentElement.lang")
    for text in words:
        assert text not in code, text


def test_the_map_lists_sections_in_printed_order_with_their_questions(client, default_map):
    html = client.get(reverse("web:map")).content.decode()
    positions = [html.index(f'id="s-{s.slug}"') for s in Section.objects.filter(parent__isnull=True)]
    assert positions == sorted(positions)
    first = Section.objects.first()
    assert escape(first.question) in html
    assert result_count(html) == Resource.objects.published().count() == 43


def test_a_resource_in_two_sections_is_shown_in_both(client, default_map):
    twice = next(r for r in Resource.objects.published() if len(r.sections) > 1)
    html = client.get(reverse("web:map")).content.decode()
    assert html.count(reverse("web:resource", args=[twice.slug])) == len(twice.sections)


def test_filters_combine_or_within_and_across_facets(client, default_map):
    def count(query):
        return result_count(client.get(reverse("web:map") + query).content.decode())

    arabic = count("?language=ar")
    english = count("?language=en")
    either = count("?language=ar&language=en")
    expected_either = sum(1 for r in Resource.objects.published() if {"ar", "en"} & set(r.languages))
    assert either == expected_either >= max(arabic, english)
    both = count("?language=en&audience=ouders")
    expected = sum(1 for r in Resource.objects.published() if "en" in r.languages and "ouders" in r.audiences)
    assert both == expected <= english


def test_active_filters_are_listed_with_links_that_remove_them(client, default_map):
    html = client.get(reverse("web:map") + "?language=ar&theme=preventie").content.decode()
    assert 'href="?theme=preventie"' in html  # removing language=ar keeps the theme
    assert 'href="?language=ar"' in html


def test_unknown_filter_values_are_ignored_and_said_so(client, default_map):
    response = client.get(reverse("web:map") + "?theme=bestaat-niet")
    assert response.status_code == 200
    html = response.content.decode()
    assert "theme=bestaat-niet" in html
    assert result_count(html) == 43


def test_facet_counts_show_what_choosing_a_value_gives(client, default_map):
    html = client.get(reverse("web:map") + "?language=ar").content.decode()
    # the language facet still offers Dutch with the count it would give on its own
    dutch = sum(1 for r in Resource.objects.published() if "nl" in r.languages)
    assert re.search(
        rf'id="f-language-nl"[^>]*>\s*<label[^>]*>Nederlands <span class="count">\({dutch}\)', html
    )


def test_the_resource_page_shows_the_facts(client, default_map):
    room = Resource.objects.get(title="Het stopt bij jou!")
    html = client.get(room.get_absolute_url()).content.decode()
    assert "11–17 jaar" in html
    assert room.url in html
    assert "WISEducatie" in html
    assert "goed onderbouwd" in html


def test_a_long_word_in_a_heading_may_break_where_dutch_breaks_it_and_nowhere_else(client, default_map):
    """Soft hyphens (lib/hyphens.py) in the h1 of a resource and an organisation; the page title, the
    breadcrumb and the English page's Dutch title keep the word whole."""
    resource = Resource.objects.get(slug="levensbeschouwelijke-competenties-hulpverlening")
    for prefix in ("", "/en"):
        html = client.get(prefix + resource.get_absolute_url()).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", html, re.S)[1]
        assert "Levens\xadbe\xadschou\xadwing" in heading
        assert heading.replace("\xad", "").endswith(escape(resource.title) + ("</span>" if prefix else ""))
        assert f"<title>{escape(resource.title)}" in html and html.count("\xad") == heading.count("\xad")
    organisation = Organisation.objects.get(slug="fonds-slachtofferhulp")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "\xad" in re.search(r"<h1>(.*?)</h1>", html, re.S)[1]


def test_cards_name_the_cost_only_when_it_is_known(client, default_map):
    html = client.get("/").content.decode()
    cards = re.findall(r'<article class="card".*?href="/bron/([^/]+)/"(.*?)</article>', html, re.S)
    known = {r.slug: r.cost for r in Resource.objects.published()}
    assert {"free", "unknown"} <= set(known.values())
    assert cards
    for slug, card in cards:
        assert ("<dt>Kosten</dt>" in card) == (known[slug] != "unknown"), slug
    assert (
        "Kosten onbekend"
        in client.get(Resource.objects.filter(cost="unknown").first().get_absolute_url()).content.decode()
    )


def test_glossary_terms_in_a_summary_link_to_their_definition(client, default_map):
    term = GlossaryTerm.objects.get(slug="sexting-misbruik")
    resource = next(r for r in Resource.objects.published() if "sexting misbruik" in r.summary.lower())
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{reverse("web:glossary")}#{term.slug}" class="term"' in html


def test_an_unverified_link_says_so(client, default_map):
    resource = Resource.objects.filter(url_verified=False).exclude(url__isnull=True).first()
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "nog niet bevestigd" in html


def test_drafts_are_hidden_from_visitors_and_previewed_for_staff(client, default_map, admin_user):
    resource = Resource.objects.published().first()
    services.resource_unpublish(resource)
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert resource.title not in client.get(reverse("web:map")).content.decode()
    client.force_login(admin_user)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert "Concept" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_help_page_lists_every_help_line_with_tel_links(client, default_map):
    html = client.get(reverse("web:help")).content.decode()
    for line in HelpLine.objects.exclude(phone=""):
        digits = re.sub(r"[^\d+]", "", line.phone)
        assert f'href="tel:{digits}"' in html, line.name


def test_organisation_page_lists_its_published_material(client, default_map):
    org = Organisation.objects.get(name="Halt")
    html = client.get(org.get_absolute_url()).content.decode()
    for resource in Resource.objects.published():
        if org.slug in resource.organisations:
            assert resource.title in html


def test_english_pages_use_english_content_and_link_back_to_dutch(client, default_map):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Overview map of sexting abuse" in html
    assert 'hreflang="nl"' in html and 'href="/"' in html
    assert not response.cookies


def test_unknown_pages_give_a_404_in_the_site_style(client, default_map):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404


def test_the_site_icon_is_at_the_root_where_browsers_look(client, default_map, settings):
    page = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert href.startswith(settings.STATIC_URL) and href.endswith(".svg")
    assert finders.find("web/favicon.svg")  # a static file: the offline site carries it too
    icon = client.get("/favicon.ico")  # what a browser asks for on pages without the link
    assert icon.status_code == 200 and b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"
