"""The child process that builds a search index: ``python -m bronwijzer.search.indexchild``.

Started by :class:`bronwijzer.search.indexbuild.SharedBuild` in a server worker. It reads its
request on stdin (JSON: the worker's database settings and the folder of the index files),
sets Django up with that database, builds the index of the current content version, writes
its file (:func:`bronwijzer.search.built.index_write`) and names it on its last line of output.
It imports nothing of the project before Django is set up (this module is its ``__main__``),
and it ends when the thread of the worker that started it ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import signal
import sys
import time
from pathlib import Path

#: The child's last line of output names the file it wrote.
DONE = "bronwijzer-search-index-written "
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask the kernel to end this process when the thread that started it ends (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def main() -> int:
    _die_with_parent()
    # A process that only allocates and then ends: the cycle collector would go through the
    # build's millions of objects again and again for nothing.
    gc.disable()
    request = json.load(sys.stdin)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bronwijzer.settings")
    # Imported here, not at the top: the project's modules need Django set up, with the database
    # the request names (in a test, the test's), before any connection opens.
    import django
    from django.conf import settings

    settings.DATABASES["default"] = request["database"]
    django.setup()
    from bronwijzer.search.built import index_build, index_write

    started = time.monotonic()
    path = index_write(index_build(), Path(request["directory"]))
    print(f"built in {time.monotonic() - started:.2f} s", flush=True)
    print(f"{DONE}{path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
