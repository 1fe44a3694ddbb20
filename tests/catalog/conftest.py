"""Fixtures of the catalog tests."""

from __future__ import annotations

import copy

import pytest
import yaml

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource


@pytest.fixture(scope="module")
def default_document() -> dict:
    """The packaged default map, parsed."""
    return yaml.safe_load(services.DEFAULT_MAP_PATH.read_text("utf-8"))


@pytest.fixture
def doc(default_document) -> dict:
    """A fresh, mutable copy of the default map document."""
    return copy.deepcopy(default_document)


@pytest.fixture
def loaded(default_map_module, db):
    """The default map is in the database (each test runs in its own savepoint)."""
    assert Resource.objects.count() == 43
