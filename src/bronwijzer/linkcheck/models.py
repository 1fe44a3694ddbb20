"""Stored link-check results: the runs, one row per check (the history) and the latest state per URL.

``LinkCheck`` rows are only ever added, so the history of a URL is every check ever made.
``LinkState`` holds the latest check of each URL (one row per URL, unique index), so
"what is the state of this link" and "which links are broken" are single indexed
look-ups on SQLite and PostgreSQL alike; ``services.link_check_run`` writes both in one
transaction.

``LinkCheckRun`` is one run, recorded when it starts: at most one is ``running`` at a
time (a partial unique index, so the database itself refuses a second), and its process
writes a heartbeat and its progress while it runs. A running run whose heartbeat is older
than :data:`STALE_AFTER` lost its process: it counts (and shows) as interrupted, and a new
run may start (``runs.run_claim`` marks it so).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

from bronwijzer.linkcheck.classify import ATTENTION, FAILING, LABELS

STATUS_CHOICES = list(LABELS.items())
_HTTP_STATUS_HELP = _(
    "Het getal dat de website terugstuurde, bijvoorbeeld 200 (in orde) of 404 (niet gevonden)."
)
URL_LENGTH = 1000

#: How often a running check writes its heartbeat (and its progress, when it moved).
HEARTBEAT_SECONDS = 5
#: A running run without a heartbeat for this long has lost its process: it shows as interrupted.
#: Generous against a slow start of the process on a busy machine; many heartbeats fit in it.
STALE_AFTER = dt.timedelta(seconds=120)


class RunState(models.TextChoices):
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")
    INTERRUPTED = "interrupted", _("afgebroken")


class LinkCheckRunQuerySet(models.QuerySet):
    def running(self, now: dt.datetime | None = None):
        """Runs that are running and whose process gave a sign of life recently (at most one)."""
        return self.filter(state=RunState.RUNNING, heartbeat_at__gte=(now or timezone.now()) - STALE_AFTER)

    def stale(self, now: dt.datetime | None = None):
        """Runs that say they are running, but whose process stopped giving a sign of life."""
        cutoff = (now or timezone.now()) - STALE_AFTER
        return self.filter(state=RunState.RUNNING).filter(
            models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True)
        )


class LinkCheckRun(models.Model):
    state = models.CharField(_("stand"), max_length=12, choices=RunState.choices, default=RunState.DONE)
    started_at = models.DateTimeField(_("gestart op"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leeg: automatisch gestart (de nachtelijke planning of de opdrachtregel)."),
    )
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("laatste teken van leven"),
        null=True,
        blank=True,
        help_text=_(
            "Een lopende controle meldt zich elke paar seconden. Blijft dat uit, dan is ze afgebroken."
        ),
    )
    pid = models.PositiveIntegerField(
        _("procesnummer"), null=True, blank=True, help_text=_("Voor de beheerder van de server.")
    )
    done = models.PositiveIntegerField(
        _("klaar"), default=0, help_text=_("Adressen die al gecontroleerd zijn.")
    )
    total = models.PositiveIntegerField(
        _("totaal"), default=0, help_text=_("Adressen die gecontroleerd worden.")
    )
    checked = models.PositiveIntegerField(_("gecontroleerd"), default=0)
    failing = models.PositiveIntegerField(
        _("werken niet"), default=0, help_text=_("Adressen die niet werken.")
    )
    counts = models.JSONField(
        _("aantal per uitkomst"), default=dict, blank=True, help_text=_("Aantal adressen per uitkomst.")
    )
    options = models.JSONField(_("instellingen"), default=dict, blank=True)
    error = models.TextField(
        _("technische melding"), blank=True, help_text=_("Waarom de controle mislukte, voor de beheerder.")
    )

    objects = LinkCheckRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("controleronde")
        verbose_name_plural = _("controlerondes")
        constraints = [
            # At most one run at a time: a second INSERT of a running run fails in the database.
            models.UniqueConstraint(
                fields=["state"], condition=models.Q(state="running"), name="linkcheck_one_run_at_a_time"
            )
        ]

    def __str__(self) -> str:
        when = f"{timezone.localtime(self.started_at):%d-%m-%Y %H:%M}"
        if self.state != RunState.DONE:
            return gettext("Linkcontrole van %(when)s (%(state)s)") % {
                "when": when,
                "state": self.shown_state_label,
            }
        checked = ngettext("%(count)d adres", "%(count)d adressen", self.checked) % {"count": self.checked}
        return gettext("Linkcontrole van %(when)s: %(checked)s, %(failing)d werken niet") % {
            "when": when,
            "checked": checked,
            "failing": self.failing,
        }

    @property
    def is_stale(self) -> bool:
        """Says it is running, but its process has not given a sign of life for too long."""
        if self.state != RunState.RUNNING:
            return False
        return self.heartbeat_at is None or self.heartbeat_at < timezone.now() - STALE_AFTER

    @property
    def shown_state(self) -> str:
        """The state as editors should see it: a stale running run is interrupted."""
        return RunState.INTERRUPTED if self.is_stale else self.state

    @property
    def shown_state_label(self) -> str | StrPromise:
        return RunState(self.shown_state).label

    @property
    def is_running(self) -> bool:
        return self.shown_state == RunState.RUNNING


class LinkCheck(models.Model):
    run = models.ForeignKey(
        LinkCheckRun,
        verbose_name=_("controleronde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checks",
    )
    url = models.CharField(_("adres"), max_length=URL_LENGTH)
    status = models.CharField(_("uitkomst"), max_length=20, choices=STATUS_CHOICES)
    http_status = models.PositiveSmallIntegerField(
        _("antwoordcode van de website"),
        null=True,
        blank=True,
        help_text=_(
            "Het getal dat de website terugstuurde, bijvoorbeeld 200 (in orde) of 404 (niet gevonden)."
        ),
    )
    final_url = models.CharField(_("eindadres"), max_length=URL_LENGTH, blank=True)
    redirects = models.JSONField(
        _("doorverwijzingen"), default=list, blank=True, help_text=_("De doorverwijzingen: code en adres.")
    )
    checked_at = models.DateTimeField(_("gecontroleerd op"))
    duration_ms = models.PositiveIntegerField(_("duur in milliseconden"), default=0)
    error = models.TextField(_("technische melding"), blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("pogingen"), default=0, help_text=_("Hoe vaak de website is gevraagd, herhalingen meegeteld.")
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("controle van een link")
        verbose_name_plural = _("geschiedenis van de controles")
        indexes = [models.Index(fields=["url", "-checked_at"], name="linkcheck_url_checked")]

    def __str__(self) -> str:
        return f"{self.url}: {self.label}"

    @property
    def label(self) -> str:
        return LABELS.get(self.status, self.status)

    @property
    def failing(self) -> bool:
        return self.status in FAILING


class LinkState(models.Model):
    """The latest check of one URL, and where the map uses it."""

    url = models.CharField(_("adres"), max_length=URL_LENGTH, unique=True)
    status = models.CharField(_("uitkomst"), max_length=20, choices=STATUS_CHOICES, db_index=True)
    http_status = models.PositiveSmallIntegerField(
        _("antwoordcode van de website"),
        null=True,
        blank=True,
        help_text=_(
            "Het getal dat de website terugstuurde, bijvoorbeeld 200 (in orde) of 404 (niet gevonden)."
        ),
    )
    final_url = models.CharField(
        _("eindadres"), max_length=URL_LENGTH, blank=True, help_text=_("Waar de link uiteindelijk uitkomt.")
    )
    error = models.TextField(_("technische melding"), blank=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"), db_index=True)
    since = models.DateTimeField(_("uitkomst sinds"), help_text=_("Sinds wanneer deze uitkomst geldt."))
    latest = models.ForeignKey(
        LinkCheck,
        verbose_name=_("laatste controle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_by = models.JSONField(
        _("gebruikt bij"),
        default=list,
        blank=True,
        help_text=_("Waar de kaart dit adres gebruikt (soort, slug, naam)."),
    )

    class Meta:
        ordering = ["url"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return f"{self.url}: {self.label}"

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
