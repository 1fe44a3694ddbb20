"""Link health in the back office (*Linkcontrole*), in Dutch.

- *Links*: every checked address with its latest outcome and what to do about it, oldest
  check first, the entries that use it (linked), and one action to take over a permanent
  redirect (publishers).
- *Controlerondes*: every run. A publisher (or administrator) starts one with the button
  above both lists (a POST with CSRF; ``runs.run_claim`` + ``runs.run_launch``): the request
  only records the run and starts its process, and the run page shows its progress
  (a ``<progress>`` element, refreshed by the page itself, no JavaScript) and, once done,
  the results, broken and redirected links first with what to do for each.
- *Geschiedenis van de controles*: every single check.

Only the checking process writes results; everything here is read-only except the start
button and the redirect action.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

from bronwijzer.catalog.admin_reasons import change_reason_register
from bronwijzer.catalog.publishing import user_may_publish
from bronwijzer.linkcheck import advice
from bronwijzer.linkcheck.classify import FAILING, REDIRECT_PERMANENT
from bronwijzer.linkcheck.models import HEARTBEAT_SECONDS, LinkCheck, LinkCheckRun, LinkState, RunState
from bronwijzer.linkcheck.runs import RunBusy, run_claim, run_launch
from bronwijzer.linkcheck.services import REASON_REDIRECT_ACCEPTED, link_redirect_accept

_ADMIN_PAGES = {
    "resource": "admin:catalog_resource_changelist",
    "organisation": "admin:catalog_organisation_changelist",
    "helpline": "admin:catalog_helpline_changelist",
    "map": "admin:catalog_map_changelist",
}
#: The run page reloads itself this often while the run is running (unless asked not to).
REFRESH_SECONDS = HEARTBEAT_SECONDS


def _redirect_accepted(old_url: str, by: str) -> str:
    """The history of an entry whose link became its permanent redirect (``link_redirect_accept``)."""
    return _("Linkcontrole: permanente doorverwijzing overgenomen (%(url)s) door %(by)s") % {
        "url": old_url,
        "by": by,
    }


change_reason_register(REASON_REDIRECT_ACCEPTED, _redirect_accepted)


def may_start(request) -> bool:
    """Publishers and administrators start a link check (``staff.roles``); editors see the results."""
    return user_may_publish(request.user)


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i") if moment else ""


def starter(run: LinkCheckRun) -> str:
    user = run.started_by
    if user is None:
        return _("automatisch (de nachtelijke planning of de opdrachtregel)")
    return user.get_full_name() or user.get_username()


def start_panel(request) -> dict:
    """What the start panel above the lists shows: the latest run, and the button for publishers."""
    latest = LinkCheckRun.objects.select_related("started_by").first()
    return {
        "linkcheck_latest": latest,
        "linkcheck_latest_by": starter(latest) if latest else "",
        "linkcheck_may_start": may_start(request),
        "linkcheck_start_url": reverse("admin:linkcheck_linkcheckrun_start"),
    }


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttentionFilter(admin.SimpleListFilter):
    title = gettext_lazy("actie nodig")
    parameter_name = "actie"

    def lookups(self, request, model_admin):
        return (("kapot", _("Werkt niet")), ("doorverwezen", _("Verwijst blijvend door")))

    def queryset(self, request, queryset):
        if self.value() == "kapot":
            return queryset.filter(status__in=sorted(FAILING))
        if self.value() == "doorverwezen":
            return queryset.filter(status=REDIRECT_PERMANENT)
        return queryset


@admin.register(LinkState)
class LinkStateAdmin(ReadOnlyAdmin):
    list_display = ["url", "status_label", "advice", "checked_at", "since", "used_in"]
    list_filter = [AttentionFilter, "status"]
    search_fields = ["url", "final_url", "error"]
    ordering = ["checked_at", "url"]  # oldest check first
    actions = ["accept_redirect"]
    fields = ["url", "status_label", "advice", "http_answer", "final_url", "checked_at", "since", "used_in"]
    fields += ["error"]
    readonly_fields = ["status_label", "advice", "http_answer", "used_in"]
    change_list_template = "admin/linkcheck/linkstate/change_list.html"

    @admin.display(description=gettext_lazy("uitkomst"), ordering="status")
    def status_label(self, state: LinkState) -> str:
        return state.label

    @admin.display(description=gettext_lazy("wat te doen"))
    def advice(self, state: LinkState) -> str:
        return advice.what_to_do(state.status, state.final_url)

    @admin.display(description=gettext_lazy("antwoord van de website"))
    def http_answer(self, state: LinkState) -> str:
        return advice.http_answer(state.http_status) or "-"

    @admin.display(description=gettext_lazy("gebruikt bij"))
    def used_in(self, state: LinkState):
        links = []
        for place in state.used_by:
            try:
                url = reverse(_ADMIN_PAGES[place["kind"]]) + f"?q={place['slug']}"
            except (KeyError, NoReverseMatch):
                continue
            links.append((url, place.get("name") or place["slug"]))
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "-"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**start_panel(request), **(extra_context or {})})

    def has_publish_permission(self, request) -> bool:
        """Taking over a link changes what is live: only a publisher may (``staff.roles``)."""
        return user_may_publish(request.user)

    @admin.action(
        description=gettext_lazy("Neem het nieuwe adres van een blijvende doorverwijzing over"),
        permissions=["publish"],
    )
    def accept_redirect(self, request, queryset):
        changed = skipped = 0
        for state in queryset:
            if state.status != REDIRECT_PERMANENT or not state.final_url:
                skipped += 1
                continue
            changed += link_redirect_accept(state)
        if changed:
            message = ngettext(
                "%(count)d vermelding kreeg het nieuwe adres.",
                "%(count)d vermeldingen kregen het nieuwe adres.",
                changed,
            )
            self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        if skipped:
            message = ngettext(
                "%(count)d link overgeslagen: die verwijst niet blijvend door.",
                "%(count)d links overgeslagen: die verwijzen niet blijvend door.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdmin):
    list_display = ["url", "status_label", "http_answer", "checked_at", "duration_ms", "attempts", "error"]
    list_filter = ["status"]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"
    list_select_related = ["run"]
    fields = ["url", "status_label", "http_answer", "final_url", "hops", "checked_at", "duration_ms"]
    fields += ["attempts", "error", "run"]
    readonly_fields = ["status_label", "http_answer", "hops"]

    @admin.display(description=gettext_lazy("uitkomst"), ordering="status")
    def status_label(self, check: LinkCheck) -> str:
        return check.label

    @admin.display(description=gettext_lazy("antwoord van de website"), ordering="http_status")
    def http_answer(self, check: LinkCheck) -> str:
        return advice.http_answer(check.http_status) or "-"

    @admin.display(description=gettext_lazy("doorverwijzingen"))
    def hops(self, check: LinkCheck):
        hops = [(advice.http_answer(hop.get("status")), hop.get("url", "")) for hop in check.redirects]
        return format_html_join(format_html("<br>"), "{} → {}", hops) or "-"


@admin.register(LinkCheckRun)
class LinkCheckRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "state_label", "started_by_name", "progress", "failing", "finished_at"]
    list_filter = ["state"]
    date_hierarchy = "started_at"
    list_select_related = ["started_by"]
    change_list_template = "admin/linkcheck/linkcheckrun/change_list.html"

    @admin.display(description=gettext_lazy("stand"), ordering="state")
    def state_label(self, run: LinkCheckRun) -> str | StrPromise:
        return RunState(run.shown_state).label

    @admin.display(description=gettext_lazy("gestart door"))
    def started_by_name(self, run: LinkCheckRun) -> str:
        return starter(run)

    @admin.display(description=gettext_lazy("gecontroleerde adressen"))
    def progress(self, run: LinkCheckRun) -> str:
        if run.is_running:
            return _("%(done)d van %(total)d") % {"done": run.done, "total": run.total}
        return str(run.checked if run.state == RunState.DONE else run.done)

    def get_urls(self):
        start = self.admin_site.admin_view(self.start_view)
        return [path("starten/", start, name="linkcheck_linkcheckrun_start"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**start_panel(request), **(extra_context or {})})

    def start_view(self, request):
        """Record a run and start its process; the answer is at once a redirect to the run page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not may_start(request):
            raise PermissionDenied
        try:
            run = run_claim(started_by=request.user)
        except RunBusy as busy:
            if busy.run is None:
                self.message_user(request, _("Er loopt al een linkcontrole. Probeer het zo nog eens."))
                return HttpResponseRedirect(reverse("admin:linkcheck_linkcheckrun_changelist"))
            message = _(
                "Er loopt al een linkcontrole, gestart op %(when)s door %(who)s. Hier zie je hoe ver die is."
            )
            message %= {"when": when(busy.run.started_at), "who": starter(busy.run)}
            self.message_user(request, message, messages.WARNING)
            return HttpResponseRedirect(self.run_url(busy.run))
        transaction.on_commit(partial(run_launch, run))  # the process must see the committed run
        self.message_user(
            request,
            _("De linkcontrole is gestart. Ze loopt op de achtergrond; je kunt deze pagina gerust verlaten."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.run_url(run))

    @staticmethod
    def run_url(run: LinkCheckRun) -> str:
        return reverse("admin:linkcheck_linkcheckrun_change", args=[run.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The run page: progress while it runs, the results once it is done."""
        run = self.get_object(request, unquote(object_id))
        if run is None:
            # ModelAdmin's own redirect for a missing object (not in Django's stubs)
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        state = run.shown_state
        running = state == RunState.RUNNING
        auto = running and request.GET.get("verversen") != "nee"
        groups = advice.run_results(run) if state == RunState.DONE else []
        context = {
            **self.admin_site.each_context(request),
            **start_panel(request),
            "opts": self.opts,
            "title": _("Linkcontrole van %(when)s") % {"when": when(run.started_at)},
            "run": run,
            "state": state,
            "state_label": RunState(state).label,
            "running": running,
            "refresh_seconds": REFRESH_SECONDS if auto else None,
            "started_by": starter(run),
            "started_at": when(run.started_at),
            "finished_at": when(run.finished_at),
            "heartbeat_at": when(run.heartbeat_at),
            "groups": groups,
            "needs_work": sum(len(g.results) for g in groups if g.slug != advice.FINE),
        }
        return TemplateResponse(request, "admin/linkcheck/linkcheckrun/run.html", context)
