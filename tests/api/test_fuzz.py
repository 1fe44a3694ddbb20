"""Schema-driven fuzzing (schemathesis) of every operation in /api/v1/openapi.json, against the Django app.

Valid and invalid requests, a bounded number per operation: never a 500, and every
response matches the status codes, content type and body schema the document declares.
"""

from __future__ import annotations

import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from bronwijzer.api.api import api

MAX_EXAMPLES = 30


# The document /api/v1/openapi.json serves (test_http checks they are the same), loaded without
# a request so that collecting the tests does not depend on ALLOWED_HOSTS.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = get_wsgi_application()
BASE_URL = "http://testserver"  # the host pytest-django allows
REVERSED_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")


@schema.hook("map_query")
def ranges_in_order(context, query):
    """The one rule of the age parameter its schema cannot state: a range's first age is not above the
    second. Generated ranges are put in order (a reversed range is a 422, tested elsewhere)."""
    if query and isinstance(query.get("age"), list):
        query["age"] = [_in_order(value) for value in query["age"]]
    return query


def _in_order(value):
    match = REVERSED_RANGE.match(value) if isinstance(value, str) else None
    if match and int(match.group(1)) > int(match.group(2)):
        return f"{match.group(2)}-{match.group(1)}"
    return value


@pytest.fixture
def served(default_map_module, db):
    """The default map, served by the real WSGI application within the test's transaction.

    Django closes connections at the start and end of each request; inside a test that would
    end the test's transaction, so that handling is off while the fuzzer runs.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("served")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_breaks_the_api_or_its_schema(case):
    # schemathesis's WSGI client asks for gzip like a browser but does not unpack it (the gzip
    # answers themselves are tested in tests/web/test_compression.py)
    case.call_and_validate(base_url=BASE_URL, headers={"Accept-Encoding": "identity"})
