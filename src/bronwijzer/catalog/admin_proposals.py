"""Proposed organisations in the back office: editors propose, publishers approve or decline.

See :mod:`bronwijzer.catalog.proposals` for the rules. A proposal can be changed while it
waits; once decided it is kept, read-only, as a record of who proposed and who decided.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from bronwijzer.catalog import proposals, publishing
from bronwijzer.catalog.admin_changes import proposal_problem_message, proposal_refusal_message
from bronwijzer.catalog.admin_input import PlainTextAdmin
from bronwijzer.catalog.models import OrganisationProposal

ADDED = (
    "Je voorstel is opgeslagen. Een eindredacteur keurt het goed; tot dan staat de organisatie "
    "nergens op de site. Je kunt haar al kiezen bij een bron die nog een concept is."
)


class OrganisationProposalForm(forms.ModelForm):
    url = forms.URLField(label="Webadres", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = OrganisationProposal
        fields = ("name", "slug", "url", "note")

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns cleaned_data
        slug, name = cleaned.get("slug"), cleaned.get("name")
        if slug and name:
            for problem in proposals.organisation_proposal_check(slug, name, exclude_pk=self.instance.pk):
                self.add_error(None, proposal_problem_message(problem))
        return cleaned


@admin.register(OrganisationProposal)
class OrganisationProposalAdmin(PlainTextAdmin, SimpleHistoryAdmin):
    form = OrganisationProposalForm
    list_display = ("name", "url", "state", "author", "updated_at")
    list_filter = ("state",)
    search_fields = ("name", "slug", "url", "note")
    actions = ("approve", "decline")

    @staticmethod
    def has_add(request) -> bool:
        return bool(request.user.has_perm("catalog.add_organisationproposal"))

    def has_publish_permission(self, request) -> bool:
        return publishing.user_may_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_open:
            return False  # a decided proposal is a record
        return super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "slug", "url", "note")
        return ("name", "slug", "url", "note", "state", "author", "decided_by", "decided_at", "decision_note")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("slug", "state", "author", "decided_by", "decided_at", "decision_note")

    def get_prepopulated_fields(self, request, obj=None):
        # not a class attribute: simple-history's revert page uses that one with a read-only slug
        return {} if obj is not None else {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, ADDED, messages.SUCCESS)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Goedkeuren (de organisatie komt op de kaart)", permissions=["publish"])
    def approve(self, request, queryset):
        done = 0
        for proposal in queryset:
            try:
                proposals.organisation_proposal_approve(proposal, by=request.user, may_publish=True)
                done += 1
            except proposals.ProposalRefused as refusal:
                self.message_user(request, proposal_refusal_message(refusal), messages.ERROR)
        if done:
            self.message_user(request, f"{done} organisatie(s) goedgekeurd.", messages.SUCCESS)

    @admin.action(description="Afwijzen", permissions=["publish"])
    def decline(self, request, queryset):
        done = 0
        for proposal in queryset:
            try:
                proposals.organisation_proposal_decline(proposal, by=request.user, may_publish=True)
                done += 1
            except proposals.ProposalRefused as refusal:
                self.message_user(request, proposal_refusal_message(refusal), messages.ERROR)
        if done:
            self.message_user(request, f"{done} voorstel(len) afgewezen.", messages.SUCCESS)


def open_proposals_notice() -> str | None:
    """For the queue of proposals: the proposed organisations waiting too, with a link (or None)."""
    count = OrganisationProposal.objects.filter(state=OrganisationProposal.State.OPEN).count()
    if not count:
        return None
    url = reverse("admin:catalog_organisationproposal_changelist") + "?state__exact=open"
    return format_html(
        "Er {} {} voorgestelde organisatie{} op goedkeuring. "
        '<a href="{}">Bekijk de voorgestelde organisaties</a>.',
        "wacht" if count == 1 else "wachten",
        count,
        "" if count == 1 else "s",
        url,
    )
