"""The incident route "Er is iets gebeurd": a plain GET form and the steps that fit.

Nothing is stored: the answers are read from the query string and shown back,
no session, no cookie, no database write. Invalid answers get a message on the
page with status 400.

Once there are steps, the answers are folded into a short summary with the form
inside a ``<details>`` ("Wijzig je antwoorden"), so the page is the steps, not the
form again. The form's action ends in ``#stappen``: after "Toon de stappen" the
browser lands on the steps' heading.

A help line is shown in full once, at the first step that names it; later steps
refer to it ("Zie ook: Helpwanted (stap 3)", or the step's own ``refer`` words such as
"Ga naar"), which keeps the route short on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bronwijzer.catalog.models import HelpLine, Resource
from bronwijzer.incident import route as incident
from bronwijzer.lib.httpcache import private_page
from bronwijzer.lib.webaddress import web_address

#: The id of the steps' heading: the form's action and the summary link to it.
STEPS_ANCHOR = "stappen"


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
    """(question, answer) in their short forms, for the summary above the steps."""
    rows = []
    for q in route.questions:
        option = q.option(answers.values.get(q.name, ""))
        answer = (option.short or option.label).get(lang) if option else texts["not_answered"]
        rows.append(((q.short or q.legend).get(lang), answer))
    return rows


@dataclass(frozen=True)
class Reference:
    """A help line that an earlier step shows in full."""

    line: HelpLine
    step: int


def _facts(line: HelpLine, texts: dict) -> str:
    """What is known to help: "gratis, anoniem mogelijk, chat, 8–18 jaar".

    "gratis" only when the call is free as well (``free_to_call``); beside a 0900 number
    the facts say that calling may cost money instead, even when the help itself is free.
    """
    known = [
        (line.free_to_call, texts["free"]),
        (line.service_rate, texts["service_rate"]),
        (line.anonymous, texts["anonymous"]),
        (line.chat, texts["chat"]),
    ]
    facts = [text for value, text in known if value]
    if line.age_min is not None and line.age_max is not None:
        facts.append(texts["ages"].format(low=line.age_min, high=line.age_max))
    elif line.age_min is not None:
        facts.append(texts["ages_from"].format(low=line.age_min))
    elif line.age_max is not None:
        facts.append(texts["ages_to"].format(high=line.age_max))
    return ", ".join(facts)


def _steps(steps: list[incident.Step], texts: dict) -> list[dict]:
    """Each step with its help lines (new ones in full, seen ones as references) and resources.

    Help lines and published resources that the current map does not have are left out.
    """
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
        new, references = [], []
        for slug in step.helplines:
            if slug not in lines:
                continue
            if slug in first_seen:
                references.append(Reference(lines[slug], first_seen[slug]))
            else:
                first_seen[slug] = step.number
                line = lines[slug]
                new.append({"line": line, "address": web_address(line.url), "facts": _facts(line, texts)})
        shown.append(
            {
                "step": step,
                "helplines": new,
                "references": references,
                "resources": [resources[slug] for slug in step.resources if slug in resources],
            }
        )
    return shown


@private_page
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
        "steps": _steps(steps, texts),
        "summary": _summary(route, answers, lang, texts) if steps else [],
        "steps_anchor": STEPS_ANCHOR,
    }
    return render(request, "incident/route.html", context, status=400 if problems else 200)
