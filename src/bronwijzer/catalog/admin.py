"""The editorial back office: search and filters on every model, history with revert, no lost updates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from bronwijzer.catalog import admin_changes, publishing, services, versioning, vocab
from bronwijzer.catalog.admin_input import PlainTextAdmin
from bronwijzer.catalog.admin_proposals import OrganisationProposalAdmin
from bronwijzer.catalog.admin_review import ReviewMixin
from bronwijzer.catalog.forms import RESOURCE_FIELDSETS, MapForm, ResourceForm, VersionCheckedForm
from bronwijzer.catalog.linklists import link_lists
from bronwijzer.catalog.models import (
    GlossaryTerm,
    HelpLine,
    Map,
    Organisation,
    OrganisationProposal,
    Resource,
    Revision,
    Section,
)


class BaseAdmin(PlainTextAdmin, SimpleHistoryAdmin):
    """History with revert on every model; typed links default to https; a stale form is refused.

    The change form and the revert form carry the version they were loaded with and only
    save over exactly that version (compare-and-set); see :mod:`bronwijzer.catalog.admin_changes`.
    """

    form = VersionCheckedForm
    formfield_overrides: ClassVar[Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]] = {
        models.URLField: {"assume_scheme": "https"}
    }

    def get_fieldsets(self, request, obj=None):
        return admin_changes.with_loaded_version(super().get_fieldsets(request, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return admin_changes.run_refusing_lost_races(
            super().changeform_view, request, object_id, form_url, extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting saves an old version: it is an edit like any other, checked the same way."""
        return admin_changes.run_refusing_lost_races(
            super().history_form_view, request, object_id, version_id, extra_context
        )

    # Saves and deletes move the content version themselves (catalog.versioning, same transaction).
    def save_model(self, request, obj, form, change):
        if change and getattr(form, "stored_version", None) is not None:
            versioning.expect_version(obj, form.cleaned_data[admin_changes.LOADED_VERSION])
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(), versioning.content_changes_batched():  # one bump for the whole selection
            super().delete_queryset(request, queryset)


class ReferencedBySlugAdmin(BaseAdmin):
    """Organisations and sections are referenced by slug from resources: keep those references whole.

    The slug cannot change once saved, and deleting is refused while a resource still refers to it.
    """

    #: The field a new entry's slug is filled from. Not ``prepopulated_fields``: simple-history's
    #: revert page reads that attribute directly, and the slug is read-only there (it crashed).
    slug_from: str = ""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "slug") if obj is not None else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": (self.slug_from,)}

    def get_deleted_objects(self, objs, request):
        # the database protects the links (ResourceOrganisation, ResourceSection): each is listed as
        # "Bron: <titel>"; a resource named by two of the entries is listed once
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, list(dict.fromkeys(protected))


def vocabulary_filter(vocabulary: vocab.Vocabulary) -> type[admin.SimpleListFilter]:
    """A list filter over a JSON list of vocabulary slugs (portable across SQLite and PostgreSQL)."""

    class VocabularyFilter(admin.SimpleListFilter):
        title = str(vocabulary.label).lower()
        parameter_name = vocabulary.name

        def lookups(self, request, model_admin):
            return vocabulary.choices()

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            ids = [pk for pk, held in queryset.values_list("pk", vocabulary.field) if self.value() in held]
            return queryset.filter(pk__in=ids)

    VocabularyFilter.__name__ = f"{vocabulary.name.title()}Filter"
    return VocabularyFilter


class SectionFilter(admin.SimpleListFilter):
    title = "sectie"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(s.slug, str(s)) for s in Section.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(linked_sections__slug=self.value())


