"""Take the README screenshot of the map: ``python bench/screenshot.py docs/screenshot-map.png``.

Starts the real server on a fresh SQLite database (tests/support/liveserver.py, the same helper the
browser tests use), loads the map in Debian's Chromium at 1280x900 and saves the viewport as PNG.
Every request that would leave the local server is blocked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

if __package__ in (None, ""):  # run as a script: make `tests.support` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.liveserver import CHROMIUM, LAUNCH_ARGS, live_server

VIEWPORT = {"width": 1280, "height": 900}


def screenshot(out: Path, path: str = "/") -> None:
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="bronwijzer-screenshot-") as data_dir,
        live_server(Path(data_dir)) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", device_scale_factor=1)

        def local_only(route: Route) -> None:
            if route.request.url.startswith(server.url + "/"):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", local_only)
        page = context.new_page()
        response = page.goto(server.url + path, wait_until="load")
        if response is None or not response.ok:
            raise SystemExit(f"{server.url + path} answered {response and response.status}")
        page.screenshot(path=str(out), full_page=False, animations="disabled", caret="hide")
        browser.close()
    print(f"wrote {out} ({out.stat().st_size} bytes)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the PNG file to write, e.g. docs/screenshot-map.png")
    parser.add_argument("--path", default="/", help="the page to take, default the map (/)")
    args = parser.parse_args(argv)
    screenshot(args.out, args.path)


if __name__ == "__main__":
    main()
