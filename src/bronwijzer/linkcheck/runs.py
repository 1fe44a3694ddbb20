"""A link-check run's life: claimed (one at a time), started in the background, alive, finished.

- ``run_claim(started_by=...)`` records a new run as running, unless one is running; then it
  raises :class:`RunBusy` naming that run. The database refuses a second running run (the
  partial unique index ``linkcheck_one_run_at_a_time``), so two requests, a request and the
  nightly timer, or two servers can never start two at once. A running run whose heartbeat
  is older than ``models.STALE_AFTER`` lost its process: it is marked interrupted first, so
  a new run can start.
- ``run_launch(run)`` starts ``bronwijzer checklinks --run ID`` as a detached process and
  returns at once (see below why a process).
- :class:`Heartbeat` runs beside the check in that process: every second it may write the
  progress, at least every ``HEARTBEAT_SECONDS`` it writes a sign of life; it notices when
  the run was taken from it (marked interrupted), and the check then stops.
- ``run_fail(run, ...)`` / ``run_interrupt(run)`` end a run that did not finish.

**Why a detached process.** The web request only records the run and starts the process;
it never waits for it, so no web worker is tied up for the minutes a check takes. The
process is the same management command cron or the systemd timer runs, with the same
settings (it inherits the server's environment), in its own session
(``start_new_session``), so it survives the request, the worker being recycled and a
signal to the worker's process group. A thread of the worker only collects its exit
status so no zombie is left. No queue or extra service (Celery, a broker) is needed for
one job that runs at most once at a time. A restart of the whole web service stops the
process with it (it is in the same service); the run then shows as interrupted and can be
started again.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from bronwijzer.linkcheck.models import HEARTBEAT_SECONDS, LinkCheckRun, RunState

logger = logging.getLogger(__name__)

#: The heartbeat thread looks this often whether the progress moved.
_TICK_SECONDS = 1.0


class RunBusy(Exception):
    """Another run is running; ``run`` is that one (None if it ended meanwhile)."""

    def __init__(self, run: LinkCheckRun | None):
        super().__init__(f"link check run {run.pk if run else '?'} is running")
        self.run = run


class RunTakenOver(Exception):
    """This run was marked interrupted (its heartbeat was late) and may have a successor: stop."""


def runs_interrupt_stale() -> int:
    """Mark running runs without a recent heartbeat as interrupted; returns how many."""
    now = timezone.now()
    return LinkCheckRun.objects.stale(now).update(state=RunState.INTERRUPTED, finished_at=now)


def run_claim(*, started_by=None, options: dict | None = None) -> LinkCheckRun:
    """Record a new running run; :class:`RunBusy` if one is running (after stale ones are interrupted)."""
    for _attempt in range(3):
        runs_interrupt_stale()
        now = timezone.now()
        try:
            with transaction.atomic():
                return LinkCheckRun.objects.create(
                    state=RunState.RUNNING,
                    started_at=now,
                    heartbeat_at=now,
                    started_by=started_by,
                    options=options or {},
                )
        except IntegrityError:
            running = LinkCheckRun.objects.filter(state=RunState.RUNNING).first()
            if running is not None and not running.is_stale:
                raise RunBusy(running) from None
            # it ended (or went stale) between the insert and the look-up: try again
    raise RunBusy(LinkCheckRun.objects.filter(state=RunState.RUNNING).first())


def run_command(run: LinkCheckRun) -> list[str]:
    """The command line that carries out ``run`` (the same command as the nightly run)."""
    return [sys.executable, "-m", "bronwijzer.cli", "checklinks", "--run", str(run.pk), "--no-progress"]


def run_launch(run: LinkCheckRun) -> int | None:
    """Start the process for ``run`` in the background and return its process id without waiting.

    Its output goes nowhere (the results are in the database); its errors go to the server's
    own error output (the journal). If the process cannot be started, the run is marked failed
    (with the reason) and None is returned.
    """
    try:
        process = subprocess.Popen(
            run_command(run),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )
    except OSError as exc:
        logger.exception("link check run %s could not be started", run.pk)
        run_fail(run, f"could not start the link check: {exc}")
        return None
    # Only collects the exit status when the process ends (no zombie); nobody waits for it.
    threading.Thread(target=process.wait, name=f"linkcheck-run-{run.pk}", daemon=True).start()
    logger.info("link check run %s started as process %s", run.pk, process.pid)
    return process.pid


def run_fail(run: LinkCheckRun, error: str) -> bool:
    """Mark ``run`` failed, if it is still running; True when it was."""
    changed = LinkCheckRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
        state=RunState.FAILED, finished_at=timezone.now(), error=error[:4000]
    )
    return bool(changed)


def run_interrupt(run: LinkCheckRun) -> bool:
    """Mark ``run`` interrupted (its process is being stopped), if it is still running."""
    changed = LinkCheckRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
        state=RunState.INTERRUPTED, finished_at=timezone.now()
    )
    return bool(changed)


class Heartbeat:
    """Writes a running run's sign of life and progress from a thread of its own.

    The check itself runs in an event loop, where Django refuses database calls; this
    thread has its own connection. ``progress(done, total)`` is the engine's progress
    callback: it only records the numbers (and raises :class:`RunTakenOver` once the
    run was taken from this process, which stops the check).
    """

    def __init__(self, run: LinkCheckRun, interval: float = HEARTBEAT_SECONDS):
        self.run = run
        self.interval = interval
        self.done = 0
        self.total = 0
        self.lost = False
        self._written: tuple[int, int] | None = None
        self._last_write = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"linkcheck-heartbeat-{run.pk}", daemon=True)

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.lost:
            raise RunTakenOver(f"link check run {self.run.pk} was marked interrupted")

    def __enter__(self) -> Heartbeat:
        self._write(force=True)  # the process id and a first sign of life, before the work starts
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(_TICK_SECONDS):
                self._write()
        finally:
            connection.close()  # this thread's own connection

    def _write(self, force: bool = False) -> None:
        numbers = (self.done, self.total)
        due = time.monotonic() - self._last_write >= self.interval
        if not (force or due or numbers != self._written):
            return
        run = LinkCheckRun.objects.filter(pk=self.run.pk)
        try:
            alive = run.filter(state=RunState.RUNNING).update(
                heartbeat_at=timezone.now(), done=numbers[0], total=numbers[1], pid=os.getpid()
            )
            # Lost only when the run is seen in another state. A run this connection cannot see
            # at all was recorded in a transaction that is still open (a caller's atomic block):
            # then its heartbeat simply does not count yet.
            state = None if alive else run.values_list("state", flat=True).first()
        except DatabaseError as exc:  # e.g. SQLite busy for longer than its timeout: try again next tick
            logger.warning("link check run %s: heartbeat not written: %s", self.run.pk, exc)
            return
        self._written, self._last_write = numbers, time.monotonic()
        if state is not None and state != RunState.RUNNING:
            self.lost = True
