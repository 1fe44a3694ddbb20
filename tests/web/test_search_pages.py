"""Search in the site: one URL for words and filters, highlights, zero results that help."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import parse_selection
from bronwijzer.search.models import ZeroResultQuery
from bronwijzer.search.services import query_normalise, zero_result_record

pytestmark = pytest.mark.django_db


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
    services.resource_publish(resource)
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
