"""Writing the links from resources to organisations and sections: the rows of two relations.

A resource's organisations and sections are the rows of :class:`ResourceOrganisation` and
:class:`ResourceSection`, with their position; ``Resource.organisations`` and ``.sections``
read and set them as ordered lists of slugs (:mod:`bronwijzer.catalog.linklists`). A list
set on a resource waits on the instance; :func:`resource_links_sync` writes it as rows, in
the transaction that saves the resource:

- every ``Resource.save()`` (admin, publishing, revert, link check, import of a changed
  entry), just before simple-history records the version, so that the version's own link
  rows (``HistoricalResourceOrganisation``/``...Section``, ``m2m_fields``) are the new ones;
- the import's bulk insert of new entries (``catalog.services``), which sends no signal
  and records no link rows: :func:`resource_links_record` adds them to the new versions;
- a restore from a backup made while the lists were still columns (``backup.services``).

A draft may name an organisation that is only proposed: its row points at the open
:class:`OrganisationProposal` at the same place, and at the new organisation once a
publisher approves it. A slug that names neither gets no row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from bronwijzer.catalog.linklists import LinkList
from bronwijzer.catalog.models import (
    Organisation,
    OrganisationProposal,
    Resource,
    ResourceOrganisation,
    ResourceSection,
    Section,
)

#: Resources per round of queries (SQLite allows at most 999 parameters in a query).
_CHUNK = 500


#: The two kinds of link, by the name of their list on a resource.
LINK_KINDS = ("organisations", "sections")


def resource_links_sync(resources: Sequence[Resource]) -> None:
    """Write the lists set on ``resources`` (saved ones) since they were read as their rows, in order.

    A resource with nothing set keeps what it read (a prefetch stays valid).
    """
    saved = [r for r in resources if r.pk is not None]
    for name in LINK_KINDS:
        link_list: LinkList = getattr(Resource, name)
        pending = {r.pk: (r, slugs) for r in saved if (slugs := link_list.pending(r)) is not None}
        if pending:
            resource_links_write(name, {pk: slugs for pk, (_r, slugs) in pending.items()})
        for resource, _slugs in pending.values():
            link_list.saved(resource)


def resource_links_write(kind: str, slugs_by_resource: Mapping[int, Sequence[str]]) -> None:
    """Make the rows of ``kind`` ("organisations" or "sections") of these resources name these slugs.

    Written only where they differ from the stored rows, in chunks.
    """
    through, targets_of = _KINDS[kind]
    pks = list(slugs_by_resource)
    for start in range(0, len(pks), _CHUNK):
        chunk = {pk: slugs_by_resource[pk] for pk in pks[start : start + _CHUNK]}
        _replace_rows(chunk, through, targets_of)


def history_links_write(kind: str, slugs_by_version: Mapping[int, tuple[int, Sequence[str]]]) -> None:
    """Give versions in the history the rows of ``kind`` their lists name (a backup from before 0014).

    ``slugs_by_version``: ``history_id -> (resource id, slugs)``. As migration 0014: an organisation
    that exists, else a proposal with that slug (any state: the version may be old).
    """
    recorded = getattr(Resource.history.model, _HISTORY_FIELDS[kind]).model
    ids = list(slugs_by_version)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        slugs = {slug for history_id in chunk for slug in slugs_by_version[history_id][1]}
        if kind == "organisations":
            targets: dict[str, Target] = {
                slug: ("proposal_id", pk)
                for slug, pk in OrganisationProposal.objects.filter(slug__in=slugs)
                .order_by("updated_at")
                .values_list("slug", "pk")
            }
            targets.update(_organisation_targets(slugs))
        else:
            targets = _section_targets(slugs)
        rows = [
            recorded(history_id=history_id, id=0, resource_id=resource_id, position=position, **{column: ref})
            for history_id in chunk
            for resource_id, named in [slugs_by_version[history_id]]
            for position, (column, ref) in enumerate(
                targets[slug] for slug in dict.fromkeys(named) if slug in targets
            )
        ]
        recorded.objects.bulk_create(rows, batch_size=_CHUNK)


#: A link row's target: the name of its foreign key column and the id it holds.
Target = tuple[str, int]


def _organisation_targets(slugs: set[str]) -> dict[str, Target]:
    """An approved organisation by slug, else an open proposal with that slug."""
    targets: dict[str, Target] = {
        slug: ("proposal_id", pk)
        for slug, pk in OrganisationProposal.objects.filter(
            slug__in=slugs, state=OrganisationProposal.State.OPEN
        ).values_list("slug", "pk")
    }
    targets.update(
        (slug, ("organisation_id", pk))
        for slug, pk in Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk")
    )
    return targets


def _section_targets(slugs: set[str]) -> dict[str, Target]:
    return {
        slug: ("section_id", pk)
        for slug, pk in Section.objects.filter(slug__in=slugs).values_list("slug", "pk")
    }


def _replace_rows(
    slugs_by_resource: dict[int, Sequence[str]],
    through: type[ResourceOrganisation] | type[ResourceSection],
    targets_of: Callable[[set[str]], dict[str, Target]],
) -> None:
    """The rows the lists name, written only where they differ from the stored ones."""
    slugs = {slug for named in slugs_by_resource.values() for slug in named}
    targets = targets_of(slugs) if slugs else {}
    wanted = {
        (pk, position, target)
        for pk, named in slugs_by_resource.items()
        for position, target in enumerate(targets[slug] for slug in dict.fromkeys(named) if slug in targets)
    }
    columns = _COLUMNS[through]
    stored_rows = through.objects.filter(resource__in=list(slugs_by_resource))
    stored = set()
    for row in stored_rows.values("resource_id", "position", *columns):
        target = next(((c, row[c]) for c in columns if row[c] is not None), None)
        stored.add((row["resource_id"], row["position"], target))
    if stored == wanted:
        return
    stored_rows.delete()
    rows: list[Any] = [
        through(resource_id=pk, position=position, **{column: ref})
        for pk, position, (column, ref) in sorted(wanted)
    ]
    through._default_manager.bulk_create(rows)


#: The target columns of each kind of row.
_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    ResourceOrganisation: ("organisation_id", "proposal_id"),
    ResourceSection: ("section_id",),
}
_KINDS: dict[
    str, tuple[type[ResourceOrganisation] | type[ResourceSection], Callable[..., dict[str, Target]]]
] = {
    "organisations": (ResourceOrganisation, _organisation_targets),
    "sections": (ResourceSection, _section_targets),
}
#: The field of a version in the history that holds its rows of each kind.
_HISTORY_FIELDS = {"organisations": "linked_organisations", "sections": "linked_sections"}


def organisation_slugs_by_resource(
    resources: models.QuerySet[Resource], *, proposed: bool = False
) -> dict[int, list[str]]:
    """The slugs of the organisations each of ``resources`` names, in order, in one query.

    ``proposed``: the open proposals a draft names too, at their place (for editors); without
    it only approved organisations, as everything public shows.
    """
    rows = ResourceOrganisation.objects.filter(resource__in=resources.values("pk"))
    if not proposed:
        rows = rows.filter(organisation__isnull=False)
    result: dict[int, list[str]] = {}
    ordered = rows.order_by("resource_id", "position")
    for pk, slug, proposal_slug in ordered.values_list("resource_id", "organisation__slug", "proposal__slug"):
        result.setdefault(pk, []).append(slug or proposal_slug)
    return result


def section_slugs_by_resource(resources: models.QuerySet[Resource]) -> dict[int, list[str]]:
    """The slugs of the sections each of ``resources`` is placed in, in order, in one query."""
    rows = ResourceSection.objects.filter(resource__in=resources.values("pk")).order_by(
        "resource_id", "position"
    )
    result: dict[int, list[str]] = {}
    for pk, slug in rows.values_list("resource_id", "section__slug"):
        result.setdefault(pk, []).append(slug)
    return result


def resource_links_record(resources: Sequence[Resource]) -> None:
    """The newest history record of each resource gets the resource's rows (a bulk insert records none).

    ``bulk_create_with_history`` writes the "created" records without their link rows; the
    import calls this once the rows of its new resources are written.
    """
    history = Resource.history.model
    pks = [r.pk for r in resources if r.pk is not None]
    for start in range(0, len(pks), _CHUNK):
        chunk = pks[start : start + _CHUNK]
        newest = dict(
            history.objects.filter(id__in=chunk)
            .values("id")
            .annotate(newest=models.Max("history_id"))
            .values_list("id", "newest")
        )
        for through, field in (
            (ResourceOrganisation, "linked_organisations"),
            (ResourceSection, "linked_sections"),
        ):
            recorded = getattr(history, field).model
            columns = [f.attname for f in through._meta.concrete_fields]
            recorded.objects.bulk_create(
                (
                    recorded(history_id=newest[row["resource_id"]], **row)
                    for row in through.objects.filter(resource_id__in=chunk).values(*columns)
                    if row["resource_id"] in newest
                ),
                batch_size=_CHUNK,
            )


@receiver(post_save, sender=Resource, dispatch_uid="bronwijzer_resource_links")
def _resource_saved(
    sender: type[Resource],
    instance: Resource,
    created: bool,
    raw: bool,
    **kwargs: Any,
) -> None:
    """A saved resource's lists become its rows (not for loaddata: a backup brings its own rows)."""
    if raw or instance.__dict__.pop(_RECORDED, False):
        return
    resource_links_sync([instance])


