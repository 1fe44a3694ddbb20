"""The editorial workflow's own rows: a proposed change to a published resource, a proposed organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bronwijzer.catalog.history import HistoricalRecords  # simple-history's, with Dutch names
from bronwijzer.catalog.models.base import NAME_IN_ADDRESS, NAME_IN_ADDRESS_HELP, EditVersioned
from bronwijzer.catalog.models.resources import Resource


class Proposal(EditVersioned):
    """What both kinds of proposal have: who proposed it, who decided, when and why."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="voorgesteld door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besloten door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    decision_note = models.TextField("toelichting bij het besluit", blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-updated_at"]


class Revision(Proposal):
    """A proposed change to a published resource, waiting for a publisher (see ``catalog.publishing``).

    Editors never change a published entry directly: their edit is kept here, with the
    published values it was written against (``base``), until a publisher has seen the
    difference and publishes or declines it. One open proposal per resource; editors who
    edit a published resource continue the open one.
    """

    class State(models.TextChoices):
        OPEN = "open", "wacht op eindredactie"
        PUBLISHED = "published", "gepubliceerd"
        DECLINED = "declined", "afgewezen"
        DRAFTED = "drafted", "opgenomen in het concept"

    resource = models.ForeignKey(
        Resource, verbose_name="bron", on_delete=models.CASCADE, related_name="revisions"
    )
    data = models.JSONField("voorgestelde waarden", help_text="De voorgestelde waarden van de bron.")
    base = models.JSONField(
        "gepubliceerde waarden", help_text="De gepubliceerde waarden waartegen het voorstel is geschreven."
    )
    state = models.CharField(
        "stand van zaken", max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    note = models.TextField("toelichting", blank=True, help_text="Toelichting van de redacteur.")
    history = HistoricalRecords()

    class Meta(Proposal.Meta):
        verbose_name = "voorstel"
        verbose_name_plural = "voorstellen"
        constraints = [
            models.UniqueConstraint(
                fields=["resource"], condition=models.Q(state="open"), name="revision_one_open_per_resource"
            )
        ]

    def __str__(self) -> str:
        return f"Voorstel voor {self.resource}"


class OrganisationProposal(Proposal):
    """A new organisation an editor proposes; it exists for the public only once a publisher approves it.

    Until then it is not an :class:`Organisation` at all, so no public page, feed, export or
    API can show it. A draft resource may already name it (by ``slug``); publishing that
    resource approves the proposal in the same step, after the publisher saw it on the review
    page, so a live resource never points at an organisation that is not approved
    (``catalog.publishing``). A publisher can also approve or decline it on its own.
    """

    class State(models.TextChoices):
        OPEN = "open", "wacht op eindredactie"
        APPROVED = "approved", "goedgekeurd"
        DECLINED = "declined", "afgewezen"

    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, help_text=NAME_IN_ADDRESS_HELP)
    name = models.CharField("naam", max_length=200)
    url = models.URLField("webadres", max_length=500, blank=True, null=True)
    note = models.TextField(
        "toelichting",
        blank=True,
        help_text="Voor de eindredactie: waarom deze organisatie, en hoe je dat weet.",
    )
    state = models.CharField(
        "stand van zaken", max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    history = HistoricalRecords()

    class Meta(Proposal.Meta):
        verbose_name = "voorgestelde organisatie"
        verbose_name_plural = "voorgestelde organisaties"
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(state="open"), name="organisation_proposal_open_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
