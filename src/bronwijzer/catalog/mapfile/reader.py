"""Read a map file (YAML or JSON) safely and validate it against the schema.

Safety: a size limit before reading, strict UTF-8, YAML without anchors or
aliases (no "billion laughs"), no duplicate keys, bounded nesting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bronwijzer.catalog.mapfile.errors import MapFileError, Problem
from bronwijzer.catalog.mapfile.schema import TOP_LEVEL_KEYS, MapDocument


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases and duplicate keys."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in a map file", problem_mark=event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="YAML anchors (&name) are not allowed in a map file", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A value the constructor cannot build (a date such as 2025-13-45, an integer of
        # thousands of digits) raises ValueError/OverflowError without a position: give it one.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                problem=f"cannot read this value: {error}", problem_mark=node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    problem="a key must be a plain value, not a list or mapping",
                    problem_mark=key_node.start_mark,
                )
            if key in seen:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def parse_text(text: str, fmt: str, source: str) -> Any:
    try:
        if fmt == "json":
            return json.loads(text, object_pairs_hook=_json_pairs)
        return yaml.load(text, Loader=_NoAliasLoader)
    except json.JSONDecodeError as error:
        raise MapFileError(
            source, [Problem(f"line {error.lineno}, column {error.colno}", None, error.msg)]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        raise MapFileError(source, [Problem(where, None, error.problem or str(error))]) from None
    except yaml.YAMLError as error:
        raise MapFileError(source, [Problem("YAML", None, str(error))]) from None
    except RecursionError:
        raise MapFileError(source, [Problem("document", None, "nested too deeply")]) from None
    except ValueError as error:  # duplicate JSON keys; an integer too long to convert
        raise MapFileError(source, [Problem(fmt.upper(), None, str(error))]) from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise MapFileError(source, [Problem("file", None, f"cannot be read: {error.strerror}")]) from None
    if size > max_bytes:
        raise MapFileError(
            source, [Problem("file", None, f"is {size:,} bytes; the limit is {max_bytes:,} bytes")]
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:  # a directory, a file without read permission, ...
        raise MapFileError(source, [Problem("file", None, f"cannot be read: {error.strerror}")]) from None
    if len(data) > max_bytes:  # grew after stat(), or a device/pipe that reports size 0
        raise MapFileError(
            source, [Problem("file", None, f"is larger than the limit of {max_bytes:,} bytes")]
        )
    return data


def decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise MapFileError(
            source,
            [
                Problem(
                    f"line {line} (byte {error.start})", None, "is not valid UTF-8; save the file as UTF-8"
                )
            ],
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MapFileError(source, [Problem("file", None, "is empty")])
    return text


def _entry_label(raw: Any, key: str, index: int) -> str:
    label = f"{key} entry {index + 1}"
    try:
        slug = raw[key][index].get("slug")
    except (AttributeError, IndexError, KeyError, TypeError):
        slug = None
    if isinstance(slug, str) and slug:
        label += f" (slug {slug!r})"
    return label


def _problem_at(raw: Any, loc: list, message: str) -> Problem:
    """A problem at ``loc`` (a pydantic-style path: top-level key, entry index, field, ...)."""
    if not loc:
        return Problem("document", None, message)
    top = str(loc[0])
    if top == "map" or len(loc) == 1:
        field = ".".join(str(part) for part in loc[1:]) or None
        where = "map" if top == "map" else "document"
        if top != "map":
            field = top
        return Problem(where, field, message)
    index = loc[1] if isinstance(loc[1], int) else None
    where = _entry_label(raw, top, index) if index is not None else top
    field = ".".join(str(part) for part in loc[2:]) or None
    return Problem(where, field, message)


def _problem_from_pydantic(raw: Any, error: ErrorDetails) -> Problem:
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "is not a known field"
    elif error["type"] == "missing":
        message = "is required but missing"
    return _problem_at(raw, list(error["loc"]), message)


# NUL cannot be stored in a PostgreSQL text column and a lone surrogate cannot be encoded
# as UTF-8; both can only arrive through escapes ("\u0000", "\0"), never as raw text.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _unstorable_text(raw: Any) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[list, Any]] = [([], raw)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _UNSTORABLE.search(key):
                    problems.append(
                        _problem_at(raw, loc, f"the key {key!r} contains a NUL or invalid character")
                    )
                stack.append(([*loc, key], item))
        elif isinstance(value, list):
            stack.extend(([*loc, index], item) for index, item in enumerate(value))
        elif isinstance(value, str) and _UNSTORABLE.search(value):
            problems.append(
                _problem_at(raw, loc, "contains a NUL or invalid character (an escape such as \\u0000)")
            )
    return problems


def validate_document(raw: Any, source: str) -> MapDocument:
    if raw is None:  # only comments, or a bare "---" / "null"
        raise MapFileError(source, [Problem("file", None, "is empty (it holds no map entries)")])
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        raise MapFileError(source, [Problem("document", None, f"must be a mapping of sections, not {kind}")])
    unknown = [str(key) for key in raw if key not in TOP_LEVEL_KEYS]
    if unknown:
        raise MapFileError(
            source,
            [
                Problem(
                    "document", key, f"is not a known top-level key; expected: {', '.join(TOP_LEVEL_KEYS)}"
                )
                for key in unknown
            ],
        )
    problems = _unstorable_text(raw)
    try:
        document = MapDocument.model_validate(raw)
    except ValidationError as error:
        problems += [_problem_from_pydantic(raw, item) for item in error.errors(include_url=False)]
    if problems:
        raise MapFileError(source, problems)
    return document


def read_map_file(path: Path, max_bytes: int) -> MapDocument:
    """Read and validate ``path`` completely; raise :class:`MapFileError` on any problem."""
    source = str(path)
    text = decode(read_bytes(path, max_bytes), source)
    raw = parse_text(text, detect_format(path, text), source)
    return validate_document(raw, source)
