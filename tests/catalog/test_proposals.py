"""Proposed organisations: the domain refuses with codes, the back office says why in words."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import proposals
from bronwijzer.catalog.admin_changes import decision_note_text, proposal_refusal_message
from bronwijzer.catalog.admin_reasons import change_reason_text
from bronwijzer.catalog.forms import organisation_choice_label
from bronwijzer.catalog.models import Organisation, OrganisationProposal, Revision


@pytest.fixture
def publisher(db):
    return get_user_model().objects.create_superuser("piet", "piet@example.org", "x")


def test_an_approval_of_a_decided_proposal_is_refused_with_its_reason(publisher):
    proposal = OrganisationProposal.objects.create(slug="nieuw", name="Nieuw", state="declined")
    with pytest.raises(proposals.ProposalRefused) as refused:
        proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)
    assert (refused.value.reason, refused.value.proposal, refused.value.problems) == ("decided", proposal, ())
    assert proposal_refusal_message(refused.value) == "“Nieuw” is al afgehandeld."
    with translation.override("en"):
        assert proposal_refusal_message(refused.value) == "“Nieuw” has already been dealt with."


def test_an_approval_that_clashes_names_each_problem_as_a_code_and_in_words(publisher):
    Organisation.objects.create(slug="bestaand", name="Nieuw")
    proposal = OrganisationProposal.objects.create(slug="bestaand", name="Nieuw")
    with pytest.raises(proposals.ProposalRefused) as refused:
        proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)
    assert refused.value.reason == proposals.ProposalRefused.CLASH
    assert refused.value.problems == (proposals.SLUG_TAKEN, proposals.NAME_TAKEN)
    assert proposal_refusal_message(refused.value) == (
        "“Nieuw” kan niet worden goedgekeurd: Er is al een organisatie met deze naam in het webadres. "
        "Er is al een organisatie met deze naam."
    )
    assert OrganisationProposal.objects.get(pk=proposal.pk).state == "open"


def test_the_options_mark_a_proposal_and_the_form_says_so_in_the_language_of_the_page(db):
    Organisation.objects.create(slug="bestaand", name="Bestaand")
    OrganisationProposal.objects.create(slug="nieuw", name="Nieuw")
    OrganisationProposal.objects.create(slug="bestaand", name="Dubbel")  # its slug is taken: not offered
    options = proposals.organisation_options()
    assert options == [
        proposals.OrganisationOption("bestaand", "Bestaand"),
        proposals.OrganisationOption("nieuw", "Nieuw", proposed=True),
    ]
    assert [organisation_choice_label(o) for o in options] == [
        "Bestaand",
        "Nieuw (voorgesteld, nog niet goedgekeurd)",
    ]
    with translation.override("en"):
        assert organisation_choice_label(options[1]) == "Nieuw (proposed, not approved yet)"


def test_the_approve_action_on_a_decided_proposal_says_why_in_dutch(publisher, client):
    client.force_login(publisher)
    proposal = OrganisationProposal.objects.create(slug="nieuw", name="Nieuw", state="approved")
    response = client.post(
        reverse("admin:catalog_organisationproposal_changelist"),
        {"action": "approve", "_selected_action": [proposal.pk]},
        follow=True,
    )
    assert "“Nieuw” is al afgehandeld." in [str(m) for m in response.context["messages"]]


def test_an_approved_proposal_records_a_code_and_the_history_says_it_in_words(publisher, client):
    author = get_user_model().objects.create_user("eva", "eva@example.org", "x")
    proposal = OrganisationProposal.objects.create(slug="nieuw", name="Nieuw", author=author)
    organisation = proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)
    record = organisation.history.get()
    assert record.history_change_reason == "proposal approved:eva"
    assert change_reason_text(record.history_change_reason, record.history_user) == (
        "Voorgesteld door eva, goedgekeurd door piet"
    )
    with translation.override("en"):
        assert change_reason_text(record.history_change_reason, record.history_user) == (
            "Proposed by eva, approved by piet"
        )
    client.force_login(publisher)
    page = client.get(reverse("admin:catalog_organisation_history", args=[organisation.pk]))
    assert "Voorgesteld door eva, goedgekeurd door piet" in page.content.decode()


def test_a_change_reason_stored_as_a_sentence_is_shown_as_it_was_written(publisher):
    for stored in (
        "Voorstel van eva gepubliceerd door piet",
        "Linkcontrole: permanente doorverwijzing overgenomen",
    ):
        assert change_reason_text(stored, publisher) == stored
    assert change_reason_text(None, publisher) == ""
    assert change_reason_text("published", None) == "Gepubliceerd door onbekend"


def test_a_proposal_folded_into_the_draft_says_so_without_storing_a_sentence(db):
    revision = Revision(state=Revision.State.DRAFTED, decision_note="")
    assert decision_note_text(revision) == "De bron ging offline; het voorstel staat nu in het concept."
    with translation.override("en"):
        assert decision_note_text(revision).startswith("The resource went offline")
    assert decision_note_text(Revision(state=Revision.State.DECLINED, decision_note="Dubbel.")) == "Dubbel."
