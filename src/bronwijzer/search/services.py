"""Service functions of the search app."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bronwijzer.search.models import ZeroResultQuery
from bronwijzer.search.query import search_words

RETENTION_DAYS = 90
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{4,}\d")


def query_normalise(text: str) -> str:
    """Lower-case and collapse spaces; blank out what could identify someone (e-mail, long numbers)."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _EMAIL.sub("[e-mail]", text)
    text = _LONG_NUMBER.sub("[nummer]", text)
    return search_words(text)


def zero_result_record(text: str, *, today: dt.date | None = None) -> None:
    """Count a query that found nothing, for today; forget counts older than the retention period.

    At most ``BRONWIJZER_ZERO_RESULT_DAILY_LIMIT`` different queries get a row per day: past
    that, queries already counted today still count, new ones are dropped (a client sending
    random words cannot grow the table without bound).
    """
    query = query_normalise(text)
    if not query:
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        updated = ZeroResultQuery.objects.filter(query=query, day=today).update(count=F("count") + 1)
        if not updated:
            if ZeroResultQuery.objects.filter(day=today).count() >= settings.ZERO_RESULT_DAILY_LIMIT:
                return
            try:
                with transaction.atomic():
                    ZeroResultQuery.objects.create(query=query, day=today, count=1)
            except IntegrityError:  # another process created it first
                ZeroResultQuery.objects.filter(query=query, day=today).update(count=F("count") + 1)
        ZeroResultQuery.objects.filter(day__lt=today - dt.timedelta(days=RETENTION_DAYS)).delete()
