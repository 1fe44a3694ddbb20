"""Template helpers for kits."""

from __future__ import annotations

from django import template

from bronwijzer.lib.shortlinks import slug_code
from bronwijzer.ui.templatetags.bronwijzer import language_names, vocab_labels

register = template.Library()


@register.filter
def kit_key(slug: str) -> str:
    """The short opaque code of a resource, as kit edit links use it."""
    return slug_code(slug)


@register.filter
def kit_facts(doc) -> str:
    """Organisation · kind of material · languages, leaving out what is unknown."""
    parts = [
        ", ".join(doc.organisation_names),
        vocab_labels(doc.formats, "formats") if doc.formats else "",
        language_names(doc.languages) if doc.languages else "",
    ]
    return " · ".join(p for p in parts if p)
