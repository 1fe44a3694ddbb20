"""Helpers shared by the benchmarks: a throwaway environment and timed ``bronwijzer`` commands."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path


def bench_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "BRONWIJZER_ENV": "development",
            "BRONWIJZER_DATA_DIR": str(data_dir),
            "BRONWIJZER_MAX_IMPORT_BYTES": str(2_000_000_000),
            "BRONWIJZER_QUICK_EXIT_URL": "https://neutral.example/",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
    )
    return env


def bronwijzer(*args: str) -> list[str]:
    return [sys.executable, "-m", "bronwijzer.cli", *args]


def run(command: list[str], env: dict[str, str], log_path: Path) -> float:
    """Run a command to completion (output to ``log_path``); return its wall time in seconds."""
    started = time.perf_counter()
    with log_path.open("ab") as out:
        completed = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if completed.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
        raise RuntimeError(f"`{shlex.join(command)}` exited with {completed.returncode}:\n{tail}")
    return time.perf_counter() - started


def section_write(path: Path, text: str, start: str, end: str) -> None:
    """Put ``text`` (which starts with ``start`` and ends with ``end``) into ``path``, replacing
    the section between those markers if it is there, else at the end. Each benchmark script
    owns one section of docs/benchmarks.md this way."""
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        current = before + text + ("\n" + after if after else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current)
