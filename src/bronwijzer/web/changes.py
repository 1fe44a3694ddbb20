"""What changed on the map since its edition was loaded: the "Wat is er nieuw" page and its feed.

**The baseline.** The edition of the map as it was loaded onto this site is the baseline: what
a load into an empty database put on the map is not new. :func:`baseline_find` finds the moment:
the load that gave the map its current edition year. Every history record of one load carries
that one moment (``catalog.services.map_import``), so the load is one point in the history and
everything recorded after it is a change: an editor's edit, a publish, a removal, and also a
``loadmap`` of a changed file of the same edition. A load of a new edition year is a new
baseline. Without any history for the map, the baseline is the first recorded version of a
resource.

**Public versions.** Only what visitors could see counts. The history of a resource is read as
a series of *public versions*: the published ones, with only the fields the public pages show
(never the status, the position, the timestamps or who made a change). Draft versions, and
changes made while a resource was a draft, are invisible here; consecutive versions that look
the same to a visitor are one.

* **added**: a resource became public (first published, or published again after it had
  been taken off the map: ``again``).
* **changed**: a public resource changed in a field the public pages show; ``fields`` says
  which, in words ("link", "beschrijving", "talen").
* **removed**: a public resource was unpublished or deleted. It is listed with the name it
  last had in public, without a link.

:func:`changes_since` compares the public state at a moment with the public state now: one
line per resource (a resource added and removed again in between does not show; one that
changed and changed back neither). :func:`recent_events` lists the events themselves for the
Atom feed, newest first, each with a stable identity (the history record it starts at).

**Time.** Moments are stored in UTC and shown in the site's time zone (``TIME_ZONE``,
Europe/Amsterdam): a change at 00:30 on 4 December there is dated 4 December. A day chosen
with ``?sinds=`` starts at midnight there and includes everything from that moment on. Nothing
is dated later than now: a record dated in the future (a clock that ran ahead) is shown as now,
and a chosen day after today is refused with a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bronwijzer.catalog.models import Map, Resource
from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.i18n import localised

#: Words for what changed, in the order they are listed. The keys are stable (tests, feed).
CHANGE_LABELS: dict[str, Any] = {
    "title": _("naam"),
    "slug": _("adres van de pagina"),
    "url": _("link"),
    "organisations": _("organisatie"),
    "authors": _("auteurs"),
    "summary": _("beschrijving"),
    "summary_en": _("Engelse beschrijving"),
    "sections": _("plaats op de kaart"),
    "themes": _("thema"),
    "professions": _("beroepsgroep"),
    "audiences": _("doelgroep"),
    "formats": _("soort materiaal"),
    "languages": _("talen"),
    "contexts": _("context"),
    "age": _("leeftijd"),
    "cost": _("kosten"),
    "explicitness": _("explicietheid"),
    "recognition": _("erkenning"),
}

#: The public fields of a resource (what its page and the API show) and the words for a change.
#: ``reviewed_at`` is left out on purpose: an editor confirming an entry does not change it, and a
#: review round would otherwise bury the real changes.
PUBLIC_FIELDS: dict[str, str] = {
    "slug": "slug",
    "title": "title",
    "title_descriptive": "title",
    "url": "url",
    "url_verified": "url",
    "organisations": "organisations",
    "authors": "authors",
    "summary": "summary",
    "summary_en": "summary_en",
    "sections": "sections",
    "themes": "themes",
    "professions": "professions",
    "audiences": "audiences",
    "formats": "formats",
    "languages": "languages",
    "language_modes": "languages",
    "languages_note": "languages",
    "languages_note_en": "languages",
    "contexts": "contexts",
    "cost": "cost",
    "age_min": "age",
    "age_max": "age",
    "explicitness": "explicitness",
    "explicitness_note": "explicitness",
    "explicitness_note_en": "explicitness",
    "recognition": "recognition",
}

#: Resources whose history is read in one query (SQLite allows at most 999 parameters).
_CHUNK = 500
#: How many lines of each kind the page shows at most.
PAGE_LIMIT = 300
#: Entries in the Atom feed.
FEED_LIMIT = 50
#: The smallest step between two stored moments (both SQLite and PostgreSQL keep microseconds).
_TICK = timedelta(microseconds=1)


# --- Time ----------------------------------------------------------------------------------------


def local_today() -> date:
    """Today in the site's time zone."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def not_later_than(moment: datetime, now: datetime) -> datetime:
    """``moment``, or ``now`` when it lies in the future: nothing is dated later than now."""
    return min(moment, now)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(value: str) -> date | None:
    """A date written as YYYY-MM-DD (what a date field sends), 1900 or later; else None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.year >= 1900 else None


# --- The baseline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """The edition as it was loaded: ``site_map`` (None: content without a map) came at ``loaded_at``."""

    site_map: Map | None
    loaded_at: datetime

    @property
    def since(self) -> datetime:
        """The first moment after the load: what is recorded from here on is a change."""
        return self.loaded_at + _TICK


def _edition_loaded_at(site_map: Map) -> datetime | None:
    """When the map got its current edition year (the start of its latest run of that year)."""
    rows = Map.history.filter(id=site_map.id)
    other = (
        rows.exclude(edition_year=site_map.edition_year)
        .order_by("-history_date", "-history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    same = rows.filter(edition_year=site_map.edition_year)
    if other is not None:
        same = same.filter(history_date__gt=other)
    return same.order_by("history_date", "history_id").values_list("history_date", flat=True).first()


def baseline_find() -> Baseline | None:
    """The edition this site compares with (see the module doc); None before any content."""
    site_map = Map.objects.order_by("pk").first()
    loaded_at = _edition_loaded_at(site_map) if site_map is not None else None
    if loaded_at is None:
        loaded_at = (
            _history_model()
            .objects.order_by("history_date", "history_id")
            .values_list("history_date", flat=True)
            .first()
        )
    return Baseline(site_map, loaded_at) if loaded_at is not None else None


# --- Public versions and changes -----------------------------------------------------------------


@dataclass(frozen=True)
class PublicVersion:
    """A resource as visitors saw it from ``date`` on (``data`` is None: not on the map)."""

    date: datetime
    history_id: int
    data: dict[str, Any] | None


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "changed" or "removed"
    resource_id: int
    recorded: datetime  # when the history says it happened
    history_id: int  # the history record it starts at: with resource_id, its identity
    data: dict[str, Any]  # the public fields of the version the line is about
    fields: tuple[str, ...] = ()  # CHANGE_LABELS keys, for "changed"
    again: bool = False  # "added": it had been on the map before
    date: datetime | None = None  # when it is shown to have happened: ``recorded``, never after now
    live_slug: str | None = None  # the resource's address now, when it is on the map now

    def __post_init__(self):
        if self.date is None:
            object.__setattr__(self, "date", self.recorded)

    @property
    def key(self) -> tuple[datetime, int]:
        """Its place in the history: the order of events, newest last."""
        return (self.recorded, self.history_id)

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def summary(self) -> str:
        return self.data["summary"]

    @property
    def summary_en(self) -> str:
        return self.data["summary_en"]

    def localised(self, name: str) -> str:
        return localised(self, name)

    @property
    def labels(self) -> list[str]:
        return [str(CHANGE_LABELS[key]) for key in self.fields]

    def get_absolute_url(self) -> str:
        """The resource's page: at its address now when that is known, else at the recorded one."""
        return reverse("web:resource", args=[self.live_slug or self.slug])


