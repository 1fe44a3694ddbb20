"""The content model of a resource map.

One map per installation. Vocabulary facets (themes, formats, languages, ...) are
stored as ordered lists of stable slugs in JSON fields: that keeps the printed
order, makes the edit history of a resource one row per version (so a revert
restores the whole entry), and reads the same on SQLite and PostgreSQL.
Referential integrity for those slugs is enforced by the map-file validation and
by the admin forms, which only offer existing slugs.

The links from a resource to its organisations and sections are relations
(:class:`ResourceOrganisation`, :class:`ResourceSection`, with their position in
the resource's list; ``Resource.linked_organisations`` and ``linked_sections``):
the database refuses to delete an organisation or section a resource names, the
admin filters with a join, and each version in the history keeps its own rows
(``m2m_fields``). ``Resource.organisations`` and ``Resource.sections`` read and
set them as ordered lists of slugs (:mod:`bronwijzer.catalog.linklists`): a list
set on a resource is written as rows when it is saved (``catalog.links``). A
draft may name an organisation that is only proposed: its row points at the
:class:`OrganisationProposal` until the organisation is approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, router, transaction
from django.urls import reverse

from bronwijzer.catalog import vocab
from bronwijzer.catalog.history import HistoricalRecords  # simple-history's, with Dutch names
from bronwijzer.catalog.linklists import LinkList
from bronwijzer.catalog.querysets import ContentQuerySet, ResourceQuerySet
from bronwijzer.lib.i18n import localised as _localised
from bronwijzer.lib.phone import is_service_rate

#: The label of every ``slug`` field: the part of a web address that names the entry.
NAME_IN_ADDRESS = "naam in het webadres"
NAME_IN_ADDRESS_HELP = (
    "Kleine letters, cijfers en streepjes; blijft vast zodra andere gegevens ernaar verwijzen."
)


class EditConflict(Exception):
    """The row no longer holds the version this save was based on; nothing was written."""

    def __init__(self, obj: models.Model, expected: int):
        super().__init__(f"{type(obj).__name__} {obj.pk}: version {expected} is no longer current")
        self.expected = expected


class EditVersioned(models.Model):
    """An entry editors change: ``edit_version`` goes up by one with every save of the row.

    It lets an edit form refuse to save over a change it did not show (optimistic
    concurrency). Every save of an existing row moves the stored counter forward in the
    database with one conditional UPDATE (compare-and-set), also when this instance was
    read before someone else's save. A save told the version it must find
    (:func:`bronwijzer.catalog.versioning.expect_version`) writes nothing and raises
    :class:`EditConflict` when the row holds another one. PostgreSQL holds the row lock
    from that UPDATE to the commit; SQLite has one writer at a time. The counter is
    mirrored in the history.
    """

    edit_version = models.PositiveIntegerField(
        "versie", default=0, editable=False, help_text="Gaat bij elke opslag één omhoog."
    )

    # Set before a save for django-simple-history's next history row: who saved, and why.
    _history_user: Any
    _change_reason: str

    #: Set on an instance: the version its next save must find (see ``versioning.expect_version``).
    EXPECTED = "_expected_edit_version"
    #: Set on an instance whose row's version was already moved on (``versioning.bump_edit_versions``).
    BUMPED = "_edit_version_bumped"

    class Meta:
        abstract = True

    def save(
        self,
        *,
        force_insert: bool | tuple[models.base.ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        using = using or router.db_for_write(type(self), instance=self)
        options: dict[str, Any] = {"force_insert": force_insert, "force_update": force_update, "using": using}
        new_row = self._state.adding or self.pk is None or force_insert
        if new_row or (update_fields is not None and not update_fields):
            super().save(**options, update_fields=update_fields)  # a new row starts at 0; no fields, no write
            return
        if update_fields is not None:
            update_fields = {*update_fields, "edit_version"}
        with transaction.atomic(using=using, savepoint=False):
            self.edit_version = self._next_edit_version(using)
            super().save(**options, update_fields=update_fields)

    save.alters_data = True  # type: ignore[attr-defined]  # Django's mark: templates never call it

    def _next_edit_version(self, using: str) -> int:
        """Move the stored version on by one (compare-and-set) and return it."""
        expected: int | None = self.__dict__.pop(self.EXPECTED, None)
        if self.__dict__.pop(self.BUMPED, False) and expected is None:
            return self.edit_version
        rows = type(self)._base_manager.db_manager(using).filter(pk=self.pk)
        if expected is not None:
            if not rows.filter(edit_version=expected).update(edit_version=expected + 1):
                raise EditConflict(self, expected)
            return expected + 1
        if rows.filter(edit_version=self.edit_version).update(edit_version=self.edit_version + 1):
            return self.edit_version + 1
        if rows.update(edit_version=models.F("edit_version") + 1):  # this copy was read before another save
            return rows.values_list("edit_version", flat=True).get()
        return self.edit_version + 1  # the row is not stored (any more): the save inserts it


class Map(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    title = models.CharField("titel", max_length=200)
    title_en = models.CharField("titel (Engels)", max_length=200, blank=True)
    edition_year = models.PositiveIntegerField("jaar van deze editie")
    previous_edition = models.TextField("vorige editie", blank=True)
    previous_edition_en = models.TextField("vorige editie (Engels)", blank=True)
    intro = models.TextField("inleiding", blank=True)
    intro_en = models.TextField("inleiding (Engels)", blank=True)
    credits = models.TextField("bronvermelding", blank=True, help_text="Bron, edities, auteurs en financier.")
    credits_en = models.TextField("bronvermelding (Engels)", blank=True)
    colophon = models.JSONField(
        "colofon van de bron",
        default=list,
        blank=True,
        help_text="De regels van het colofon van de bron, precies zoals gedrukt: per regel een label "
        "(mag leeg zijn), het Engelse label en de tekst.",
    )
    source_name = models.CharField("naam van de gedrukte uitgave", max_length=200, blank=True)
    source_url = models.URLField("webadres van de gedrukte uitgave", max_length=500, blank=True, null=True)
    conversation_guide = models.SlugField(
        "gespreksleidraad",
        max_length=100,
        blank=True,
        null=True,
        help_text="De bron die een professional leest vóór een gesprek met ouders: "
        "de naam van die bron in het webadres (na /bron/).",
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = "kaart"
        verbose_name_plural = "kaarten"

    def __str__(self) -> str:
        return f"{self.title} ({self.edition_year})"

    def localised(self, field: str) -> str:
        return _localised(self, field)

    @property
    def colophon_lines(self) -> list[ColophonLine]:
        """The colophon as lines with a label that follows the page's language (see ``localised``)."""
        return [
            ColophonLine(line.get("label", ""), line.get("label_en", ""), line.get("value", ""))
            for line in self.colophon
        ]


