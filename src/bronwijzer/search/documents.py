"""What the search index holds: plain, read-only documents built from the catalog.

A :class:`ResourceDoc` carries the public resource fields under the names of
the map file and the API, plus what the site needs to link organisations. It is
built in bulk without per-row validation so that large maps index quickly.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast
from django.urls import reverse

from bronwijzer.catalog import links
from bronwijzer.catalog.mapfile.schema import ResourceEntry
from bronwijzer.catalog.models import GlossaryTerm, Organisation, Resource, modes_in_language_order
from bronwijzer.lib.i18n import localised

#: The public resource fields, in the order of the map file and the API.
API_FIELDS: tuple[str, ...] = tuple(ResourceEntry.model_fields)


@dataclass(frozen=True, slots=True)
class OrganisationRef:
    slug: str
    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ResourceDoc:
    slug: str
    title: str
    title_descriptive: bool
    url: str | None
    url_verified: bool
    organisations: tuple[OrganisationRef, ...]
    authors: tuple[str, ...]
    summary: str
    summary_en: str
    sections: tuple[str, ...]
    themes: tuple[str, ...]
    professions: tuple[str, ...]
    audiences: tuple[str, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...]
    language_modes: dict[str, list[str]]
    languages_note: str
    languages_note_en: str
    contexts: tuple[str, ...]
    cost: str
    age_min: int | None
    age_max: int | None
    explicitness: str
    explicitness_note: str
    explicitness_note_en: str
    recognition: tuple[dict[str, Any], ...]
    reviewed_at: str | None  # ISO date
    status: str
    position: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    pk: int | None = field(default=None, compare=False)  # the row's, to bring an index up to date

    def localised(self, name: str) -> str:
        return localised(self, name)

    def get_absolute_url(self) -> str:
        return reverse("web:resource", args=[self.slug])

    @property
    def organisation_names(self) -> tuple[str, ...]:
        return tuple(org.name for org in self.organisations)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its field values, taken in one C call (an index file holds 100,000 of these:
        ``search.built``); dataclasses' own way runs a Python loop over the fields of each."""
        return (ResourceDoc, _resource_values(self))

    def as_api(self) -> dict[str, Any]:
        """The resource as the JSON API and the map file name its fields."""
        data: dict[str, Any] = {}
        for name in API_FIELDS:
            value = getattr(self, name)
            if name == "organisations":
                value = [{"name": org.name, "url": org.url} for org in value]
            elif isinstance(value, tuple):
                value = list(value)
            data[name] = value
        return data


_resource_values = operator.attrgetter(*(f.name for f in fields(ResourceDoc)))


@dataclass(frozen=True, slots=True)
class GlossaryDoc:
    slug: str
    term: str
    term_en: str
    definition: str
    definition_en: str
    related: tuple[str, ...]

    def localised(self, name: str) -> str:
        return localised(self, name)

    def get_absolute_url(self) -> str:
        return reverse("web:glossary") + f"#{self.slug}"


#: Read from the resource rows; the links come from their relation rows (``catalog.links``).
_RESOURCE_COLUMNS = ("pk", *(f for f in API_FIELDS if f not in ("organisations", "sections")), "position")


def resource_docs(
    rows: Iterable[dict[str, Any]], organisations: dict[str, OrganisationRef]
) -> list[ResourceDoc]:
    docs = []
    for row in rows:
        reviewed = row["reviewed_at"]
        docs.append(
            ResourceDoc(
                slug=row["slug"],
                title=row["title"],
                title_descriptive=row["title_descriptive"],
                url=row["url"] or None,
                url_verified=row["url_verified"],
                organisations=tuple(organisations[s] for s in row["organisations"] if s in organisations),
                authors=tuple(row["authors"]),
                summary=row["summary"],
                summary_en=row["summary_en"],
                sections=tuple(row["sections"]),
                themes=tuple(row["themes"]),
                professions=tuple(row["professions"]),
                audiences=tuple(row["audiences"]),
                formats=tuple(row["formats"]),
                languages=tuple(row["languages"]),
                language_modes=modes_in_language_order(row["languages"], row["language_modes"]),
                languages_note=row["languages_note"],
                languages_note_en=row["languages_note_en"],
                contexts=tuple(row["contexts"]),
                cost=row["cost"],
                age_min=row["age_min"],
                age_max=row["age_max"],
                explicitness=row["explicitness"],
                explicitness_note=row["explicitness_note"],
                explicitness_note_en=row["explicitness_note_en"],
                recognition=tuple(row["recognition"]),
                reviewed_at=reviewed.isoformat() if reviewed else None,
                status=row["status"],
                position=row["position"],
                pk=row["pk"],
            )
        )
    return docs


def published_resource_docs(pks: Collection[int] | None = None) -> list[ResourceDoc]:
    """Every published resource (or those of them with a primary key in ``pks``), in printed order."""
    organisations = {
        slug: OrganisationRef(slug, name, url or None)
        for slug, name, url in Organisation.objects.values_list("slug", "name", "url")
    }
    published = Resource.objects.published()
    if pks is not None:
        published = published.filter(pk__in=sorted(pks))
    names = links.organisation_slugs_by_resource(published)
    places = links.section_slugs_by_resource(published)
    rows = (
        {**row, "organisations": names.get(row["pk"], []), "sections": places.get(row["pk"], [])}
        for row in _rows(published.in_printed_order())
    )
    return resource_docs(rows, organisations)


#: The columns Django would parse one value at a time (JSONField.from_db_value): most of the time
#: of reading 100,000 resources went there.
_JSON_COLUMNS = tuple(
    name
    for name in _RESOURCE_COLUMNS
    if name != "pk" and isinstance(Resource._meta.get_field(name), models.JSONField)
)
_PLAIN_COLUMNS = tuple(name for name in _RESOURCE_COLUMNS if name not in _JSON_COLUMNS)
_CHUNK = 2000


def _rows(resources: QuerySet[Resource]) -> Iterator[dict[str, Any]]:
    """The rows of ``resources`` as dicts of :data:`_RESOURCE_COLUMNS`, the JSON columns read as
    text and parsed a chunk of rows at a time (one ``json.loads`` of a JSON array)."""
    texts = {f"{name}_json": Cast(name, models.TextField()) for name in _JSON_COLUMNS}
    rows = resources.annotate(**texts).values_list(*_PLAIN_COLUMNS, *texts).iterator(chunk_size=_CHUNK)
    plain, width = len(_PLAIN_COLUMNS), len(_JSON_COLUMNS)
    while chunk := list(itertools.islice(rows, _CHUNK)):
        texts_of_chunk = ("null" if t is None else t for r in chunk for t in r[plain:])
        values = json.loads("[" + ",".join(texts_of_chunk) + "]")
        for i, row in enumerate(chunk):
            record = dict(zip(_PLAIN_COLUMNS, row[:plain], strict=True))
            record.update(zip(_JSON_COLUMNS, values[i * width : (i + 1) * width], strict=True))
            yield record


def glossary_docs() -> list[GlossaryDoc]:
    return [
        GlossaryDoc(t.slug, t.term, t.term_en, t.definition, t.definition_en, tuple(t.related))
        for t in GlossaryTerm.objects.all()
    ]
