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

import copy
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from bronwijzer.catalog import services, vocab
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section
from tests.catalog.support import empty_catalog

pytestmark = pytest.mark.django_db

MODELS = (Map, Section, Organisation, Resource, GlossaryTerm, HelpLine)
BOTH = ((), ("--replace",))  # run each bad file as an upsert and as a replacement


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_document() -> dict:
    return yaml.safe_load(services.DEFAULT_MAP_PATH.read_text("utf-8"))


@pytest.fixture
def doc(default_document) -> dict:
    """A fresh, mutable copy of the default map document."""
    return copy.deepcopy(default_document)


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


@pytest.fixture
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


def test_non_utf8_file_names_the_line(loaded, doc, tmp_path):
    doc["resources"][11]["title"] = "Basiskennis over eergerelateerd geweld (café-editie)"
    text = dump_yaml(doc)
    path = tmp_path / "latin1.yaml"
    path.write_bytes(text.encode("latin-1", errors="replace"))  # what an old editor would save
    message = refused(path, f"line {first_latin1_line(text)} (byte ", "is not valid UTF-8")
    assert "save the file as UTF-8" in message


def test_yaml_alias_bomb_is_refused_quickly_without_expansion(loaded, tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghij":  # 9**9 (387 million) strings if expanded
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    path = write_text(tmp_path / "lol.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    refused(path, "line 1, column 4: YAML anchors (&name) are not allowed")
    assert time.perf_counter() - started < 2


def test_yaml_alias_inside_a_real_map_is_refused(loaded, tmp_path, doc):
    text = dump_yaml(doc).replace("\nsections:\n", "\nsections: &all\n", 1) + "helplines_too: *all\n"
    line = text.splitlines().index("sections: &all") + 1
    refused(write_text(tmp_path / "alias.yaml", text), f"line {line}, column 11: YAML anchors")


@pytest.mark.parametrize(("text", "suffix"), [("[" * 100_000, ".yaml"), ("[" * 100_000, ".json")])
def test_nesting_bomb_is_refused(loaded, tmp_path, text, suffix):
    started = time.perf_counter()
    refused(write_text(tmp_path / f"deep{suffix}", text), "document: nested too deeply")
    assert time.perf_counter() - started < 2


def test_file_over_the_size_limit(loaded, doc, tmp_path, settings):
    settings.MAX_IMPORT_BYTES = 4096
    path = write_doc(tmp_path, doc, "json")  # a perfectly valid map, just too big
    size = path.stat().st_size
    refused(path, f"file: is {size:,} bytes; the limit is 4,096 bytes")


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        (b"", ".yaml"),
        (b"", ".json"),
        (b"   \n\t\n  \n", ".yaml"),
        (b"\r\n \r\n", ".json"),
        (b"\xef\xbb\xbf", ".yaml"),
        (b"\xef\xbb\xbf\r\n", ".json"),
        (b"# alleen commentaar\n", ".yaml"),
        (b"---\n", ".yaml"),
        (b"null\n", ".json"),
    ],
    ids=[
        "empty",
        "empty-json",
        "whitespace",
        "whitespace-json",
        "bom",
        "bom-json",
        "comment",
        "marker",
        "null",
    ],
)
def test_empty_file(loaded, tmp_path, content, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    message = refused(path, "file: is empty")
    assert message.count("\n  - ") == 1


def test_unknown_top_level_key(loaded, doc, tmp_path):
    doc["bronnen"] = copy.deepcopy(doc["resources"][:1])
    refused(
        write_doc(tmp_path, doc, "json"),
        "document, field 'bronnen': is not a known top-level key; "
        "expected: map, sections, organisations, resources, glossary, helplines",
    )


def test_duplicate_yaml_key_names_the_line(loaded, doc, tmp_path):
    lines = dump_yaml(doc).splitlines()
    at = lines.index(f"- slug: {doc['resources'][11]['slug']}")
    assert lines[at + 1].strip().startswith("title:")
    lines.insert(at + 2, lines[at + 1])  # the title line twice; the second is line at + 3
    refused(
        write_text(tmp_path / "dupkey.yaml", "\n".join(lines) + "\n"),
        f"line {at + 3}, column 3: duplicate key 'title'",
    )


def test_duplicate_json_key(loaded, doc, tmp_path):
    text = dump_json(doc).replace('"age_min": 11,', '"age_min": 11,\n      "age_min": 12,', 1)
    refused(write_text(tmp_path / "dupkey.json", text), "JSON: duplicate key 'age_min'")


def test_invalid_json_names_the_line(loaded, doc, tmp_path):
    lines = dump_json(doc).splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip().startswith('"title": "Het stopt bij jou!"'))
    lines[at] = lines[at].rstrip(",")  # a missing comma after the title: found on the next line
    refused(
        write_text(tmp_path / "bad.json", "\n".join(lines)),
        f"line {at + 2}, column 7: Expecting ',' delimiter",
    )


