"""Back-office helpers shared by the browser tests: staff accounts, logging in, axe on the content."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import AXE, WCAG_21_AA, violations_report
from tests.support.liveserver import manage

PASSWORD = "een-lang-wachtwoord-voor-tests"


def staff_create(data_dir: Path, roles: dict[str, str]) -> dict[str, str]:
    """Make ``{role: username}`` accounts with `bronwijzer staff` in the server's database."""
    for role, name in roles.items():
        manage(data_dir, "staff", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    return roles


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/redactie/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def no_violations(page: Page, where: str) -> None:
    violations = AXE.run(page, context="#content-main", options=WCAG_21_AA).response["violations"]
    assert not violations, f"axe-core, {where}:\n{violations_report(violations)}"
