"""Service functions of the catalog: map import and export, publishing without review, reviews.

Every write of content moves the content version by construction (signal handlers in
:mod:`bronwijzer.catalog.versioning`); :func:`content_changed` and :func:`content_version`
are re-exported here for the readers that know them by this name.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history

from bronwijzer.catalog import links
from bronwijzer.catalog.mapfile import writer
from bronwijzer.catalog.mapfile.checks import Known, check_document
from bronwijzer.catalog.mapfile.errors import MapFileError, Problem
from bronwijzer.catalog.mapfile.reader import read_map_file
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.catalog.models import (
    GlossaryTerm,
    HelpLine,
    Map,
    Organisation,
    Resource,
    Section,
)
from bronwijzer.catalog.publishing import revision_fold_into_draft
from bronwijzer.catalog.snapshot import snapshot_map
from bronwijzer.catalog.versioning import bump_edit_versions, content_changes_batched

# The public names of the content version, kept here for its readers (search, exports, tests).
from bronwijzer.catalog.versioning import content_changed as content_changed
from bronwijzer.catalog.versioning import content_changes_since as content_changes_since
from bronwijzer.catalog.versioning import content_version as content_version

DEFAULT_MAP_PATH = Path(__file__).resolve().parent / "maps" / "sexting-misbruik-2025.yaml"


@dataclass(frozen=True)
class ImportReport:
    created: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]

    def summary(self) -> str:
        parts = []
        for kind in ("sections", "organisations", "resources", "glossary", "helplines"):
            parts.append(
                f"{kind}: {self.created.get(kind, 0)} new, {self.updated.get(kind, 0)} updated"
                + (f", {self.deleted[kind]} removed" if self.deleted.get(kind) else "")
            )
        return "; ".join(parts)


def _known_from_database() -> Known:
    return Known(
        sections=dict(Section.objects.values_list("slug", "parent__slug")),
        organisations=dict(Organisation.objects.values_list("name", "slug")),
        glossary=frozenset(GlossaryTerm.objects.values_list("slug", flat=True)),
        resources=frozenset(Resource.objects.values_list("slug", flat=True)),
        has_map=Map.objects.exists(),
    )


def map_file_read(path: Path, *, replace: bool) -> MapDocument:
    """Read and validate a map file completely, including its references; write nothing."""
    document = read_map_file(path, settings.MAX_IMPORT_BYTES)
    known = Known() if replace else _known_from_database()
    problems = check_document(document, known, require_map=replace)
    if not replace:
        problems += _name_clashes(document)
    if problems:
        raise MapFileError(str(path), problems)
    return document


def _name_clashes(document: MapDocument) -> list[Problem]:
    problems = []
    by_name = dict(Organisation.objects.values_list("name", "slug"))
    for index, org in enumerate(document.organisations):
        owner = by_name.get(org.name)
        if owner is not None and owner != org.slug:
            problems.append(
                Problem(
                    f"organisations entry {index + 1} (slug {org.slug!r})",
                    "name",
                    f"{org.name!r} already belongs to organisation {owner!r}",
                )
            )
    terms = dict(GlossaryTerm.objects.values_list("term", "slug"))
    for index, term in enumerate(document.glossary):
        owner = terms.get(term.term)
        if owner is not None and owner != term.slug:
            problems.append(
                Problem(
                    f"glossary entry {index + 1} (slug {term.slug!r})",
                    "term",
                    f"{term.term!r} already belongs to glossary term {owner!r}",
                )
            )
    return problems


#: Rows per query when reading rows by slug (SQLite allows at most 999 parameters in a query).
_CHUNK = 500
#: Rows per INSERT when creating rows in bulk (Django lowers it further to what SQLite allows).
_BATCH = 1000


def _upsert(
    model: Any,
    slug: str,
    values: dict[str, Any],
    report: dict[str, dict[str, int]],
    kind: str,
) -> Any:
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        obj = model(slug=slug, **values)
        obj.save()
        report["created"][kind] = report["created"].get(kind, 0) + 1
        return obj
    _update(obj, values, report, kind)
    return obj


def _update(obj: Any, values: dict[str, Any], report: dict[str, dict[str, int]], kind: str) -> None:
    """Save ``obj`` with ``values`` if anything differs (one history record per changed row)."""
    if _apply(obj, values):
        obj.save()
        report["updated"][kind] = report["updated"].get(kind, 0) + 1


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; whether anything differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _by_slug(model: Any, slugs: list[str]) -> dict[str, Any]:
    """The existing rows among ``slugs``, by slug, read in chunks (a resource with its link rows)."""
    found: dict[str, Any] = {}
    for start in range(0, len(slugs), _CHUNK):
        chunk = model.objects.filter(slug__in=slugs[start : start + _CHUNK])
        if model is Resource:
            chunk = chunk.with_links()
        for obj in chunk:
            found[obj.slug] = obj
    return found


def _upsert_all(
    model: Any,
    rows: list[tuple[str, dict[str, Any]]],
    report: dict[str, dict[str, int]],
    kind: str,
) -> list:
    """Create or update many rows by slug, with the edit history of each, as :func:`_upsert` would.

    Existing rows are read once (not one query per row) and saved one by one when they
    changed; new rows are inserted in bulk together with their "created" history records.
    ``rows`` holds ``(slug, values)``; a value of ``position`` that is a callable gets the
    existing row (or None) and returns the position. Returns the new rows (which sent no ``post_save``).
    """
    existing = _by_slug(model, [slug for slug, _ in rows])
    new, changed = [], []
    for slug, values in rows:
        obj = existing.get(slug)
        if callable(values.get("position")):
            values = {**values, "position": values["position"](obj)}
        if obj is None:
            new.append(model(slug=slug, **values))
        elif _apply(obj, values):
            changed.append(obj)
    # every changed row's edit version moves on in a few queries, not one more per row (no lost updates)
    bump_edit_versions(model, changed)
    for obj in changed:
        obj.save()
    if changed:
        report["updated"][kind] = report["updated"].get(kind, 0) + len(changed)
    if new:
        new = bulk_create_with_history(new, model, batch_size=_BATCH, default_date=_load_moment.get())
        report["created"][kind] = report["created"].get(kind, 0) + len(new)
    return new


def _position(replace: bool, index: int, base: int) -> int | Callable[[Any], int]:
    """The position of an entry: its index when replacing, else the existing one or after the rest."""
    if replace:
        return index
    return lambda obj: obj.position if obj is not None else base + index


def _next_position(model: Any, replace: bool, slug: str, index: int, base: int) -> int:
    if replace:
        return index
    existing: int | None = model.objects.filter(slug=slug).values_list("position", flat=True).first()
    return existing if existing is not None else base + index


def _not_in(queryset: Any, keep: set[str]) -> Iterator[Any]:
    """The rows of ``queryset`` whose slug is not in ``keep``, in the queryset's order.

    Compared in Python rather than with ``exclude(slug__in=keep)``: a large map would pass
    more parameters than SQLite allows in one query.
    """
    pks = [pk for pk, slug in queryset.values_list("pk", "slug") if slug not in keep]
    for start in range(0, len(pks), _CHUNK):
        yield from queryset.filter(pk__in=pks[start : start + _CHUNK])


def _remove_entries_not_in(document: MapDocument, deleted: dict[str, int]) -> None:
    """For --replace: delete what the document does not hold, one by one so each removal is in the history.

    Entries that stay keep their identity (and so their edit history); children go before parents.
    """
    keep_sections = {s.slug for s in document.sections}
    steps = (
        ("resources", Resource.objects.all(), {r.slug for r in document.resources}),
        ("helplines", HelpLine.objects.all(), {h.slug for h in document.helplines}),
        ("glossary", GlossaryTerm.objects.all(), {g.slug for g in document.glossary}),
        ("sections", Section.objects.filter(parent__isnull=False), keep_sections),
        ("sections", Section.objects.all(), keep_sections),
        ("organisations", Organisation.objects.all(), {o.slug for o in document.organisations}),
    )
    for kind, queryset, keep in steps:
        for obj in _not_in(queryset, keep):
            if kind in ("sections", "organisations"):
                # a resource that stays names it no more: saved below, it is linked to what it names now
                obj.resource_links.all().delete()
            obj.delete()
            deleted[kind] = deleted.get(kind, 0) + 1
    if document.map is not None:
        for old_map in Map.objects.exclude(slug=document.map.slug):
            old_map.delete()


#: While a map loads: the one moment that every history record of the load carries.
_load_moment: ContextVar[datetime.datetime | None] = ContextVar("bronwijzer_load_moment", default=None)


@receiver(pre_create_historical_record)
def _stamp_with_the_load_moment(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """Every save and delete of a load, whatever path it takes, is dated with the load's moment."""
    at = _load_moment.get()
    if at is not None:
        history_instance.history_date = at