@dataclass(frozen=True)
class ColophonLine:
    """One line of a source's colophon: ``label: value`` (a line may have no label).

    The value is carried over exactly as the source prints it (a fact or legal notice), in
    every language; only the label has an English variant.
    """

    label: str
    label_en: str
    value: str

    def localised(self, field: str) -> str:
        return _localised(self, field)


class Section(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    title = models.CharField("titel", max_length=200)
    title_en = models.CharField("titel (Engels)", max_length=200, blank=True)
    question = models.CharField(
        "leidende vraag", max_length=300, blank=True, help_text="De leidende vraag van het thema."
    )
    question_en = models.CharField("leidende vraag (Engels)", max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="hoort bij",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(
        "volgorde", default=0, help_text="Volgorde zoals op de gedrukte kaart."
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = "sectie"
        verbose_name_plural = "secties"

    def __str__(self) -> str:
        return self.title

    def localised(self, field: str) -> str:
        return _localised(self, field)


class Organisation(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    name = models.CharField("naam", max_length=200, unique=True)
    url = models.URLField("webadres", max_length=500, blank=True, null=True)
    url_verified = models.BooleanField(
        "webadres bevestigd",
        default=False,
        help_text="Alleen aanvinken als je het webadres zelf hebt geopend en het klopt.",
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:organisation", args=[self.slug])


class ResourceOrganisation(models.Model):
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
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["resource", "position"]
        # "Bron: <titel>" is what the admin lists when an organisation in use cannot be deleted
        verbose_name = "bron"
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

    def __str__(self) -> str:
        return self.resource.title


class ResourceSection(models.Model):
    """A section of the map a resource is placed in, at its place in the resource's list of sections."""

    resource = models.ForeignKey(
        "Resource", verbose_name="bron", on_delete=models.CASCADE, related_name="section_links"
    )
    section = models.ForeignKey(
        Section, verbose_name="sectie", on_delete=models.PROTECT, related_name="resource_links"
    )
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["resource", "position"]
        verbose_name = "bron"
        verbose_name_plural = "secties van bronnen"
        constraints = [models.UniqueConstraint(fields=["resource", "section"], name="resource_section_once")]

    def __str__(self) -> str:
        return self.resource.title


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


class GlossaryTerm(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    term = models.CharField("begrip", max_length=100, unique=True)
    term_en = models.CharField("begrip (Engels)", max_length=100, blank=True)
    definition = models.TextField("uitleg")
    definition_en = models.TextField("uitleg (Engels)", blank=True)
    related = models.JSONField(
        "verwante begrippen",
        default=list,
        blank=True,
        help_text="De namen van verwante begrippen zoals in het webadres (na #).",
    )
    position = models.PositiveIntegerField("volgorde", default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "term"]
        verbose_name = "begrip"
        verbose_name_plural = "begrippen"

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("web:glossary") + f"#{self.slug}"

    def localised(self, field: str) -> str:
        return _localised(self, field)


class HelpLine(EditVersioned):
    slug = models.SlugField(NAME_IN_ADDRESS, max_length=100, unique=True, help_text=NAME_IN_ADDRESS_HELP)
    name = models.CharField("naam", max_length=200)
    name_en = models.CharField(
        "naam (Engels)",
        max_length=200,
        blank=True,
        help_text="Alleen invullen als de naam in het Engels anders is.",
    )
    kind = models.CharField(
        "soort", max_length=20, choices=vocab.HELPLINE_KINDS.choices(), default="hulplijn"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helplines",
    )
    url = models.URLField("webadres", max_length=500, blank=True, null=True)
    phone = models.CharField("telefoonnummer", max_length=40, blank=True)
    chat = models.BooleanField("chat", default=False)
    email = models.BooleanField("e-mail", default=False)
    free = models.BooleanField(
        "gratis",
        null=True,
        blank=True,
        help_text="Is de hulp zelf gratis? Leeg = onbekend. "
        "Bij een 0900-nummer zegt de site er zelf bij dat bellen geld kan kosten.",
    )
    anonymous = models.BooleanField("anoniem", null=True, blank=True, help_text="Leeg = onbekend.")
    # Who the line is for, as the line itself says (De Kindertelefoon: 8–18), shown beside it
    # wherever it is listed; empty for a line open to everyone.
    age_min = models.PositiveSmallIntegerField(
        "leeftijd vanaf", null=True, blank=True, help_text="Alleen als de hulplijn een leeftijd noemt."
    )
    age_max = models.PositiveSmallIntegerField(
        "leeftijd tot en met", null=True, blank=True, help_text="Alleen als de hulplijn een leeftijd noemt."
    )
    helps_with = models.TextField("helpt bij")
    helps_with_en = models.TextField("helpt bij (Engels)", blank=True)
    note = models.CharField("opmerking", max_length=300, blank=True)
    note_en = models.CharField("opmerking (Engels)", max_length=300, blank=True)
    position = models.PositiveIntegerField("volgorde", default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "hulplijn"
        verbose_name_plural = "hulplijnen"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="helpline_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def free_to_call(self) -> bool:
        """The help is free and so is the call: never true for a 0900 number, whose call may cost."""
        return bool(self.free) and not is_service_rate(self.phone)

    @property
    def service_rate(self) -> bool:
        """Calling the line may cost more than a normal call (a 090x number): say so beside it."""
        return is_service_rate(self.phone)

    def localised(self, field: str) -> str:
        return _localised(self, field)


class ContentVersion(models.Model):
    """One row whose counter goes up whenever published content may have changed.

    Readers that keep derived state in memory (the search index in every server
    process) compare this counter to rebuild when, and only when, it moved.
    """

    counter = models.PositiveBigIntegerField("teller", default=0)
    changed_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "inhoudsversie"

    def __str__(self) -> str:
        return f"versie {self.counter}"


class Revision(EditVersioned):
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
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="voorgesteld door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("toelichting", blank=True, help_text="Toelichting van de redacteur.")
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "voorstel"
        verbose_name_plural = "voorstellen"
        constraints = [
            models.UniqueConstraint(
                fields=["resource"], condition=models.Q(state="open"), name="revision_one_open_per_resource"
            )
        ]

    def __str__(self) -> str:
        return f"Voorstel voor {self.resource}"


class OrganisationProposal(EditVersioned):
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
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