@receiver(post_save, sender=Organisation, dispatch_uid="bronwijzer_organisation_links")
def _organisation_created(
    sender: type[Organisation], instance: Organisation, created: bool, raw: bool, **kwargs: Any
) -> None:
    """A new organisation (an approved proposal): the rows that named the proposal now name it."""
    if raw or not created:
        return
    proposal_links_adopt([instance])


def proposal_links_adopt(organisations: Iterable[Organisation]) -> None:
    """The rows that named a proposed organisation now name the organisation of that slug.

    Called for each new organisation: by its ``post_save`` (an approved proposal), and by a map
    import for the organisations it creates in bulk (which send no ``post_save``). One query when
    no proposal is named, as after most imports.
    """
    by_slug = {org.slug: org for org in organisations}
    named = ResourceOrganisation.objects.filter(proposal__slug__in=sorted(by_slug)).values_list(
        "proposal__slug", flat=True
    )
    for slug in sorted(set(named)):
        ResourceOrganisation.objects.filter(proposal__slug=slug).update(
            organisation=by_slug[slug], proposal=None
        )


@receiver(pre_create_historical_record, dispatch_uid="bronwijzer_resource_links_history")
def _resource_recorded(
    sender: type[models.Model], instance: models.Model, history_instance: Any, **kwargs: Any
) -> None:
    """The lists become rows before a version of the resource is recorded with its rows.

    Not for the record of a deletion: the rows went with the resource.
    """
    if isinstance(instance, Resource) and history_instance.history_type != "-":
        resource_links_sync([instance])
        instance.__dict__[_RECORDED] = True  # the post_save receiver need not look again


#: Set on a resource whose lists were written as rows before its history was recorded.
_RECORDED = "_links_synced_for_history"
