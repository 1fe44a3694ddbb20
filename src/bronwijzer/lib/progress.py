"""A plain progress bar for long jobs on the command line (the exports, the link check): on stderr,
redrawn in place on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable as an export ``Progress``: ``bar(done, total, what)``."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, min_interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.width = width
        self.min_interval = min_interval
        self._last = 0.0
        self._what = ""
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int, what: str) -> None:
        now = time.monotonic()
        finished = total and done >= total
        if what == self._what and not finished and now - self._last < self.min_interval:
            return
        self._last, self._what = now, what
        filled = int(self.width * done / total) if total else self.width
        line = f"{what:<12} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        if self._tty:
            self.stream.write("\r" + line + ("\n" if finished else ""))
        elif finished or done == 0:
            self.stream.write(line + "\n")
        self.stream.flush()
