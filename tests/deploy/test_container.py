"""deploy/Containerfile and deploy/compose.yaml: consistent with the project and with each other,
and the image builds where a container engine runs.

The build is skipped when no engine answers (`docker info` / `podman info`): on this project's
test machine there is a docker client but no daemon, so the files are checked as text here.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.deploy.common import DEPLOY, ROOT, env_lines, known_settings

CONTAINERFILE = DEPLOY / "Containerfile"
COMPOSE = DEPLOY / "compose.yaml"
NGINX_CONF = DEPLOY / "nginx" / "bronwijzer.conf"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Containerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def engine() -> str | None:
    """A container engine that answers, or None."""
    for name in ("podman", "docker"):
        tool = shutil.which(name)
        if tool and subprocess.run([tool, "info"], capture_output=True, timeout=30).returncode == 0:
            return tool
    return None


def test_the_image_uses_the_python_the_project_needs_and_runs_serve_unprivileged():
    steps = instructions()
    arguments = dict(rest.split("=", 1) for keyword, rest in steps if keyword == "ARG")
    python = arguments["PYTHON_IMAGE"]
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    major_minor = re.search(r"python:(\d+\.\d+)", python).group(1)
    assert [rest for keyword, rest in steps if keyword == "FROM"] == [
        "${PYTHON_IMAGE} AS build",
        "${PYTHON_IMAGE}",
    ]
    assert f">={major_minor}" in wanted, (python, wanted)
    user = [rest for keyword, rest in steps if keyword == "USER"]
    assert user and user[-1] not in ("root", "0")
    command = yaml.safe_load([rest for keyword, rest in steps if keyword == "CMD"][-1])
    assert command[:2] == ["bronwijzer", "serve"]
    port = command[command.index("--port") + 1]
    assert [rest for keyword, rest in steps if keyword == "EXPOSE"] == [port]


def test_the_image_copies_only_what_exists_and_what_dockerignore_lets_through():
    ignore = (ROOT / ".dockerignore").read_text().split()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for keyword, rest in instructions():
        if keyword == "COPY" and not rest.startswith("--from"):
            for source in shlex.split(rest)[:-1]:
                assert (ROOT / source).exists(), source
                assert source.rstrip("/") in allowed, f"{source} is excluded by .dockerignore"


def test_compose_runs_the_app_with_postgresql_and_a_shared_cache():
    services = compose()["services"]
    assert {"app", "db", "cache", "nginx"} <= set(services)
    assert services["nginx"]["profiles"] == ["nginx"]  # optional
    app = services["app"]
    assert (COMPOSE.parent / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == CONTAINERFILE
    environment = app["environment"]
    assert set(environment) <= known_settings(), set(environment) - known_settings()
    assert environment["BRONWIJZER_ENV"] == "production"
    assert (
        environment["DATABASE_URL"].startswith("postgresql://") and "@db:5432/" in environment["DATABASE_URL"]
    )
    assert environment["BRONWIJZER_CACHE_URL"] == "redis://cache:6379/0"
    assert set(app["depends_on"]) == {"db", "cache"}
    assert app["ports"] == ["127.0.0.1:8000:8000"]  # for an nginx on the host, never the world
    assert "redis" in services["cache"]["image"] and "postgres" in services["db"]["image"]


def test_compose_trusts_exactly_the_proxies_it_has():
    document = compose()
    network = document["networks"]["bronwijzer"]["ipam"]["config"][0]
    nginx_address = document["services"]["nginx"]["networks"]["bronwijzer"]["ipv4_address"]
    trusted = document["services"]["app"]["environment"]["BRONWIJZER_TRUSTED_PROXIES"].split(",")
    assert sorted(trusted) == sorted([network["gateway"], nginx_address])
    subnet = ipaddress.ip_network(network["subnet"])
    assert all(ipaddress.ip_address(address) in subnet for address in trusted)


def test_compose_nginx_uses_the_repository_file_with_the_apps_address_and_static_files():
    document = compose()
    nginx, app = document["services"]["nginx"], document["services"]["app"]
    command = " ".join(nginx["command"])
    assert command.count("s/127\\.0\\.0\\.1:8000/app:8000/") == 1
    assert NGINX_CONF.read_text().count("server 127.0.0.1:8000;") == 1  # what the sed replaces
    assert "./nginx/bronwijzer.conf:/etc/bronwijzer/nginx.conf:ro" in nginx["volumes"]
    static_root = app["environment"]["BRONWIJZER_STATIC_ROOT"]
    assert f"static:{static_root}" in app["volumes"] and f"static:{static_root}:ro" in nginx["volumes"]
    assert f"root {Path(static_root).parent};" in NGINX_CONF.read_text()  # + /static/ = static_root


def test_the_compose_env_example_fills_every_variable_compose_asks_for():
    asked = set(re.findall(r"\$\{(\w+):\?", COMPOSE.read_text()))
    assert asked <= set(env_lines(DEPLOY / "compose.env.example")), asked


@pytest.mark.skipif(engine() is None, reason="no container engine answers here (docker/podman info fails)")
def test_the_image_builds():
    built = subprocess.run(
        [engine(), "build", "-f", str(CONTAINERFILE), "-t", "bronwijzer-test", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
