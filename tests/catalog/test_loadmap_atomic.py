"""``loadmap`` writes nothing unless everything is valid, and a failure halfway rolls back all;
the real command line exits 1 and leaves the database alone."""

from __future__ import annotations

import copy
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from tests.catalog.badfiles import (
    MODELS,
    db_state,
    dump_yaml,
    first_latin1_line,
    label,
    refused,
    write_doc,
    write_yaml,
)
from tests.catalog.support import empty_catalog
from tests.support.liveserver import data_dir_prepare

pytestmark = pytest.mark.django_db


# --- nothing from the good entries before a bad one is written ----------------------------------


def test_bad_40th_resource_writes_nothing_into_an_empty_database(loaded, doc, tmp_path):
    empty_catalog()
    doc["resources"][39]["age_min"] = "twaalf"
    path = write_doc(tmp_path, doc, "json")
    refused(path, f"{label(doc, 'resources', 40)}, field 'age_min'")
    assert all(model.objects.count() == 0 for model in MODELS)
    # The same file with entry 40 repaired loads completely: only entry 40 stood in the way.
    doc["resources"][39]["age_min"] = 12
    call_command("loadmap", str(write_doc(tmp_path, doc, "json")), "--replace", stdout=io.StringIO())
    assert Resource.objects.count() == 43


def test_bad_40th_resource_leaves_a_loaded_map_untouched(loaded, doc, tmp_path):
    for entry in doc["resources"][:39]:
        entry["title"] += " (gewijzigd)"  # 39 real updates that must not happen
    doc["resources"][39]["url"] = "mailto:info@example.nl"
    path = write_yaml(tmp_path / "late.yaml", doc)
    refused(path, f"{label(doc, 'resources', 40)}, field 'url'")
    assert not Resource.objects.filter(title__endswith="(gewijzigd)").exists()


def test_a_failing_write_halfway_rolls_back_the_whole_import(loaded, doc, tmp_path, monkeypatch):
    """Fault injection: the 20th resource save raises; the import is one transaction."""
    for entry in doc["resources"]:
        entry["title"] += " (nieuw)"
    path = write_doc(tmp_path, doc, "json")
    before = db_state()
    real_save = Resource.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disk full (injected)")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Resource, "save", failing_save)
    for replace in (False, True):
        calls["n"] = 0
        with pytest.raises(RuntimeError, match="injected"):
            services.map_load_file(path, replace=replace)
        assert calls["n"] == 20
        assert db_state() == before
    assert not Resource.objects.filter(title__endswith="(nieuw)").exists()


# --- the real command line, in a subprocess -----------------------------------------------------


def sqlite_digest(path: Path) -> str:
    """A digest of every catalog table (content and history) in the command line's database."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'catalog_%' ORDER BY name"
            )
        ]
        assert len(tables) >= 12, tables  # six models and their histories
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    connection.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """``python -m bronwijzer.cli`` on its own SQLite database (DATABASE_URL unset) with the default map."""
    data_dir = tmp_path_factory.mktemp("cli-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRONWIJZER_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["BRONWIJZER_DATA_DIR"] = str(data_dir)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bronwijzer.cli", *args],
            env=env,
            cwd=data_dir,
            capture_output=True,
            text=True,
            timeout=60,
        )

    # Setup, not under test: a copy of the run's template database (`migrate`, then `loadmap
    # --default`, prepared once a run for every test server: tests/support/liveserver.py).
    data_dir_prepare(data_dir)
    run.database = data_dir / "bronwijzer.sqlite3"
    return run


def _bad_age(doc):
    doc["resources"][11]["age_min"] = "twelve"
    expected = (
        "resources entry 12 (slug 'basiskennis-eergerelateerd-geweld'), field 'age_min': Input should be"
    )
    return dump_yaml(doc).encode(), expected, ((),)


def _late_url(doc):
    doc["resources"][39]["url"] = "javascript:alert(1)"
    slug = doc["resources"][39]["slug"]
    expected = f"resources entry 40 (slug '{slug}'), field 'url': 'javascript:alert(1)' is not an http(s) URL"
    return dump_yaml(doc).encode(), expected, (("--replace",),)


def _latin1(doc):
    doc["resources"][0]["title"] = "Praten over sexting misbruik (café)"
    text = dump_yaml(doc)
    expected = f"line {first_latin1_line(text)} (byte "
    return text.encode("latin-1", errors="replace"), expected, ((),)


@pytest.mark.parametrize("make", [_bad_age, _late_url, _latin1], ids=lambda f: f.__name__[1:])
def test_command_line_exits_1_and_leaves_the_database_alone(cli, default_document, tmp_path, make):
    content, expected, modes = make(copy.deepcopy(default_document))
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    before = sqlite_digest(cli.database)
    for args in modes:
        result = cli("loadmap", str(path), *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.startswith(f"CommandError: {path}: 1 problem(s); nothing was loaded.\n  - ")
        assert expected in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
        assert sqlite_digest(cli.database) == before
