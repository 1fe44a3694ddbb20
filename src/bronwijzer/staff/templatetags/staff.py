"""Template filters for the back office's own pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from bronwijzer.catalog.admin_reasons import change_reason_text

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


@register.filter
def field_label(obj: Any, name: str) -> str:
    """A field's verbose name on a model, a record or a model's ``_meta`` (the name if unknown)."""
    meta = getattr(obj, "_meta", obj)
    try:
        return str(meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return name


@register.filter
def history_value(record: Any, column: str) -> Any:
    """A column of a history record as the change form shows it: a choice's label, not its key."""
    display = getattr(record, f"get_{column}_display", None)
    return display() if callable(display) else getattr(record, column, "")


@register.filter
def change_reason(record: Any) -> str:
    """A history record's change reason in words (codes of publishing and approval; other text as stored)."""
    return change_reason_text(
        getattr(record, "history_change_reason", None), getattr(record, "history_user", None)
    )
