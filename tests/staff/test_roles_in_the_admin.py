"""What each role may do in the back office, tried by posting the admin's own forms and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from bronwijzer.catalog import publishing
from bronwijzer.catalog.admin_changes import refusal_message
from bronwijzer.catalog.models import Organisation, OrganisationProposal, Resource
from bronwijzer.reports.models import ProblemReport
from bronwijzer.search.models import ZeroResultQuery
from bronwijzer.staff import roles
from tests.catalog.support import form_data, publish_through_review

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-tests"
REPORTS = "/redactie/reports/problemreport/"


def login(username: str, role: str) -> Client:
    user = roles.staff_assign(username, role, password=PASSWORD)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def report(default_map) -> ProblemReport:
    resource = Resource.objects.get(slug="mediagesprek")
    return ProblemReport.objects.create(resource=resource, resource_slug=resource.slug, kinds=["link-kapot"])


def test_every_admin_action_says_which_permission_it_needs():
    """An action without ``permissions`` runs for anyone who may see the list (editors included)."""
    missing = []
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or ():
            function = getattr(model_admin, action) if isinstance(action, str) else action
            if not getattr(function, "allowed_permissions", ()):
                missing.append(f"{model.__name__}.{getattr(function, '__name__', action)}")
    assert not missing, missing


def test_an_editor_cannot_mark_a_report_handled_by_posting_the_action(report):
    editor = login("eva", "editor")
    assert editor.get(REPORTS).status_code == 200, "editors read the queue"
    response = editor.post(REPORTS, {"action": "mark_handled", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.handled_at is None
    assert response.status_code in (200, 302, 403)
    note = editor.post(reverse("admin:reports_problemreport_change", args=[report.pk]), {"editor_note": "x"})
    assert note.status_code == 403
    report.refresh_from_db()
    assert report.editor_note == ""


def test_a_publisher_marks_a_report_handled(report):
    publisher = login("piet", "publisher")
    response = publisher.post(REPORTS, {"action": "mark_handled", "_selected_action": [report.pk]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled_at is not None


def test_publishers_see_zero_result_searches_and_editors_do_not(db):
    zero = ZeroResultQuery.objects.create(query="wraakporno", day=dt.date.today(), count=3)
    url = reverse("admin:search_zeroresultquery_changelist")
    publisher = login("piet", "publisher")
    page = publisher.get(url)
    assert page.status_code == 200 and "wraakporno" in page.content.decode()
    assert "Zoekvragen zonder resultaat" in publisher.get(reverse("admin:index")).content.decode()
    assert publisher.get(reverse("admin:search_zeroresultquery_change", args=[zero.pk])).status_code == 200
    assert login("eva", "editor").get(url).status_code == 403


def _propose_organisation(client, **changes) -> OrganisationProposal:
    data = {"name": "Stichting Nieuw", "slug": "stichting-nieuw", "url": "https://example.org/", "note": ""}
    response = client.post(reverse("admin:catalog_organisationproposal_add"), data | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return OrganisationProposal.objects.get(slug=(data | changes)["slug"])


def test_an_editor_proposes_an_organisation_that_is_not_public_until_approved(default_map):
    editor = login("eva", "editor")
    assert editor.get(reverse("admin:catalog_organisation_add")).status_code == 403
    proposal = _propose_organisation(editor)
    assert proposal.author == editor.user and proposal.is_open
    assert not Organisation.objects.filter(slug="stichting-nieuw").exists()
    assert Client().get("/organisatie/stichting-nieuw/").status_code == 404
    assert "Stichting Nieuw" not in Client().get("/organisaties/").content.decode()

    refused = editor.post(
        reverse("admin:catalog_organisationproposal_changelist"),
        {"action": "approve", "_selected_action": [proposal.pk]},
    )
    assert refused.status_code in (200, 302)
    assert not Organisation.objects.filter(slug="stichting-nieuw").exists(), "an editor cannot approve"

    publisher = login("piet", "publisher")
    queue = publisher.get(reverse("admin:catalog_revision_changelist"), follow=True).content.decode()
    assert "voorgestelde organisatie" in queue
    publisher.post(
        reverse("admin:catalog_organisationproposal_changelist"),
        {"action": "approve", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.state == OrganisationProposal.State.APPROVED and proposal.decided_by == publisher.user
    assert Organisation.objects.get(slug="stichting-nieuw").name == "Stichting Nieuw"


def test_a_proposal_that_repeats_an_existing_organisation_is_refused(default_map):
    editor = login("eva", "editor")
    existing = Organisation.objects.first()
    response = editor.post(
        reverse("admin:catalog_organisationproposal_add"),
        {"name": existing.name, "slug": "iets-anders", "url": "", "note": ""},
    )
    assert response.status_code == 200
    assert "Er is al een organisatie met deze naam." in response.content.decode()


def test_a_draft_naming_a_proposed_organisation_approves_it_when_published(default_map):
    editor = login("eva", "editor")
    proposal = _propose_organisation(editor)
    add = reverse("admin:catalog_resource_add")
    form = editor.get(add).context["adminform"].form
    assert ("stichting-nieuw", "Stichting Nieuw (voorgesteld, nog niet goedgekeurd)") in list(
        form.fields["organisations"].choices
    )
    data = form_data(form) | {
        "title": "Nieuwe gids",
        "slug": "nieuwe-gids",
        "summary": "Een gids in eigen woorden.",
        "organisations": ["stichting-nieuw"],
        **{name: [] for name in ("sections", "themes", "professions", "audiences", "formats", "contexts")},
        "cost": "free",
        "explicitness": "none",
    }
    response = editor.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = Resource.objects.get(slug="nieuwe-gids")

    change = publishing.pending_change(draft)
    assert [proposed.slug for proposed in change.organisations] == ["stichting-nieuw"]
    publisher = login("piet", "publisher")
    review = publisher.get(f"{reverse('admin:catalog_resource_review')}?ids={draft.pk}").content.decode()
    assert "Nieuwe organisatie (wordt goedgekeurd)" in review and "Stichting Nieuw" in review

    publish_through_review(publisher, draft)
    draft.refresh_from_db()
    proposal.refresh_from_db()
    assert draft.status == "published" and proposal.state == OrganisationProposal.State.APPROVED
    assert Organisation.objects.filter(slug="stichting-nieuw").exists()
    assert "Stichting Nieuw" in Client().get(draft.get_absolute_url()).content.decode()


def test_a_draft_naming_a_declined_organisation_cannot_go_live(default_map):
    editor = login("eva", "editor")
    proposal = _propose_organisation(editor)
    draft = Resource.objects.filter(status="published").first()
    draft.status, draft.organisations = "draft", ["stichting-nieuw"]
    draft.save()
    publisher = login("piet", "publisher")
    publisher.post(
        reverse("admin:catalog_organisationproposal_changelist"),
        {"action": "decline", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.state == OrganisationProposal.State.DECLINED
    change = publishing.pending_change(Resource.objects.get(pk=draft.pk))
    with pytest.raises(publishing.ReviewRefused) as refused:
        publishing.changes_publish([change.token], by=publisher.user)
    assert "noemt een organisatie die niet (meer) bestaat (stichting-nieuw)" in refusal_message(refused.value)
    assert Resource.objects.get(pk=draft.pk).status == "draft"
