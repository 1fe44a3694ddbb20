"""A resource of the map, and its links to organisations and sections as rows with a position."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from bronwijzer.catalog import vocab
from bronwijzer.catalog.history import HistoricalRecords  # simple-history's, with Dutch names
from bronwijzer.catalog.linklists import LinkList
from bronwijzer.catalog.models.base import NAME_IN_ADDRESS, NAME_IN_ADDRESS_HELP, EditVersioned
from bronwijzer.catalog.models.content import Organisation, Section
from bronwijzer.catalog.querysets import ResourceQuerySet
from bronwijzer.lib.i18n import localised as _localised


class ResourceLink(models.Model):
    """What both kinds of link have: the place in the resource's list, and how they are named."""

    position = models.PositiveSmallIntegerField("volgorde", default=0)
    resource: models.ForeignKey[Resource, Resource]  # declared by each kind, with its own reverse name

    class Meta:
        abstract = True
        ordering = ["resource", "position"]
        # "Bron: <titel>" is what the admin lists when an organisation or section in use cannot be deleted
        verbose_name = "bron"

    def __str__(self) -> str:
        return self.resource.title


class ResourceOrganisation(ResourceLink):
    """An organisation a resource names, at its place in the resource's list of organisations."""

    resource = models.ForeignKey(
        "Resource", verbose_name="bron", on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_links",
    )
    #: A draft may name an organisation that is only proposed: the row points at the proposal
    #: until a publisher approves it, then at the new organisation (``catalog.links``).
    proposal = models.ForeignKey(
        "OrganisationProposal",
        verbose_name="voorgestelde organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_links",
    )

    class Meta(ResourceLink.Meta):
        verbose_name_plural = "organisaties van bronnen"
        constraints = [
            models.UniqueConstraint(fields=["resource", "organisation"], name="resource_organisation_once"),
            models.UniqueConstraint(fields=["resource", "proposal"], name="resource_proposal_once"),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True, proposal__isnull=False)
                | models.Q(organisation__isnull=False, proposal__isnull=True),
                name="resource_organisation_or_proposal",
            ),
        ]


class ResourceSection(ResourceLink):
    """A section of the map a resource is placed in, at its place in the resource's list of sections."""

    resource = models.ForeignKey(
        "Resource", verbose_name="bron", on_delete=models.CASCADE, related_name="section_links"
    )
    section = models.ForeignKey(
        Section, verbose_name="sectie", on_delete=models.PROTECT, related_name="resource_links"
    )

    class Meta(ResourceLink.Meta):
        verbose_name_plural = "secties van bronnen"
        constraints = [models.UniqueConstraint(fields=["resource", "section"], name="resource_section_once")]


class Resource(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    title = models.CharField("titel", max_length=300)
    title_descriptive = models.BooleanField(
        "beschrijvende titel",
        default=False,
        help_text="Aanvinken als de titel niet de eigen naam van het materiaal is, maar een beschrijving "
        "van de redactie. De site zet er dan '(beschrijvende titel)' bij.",
    )
    url = models.URLField("webadres", max_length=500, blank=True, null=True)
    url_verified = models.BooleanField(
        "webadres bevestigd",
        default=False,
        help_text="Alleen aanvinken als het adres zelf is bevestigd, niet alleen de organisatie.",
    )
    #: The organisations the resource names, in order: slugs of approved organisations and, in a
    #: draft, of proposed ones (rows of ``ResourceOrganisation``; see ``catalog.linklists``).
    organisations = LinkList(
        "organisations",
        "organisaties",
        related="organisation_links",
        targets=("organisation", "proposal"),
        history_field="linked_organisations",
    )
    authors = models.JSONField(
        "auteurs",
        default=list,
        blank=True,
        help_text="Namen van de mensen die het materiaal schreven of maakten, in volgorde. "
        "Een organisatie hoort bij Organisaties, niet hier.",
    )
    summary = models.TextField("beschrijving")
    summary_en = models.TextField("beschrijving (Engels)", blank=True)
    #: The sections of the map the resource is placed in, in order (rows of ``ResourceSection``).
    sections = LinkList(
        "sections", "secties", related="section_links", targets=("section",), history_field="linked_sections"
    )
    themes = models.JSONField("thema's", default=list, blank=True)
    professions = models.JSONField("beroepsgroepen", default=list, blank=True)
    audiences = models.JSONField("doelgroepen", default=list, blank=True)
    formats = models.JSONField("soort materiaal", default=list, blank=True)
    languages = models.JSONField(
        "talen", default=list, blank=True, help_text="Taalcodes van twee letters, bijvoorbeeld nl, en, ar."
    )
    language_modes = models.JSONField("hoe per taal beschikbaar", default=dict, blank=True)
    languages_note = models.CharField("toelichting bij de talen", max_length=300, blank=True)
    languages_note_en = models.CharField("toelichting bij de talen (Engels)", max_length=300, blank=True)
    contexts = models.JSONField("culturele of religieuze context", default=list, blank=True)
    cost = models.CharField("kosten", max_length=10, choices=vocab.COST.choices(), default="unknown")
    age_min = models.PositiveSmallIntegerField("leeftijd vanaf", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("leeftijd tot en met", null=True, blank=True)
    explicitness = models.CharField(
        "hoe expliciet", max_length=10, choices=vocab.EXPLICITNESS.choices(), default="none"
    )
    explicitness_note = models.CharField("toelichting bij hoe expliciet", max_length=300, blank=True)
    explicitness_note_en = models.CharField(
        "toelichting bij hoe expliciet (Engels)", max_length=300, blank=True
    )
    recognition = models.JSONField("erkenning", default=list, blank=True)
    reviewed_at = models.DateField(
        "laatst nagekeken",
        null=True,
        blank=True,
        help_text="De datum waarop een redacteur de gegevens voor het laatst bevestigde.",
    )
    status = models.CharField(
        "status", max_length=10, choices=vocab.STATUS.choices(), default="draft", db_index=True
    )
    position = models.PositiveIntegerField("volgorde", default=0, db_index=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    #: The links as relations (read and set through ``organisations`` and ``sections`` above).
    linked_organisations: models.ManyToManyField[Organisation, ResourceOrganisation] = models.ManyToManyField(
        Organisation, through=ResourceOrganisation, related_name="resources", blank=True, editable=False
    )
    linked_sections: models.ManyToManyField[Section, ResourceSection] = models.ManyToManyField(
        Section, through=ResourceSection, related_name="resources", blank=True, editable=False
    )
    #: Each version keeps its link rows too (``HistoricalResourceOrganisation``/``...Section``).
    history = HistoricalRecords(m2m_fields=["linked_organisations", "linked_sections"])

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = "bron"
        verbose_name_plural = "bronnen"
        permissions = [("publish_resource", "Mag bronnen publiceren en offline halen")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="resource_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=vocab.STATUS.slugs), name="resource_status_known"
            ),
            models.CheckConstraint(condition=models.Q(cost__in=vocab.COST.slugs), name="resource_cost_known"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:resource", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def localised(self, field: str) -> str:
        return _localised(self, field)

    @property
    def language_modes_in_order(self) -> dict[str, list[str]]:
        """``language_modes`` in the order of ``languages`` (PostgreSQL's jsonb does not keep key order)."""
        return modes_in_language_order(self.languages, self.language_modes)


def modes_in_language_order(languages: list[str], modes: dict[str, list[str]]) -> dict[str, list[str]]:
    return {code: modes[code] for code in languages if code in modes}
