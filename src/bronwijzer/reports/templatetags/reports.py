"""{% report_form resource %}: the "Meld een fout" block on a resource page."""

from __future__ import annotations

from django import template

from bronwijzer.reports.forms import ProblemReportForm

register = template.Library()


@register.inclusion_tag("reports/_section.html", takes_context=True)
def report_form(context, resource) -> dict:
    request = context.get("request")
    return {
        "resource": resource,
        "form": ProblemReportForm(),
        "reported": request is not None and request.GET.get("gemeld") == "1",
    }
