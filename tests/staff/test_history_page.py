"""A resource's history page reads as Dutch data: a status by its label, changed fields by their
names in the form, and nothing where there is no reason (not "None")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bronwijzer.catalog.models import Resource


def _visible(html: str) -> str:
    start = html.index('<table id="change-history"')
    table = html[start : html.index("</table>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


@pytest.mark.django_db
def test_the_history_shows_status_labels_field_names_and_no_none(client, default_map, admin_user):
    resource = Resource.objects.get(slug="mediagesprek")
    resource.title = resource.title + " (gewijzigd)"
    resource.save()
    client.force_login(admin_user)

    page = client.get(reverse("admin:catalog_resource_history", args=[resource.pk]))
    text = _visible(page.content.decode())

    status = Resource._meta.get_field("status")
    assert str(dict(status.choices)[resource.status]) in text
    assert not re.search(rf"\b{re.escape(resource.status)}\b", text), text  # the key, e.g. "published"
    assert "None" not in text
    assert f"{Resource._meta.get_field('title').verbose_name}:".lower() in text.lower()
    assert "title:" not in text
