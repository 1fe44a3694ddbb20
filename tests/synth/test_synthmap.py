"""``bronwijzer synthmap``: synthetic maps for the scale benchmark.

They must load with ``loadmap --replace`` and dump back to the same content, be the
same bytes for the same seed, and look like the real map (its facet mix, Dutch first,
a few hundred organisations, some drafts).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from bronwijzer.catalog import vocab
from bronwijzer.catalog.mapfile.checks import Known, check_document
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.catalog.models import Organisation, Resource
from bronwijzer.synth import generator as synth


def synthmap(path: Path, *args: str) -> bytes:
    call_command("synthmap", *args, "-o", str(path), stderr=io.StringIO())
    return path.read_bytes()


def by_slug(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda entry: entry["slug"])


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = synthmap(tmp_path / "a.json", "--resources", "150", "--seed", "7")
    again = synthmap(tmp_path / "b.json", "--resources", "150", "--seed", "7")
    other = synthmap(tmp_path / "c.json", "--resources", "150", "--seed", "8")
    assert first == again
    assert first != other
    assert synth.synth_map_text(150, 7, "json").encode("utf-8") == first


def test_yaml_and_json_hold_the_same_document(tmp_path):
    as_yaml = yaml.safe_load(synthmap(tmp_path / "map.yaml", "--resources", "30", "--seed", "2"))
    as_json = json.loads(synthmap(tmp_path / "map.json", "--resources", "30", "--seed", "2"))
    assert as_yaml == as_json
    assert len(as_json["resources"]) == 30


def test_standard_output_and_bad_count():
    out = io.StringIO()
    call_command("synthmap", "--resources", "3", "--format", "yaml", stdout=out)
    assert len(yaml.safe_load(out.getvalue())["resources"]) == 3
    with pytest.raises(CommandError):
        call_command("synthmap", "--resources", "-1", stdout=io.StringIO())


@pytest.mark.django_db
def test_loads_with_replace_and_dumps_back(tmp_path):
    path = tmp_path / "synthetic.yaml"
    written = yaml.safe_load(synthmap(path, "--resources", "80", "--seed", "3"))
    out = io.StringIO()
    call_command("loadmap", "--replace", str(path), stdout=out)
    assert "resources: 80 new" in out.getvalue()
    assert Resource.objects.count() == 80
    assert Resource.history.filter(history_type="+").count() == 80  # bulk inserts keep the history
    assert Organisation.objects.count() == len(written["organisations"])

    dump = io.StringIO()
    call_command("dumpmap", "--format", "json", stdout=dump)
    dumped = json.loads(dump.getvalue())
    assert dumped["resources"] == written["resources"]  # printed order, every field
    assert by_slug(dumped["organisations"]) == by_slug(written["organisations"])
    for key in ("map", "sections", "glossary", "helplines"):
        assert dumped[key] == written[key]

    # loading the same file again changes nothing and keeps every identity
    ids = dict(Resource.objects.values_list("slug", "pk"))
    again = io.StringIO()
    call_command("loadmap", "--replace", str(path), stdout=again)
    assert "resources: 0 new, 0 updated" in again.getvalue()
    assert dict(Resource.objects.values_list("slug", "pk")) == ids


def test_like_the_real_map():
    document = synth.synth_map(3000, seed=0)
    parsed = MapDocument.model_validate(document)  # what loadmap checks, field by field
    assert check_document(parsed, Known(), require_map=True) == []
    resources = document["resources"]
    assert len({r["slug"] for r in resources}) == 3000

    for name in ("themes", "professions", "audiences", "formats", "contexts"):
        used = Counter(v for r in resources for v in r[name])
        assert set(used) == set(vocab.BY_FIELD[name].slugs), name
    themes = Counter(v for r in resources for v in r["themes"])
    assert themes.most_common(1)[0][0] == "preventie"  # as in the real map
    assert Counter(r["cost"] for r in resources).most_common(1)[0][0] == "unknown"

    languages = Counter(v for r in resources for v in r["languages"])
    assert languages["nl"] / len(resources) > 0.9
    assert {"en", "ar", "tr", "fr", "pl", "uk"} <= set(languages)

    drafts = sum(r["status"] == "draft" for r in resources) / len(resources)
    assert 0.02 < drafts < 0.1
    aged = [r for r in resources if r["age_min"] is not None]
    assert 0.05 < len(aged) / len(resources) < 0.4

    assert 200 <= len(document["organisations"]) <= 400
    organisations = Counter(o["name"] for r in resources for o in r["organisations"])
    assert len(organisations) > 150  # a long tail, not a handful

    words = Counter(w for r in resources for w in r["summary"].lower().split())
    assert len(words) > 1000  # a real vocabulary, not a few template words
    assert words["voor"] > 0 and words["ouders"] > 0
