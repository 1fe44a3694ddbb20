"""Search in the site: one URL for words and filters, highlights, zero results that help."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from bronwijzer.catalog import services
from bronwijzer.lib.languages import language_name
from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import parse_selection
from bronwijzer.search.models import ZeroResultQuery
from bronwijzer.search.services import query_normalise, zero_result_record
from tests.support import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return services.DEFAULT_MAP_PATH


def slugs_on_page(html: str) -> list[str]:
    return re.findall(r'id="hit-([a-z0-9-]+)"', html)


def test_every_page_has_a_search_box(client, default_map):
    names = (
        "web:map",
        "web:glossary",
        "web:help",
        "web:about",
        "web:organisations",
        "web:safe_use",
        "web:accessibility",
    )
    for name in names:
        html = client.get(reverse(name)).content.decode()
        assert 'role="search"' in html and 'name="q"' in html, name


def test_the_page_shows_exactly_what_the_engine_finds_for_words_and_filters(client, default_map):
    query = {"q": ["ouders"], "language": ["en"]}
    html = client.get(reverse("web:map"), query).content.decode()
    selection, _ = parse_selection(query, strict=True)
    expected = [doc.slug for doc in resource_search(selection, "ouders").results]
    assert expected
    assert slugs_on_page(html) == expected


def test_matched_words_are_highlighted(client, default_map):
    html = client.get(reverse("web:map"), {"q": "escaperoom"}).content.decode()
    assert re.search(r"<mark>[^<]*[Ee]scape", html)


def test_filters_keep_the_search_words_and_removing_a_filter_keeps_them_too(client, default_map):
    html = client.get(reverse("web:map"), {"q": "ouders", "language": "ar"}).content.decode()
    assert '<input type="hidden" name="q" value="ouders">' in html
    assert 'href="?q=ouders"' in html  # remove the language filter, keep the words
    assert 'href="?language=ar"' in html  # remove the words, keep the filter


def test_zero_results_offer_help_lines_and_are_counted_without_anything_about_the_visitor(
    client, default_map
):
    response = client.get(reverse("web:map"), {"q": "qqqxyzzz"})
    html = response.content.decode()
    assert "Niets gevonden" in html
    assert "Helpwanted" in html and 'href="tel:' in html
    row = ZeroResultQuery.objects.get()
    assert (row.query, row.count, row.day) == ("qqqxyzzz", 1, dt.date.today())
    client.get(reverse("web:map"), {"q": "  QQQXYZZZ "})
    assert ZeroResultQuery.objects.get().count == 2
    assert not response.cookies
    assert [f.name for f in ZeroResultQuery._meta.get_fields()] == ["id", "query", "day", "count"]


def test_zero_result_queries_older_than_90_days_are_forgotten(db):
    today = dt.date(2026, 11, 24)
    zero_result_record("oud", today=today - dt.timedelta(days=91))
    zero_result_record("recent", today=today - dt.timedelta(days=90))
    zero_result_record("nieuw", today=today)
    assert set(ZeroResultQuery.objects.values_list("query", flat=True)) == {"recent", "nieuw"}


def test_new_zero_result_rows_stop_at_the_daily_limit_and_known_ones_keep_counting(
    client, default_map, settings
):
    """One client sending random words wrote ~34 rows a second (issue 14)."""
    settings.ZERO_RESULT_DAILY_LIMIT = 5
    for n in range(12):
        assert client.get(reverse("web:map"), {"q": f"qqqxyzzz{n}"}).status_code == 200
    assert ZeroResultQuery.objects.count() == 5
    client.get(reverse("web:map"), {"q": "qqqxyzzz0"})
    assert ZeroResultQuery.objects.get(query="qqqxyzzz0").count == 2, (
        "a query already counted today still counts"
    )
    zero_result_record("morgen", today=dt.date.today() + dt.timedelta(days=1))
    assert ZeroResultQuery.objects.filter(query="morgen").exists(), "a new day has room again"


def test_what_could_identify_someone_is_blanked_from_counted_queries():
    assert query_normalise("Mail jan@example.nl of 06-12345678") == "mail [e-mail] of [nummer]"


def test_zero_result_queries_are_listed_for_editors(client, admin_user, default_map):
    zero_result_record("weerbaarheidstrainng")
    client.force_login(admin_user)
    html = client.get(reverse("admin:search_zeroresultquery_changelist")).content.decode()
    assert "weerbaarheidstrainng" in html


def test_publishing_shows_up_in_search_at_once(client, default_map):
    from bronwijzer.catalog import services
    from bronwijzer.catalog.models import Resource

    resource = Resource.objects.get(title="Het stopt bij jou!")
    services.resource_unpublish(resource)
    assert "escaperoom-het-stopt-bij-jou" not in slugs_on_page(
        client.get(reverse("web:map"), {"q": "escaperoom"}).content.decode()
    )
    content.resource_publish(resource)
    assert "escaperoom-het-stopt-bij-jou" in slugs_on_page(
        client.get(reverse("web:map"), {"q": "escaperoom"}).content.decode()
    )


def test_the_map_links_its_json_twin(client, default_map):
    html = client.get(reverse("web:map"), {"language": "ar"}).content.decode()
    assert 'rel="alternate" type="application/json" href="/api/v1/resources?language=ar"' in html


def test_glossary_terms_that_match_are_shown_with_their_definition(client, default_map):
    from bronwijzer.catalog.models import GlossaryTerm

    term = GlossaryTerm.objects.get(slug="doxing")
    html = client.get(reverse("web:map"), {"q": "doxing"}).content.decode()
    assert "Uit de begrippenlijst" in html
    assert f'href="{term.get_absolute_url()}"' in html


#: Dutch language names with their codes, to find one the map has no material in.
LANGUAGE_NAMES = {
    "pools": "pl",
    "oekraïens": "uk",
    "somalisch": "so",
    "duits": "de",
    "spaans": "es",
    "russisch": "ru",
}


def a_language_without_material() -> tuple[str, str]:
    for name, code in LANGUAGE_NAMES.items():
        if not resource_search(parse_selection({"language": [code]}, strict=True)[0]).count:
            return name, code
    raise AssertionError("the map has material in every language of the list")


def test_a_language_nothing_is_in_is_said_plainly_with_what_there_is_instead(client, default_map):
    name, code = a_language_without_material()
    html = client.get(reverse("web:map"), {"q": name}).content.decode()
    assert f"Er is nog geen materiaal in het {language_name(code, 'nl')}." in html
    assert "Bedoelde je" not in html  # a language name is a word, never a typo ("pools" is not "tools")
    english = resource_search(parse_selection({"language": ["en"]}, strict=True)[0]).results
    assert english and 'href="/?language=en"' in html  # the languages there are
    subtitled = [
        doc
        for doc in resource_search(parse_selection({}, strict=True)[0]).results
        if any("ondertiteling" in modes for modes in doc.language_modes.values())
    ]
    assert subtitled
    for doc in subtitled:
        assert reverse("web:resource", args=[doc.slug]) in html


def test_a_language_the_results_are_in_gets_no_notice(client, default_map):
    html = client.get(reverse("web:map"), {"q": "turkse moeder"}).content.decode()
    assert "Er is nog geen materiaal" not in html and "Geen bron met deze woorden" not in html
    found = resource_search(parse_selection({}, strict=True)[0], "turkse moeder").results
    assert found and all("tr" in doc.languages for doc in found)
    assert slugs_on_page(html) == [doc.slug for doc in found]


def test_the_english_site_names_the_language_in_english(client, default_map):
    name, code = a_language_without_material()
    html = client.get("/en/", {"q": name}).content.decode()
    assert f"There is no material in {language_name(code, 'en')} yet." in html


def test_words_found_only_through_related_words_are_said_so_and_never_marked(client, default_map):
    html = client.get(reverse("web:map"), {"q": "sextortion"}).content.decode()
    assert "Geen bron noemt “sextortion”" in html
    assert slugs_on_page(html)[0] == "helpwanted"
    assert "<mark>" not in html.split('<ol class="ranked">')[1]  # "hulp" is related, never typed


def test_only_the_typed_words_are_marked_not_their_synonyms(client, default_map):
    html = client.get(reverse("web:map"), {"q": "moeder"}).content.decode()  # finds "ouders" (synonym)
    ranked = html.split('<ol class="ranked">')[1]
    assert slugs_on_page(html) and "<mark>" not in ranked
    page = client.get(reverse("web:map"), {"q": "ouders"}).content.decode()
    marks = re.findall(r"<mark>([^<]*)</mark>", page)
    assert marks and all(m.lower().startswith("ouder") for m in marks)


def test_a_word_no_material_has_is_named_above_the_results_for_the_other_words(client, default_map):
    html = client.get(reverse("web:map"), {"q": "ouderavond organiseren"}).content.decode()
    assert "Niets gevonden voor “organiseren”" in html
    assert "kpn-ouderavond-sexting" in slugs_on_page(html)
