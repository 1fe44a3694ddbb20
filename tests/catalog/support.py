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
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data
