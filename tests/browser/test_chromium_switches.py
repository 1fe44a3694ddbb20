"""The switches the tests' Chromium runs with: ours add to Playwright's, never replace them.

Chromium keeps only the last ``--disable-features`` on its command line, and Playwright puts its
own list first (features that would make tests flaky or reach the internet). ``LAUNCH_ARGS``
repeats that list with two of ours; if a Playwright upgrade changes its list, this test names
what ours would silently switch back on.
"""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.support.liveserver import CPU_ONLY_FEATURES


def disabled_feature_switches(browser: Browser) -> list[set[str]]:
    """Each ``--disable-features`` switch on the running browser's command line, in order."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto("chrome://version")
        command_line = page.locator("#command_line").inner_text()
    finally:
        context.close()
    prefix = "--disable-features="
    switches = [part for part in command_line.split() if part.startswith(prefix)]
    return [set(switch.removeprefix(prefix).split(",")) for switch in switches]


def test_the_last_disable_features_switch_keeps_playwrights_and_adds_ours(browser: Browser):
    switches = disabled_feature_switches(browser)
    assert len(switches) >= 2, f"expected Playwright's --disable-features and ours, got {switches}"
    *earlier, effective = switches
    dropped = set().union(*earlier) - effective
    assert not dropped, (
        f"Playwright now turns off {sorted(dropped)} too: add them to PLAYWRIGHT_DISABLED_FEATURES"
        " in tests/support/liveserver.py"
    )
    assert set(CPU_ONLY_FEATURES) <= effective
