"""Every write of content moves the content version, whatever path it takes (``catalog.versioning``).

The search index of every process and the page cache are only fresh if the counter moves
with each change of what the site shows. These tests write through every path there is
(the real admin, the map import, publishing, a revert, the link checker, a restore) and
check that it moved, in the transaction of the write.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bronwijzer.backup import services as backup
from bronwijzer.catalog import proposals, services
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, OrganisationProposal, Resource, Revision
from bronwijzer.linkcheck.classify import REDIRECT_PERMANENT
from bronwijzer.linkcheck.models import LinkState
from tests.catalog.support import form_data, publish_through_review

pytestmark = pytest.mark.django_db


def counter() -> int:
    return services.content_version()[0]


@contextmanager
def moves(by: int | None = None):
    """The block moves the content version (by exactly ``by``, when given)."""
    before = counter()
    yield
    after = counter()
    assert after > before, "the content version did not move"
    if by is not None:
        assert after - before == by


@pytest.fixture
def boss(loaded, django_user_model) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("baas", "baas@example.org", "x" * 16))
    return client


def change(client: Client, obj, url: str | None = None, **values):
    url = url or reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url).context["adminform"].form) | values
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# -- the back office ----------------------------------------------------------------------------------


def test_a_change_in_the_admin_moves_the_version(boss):
    helpline = HelpLine.objects.order_by("pk").first()
    with moves(by=1):
        change(boss, helpline, note="Ook via WhatsApp.")
    assert HelpLine.objects.get(pk=helpline.pk).note == "Ook via WhatsApp."


def test_an_entry_added_in_the_admin_moves_the_version(boss):
    add = reverse("admin:catalog_glossaryterm_add")
    data = form_data(boss.get(add).context["adminform"].form)
    data |= {"slug": "nieuw-begrip", "term": "Nieuw begrip", "definition": "Uitleg.", "position": "99"}
    with moves(by=1):
        assert boss.post(add, data).status_code == 302
    assert GlossaryTerm.objects.filter(slug="nieuw-begrip").exists()


def test_a_delete_in_the_admin_moves_the_version(boss):
    helpline = HelpLine.objects.order_by("pk").first()
    url = reverse("admin:catalog_helpline_delete", args=[helpline.pk])
    with moves(by=1):
        assert boss.post(url, {"post": "yes"}).status_code == 302
    assert not HelpLine.objects.filter(pk=helpline.pk).exists()


def test_deleting_a_selection_in_the_admin_moves_the_version_once(boss):
    terms = list(GlossaryTerm.objects.order_by("pk").values_list("pk", flat=True)[:3])
    changelist = reverse("admin:catalog_glossaryterm_changelist")
    with moves(by=1):
        response = boss.post(
            changelist, {"action": "delete_selected", "_selected_action": terms, "post": "yes"}
        )
    assert response.status_code == 302
    assert not GlossaryTerm.objects.filter(pk__in=terms).exists()


def test_a_revert_from_the_history_moves_the_version(boss):
    helpline = HelpLine.objects.order_by("pk").first()
    change(boss, helpline, note="Tijdelijk.")
    first = helpline.history.order_by("history_date", "history_id").first()
    revert = reverse("admin:catalog_helpline_simple_history", args=[helpline.pk, first.history_id])
    with moves(by=1):
        change(boss, helpline, url=revert)
    assert HelpLine.objects.get(pk=helpline.pk).note == first.note


def test_publishing_a_draft_moves_the_version(boss):
    resource = services.resource_unpublish(Resource.objects.get(slug="mediadiamant"))
    with moves():
        publish_through_review(boss, resource)
    assert Resource.objects.get(pk=resource.pk).status == "published"


def test_taking_a_resource_offline_and_marking_it_reviewed_move_the_version(loaded):
    resource = Resource.objects.get(slug="mediadiamant")
    with moves():
        services.resource_unpublish(resource)
    with moves():
        services.resource_mark_reviewed(resource)


def test_approving_a_proposed_organisation_on_its_own_moves_the_version(boss, django_user_model):
    """The approved organisation gets its public page: the readers must see it (missed before)."""
    proposal = OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    publisher = django_user_model.objects.get(username="baas")
    with moves():
        proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)


def test_a_proposal_for_a_published_resource_changes_nothing_shown_and_need_not_move_it(boss):
    resource = Resource.objects.get(slug="mediadiamant")
    before = counter()
    change(boss, resource, title="Mediadiamant, voorgesteld")
    assert Revision.objects.filter(resource=resource, state="open").exists()
    assert Resource.objects.get(pk=resource.pk).title == resource.title
    assert counter() == before


# -- services -------------------------------------------------------------------------------------------


def test_a_map_import_moves_the_version_once(loaded, doc):
    doc["resources"][0]["title"] += " (herzien)"
    doc["resources"].append({**doc["resources"][1], "slug": "nieuwe-bron", "title": "Nieuwe bron"})
    with moves(by=1):
        services.map_import(MapDocument.model_validate(doc))
    assert Resource.objects.filter(slug="nieuwe-bron").exists()


def test_taking_over_a_permanent_redirect_from_the_link_check_moves_the_version(boss):
    resource = Resource.objects.exclude(url=None).order_by("pk").first()
    now = timezone.now()
    state = LinkState.objects.create(
        url=resource.url,
        status=REDIRECT_PERMANENT,
        final_url="https://example.org/nieuw-adres",
        checked_at=now,
        since=now,
    )
    changelist = reverse("admin:linkcheck_linkstate_changelist")
    with moves():
        boss.post(changelist, {"action": "accept_redirect", "_selected_action": [state.pk]})
    assert Resource.objects.get(pk=resource.pk).url == "https://example.org/nieuw-adres"


def test_a_restore_moves_the_version_past_the_old_and_the_restored_one(loaded, tmp_path):
    backup.map_backup(tmp_path / "site.json.gz")
    for _ in range(3):
        services.content_changed()
    before = counter()
    backup.map_restore(tmp_path / "site.json.gz")
    assert counter() > before


def test_a_plain_save_moves_the_version_and_rolls_back_with_its_transaction(loaded):
    term = GlossaryTerm.objects.order_by("pk").first()
    with moves(by=1):
        term.definition = "Andere uitleg."
        term.save()
    before = counter()
    with pytest.raises(RuntimeError), transaction.atomic():
        term.definition = "Nog een andere uitleg."
        term.save()
        assert counter() == before + 1
        raise RuntimeError("the write fails after the save")
    assert counter() == before


def test_bulk_writes_that_send_no_post_save_move_the_version_too(loaded):
    """``update`` and ``bulk_create`` bypass the save signals; the content QuerySet bumps for them."""
    helpline = HelpLine.objects.order_by("pk").first()
    with moves(by=1):
        assert HelpLine.objects.filter(pk=helpline.pk).update(note="Bijgewerkt in bulk.") == 1
    with moves(by=1):
        Resource.objects.filter(slug="mediadiamant").update(title="Mediadiamant in bulk")
    with moves(by=1):
        GlossaryTerm.objects.bulk_create([GlossaryTerm(slug="bulk", term="Bulk", definition="In één keer.")])
    before = counter()
    assert HelpLine.objects.filter(pk=-1).update(note="niemand") == 0
    assert counter() == before, "nothing written, nothing to rebuild"
