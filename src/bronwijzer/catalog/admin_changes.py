"""How a change is shown to an editor in the back office: field labels, values, and the refusals.

The rules live in the domain: the compare-and-set of ``edit_version``
(:class:`~bronwijzer.catalog.models.EditVersioned`, :mod:`bronwijzer.catalog.versioning`)
and publishing (:mod:`bronwijzer.catalog.publishing`). This module is their face:

- **A stale edit form.** An edit form carries the version it was loaded with (the hidden
  field ``loaded_version``). Its ``clean`` (:func:`refuse_if_stale`) refuses anything but
  exactly the stored version, with a Dutch message naming who saved, when, and what they
  changed (the history record at the loaded version against the row as it is now). The
  refused form keeps what the editor typed, takes over what only the other editor
  changed and carries the new version, so a second save is a choice made after seeing
  the other's change. If another save comes in between that check and the write, the
  write's compare-and-set raises ``EditConflict``: :func:`run_refusing_lost_races` rolls
  the request back and runs the view once more, where the check refuses it.
- **The publisher's review**: a pending change's fields with labels and values as an
  editor reads them (:func:`change_shown`), and why a publish was refused
  (:func:`refusal_message`).

Labels come from the form field or else the model field's ``verbose_name``; sentences go
through gettext (Dutch source strings).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bronwijzer.catalog import proposals
from bronwijzer.catalog.linklists import LinkList, link_lists
from bronwijzer.catalog.models import EditConflict, Resource, Revision
from bronwijzer.catalog.publishing import PendingChange, ReviewRefused

#: The hidden form field with the version the form was loaded with.
LOADED_VERSION = "loaded_version"

#: Model names (verbose_name) that take "het" in Dutch: "dit begrip ... terwijl jij het bewerkte".
_HET_WORDS = frozenset({"begrip"})

#: How many times a view whose save lost the race is run again before the error is raised.
_ATTEMPTS = 3


# -- the admin views ------------------------------------------------------------------------------


def run_refusing_lost_races(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run an admin view in a transaction; if its save lost the race, roll back and run it again.

    The second run reads the row as the other save left it, so the form refuses the stale
    save with the usual message instead of an error page. On SQLite a save that read the
    row before another save committed cannot write at all ("database is locked": SQLite
    refuses to write from an old snapshot); that is the same lost race.
    """
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return view(*args, **kwargs)
        except (EditConflict, OperationalError) as error:
            if attempt == _ATTEMPTS - 1 or not _lost_race(error):
                raise
    raise AssertionError("unreachable")


def _lost_race(error: Exception) -> bool:
    if isinstance(error, EditConflict):
        return True
    return connection.vendor == "sqlite" and "database is locked" in str(error)


def with_loaded_version(fieldsets: Any) -> Any:
    """The admin's fieldsets with the hidden ``loaded_version`` field, so the form renders it."""
    fieldsets = list(fieldsets)
    if not fieldsets or LOADED_VERSION in flatten_fieldsets(fieldsets):
        return fieldsets
    title, options = fieldsets[0]
    return [(title, {**options, "fields": (*options["fields"], LOADED_VERSION)}), *fieldsets[1:]]


# -- fields and values as an editor reads them ---------------------------------------------------


def field_label(form: forms.BaseForm | None, field: Any) -> str:
    form_field = form.fields.get(field.name) if form is not None else None
    return str(
        form_field.label if form_field is not None and form_field.label else capfirst(field.verbose_name)
    )


def value_shown(form: forms.BaseForm | None, field: Any, value: Any) -> str:
    """A stored value as an editor reads it: labels for vocabulary slugs, names for references."""
    if value is None or value == "" or value == [] or value == {}:
        return _("(leeg)")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    labels = _labels(form, field)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {', '.join(map(str, modes))}" for key, modes in value.items())
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ", ".join(labels.get(item, item) for item in cast(list[str], value))
        if all(isinstance(item, dict) for item in value):  # records (recognitions): one per line
            return "\n".join(
                " | ".join(str(v) for v in item.values() if v not in (None, "")) for item in value
            )
        return json.dumps(value, ensure_ascii=False)
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def _labels(form: forms.BaseForm | None, field: Any) -> dict[str, str]:
    form_field = form.fields.get(field.name) if form is not None else None
    choices = getattr(form_field, "choices", None) or field.flatchoices or []
    labels = {}
    for choice in choices:
        if isinstance(choice, list | tuple) and len(choice) == 2 and not isinstance(choice[1], list | tuple):
            labels[str(choice[0])] = str(choice[1])
    return labels


