"""New organisations proposed by editors: approved by a publisher before anything public names them.

An editor adds an :class:`~bronwijzer.catalog.models.OrganisationProposal`; a draft resource
(or a proposal for a published one) may already name it. Nothing public reads proposals, so
it stays invisible until a publisher approves it, which creates the real
:class:`~bronwijzer.catalog.models.Organisation` with the same name in the web address.
Approval happens either on its own (the list of proposed organisations) or together with a
resource that names it, on the review page, where the publisher sees it as a new
organisation (``catalog.publishing``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from bronwijzer.catalog.models import Organisation, OrganisationProposal


class ProposalRefused(Exception):
    """An approval or decline that cannot go ahead; nothing changed.

    ``reason`` says why (one of the constants below); for ``CLASH``, ``problems`` holds the
    codes of :func:`organisation_proposal_check`. How it is said to an editor is presentation
    (``catalog.admin_changes.proposal_refusal_message``).
    """

    #: The proposal was approved or declined already.
    DECIDED = "decided"
    #: An organisation or another open proposal already takes its name or slug (``problems``).
    CLASH = "clash"

    def __init__(self, reason: str, proposal: OrganisationProposal, problems: tuple[str, ...] = ()):
        super().__init__(f"{reason}: {proposal} {' '.join(problems)}".strip())
        self.reason = reason
        self.proposal = proposal
        self.problems = problems


#: The change reason of an organisation made from a proposal: the code, then ``:`` and the name of
#: whoever proposed it (see ``publishing.change_reason``).
REASON_APPROVED = "proposal approved"

#: Why a proposal cannot be made or approved (:func:`organisation_proposal_check`).
SLUG_TAKEN = "slug taken"
NAME_TAKEN = "name taken"
SLUG_PROPOSED = "slug proposed"


@dataclass(frozen=True)
class OrganisationOption:
    """An organisation a resource can name: approved, or only proposed (``proposed``)."""

    slug: str
    name: str
    proposed: bool = False


def organisation_options() -> list[OrganisationOption]:
    """What a resource can name: approved organisations, then the open proposals."""
    approved = [
        OrganisationOption(slug, name) for slug, name in Organisation.objects.values_list("slug", "name")
    ]
    taken = {option.slug for option in approved}
    proposed = [
        OrganisationOption(p.slug, p.name, proposed=True)
        for p in OrganisationProposal.objects.filter(state=OrganisationProposal.State.OPEN).order_by("name")
        if p.slug not in taken
    ]
    return approved + proposed


def organisation_names() -> dict[str, str]:
    """Name by slug, for every organisation a resource may name (approved or proposed)."""
    names = dict(
        OrganisationProposal.objects.filter(state=OrganisationProposal.State.OPEN).values_list("slug", "name")
    )
    names.update(Organisation.objects.values_list("slug", "name"))
    return names


def proposals_named(slugs: Iterable[str]) -> tuple[list[OrganisationProposal], list[str]]:
    """Of ``slugs`` that are not an approved organisation: the open proposals, and the unknown rest."""
    wanted = [slug for slug in slugs if slug]
    approved = set(Organisation.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    pending = [slug for slug in wanted if slug not in approved]
    found = {
        p.slug: p
        for p in OrganisationProposal.objects.filter(slug__in=pending, state=OrganisationProposal.State.OPEN)
    }
    return [found[s] for s in pending if s in found], [s for s in pending if s not in found]


def organisation_proposal_check(slug: str, name: str, *, exclude_pk: int | None = None) -> list[str]:
    """Why a proposal with this slug and name cannot be made (empty: it can), as codes."""
    problems = []
    if Organisation.objects.filter(slug=slug).exists():
        problems.append(SLUG_TAKEN)
    if Organisation.objects.filter(name__iexact=name).exists():
        problems.append(NAME_TAKEN)
    others = OrganisationProposal.objects.filter(state=OrganisationProposal.State.OPEN, slug=slug)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        problems.append(SLUG_PROPOSED)
    return problems


@transaction.atomic
def organisation_proposal_approve(
    proposal: OrganisationProposal, *, by: Any, may_publish: bool
) -> Organisation:
    """Create the organisation a proposal describes; the proposal is then approved."""
    if not may_publish:
        raise PermissionDenied("only a publisher approves an organisation")
    proposal = OrganisationProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_open:
        raise ProposalRefused(ProposalRefused.DECIDED, proposal)
    problems = organisation_proposal_check(proposal.slug, proposal.name, exclude_pk=proposal.pk)
    if problems:
        raise ProposalRefused(ProposalRefused.CLASH, proposal, tuple(problems))
    organisation = Organisation(slug=proposal.slug, name=proposal.name, url=proposal.url)
    organisation._history_user = by
    organisation._change_reason = (
        f"{REASON_APPROVED}:{_name(proposal.author)}"[:100] if proposal.author else REASON_APPROVED
    )
    organisation.save()
    _decide(proposal, OrganisationProposal.State.APPROVED, by)
    return organisation


@transaction.atomic
def organisation_proposal_decline(
    proposal: OrganisationProposal, *, by: Any, may_publish: bool, reason: str = ""
) -> OrganisationProposal:
    if not may_publish:
        raise PermissionDenied("only a publisher declines a proposal")
    proposal = OrganisationProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_open:
        raise ProposalRefused(ProposalRefused.DECIDED, proposal)
    _decide(proposal, OrganisationProposal.State.DECLINED, by, reason)
    return proposal


def _decide(proposal: OrganisationProposal, state: str, by: Any, note: str = "") -> None:
    proposal.state = state
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal._history_user = by
    proposal.save()


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())
