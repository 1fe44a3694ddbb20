"""Several server processes agree: a publish is visible in every gunicorn worker at once."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.support.liveserver import live_server, manage

SLUG = "escaperoom-het-stopt-bij-jou"


def run_service(data_dir, call: str) -> None:
    code = (
        "from bronwijzer.catalog.models import Resource; from tests.support import content; "
        f"content.{call}(Resource.objects.get(slug={SLUG!r}))"
    )
    manage(data_dir, "shell", "-c", code)


def found_by_every_request(base_url: str, requests: int = 16) -> set[bool]:
    """Whether the resource is found, over many requests (each a new connection, spread over the workers)."""
    answers = set()
    for _ in range(requests):
        with urllib.request.urlopen(
            f"{base_url}/api/v1/resources?q=escaperoom&limit=10", timeout=10
        ) as response:
            slugs = [r["slug"] for r in json.load(response)["results"]]
        answers.add(SLUG in slugs)
    return answers


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("workers")
    with live_server(data_dir) as running:
        yield running, data_dir


def test_unpublishing_and_publishing_reach_every_worker_at_once(server):
    running, data_dir = server
    assert found_by_every_request(running.url) == {True}
    run_service(data_dir, "resource_unpublish")
    assert found_by_every_request(running.url) == {False}
    run_service(data_dir, "resource_publish")
    assert found_by_every_request(running.url) == {True}
    workers = {
        line.split("pid: ")[1] for line in running.log().splitlines() if "Booting worker with pid" in line
    }
    assert len(workers) == 2