# -- the publisher's review -----------------------------------------------------------------------


@dataclass(frozen=True)
class DiffShown:
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
class ChangeShown:
    """A :class:`~bronwijzer.catalog.publishing.PendingChange` with every difference labelled."""

    change: PendingChange
    diffs: tuple[DiffShown, ...]

    @property
    def resource(self) -> Resource:
        return self.change.resource

    @property
    def revision(self) -> Revision | None:
        return self.change.revision

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def token(self) -> str:
        return self.change.token

    @property
    def conflicts(self) -> tuple[DiffShown, ...]:
        return tuple(diff for diff in self.diffs if diff.conflict)


def change_shown(change: PendingChange, form: forms.BaseForm) -> ChangeShown:
    """``change`` with labels and values from ``form`` (a resource form: its choices name the slugs)."""
    not_published = _("(nog niet gepubliceerd)")
    diffs = [
        DiffShown(
            diff.name,
            field_label(form, diff.field),
            not_published if change.kind == "new" else value_shown(form, diff.field, diff.published),
            value_shown(form, diff.field, diff.proposed),
            conflict=diff.conflict,
            added=tuple(value_shown(form, diff.field, [item]) for item in diff.added),
            removed=tuple(value_shown(form, diff.field, [item]) for item in diff.removed),
        )
        for diff in change.diffs
    ]
    for proposal in change.organisations:
        address = proposal.url or _("geen webadres")
        diffs.append(
            DiffShown(
                "organisation_proposal",
                _("Nieuwe organisatie (wordt goedgekeurd)"),
                not_published,
                f"{proposal.name} ({address})",
            )
        )
    return ChangeShown(change, tuple(diffs))


def refusal_message(refusal: ReviewRefused) -> str:
    """Why nothing was published (or declined), for the publisher."""
    resource = refusal.resource
    nothing = _("Er is niets gepubliceerd.")
    if refusal.reason == ReviewRefused.MOVED:
        return _(
            "“%(resource)s” is gewijzigd nadat je de verschillen bekeek. "
            "Er is niets gepubliceerd; bekijk de verschillen opnieuw."
        ) % {"resource": resource}
    if refusal.reason == ReviewRefused.GONE:
        return _("Een van de bronnen bestaat niet meer.") + " " + nothing
    if refusal.reason == ReviewRefused.CLASH:
        names = ", ".join(capfirst(field.verbose_name) for field in refusal.fields)
        return _(
            "“%(resource)s”: de gepubliceerde versie veranderde na het voorstel in hetzelfde veld "
            "(%(fields)s). Er is niets gepubliceerd; pas het voorstel aan of wijs het af."
        ) % {"resource": resource, "fields": names}
    if refusal.reason == ReviewRefused.NOTHING:
        return _("“%(resource)s”: er is niets te publiceren.") % {"resource": resource}
    if refusal.reason == ReviewRefused.INVALID:
        return _("“%(resource)s” kan zo niet live: %(problems)s.") % {
            "resource": resource,
            "problems": refusal.detail,
        } + (" " + nothing)
    if refusal.reason == ReviewRefused.UNKNOWN_ORGANISATION:
        return _(
            "“%(resource)s” noemt een organisatie die niet (meer) bestaat (%(slugs)s). "
            "Er is niets gepubliceerd; kies in de bron een bestaande organisatie."
        ) % {"resource": resource, "slugs": refusal.detail}
    if refusal.reason == ReviewRefused.ORGANISATION_REFUSED and refusal.organisation_refusal is not None:
        return f"{proposal_refusal_message(refusal.organisation_refusal)} {nothing}"
    return _("Dit voorstel is gewijzigd of al afgehandeld. Bekijk het opnieuw.")


# -- a decided proposal ------------------------------------------------------------------------


def decision_note_text(revision: Any) -> str:
    """What a decided proposal says: the publisher's note, or what happened when it went into a draft."""
    if not revision.decision_note and revision.state == Revision.State.DRAFTED:
        return _("De bron ging offline; het voorstel staat nu in het concept.")
    return str(revision.decision_note)


