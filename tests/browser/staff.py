"""Back-office helpers shared by the browser tests: staff accounts, logging in, axe on the content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import AXE, WCAG_21_AA, violations_report
from tests.support.liveserver import server_env

PASSWORD = "een-lang-wachtwoord-voor-tests"


#: `bronwijzer staff NAME --role ROLE --password-stdin` for each account of ``sys.argv[1]`` (JSON
#: ``{role: username}``), in one interpreter: the command reads one line of standard input a time.
STAFF_COMMANDS = (
    "import json, sys; from bronwijzer.cli import main\n"
    "for role, name in json.loads(sys.argv[1]).items():\n"
    "    main(['staff', name, '--role', role, '--password-stdin'])\n"
)


def staff_create(data_dir: Path, roles: dict[str, str]) -> dict[str, str]:
    """Make ``{role: username}`` accounts with `bronwijzer staff` in the server's database.

    One process runs the command for every account (a process start and Django's setup cost
    more than the command itself).
    """
    subprocess.run(
        [sys.executable, "-c", STAFF_COMMANDS, json.dumps(roles)],
        input=(PASSWORD + "\n") * len(roles),
        env=server_env(data_dir),
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )
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
