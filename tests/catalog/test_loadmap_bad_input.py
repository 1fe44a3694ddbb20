"""``loadmap`` refuses bad map files whole: exit code 1, a message naming file, entry and field,
and the database exactly as it was.

Every bad file is derived from the packaged default map (parsed, one entry mutated, dumped
again as YAML or JSON), and goes through the real command: ``call_command`` here, and a real
``python -m bronwijzer.cli`` subprocess for a few classes at the end of the module. Each
in-process case runs both as an upsert and with ``--replace``, and compares the whole map
(``map_export``) and the edit history before and after.

Speed: the default map is loaded once for the module (rolled back at the end; each test runs
in its own savepoint), and the parametrised sweeps mostly write JSON, which parses in a few
milliseconds; YAML goes through the pure-Python loader (about 0.1 s for the whole map).
"""

from __future__ import annotations

import pytest

from bronwijzer.catalog import vocab
from tests.catalog.badfiles import (
    label,
    refused,
    write_doc,
)

pytestmark = pytest.mark.django_db


# --- A. one test per class of bad input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "number", "field", "fmt"),
    [
        ("resources", 12, "summary", "json"),
        ("resources", 12, "title", "json"),
        ("resources", 43, "slug", "json"),
        ("glossary", 3, "definition", "json"),
        ("helplines", 2, "helps_with", "json"),
        ("sections", 4, "title", "json"),
        ("organisations", 5, "name", "json"),
    ],
)
def test_missing_required_field(loaded, doc, tmp_path, key, number, field, fmt):
    # Without a slug, the entry is named by its position alone.
    where = label(doc, key, number) if field != "slug" else f"{key} entry {number}"
    del doc[key][number - 1][field]
    refused(write_doc(tmp_path, doc, fmt), f"{where}, field '{field}': is required but missing")


def test_missing_map_title(loaded, doc, tmp_path):
    del doc["map"]["title"]
    refused(write_doc(tmp_path, doc, "json"), "map, field 'title': is required but missing")


@pytest.mark.parametrize(
    ("field", "value", "complaint", "fmt"),
    [
        ("age_min", "twelve", "Input should be a valid integer", "yaml"),
        ("url_verified", "yes", "Input should be a valid boolean", "json"),
        ("age_max", 12.5, "Input should be a valid integer", "json"),
        ("url_verified", 1, "Input should be a valid boolean", "json"),
        ("languages", "nl", "Input should be a valid list", "json"),
        ("title", 2025, "Input should be a valid string", "json"),
        ("organisations", {"name": "Halt"}, "Input should be a valid list", "json"),
        ("reviewed_at", "last week", "Input should be a valid date", "json"),
    ],
)
def test_wrong_type(loaded, doc, tmp_path, field, value, complaint, fmt):
    doc["resources"][11][field] = value
    refused(write_doc(tmp_path, doc, fmt), f"{label(doc, 'resources', 12)}, field '{field}': {complaint}")


@pytest.mark.parametrize(
    ("field", "value", "vocabulary", "where", "fmt"),
    [
        ("formats", ["hologram"], vocab.FORMATS, "formats.0", "json"),
        ("themes", ["preventie", "astrologie"], vocab.THEMES, "themes.1", "json"),
        ("audiences", ["marsmannetjes"], vocab.AUDIENCES, "audiences.0", "json"),
        ("professions", ["astronaut"], vocab.PROFESSIONS, "professions.0", "json"),
        ("contexts", ["onbekend"], vocab.CONTEXTS, "contexts.0", "json"),
        ("cost", "gratis", vocab.COST, "cost", "json"),
        ("status", "live", vocab.STATUS, "status", "json"),
        ("explicitness", "very", vocab.EXPLICITNESS, "explicitness", "json"),
        ("language_modes", {"nl": ["telepathie"]}, vocab.LANGUAGE_MODES, "language_modes.nl.0", "json"),
    ],
)
def test_unknown_vocabulary_value_lists_the_allowed_values(
    loaded, doc, tmp_path, field, value, vocabulary, where, fmt
):
    doc["resources"][11][field] = value
    doc["resources"][11]["languages"] = ["nl"]
    message = refused(
        write_doc(tmp_path, doc, fmt), f"{label(doc, 'resources', 12)}, field '{where}': unknown"
    )
    assert f"allowed: {', '.join(vocabulary.slugs)}" in message


def test_unknown_helpline_kind_lists_the_allowed_values(loaded, doc, tmp_path):
    doc["helplines"][1]["kind"] = "telefoonboom"
    message = refused(write_doc(tmp_path, doc, "json"), f"{label(doc, 'helplines', 2)}, field 'kind'")
    assert f"allowed: {', '.join(vocab.HELPLINE_KINDS.slugs)}" in message


