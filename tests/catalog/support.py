"""Helpers shared by the catalog tests."""

from __future__ import annotations

import datetime as dt

from django import forms

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section

MODELS = (Resource, HelpLine, GlossaryTerm, Section, Organisation, Map)


def empty_catalog() -> None:
    """Remove all content, children before parents (sections and organisations are protected)."""
    Resource.objects.all().delete()
    HelpLine.objects.all().delete()
    GlossaryTerm.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()
    Organisation.objects.all().delete()
    Map.objects.all().delete()
    assert not any(model.objects.exists() for model in MODELS)


def form_data(form) -> dict:
    """POST data as the browser sends it for the form as shown (bound or not)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.NullBooleanSelect):
            data[name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(field, forms.CharField) and isinstance(value, list | dict):
            data[name] = field.prepare_value(value)  # a list typed as text ("nl, en"; a name per line)
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def publish_through_review(client, *resources) -> None:
    """Publish as a publisher does: open the review page, then publish exactly the changes shown."""
    from django.urls import reverse

    ids = ",".join(str(resource.pk) for resource in resources)
    url = f"{reverse('admin:catalog_resource_review')}?ids={ids}"
    page = client.get(url)
    assert page.status_code == 200
    tokens = [change.token for change in page.context["publishable"]]
    assert tokens, "nothing to publish on the review page"
    response = client.post(url, {"token": tokens, "publish": "Publiceren"})
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
