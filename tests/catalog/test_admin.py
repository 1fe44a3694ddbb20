"""The editorial back office, driven through the real admin views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from tests.catalog.support import form_data, publish_through_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


MODELS = [Resource, Section, Organisation, GlossaryTerm, HelpLine, Map]


@pytest.fixture
def editor(client, admin_user, default_map):
    client.force_login(admin_user)
    return client


def change_url(obj) -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_searchable_list_with_filters(editor, model):
    url = reverse(f"admin:catalog_{model._meta.model_name}_changelist")
    response = editor.get(url, {"q": "a"})
    assert response.status_code == 200
    admin_class = response.context["cl"].model_admin
    assert admin_class.search_fields
    if model is not Map and model is not GlossaryTerm:
        assert admin_class.list_filter


def test_vocabulary_list_filters_work_on_json_lists(editor):
    url = reverse("admin:catalog_resource_changelist")
    response = editor.get(url, {"format": "podcast"})
    expected = {r.pk for r in Resource.objects.all() if "podcast" in r.formats}
    assert {r.pk for r in response.context["cl"].result_list} == expected
    assert expected


def test_the_resource_form_offers_vocabularies_as_checkboxes(editor):
    resource = Resource.objects.first()
    html = editor.get(change_url(resource)).content.decode()
    assert 'type="checkbox" name="themes" value="preventie"' in html
    assert 'type="checkbox" name="formats" value="escaperoom"' in html
    assert 'type="checkbox" name="organisations"' in html


def test_an_edit_to_a_published_resource_goes_live_only_when_published_and_can_be_reverted(editor):
    resource = Resource.objects.get(title="Het stopt bij jou!")
    original_title = resource.title
    form = editor.get(change_url(resource)).context["adminform"].form
    data = form_data(form) | {"title": "Het stopt bij jou! (nieuw)", "age_max": "16"}
    response = editor.post(change_url(resource), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "nakijken" in response["Location"]
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == (original_title, 17), "live before it was published"

    publish_through_review(editor, resource)
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == ("Het stopt bij jou! (nieuw)", 16)
    history = list(resource.history.order_by("history_date"))
    assert len(history) == 2
    assert history[-1].history_user is not None
    assert history[-1].history_change_reason.startswith("proposal published:")

    first = history[0]
    revert_url = reverse("admin:catalog_resource_simple_history", args=[resource.pk, first.history_id])
    revert_form = editor.get(revert_url).context["adminform"].form
    response = editor.post(revert_url, form_data(revert_form))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Het stopt bij jou! (nieuw)", "a revert of a published entry is a proposal too"
    publish_through_review(editor, resource)
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == (original_title, 17)
    assert resource.history.count() == 3


def test_the_form_refuses_what_the_map_file_refuses(editor):
    resource = Resource.objects.first()
    form = editor.get(change_url(resource)).context["adminform"].form
    bad = form_data(form) | {
        "url": "javascript:alert(1)",
        "languages": "nl, xx",
        "age_min": "15",
        "age_max": "12",
    }
    response = editor.post(change_url(resource), bad)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "url" in errors
    assert any("xx" in e for e in errors.get("languages", [])) or any("xx" in str(e) for e in errors.values())
    resource.refresh_from_db()
    assert resource.url != "javascript:alert(1)"


def test_publish_and_unpublish_actions(editor):
    resource = Resource.objects.first()
    url = reverse("admin:catalog_resource_changelist")
    editor.post(url, {"action": "unpublish", "_selected_action": [resource.pk]})
    resource.refresh_from_db()
    assert resource.status == "draft"
    response = editor.post(url, {"action": "publish", "_selected_action": [resource.pk]})
    assert response.status_code == 302 and "nakijken" in response["Location"]
    resource.refresh_from_db()
    assert resource.status == "draft", "the action only opens the review"
    publish_through_review(editor, resource)
    resource.refresh_from_db()
    assert resource.status == "published"


def test_view_on_site_previews_a_draft_for_staff(editor):
    resource = Resource.objects.first()
    resource.status = "draft"
    resource.save()
    html = editor.get(change_url(resource)).content.decode()
    assert resource.get_absolute_url() in html or "/r/" in html
    assert editor.get(resource.get_absolute_url()).status_code == 200


def test_the_admin_requires_a_staff_login(client, default_map):
    response = client.get(reverse("admin:catalog_resource_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(("model", "field"), [(Organisation, "organisations"), (Section, "sections")])
def test_an_organisation_or_section_in_use_cannot_be_deleted_or_renamed(editor, model, field):
    used = next(
        obj
        for obj in model.objects.all()
        if any(obj.slug in getattr(r, field) for r in Resource.objects.all())
    )
    delete_url = reverse(f"admin:catalog_{model._meta.model_name}_delete", args=[used.pk])
    response = editor.post(delete_url, {"post": "yes"})
    assert model.objects.filter(pk=used.pk).exists()
    assert "Bron:" in response.content.decode()
    html = editor.get(change_url(used)).content.decode()
    assert 'name="slug"' not in html  # shown read-only


@pytest.mark.parametrize(
    "typed",
    ["Databank | | 2024-01-31", '[{"source": "Databank", "date": "2024-01-31"}]'],
    ids=["one line per recognition", "the map file's notation"],
)
def test_recognition_typed_in_the_admin_is_stored_as_the_map_file_stores_it(editor, typed):
    resource = Resource.objects.get(title="Het stopt bij jou!")
    form = editor.get(change_url(resource)).context["adminform"].form
    data = form_data(form) | {"recognition": typed}
    assert editor.post(change_url(resource), data).status_code == 302
    publish_through_review(editor, resource)
    resource.refresh_from_db()
    assert resource.recognition == [{"source": "Databank", "level": None, "date": "2024-01-31", "url": None}]
    shown = editor.get(change_url(resource)).context["adminform"].form["recognition"].value()
    assert editor.get(change_url(resource)).content.decode().count("Databank |  | 2024-01-31") == 1, shown