def test_unknown_section(loaded, doc, tmp_path):
    doc["resources"][11]["sections"] = ["eergerelateerd-geweld", "astrologie"]
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'sections': unknown section 'astrologie'",
    )


def test_unknown_parent_section(loaded, doc, tmp_path):
    doc["sections"][5]["parent"] = "astrologie"
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'sections', 6)}, field 'parent': unknown section 'astrologie'",
    )


@pytest.mark.parametrize(
    ("key", "first", "second", "fmt"),
    [("resources", 12, 30, "json"), ("glossary", 2, 5, "json"), ("helplines", 1, 9, "json")],
)
def test_duplicate_slug(loaded, doc, tmp_path, key, first, second, fmt):
    slug = doc[key][first - 1]["slug"]
    doc[key][second - 1]["slug"] = slug
    refused(
        write_doc(tmp_path, doc, fmt),
        f"{key} entry {second} (slug {slug!r}), field 'slug': "
        f"duplicate slug {slug!r}; entry {first} already uses it",
    )


@pytest.mark.parametrize(
    ("url", "fmt"),
    [
        ("javascript:alert(1)", "yaml"),
        ("JavaScript:alert(document.cookie)", "json"),
        ("ftp://ftp.example.nl/brochure.pdf", "json"),
        ("mailto:info@example.nl", "json"),
        ("data:text/html,<script>alert(1)</script>", "json"),
        ("file:///etc/passwd", "json"),
        ("#", "json"),
        ("www.kis.nl", "json"),
        ("//www.kis.nl/pad", "json"),
        ("https://", "json"),
        ("https://localhost-only", "json"),
        ("https://www.kis .nl/", "json"),
        ("https:/www.kis.nl", "json"),
    ],
)
def test_malformed_or_non_http_url(loaded, doc, tmp_path, url, fmt):
    doc["resources"][11]["url"] = url
    refused(write_doc(tmp_path, doc, fmt), f"{label(doc, 'resources', 12)}, field 'url': {url!r} is not")


@pytest.mark.parametrize(
    ("key", "number", "path", "field"),
    [
        ("organisations", 3, ("url",), "url"),
        ("helplines", 4, ("url",), "url"),
        ("resources", 17, ("recognition", 0, "url"), "recognition.0.url"),
    ],
)
def test_non_http_url_in_other_places(loaded, doc, tmp_path, key, number, path, field):
    target = doc[key][number - 1]
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = "javascript:alert(1)"
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, key, number)}, field '{field}': 'javascript:alert(1)' is not an http(s) URL",
    )


def test_map_source_url_must_be_http(loaded, doc, tmp_path):
    doc["map"]["source_url"] = "ftp://www.kis.nl"
    refused(write_doc(tmp_path, doc, "json"), "map, field 'source_url': 'ftp://www.kis.nl' is not")


@pytest.mark.parametrize(
    ("code", "fmt"),
    [("xx", "json"), ("dutch", "json"), ("NL", "json"), ("nld", "json"), ("n", "json"), ("", "json")],
)
def test_bad_language_code(loaded, doc, tmp_path, code, fmt):
    doc["resources"][11]["languages"] = ["nl", code]
    refused(
        write_doc(tmp_path, doc, fmt),
        f"{label(doc, 'resources', 12)}, field 'languages.1': {code!r} is not an ISO 639-1 language code",
    )


def test_bad_language_code_as_a_language_modes_key(loaded, doc, tmp_path):
    doc["resources"][11]["language_modes"] = {"dutch": ["eenvoudig"]}
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'language_modes.dutch.[key]': 'dutch' is not an ISO 639-1",
    )


def test_language_mode_for_an_unlisted_language(loaded, doc, tmp_path):
    doc["resources"][11]["languages"] = ["nl"]
    doc["resources"][11]["language_modes"] = {"ar": ["tekst"]}
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'language_modes': "
        "language_modes names ar, which is not in languages",
    )


def test_age_min_greater_than_age_max(loaded, doc, tmp_path):
    doc["resources"][11]["age_min"] = 15
    doc["resources"][11]["age_max"] = 12
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'age_max': age_min (15) is greater than age_max (12)",
    )


@pytest.mark.parametrize("age", [-1, 100, 10**6])
def test_age_out_of_range(loaded, doc, tmp_path, age):
    doc["resources"][11]["age_min"] = age
    doc["resources"][11]["age_max"] = None
    refused(write_doc(tmp_path, doc, "json"), f"{label(doc, 'resources', 12)}, field 'age_min'")


def test_unknown_field_in_an_entry(loaded, doc, tmp_path):
    doc["resources"][11]["sumary"] = doc["resources"][11].pop("summary")
    message = refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'sumary': is not a known field",
    )
    assert f"{label(doc, 'resources', 12)}, field 'summary': is required but missing" in message
