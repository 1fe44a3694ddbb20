"""Python's cycle collector in the test processes (tests/conftest.py calls these).

A test process holds millions of objects (Django, the libraries, every collected test), and with
Python's default thresholds (700, 10, 10) the collector went through all of them about once a
second: a fifth of the CPU of tests/kit and tests/catalog (16 of 80 s, measured with
gc.callbacks). Collected less often (:data:`THRESHOLDS`), and with what the process holds once the
tests are collected frozen out of its sight (:func:`collector_freeze`), the same tests spent 3 to
6 s in it. Garbage in reference cycles waits longer to be freed: a few MB more.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)


def collector_tune() -> None:
    gc.set_threshold(*THRESHOLDS)


def collector_freeze() -> None:
    """What the process holds now (modules, libraries, the test items) lives until the run ends:
    moved out of the collector's sight, it is not walked again at each full collection."""
    gc.collect()
    gc.freeze()
