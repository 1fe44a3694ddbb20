"""bronwijzer checklinks [--concurrency N] [--per-host N] [--timeout S] [--only-stale DAYS] [--json]

Exit code 0 when no link is broken, 1 when any is (see docs/linkcheck.md), so it can run from cron;
75 (EX_TEMPFAIL) when another run is running, so nothing was done. ``--run ID`` carries out a run
the back office recorded (``linkcheck.runs``).
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from bronwijzer.lib.progress import ProgressBar
from bronwijzer.linkcheck import services
from bronwijzer.linkcheck.classify import FAILING, LABELS, REDIRECT_PERMANENT, STATUSES
from bronwijzer.linkcheck.models import URL_LENGTH, LinkCheckRun, RunState
from bronwijzer.linkcheck.runs import RunBusy, RunTakenOver

#: Exit code when another run is running (sysexits.h EX_TEMPFAIL: "try again later").
EXIT_BUSY = 75


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(value)
    return host.strip("[]"), int(port)


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


class Command(BaseCommand):
    help = (
        "Check every URL in the map (resources, drafts included, organisations, help lines), "
        "politely and concurrently, and store the results. Exit code 1 when any link is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=_positive_int, default=16, help="requests at once (16)")
        parser.add_argument("--per-host", type=_positive_int, default=2, help="requests at once per host (2)")
        parser.add_argument("--timeout", type=_positive_float, default=15.0, help="seconds per request (15)")
        parser.add_argument("--retries", type=int, default=2, help="extra tries after 429/503/5xx (2)")
        parser.add_argument(
            "--only-stale", type=float, metavar="DAYS", help="only URLs not checked in the last DAYS days"
        )
        parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
        parser.add_argument(
            "--urls", metavar="FILE", help="check the URLs in FILE (one per line) instead of the map's"
        )
        parser.add_argument(
            "--connect-to",
            type=_address,
            metavar="HOST:PORT",
            help="send every request to this plain-HTTP address (a local mirror), keeping the Host header",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        parser.add_argument(
            "--run", type=_positive_int, metavar="ID", help="carry out the run the back office recorded as ID"
        )

    def handle(self, *args, **opts):
        if opts["retries"] < 0:
            raise CommandError("--retries cannot be negative")
        for name in ("httpx", "httpcore"):  # one log line per request would drown the summary
            logging.getLogger(name).setLevel(logging.WARNING)
        urls = self._read_urls(opts["urls"]) if opts["urls"] else None
        options = services.default_options(
            concurrency=opts["concurrency"],
            per_host=opts["per_host"],
            timeout=opts["timeout"],
            retries=opts["retries"],
            connect_to=opts["connect_to"],
        )
        run = self._recorded_run(opts["run"]) if opts["run"] else None
        bar = (
            None
            if opts["no_progress"]
            else ProgressBar(cast(TextIO, getattr(self.stderr, "_out", self.stderr)))
        )
        # SIGTERM (systemd stopping the timer's service, `kill`) ends the run as interrupted, not silently
        # (only the main thread may set a signal handler: call_command from another thread goes without).
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if main else None
        try:
            report = services.link_check_run(
                urls=urls,
                only_stale_days=opts["only_stale"],
                options=options,
                progress=(lambda done, total: bar(done, total, "links")) if bar else None,
                run=run,
            )
        except RunBusy as busy:
            running = busy.run
            started = (
                f" (run {running.pk}, started {running.started_at:%Y-%m-%d %H:%M} UTC)" if running else ""
            )
            raise CommandError(
                f"another link check is running{started}; nothing done", returncode=EXIT_BUSY
            ) from None
        except RunTakenOver as lost:
            raise CommandError(f"{lost}; stopped", returncode=EXIT_BUSY) from None
        finally:
            if main:
                signal.signal(signal.SIGTERM, previous)
        if opts["json"]:
            self.stdout.write(json.dumps(self._as_json(report), ensure_ascii=False, indent=2))
        else:
            self._summary(report)
        if report.exit_code:
            message = f"{len(report.failing)} of {len(report.verdicts)} links do not work"
            raise CommandError(message, returncode=1)

    def _recorded_run(self, pk: int) -> LinkCheckRun:
        run = LinkCheckRun.objects.filter(pk=pk).first()
        if run is None:
            raise CommandError(f"there is no link check run {pk}")
        if run.state != RunState.RUNNING or run.is_stale:
            raise CommandError(f"link check run {pk} is not waiting to run (it is {run.shown_state})")
        return run

    def _read_urls(self, path: str) -> list[str]:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        too_long = [url for url in urls if len(url) > URL_LENGTH]
        if too_long:
            raise CommandError(f"{len(too_long)} URLs are longer than {URL_LENGTH} characters")
        return urls

    def _as_json(self, report: services.RunReport) -> dict:
        return {
            "run": report.run.pk if report.run else None,
            "checked": len(report.verdicts),
            "skipped": report.skipped,
            "failing": len(report.failing),
            "counts": {status: report.counts.get(status, 0) for status in STATUSES},
            "exit_code": report.exit_code,
            "results": [
                {**verdict.as_dict(), "used_by": report.places.get(verdict.url, [])}
                for verdict in report.verdicts
            ],
        }

    def _summary(self, report: services.RunReport) -> None:
        write = self.stdout.write
        skipped = f" ({report.skipped} checked recently, skipped)" if report.skipped else ""
        write(f"Checked {len(report.verdicts)} links{skipped}.")
        for status in STATUSES:
            if report.counts.get(status):
                write(f"  {status:<20} {report.counts[status]:>5}  {LABELS[status]}")
        problems = [v for v in report.verdicts if v.status in FAILING or v.status == REDIRECT_PERMANENT]
        for verdict in problems:
            where = ", ".join(f"{p['kind']} {p['slug']}" for p in report.places.get(verdict.url, []))
            detail = verdict.error or (f"now at {verdict.final_url}" if verdict.final_url else "")
            write(f"{verdict.status:<20} {verdict.url}")
            write(f"{'':<20} {detail}")
            if where:
                write(f"{'':<20} in {where}")
