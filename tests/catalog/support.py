"""Helpers shared by the catalog tests."""

from __future__ import annotations

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
