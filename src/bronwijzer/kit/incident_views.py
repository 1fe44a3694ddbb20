"""The incident route "Er is iets gebeurd": a plain GET form and the steps that fit.

Nothing is stored: the answers are read from the query string and shown back,
no session, no cookie, no database write. Invalid answers get a message on the
page with status 400.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bronwijzer.catalog.models import HelpLine, Resource
from bronwijzer.kit import incident


def _questions(route: incident.Route, answers: incident.Answers, problems, lang: str) -> list[dict]:
    errors = {p.question: p.message for p in problems}
    return [
        {
            "name": q.name,
            "legend": q.legend.get(lang),
            "hint": q.hint.get(lang) if q.hint else "",
            "error": errors.get(q.name, ""),
            "options": [
                {
                    "value": o.value,
                    "label": o.label.get(lang),
                    "checked": answers.values.get(q.name) == o.value,
                }
                for o in q.options
            ],
        }
        for q in route.questions
    ]


def _summary(
    route: incident.Route, answers: incident.Answers, lang: str, texts: dict
) -> list[tuple[str, str]]:
    rows = []
    for q in route.questions:
        label = q.label_for(answers.values.get(q.name, ""))
        rows.append((q.legend.get(lang), label.get(lang) if label else texts["not_answered"]))
    return rows


def _steps(steps: list[incident.Step]) -> list[dict]:
    """Each step with its help lines and published resources that exist in the current map."""
    lines = {
        line.slug: line
        for line in HelpLine.objects.filter(slug__in={s for st in steps for s in st.helplines})
    }
    resources = {
        r.slug: r
        for r in Resource.objects.published().filter(slug__in={s for st in steps for s in st.resources})
    }
    first_seen: dict[str, int] = {}
    shown = []
    for step in steps:
        helplines = []
        for slug in step.helplines:
            if slug in lines:
                helplines.append({"line": lines[slug], "seen_at": first_seen.get(slug)})
                first_seen.setdefault(slug, step.number)
        shown.append(
            {
                "step": step,
                "helplines": helplines,
                "resources": [resources[slug] for slug in step.resources if slug in resources],
            }
        )
    return shown


def incident_route(request: HttpRequest) -> HttpResponse:
    route = incident.route()
    lang = incident.language()
    texts = route.texts(lang)
    answers, problems = incident.parse(request.GET, lang)
    steps = [] if problems else incident.decide(answers, lang)
    context = {
        "texts": texts,
        "questions": _questions(route, answers, problems, lang),
        "problems": problems,
        "missing": answers.given and not answers.complete and not problems,
        "steps": _steps(steps),
        "summary": _summary(route, answers, lang, texts) if steps else [],
    }
    return render(request, "kit/incident.html", context, status=400 if problems else 200)
