"""/over/ gives the source's whole colophon; resource pages mark descriptive titles and name authors."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse

from bronwijzer.catalog.models import Map, Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def page_text(response) -> str:
    """The visible text of a page, one space between words."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_about_page_shows_every_line_of_the_colophon_as_printed(client, default_map):
    colophon = Map.objects.get().colophon
    assert len(colophon) >= 13
    text = page_text(client.get(reverse("web:about")))
    for line in colophon:
        expected = f"{line['label']}: {line['value']}" if line["label"] else line["value"]
        assert expected in text, expected
    for fact in (
        "Ontwerp & illustraties: Suggestie & illusie",
        "Churchilllaan 11, 3527 GV Utrecht",
        "030 789 2000",
    ):
        assert fact in text


def test_the_english_about_page_gives_english_labels_and_the_lines_as_printed(client, default_map):
    response = client.get("/en/over/")
    assert response.status_code == 200
    text = page_text(response)
    for line in Map.objects.get().colophon:
        assert f"{line['label_en']}: {line['value']}" in text, line
    assert "The source's colophon" in text
    # the printed values are Dutch: marked as such for screen readers and translators
    assert '<span lang="nl">Gedeeltelijke overname van teksten is toegestaan' in response.content.decode()


def test_a_descriptive_title_is_marked_on_the_resource_page_and_on_the_map(client, default_map):
    own = Resource.objects.filter(title_descriptive=False).first()
    described = Resource.objects.filter(title_descriptive=True).first()
    assert own and described
    assert "(beschrijvende titel)" in page_text(client.get(described.get_absolute_url()))
    assert "(beschrijvende titel)" not in page_text(client.get(own.get_absolute_url()))
    map_text = page_text(client.get(reverse("web:map")))
    assert f"{described.title} (beschrijvende titel)" in map_text
    assert "(descriptive title)" in page_text(client.get("/en" + described.get_absolute_url()))


def test_a_resource_page_names_its_authors_apart_from_its_organisations(client, default_map):
    book = Resource.objects.get(slug="help-ik-sta-online")
    text = page_text(client.get(book.get_absolute_url()))
    assert "Auteur: Francien Regelink" in text
    assert "Van Francien Regelink" not in text
    assert "Author: Francien Regelink" in page_text(client.get("/en" + book.get_absolute_url()))
