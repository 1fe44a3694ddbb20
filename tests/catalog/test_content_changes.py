"""Each move of the content version records what it changed (``catalog.versioning``), and a reader
of an older version is told what changed since, or that the record cannot tell."""

from __future__ import annotations

import pytest
from django.db import transaction

from bronwijzer.catalog import versioning
from bronwijzer.catalog.models import ContentChange, GlossaryTerm, HelpLine, Organisation, Resource
from bronwijzer.catalog.services import content_version
from bronwijzer.catalog.versioning import content_changes_batched, content_changes_since

pytestmark = pytest.mark.django_db


def some(loaded, count: int = 3) -> list[Resource]:
    return list(Resource.objects.order_by("pk")[:count])


def test_a_save_and_a_delete_record_their_rows(loaded):
    first, second = some(loaded, 2)
    since = content_version()
    first.title += " (herzien)"
    first.save()
    deleted = second.pk
    second.delete()
    changes = content_changes_since(since)
    assert changes is not None
    assert changes.version == content_version()
    assert changes.rows == {("catalog.resource", first.pk), ("catalog.resource", deleted)}
    assert changes.of(Resource) == {first.pk, deleted}
    assert not changes.models
    assert changes.only(Resource) and not changes.only(GlossaryTerm)


def test_a_bulk_write_records_its_model_and_a_load_records_anything(loaded):
    since = content_version()
    Resource.objects.filter(pk__in=[r.pk for r in some(loaded)]).update(title="Zelfde titel")
    changes = content_changes_since(since)
    assert changes is not None and changes.models == {"catalog.resource"}
    assert not changes.only(Resource), "a bulk write names no row: the reader cannot take it in"
    since = content_version()
    versioning.content_changed()
    changes = content_changes_since(since)
    assert changes is not None and changes.models == {ContentChange.ANY}


def test_a_batch_moves_the_version_once_and_records_every_row(loaded):
    resources = some(loaded)
    since = content_version()
    with transaction.atomic(), content_changes_batched():
        for resource in resources:
            resource.title += " (herzien)"
            resource.save()
        HelpLine.objects.first().save()
    assert content_version()[0] == since[0] + 1
    changes = content_changes_since(since)
    assert changes is not None
    assert changes.of(Resource) == {r.pk for r in resources}
    assert changes.only(Resource, HelpLine) and not changes.only(Resource)


def test_a_batch_of_more_rows_than_are_recorded_one_by_one_records_anything(loaded, monkeypatch):
    monkeypatch.setattr(versioning, "CHANGES_PER_VERSION", 2)
    since = content_version()
    with transaction.atomic(), content_changes_batched():
        for resource in some(loaded):
            resource.save()
    changes = content_changes_since(since)
    assert changes is not None and changes.models == {ContentChange.ANY} and not changes.rows


def test_a_save_rolled_back_records_nothing(loaded):
    resource = some(loaded, 1)[0]
    since = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        resource.title = "Nooit bewaard"
        resource.save()
        raise RuntimeError("rolled back")
    assert content_version() == since
    assert not ContentChange.objects.filter(counter__gt=since[0]).exists()
    assert content_changes_since(since) is None, "nothing moved"


def test_the_record_cannot_tell_what_another_database_changed(loaded):
    resource = some(loaded, 1)[0]
    counter, changed_at = content_version()
    resource.save()
    assert content_changes_since((counter, changed_at)) is not None
    # the same counter, another time: a version of a database replaced since
    assert content_changes_since((counter, "2020-01-01T00:00:00+00:00")) is None


def test_the_record_cannot_tell_across_a_version_without_rows(loaded):
    first, second = some(loaded, 2)
    since = content_version()
    first.save()
    second.save()
    ContentChange.objects.filter(counter=since[0] + 1).delete()
    assert content_changes_since(since) is None
    assert content_changes_since(content_version()) is None, "and nothing moved after the newest"


def test_old_rows_are_pruned_and_a_reader_that_old_is_told_to_build_anew(loaded, monkeypatch):
    monkeypatch.setattr(versioning, "CHANGES_KEPT", 3)
    monkeypatch.setattr(versioning, "PRUNE_EVERY", 1)
    resource = some(loaded, 1)[0]
    oldest = content_version()
    for _ in range(5):
        resource.save()
    assert content_changes_since(oldest) is None, "older than the versions kept"
    counters = set(ContentChange.objects.values_list("counter", flat=True))
    assert min(counters) > content_version()[0] - 3
    recent = content_version()
    resource.save()
    changes = content_changes_since(recent)
    assert changes is not None and changes.of(Resource) == {resource.pk}


def test_an_organisation_or_glossary_change_names_its_model(loaded):
    since = content_version()
    organisation = Organisation.objects.first()
    organisation.save()
    term = GlossaryTerm.objects.first()
    term.save()
    changes = content_changes_since(since)
    assert changes is not None
    assert changes.of(Organisation) == {organisation.pk} and changes.of(GlossaryTerm) == {term.pk}
    assert not changes.only(Resource, GlossaryTerm)
