"""No lost updates: a form loaded before someone else's save cannot silently save over it.

Every editable catalog entry has ``edit_version`` (:class:`~bronwijzer.catalog.models.EditVersioned`),
which goes up by one with every save of the row, whatever saved it: the back office,
a map import, publishing, "mark reviewed", the link checker, a revert from the history.
The stored counter is moved on in the database (never set from a copy in memory that
may be old), so any save after a form was loaded makes that form stale. A map import
moves the versions of all rows it changes in a few queries (:func:`bump_edit_versions`).

An edit form in the back office carries the version it was loaded with (the hidden
field ``loaded_version``; ``edit_version`` itself is never a form field). Saving it
takes two checks:

1. **The form** (:func:`refuse_if_stale`, from the form's ``clean``) compares the loaded
   version with the stored one. Anything but exactly the stored version is refused:
   the form comes back with a Dutch message naming who saved, when, and what they
   changed (the history record at the loaded version against the row as it is now).
   Nothing is written, so there is no new history row either.
2. **The write** (:func:`next_edit_version`, from the model's ``save``) is a
   compare-and-set in the same transaction: ``UPDATE ... SET edit_version = v + 1
   WHERE pk = ... AND edit_version = v``. If another save came in between the check
   and the write, no row matches: :class:`EditConflict` rolls the whole request back
   and :func:`run_refusing_lost_races` runs the view once more, where check 1 refuses it.
   PostgreSQL holds the row lock from that UPDATE to the commit; SQLite has one writer
   at a time. The conditional UPDATE is atomic on both.

The refused form keeps what the editor typed, takes over what only the other editor
changed, and carries the new version: a second save is a choice made after seeing
the other's change. Where both changed the same field, the editor's own value stays in
the form and the message marks the field.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

#: The hidden form field with the version the form was loaded with.
LOADED_VERSION = "loaded_version"

#: Set on an instance by the admin: the version its save must find (compare-and-set).
_EXPECTED = "_expected_edit_version"

#: Model names (verbose_name) that take "het" in Dutch: "dit begrip ... terwijl jij het bewerkte".
_HET_WORDS = frozenset({"begrip"})

#: Set on an instance by :func:`bump_edit_versions`: its row's version was already moved on.
_BUMPED = "_edit_version_bumped"

#: Rows per query when moving the versions of many rows (SQLite allows at most 999 parameters).
_CHUNK = 500

#: How many times a view whose save lost the race is run again before the error is raised.
_ATTEMPTS = 3


class EditConflict(Exception):
    """The row no longer holds the version this save was based on; nothing was written."""

    def __init__(self, obj: Any, expected: int) -> None:
        super().__init__(f"{type(obj).__name__} {obj.pk}: version {expected} is no longer current")
        self.expected = expected


# -- the write ------------------------------------------------------------------------------------


def expect_version(obj: Any, version: int) -> None:
    """Make the next save of ``obj`` succeed only if the stored row still has ``version``."""
    setattr(obj, _EXPECTED, version)


def next_edit_version(obj: Any, using: str) -> int:
    """Move the stored version of ``obj``'s row on by one and return it; called by ``save``.

    With an expected version (:func:`expect_version`) this is a compare-and-set that raises
    :class:`EditConflict` when the row moved. Without one, the row's version goes up from
    what is stored, also when ``obj`` was read before another save, so that a form loaded
    before this save is refused afterwards.
    """
    if obj.__dict__.pop(_BUMPED, False):
        return int(obj.edit_version)
    rows = type(obj)._base_manager.db_manager(using).filter(pk=obj.pk)
    expected = obj.__dict__.pop(_EXPECTED, None)
    if expected is not None:
        if not rows.filter(edit_version=expected).update(edit_version=expected + 1):
            raise EditConflict(obj, expected)
        return int(expected) + 1
    if rows.filter(edit_version=obj.edit_version).update(edit_version=obj.edit_version + 1):
        return int(obj.edit_version) + 1
    if rows.update(edit_version=F("edit_version") + 1):  # this copy was read before another save
        return int(rows.values_list("edit_version", flat=True).get())
    return int(obj.edit_version) + 1  # the row is not stored (any more): the save inserts it


def bump_edit_versions(model: Any, objs: list[Any]) -> None:
    """Move the versions of many stored rows on by one before they are saved one by one (bulk writes).

    One UPDATE and one SELECT per chunk instead of one more query per row; the next
    ``save`` of each instance writes the version read back. Call inside the transaction
    that saves them.
    """
    for start in range(0, len(objs), _CHUNK):
        chunk = objs[start : start + _CHUNK]
        rows = model._base_manager.filter(pk__in=[obj.pk for obj in chunk])
        rows.update(edit_version=F("edit_version") + 1)
        stored = dict(rows.values_list("pk", "edit_version"))
        for obj in chunk:
            if obj.pk in stored:
                obj.edit_version = stored[obj.pk]
                obj.__dict__[_BUMPED] = True


def stored_version(obj: Any) -> int | None:
    """The version of ``obj``'s row in the database; None when it is not stored."""
    if obj.pk is None:
        return None
    version: int | None = (
        type(obj)._base_manager.filter(pk=obj.pk).values_list("edit_version", flat=True).first()
    )
    return version


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


