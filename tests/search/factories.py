"""Index documents for unit tests, without the database."""

from __future__ import annotations

from bronwijzer.search.documents import GlossaryDoc, OrganisationRef, ResourceDoc


def resource(slug: str, title: str = "", summary: str = "", *, position: int = 0, **fields) -> ResourceDoc:
    organisations = tuple(
        OrganisationRef(name.lower(), name, None) for name in fields.pop("organisations", ())
    )
    values = {
        "title_descriptive": False,
        "url": None,
        "url_verified": False,
        "authors": (),
        "summary_en": "",
        "sections": (),
        "themes": (),
        "professions": (),
        "audiences": (),
        "formats": (),
        "languages": ("nl",),
        "language_modes": {},
        "languages_note": "",
        "languages_note_en": "",
        "contexts": (),
        "cost": "unknown",
        "age_min": None,
        "age_max": None,
        "explicitness": "none",
        "explicitness_note": "",
        "explicitness_note_en": "",
        "recognition": (),
        "reviewed_at": None,
        "status": "published",
    }
    values.update({k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    return ResourceDoc(
        slug=slug,
        title=title or slug,
        organisations=organisations,
        summary=summary,
        position=position,
        **values,
    )


def glossary_term(slug: str, term: str, definition: str = "", term_en: str = "", definition_en: str = ""):
    return GlossaryDoc(slug, term, term_en or term, definition, definition_en, ())
