"""deploy/systemd/*: units systemd accepts, well sandboxed, running commands that exist with the
settings of deploy/env.example; the admin wrapper deploy/bin/bronwijzer; the backup rotation.

`systemd-analyze verify` and `systemd-analyze security --offline` read the unit files without a
running systemd (skipped when systemd-analyze is not installed).
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from bronwijzer.backup.services import default_backup_path
from tests.deploy.common import DEPLOY, env_lines, known_settings

UNITS = DEPLOY / "systemd"
SERVICES = ("bronwijzer.service", "bronwijzer-checklinks.service", "bronwijzer-backup.service")
TIMERS = ("bronwijzer-checklinks.timer", "bronwijzer-backup.timer")
INSTALLED = "/opt/bronwijzer/venv/bin/bronwijzer"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed (Debian: apt-get install systemd)"
)
#: Django's deploy checks that do not apply: nginx redirects http to https (W008), and HSTS
#: preloading is the institute's choice (W021); see docs/deployment.md.
EXPECTED_DEPLOY_WARNINGS = {"security.W008", "security.W021"}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys keep their case
    parser.read_string((UNITS / name).read_text())
    return parser


def installed_here(tmp_path: Path) -> Path:
    """The unit files with this checkout's console script where the server has its virtualenv."""
    here = Path(sys.executable).parent / "bronwijzer"
    for name in (*SERVICES, *TIMERS):
        (tmp_path / name).write_text((UNITS / name).read_text().replace(INSTALLED, str(here)))
    return tmp_path


@needs_systemd_analyze
def test_systemd_accepts_every_unit_without_a_word(tmp_path):
    folder = installed_here(tmp_path)
    checked = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *(f"./{name}" for name in (*SERVICES, *TIMERS))],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "", checked.stderr  # not even an unknown key


@needs_systemd_analyze
@pytest.mark.parametrize("service", SERVICES)
def test_every_service_is_sandboxed(tmp_path, service):
    folder = installed_here(tmp_path)
    report = subprocess.run(
        [SYSTEMD_ANALYZE, "security", "--offline=true", "--no-pager", f"./{service}"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    level = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", report).group(1))
    assert level <= 2.0, report  # systemd calls up to 3.9 "OK"; the default for a service is 9.6


@pytest.mark.parametrize("service", SERVICES)
def test_services_run_existing_commands_as_the_web_server_does(service):
    section = unit(service)["Service"]
    web = unit("bronwijzer.service")["Service"]
    for key in ("User", "Group", "EnvironmentFile", "WorkingDirectory", "ProtectSystem", "NoNewPrivileges"):
        assert section[key] == web[key], key
    command = shlex.split(section["ExecStart"])
    assert command[0] == INSTALLED
    assert command[1] in get_commands(), f"bronwijzer {command[1]} does not exist"


def test_timers_start_their_service_nightly_and_catch_up():
    for name in TIMERS:
        timer = unit(name)["Timer"]
        assert re.fullmatch(r"\*-\*-\* \d\d:\d\d", timer["OnCalendar"])
        assert timer["Persistent"] == "true"
        assert (UNITS / name.replace(".timer", ".service")).exists()
    backup, links = (unit(name)["Timer"]["OnCalendar"] for name in TIMERS[::-1])
    assert backup < links  # the backup first: a link check writes to the database


def test_the_backup_rotation_deletes_only_old_backups_of_the_backup_command():
    service = unit("bronwijzer-backup.service")["Service"]
    assert shlex.split(service["ExecStart"])[1:] == ["backup"]  # the default file name
    find = shlex.split(service["ExecStartPost"])
    assert find[0] == "/usr/bin/find" and "-delete" in find
    folder, pattern = Path(find[1]), find[find.index("-name") + 1]
    data_dir = Path(env_lines(DEPLOY / "env.example")["BRONWIJZER_DATA_DIR"])
    written = default_backup_path(data_dir / "backups")
    assert written.parent == folder
    assert fnmatch.fnmatch(written.name, pattern)
    assert not fnmatch.fnmatch("bronwijzer.sqlite3", pattern)
    assert find[find.index("-mtime") + 1] == "+13"  # fourteen nights are kept


def test_the_env_example_names_only_real_settings_and_every_required_one():
    names = env_lines(DEPLOY / "env.example")
    unknown = set(names) - known_settings()
    assert not unknown, f"not a Bronwijzer setting: {unknown}"
    for required in (
        "BRONWIJZER_ENV",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "BRONWIJZER_PUBLIC_URL",
    ):
        assert names.get(required), required
    assert names["BRONWIJZER_TRUSTED_PROXIES"] == "127.0.0.1"  # nginx on this machine, only


@pytest.mark.skipif(os.geteuid() != 0, reason="the wrapper runs as root and switches user (runuser)")
def test_the_wrapper_runs_commands_with_the_env_file_and_djangos_deploy_checks_pass(tmp_path):
    """deploy/bin/bronwijzer with deploy/env.example (placeholders filled in, paths in tmp_path,
    SQLite for PostgreSQL): Django's `check --deploy` finds nothing but the expected warnings."""
    env = (DEPLOY / "env.example").read_text()
    env = env.replace("SECRET_KEY=CHANGE-ME", f"SECRET_KEY={secrets.token_urlsafe(50)}")
    env = env.replace("postgresql:///bronwijzer", f"sqlite:///{tmp_path}/db.sqlite3")
    env = env.replace("/var/cache/bronwijzer", str(tmp_path / "cache")).replace(
        "/var/lib/bronwijzer", str(tmp_path)
    )
    (tmp_path / "env").write_text(env)
    wrapper = (DEPLOY / "bin" / "bronwijzer").read_text()
    for old, new in (
        ("ENV_FILE=/etc/bronwijzer/env", f"ENV_FILE={tmp_path}/env"),
        ("VENV=/opt/bronwijzer/venv", f"VENV={Path(sys.executable).parent.parent}"),
        ("USER_NAME=bronwijzer", "USER_NAME=root"),
        ("WORK_DIR=/var/lib/bronwijzer", f"WORK_DIR={tmp_path}"),
    ):
        assert old in wrapper
        wrapper = wrapper.replace(old, new)
    (tmp_path / "wrapper").write_text(wrapper)
    clean = {"PATH": os.environ["PATH"]}  # nothing of the test's own settings
    checked = subprocess.run(
        ["sh", str(tmp_path / "wrapper"), "check", "--deploy"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    warnings = set(re.findall(r"\((\w+\.\w\d+)\)", checked.stderr + checked.stdout))
    assert warnings == EXPECTED_DEPLOY_WARNINGS, checked.stderr
