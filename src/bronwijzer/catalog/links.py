"""The links from resources to organisations and sections, held as relations as well as lists.

A resource keeps its organisations and sections as ordered lists of slugs (see
:mod:`bronwijzer.catalog.models` for why). The same links are rows of
:class:`ResourceOrganisation` and :class:`ResourceSection`, which the database keeps
whole: it refuses to delete an organisation or section a resource names, and a filter
is a join. :func:`resource_links_sync` makes the rows equal to the lists; it runs in
the transaction that wrote them:

- every ``Resource.save()`` (admin, publishing, revert, link check, import of a changed
  entry), through the ``post_save`` receiver below;
- the import's bulk insert of new entries (``catalog.services``), which sends no signal;
- a restore from a backup made before these rows existed (``backup.services``);
- a new organisation, for the drafts that already named it while it was only proposed.

A slug that names no organisation or section (a proposed organisation) gets no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from bronwijzer.catalog.models import Organisation, Resource, ResourceOrganisation, ResourceSection, Section

#: Resources per round of queries (SQLite allows at most 999 parameters in a query).
_CHUNK = 500
#: Which list feeds which relation: (list field, through model, its target field, the target model).
_LINKS = (
    ("organisations", ResourceOrganisation, "organisation", Organisation),
    ("sections", ResourceSection, "section", Section),
)


def resource_links_sync(
    resources: Sequence[Resource], fields: Iterable[str] = ("organisations", "sections")
) -> None:
    """Make the relation rows of ``resources`` (saved ones) equal their lists of slugs, in order."""
    fields = set(fields)
    for start in range(0, len(resources), _CHUNK):
        chunk = [r for r in resources[start : start + _CHUNK] if r.pk is not None]
        for name, through, target, model in _LINKS:
            if name in fields and chunk:
                _replace_rows(chunk, name, through, target, model)


def _replace_rows(
    resources: list[Resource],
    name: str,
    through: type[Any],  # ResourceOrganisation or ResourceSection: a union would not pair with its rows
    target: str,
    model: type[Organisation] | type[Section],
) -> None:
    """The rows the lists name, written only where they differ from the stored ones."""
    slugs = {slug for resource in resources for slug in getattr(resource, name)}
    ids = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    wanted = {
        (resource.pk, ref, position)
        for resource in resources
        for position, ref in enumerate(
            ids[slug] for slug in dict.fromkeys(getattr(resource, name)) if slug in ids
        )
    }
    stored = through.objects.filter(resource__in=[r.pk for r in resources])
    if set(stored.values_list("resource_id", f"{target}_id", "position")) == wanted:
        return
    stored.delete()
    through.objects.bulk_create(
        through(resource_id=pk, position=position, **{f"{target}_id": ref})
        for pk, ref, position in sorted(wanted)
    )


def resource_links_rebuild() -> None:
    """Every resource's relation rows from its lists (after loading rows without them)."""
    _sync_by_pk(list(Resource.objects.values_list("pk", flat=True)), ["organisations", "sections"])


def _sync_by_pk(pks: list[int], fields: list[str]) -> None:
    for start in range(0, len(pks), _CHUNK):
        chunk = Resource.objects.filter(pk__in=pks[start : start + _CHUNK]).only("pk", *fields)
        resource_links_sync(list(chunk), fields)


@receiver(post_save, sender=Resource, dispatch_uid="bronwijzer_resource_links")
def _resource_saved(
    sender: type[Resource],
    instance: Resource,
    created: bool,
    raw: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """A saved resource's rows follow its lists (not for loaddata: a backup brings its own rows)."""
    if raw:
        return
    wanted = {"organisations", "sections"}
    if update_fields is not None:
        wanted &= set(update_fields)
    if wanted:
        resource_links_sync([instance], wanted)


@receiver(post_save, sender=Organisation, dispatch_uid="bronwijzer_organisation_links")
def _organisation_created(
    sender: type[Organisation], instance: Organisation, created: bool, raw: bool, **kwargs: Any
) -> None:
    """A new organisation (an approved proposal) gets the links of the drafts that already named it."""
    if raw or not created:
        return
    naming = [
        pk for pk, slugs in Resource.objects.values_list("pk", "organisations") if instance.slug in slugs
    ]
    _sync_by_pk(naming, ["organisations"])