def map_import(document: MapDocument, *, replace: bool = False) -> ImportReport:
    """Apply a validated document in one transaction.

    ``replace`` makes the database hold exactly the document; otherwise entries
    are created or updated by slug and everything else is kept. Every created,
    changed or removed entry gets its history record; new entries are inserted in
    bulk, so that a map of 100,000 resources loads in seconds rather than minutes.

    Every history record the import writes carries the same moment (``_load_moment``): in the
    history a load is one event, so "Wat is er nieuw" can tell the edition as loaded
    (the baseline) from the changes made after it.
    """
    token = _load_moment.set(timezone.now())
    try:
        with transaction.atomic(), content_changes_batched():
            return _import(document, replace)
    finally:
        _load_moment.reset(token)


def _import(document: MapDocument, replace: bool) -> ImportReport:
    report: dict[str, dict[str, int]] = {"created": {}, "updated": {}, "deleted": {}}
    if replace:
        _remove_entries_not_in(document, report["deleted"])

    if document.map is not None:
        values = document.map.model_dump()
        current = Map.objects.first()
        if current is None:
            current = Map(**values)
            current.save()
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save()

    def base(model: Any) -> int:
        highest = model.objects.aggregate(highest=Max("position"))["highest"]
        return (highest if highest is not None else -1) + 1

    section_base = base(Section)
    order = {entry.slug: index for index, entry in enumerate(document.sections)}
    for entry in sorted(document.sections, key=lambda s: s.parent is not None):  # parents first
        values = entry.model_dump(exclude={"slug", "parent"})
        values["parent"] = Section.objects.get(slug=entry.parent) if entry.parent else None
        values["position"] = _next_position(Section, replace, entry.slug, order[entry.slug], section_base)
        _upsert(Section, entry.slug, values, report, "sections")

    new_organisations = _upsert_all(
        Organisation,
        [(entry.slug, entry.model_dump(exclude={"slug"})) for entry in document.organisations],
        report,
        "organisations",
    )
    links.proposal_links_adopt(new_organisations)  # created in bulk: no post_save moved their rows
    org_slug = dict(Organisation.objects.values_list("name", "slug"))

    resource_base = base(Resource)
    rows = []
    for index, entry in enumerate(document.resources):
        values = entry.model_dump(exclude={"slug"})
        values["organisations"] = [org_slug[ref.name] for ref in entry.organisations]
        values["recognition"] = [
            {**item, "date": item["date"].isoformat() if item["date"] else None}
            for item in values["recognition"]
        ]
        values["position"] = _position(replace, index, resource_base)
        rows.append((entry.slug, values))
    created = _upsert_all(Resource, rows, report, "resources")
    links.resource_links_sync(created)
    links.resource_links_record(created)

    glossary_base = base(GlossaryTerm)
    rows = []
    for index, entry in enumerate(document.glossary):
        values = entry.model_dump(exclude={"slug"})
        values["position"] = _position(replace, index, glossary_base)
        rows.append((entry.slug, values))
    _upsert_all(GlossaryTerm, rows, report, "glossary")

    helpline_base = base(HelpLine)
    organisations = {org.slug: org for org in Organisation.objects.all()}
    rows = []
    for index, entry in enumerate(document.helplines):
        values = entry.model_dump(exclude={"slug", "organisation"})
        values["organisation"] = organisations[org_slug[entry.organisation]] if entry.organisation else None
        values["position"] = _position(replace, index, helpline_base)
        rows.append((entry.slug, values))
    _upsert_all(HelpLine, rows, report, "helplines")

    # A load moves the content version even when it changed nothing (a reload is an editor's
    # explicit act); inside the batch this only notes it: one bump for the whole load.
    content_changed()
    return ImportReport(report["created"], report["updated"], report["deleted"])


