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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bronwijzer.catalog import concurrency, proposals
from bronwijzer.catalog.models import Resource, Revision

PUBLISH_PERMISSION = "catalog.publish_resource"

#: Resource fields that are not content: changed by publishing, ordering or bookkeeping only.
_NOT_PROPOSED = frozenset({"id", "status", "position", "edit_version", "created_at", "updated_at"})

NOT_PUBLISHED = "(nog niet gepubliceerd)"


class ReviewRefused(Exception):
    """A publish or decline that cannot go ahead; nothing was changed. The message says why, in Dutch."""


def user_may_publish(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def proposed_fields() -> list:
    """The resource's content fields: what a proposal carries and a publisher compares."""
    return [f for f in Resource._meta.concrete_fields if f.name not in _NOT_PROPOSED]


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
    name: str
    label: str
    published: str
    proposed: str
    #: The published entry changed this field too, differently, after the proposal was written.
    conflict: bool = False
    #: For a list of values: what the proposal adds and what it takes away (labels).
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


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

    @property
    def conflicts(self) -> tuple[FieldDiff, ...]:
        return tuple(diff for diff in self.diffs if diff.conflict)


def _token(resource: Resource, revision: Revision | None, organisations: Iterable[Any] = ()) -> str:
    """The versions shown: the resource, its proposal and every proposed organisation it names."""
    token = f"{resource.pk}.{resource.edit_version}.0.0"
    if revision is not None:
        token = f"{resource.pk}.{resource.edit_version}.{revision.pk}.{revision.edit_version}"
    return token + "".join(f".o{p.pk}-{p.edit_version}" for p in organisations)


#: The label of a proposed organisation that goes live with a resource, on the review page.
NEW_ORGANISATION = "Nieuwe organisatie (wordt goedgekeurd)"


def _organisation_diffs(slugs: list[str]) -> tuple[list[Any], tuple[FieldDiff, ...]]:
    """The proposed organisations among ``slugs``: they go live with the resource, so they are shown."""
    found, _unknown = proposals.proposals_named(slugs)
    diffs = tuple(
        FieldDiff(
            "organisation_proposal", NEW_ORGANISATION, NOT_PUBLISHED, f"{p.name} ({p.url or 'geen webadres'})"
        )
        for p in found
    )
    return found, diffs


def labels_form() -> Any:
    """An unbound resource form: the labels and choice names a difference is shown with."""
    from bronwijzer.catalog.forms import ResourceForm

    return ResourceForm()


def pending_change(resource: Resource, form: Any = None) -> PendingChange:
    """What publishing ``resource`` now would change, field by field (labels from ``form``)."""
    form = form or labels_form()
    revision = revision_open(resource) if resource.status == "published" else None
    diffs = []
    if resource.status != "published":
        for field in proposed_fields():
            value = field.value_from_object(resource)
            if value in (None, "", [], {}) or (field.name == "url_verified" and not value):
                continue
            diffs.append(
                FieldDiff(
                    field.name,
                    concurrency.field_label(form, field),
                    NOT_PUBLISHED,
                    concurrency.value_shown(form, field, value),
                )
            )
        found, extra = _organisation_diffs(resource.organisations)
        return PendingChange(resource, None, "new", (*diffs, *extra), _token(resource, None, found))
    if revision is None:
        return PendingChange(resource, None, "none", (), _token(resource, None))
    for field in proposed_fields():
        name = field.name
        current = _json(field.value_from_object(resource))
        proposed, base = revision.data.get(name, current), revision.base.get(name, current)
        if same_value(proposed, base) or same_value(proposed, current):
            continue
        added, removed = _list_change(form, field, current, proposed)
        diffs.append(
            FieldDiff(
                name,
                concurrency.field_label(form, field),
                concurrency.value_shown(form, field, _python(field, current)),
                concurrency.value_shown(form, field, _python(field, proposed)),
                conflict=not same_value(current, base),
                added=added,
                removed=removed,
            )
        )
    if diffs:
        found, extra = _organisation_diffs(proposal_values(revision, resource)["organisations"])
    else:
        found, extra = [], ()
    return PendingChange(resource, revision, "proposal", (*diffs, *extra), _token(resource, revision, found))


def _list_change(
    form: Any, field: Any, current: Any, proposed: Any
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The labels of the values a list field gains and loses (empty for anything but a list of slugs)."""
    current = [] if current is None else current
    if not (isinstance(current, list) and isinstance(proposed, list)):
        return (), ()
    if not all(isinstance(item, str) for item in (*current, *proposed)):
        return (), ()
    added = tuple(concurrency.value_shown(form, field, [item]) for item in proposed if item not in current)
    removed = tuple(concurrency.value_shown(form, field, [item]) for item in current if item not in proposed)
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
    :class:`~bronwijzer.catalog.concurrency.EditConflict` and writes nothing.
    """
    stored = Resource.objects.get(pk=resource.pk)
    if stored.status != "published":
        raise ValueError(f"{stored}: only a published resource takes proposals; edit the draft itself")
    data = {f.name: _json(values[f.name]) for f in proposed_fields() if f.name in values}
    current = revision_open(stored)
    if current is None:
        if expected_version is not None:
            raise concurrency.EditConflict(stored, expected_version)
        try:
            with transaction.atomic():
                return Revision.objects.create(
                    resource=stored, data=data, base=resource_values(stored), author=author, note=note
                )
        except IntegrityError:  # another editor opened a proposal at the same moment
            raise concurrency.EditConflict(stored, 0) from None
    if expected_version is None:
        raise concurrency.EditConflict(current, current.edit_version)
    current.data, current.base, current.author = data, resource_values(stored), author
    current.note = note or current.note
    concurrency.expect_version(current, expected_version)
    current.save()
    return current


def _check_token(change: PendingChange, token: str) -> None:
    if change.token != token:
        raise ReviewRefused(
            f"“{change.resource}” is gewijzigd nadat je de verschillen bekeek. "
            "Er is niets gepubliceerd; bekijk de verschillen opnieuw."
        )


@transaction.atomic
def changes_publish(tokens: list[str], *, by: Any) -> list[Resource]:
    """Publish the changes a publisher has seen, all or nothing. ``tokens`` name the versions shown."""
    if not user_may_publish(by):
        raise PermissionDenied("Alleen een eindredacteur mag publiceren.")
    seen = []
    form = labels_form()  # once for the batch (it reads the organisations and sections)
    for token in tokens:  # first every check, so that nothing shown has moved when anything changes
        pk = token.split(".", 1)[0]
        resource = Resource.objects.select_for_update().filter(pk=int(pk)).first() if pk.isdigit() else None
        if resource is None:
            raise ReviewRefused("Een van de bronnen bestaat niet meer. Er is niets gepubliceerd.")
        change = pending_change(resource, form)
        _check_token(change, token)
        if change.conflicts:
            names = ", ".join(diff.label for diff in change.conflicts)
            raise ReviewRefused(
                f"“{resource}”: de gepubliceerde versie veranderde na het voorstel in hetzelfde veld "
                f"({names}). Er is niets gepubliceerd; pas het voorstel aan of wijs het af."
            )
        if change.kind == "none":
            raise ReviewRefused(f"“{resource}”: er is niets te publiceren.")
        seen.append((resource, change))
    published = []
    for resource, change in seen:
        _approve_named_organisations(resource, change, by)
        resource._history_user = by
        if change.kind == "new":
            resource.status = "published"
            resource._change_reason = f"Gepubliceerd door {_name(by)}"
        else:
            revision = change.revision
            assert revision is not None  # a change of kind "proposal" has its open revision
            for name, value in proposal_values(revision, resource).items():
                setattr(resource, name, value)
            resource._change_reason = f"Voorstel van {_name(revision.author)} gepubliceerd door {_name(by)}"
            _decide(revision, Revision.State.PUBLISHED, by)
        try:
            resource.full_clean()
        except ValidationError as error:
            problems = "; ".join(error.messages)
            raise ReviewRefused(
                f"“{resource}” kan zo niet live: {problems}. Er is niets gepubliceerd."
            ) from None
        resource.save()
        published.append(resource)
    from bronwijzer.catalog.services import content_changed

    content_changed()
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
        raise ReviewRefused(
            f"“{resource}” noemt een organisatie die niet (meer) bestaat ({', '.join(unknown)}). "
            "Er is niets gepubliceerd; kies in de bron een bestaande organisatie."
        )
    for proposal in found:
        try:
            proposals.organisation_proposal_approve(proposal, by=by, may_publish=True)
        except proposals.ProposalRefused as refusal:
            raise ReviewRefused(f"{refusal} Er is niets gepubliceerd.") from None


@transaction.atomic
def revision_decline(revision: Revision, *, by: Any, seen_version: int, reason: str = "") -> Revision:
    """A publisher declines a proposal; the published entry stays as it is."""
    if not user_may_publish(by):
        raise PermissionDenied("Alleen een eindredacteur mag een voorstel afwijzen.")
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.OPEN or revision.edit_version != seen_version:
        raise ReviewRefused("Dit voorstel is gewijzigd of al afgehandeld. Bekijk het opnieuw.")
    _decide(revision, Revision.State.DECLINED, by, reason)
    return revision


def revision_fold_into_draft(resource: Resource) -> None:
    """The resource goes offline: its open proposal becomes part of the draft (nothing is lost)."""
    revision = revision_open(resource)
    if revision is None:
        return
    for name, value in proposal_values(revision, resource).items():
        setattr(resource, name, value)
    _decide(
        revision, Revision.State.DRAFTED, None, "De bron ging offline; het voorstel staat nu in het concept."
    )


def _decide(revision: Revision, state: str, by: Any, note: str = "") -> None:
    revision.state = state
    revision.decided_by = by
    revision.decided_at = timezone.now()
    revision.decision_note = note
    revision.save()


def _name(user: Any) -> str:
    if user is None:
        return "onbekend"
    return str(user.get_full_name() or user.get_username())
