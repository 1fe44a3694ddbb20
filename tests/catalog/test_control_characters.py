"""Control characters are refused in map files (naming entry and field) and in the admin (naming it)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from bronwijzer.catalog import services
from bronwijzer.catalog.models import GlossaryTerm, Resource
from tests.catalog.badfiles import label, refused, write_doc
from tests.catalog.support import form_data
from tests.catalog.test_publishing import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "number", "field", "value", "complaint"),
    [
        ("resources", 3, "title", "Titel\x1b[0m", "contains a control character (U+001B ESCAPE)"),
        ("resources", 3, "summary", "Regel een\x00", "contains a control character (U+0000 NUL)"),
        ("resources", 3, "languages_note", "Ook\tin tabellen", "(U+0009 TAB); a one-line text allows none"),
        ("glossary", 2, "definition", "Uitleg\x0bmidden", "only tab and newline are allowed"),
        ("organisations", 1, "name", "Naam\x07", "contains a control character (U+0007 BEL)"),
        ("helplines", 1, "note", "Open\nook 's nachts", "(U+000A LINE FEED); a one-line text allows none"),
    ],
)
def test_a_map_file_with_a_control_character_is_refused_naming_entry_and_field(
    loaded, doc, tmp_path, key, number, field, value, complaint
):
    doc[key][number - 1][field] = value
    refused(write_doc(tmp_path, doc, "json"), f"{label(doc, key, number)}, field '{field}': ", complaint)


def test_a_map_file_keeps_newlines_tabs_and_zero_width_characters_in_texts(loaded, doc, tmp_path):
    doc["resources"][2]["summary"] = "Eerste regel.\nTweede\tregel."
    doc["resources"][2]["title"] = "Titel met zero\u200bwidth"
    call_command("loadmap", str(write_doc(tmp_path, doc, "json")))
    stored = Resource.objects.get(slug=doc["resources"][2]["slug"])
    assert stored.summary == "Eerste regel.\nTweede\tregel."
    assert stored.title == "Titel met zero\u200bwidth"


def _change(client, obj, **changes):
    url = reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])
    return client.post(url, form_data(client.get(url).context["adminform"].form) | changes)


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("title", "Titel\x1b[31m", "Titel"),
        ("summary", "Tekst\x00", "Beschrijving"),
        ("languages_note", "Twee\nregels", "Toelichting bij de talen"),
        ("languages", "nl, \x1bar", "Talen"),
    ],
)
def test_the_admin_refuses_a_control_character_naming_the_field(default_map, field, value, label):
    eva = login("eva", "editor")
    draft = Resource.objects.get(slug="mediagesprek")
    Resource.objects.filter(pk=draft.pk).update(status="draft")
    response = _change(eva, Resource.objects.get(pk=draft.pk), **{field: value})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(f"“{label}” bevat een onzichtbaar stuurteken" in error for error in errors), errors
    assert "\x1b" not in Resource.objects.get(pk=draft.pk).title


def test_the_admin_accepts_a_multi_line_text_with_newlines_and_tabs(default_map, admin_user, client):
    client.force_login(admin_user)
    term = GlossaryTerm.objects.first()
    definition = "Eerste regel.\r\nTweede regel,\tmet een tab.\r\n\r\nEen nieuwe alinea met zero\u200bwidth."
    response = _change(client, term, definition=definition)
    assert response.status_code == 302, response.context["adminform"].form.errors
    term.refresh_from_db()
    assert "Tweede regel,\tmet een tab." in term.definition and "\u200b" in term.definition


def test_stored_text_with_a_control_character_still_renders(default_map, admin_user, client):
    term = GlossaryTerm.objects.first()
    GlossaryTerm.objects.filter(pk=term.pk).update(definition="Oud\x1bopgeslagen")
    Resource.objects.filter(slug="mediagesprek").update(title="Het\tMediagesprek", summary="Oud\x07")
    client.force_login(admin_user)
    url = reverse("admin:catalog_glossaryterm_change", args=[term.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("web:glossary")).status_code == 200
    assert "Oud\\u001bopgeslagen" in services.map_export("json"), "dumpmap writes what is stored"
    api = client.get("/api/v1/resources", {"q": "Mediagesprek"})
    assert api.status_code == 200 and "Het\\tMediagesprek" in api.content.decode()
    response = _change(client, GlossaryTerm.objects.get(pk=term.pk))
    assert response.status_code == 200, "saving it unchanged asks to remove the character first"
    assert "“Uitleg” bevat een onzichtbaar stuurteken (U+001B op plaats 4)" in response.content.decode()
