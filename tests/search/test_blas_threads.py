"""Importing the search index starts no BLAS threads (bronwijzer/search/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys

IMPORT_AND_COUNT = (
    "import os, sys, django; django.setup(); import bronwijzer.search.index; "
    "print('numpy' in sys.modules, len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])"
)


def run(**env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    environment.update(env, DJANGO_SETTINGS_MODULE="bronwijzer.settings")
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_COUNT], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_a_process_that_loads_the_index_runs_on_one_thread():
    assert run() == ["True", "1", "1"]  # numpy loaded, and no OpenBLAS thread beside the main one


def test_the_environment_still_decides_the_blas_threads():
    assert run(OPENBLAS_NUM_THREADS="4")[2] == "4"
