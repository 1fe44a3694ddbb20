"""Template helpers for exports."""

from django import template

register = template.Library()


@register.filter
def get_entry(entries: dict, key: str):
    return entries.get(key)
