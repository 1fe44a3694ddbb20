"""What the site says about itself: the accessibility statement and the privacy line in the footer."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.web.views import ACCESSIBILITY_STATEMENT_DATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("name", ["web:map", "web:safe_use", "web:help", "kit:start", "incident:route"])
def test_every_page_links_to_the_statement_and_says_what_the_log_leaves_out(client, default_map, name):
    html = client.get(reverse(name)).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("web:accessibility")}"' in footer
    assert "komt niet in het logboek van de server" in text_of(footer)
    assert "bewaart niet wat je zoekt" not in html  # untrue: searches that find nothing are counted


def test_the_statement_names_the_standard_the_tests_the_gaps_the_date_and_a_contact_route(
    client, default_map
):
    response = client.get(reverse("web:accessibility"))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    for fact in ("WCAG 2.1 op niveau AA", "EN 301 549", "axe-core", "Chromium", "320 pixels", "PDF/UA"):
        assert fact in text, fact
    assert f"Deze verklaring is gemaakt op {ACCESSIBILITY_STATEMENT_DATE.day} december 2026." in text
    assert "Er is nog geen apart e-mailadres of telefoonnummer" in text


def test_the_report_form_offers_the_choice_the_statement_tells_people_to_tick(client, default_map):
    statement = text_of(client.get(reverse("web:accessibility")).content.decode())
    choice = re.search(r"Kruis aan: '([^']+)'", statement).group(1)
    form = text_of(client.get(reverse("reports:report", args=["mediagesprek"])).content.decode())
    assert choice in form


def test_the_statement_is_in_english_under_en(client, default_map):
    with translation.override("en"):
        path = reverse("web:accessibility")
    assert path == "/en/toegankelijkheid/"
    text = text_of(client.get(path).content.decode())
    assert "Accessibility" in text and "WCAG 2.1 at level AA" in text
    assert "This statement was made on 3 December 2026." in text
    assert "Toegankelijkheid" not in text and "Meld een fout" not in text
