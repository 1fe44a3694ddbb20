"""The map and what resources refer to or sit beside: sections, organisations, glossary, help lines."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from bronwijzer.catalog import vocab
from bronwijzer.catalog.history import HistoricalRecords  # simple-history's, with Dutch names
from bronwijzer.catalog.models.base import NAME_IN_ADDRESS, NAME_IN_ADDRESS_HELP, EditVersioned
from bronwijzer.catalog.querysets import ContentQuerySet
from bronwijzer.lib.i18n import localised as _localised
from bronwijzer.lib.phone import is_service_rate


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
