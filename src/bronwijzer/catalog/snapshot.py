"""The map as canonical map-file entries, read from the database.

``dumpmap`` writes these, and the API serves the same entries, so a field has
one shape wherever it is published. Each entry goes through its map-file
schema, which also normalises what an editor typed in the admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from pydantic import BaseModel

from bronwijzer.catalog.mapfile import schema
from bronwijzer.catalog.models import (
    GlossaryTerm,
    HelpLine,
    Map,
    Organisation,
    Resource,
    ResourceOrganisation,
    ResourceSection,
    Section,
)


def _entry(model_cls: type[BaseModel], obj: Any, skip: Iterable[str] = (), **values: Any) -> dict[str, Any]:
    fields = {
        name: getattr(obj, name) for name in model_cls.model_fields if name not in skip and name not in values
    }
    entry = model_cls.model_validate(fields | values, strict=False, context=schema.STORED)
    dumped: dict[str, Any] = entry.model_dump(mode="json")
    return dumped


def map_entry() -> dict[str, Any] | None:
    current = Map.objects.first()
    return _entry(schema.MapInfo, current) if current else None


def section_entries() -> list[dict[str, Any]]:
    """In printed order."""
    return [
        _entry(schema.SectionEntry, s, parent=s.parent.slug if s.parent else None)
        for s in Section.objects.select_related("parent")
    ]


def organisation_entries() -> list[dict[str, Any]]:
    return [_entry(schema.OrganisationEntry, o) for o in Organisation.objects.all()]


def resource_entries() -> list[dict[str, Any]]:
    """Drafts included, in printed order (a proposed organisation a draft names is not in the map yet)."""
    named = Prefetch(
        "organisation_links",
        ResourceOrganisation.objects.filter(organisation__isnull=False).select_related("organisation"),
        to_attr="approved_links",  # not the relation's own cache: Resource.organisations reads that one whole
    )
    placed = Prefetch("section_links", ResourceSection.objects.select_related("section"))
    return [
        _entry(
            schema.ResourceEntry,
            resource,
            language_modes=resource.language_modes_in_order,
            organisations=[
                {"name": link.organisation.name, "url": link.organisation.url}
                for link in resource.approved_links
            ],
            sections=[link.section.slug for link in resource.section_links.all()],
        )
        for resource in Resource.objects.in_printed_order().prefetch_related(named, placed)
    ]


def glossary_entries() -> list[dict[str, Any]]:
    return [_entry(schema.GlossaryEntry, g) for g in GlossaryTerm.objects.all()]


def helpline_entries() -> list[dict[str, Any]]:
    return [
        _entry(schema.HelpLineEntry, h, organisation=h.organisation.name if h.organisation else None)
        for h in HelpLine.objects.select_related("organisation")
    ]


def snapshot_map() -> dict[str, Any]:
    """The whole map as a canonical document (drafts included), in printed order."""
    return {
        "map": map_entry(),
        "sections": section_entries(),
        "organisations": organisation_entries(),
        "resources": resource_entries(),
        "glossary": glossary_entries(),
        "helplines": helpline_entries(),
    }
