"""The cross-process limit on heavy work: lock-file slots shared by processes and threads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from bronwijzer.lib.slots import SlotsBusy, slot

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def _hold_in_a_process(path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_slots_held_by_other_processes_are_busy_until_a_holder_dies(tmp_path):
    holders = [_hold_in_a_process(tmp_path / f"pdf-{n}.lock") for n in range(2)]
    try:
        with (
            pytest.raises(SlotsBusy, match="all 2 pdf slots busy"),
            slot("pdf", capacity=2, wait=0, directory=tmp_path),
        ):
            pass
        os.kill(holders[1].pid, signal.SIGKILL)  # a worker killed mid-render: the kernel lets go of its lock
        holders[1].wait()
        with slot("pdf", capacity=2, wait=2, directory=tmp_path) as number:
            assert number == 1
    finally:
        for holder in holders:
            holder.kill()
            holder.wait()


def test_threads_of_one_process_share_the_limit_and_a_freed_slot_is_taken_by_a_waiter(tmp_path):
    taken = threading.Barrier(3)
    release = threading.Event()

    def hold():
        with slot("pdf", capacity=2, wait=0, directory=tmp_path):
            taken.wait()
            release.wait()

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    taken.wait()
    with pytest.raises(SlotsBusy), slot("pdf", capacity=2, wait=0, directory=tmp_path):
        pass
    release.set()  # the holders finish; a waiter gets a slot
    with slot("pdf", capacity=2, wait=30, directory=tmp_path):
        pass
    for thread in threads:
        thread.join()


def test_a_slot_is_given_back_when_the_work_fails(tmp_path):
    with pytest.raises(RuntimeError), slot("pdf", capacity=1, wait=0, directory=tmp_path):
        raise RuntimeError("the render failed")
    with slot("pdf", capacity=1, wait=0, directory=tmp_path) as number:
        assert number == 0
