"""The resource form tells the map-file schema's problems in Dutch, next to the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bronwijzer.catalog.models import Map, Resource
from tests.catalog.support import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"languages": "nl, xx"}, "languages", "“xx” is geen taalcode die we kennen."),
        ({"age_min": "15", "age_max": "12"}, "age_max", "‘Leeftijd vanaf’ (15) is hoger dan"),
        ({"language_modes": "ar: tekst"}, "language_modes", "Bij ‘Hoe per taal beschikbaar’ staat ar"),
        ({"language_modes": "nl: gebarentaal"}, "language_modes", "“gebarentaal” kennen we hier niet."),
        ({"language_modes": "nl eenvoudig"}, "language_modes", "schrijf het als ‘taalcode: vorm, vorm’"),
    ],
)
def test_schema_problems_are_told_in_dutch(client, admin_user, default_map, changes, field, message):
    client.force_login(admin_user)
    resource = Resource.objects.get(slug="mediagesprek")
    url = reverse("admin:catalog_resource_change", args=[resource.pk])
    data = form_data(client.get(url).context["adminform"].form) | {"languages": "nl"} | changes
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.get(field, [])
    assert any(message in error for error in errors), errors


def test_the_conversation_guide_is_chosen_from_the_resources(client, admin_user, default_map):
    client.force_login(admin_user)
    current = Map.objects.get()
    url = reverse("admin:catalog_map_change", args=[current.pk])
    form = client.get(url).context["adminform"].form
    choices = dict(form.fields["conversation_guide"].choices)
    assert choices["mediagesprek"] == "Het Mediagesprek"
    response = client.post(url, form_data(form) | {"conversation_guide": "mediagesprek"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Map.objects.get().conversation_guide == "mediagesprek"
    again = form_data(client.get(url).context["adminform"].form) | {"conversation_guide": ""}
    assert client.post(url, again).status_code == 302
    assert Map.objects.get().conversation_guide is None
