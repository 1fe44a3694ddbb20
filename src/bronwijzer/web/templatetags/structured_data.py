"""Template tags that put the schema.org JSON-LD of :mod:`bronwijzer.web.jsonld` into a page."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from bronwijzer.lib.siteurl import site_base
from bronwijzer.web import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def resource_jsonld(context, resource, organisations) -> SafeString:
    """A LearningResource for a published resource; nothing for a draft (a staff preview)."""
    return jsonld.script(jsonld.resource_data(site_base(context.get("request")), resource, organisations))


@register.simple_tag(takes_context=True)
def organisation_jsonld(context, organisation) -> SafeString:
    return jsonld.script(jsonld.organisation_data(site_base(context.get("request")), organisation))


@register.simple_tag(takes_context=True)
def glossary_jsonld(context, entries) -> SafeString:
    """``entries`` as the glossary view gives them: (term, related terms) pairs."""
    terms = [term for term, _related in entries]
    return jsonld.script(jsonld.glossary_data(site_base(context.get("request")), terms))
