"""The suite runs on several processes (`make test`: pytest-xdist); what one test process holds
must not make another's tests wait or fail."""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path

from django.conf import settings

from bronwijzer.lib.pdf import pdf_render_slot
from bronwijzer.lib.slots import slot
from tests.support.collector import THRESHOLDS


def test_pdf_renders_elsewhere_on_this_checkout_leave_a_tests_render_slot_free():
    # Another process of this checkout (the other xdist worker, or `make run`) holds every PDF render
    # slot of the configured data folder, as it does while it renders.
    checkout_data = Path(os.environ.get("BRONWIJZER_DATA_DIR", "var")).resolve()
    with contextlib.ExitStack() as held:
        for _ in range(settings.PDF_CONCURRENCY):
            held.enter_context(
                slot("pdf", capacity=settings.PDF_CONCURRENCY, wait=0, directory=checkout_data / "locks")
            )
        with pdf_render_slot(wait=0):  # PdfBusy (a 503 in a view) when the slots are shared
            pass


def test_the_cycle_collector_leaves_what_the_process_loaded_alone():
    # tests/support/collector.py (called by tests/conftest.py): fewer collections, and nothing
    # collected before the tests ran walked again
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()
