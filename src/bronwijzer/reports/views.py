"""POST /bron/<slug>/meld-een-fout/: a visitor reports a problem with a resource.

No cookie is set or read, so there is no CSRF token: the post must come from this
site (Sec-Fetch-Site / Origin), a honeypot field must stay empty, and a rate limit
holds per visitor (a daily keyed hash of the client's address, kept in the shared cache for
the window only) and site-wide.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from bronwijzer.catalog.models import Resource
from bronwijzer.lib.httpcache import private_page
from bronwijzer.reports.forms import ProblemReportForm
from bronwijzer.reports.services import (
    MAX_BODY_BYTES,
    Refusal,
    problem_report_create,
    rate_limited,
    same_origin,
)


def _refused(request: HttpRequest, resource: Resource, refusal: Refusal, form=None) -> HttpResponse:
    context = {"resource": resource, "form": form or ProblemReportForm(), "refusal": refusal}
    response = render(request, "reports/report.html", context, status=refusal.status)
    response["X-Bronwijzer-Refused"] = refusal.reason
    return response


@private_page
@csrf_exempt  # no cookies for visitors, so no CSRF cookie: same_origin() guards the post instead
@require_http_methods(["GET", "POST"])
def report_problem(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.published(), slug=slug)
    if request.method == "GET":
        return render(request, "reports/report.html", {"resource": resource, "form": ProblemReportForm()})

    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        message = _("Deze melding is te groot. Houd de toelichting kort (hoogstens 1000 tekens).")
        return _refused(request, resource, Refusal(413, "too-large", message))
    if not same_origin(request):
        message = _("Deze melding kwam niet van deze website en is niet opgeslagen.")
        return _refused(request, resource, Refusal(403, "origin", message))
    form = ProblemReportForm(request.POST)
    if form.is_bot:
        return _refused(request, resource, Refusal(400, "honeypot", _("Deze melding is niet opgeslagen.")))
    if rate_limited(request):
        message = _("Er zijn net veel meldingen gedaan. Probeer het over een kwartier nog eens.")
        return _refused(request, resource, Refusal(429, "rate-limit", message), form)
    if not form.is_valid():
        message = _("Niet alles is goed ingevuld. Kijk bij de vragen hieronder.")
        return _refused(request, resource, Refusal(400, "invalid", message), form)
    problem_report_create(resource, form.cleaned_data["kinds"], form.cleaned_data["remark"])
    return HttpResponseRedirect(
        reverse("web:resource", args=[resource.slug]) + "?gemeld=1#meld-een-fout", status=303
    )