# -- proposed organisations ----------------------------------------------------------------------


def proposal_problem_message(code: str) -> str:
    """Why a proposed organisation cannot be made or approved (a code of ``catalog.proposals``)."""
    messages = {
        proposals.SLUG_TAKEN: _("Er is al een organisatie met deze naam in het webadres."),
        proposals.NAME_TAKEN: _("Er is al een organisatie met deze naam."),
        proposals.SLUG_PROPOSED: _("Er wacht al een voorstel met deze naam in het webadres."),
    }
    return messages[code]


def proposal_refusal_message(refusal: proposals.ProposalRefused) -> str:
    """An approval or decline that did not go ahead, said to the publisher."""
    if refusal.reason == proposals.ProposalRefused.DECIDED:
        return _("“%(proposal)s” is al afgehandeld.") % {"proposal": refusal.proposal}
    problems = " ".join(proposal_problem_message(code) for code in refusal.problems)
    return _("“%(proposal)s” kan niet worden goedgekeurd: %(problems)s") % {
        "proposal": refusal.proposal,
        "problems": problems,
    }


# -- a stale edit form: what the other editor changed -------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    was: str
    now: str
    #: "merged": now in the form; "same": the editor typed the same; "yours": the editor changed it too
    #: (their value stays in the form); "not in form": not on this form, so their save cannot touch it.
    state: str


@dataclass(frozen=True)
class Conflict:
    loaded: int | None
    current: int
    #: False when the loaded version is not in the history (e.g. a tampered form): no diff then.
    known: bool
    changes: tuple[FieldChange, ...]
    editors: tuple[str, ...]
    at: datetime.datetime | None
    #: The other editor's new values (as stored, not as shown), by field name.
    values: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)


def refuse_if_stale(form: Any, loaded: int | None, current: int) -> Conflict | None:
    """The form's check: refuse unless it was loaded with exactly the stored version.

    On a refusal the form gets a non-field error listing the other editor's change,
    takes over what only they changed, and (when that change is known) carries the
    current version, so that saving again is possible.
    """
    if loaded == current:
        return None
    conflict = describe_conflict(form, loaded, current)
    form.add_error(None, conflict_message(conflict, form.instance))
    if conflict.known:
        data = form.data.copy()  # request.POST is immutable
        for change in conflict.changes:
            if change.state == "merged":
                _put(form, data, change.name, conflict.values[change.name])
        data[form.add_prefix(LOADED_VERSION)] = str(current)
        form.data = data
    return conflict


def describe_conflict(form: Any, loaded: int | None, current: int) -> Conflict:
    """Who saved since ``loaded``, when, and every field that differs from the loaded version."""
    instance = form.instance
    model = type(instance)
    records = model.history.filter(**{model._meta.pk.attname: instance.pk})
    base = None
    if loaded is not None and loaded < current:
        base = records.filter(edit_version=loaded).order_by("-history_date", "-history_id").first()
    later = records.select_related("history_user").order_by("history_date", "history_id")
    later = later.filter(edit_version__gt=loaded) if base is not None else later.reverse()[:1]
    editors: list[str] = []
    at = None
    for record in later:
        at = record.history_date
        user = record.history_user
        name = (user.get_full_name() or user.get_username()) if user is not None else ""
        if name and name not in editors:
            editors.append(name)
    if base is None:
        return Conflict(loaded, current, False, (), tuple(editors), at)

    now = model._base_manager.get(pk=instance.pk)
    changes = []
    values: dict[str, Any] = {}
    for model_field in _compared_fields(model):
        new = getattr(now, model_field.attname)
        if isinstance(model_field, LinkList):  # a version keeps these as rows of its own
            was = model_field.recorded_slugs(base)
        else:
            was = getattr(base, model_field.attname)
        if was == new:
            continue
        values[model_field.name] = new
        changes.append(
            FieldChange(
                model_field.name,
                field_label(form, model_field),
                value_shown(form, model_field, was),
                value_shown(form, model_field, new),
                _state(form, model_field.name, was, new),
            )
        )
    return Conflict(loaded, current, True, tuple(changes), tuple(editors), at, values)


