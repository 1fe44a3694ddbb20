"""Stored link-check results: one row per check (the history) and the latest state per URL.

``LinkCheck`` rows are only ever added, so the history of a URL is every check ever made.
``LinkState`` holds the latest check of each URL (one row per URL, unique index), so
"what is the state of this link" and "which links are broken" are single indexed
look-ups on SQLite and PostgreSQL alike; ``services.link_check_run`` writes both in one
transaction.
"""

from __future__ import annotations

from django.db import models

from bronwijzer.linkcheck.classify import ATTENTION, FAILING, LABELS

STATUS_CHOICES = list(LABELS.items())
URL_LENGTH = 1000


class LinkCheckRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    checked = models.PositiveIntegerField(default=0)
    failing = models.PositiveIntegerField(default=0, help_text="Adressen die niet werken.")
    counts = models.JSONField(default=dict, blank=True, help_text="Aantal adressen per uitkomst.")
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "controleronde"
        verbose_name_plural = "controlerondes"

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.checked} adressen, {self.failing} werken niet"


class LinkCheck(models.Model):
    run = models.ForeignKey(
        LinkCheckRun, null=True, blank=True, on_delete=models.CASCADE, related_name="checks"
    )
    url = models.CharField(max_length=URL_LENGTH)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=URL_LENGTH, blank=True)
    redirects = models.JSONField(default=list, blank=True, help_text="De doorverwijzingen: status en adres.")
    checked_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Aantal HTTP-verzoeken.")

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = "linkcontrole"
        verbose_name_plural = "linkcontroles"
        indexes = [models.Index(fields=["url", "-checked_at"], name="linkcheck_url_checked")]

    def __str__(self) -> str:
        return f"{self.url}: {self.status}"

    @property
    def label(self) -> str:
        return LABELS.get(self.status, self.status)


class LinkState(models.Model):
    """The latest check of one URL, and where the map uses it."""

    url = models.CharField(max_length=URL_LENGTH, unique=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=URL_LENGTH, blank=True)
    error = models.TextField(blank=True)
    checked_at = models.DateTimeField(db_index=True)
    since = models.DateTimeField(help_text="Sinds wanneer deze uitkomst geldt.")
    latest = models.ForeignKey(LinkCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    used_by = models.JSONField(
        default=list, blank=True, help_text="Waar de kaart dit adres gebruikt (soort, slug, naam)."
    )

    class Meta:
        ordering = ["url"]
        verbose_name = "linkstatus"
        verbose_name_plural = "linkstatussen"

    def __str__(self) -> str:
        return f"{self.url}: {self.status}"

    @property
    def label(self) -> str:
        return LABELS.get(self.status, self.status)

    @property
    def failing(self) -> bool:
        """Counts as broken for the exit code (and for the editors' list of links to fix)."""
        return self.status in FAILING

    @property
    def needs_attention(self) -> bool:
        """Works, but an editor may want to act: a permanent redirect, or a server refusing checks."""
        return self.status in ATTENTION