@dataclass
class ChangeList:
    since: datetime | None
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _public(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["history_type"] == "-" or row["status"] != "published":
        return None
    return {name: row[name] for name in PUBLIC_FIELDS}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The CHANGE_LABELS keys of the public fields that differ, in the order of the labels."""
    keys = {PUBLIC_FIELDS[name] for name in PUBLIC_FIELDS if before.get(name) != after.get(name)}
    return tuple(key for key in CHANGE_LABELS if key in keys)


def public_versions(rows: Iterable[dict[str, Any]]) -> list[PublicVersion]:
    """A resource's history rows (oldest first) as the versions a visitor could tell apart."""
    versions: list[PublicVersion] = []
    current: dict[str, Any] | None = None
    for row in rows:
        data = _public(row)
        if data == current:
            continue
        if not versions and data is None:  # created as a draft: nothing public yet
            current = None
            continue
        versions.append(PublicVersion(row["history_date"], row["history_id"], data))
        current = data
    return versions


def _events(resource_id: int, versions: list[PublicVersion]) -> list[Change]:
    """Every public event in a resource's history, oldest first."""
    events = []
    previous: dict[str, Any] | None = None
    seen = False
    for version in versions:
        if version.data is None:
            if previous is not None:
                events.append(Change("removed", resource_id, version.date, version.history_id, previous))
        elif previous is None:
            events.append(
                Change("added", resource_id, version.date, version.history_id, version.data, again=seen)
            )
            seen = True
        else:
            events.append(
                Change(
                    "changed",
                    resource_id,
                    version.date,
                    version.history_id,
                    version.data,
                    fields=changed_fields(previous, version.data),
                )
            )
        previous = version.data
    return events


def _history_model():
    return Resource.history.model


def _histories(ids: Iterable[int]) -> dict[int, list[PublicVersion]]:
    """The public versions of the resources with these ids (history rows read in chunks)."""
    ids = sorted(set(ids))
    rows_by_id: dict[int, list[dict[str, Any]]] = {}
    fields = [name for name in PUBLIC_FIELDS if name not in _LINKS]
    columns = ("id", "history_id", "history_date", "history_type", "status", *fields)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = (
            _history_model()
            .objects.filter(id__in=chunk)
            .order_by("history_date", "history_id")
            .values(*columns)
        )
        links = _recorded_links(chunk)
        for row in rows:
            row.update({name: links[name].get(row["history_id"], []) for name in _LINKS})
            rows_by_id.setdefault(row["id"], []).append(row)
    return {rid: public_versions(rows) for rid, rows in rows_by_id.items()}


#: The links each version recorded as rows of its own (``catalog.links``), by what a row points at:
#: (field of the history, the columns that say it). Compared by id, a renamed or since deleted
#: organisation still tells two versions apart.
_LINKS = {
    "organisations": ("linked_organisations", ("organisation_id", "proposal_id")),
    "sections": ("linked_sections", ("section_id",)),
}


def _recorded_links(resource_ids: list[int]) -> dict[str, dict[int, list[tuple[Any, ...]]]]:
    """For each kind of link: the targets each version of these resources recorded, in order."""
    result: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
    for name, (attribute, columns) in _LINKS.items():
        recorded = getattr(_history_model(), attribute).model
        rows = recorded.objects.filter(history__id__in=resource_ids).order_by("history_id", "position")
        by_version: dict[int, list[tuple[Any, ...]]] = {}
        for history_id, *target in rows.values_list("history_id", *columns):
            by_version.setdefault(history_id, []).append(tuple(target))
        result[name] = by_version
    return result


def _live_slugs(ids: Iterable[int]) -> dict[int, str]:
    """Of these ids, the resources that are published now, with their address (the table says so)."""
    ids = sorted(set(ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update(
            Resource.objects.published().filter(id__in=ids[start : start + _CHUNK]).values_list("id", "slug")
        )
    return found


def changes_since(since: datetime | None, now: datetime | None = None) -> ChangeList:
    """What a visitor sees differently now than just before ``since`` (None: ever), newest first.

    A record made at ``since`` or later counts. Dates are shown as :func:`not_later_than` ``now``.
    """
    now = now or timezone.now()
    history = _history_model()
    recent = history.objects.all() if since is None else history.objects.filter(history_date__gte=since)
    ids = set(recent.values_list("id", flat=True).distinct())
    versions_by_id = _histories(ids)
    live = _live_slugs(ids)
    result = ChangeList(since)
    for rid, versions in versions_by_id.items():
        if not versions:
            continue
        before = [v for v in versions if since is not None and v.date < since]
        then = before[-1].data if before else None
        last = versions[-1]
        current = last.data if rid in live else None
        if then is None and current is not None:
            index = _last_appearance(versions)
            appeared = versions[index]
            again = any(v.data is not None for v in versions[:index])
            change = Change("added", rid, appeared.date, appeared.history_id, current, again=again)
            result.added.append(change)
        elif then is not None and current is not None:
            fields = changed_fields(then, current)
            if not fields:
                continue
            result.changed.append(Change("changed", rid, last.date, last.history_id, current, fields=fields))
        elif then is not None and current is None:
            last_public = next(v for v in reversed(versions) if v.data is not None)
            data = cast("dict[str, Any]", last_public.data)  # picked for having data
            result.removed.append(Change("removed", rid, last.date, last.history_id, data))
    for name in ("added", "changed", "removed"):
        lines = [_shown(change, now, live) for change in getattr(result, name)]
        lines.sort(key=lambda c: c.key, reverse=True)
        setattr(result, name, lines)
    return result


def _shown(change: Change, now: datetime, live: dict[int, str]) -> Change:
    return replace(change, date=not_later_than(change.recorded, now), live_slug=live.get(change.resource_id))


def _last_appearance(versions: list[PublicVersion]) -> int:
    """The index of the version that last put the resource (back) on the map."""
    for index in range(len(versions) - 1, -1, -1):
        if versions[index].data is not None and (index == 0 or versions[index - 1].data is None):
            return index
    raise ValueError("the resource was never public")


def recent_events(
    since: datetime | None, limit: int = FEED_LIMIT, now: datetime | None = None
) -> list[Change]:
    """The newest ``limit`` public events recorded at ``since`` or later (None: ever), newest first.

    Added, changed and removed, also of resources that are no longer on the map (``live_slug``
    None). History records are read newest first in a growing window; every event whose first
    record is in the window is complete (its resource's whole history is read), so the events
    from the window's oldest record on are all there.
    """
    now = now or timezone.now()
    history = _history_model()
    recent = history.objects.all() if since is None else history.objects.filter(history_date__gte=since)
    window = max(limit * 4, 100)
    while True:
        rows = list(
            recent.order_by("-history_date", "-history_id").values_list("id", "history_date", "history_id")[
                :window
            ]
        )
        if not rows:
            return []
        exhausted = len(rows) < window
        cutoff = (rows[-1][1], rows[-1][2])
        ids = {row[0] for row in rows}
        events = [
            event
            for rid, versions in _histories(ids).items()
            for event in _events(rid, versions)
            if (since is None or event.recorded >= since) and (exhausted or event.key >= cutoff)
        ]
        if len(events) >= limit or exhausted:
            events.sort(key=lambda c: c.key, reverse=True)
            live = _live_slugs(event.resource_id for event in events[:limit])
            return [_shown(event, now, live) for event in events[:limit]]
        window *= 4


# --- The page ------------------------------------------------------------------------------------


@public_page
def whats_new(request: HttpRequest) -> HttpResponse:
    """Added, changed and removed resources since the edition was loaded or a chosen day (``?sinds=``)."""
    now = timezone.now()
    today = local_today()
    baseline = baseline_find()
    raw = request.GET.get("sinds", "").strip()
    chosen = parse_since(raw) if raw else None
    error = ""
    if raw and chosen is None:
        error = "invalid"
    elif chosen is not None and chosen > today:
        error = "future"
    loaded_at = not_later_than(baseline.loaded_at, now) if baseline else None
    loaded_day = timezone.localtime(loaded_at, timezone.get_default_timezone()).date() if loaded_at else None
    since = baseline.since if baseline else None
    clamped = False  # a day before the edition came: it shows what changed since the load
    if chosen is not None and not error:
        since = start_of(chosen)
        if baseline is not None and since < baseline.since:
            assert loaded_day is not None  # there is a baseline, so the load has a day
            since, clamped = baseline.since, chosen < loaded_day  # the load itself is never new
    field_value = chosen if chosen is not None and not error else loaded_day
    context: dict[str, Any] = {
        "baseline": baseline,
        "map_title": baseline.site_map.localised("title") if baseline and baseline.site_map else "",
        "loaded_at": loaded_at,
        "today": today,
        "chosen": None if error else chosen,
        "clamped": clamped,
        "field_value": field_value,
        "error": error,
        "raw": raw[:40],
        "limit": PAGE_LIMIT,
    }
    if not error and baseline is not None:
        changes = changes_since(since, now)
        context.update(
            changes=changes,
            added=changes.added[:PAGE_LIMIT],
            changed=changes.changed[:PAGE_LIMIT],
            removed=changes.removed[:PAGE_LIMIT],
        )
    return render(request, "web/changes.html", context, status=400 if error else 200)
