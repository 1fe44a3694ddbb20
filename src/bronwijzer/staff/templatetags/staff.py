"""Template filters for the back office's own pages."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def duration_nl(value: datetime.timedelta | None) -> str:
    """A lockout length as an editor reads it: "15 minuten", "1 uur", "1 uur en 30 minuten"."""
    if not isinstance(value, datetime.timedelta):
        return "een kwartier"
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} uur")
    if minutes:
        parts.append(f"{minutes} {'minuut' if minutes == 1 else 'minuten'}")
    return " en ".join(parts)
