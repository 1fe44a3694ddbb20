"""A limit on heavy work that holds across threads, worker processes and restarts: lock files.

``slot("pdf", capacity=2, wait=5, directory=...)`` takes one of ``capacity`` slots, each an
exclusive ``flock`` on its own file (``<directory>/pdf-0.lock``, ``pdf-1.lock``, ...), or
waits up to ``wait`` seconds for one and then raises :class:`SlotsBusy`.

Why lock files and not a counter in the cache: the kernel lets go of a ``flock`` when its
file is closed, also when the process dies (``kill -9``, out of memory, a worker restarted by
a timeout). A counter in a cache would stay raised after such a death until an expiry, and
meanwhile refuse work; a lock cannot leak. Every slot is a new ``open()`` of the file, and
``flock`` locks belong to the open file, so two threads of one process exclude each other
too. The limit is per machine (the lock directory must be on a local file system, not
NFS), which is right for work that is bound by the machine's processors.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: How often a waiting request looks for a free slot.
POLL_SECONDS = 0.05


class SlotsBusy(Exception):
    """Every slot stayed taken for as long as the caller would wait."""

    def __init__(self, name: str, capacity: int, waited: float):
        super().__init__(f"all {capacity} {name} slots busy after {waited:.1f} s")
        self.name = name
        self.capacity = capacity


def _try_lock(path: Path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextmanager
def slot(name: str, *, capacity: int, wait: float, directory: Path) -> Iterator[int]:
    """Hold one of ``capacity`` slots called ``name`` while the block runs; yields its number.

    ``wait``: seconds to wait for a free slot (0: do not wait) before :class:`SlotsBusy`.
    """
    directory.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    while True:
        for number in range(capacity):
            fd = _try_lock(directory / f"{name}-{number}.lock")
            if fd is None:
                continue
            try:
                yield number
            finally:
                os.close(fd)  # closing the file releases the lock
            return
        waited = time.monotonic() - started
        if waited >= wait:
            raise SlotsBusy(name, capacity, waited)
        time.sleep(min(POLL_SECONDS, wait - waited))
