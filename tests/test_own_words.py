"""Our prose is in our own words: no run of eight or more words shared with the print.

The printed map (shared/seed/) is the source of the selection and of the facts, not of
sentences. Every text we write is compared with it: the map file's prose fields, the
incident route, every string in the package's Python code (the handout texts, gettext
strings, help texts), the Dutch text of every template, and the docs.

What may be shared is decided by rule, not by a list of allowed runs:

- names and titles are facts: every resource title, author and organisation name, section
  title and guiding question, glossary term and help line name of the default map, and the
  map's own title, counts as one word in both texts (so a long title is no run, and a
  sentence that copies the print around a name still is one);
- the map's ``colophon`` carries the print's colophon exactly (facts and legal notices), so
  it is not prose and is not compared; nor are slugs, addresses and phone numbers.

Texts are compared as lowercase words: case, punctuation and whitespace do not matter.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "bronwijzer"
MAP_FILE = PACKAGE / "catalog" / "maps" / "sexting-misbruik-2025.yaml"
INCIDENT_ROUTE = PACKAGE / "incident" / "route.yaml"
SEED = ROOT.parent / "shared" / "seed" / "overzichtskaart-sexting-misbruik-2025.txt"

RUN = 8

#: The map file's prose: what we write about an entry (everything else there is a fact or a name).
MAP_PROSE_KEYS = frozenset(
    {
        "intro",
        "intro_en",
        "credits",
        "credits_en",
        "previous_edition",
        "previous_edition_en",
        "summary",
        "summary_en",
        "definition",
        "definition_en",
        "languages_note",
        "languages_note_en",
        "explicitness_note",
        "explicitness_note_en",
        "helps_with",
        "helps_with_en",
        "note",
        "note_en",
    }
)
#: Keys of the incident route that hold references or addresses, not text.
ROUTE_NON_PROSE_KEYS = frozenset({"sources", "url", "slug", "when", "phone", "helpline", "resource"})


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def seed_text() -> str:
    text = SEED.read_text("utf-8")
    text = re.sub(r"\]\([^)]*\)", " ", text)  # [link text](#): keep the text, drop the target
    return text.replace("\\", "")


def exempt_phrases(document: dict) -> list[tuple[str, ...]]:
    """Names and titles of the default map (facts), longest first."""
    names: set[str] = set()
    m = document["map"]
    names.update(filter(None, (m["title"], m.get("title_en"), m.get("source_name"))))
    for section in document["sections"]:
        names.update(filter(None, (section["title"], section.get("question"))))
    for organisation in document["organisations"]:
        names.add(organisation["name"])
    for resource in document["resources"]:
        names.add(resource["title"])
        names.update(resource.get("authors", []))
    for term in document["glossary"]:
        names.add(term["term"])
    for line in document.get("helplines", []):
        names.add(line["name"])
    phrases = {tuple(words(name)) for name in names}
    return sorted((p for p in phrases if p), key=len, reverse=True)


def without(tokens: list[str], phrases: list[tuple[str, ...]]) -> list[str]:
    """``tokens`` with every occurrence of every phrase (longest first) made one token of its own.

    A name counts as one word: a title of eight words is no run, but a sentence copied around
    a name still is one.
    """
    first_words: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first_words.setdefault(phrase[0], []).append(phrase)
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in first_words.get(tokens[i], ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                kept.append("§" + "_".join(phrase))
                i += len(phrase)
                break
        else:
            kept.append(tokens[i])
            i += 1
    return kept


def shared_runs(tokens: list[str], seed_grams: set[tuple[str, ...]]) -> list[str]:
    """The maximal runs of ``RUN`` or more words of ``tokens`` that the seed holds too."""
    hits = [i for i in range(len(tokens) - RUN + 1) if tuple(tokens[i : i + RUN]) in seed_grams]
    runs: list[list[int]] = []
    for i in hits:
        if runs and i <= runs[-1][1]:
            runs[-1][1] = i + RUN
        else:
            runs.append([i, i + RUN])
    return [" ".join(token.lstrip("§").replace("_", " ") for token in tokens[a:b]) for a, b in runs]


# --- where our prose lives ------------------------------------------------------------------------


def walk(value, path: str) -> Iterator[tuple[str, str, str]]:
    """(path, key, text) for every string in a nested document."""
    if isinstance(value, dict):
        label = f"{path}[{value['slug']}]" if isinstance(value.get("slug"), str) else path
        for key, item in value.items():
            for sub_path, sub_key, text in walk(item, f"{label}.{key}"):
                yield sub_path, sub_key or key, text
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, path)
    elif isinstance(value, str):
        yield path, None, value


def map_file_prose(document: dict) -> Iterator[tuple[str, str]]:
    name = MAP_FILE.relative_to(ROOT)
    for path, key, text in walk(document, ""):
        if key in MAP_PROSE_KEYS and ".colophon." not in path:
            yield f"{name}: {path.lstrip('.')}", text


def incident_route_prose() -> Iterator[tuple[str, str]]:
    name = INCIDENT_ROUTE.relative_to(ROOT)
    document = yaml.safe_load(INCIDENT_ROUTE.read_text("utf-8"))
    for path, key, text in walk(document, ""):
        if key not in ROUTE_NON_PROSE_KEYS:
            yield f"{name}: {path.lstrip('.')}", text


def python_strings() -> Iterator[tuple[str, str]]:
    """Every string literal in the package's code (generated migrations aside)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value.split()) >= RUN
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1.*?%\}""", re.S)
_TEMPLATE_CODE = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", re.S)


def template_texts() -> Iterator[tuple[str, str]]:
    """The text of every template: its gettext strings and the words between tags."""
    for path in sorted(PACKAGE.glob("*/templates/**/*")):
        if path.is_file():
            raw = path.read_text("utf-8")
            yield str(path.relative_to(ROOT)), _TEMPLATE_CODE.sub(" ", _TRANSLATE.sub(r" \2 ", raw))


def docs_texts() -> Iterator[tuple[str, str]]:
    for path in sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")]):
        if path.exists():
            yield str(path.relative_to(ROOT)), path.read_text("utf-8")


# --- the test -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_document() -> dict:
    return yaml.safe_load(MAP_FILE.read_text("utf-8"))


@pytest.fixture(scope="module")
def phrases(default_document) -> list[tuple[str, ...]]:
    return exempt_phrases(default_document)


@pytest.fixture(scope="module")
def seed_grams(phrases) -> set[tuple[str, ...]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    tokens = without(words(seed_text()), phrases)
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def copied(texts, seed_grams, phrases) -> list[str]:
    return [
        f"{where}: “{run}”"
        for where, text in texts
        for run in shared_runs(without(words(text), phrases), seed_grams)
    ]


def test_the_comparison_finds_a_copied_sentence_even_around_a_name(seed_grams, phrases):
    printed = "Voor sommige ouders zijn de materialen wellicht te expliciet in woord en beeld."
    assert copied([("voorbeeld", printed)], seed_grams, phrases)
    around_a_name = (
        "In de podcast van Act4Respect vertelt een specialist in mediaopvoeding hoe je als professional"
    )
    assert copied([("voorbeeld", around_a_name)], seed_grams, phrases)
    assert not copied(
        [("titel", "Tien Tips voor ouders om met kinderen te praten over sexting")], seed_grams, phrases
    )


def test_the_map_files_prose_is_in_our_own_words(default_document, seed_grams, phrases):
    texts = list(map_file_prose(default_document))
    assert len(texts) > 100  # the walk found the summaries, definitions and notes
    found = copied(texts, seed_grams, phrases)
    assert not found, "shared with the print:\n" + "\n".join(found)


def test_the_colophon_is_left_out_because_it_is_the_prints_own(default_document):
    assert default_document["map"]["colophon"]
    assert not [where for where, _text in map_file_prose(default_document) if ".colophon." in where]


def test_the_incident_route_is_in_our_own_words(seed_grams, phrases):
    texts = list(incident_route_prose())
    assert len(texts) > 50
    found = copied(texts, seed_grams, phrases)
    assert not found, "shared with the print:\n" + "\n".join(found)


def test_the_code_and_the_templates_are_in_our_own_words(seed_grams, phrases):
    strings, templates = list(python_strings()), list(template_texts())
    assert any("handout_text.py" in where for where, _ in strings) and len(templates) > 40
    found = copied(strings + templates, seed_grams, phrases)
    assert not found, "shared with the print:\n" + "\n".join(found)


def test_the_docs_are_in_our_own_words(seed_grams, phrases):
    found = copied(list(docs_texts()), seed_grams, phrases)
    assert not found, "shared with the print:\n" + "\n".join(found)
