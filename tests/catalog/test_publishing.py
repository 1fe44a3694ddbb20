"""Roles and review: an editor's change to a published entry goes live only after a publisher saw it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from bronwijzer.catalog import publishing, services
from bronwijzer.catalog.admin_changes import refusal_message
from bronwijzer.catalog.models import HelpLine, Resource, Revision
from bronwijzer.staff import roles
from tests.catalog.support import form_data, publish_through_review

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-tests"
SLUG = "escaperoom-het-stopt-bij-jou"


def login(username: str, role: str) -> Client:
    user = roles.staff_assign(username, role, password=PASSWORD)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def eva(default_map):
    return login("eva", "editor")


@pytest.fixture
def piet(default_map):
    return login("piet", "publisher")


@pytest.fixture
def resource(default_map):
    return Resource.objects.get(slug=SLUG)


def change_url(obj) -> str:
    return reverse("admin:catalog_resource_change", args=[obj.pk])


def review_url(*objs) -> str:
    return f"{reverse('admin:catalog_resource_review')}?ids={','.join(str(o.pk) for o in objs)}"


def propose(client, resource, **changes):
    data = form_data(client.get(change_url(resource)).context["adminform"].form) | changes
    return client.post(change_url(resource), data)


def public_title(resource) -> str:
    html = Client().get(resource.get_absolute_url()).content.decode()
    return html


def test_an_editors_change_waits_for_a_publisher_who_sees_the_difference_first(eva, piet, resource):
    response = propose(eva, resource, title="Het stopt bij jou! Nieuwe editie", age_max="16")
    assert response.status_code == 302 and response["Location"] == review_url(resource)
    resource.refresh_from_db()
    assert resource.title == "Het stopt bij jou!"
    assert "Nieuwe editie" not in public_title(resource)

    page = eva.get(review_url(resource))
    html = page.content.decode()
    assert "Het stopt bij jou! Nieuwe editie" in html and "Nu online" in html
    assert [d.name for d in page.context["changes"][0].diffs] == ["title", "age_max"]
    assert 'name="publish"' not in html and "Alleen een eindredacteur" in html
    token = page.context["changes"][0].token
    assert eva.post(review_url(resource), {"token": token, "publish": "1"}).status_code == 403

    publish_through_review(piet, resource)
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == ("Het stopt bij jou! Nieuwe editie", 16)
    assert "Nieuwe editie" in public_title(resource)
    record = resource.history.first()
    assert record.history_user == piet.user
    assert record.history_change_reason == "proposal published:eva", "a code and the proposer, no sentence"
    history_page = piet.get(reverse("admin:catalog_resource_history", args=[resource.pk])).content.decode()
    assert "Voorstel van eva gepubliceerd door piet" in history_page
    revision = Revision.objects.get(resource=resource)
    assert (revision.state, revision.decided_by) == ("published", piet.user)


def test_the_editor_continues_the_open_proposal_and_the_form_says_so(eva, resource):
    propose(eva, resource, title="Eerste voorstel")
    page = eva.get(change_url(resource))
    assert page.context["adminform"].form["title"].value() == "Eerste voorstel"
    assert "Je ziet het openstaande voorstel van eva" in page.content.decode()
    assert propose(eva, resource, age_min="13").status_code == 302
    revision = Revision.objects.get(resource=resource, state="open")
    assert (revision.data["title"], revision.data["age_min"]) == ("Eerste voorstel", 13)
    assert Revision.objects.count() == 1


def test_an_editor_cannot_change_what_is_live_by_any_other_route(eva, resource):
    changelist = reverse("admin:catalog_resource_changelist")
    action_form = eva.get(changelist).context["action_form"]
    actions = [name for name, _label in action_form.fields["action"].choices] if action_form else []
    assert not {"publish", "unpublish", "mark_reviewed"} & set(actions)
    eva.post(changelist, {"action": "unpublish", "_selected_action": [resource.pk]})
    eva.post(changelist, {"action": "mark_reviewed", "_selected_action": [resource.pk]})
    assert Resource.objects.get(pk=resource.pk).status == "published"
    assert Resource.objects.get(pk=resource.pk).reviewed_at == resource.reviewed_at

    helpline = HelpLine.objects.first()
    assert (
        eva.get(reverse("admin:catalog_helpline_change", args=[helpline.pk])).context["has_change_permission"]
        is False
    )
    assert (
        eva.post(reverse("admin:catalog_resource_delete", args=[resource.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Resource.objects.filter(pk=resource.pk).exists()
    with pytest.raises(PermissionDenied):
        publishing.changes_publish([publishing.pending_change(resource).token], by=eva.user)


def test_a_new_entry_is_a_draft_until_a_publisher_publishes_it(eva, piet, resource):
    blank = form_data(eva.get(reverse("admin:catalog_resource_add")).context["adminform"].form)
    data = {name: value for name, value in blank.items() if value != ""} | {
        "title": "Nieuw lesmateriaal",
        "slug": "nieuw-lesmateriaal",
        "summary": "Een nieuwe bron in eigen woorden.",
        "status": "published",  # not a field: ignored
    }
    response = eva.post(reverse("admin:catalog_resource_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Resource.objects.get(slug="nieuw-lesmateriaal")
    assert new.status == "draft"
    assert Client().get(new.get_absolute_url()).status_code == 404
    change = piet.get(review_url(new)).context["changes"][0]
    assert change.kind == "new" and "Nieuw lesmateriaal" in [d.proposed for d in change.diffs]
    publish_through_review(piet, new)
    assert Client().get(new.get_absolute_url()).status_code == 200


def test_a_publish_of_something_that_changed_after_it_was_shown_publishes_nothing(eva, piet, resource):
    other = Resource.objects.get(slug="mediadiamant")
    propose(eva, resource, title="Titel A")
    propose(eva, other, title="Mediadiamant, nieuw")
    shown = piet.get(review_url(resource, other)).context["publishable"]
    propose(eva, other, title="Mediadiamant, nog eens anders")  # after the publisher looked

    response = piet.post(review_url(resource, other), {"token": [c.token for c in shown], "publish": "1"})
    assert response.status_code == 200
    assert "gewijzigd nadat je de verschillen bekeek" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).title == "Het stopt bij jou!", "all or nothing"
    assert Resource.objects.get(pk=other.pk).title == other.title


def test_a_proposal_keeps_what_changed_live_meanwhile_and_refuses_a_clash(eva, piet, resource):
    propose(eva, resource, title="Titel van Eva", url="https://example.org/eva")
    services.resource_mark_reviewed(Resource.objects.get(pk=resource.pk), on=dt.date(2026, 1, 5))
    # the link changed live too, differently: that field clashes
    live = Resource.objects.get(pk=resource.pk)
    live.url = "https://example.org/doorverwezen"
    live.save()
    change = publishing.pending_change(Resource.objects.get(pk=resource.pk))
    assert [d.name for d in change.conflicts] == ["url"]
    page = piet.get(review_url(resource))
    assert page.context["publishable"] == [] and "ook online gewijzigd" in page.content.decode()
    with pytest.raises(publishing.ReviewRefused) as refused:
        publishing.changes_publish([change.token], by=piet.user)
    assert (refused.value.reason, [f.name for f in refused.value.fields]) == ("clash", ["url"])
    assert "veranderde na het voorstel in hetzelfde veld (Webadres)" in refusal_message(refused.value)

    propose(eva, resource, url="https://example.org/doorverwezen")  # Eva takes the live link over
    publish_through_review(piet, resource)
    resource.refresh_from_db()
    assert (resource.title, resource.url, resource.reviewed_at) == (
        "Titel van Eva",
        "https://example.org/doorverwezen",
        dt.date(2026, 1, 5),
    )


def test_a_second_editor_cannot_overwrite_the_first_editors_proposal(eva, default_map, resource):
    bram = login("bram", "editor")
    form_b = form_data(bram.get(change_url(resource)).context["adminform"].form)
    assert propose(eva, resource, title="Titel van Eva").status_code == 302

    response = bram.post(change_url(resource), form_b | {"age_max": "15"})
    assert response.status_code == 200
    message = " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())
    assert "eva heeft een voorstel" in message and "Titel van Eva" in message
    assert Revision.objects.get(resource=resource, state="open").data["title"] == "Titel van Eva"

    again = form_data(response.context["adminform"].form)  # a deliberate second save replaces it
    assert bram.post(change_url(resource), again).status_code == 302
    assert Revision.objects.get(resource=resource, state="open").data["age_max"] == 15


def test_a_declined_proposal_changes_nothing_and_the_next_edit_starts_from_what_is_live(eva, piet, resource):
    propose(eva, resource, title="Slechte titel")
    revision = Revision.objects.get(resource=resource, state="open")
    response = piet.post(
        review_url(resource),
        {"decline": "1", "revision": revision.pk, "seen": revision.edit_version, "reason": "Klopt niet."},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert (revision.state, revision.decision_note, revision.decided_by) == (
        "declined",
        "Klopt niet.",
        piet.user,
    )
    assert Resource.objects.get(pk=resource.pk).title == "Het stopt bij jou!"
    assert eva.get(change_url(resource)).context["adminform"].form["title"].value() == "Het stopt bij jou!"


def test_taking_a_resource_offline_folds_its_open_proposal_into_the_draft(eva, piet, resource):
    propose(eva, resource, title="Titel in het voorstel")
    changelist = reverse("admin:catalog_resource_changelist")
    piet.post(changelist, {"action": "unpublish", "_selected_action": [resource.pk]})
    resource.refresh_from_db()
    assert (resource.status, resource.title) == ("draft", "Titel in het voorstel")
    assert Revision.objects.get(resource=resource).state == "drafted"


def test_roles_are_groups_with_exactly_their_permissions_and_sync_is_idempotent(db):
    roles.roles_sync()
    first = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    roles.roles_sync()
    again = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert first == again
    editor, publisher = first["Redacteur"], first["Eindredacteur"]
    assert {"change_resource", "add_resource", "view_helpline", "view_revision"} <= editor
    assert not {"publish_resource", "delete_resource", "change_helpline", "change_user"} & editor
    assert editor < publisher and {"publish_resource", "change_helpline"} <= publisher
    assert "change_user" not in publisher and publisher < first["Beheerder"]


def test_the_staff_command_creates_accounts_with_one_role_and_checks_the_password(db, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    call_command("staff", "anna", role="editor", password_stdin=True, stdout=out)
    assert "Redacteur" in out.getvalue()
    call_command("staff", "anna", role="publisher", keep_password=True, stdout=out)
    from django.contrib.auth import get_user_model

    anna = get_user_model().objects.get(username="anna")
    assert anna.is_staff and not anna.is_superuser and anna.check_password(PASSWORD)
    assert list(anna.groups.values_list("name", flat=True)) == ["Eindredacteur"]
    with pytest.raises(CommandError, match="password refused"):
        monkeypatch.setattr("sys.stdin", io.StringIO("12345\n"))
        call_command("staff", "bob", role="editor", password_stdin=True)
    listing = io.StringIO()
    call_command("staff", stdout=listing)
    assert "anna\tEindredacteur\tactief" in listing.getvalue()
