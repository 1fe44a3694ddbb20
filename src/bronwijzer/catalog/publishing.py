"""Publishing: nothing goes live before a publisher has seen exactly what changes.

- **Editors** write drafts (a resource that was never published is edited directly:
  it is not on the site) and *propose* changes to published resources. A proposal is a
  :class:`~bronwijzer.catalog.models.Revision`: the proposed values plus the published
  values they were written against (``base``).
- **Publishers** (permission ``catalog.publish_resource``) see each pending change as
  a field-by-field difference against what is live, and publish or decline it. A
  publish names the exact versions that were shown (a *token*); if the draft, the
  proposal or the published entry changed after that, nothing is published and the
  publisher is asked to look again.
- A proposal is applied three-way: only the fields the editor changed (``data`` differs
  from ``base``) are taken over, so a change made to the published entry meanwhile
  (a link taken over from a redirect, "mark reviewed") is kept. If both changed the
  same field differently, publishing is refused for that entry and the field is named.
- Taking a resource offline is immediate (it removes, never adds): an open proposal is
  then folded into the draft, so no editor's work is lost.

This module holds the rules only: a difference carries model fields and stored values,
a refusal a reason and the fields concerned. How they are shown to an editor (labels,
Dutch sentences) is presentation: ``catalog.admin_changes``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bronwijzer.catalog import proposals
from bronwijzer.catalog.linklists import link_lists
from bronwijzer.catalog.models import EditConflict, OrganisationProposal, Resource, Revision
from bronwijzer.catalog.versioning import expect_version

PUBLISH_PERMISSION = "catalog.publish_resource"

#: Resource fields that are not content: changed by publishing, ordering or bookkeeping only.
_NOT_PROPOSED = frozenset({"id", "status", "position", "edit_version", "created_at", "updated_at"})


class ReviewRefused(Exception):
    """A publish or decline that cannot go ahead; nothing was changed.

    ``reason`` says why (one of the constants below); ``resource``, ``fields`` (model
    fields) and ``detail`` (validation messages, unknown names) say where.
    """

    #: The resource, its proposal or a proposed organisation changed after the publisher looked.
    MOVED = "moved"
    #: One of the resources does not exist any more.
    GONE = "gone"
    #: The published entry changed the same field as the proposal, differently.
    CLASH = "clash"
    #: There is nothing to publish for the resource.
    NOTHING = "nothing"
    #: The resource would not be valid once published (``detail``: the problems).
    INVALID = "invalid"
    #: The resource names an organisation that exists neither approved nor proposed (``detail``: slugs).
    UNKNOWN_ORGANISATION = "unknown organisation"
    #: A proposed organisation it names cannot be approved (``organisation_refusal``: why).
    ORGANISATION_REFUSED = "organisation refused"
    #: The proposal to decline changed or was decided after the publisher looked.
    DECIDED = "decided"

    def __init__(
        self,
        reason: str,
        resource: Resource | None = None,
        *,
        fields: tuple[Any, ...] = (),
        detail: str = "",
        organisation_refusal: proposals.ProposalRefused | None = None,
    ):
        super().__init__(f"{reason}: {resource} {[f.name for f in fields]} {detail}".strip())
        self.reason = reason
        self.resource = resource
        self.fields = fields
        self.detail = detail
        #: For ``ORGANISATION_REFUSED``: why the proposed organisation could not be approved.
        self.organisation_refusal = organisation_refusal


#: What publishing records as the change reason of a version (django-simple-history): a code, and
#: after a ``:`` the name of whoever proposed the change; the publisher is the version's user. The
#: history page says it in words (``catalog.admin_reasons.change_reason_text``).
REASON_PUBLISHED = "published"
REASON_PROPOSAL_PUBLISHED = "proposal published"


def change_reason(code: str, proposer: Any = None) -> str:
    """The change reason ``code``, or ``code:name`` when someone proposed it (100 characters at most)."""
    return f"{code}:{_name(proposer)}"[:100] if proposer is not None else code


def user_may_publish(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def proposed_fields() -> list[Any]:
    """The resource's content fields: what a proposal carries and a publisher compares.

    Its concrete fields and its lists of organisations and sections (``catalog.linklists``),
    which a proposal carries as slugs like any other list.
    """
    concrete = [f for f in Resource._meta.concrete_fields if f.name not in _NOT_PROPOSED]
    return [*concrete, *link_lists(Resource)]


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def resource_values(resource: Resource) -> dict[str, Any]:
    """The content of ``resource`` as JSON-ready values, by field name."""
    return {f.name: _json(f.value_from_object(resource)) for f in proposed_fields()}


def same_value(a: Any, b: Any) -> bool:
    """Equal as content: a list of slugs is a set (its order is not an edit), so are language modes.

    The admin's checkboxes give their values in the order of the choices, not the stored order,
    so comparing lists as lists showed "Ouders, Professionals → Professionals, Ouders", a change
    nobody made. Recognitions (a list of records) keep their order.
    """
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, str) for x in (*a, *b)):
        return len(a) == len(b) and set(a) == set(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[key], b[key]) for key in a)
    return bool(a == b)


def _python(field: Any, value: Any) -> Any:
    return field.to_python(value) if value is not None and isinstance(value, str) else value


def revision_open(resource: Resource) -> Revision | None:
    if resource.pk is None:
        return None
    return Revision.objects.filter(resource_id=resource.pk, state=Revision.State.OPEN).first()


def proposal_values(revision: Revision, resource: Resource) -> dict[str, Any]:
    """What the resource would hold once ``revision`` is published (Python values, by field name).

    The fields the editor changed come from the proposal; every other field keeps the
    value the published entry holds now.
    """
    result = {}
    for field in proposed_fields():
        name = field.name
        if name in revision.data and not same_value(revision.data[name], revision.base.get(name)):
            result[name] = _python(field, revision.data[name])
        else:
            result[name] = field.value_from_object(resource)
    return result


@dataclass(frozen=True)
class FieldDiff:
    """One field that publishing changes: the model field and its stored values (Python)."""

    field: Any
    #: What is live now; None for a draft that was never published.
    published: Any
    proposed: Any
    #: The published entry changed this field too, differently, after the proposal was written.
    conflict: bool = False
    #: For a list of slugs: what the proposal adds and what it takes away.
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        name: str = self.field.name
        return name


@dataclass(frozen=True)
class PendingChange:
    resource: Resource
    revision: Revision | None
    #: "new": a draft that goes live as a whole; "proposal": a change to a published entry;
    #: "none": nothing to publish.
    kind: str
    diffs: tuple[FieldDiff, ...]
    #: The exact versions shown; a publish must name them.
    token: str
    #: Proposed organisations the resource names: publishing approves them (they are shown too).
    organisations: tuple[OrganisationProposal, ...] = ()

    @property
    def conflicts(self) -> tuple[FieldDiff, ...]:
        return tuple(diff for diff in self.diffs if diff.conflict)


def _token(resource: Resource, revision: Revision | None, organisations: Iterable[Any] = ()) -> str:
    """The versions shown: the resource, its proposal and every proposed organisation it names."""
    token = f"{resource.pk}.{resource.edit_version}.0.0"
    if revision is not None:
        token = f"{resource.pk}.{resource.edit_version}.{revision.pk}.{revision.edit_version}"
    return token + "".join(f".o{p.pk}-{p.edit_version}" for p in organisations)


def pending_change(resource: Resource) -> PendingChange:
    """What publishing ``resource`` now would change, field by field."""
    revision = revision_open(resource) if resource.status == "published" else None
    diffs = []
    if resource.status != "published":
        for field in proposed_fields():
            value = field.value_from_object(resource)
            if value in (None, "", [], {}) or (field.name == "url_verified" and not value):
                continue
            diffs.append(FieldDiff(field, None, value))
        found, _unknown = proposals.proposals_named(resource.organisations)
        return PendingChange(resource, None, "new", tuple(diffs), _token(resource, None, found), tuple(found))
    if revision is None:
        return PendingChange(resource, None, "none", (), _token(resource, None))
    for field in proposed_fields():
        name = field.name
        current = _json(field.value_from_object(resource))
        proposed, base = revision.data.get(name, current), revision.base.get(name, current)
        if same_value(proposed, base) or same_value(proposed, current):
            continue
        added, removed = _list_change(current, proposed)
        diffs.append(
            FieldDiff(
                field,
                _python(field, current),
                _python(field, proposed),
                conflict=not same_value(current, base),
                added=added,
                removed=removed,
            )
        )
    found = []
    if diffs:
        found, _unknown = proposals.proposals_named(proposal_values(revision, resource)["organisations"])
    token = _token(resource, revision, found)
    return PendingChange(resource, revision, "proposal", tuple(diffs), token, tuple(found))


def _list_change(current: Any, proposed: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The values a list field gains and loses (empty for anything but a list of slugs)."""
    current = [] if current is None else current
    if not (isinstance(current, list) and isinstance(proposed, list)):
        return (), ()
    if not all(isinstance(item, str) for item in (*current, *proposed)):
        return (), ()
    added = tuple(item for item in proposed if item not in current)
    removed = tuple(item for item in current if item not in proposed)
    return added, removed


