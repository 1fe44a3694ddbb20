"""The content model of a resource map.

One map per installation. Vocabulary facets (themes, formats, languages, ...) are
stored as ordered lists of stable slugs in JSON fields: that keeps the printed
order, makes the edit history of a resource one row per version (so a revert
restores the whole entry), and reads the same on SQLite and PostgreSQL.
Referential integrity for those slugs is enforced by the map-file validation and
by the admin forms, which only offer existing slugs.

The links from a resource to its organisations and sections are relations
(:class:`ResourceOrganisation`, :class:`ResourceSection`, with their position in
the resource's list; ``Resource.linked_organisations`` and ``linked_sections``):
the database refuses to delete an organisation or section a resource names, the
admin filters with a join, and each version in the history keeps its own rows
(``m2m_fields``). ``Resource.organisations`` and ``Resource.sections`` read and
set them as ordered lists of slugs (:mod:`bronwijzer.catalog.linklists`): a list
set on a resource is written as rows when it is saved (``catalog.links``). A
draft may name an organisation that is only proposed: its row points at the
:class:`OrganisationProposal` until the organisation is approved.
"""

from bronwijzer.catalog.models.base import (
    NAME_IN_ADDRESS,
    NAME_IN_ADDRESS_HELP,
    ContentChange,
    ContentVersion,
    EditConflict,
    EditVersioned,
)
from bronwijzer.catalog.models.content import (
    ColophonLine,
    GlossaryTerm,
    HelpLine,
    Map,
    Organisation,
    Section,
)
from bronwijzer.catalog.models.editorial import OrganisationProposal, Revision
from bronwijzer.catalog.models.resources import (
    Resource,
    ResourceLink,
    ResourceOrganisation,
    ResourceSection,
    modes_in_language_order,
)

__all__ = [
    "NAME_IN_ADDRESS",
    "NAME_IN_ADDRESS_HELP",
    "ColophonLine",
    "ContentChange",
    "ContentVersion",
    "EditConflict",
    "EditVersioned",
    "GlossaryTerm",
    "HelpLine",
    "Map",
    "Organisation",
    "OrganisationProposal",
    "Resource",
    "ResourceLink",
    "ResourceOrganisation",
    "ResourceSection",
    "Revision",
    "Section",
    "modes_in_language_order",
]
