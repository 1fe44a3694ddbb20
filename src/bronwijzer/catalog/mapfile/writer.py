"""Serialise a map document to YAML, JSON or CSV, deterministically.

The same document always gives the same bytes, so that dump -> load -> dump is
byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

FORMATS = ("yaml", "json", "csv")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # never write anchors: the reader refuses them
        return True


# Unicode line breaks: written raw they read back as "\n" or a folded space (NEL), so they
# go in a double-quoted scalar, where the emitter writes them as escapes.
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in _UNICODE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def to_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_yaml(document: dict) -> str:
    return yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


CSV_COLUMNS = (
    "slug",
    "title",
    "title_descriptive",
    "url",
    "url_verified",
    "organisations",
    "authors",
    "summary",
    "summary_en",
    "sections",
    "themes",
    "professions",
    "audiences",
    "formats",
    "languages",
    "language_modes",
    "contexts",
    "cost",
    "age_min",
    "age_max",
    "explicitness",
    "explicitness_note",
    "reviewed_at",
    "status",
)


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if name == "organisations":
        return " | ".join(ref["name"] for ref in value)
    if name == "language_modes":
        return " | ".join(f"{code}: {', '.join(modes)}" for code, modes in value.items())
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    return str(value)


def _cell(name: str, value: Any) -> str:
    # Joined lists too: an organisation called "=HYPERLINK(...)" would otherwise start a cell.
    return spreadsheet_safe(_text(name, value))


def to_csv(resources: list[dict]) -> str:
    """One row per resource, for Dutch Excel: UTF-8 with BOM, ';' separator, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for resource in resources:
        writer.writerow([_cell(name, resource.get(name)) for name in CSV_COLUMNS])
    return buffer.getvalue()
