"""The order in which `make test` hands test files to its pytest-xdist workers.

`make test` runs every test in one pytest run on two workers (``--dist loadfile
--no-loadscope-reorder``: a file stays on one worker, and the files are handed out in collection
order, each to the first worker that is free). Collection puts the longest files first, so that
the last files handed out are short ones and both workers end at about the same time, and the
browser tests after all the others (tests/browser/conftest.py: Playwright's synchronous API keeps
an event loop running in its process, where Django refuses database work).

How long a file takes comes from tests/durations.json: seconds per file, measured. A file that is
not in it counts a guess per test. Refresh it after adding or changing slow tests::

    .venv/bin/python -m pytest -p no:cacheprovider -n 2 --dist loadfile --no-loadscope-reorder \
        --junitxml=/tmp/run.xml
    .venv/bin/python -m tests.support.schedule /tmp/run.xml
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

DURATIONS = Path(__file__).resolve().parents[1] / "durations.json"
ROOT = DURATIONS.parents[1]
#: Seconds per test of a file missing from DURATIONS (about the mean of each kind).
GUESS_PER_TEST = 0.2
GUESS_PER_BROWSER_TEST = 3.0


@cache
def measured() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text())
    except FileNotFoundError:
        return {}


def file_weight(path: str, tests: int, *, browser: bool) -> float:
    """The expected seconds of the test file ``path`` (relative to the checkout) with ``tests`` tests."""
    known = measured().get(path)
    if known is not None:
        return known
    return tests * (GUESS_PER_BROWSER_TEST if browser else GUESS_PER_TEST)


def durations_from_junit(reports: list[Path]) -> dict[str, float]:
    """Seconds per test file (setup, call and teardown) in pytest's JUnit XML reports."""
    seconds: Counter[str] = Counter()
    for report in reports:
        for case in ET.parse(report).iter("testcase"):
            module = case.get("classname", "")
            path = Path(*module.split("."))
            while path.parts and not (ROOT / path.with_suffix(".py")).is_file():
                path = path.parent  # a test in a class: tests.web.test_x.TestY
            if path.parts:
                seconds[path.with_suffix(".py").as_posix()] += float(case.get("time") or 0)
    return {name: round(value, 1) for name, value in sorted(seconds.items())}


if __name__ == "__main__":
    DURATIONS.write_text(json.dumps(durations_from_junit([Path(a) for a in sys.argv[1:]]), indent=0) + "\n")
    print(f"wrote {DURATIONS}")
