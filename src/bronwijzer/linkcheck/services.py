"""Checking the map's links and keeping the results: the only place that writes linkcheck models.

- ``map_urls()``: every URL in the map (resources, drafts included; organisations; help
  lines; the map's source), each once, with the places that use it.
- ``link_check_run(...)``: checks them with the engine as one run (``runs``: one at a time,
  with a heartbeat and progress) and stores every verdict (history), the latest state per
  URL and the finished run, in one transaction.
- ``link_status_for(url)`` / ``link_statuses_for(urls)`` / ``link_history(url)``: read
  helpers for the web layer and the back office.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bronwijzer.catalog.models import HelpLine, Map, Organisation, Resource
from bronwijzer.linkcheck.checker import CheckOptions, Verdict, run_checks
from bronwijzer.linkcheck.classify import FAILING, REDIRECT_PERMANENT
from bronwijzer.linkcheck.models import URL_LENGTH, LinkCheck, LinkCheckRun, LinkState, RunState
from bronwijzer.linkcheck.runs import Heartbeat, RunTakenOver, run_claim, run_fail, run_interrupt
from bronwijzer.linkcheck.verdict import user_agent

_CHUNK = 500  # rows per IN (...) query: well under SQLite's limit on query parameters


@dataclass
class RunReport:
    verdicts: list[Verdict]
    places: dict[str, list[dict]] = field(default_factory=dict)
    run: LinkCheckRun | None = None
    skipped: int = 0  # map URLs left out by --only-stale

    @property
    def failing(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.failing]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(v.status for v in self.verdicts))

    @property
    def exit_code(self) -> int:
        """0 when nothing is broken, 1 otherwise (see docs/linkcheck.md)."""
        return 1 if self.failing else 0


def default_options(**overrides) -> CheckOptions:
    """Engine options with a User-Agent naming this installation (BRONWIJZER_PUBLIC_URL) when known,
    and the internal networks BRONWIJZER_LINKCHECK_ALLOW_PRIVATE allows (none by default)."""
    base = CheckOptions(
        user_agent=user_agent(getattr(settings, "PUBLIC_URL", "")),
        allow_networks=tuple(getattr(settings, "LINKCHECK_ALLOW_NETWORKS", ())),
    )
    return replace(base, **overrides)


def map_urls() -> dict[str, list[dict]]:
    """URL -> the places in the map that use it, in printed order; drafts included."""
    places: dict[str, list[dict]] = {}

    def add(url: str | None, place: dict) -> None:
        url = (url or "").strip()
        if url:
            places.setdefault(url, []).append(place)

    row: Mapping[str, Any]  # one kind of row per loop
    for row in Resource.objects.order_by("position", "slug").values("slug", "title", "url", "status"):
        place = {"kind": "resource", "slug": row["slug"], "name": row["title"], "status": row["status"]}
        add(row["url"], place)
    for row in Organisation.objects.order_by("name").values("slug", "name", "url"):
        add(row["url"], {"kind": "organisation", "slug": row["slug"], "name": row["name"]})
    for row in HelpLine.objects.order_by("position", "name").values("slug", "name", "url"):
        add(row["url"], {"kind": "helpline", "slug": row["slug"], "name": row["name"]})
    for row in Map.objects.order_by("pk").values("slug", "title", "source_url"):
        add(row["source_url"], {"kind": "map", "slug": row["slug"], "name": row["title"]})
    return places


def stale_urls(urls: Iterable[str], days: float, now: dt.datetime | None = None) -> list[str]:
    """The URLs whose latest check is older than ``days`` days, or that were never checked."""
    urls = list(urls)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    fresh: set[str] = set()
    for chunk in _chunks(urls):
        recent = LinkState.objects.filter(url__in=chunk, checked_at__gte=cutoff)
        fresh.update(recent.values_list("url", flat=True))
    return [url for url in urls if url not in fresh]


def link_check_run(
    *,
    urls: Iterable[str] | None = None,
    only_stale_days: float | None = None,
    options: CheckOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    store: bool = True,
    run: LinkCheckRun | None = None,
) -> RunReport:
    """Check the map's URLs (or ``urls``), store the results, and report.

    With ``store``, the check is a run: ``run`` (claimed by whoever started it, e.g. the back
    office), or else a new one claimed here (:class:`runs.RunBusy` when another is running).
    Its heartbeat and progress are written while the check runs; the network part runs
    outside any transaction, and the results and the finished run are written in one.
    ``options.connect_to`` sends every request to a local mirror instead (tests, benchmarks).
    """
    options = options or default_options()
    if store and run is None:
        run = run_claim(options=_options_record(options))
    try:
        in_map = map_urls()
        places = in_map if urls is None else {url: in_map.get(url, []) for url in dict.fromkeys(urls)}
        todo = list(places)
        skipped = 0
        if only_stale_days is not None:
            todo = stale_urls(todo, only_stale_days)
            skipped = len(places) - len(todo)
        if run is None:
            verdicts = run_checks(todo, options, progress)
        else:
            with Heartbeat(run) as heartbeat:
                verdicts = run_checks(todo, options, _both(heartbeat.progress, progress))
        report = RunReport(verdicts=verdicts, places=places, skipped=skipped)
        if run is not None:
            report.run = _store(report, options, run, refresh_places=in_map if urls is None else None)
    except RunTakenOver:
        raise
    except (KeyboardInterrupt, SystemExit):
        if run is not None:
            run_interrupt(run)
        raise
    except BaseException as exc:
        if run is not None:
            run_fail(run, f"{type(exc).__name__}: {exc}")
        raise
    return report


def _both(first: Callable[[int, int], None], second: Callable[[int, int], None] | None):
    if second is None:
        return first

    def progress(done: int, total: int) -> None:
        first(done, total)
        second(done, total)

    return progress


def _options_record(options: CheckOptions) -> dict:
    return {
        "concurrency": options.concurrency,
        "per_host": options.per_host,
        "timeout": options.timeout,
        "retries": options.retries,
        "connect_to": list(options.connect_to) if options.connect_to else None,
    }


def _store(
    report: RunReport, options: CheckOptions, run: LinkCheckRun, refresh_places: dict | None
) -> LinkCheckRun:
    with transaction.atomic():
        now = timezone.now()
        finished = LinkCheckRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
            state=RunState.DONE,
            finished_at=now,
            heartbeat_at=now,
            done=len(report.verdicts),
            total=len(report.verdicts),
            checked=len(report.verdicts),
            failing=len(report.failing),
            counts=report.counts,
            options=_options_record(options),
        )
        if not finished:  # marked interrupted meanwhile: a newer run may be writing; keep out of its way
            raise RunTakenOver(f"link check run {run.pk} was marked interrupted; its results are not stored")
        checks = LinkCheck.objects.bulk_create(
            [
                LinkCheck(
                    run=run,
                    url=v.url,
                    status=v.status,
                    http_status=v.http_status,
                    final_url=v.final_url[:URL_LENGTH],
                    redirects=[{"status": hop.status, "url": hop.url} for hop in v.redirects],
                    checked_at=v.checked_at,
                    duration_ms=v.duration_ms,
                    error=v.error,
                    attempts=min(v.attempts, 32767),
                )
                for v in report.verdicts
            ],
            batch_size=_CHUNK,
        )
        _store_states(checks, report.places)
        if refresh_places is not None:
            _refresh_places(refresh_places)
    run.refresh_from_db()
    return run


def _store_states(checks: list[LinkCheck], places: dict[str, list[dict]]) -> None:
    """One upsert (INSERT ... ON CONFLICT (url) DO UPDATE) per chunk: fast on SQLite and PostgreSQL."""
    previous: dict[str, tuple[str, dt.datetime, list]] = {}
    for chunk in _chunks([c.url for c in checks]):
        rows = LinkState.objects.filter(url__in=chunk).values_list("url", "status", "since", "used_by")
        previous.update((url, (status, since, used_by)) for url, status, since, used_by in rows)
    states = []
    for check in checks:
        status, since, used_by = previous.get(check.url, (None, check.checked_at, []))
        states.append(
            LinkState(
                url=check.url,
                status=check.status,
                http_status=check.http_status,
                final_url=check.final_url,
                error=check.error,
                checked_at=check.checked_at,
                since=since if status == check.status else check.checked_at,
                latest=check,
                used_by=places.get(check.url) or used_by,
            )
        )
    fields = ["status", "http_status", "final_url", "error", "checked_at", "since", "latest", "used_by"]
    LinkState.objects.bulk_create(
        states, batch_size=_CHUNK, update_conflicts=True, unique_fields=["url"], update_fields=fields
    )


def _refresh_places(places: dict[str, list[dict]]) -> None:
    """Keep ``used_by`` right for URLs that were not checked this time, or left the map."""
    stale = []
    for state in LinkState.objects.only("pk", "url", "used_by"):
        wanted = places.get(state.url, [])
        if state.used_by != wanted:
            state.used_by = wanted
            stale.append(state)
    LinkState.objects.bulk_update(stale, ["used_by"], batch_size=_CHUNK)


def _chunks(items: list[str]):
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- read helpers for the web layer and the back office ----------------------------------------


def link_status_for(url: str | None) -> LinkState | None:
    """The latest check of ``url`` (exactly as stored in the map), or None if never checked."""
    url = (url or "").strip()
    if not url:
        return None
    return LinkState.objects.filter(url=url).first()


def link_statuses_for(urls: Iterable[str | None]) -> dict[str, LinkState]:
    """Latest check per URL for many URLs at once (a list page): {url: LinkState}."""
    wanted = list(dict.fromkeys((u or "").strip() for u in urls if u and u.strip()))
    found: dict[str, LinkState] = {}
    for chunk in _chunks(wanted):
        found.update((s.url, s) for s in LinkState.objects.filter(url__in=chunk))
    return found


def link_history(url: str, limit: int = 20):
    """The most recent checks of ``url``, newest first."""
    return LinkCheck.objects.filter(url=url.strip()).order_by("-checked_at", "-pk")[:limit]


def failing_links():
    """Latest states that count as broken, the longest-broken first (for the editors' list)."""
    return LinkState.objects.filter(status__in=sorted(FAILING)).order_by("since", "url")


# -- editors' actions ----------------------------------------------------------------------------

#: The change reason of an entry whose link was replaced by its permanent redirect: this code, ``:``
#: and the old address (at most 100 characters in all). The history page says it in words
#: (``linkcheck.admin``, registered with ``catalog.admin_reasons``).
REASON_REDIRECT_ACCEPTED = "link redirect accepted"

#: The models whose URL fields the map uses, and the field holding the URL.
_URL_FIELDS = ((Resource, "url"), (Organisation, "url"), (HelpLine, "url"), (Map, "source_url"))


@transaction.atomic
def link_redirect_accept(state: LinkState) -> int:
    """Put a permanent redirect's final URL in place of the old one wherever the map uses it.

    Each changed entry is saved on its own, so its edit history records the change
    (with the reason); the search index is rebuilt. Returns how many entries changed.
    """
    if state.status != REDIRECT_PERMANENT or not state.final_url:
        raise ValueError(f"{state.url}: not a permanent redirect with a final URL")
    if not state.final_url.startswith(("https://", "http://")):
        raise ValueError(f"{state.url}: the final URL {state.final_url!r} is not an http(s) address")
    changed = 0
    for model, url_field in _URL_FIELDS:
        for obj in model.objects.filter(**{url_field: state.url}):
            setattr(obj, url_field, state.final_url)
            # simple_history keeps at most 100 characters of a reason (PostgreSQL enforces it)
            obj._change_reason = f"{REASON_REDIRECT_ACCEPTED}:{state.url}"[:100]
            obj.save()  # moves the content version (catalog.versioning)
            changed += 1
    return changed