@transaction.atomic
def revision_propose(
    resource: Resource,
    values: dict[str, Any],
    *,
    author: Any,
    expected_version: int | None,
    note: str = "",
) -> Revision:
    """Keep an editor's change to a published resource as its open proposal (new or continued).

    ``expected_version`` is the version of the open proposal the editor's form was loaded
    with (None: there was none). If another proposal was saved since, this raises
    :class:`~bronwijzer.catalog.models.EditConflict` and writes nothing.
    """
    stored = Resource.objects.get(pk=resource.pk)
    if stored.status != "published":
        raise ValueError(f"{stored}: only a published resource takes proposals; edit the draft itself")
    data = {f.name: _json(values[f.name]) for f in proposed_fields() if f.name in values}
    current = revision_open(stored)
    if current is None:
        if expected_version is not None:
            raise EditConflict(stored, expected_version)
        try:
            with transaction.atomic():
                return Revision.objects.create(
                    resource=stored, data=data, base=resource_values(stored), author=author, note=note
                )
        except IntegrityError:  # another editor opened a proposal at the same moment
            raise EditConflict(stored, 0) from None
    if expected_version is None:
        raise EditConflict(current, current.edit_version)
    current.data, current.base, current.author = data, resource_values(stored), author
    current.note = note or current.note
    expect_version(current, expected_version)
    current.save()
    return current