def map_load_file(path: Path, *, replace: bool = False) -> ImportReport:
    """Validate the whole file first, then apply it in one transaction."""
    return map_import(map_file_read(path, replace=replace), replace=replace)


def map_load_default(*, replace: bool = False) -> ImportReport:
    return map_load_file(DEFAULT_MAP_PATH, replace=replace)


def review_due_before(today: datetime.date | None = None) -> datetime.date:
    """Entries last confirmed before this date are due for review (``BRONWIJZER_REVIEW_AFTER_MONTHS``)."""
    today = today or timezone.localdate()
    months = settings.REVIEW_AFTER_MONTHS
    year, month = divmod(today.month - 1 - months, 12)
    year += today.year
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


@transaction.atomic
def resource_mark_reviewed(resource: Resource, on: datetime.date | None = None) -> Resource:
    """An editor confirmed the entry: ``reviewed_at`` becomes today (a new version in the history)."""
    resource.reviewed_at = on or timezone.localdate()
    resource.save(update_fields=["reviewed_at", "updated_at"])
    return resource


@transaction.atomic
def resource_unpublish(resource: Resource) -> Resource:
    """Take a resource offline at once; an open proposal for it is folded into the draft."""
    if resource.status != "draft":
        revision_fold_into_draft(resource)
        resource.status = "draft"
        resource.save()
    return resource


def map_export(fmt: str) -> str:
    """The whole map as YAML, JSON or CSV text."""
    snapshot = snapshot_map()
    if fmt == "json":
        return writer.to_json(snapshot)
    if fmt == "yaml":
        return writer.to_yaml(snapshot)
    if fmt == "csv":
        return writer.to_csv(snapshot["resources"])
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(writer.FORMATS)}")