# -- the check and what the other editor changed -------------------------------------------------


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
        was, new = getattr(base, model_field.attname), getattr(now, model_field.attname)
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
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "edit_version":
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        yield field


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


def field_label(form: Any, field: Any) -> str:
    form_field = form.fields.get(field.name)
    return str(
        form_field.label if form_field is not None and form_field.label else capfirst(field.verbose_name)
    )


def value_shown(form: Any, field: Any, value: Any) -> str:
    """A stored value as an editor reads it: labels for vocabulary slugs, names for references."""
    if value is None or value == "" or value == [] or value == {}:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
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
            return ", ".join(labels.get(item, str(item)) for item in value)
        if all(isinstance(item, dict) for item in value):  # records (recognitions): one per line
            return "\n".join(
                " | ".join(str(v) for v in item.values() if v not in (None, "")) for item in value
            )
        return json.dumps(value, ensure_ascii=False)
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def _labels(form: Any, field: Any) -> dict[str, str]:
    form_field = form.fields.get(field.name)
    choices = getattr(form_field, "choices", None) or field.flatchoices or []
    labels = {}
    for choice in choices:
        if isinstance(choice, list | tuple) and len(choice) == 2 and not isinstance(choice[1], list | tuple):
            labels[str(choice[0])] = str(choice[1])
    return labels


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"om {local:%H:%M}"
    return f"op {local:%d-%m-%Y} om {local:%H:%M}"


_NOTES = {
    "merged": "staat nu in het formulier",
    "same": "jij typte hetzelfde",
    "yours": "jij veranderde dit ook; in het formulier staat jouw versie",
    "not in form": "staat niet op dit formulier",
}


def conflict_message(conflict: Conflict, instance: Any) -> SafeString:
    """The refusal, in Dutch: who saved when, that nothing of yours was saved, and what they changed."""
    noun = str(instance._meta.verbose_name)
    this, it = ("dit", "het") if noun in _HET_WORDS else ("deze", "hem")
    who = "Iemand anders" + (f" ({', '.join(conflict.editors)})" if conflict.editors else "")
    when = f" ({_when(conflict.at)})" if conflict.at is not None else ""
    lead = (
        f"{who} heeft {this} {noun} opgeslagen terwijl jij {it} bewerkte{when}. "
        "Jouw wijzigingen zijn niet opgeslagen; "
    )
    if not conflict.known:
        reopen = f"Open {this} {noun} opnieuw en breng je wijzigingen dan aan."
        return format_html("<p>{}</p>", lead + "wat er veranderde, is niet bekend. " + reopen)
    if not conflict.changes:
        return format_html(
            "<p>{}</p>", lead + "de ander veranderde geen velden. Kijk je wijzigingen na en sla opnieuw op."
        )
    items = format_html_join(
        "",
        "<li><strong>{}</strong>: nu {} (was {}) <em>— {}</em></li>",
        ((c.label, _quoted(c.now), _quoted(c.was), _NOTES[c.state]) for c in conflict.changes),
    )
    return format_html(
        '<p>{}</p><ul class="edit-conflict">{}</ul><p>{}</p>',
        lead + "hieronder staat wat de ander veranderde. Neem over wat je nodig hebt en sla opnieuw op.",
        items,
        "Het formulier hieronder bevat jouw wijzigingen en wat alleen de ander veranderde.",
    )


def _quoted(text: str) -> str:
    return text if text == "(leeg)" else f"“{text}”"
