"""Rules that span entries: duplicates and references that resolve nowhere.

References resolve against the file itself and, when a file is merged into an
existing map (upsert), against what the database already holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bronwijzer.catalog.mapfile.errors import Problem
from bronwijzer.catalog.mapfile.schema import MapDocument


@dataclass(frozen=True)
class Known:
    """What already exists outside the file (empty when replacing the whole map)."""

    sections: dict[str, str | None] = field(default_factory=dict)  # slug -> parent slug
    organisations: dict[str, str] = field(default_factory=dict)  # name -> slug
    glossary: frozenset[str] = frozenset()
    resources: frozenset[str] = frozenset()
    has_map: bool = False


def _label(key: str, index: int, slug: str) -> str:
    return f"{key} entry {index + 1} (slug {slug!r})"


def _duplicates(doc: MapDocument, key: str, attr: str) -> list[Problem]:
    entries = getattr(doc, key)
    counts = Counter(getattr(entry, attr) for entry in entries)
    problems = []
    for index, entry in enumerate(entries):
        value = getattr(entry, attr)
        if counts[value] > 1:
            first = next(i for i, e in enumerate(entries) if getattr(e, attr) == value)
            if first != index:
                problems.append(
                    Problem(
                        _label(key, index, entry.slug),
                        attr,
                        f"duplicate {attr} {value!r}; entry {first + 1} already uses it",
                    )
                )
    return problems


def check_document(doc: MapDocument, known: Known, *, require_map: bool) -> list[Problem]:
    problems: list[Problem] = []
    if doc.map is None and (require_map or not known.has_map):
        problems.append(Problem("document", "map", "is required (title and edition of the map)"))
    for key, attr in (
        ("sections", "slug"),
        ("organisations", "slug"),
        ("organisations", "name"),
        ("resources", "slug"),
        ("glossary", "slug"),
        ("glossary", "term"),
        ("helplines", "slug"),
    ):
        problems += _duplicates(doc, key, attr)

    sections = dict(known.sections)
    sections.update({s.slug: s.parent for s in doc.sections})
    for index, section in enumerate(doc.sections):
        if section.parent is None:
            continue
        where = _label("sections", index, section.slug)
        if section.parent == section.slug:
            problems.append(Problem(where, "parent", "a section cannot be its own parent"))
        elif section.parent not in sections:
            problems.append(Problem(where, "parent", f"unknown section {section.parent!r}"))
        elif sections[section.parent] is not None:
            problems.append(
                Problem(where, "parent", f"{section.parent!r} is itself a sub-section; nest one level only")
            )

    organisations = dict(known.organisations)
    organisations.update({o.name: o.slug for o in doc.organisations})
    glossary = set(known.glossary) | {g.slug for g in doc.glossary}
    guide = doc.map.conversation_guide if doc.map is not None else None
    if guide and guide not in known.resources | {r.slug for r in doc.resources}:
        problems.append(Problem("map", "conversation_guide", f"unknown resource {guide!r}"))

    for index, resource in enumerate(doc.resources):
        where = _label("resources", index, resource.slug)
        for slug in resource.sections:
            if slug not in sections:
                problems.append(Problem(where, "sections", f"unknown section {slug!r}"))
        for ref in resource.organisations:
            if ref.name not in organisations:
                problems.append(
                    Problem(
                        where, "organisations", f"unknown organisation {ref.name!r}; add it to organisations"
                    )
                )
    for index, term in enumerate(doc.glossary):
        for slug in term.related:
            if slug not in glossary:
                problems.append(
                    Problem(
                        _label("glossary", index, term.slug), "related", f"unknown glossary term {slug!r}"
                    )
                )
            elif slug == term.slug:
                problems.append(
                    Problem(_label("glossary", index, term.slug), "related", "a term cannot relate to itself")
                )
    for index, line in enumerate(doc.helplines):
        if line.organisation is not None and line.organisation not in organisations:
            problems.append(
                Problem(
                    _label("helplines", index, line.slug),
                    "organisation",
                    f"unknown organisation {line.organisation!r}",
                )
            )
    return problems