def _compared_fields(model: Any) -> Iterator[Any]:
    """The content fields of ``model``: its concrete fields and its link lists (``catalog.linklists``)."""
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "edit_version":
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        yield field
    yield from link_lists(model)


def _state(form: Any, name: str, was: Any, new: Any) -> str:
    if name not in form.fields:
        return "not in form"
    bound = form[name]
    typed = _plain(bound.data)
    if not bound.field.has_changed(_plain(new), typed):
        return "same"
    if bound.field.has_changed(_plain(was), typed):
        return "yours"
    return "merged"


def _plain(value: Any) -> Any:
    """Browsers send line breaks in text areas as CR LF; compare text without that difference."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _put(form: Any, data: Any, name: str, value: Any) -> None:
    """Put a model value into the form's data as the browser would send it."""
    field = form.fields[name]
    widget = field.widget
    key = form.add_prefix(name)
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
        return
    shown = widget.format_value(field.prepare_value(value))
    if isinstance(shown, list | tuple):
        if getattr(widget, "allow_multiple_selected", False):
            items = [str(item) for item in shown]
            if hasattr(data, "setlist"):
                data.setlist(key, items)
            else:
                data[key] = items
            return
        shown = shown[0] if shown else ""
    data[key] = "" if shown is None else str(shown)


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    time = f"{local:%H:%M}"
    if local.date() == timezone.localdate():
        return _("om %(time)s") % {"time": time}
    return _("op %(date)s om %(time)s") % {"date": f"{local:%d-%m-%Y}", "time": time}


def _note(state: str) -> str:
    return {
        "merged": _("staat nu in het formulier"),
        "same": _("jij typte hetzelfde"),
        "yours": _("jij veranderde dit ook; in het formulier staat jouw versie"),
        "not in form": _("staat niet op dit formulier"),
    }[state]


def conflict_message(conflict: Conflict, instance: Any) -> SafeString:
    """The refusal, in Dutch: who saved when, that nothing of yours was saved, and what they changed."""
    noun = str(instance._meta.verbose_name)
    het = noun in _HET_WORDS
    who = _("Iemand anders")
    if conflict.editors:
        who = _("Iemand anders (%(names)s)") % {"names": ", ".join(conflict.editors)}
    when = f" ({_when(conflict.at)})" if conflict.at is not None else ""
    params = {"who": who, "noun": noun, "when": when}
    if het:
        lead = _("%(who)s heeft dit %(noun)s opgeslagen terwijl jij het bewerkte%(when)s.") % params
    else:
        lead = _("%(who)s heeft deze %(noun)s opgeslagen terwijl jij hem bewerkte%(when)s.") % params
    if not conflict.known:
        if het:
            reopen = _("Open dit %(noun)s opnieuw en breng je wijzigingen dan aan.") % params
        else:
            reopen = _("Open deze %(noun)s opnieuw en breng je wijzigingen dan aan.") % params
        unknown = _("Jouw wijzigingen zijn niet opgeslagen; wat er veranderde, is niet bekend.")
        return format_html("<p>{} {} {}</p>", lead, unknown, reopen)
    if not conflict.changes:
        body = _(
            "Jouw wijzigingen zijn niet opgeslagen; de ander veranderde geen velden. "
            "Kijk je wijzigingen na en sla opnieuw op."
        )
        return format_html("<p>{} {}</p>", lead, body)
    items = format_html_join(
        "",
        "<li><strong>{}</strong>: {} <em>— {}</em></li>",
        (
            (
                c.label,
                _("nu %(now)s (was %(was)s)") % {"now": _quoted(c.now), "was": _quoted(c.was)},
                _note(c.state),
            )
            for c in conflict.changes
        ),
    )
    body = _(
        "Jouw wijzigingen zijn niet opgeslagen; hieronder staat wat de ander veranderde. "
        "Neem over wat je nodig hebt en sla opnieuw op."
    )
    return format_html(
        '<p>{} {}</p><ul class="edit-conflict">{}</ul><p>{}</p>',
        lead,
        body,
        items,
        _("Het formulier hieronder bevat jouw wijzigingen en wat alleen de ander veranderde."),
    )


def _quoted(text: str) -> str:
    return text if text == _("(leeg)") else f"“{text}”"
