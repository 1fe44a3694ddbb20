"""The search documents (and so the map page and the API list) read the links from their relation rows.

The queries that build the documents do not grow with the number of resources, and each
document names its organisations and sections in the order of the resource's rows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bronwijzer.catalog.models import Organisation, Resource, ResourceOrganisation, ResourceSection, Section
from bronwijzer.catalog.services import DEFAULT_MAP_PATH, content_changed
from bronwijzer.catalog.snapshot import resource_entries
from bronwijzer.search.documents import published_resource_docs


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def _counted(build) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = build()
    return len(queries), result


def _page_queries(client, path: str) -> int:
    """The queries of one request for the page (the index brought up to date first, if need be)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def _add_linked_resources(count: int, start: int = 0) -> list[Resource]:
    organisations = list(Organisation.objects.order_by("slug")[:3])
    sections = list(Section.objects.order_by("slug")[:2])
    added = []
    for index in range(start, start + count):
        resource = Resource.objects.create(
            slug=f"extra-{index}",
            title=f"Extra {index}",
            summary="x",
            status="published",
            position=900 + index,
        )
        ResourceOrganisation.objects.bulk_create(
            ResourceOrganisation(resource=resource, organisation=org, position=position)
            for position, org in enumerate(reversed(organisations))
        )
        ResourceSection.objects.bulk_create(
            ResourceSection(resource=resource, section=section, position=position)
            for position, section in enumerate(reversed(sections))
        )
        added.append(resource)
    return added


def test_the_documents_take_the_same_queries_for_more_resources_and_keep_the_rows_order(default_map):
    before, _ = _counted(published_resource_docs)
    _add_linked_resources(5)
    after, docs = _counted(published_resource_docs)
    assert after == before
    extra = next(doc for doc in docs if doc.slug == "extra-0")
    organisations = list(Organisation.objects.order_by("slug")[:3])
    assert [org.slug for org in extra.organisations] == [org.slug for org in reversed(organisations)]
    assert list(extra.sections) == [s.slug for s in reversed(Section.objects.order_by("slug")[:2])]


def test_the_map_file_entries_take_the_same_queries_for_more_resources(default_map):
    before, _ = _counted(resource_entries)
    _add_linked_resources(5)
    after, entries = _counted(resource_entries)
    assert after == before
    extra = next(entry for entry in entries if entry["slug"] == "extra-1")
    names = [org.name for org in reversed(Organisation.objects.order_by("slug")[:3])]
    assert [org["name"] for org in extra["organisations"]] == names


@pytest.mark.parametrize("name", ["web:map", "api_v1:list_resources"])
def test_the_map_page_and_the_api_list_take_the_same_queries_for_more_resources(default_map, client, name):
    path = reverse(name) + ("?limit=100" if name.startswith("api") else "")

    def queries() -> int:
        return _page_queries(client, path)

    client.get(path)  # the first index build
    content_changed()
    before = queries()  # a rebuild for the same resources
    _add_linked_resources(5)
    content_changed()  # anything may have changed: built anew, not patched
    after = queries()  # a rebuild for five more
    assert after == before
    assert b"extra-4" in client.get(path).content


@pytest.mark.parametrize("name", ["web:map", "api_v1:list_resources"])
def test_an_index_takes_in_more_new_resources_with_the_same_queries(default_map, client, name):
    path = reverse(name) + ("?limit=100" if name.startswith("api") else "")

    def queries() -> int:
        return _page_queries(client, path)

    client.get(path)  # the first index build
    _add_linked_resources(1)
    one = queries()  # the index takes in one new resource
    _add_linked_resources(5, start=1)
    five = queries()  # and then five more
    assert five == one
    content = client.get(path).content
    assert b"extra-0" in content and b"extra-5" in content
