"""``loadmap`` refuses bad files whole (encoding, size, YAML/JSON syntax, structure, references),
naming file, place and field, and leaving the database exactly as it was."""

from __future__ import annotations

import copy

import pytest

from tests.catalog.badfiles import (
    dump_json,
    dump_yaml,
    first_latin1_line,
    label,
    refused,
    write_doc,
    write_text,
)

pytestmark = pytest.mark.django_db


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
    refused(path, "line 1, column 4: YAML anchors (&name) are not allowed")


def test_yaml_alias_inside_a_real_map_is_refused(loaded, tmp_path, doc):
    text = dump_yaml(doc).replace("\nsections:\n", "\nsections: &all\n", 1) + "helplines_too: *all\n"
    line = text.splitlines().index("sections: &all") + 1
    refused(write_text(tmp_path / "alias.yaml", text), f"line {line}, column 11: YAML anchors")


@pytest.mark.parametrize(("text", "suffix"), [("[" * 100_000, ".yaml"), ("[" * 100_000, ".json")])
def test_nesting_bomb_is_refused(loaded, tmp_path, text, suffix):
    refused(write_text(tmp_path / f"deep{suffix}", text), "document: nested too deeply")


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