def _check_token(change: PendingChange, token: str) -> None:
    if change.token != token:
        raise ReviewRefused(ReviewRefused.MOVED, change.resource)


@transaction.atomic
def changes_publish(tokens: list[str], *, by: Any) -> list[Resource]:
    """Publish the changes a publisher has seen, all or nothing. ``tokens`` name the versions shown."""
    if not user_may_publish(by):
        raise PermissionDenied("only a publisher publishes")
    seen = []
    for token in tokens:  # first every check, so that nothing shown has moved when anything changes
        pk = token.split(".", 1)[0]
        resource = Resource.objects.select_for_update().filter(pk=int(pk)).first() if pk.isdigit() else None
        if resource is None:
            raise ReviewRefused(ReviewRefused.GONE)
        change = pending_change(resource)
        _check_token(change, token)
        if change.conflicts:
            fields = tuple(diff.field for diff in change.conflicts)
            raise ReviewRefused(ReviewRefused.CLASH, resource, fields=fields)
        if change.kind == "none":
            raise ReviewRefused(ReviewRefused.NOTHING, resource)
        seen.append((resource, change))
    published = []
    for resource, change in seen:
        _approve_named_organisations(resource, change, by)
        resource._history_user = by
        if change.kind == "new":
            resource.status = "published"
            resource._change_reason = change_reason(REASON_PUBLISHED)
        else:
            revision = change.revision
            assert revision is not None  # a change of kind "proposal" has its open revision
            for name, value in proposal_values(revision, resource).items():
                setattr(resource, name, value)
            resource._change_reason = change_reason(REASON_PROPOSAL_PUBLISHED, revision.author)
            _decide(revision, Revision.State.PUBLISHED, by)
        try:
            resource.full_clean()
        except ValidationError as error:
            raise ReviewRefused(ReviewRefused.INVALID, resource, detail="; ".join(error.messages)) from None
        resource.save()  # moves the content version (catalog.versioning)
        published.append(resource)
    return published


def _approve_named_organisations(resource: Resource, change: PendingChange, by: Any) -> None:
    """A live resource names approved organisations only: the proposed ones it names are approved now."""
    if change.kind == "new":
        slugs = resource.organisations
    elif change.kind == "proposal":
        assert change.revision is not None  # a change of kind "proposal" has its open revision
        slugs = proposal_values(change.revision, resource)["organisations"]
    else:
        return
    found, unknown = proposals.proposals_named(slugs)
    if unknown:
        raise ReviewRefused(ReviewRefused.UNKNOWN_ORGANISATION, resource, detail=", ".join(unknown))
    for proposal in found:
        try:
            proposals.organisation_proposal_approve(proposal, by=by, may_publish=True)
        except proposals.ProposalRefused as refusal:
            raise ReviewRefused(
                ReviewRefused.ORGANISATION_REFUSED,
                resource,
                detail=str(refusal),
                organisation_refusal=refusal,
            ) from None


@transaction.atomic
def revision_decline(revision: Revision, *, by: Any, seen_version: int, reason: str = "") -> Revision:
    """A publisher declines a proposal; the published entry stays as it is."""
    if not user_may_publish(by):
        raise PermissionDenied("only a publisher declines a proposal")
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.OPEN or revision.edit_version != seen_version:
        raise ReviewRefused(ReviewRefused.DECIDED, revision.resource)
    _decide(revision, Revision.State.DECLINED, by, reason)
    return revision


def revision_fold_into_draft(resource: Resource) -> None:
    """The resource goes offline: its open proposal becomes part of the draft (nothing is lost)."""
    revision = revision_open(resource)
    if revision is None:
        return
    for name, value in proposal_values(revision, resource).items():
        setattr(resource, name, value)
    _decide(revision, Revision.State.DRAFTED, None)  # the state says what happened (admin_review shows it)


def _decide(revision: Revision, state: str, by: Any, note: str = "") -> None:
    revision.state = state
    revision.decided_by = by
    revision.decided_at = timezone.now()
    revision.decision_note = note
    revision.save()


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())
