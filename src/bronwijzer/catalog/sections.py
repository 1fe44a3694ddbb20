"""The map's sections in printed order, each with the resources placed in it.

Shared by everything that shows the whole map section by section: the map page,
the map as PDF and the static site. Resources are anything with a ``sections``
list of slugs (catalog rows or search documents), in the order they should show.
"""

from __future__ import annotations

from dataclasses import dataclass

from bronwijzer.catalog.models import Section


@dataclass
class SectionBlock:
    section: Section
    resources: list
    children: list[SectionBlock]

    @property
    def is_empty(self) -> bool:
        return not self.resources and all(child.is_empty for child in self.children)


def section_blocks(resources: list) -> list[SectionBlock]:
    """Sections in printed order, each with its matching resources (a resource may sit in several)."""
    sections = list(Section.objects.all())
    by_section: dict[str, list] = {s.slug: [] for s in sections}
    unsectioned = []
    for resource in resources:
        placed = False
        for slug in resource.sections:
            if slug in by_section:
                by_section[slug].append(resource)
                placed = True
        if not placed:
            unsectioned.append(resource)
    blocks = {s.slug: SectionBlock(s, by_section[s.slug], []) for s in sections}
    top = []
    for section in sections:
        if section.parent_id is None:
            top.append(blocks[section.slug])
        else:
            parent = next(s for s in sections if s.pk == section.parent_id)
            blocks[parent.slug].children.append(blocks[section.slug])
    if unsectioned:
        other = Section(slug="overig", title="Overig", title_en="Other")
        top.append(SectionBlock(other, unsectioned, []))
    return top