def test_invalid_json_trailing_comma(loaded, tmp_path):
    text = '{\n  "map": {\n    "slug": "x",\n  }\n}\n'
    refused(write_text(tmp_path / "comma.json", text), "line 4, column 3: Expecting property name")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- map\n- resources\n", "list"), ('"een kaart"\n', "str"), ("42\n", "int"), ("[]", "list")],
)
def test_top_level_must_be_a_mapping(loaded, tmp_path, text, kind):
    refused(write_text(tmp_path / "list.yaml", text), f"document: must be a mapping of sections, not {kind}")


def test_top_level_list_of_the_default_resources(loaded, doc, tmp_path):
    path = write_text(tmp_path / "resources.json", dump_json(doc["resources"]))
    refused(path, "document: must be a mapping of sections, not list")


def test_unknown_organisation_reference(loaded, doc, tmp_path):
    doc["resources"][11]["organisations"] = ["Movisie", "Stichting Bestaat Niet"]
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'resources', 12)}, field 'organisations': ",
        "unknown organisation 'Stichting Bestaat Niet'; add it to organisations",
    )


def test_unknown_helpline_organisation(loaded, doc, tmp_path):
    doc["helplines"][2]["organisation"] = "Stichting Bestaat Niet"
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'helplines', 3)}, field 'organisation': unknown organisation 'Stichting Bestaat Niet'",
    )


def test_unknown_glossary_related_slug(loaded, doc, tmp_path):
    doc["glossary"][2]["related"] = ["exposing", "grooming"]
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'glossary', 3)}, field 'related': unknown glossary term 'grooming'",
    )


def test_text_longer_than_its_database_column(loaded, doc, tmp_path):
    doc["glossary"][0]["term"] = "Sexting misbruik " + "x" * 100  # the column holds 100 characters
    refused(
        write_doc(tmp_path, doc, "json"),
        f"{label(doc, 'glossary', 1)}, field 'term': String should have at most 100 characters",
    )


def test_nul_character_from_an_escape(loaded, doc, tmp_path):
    doc["resources"][11]["title"] = "Basiskennis\x00"
    path = write_doc(tmp_path, doc, "json")
    assert "\\u0000" in path.read_text("utf-8")  # the file itself is clean text; the escape makes a NUL
    refused(path, f"{label(doc, 'resources', 12)}, field 'title': contains a NUL")


def test_several_problems_are_all_reported(loaded, doc, tmp_path):
    doc["resources"][2]["formats"] = ["hologram"]
    doc["resources"][20]["url"] = "javascript:alert(1)"
    doc["glossary"][1]["related"] = ["Grooming!"]
    message = refused(write_doc(tmp_path, doc, "json"), "3 problem(s)")
    for where in (label(doc, "resources", 3), label(doc, "resources", 21), label(doc, "glossary", 2)):
        assert where in message


def test_missing_file_and_directory(loaded, tmp_path):
    refused(tmp_path / "bestaat-niet.yaml", "file: cannot be read: No such file or directory")
    refused(tmp_path, "file: cannot be read: Is a directory")


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

    # Setup, not under test: migrate and load the default map in one interpreter.
    setup = "from bronwijzer.cli import main; main(['migrate', '-v0']); main(['loadmap', '--default'])"
    result = subprocess.run(
        [sys.executable, "-c", setup], env=env, cwd=data_dir, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
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
