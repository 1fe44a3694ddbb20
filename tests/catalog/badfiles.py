"""Helpers for the bad-input tests of loadmap: write a mutated map, run it, check nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from bronwijzer.catalog import services
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section

MODELS = (Map, Section, Organisation, Resource, GlossaryTerm, HelpLine)
BOTH = ((), ("--replace",))  # run each bad file as an upsert and as a replacement


def dump_yaml(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def dump_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)  # default: YAML dates


def write_yaml(path: Path, doc: dict) -> Path:
    path.write_text(dump_yaml(doc), encoding="utf-8")
    return path


def write_doc(directory: Path, doc: dict, fmt: str = "yaml") -> Path:
    path = directory / f"bad.{fmt}"
    path.write_text(dump_yaml(doc) if fmt == "yaml" else dump_json(doc), encoding="utf-8")
    return path


def loaded(default_map_module, db):
    """The default map is in the database (each test runs in its own savepoint)."""
    assert Resource.objects.count() == 43


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def first_latin1_line(text: str) -> int:
    """The first line that, saved as Latin-1, holds a byte that is not valid UTF-8."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if any(128 <= ord(ch) <= 255 for ch in line))


def db_state() -> tuple[str, tuple[int, ...]]:
    """Everything a failed load must leave alone: the whole map and the edit history."""
    return services.map_export("json"), tuple(model.history.count() for model in MODELS)


def label(doc: dict, key: str, number: int) -> str:
    """How the message names entry ``number`` (1-based) of ``key``."""
    return f"{key} entry {number} (slug {doc[key][number - 1]['slug']!r})"


def refused(path: Path, *expected: str, modes=BOTH) -> str:
    """Run ``loadmap path`` in each mode; each must fail naming ``path`` and ``expected``, writing nothing.

    The state is compared once, after the last mode: a refused load cannot undo what an
    earlier one wrote, so equality at the end means that no run changed anything.
    """
    before = db_state()
    message = ""
    for args in modes:
        with pytest.raises(CommandError) as info:
            call_command("loadmap", str(path), *args)
        message = str(info.value)
        assert message.startswith(f"{path}: "), message
        assert "nothing was loaded" in message
        for fragment in expected:
            assert fragment in message, f"{fragment!r} not in (loadmap {' '.join(args)}):\n{message}"
    assert db_state() == before, "a refused loadmap changed the database"
    return message
