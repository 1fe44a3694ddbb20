"""Fixtures for the API tests: the default map loaded once per module, and a JSON getter."""

from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture
def get(default_map_module, db, client):
    """GET an API path and return the decoded JSON, after checking the status and that it is JSON."""

    def _get(path: str, params=None, *, status: int = 200, headers=None):
        response = client.get(API + path, params or {}, headers=headers or {})
        assert response.status_code == status, response.content[:2000]
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return response.json()

    return _get
