"""A proposal's review compares lists of values as sets: a new order is not a change, a new value is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bronwijzer.catalog import publishing
from bronwijzer.catalog.admin_changes import change_shown
from bronwijzer.catalog.forms import ResourceForm
from bronwijzer.catalog.models import Resource, Revision
from tests.catalog.support import form_data
from tests.catalog.test_publishing import login

pytestmark = pytest.mark.django_db

SLUG = "escaperoom-het-stopt-bij-jou"


@pytest.fixture
def resource(default_map):
    # stored in another order than the checkboxes list them (vocab: professionals, ouders, ...)
    Resource.objects.filter(slug=SLUG).update(audiences=["ouders", "professionals"], themes=["preventie"])
    return Resource.objects.get(slug=SLUG)


def change_url(resource) -> str:
    return reverse("admin:catalog_resource_change", args=[resource.pk])


def propose(client, resource, **changes):
    data = form_data(client.get(change_url(resource)).context["adminform"].form) | changes
    response = client.post(change_url(resource), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Revision.objects.get(resource=resource, state=Revision.State.OPEN)


def test_same_value_treats_lists_of_slugs_and_language_modes_as_sets():
    assert publishing.same_value(["ouders", "professionals"], ["professionals", "ouders"])
    assert not publishing.same_value(["ouders"], ["ouders", "jongeren"])
    assert publishing.same_value({"nl": ["tekst", "audio"]}, {"nl": ["audio", "tekst"]})
    assert not publishing.same_value({"nl": ["tekst"]}, {"nl": ["tekst"], "ar": ["tekst"]})
    assert not publishing.same_value([{"source": "a"}, {"source": "b"}], [{"source": "b"}, {"source": "a"}])


def test_an_edit_that_only_retypes_a_title_shows_no_spurious_list_change(resource):
    eva = login("eva", "editor")
    revision = propose(eva, resource, title="Het stopt bij jou! (tweede editie)")
    change = publishing.pending_change(Resource.objects.get(pk=resource.pk))
    assert [diff.name for diff in change.diffs] == ["title"]
    assert revision.data["audiences"] == ["ouders", "professionals"], "the form kept the stored order"


def test_a_proposal_stored_in_another_order_is_no_change_and_keeps_the_published_order(resource):
    eva = login("eva", "editor")
    revision = propose(eva, resource, title="Nieuwe titel")
    revision.data["audiences"] = ["professionals", "ouders"]  # as an older form stored it
    revision.save()
    change = publishing.pending_change(Resource.objects.get(pk=resource.pk))
    assert [diff.name for diff in change.diffs] == ["title"]
    publishing.changes_publish([change.token], by=login("piet", "publisher").user)
    resource.refresh_from_db()
    assert resource.audiences == ["ouders", "professionals"]
    assert resource.title == "Nieuwe titel"


def test_a_real_list_change_shows_what_is_added_and_removed(resource):
    eva = login("eva", "editor")
    propose(eva, resource, audiences=["professionals", "jongeren"])
    change = publishing.pending_change(Resource.objects.get(pk=resource.pk))
    (diff,) = change.diffs
    assert (diff.name, diff.added, diff.removed) == ("audiences", ("jongeren",), ("ouders",))
    (shown,) = change_shown(change, ResourceForm()).diffs
    assert (shown.added, shown.removed) == (("Jongeren",), ("Ouders",))
    page = (
        login("piet", "publisher")
        .get(f"{reverse('admin:catalog_resource_review')}?ids={resource.pk}")
        .content.decode()
    )
    assert "Erbij: Jongeren" in page and "Eraf: Ouders" in page
