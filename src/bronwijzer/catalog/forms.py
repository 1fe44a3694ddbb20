"""Admin forms: vocabularies as checkboxes, the same validation rules as the map file, no lost updates."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from bronwijzer.catalog import admin_changes, proposals, publishing, versioning, vocab
from bronwijzer.catalog.admin_messages import schema_message_nl
from bronwijzer.catalog.linklists import link_lists
from bronwijzer.catalog.mapfile import schema
from bronwijzer.catalog.models import Map, Resource, Section

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec


class VersionCheckedForm(forms.ModelForm):
    """A model form that refuses to save over a change it did not show (see ``catalog.admin_changes``).

    It carries the entry's ``edit_version`` as it was when the form was loaded, in a
    hidden field; the version itself is never editable. ``edit_conflict`` describes a refusal.
    """

    loaded_version = forms.IntegerField(
        label="Geladen versie", widget=forms.HiddenInput, required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict: admin_changes.Conflict | None = None
        # read from the database: a revert form's instance is an old version from the history
        self.stored_version = versioning.stored_version(self.instance)
        if self.stored_version is not None:
            self.fields[admin_changes.LOADED_VERSION].initial = self.stored_version

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns cleaned_data
        if self.stored_version is not None:
            loaded = cleaned.get(admin_changes.LOADED_VERSION)
            self.edit_conflict = admin_changes.refuse_if_stale(self, loaded, self.stored_version)
        return cleaned


class MapForm(VersionCheckedForm):
    """The map's texts; the conversation guide is chosen from the resources, not typed."""

    conversation_guide = forms.ChoiceField(
        label="Gespreksleidraad",
        required=False,
        help_text="De bron die een professional leest vóór een gesprek met ouders.",
    )

    source_url = forms.URLField(
        label="Webadres van de gedrukte uitgave", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Map
        fields = [
            "slug",
            "title",
            "title_en",
            "edition_year",
            "previous_edition",
            "previous_edition_en",
            "intro",
            "intro_en",
            "credits",
            "credits_en",
            "source_name",
            "source_url",
            "conversation_guide",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        resources = Resource.objects.order_by("title").values_list("slug", "title")
        cast(forms.ChoiceField, self.fields["conversation_guide"]).choices = [("", "(geen)"), *resources]

    def clean_conversation_guide(self):
        return self.cleaned_data["conversation_guide"] or None

    def clean_source_url(self):
        return self.cleaned_data["source_url"] or None


def _checkboxes(vocabulary: vocab.Vocabulary, label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=vocabulary.choices(), required=False, widget=forms.CheckboxSelectMultiple
    )


class CodeListField(forms.CharField):
    """A list of short codes typed as "nl, en, ar"."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""  # CharField gives its empty_value, "", for nothing
        return [part.strip().lower() for part in text.split(",") if part.strip()]


class NameListField(forms.CharField):
    """A list of names typed one per line (a name may hold a comma)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""  # CharField gives its empty_value, "", for nothing
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class LanguageModesField(forms.CharField):
    """Per language how it is available, typed as "nl: eenvoudig, tekst; en: tekst"."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "; ".join(f"{code}: {', '.join(modes)}" for code, modes in value.items())
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""  # CharField gives its empty_value, "", for nothing
        result: dict[str, list[str]] = {}
        for chunk in filter(None, (c.strip() for c in text.split(";"))):
            code, sep, modes = chunk.partition(":")
            if not sep:
                raise ValidationError(
                    f"“{chunk}”: schrijf het als ‘taalcode: vorm, vorm’, bijvoorbeeld ‘nl: eenvoudig’."
                )
            result[code.strip().lower()] = [m.strip() for m in modes.split(",") if m.strip()]
        return result


class RecognitionField(forms.CharField):
    """Recognitions, one per line: "name | level | date | web address" (only the name is required).

    The map file stores them as records; an editor types lines. A list in the map file's own
    notation (starting with "[") is still read, for whoever pastes one.
    """

    KEYS = ("source", "level", "date", "url")

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        if isinstance(value, list):
            lines = []
            for item in value:
                parts = (
                    [str(item.get(key) or "") for key in self.KEYS] if isinstance(item, dict) else [str(item)]
                )
                while parts and not parts[-1]:
                    parts.pop()
                lines.append(" | ".join(parts))
            return "\n".join(lines)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""  # CharField gives its empty_value, "", for nothing
        if text.lstrip().startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                raise ValidationError(
                    "Schrijf één erkenning per regel: naam | niveau | datum | webadres."
                ) from None
            return loaded if isinstance(loaded, list) else [loaded]
        result = []
        for line in filter(None, (line.strip() for line in text.splitlines())):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > len(self.KEYS):
                raise ValidationError(f"“{line}”: hoogstens vier delen, gescheiden door |.")
            result.append({key: part for key, part in zip(self.KEYS, parts, strict=False) if part})
        return result


#: How the resource form is laid out in the admin; also the form's field list.
RESOURCE_FIELDSETS: _FieldsetSpec = (
    (
        None,
        {
            "fields": (
                "title",
                "title_descriptive",
                "slug",
                "status",
                "url",
                "url_verified",
                "organisations",
                "authors",
                "reviewed_at",
            )
        },
    ),
    ("Beschrijving (eigen woorden)", {"fields": ("summary", "summary_en")}),
    ("Plaats op de kaart", {"fields": ("sections", "themes")}),
    ("Voor wie", {"fields": ("professions", "audiences", "contexts", "age_min", "age_max")}),
    (
        "Materiaal",
        {
            "fields": (
                "formats",
                "languages",
                "language_modes",
                "languages_note",
                "languages_note_en",
                "cost",
                "explicitness",
                "explicitness_note",
                "explicitness_note_en",
                "recognition",
            )
        },
    ),
)


def organisation_choice_label(option: proposals.OrganisationOption) -> str:
    """How the resource form names an organisation; one that is only proposed is marked."""
    if option.proposed:
        return _("%(name)s (voorgesteld, nog niet goedgekeurd)") % {"name": option.name}
    return option.name


class ResourceForm(VersionCheckedForm):
    url = forms.URLField(
        label="Webadres",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Begint met https:// of http://. Laat leeg als er nog geen betrouwbaar webadres is; "
        "nooit '#'.",
    )
    organisations = forms.MultipleChoiceField(
        label="Organisaties", required=False, widget=forms.CheckboxSelectMultiple
    )
    authors = NameListField(
        label="Auteurs",
        required=False,
        help_text="De mensen die het materiaal schreven of maakten, één naam per regel. "
        "Een organisatie kies je bij Organisaties.",
    )
    sections = forms.MultipleChoiceField(label="Secties", required=False, widget=forms.CheckboxSelectMultiple)
    themes = _checkboxes(vocab.THEMES, "Thema's")
    professions = _checkboxes(vocab.PROFESSIONS, "Beroepsgroepen")
    audiences = _checkboxes(vocab.AUDIENCES, "Doelgroepen")
    formats = _checkboxes(vocab.FORMATS, "Soort materiaal")
    contexts = _checkboxes(vocab.CONTEXTS, "Culturele of religieuze context")
    languages = CodeListField(
        label="Talen",
        required=False,
        help_text="Taalcodes van twee letters, gescheiden door komma's, bijvoorbeeld: nl, en, ar, tr "
        "(Nederlands, Engels, Arabisch, Turks).",
    )
    language_modes = LanguageModesField(
        label="Hoe per taal beschikbaar",
        required=False,
        help_text="Bijvoorbeeld: nl: eenvoudig; en: tekst; ar: ondertiteling. Mogelijk: "
        + ", ".join(vocab.LANGUAGE_MODES.slugs),
    )

    recognition = RecognitionField(
        label="Erkenning",
        required=False,
        help_text="Eén erkenning per regel: naam | niveau | datum (jjjj-mm-dd) | webadres. Alleen "
        "de naam is verplicht. Bijvoorbeeld: Databank Effectieve Jeugdinterventies | goed onderbouwd "
        "| 2024-05-01",
    )

    proposal_version = forms.IntegerField(
        label="Versie van het voorstel", widget=forms.HiddenInput, required=False, min_value=0
    )

    #: Set by the admin's change view: a published entry's form shows its open proposal.
    show_proposal = False

    class Meta:
        model = Resource
        fields = [name for _title, options in RESOURCE_FIELDSETS for name in options["fields"]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisations"]).choices = [
            (option.slug, organisation_choice_label(option)) for option in proposals.organisation_options()
        ]
        cast(forms.ChoiceField, self.fields["sections"]).choices = [
            (s.slug, str(s)) for s in Section.objects.all()
        ]
        for link_list in link_lists(Resource):  # rows, not columns: the model form does not fill them in
            self.initial.setdefault(link_list.name, getattr(self.instance, link_list.name))
        # A published entry is changed through a proposal (catalog.publishing): the form shows
        # the open one, and carries its version so that a second editor cannot overwrite it.
        self.published = self.stored_version is not None and (
            Resource.objects.filter(pk=self.instance.pk, status="published").exists()
        )
        self.proposal = publishing.revision_open(self.instance) if self.published else None
        if self.proposal is not None:
            self.fields["proposal_version"].initial = self.proposal.edit_version
            if self.show_proposal and not self.is_bound:  # the change view: the instance is the stored row
                for name, value in publishing.proposal_values(self.proposal, self.instance).items():
                    if name in self.fields:
                        self.initial[name] = value

    def clean(self):
        """Check the entry with the map-file schema, so both paths accept exactly the same data."""
        cleaned = super().clean()
        self._keep_stored_order(cleaned)
        if self.published and not self.edit_conflict:
            self._refuse_if_proposal_moved(cleaned.get("proposal_version"))
        names = proposals.organisation_names()
        data = {
            name: cleaned[name]
            for name in schema.ResourceEntry.model_fields
            if name in cleaned and name != "organisations"
        }
        data["organisations"] = [names[s] for s in cleaned.get("organisations", []) if s in names]
        for name in ("url", "reviewed_at"):
            if name in data:
                data[name] = data[name] or None
        for name in ("summary", "title", "slug"):
            data.setdefault(name, "x")  # already reported by the form field itself
        try:
            entry = schema.ResourceEntry.model_validate(data, strict=False)
        except SchemaError as error:
            for item in error.errors(include_url=False):
                field = str(item["loc"][0]) if item["loc"] else None
                if field in self.errors:
                    continue
                self.add_error(field if field in self.fields else None, schema_message_nl(item))
            return cleaned
        # store the free-form JSON as the map file would: every recognition with all its keys
        cleaned["recognition"] = [item.model_dump(mode="json") for item in entry.recognition]
        return cleaned

    def save(self, commit: bool = True) -> Resource:
        """The lists of organisations and sections go onto the instance too; its save writes their rows.

        (A model form fills in model fields only, and these lists are rows, not fields.)
        """
        for link_list in link_lists(Resource):
            if link_list.name in self.cleaned_data:
                setattr(self.instance, link_list.name, self.cleaned_data[link_list.name])
        return cast(Resource, super().save(commit=commit))

    def _keep_stored_order(self, cleaned: dict) -> None:
        """Checkboxes return their values in the order of the choices: the same set keeps its order."""
        for name, value in cleaned.items():
            before = self.initial.get(name)
            if isinstance(value, list) and isinstance(before, list) and publishing.same_value(value, before):
                cleaned[name] = list(before)

    def _refuse_if_proposal_moved(self, loaded: int | None) -> None:
        """Another editor saved a proposal for this entry after this form was loaded: refuse, and show it."""
        current = publishing.revision_open(self.instance)
        if (current.edit_version if current else None) == loaded:
            return
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict (request.POST): immutable
        data[self.add_prefix("proposal_version")] = "" if current is None else str(current.edit_version)
        self.data = data
        if current is None:
            self.add_error(
                None,
                _(
                    "Het voorstel waarop je verder schreef, is intussen gepubliceerd of afgewezen. Jouw "
                    "wijzigingen zijn niet opgeslagen; kijk ze na tegen de gepubliceerde versie "
                    "en sla opnieuw op."
                ),
            )
            return
        change = publishing.pending_change(Resource.objects.get(pk=self.instance.pk))
        shown = admin_changes.change_shown(change, self)
        author = current.author.get_username() if current.author else _("Iemand anders")
        items = format_html_join(
            "",
            "<li><strong>{}</strong>: {}</li>",
            (
                (
                    d.label,
                    _("gepubliceerd “%(was)s”, voorgesteld “%(now)s”")
                    % {"was": d.published, "now": d.proposed},
                )
                for d in shown.diffs
            ),
        )
        lead = _(
            "%(who)s heeft een voorstel voor deze bron opgeslagen (%(when)s) terwijl jij hem bewerkte. "
            "Jouw wijzigingen zijn niet opgeslagen. Het voorstel verandert nu:"
        ) % {"who": author, "when": timezone.localtime(current.updated_at).strftime("%d-%m-%Y %H:%M")}
        end = _(
            "Het formulier hieronder bevat jouw versie; sla opnieuw op om het voorstel daarmee te vervangen."
        )
        self.add_error(None, format_html("<p>{}</p><ul>{}</ul><p>{}</p>", lead, items, end))