class UnverifiedUrlFilter(admin.SimpleListFilter):
    title = "webadres"
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [("unverified", "nog niet bevestigd"), ("missing", "geen webadres"), ("verified", "bevestigd")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unverified":
            return queryset.filter(url_verified=False).exclude(url__isnull=True)
        if value == "missing":
            return queryset.filter(url__isnull=True)
        if value == "verified":
            return queryset.filter(url_verified=True)
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    """Entries an editor has not confirmed for BRONWIJZER_REVIEW_AFTER_MONTHS (or never), oldest first."""

    title = "nakijken"
    parameter_name = "nakijken"

    def lookups(self, request, model_admin):
        return (("nodig", f"Niet nagekeken in {settings.REVIEW_AFTER_MONTHS} maanden"),)

    def queryset(self, request, queryset):
        if self.value() == "nodig":
            return queryset.stale(services.review_due_before())
        return queryset


def _link_names() -> dict[str, dict[str, str]]:
    """By link list: the name of every organisation (approved or proposed) and section, by slug."""
    organisations = dict(OrganisationProposal.objects.values_list("slug", "name"))
    organisations.update(Organisation.objects.values_list("slug", "name"))
    return {"organisations": organisations, "sections": dict(Section.objects.values_list("slug", "title"))}


@admin.register(Resource)
class ResourceAdmin(ReviewMixin, BaseAdmin):
    """Drafts are edited directly; a change to a published resource becomes a proposal.

    Only a publisher makes anything live (``catalog.publishing``), after the review page
    has shown what changes. The status is never a form field: it changes by publishing
    or by taking the resource offline.
    """

    form = ResourceForm
    change_form_template = "admin/catalog/resource/change_form.html"
    # Few, short columns: the list and its filter panel fit side by side at 1280 px (tests/browser).
    list_display = ("title", "status", "pending", "url_verified", "reviewed_at")
    list_filter = (
        "status",
        SectionFilter,
        vocabulary_filter(vocab.THEMES),
        vocabulary_filter(vocab.PROFESSIONS),
        vocabulary_filter(vocab.AUDIENCES),
        vocabulary_filter(vocab.FORMATS),
        vocabulary_filter(vocab.CONTEXTS),
        "cost",
        "explicitness",
        UnverifiedUrlFilter,
        ReviewDueFilter,
    )
    search_fields = ("title", "slug", "summary", "summary_en", "url")
    prepopulated_fields = {"slug": ("title",)}
    actions = ("publish", "unpublish", "mark_reviewed")
    history_list_display = ("status",)
    fieldsets = RESOURCE_FIELDSETS

    def set_history_delta_changes(
        self, request: Any, historical_records: Any, foreign_keys_are_objs: bool = True
    ) -> None:
        """What changed per version; the organisations and sections by name, from the rows each version keeps.

        simple-history would show the link rows (``m2m_fields``) as lists of row values under
        English field names; the page names them once, as "Organisaties" and "Secties".
        """
        names = _link_names()
        historical_records = list(historical_records)
        recorded = {
            link_list.name: link_list.recorded_slugs_of(historical_records)
            for link_list in link_lists(Resource)
        }
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=["linked_organisations", "linked_sections"],
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                changes = helper.context_for_delta_changes(delta)
                for link_list in link_lists(Resource):
                    slugs = recorded[link_list.name]
                    was, now = slugs[current.history_id], slugs[previous.history_id]
                    if was != now:
                        named = names.get(link_list.name, {})
                        changes.append(
                            {
                                "field": capfirst(link_list.verbose_name),
                                "old": ", ".join(named.get(slug, slug) for slug in was),
                                "new": ", ".join(named.get(slug, slug) for slug in now),
                            }
                        )
                previous.history_delta_changes = changes
            previous = current

    def get_queryset(self, request):
        open_revisions = Revision.objects.filter(state=Revision.State.OPEN)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("revisions", queryset=open_revisions, to_attr="open_revisions"))
        )

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "status")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        title, options = fieldsets[0]
        return [(title, {**options, "fields": (*options["fields"], "proposal_version")}), *fieldsets[1:]]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        url_name = getattr(request.resolver_match, "url_name", "")
        return type(form.__name__, (form,), {"show_proposal": url_name == "catalog_resource_change"})

    def save_model(self, request, obj, form, change):
        stored = (
            Resource.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
        )
        if stored is not None:
            obj.status = stored  # also on a revert: an old version's status does not come back with it
        if stored != "published":
            super().save_model(request, obj, form, change)
            return
        obj._proposal = publishing.revision_propose(
            obj,
            publishing.resource_values(obj),
            author=request.user,
            expected_version=form.cleaned_data.get("proposal_version"),
        )

    @admin.action(description="Markeer als nagekeken (vandaag)", permissions=["publish"])
    def mark_reviewed(self, request, queryset):
        for resource in queryset:
            services.resource_mark_reviewed(resource)
        self.message_user(
            request, f"{queryset.count()} bron(nen) als nagekeken gemarkeerd.", messages.SUCCESS
        )

    @admin.action(description="Offline halen (terug naar concept)", permissions=["publish"])
    def unpublish(self, request, queryset):
        for resource in queryset:
            services.resource_unpublish(resource)
        self.message_user(request, f"{queryset.count()} bron(nen) offline gehaald.", messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(ReferencedBySlugAdmin):
    slug_from = "title"
    list_display = ("title", "question", "parent", "position")
    list_filter = ("parent",)
    search_fields = ("title", "title_en", "question", "slug")


@admin.register(Organisation)
class OrganisationAdmin(ReferencedBySlugAdmin):
    slug_from = "name"
    list_display = ("name", "url", "url_verified")
    list_filter = ("url_verified",)
    search_fields = ("name", "slug", "url")

    def changelist_view(self, request, extra_context=None):
        """Editors cannot add an organisation here: they propose one (``catalog.proposals``)."""
        if (
            request.method == "GET"
            and not self.has_add_permission(request)
            and OrganisationProposalAdmin.has_add(request)
        ):
            self.message_user(
                request,
                format_html(
                    'Mist er een organisatie? <a href="{}">Stel een nieuwe organisatie voor</a>; '
                    "een eindredacteur keurt haar goed.",
                    reverse("admin:catalog_organisationproposal_add"),
                ),
                messages.INFO,
            )
        return super().changelist_view(request, extra_context)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(BaseAdmin):
    list_display = ("term", "term_en", "position")
    search_fields = ("term", "term_en", "definition", "definition_en")
    prepopulated_fields = {"slug": ("term",)}


@admin.register(HelpLine)
class HelpLineAdmin(BaseAdmin):
    list_display = ("name", "kind", "phone", "url", "free", "anonymous")
    list_filter = ("kind", "free", "anonymous", "chat")
    search_fields = ("name", "phone", "url", "helps_with")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Map)
class MapAdmin(BaseAdmin):
    form = MapForm
    list_display = ("title", "edition_year")
    search_fields = ("title", "intro", "credits")
