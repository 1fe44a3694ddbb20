"""The incident route "Er is iets gebeurd": questions, answers and the steps that fit.

A professional answers four questions (what happened, the young person's age,
whether a faith community or association is involved, whether honour-based
violence could follow if the parents are told). The answers live only in the
query string of a plain GET form; nothing is stored. From them :func:`decide`
picks calm, numbered steps, each pointing to help lines and resources of the
current map by slug.

The questions, answers and steps are in ``route.yaml``, in Dutch and English side by side
(content, like the map's ``_en`` fields); the page's own words (headings, buttons, messages)
are interface text in :mod:`bronwijzer.incident.texts`, through gettext (docs/localisation.md).
Each step names the map slugs its statements rest on in
``sources``. A help line or resource that the current map does not have is
left out by the view, never an error.

A question may replace an older one (``replaces``: its old name and how its old
values map to the new ones), so that links made before the change keep working:
``?kerk=ja`` reads as ``?gemeenschap=kerk``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language, override

from bronwijzer.incident.texts import PAGE
from bronwijzer.lib.i18n import SITE_LANGUAGES

ROUTE_FILE = Path(__file__).with_name("route.yaml")
LANGUAGES = SITE_LANGUAGES  # the route file has a text in each
MAX_VALUE_LENGTH = 40

#: What an unanswered question counts as. No answer to "could honour-based violence
#: follow?" is treated as "don't know": consult Veilig Thuis before the parents.
DEFAULTS = {"leeftijd": "onbekend", "gemeenschap": "nee", "eer": "weet-niet"}
#: Keys derived from the answers that ``when`` may use besides the questions.
DERIVED = {"beeld": ("onder-18", "18-plus", "onbekend"), "minderjarig": ("ja", "nee", "onbekend")}


def language() -> str:
    """``en`` when the active language is English, else ``nl``."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def __str__(self) -> str:
        return getattr(self, language())

    def get(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    short: Text | None = None  # the answer in the summary above the steps (else ``label``)


@dataclass(frozen=True)
class Replaced:
    """An older question this one replaces: its name and old value -> new value."""

    name: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class Question:
    name: str
    legend: Text
    options: tuple[Option, ...]
    hint: Text | None = None
    short: Text | None = None  # the question in the summary above the steps (else ``legend``)
    replaces: Replaced | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)

    def label_for(self, value: str) -> Text | None:
        option = self.option(value)
        return option.label if option else None


Condition = Mapping[str, tuple[str, ...]]


def matches(when: Condition, context: Mapping[str, str]) -> bool:
    return all(context.get(key) in values for key, values in when.items())


@dataclass(frozen=True)
class Link:
    slug: str
    when: Condition = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    text: Text
    when: Condition = field(default_factory=dict)


@dataclass(frozen=True)
class StepSpec:
    id: str
    title: Text
    paragraphs: tuple[Paragraph, ...]
    helplines: tuple[Link, ...] = ()
    resources: tuple[Link, ...] = ()
    sources: tuple[str, ...] = ()
    when: Condition = field(default_factory=dict)
    refer: Text | None = None  # how the step refers to help lines shown earlier (else page.see_also)


@dataclass(frozen=True)
class Route:
    page: dict[str, Text]
    questions: tuple[Question, ...]
    steps: tuple[StepSpec, ...]

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    def texts(self, lang: str | None = None) -> dict[str, str]:
        """The page's own texts (headings, labels, messages) in one language."""
        lang = lang or language()
        return {key: text.get(lang) for key, text in self.page.items()}

    def all_texts(self) -> list[Text]:
        """Every text of the route (for checks)."""
        texts = list(self.page.values())
        for question in self.questions:
            texts += [question.legend, *(o.label for o in question.options)]
            texts += [text for text in (question.hint, question.short) if text]
            texts += [o.short for o in question.options if o.short]
        for step in self.steps:
            texts += [step.title, *(p.text for p in step.paragraphs)]
            texts += [step.refer] if step.refer else []
        return texts


class RouteFileError(ValueError):
    """``route.yaml`` is malformed."""


def _text(raw, where: str) -> Text:
    if not isinstance(raw, dict) or any(
        not isinstance(raw.get(lang), str) or not raw[lang].strip() for lang in LANGUAGES
    ):
        raise RouteFileError(f"{where}: needs a non-empty text in each of {LANGUAGES}")
    return Text(raw["nl"].strip(), raw["en"].strip())


def _page_text(text) -> Text:
    """A page text (gettext, :mod:`bronwijzer.incident.texts`) in both languages, for the same
    ``texts(lang)`` and checks as the route's own texts."""
    with override("nl"):
        nl = str(text)
    with override("en"):
        en = str(text)
    return Text(nl, en)


def _optional_text(raw, where: str) -> Text | None:
    return _text(raw, where) if raw else None


def _question(q: dict) -> Question:
    name = q["name"]
    options = tuple(
        Option(
            str(o["value"]),
            _text(o["label"], f"{name}.{o['value']}"),
            _optional_text(o.get("short"), f"{name}.{o['value']}.short"),
        )
        for o in q["options"]
    )
    replaces = None
    if q.get("replaces"):
        old = q["replaces"]
        values = {str(k): str(v) for k, v in old["values"].items()}
        if not set(values.values()) <= {o.value for o in options}:
            raise RouteFileError(f"{name}.replaces: maps to values the question does not have")
        replaces = Replaced(old["name"], values)
    return Question(
        name=name,
        legend=_text(q["legend"], f"{name}.legend"),
        hint=_optional_text(q.get("hint"), f"{name}.hint"),
        short=_optional_text(q.get("short"), f"{name}.short"),
        options=options,
        replaces=replaces,
    )


def _parse(raw: dict) -> Route:
    page = {key: _page_text(text) for key, text in PAGE.items()}
    questions = tuple(_question(q) for q in raw["questions"])
    names = [q.name for q in questions] + [q.replaces.name for q in questions if q.replaces]
    if len(set(names)) != len(names):
        raise RouteFileError("question names (and the names they replace) must be unique")
    known = {q.name: set(q.values) for q in questions} | {k: set(v) for k, v in DERIVED.items()}

    def when(value, where: str) -> Condition:
        condition = {key: tuple(str(v) for v in values) for key, values in (value or {}).items()}
        for key, values in condition.items():
            if key not in known or not set(values) <= known[key]:
                raise RouteFileError(f"{where}: unknown condition {key}: {list(values)}")
        return condition

    steps = []
    for s in raw["steps"]:
        where = f"step {s['id']}"
        steps.append(
            StepSpec(
                id=s["id"],
                title=_text(s["title"], f"{where}.title"),
                paragraphs=tuple(Paragraph(_text(p, where), when(p.get("when"), where)) for p in s["text"]),
                helplines=tuple(Link(h["slug"], when(h.get("when"), where)) for h in s.get("helplines", [])),
                resources=tuple(Link(r["slug"], when(r.get("when"), where)) for r in s.get("resources", [])),
                sources=tuple(s.get("sources", [])),
                when=when(s.get("when"), where),
                refer=_optional_text(s.get("refer"), f"{where}.refer"),
            )
        )
    if len({s.id for s in steps}) != len(steps):
        raise RouteFileError("step ids must be unique")
    missing = {key for key in DEFAULTS if key not in known}
    if missing or "wat" not in known:
        raise RouteFileError(f"questions missing: {missing or {'wat'}}")
    return Route(page=page, questions=questions, steps=tuple(steps))


@cache
def route() -> Route:
    return _parse(yaml.safe_load(ROUTE_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Answers:
    """What the form sent: question name -> chosen value ("" when not answered)."""

    values: Mapping[str, str]

    @property
    def given(self) -> bool:
        return any(self.values.values())

    @property
    def complete(self) -> bool:
        """Enough to choose steps: what happened is known (the rest has safe defaults)."""
        return bool(self.values.get("wat"))

    def context(self) -> dict[str, str]:
        """The answers with defaults filled in, plus the derived keys ``beeld`` and ``minderjarig``."""
        context = {name: value or DEFAULTS.get(name, "") for name, value in self.values.items()}
        age = context["leeftijd"]
        context["minderjarig"] = {"onder-12": "ja", "12-17": "ja", "18-plus": "nee"}.get(age, "onbekend")
        if context["wat"] == "doorgestuurd":  # the image is of someone else, whose age we were not told
            context["beeld"] = "onbekend"
        else:
            context["beeld"] = {"ja": "onder-18", "nee": "18-plus"}.get(context["minderjarig"], "onbekend")
        return context


@dataclass(frozen=True)
class Problem:
    question: str  # the question's name (the form field)
    message: str


def _sent(query: Mapping, name: str) -> list[str]:
    values = query.getlist(name) if hasattr(query, "getlist") else list(query.get(name, []))
    return [value for value in values if value != ""]


def parse(query: Mapping, lang: str | None = None) -> tuple[Answers, list[Problem]]:
    """The answers in a query (a QueryDict or a plain dict of lists); other parameters are ignored.

    A value that is not one of the question's options, or more than one value for
    one question, is a problem; the message names the question, never the value sent.
    An answer to a replaced question counts as the answer it maps to (an old value
    it does not know is a problem of the new question).
    """
    lang = lang or language()
    texts = route().texts(lang)
    values: dict[str, str] = {}
    problems = []
    for question in route().questions:
        sent = _sent(query, question.name)
        unknown = False
        if question.replaces:
            old = _sent(query, question.replaces.name)
            unknown = any(value not in question.replaces.values for value in old)
            sent += [question.replaces.values[value] for value in old if value in question.replaces.values]
            sent = list(dict.fromkeys(sent))  # ?kerk=ja&gemeenschap=kerk is one answer
        legend = question.legend.get(lang)
        if len(sent) > 1:
            problems.append(Problem(question.name, texts["error_many"].format(question=legend)))
        elif unknown or (sent and (len(sent[0]) > MAX_VALUE_LENGTH or sent[0] not in question.values)):
            problems.append(Problem(question.name, texts["error_value"].format(question=legend)))
        else:
            values[question.name] = sent[0] if sent else ""
            continue
        values[question.name] = ""
    return Answers(values), problems


@dataclass(frozen=True)
class Step:
    """One step of a decided route, in one language."""

    number: int
    id: str
    title: str
    paragraphs: tuple[str, ...]
    helplines: tuple[str, ...]
    resources: tuple[str, ...]
    sources: tuple[str, ...]
    refer: str = ""


def decide(answers: Answers, lang: str | None = None) -> list[Step]:
    """The steps that fit the answers, numbered, in route order (empty until ``wat`` is answered)."""
    if not answers.complete:
        return []
    lang = lang or language()
    context = answers.context()
    steps: list[Step] = []
    for spec in route().steps:
        if not matches(spec.when, context):
            continue
        steps.append(
            Step(
                number=len(steps) + 1,
                id=spec.id,
                title=spec.title.get(lang),
                paragraphs=tuple(p.text.get(lang) for p in spec.paragraphs if matches(p.when, context)),
                helplines=tuple(link.slug for link in spec.helplines if matches(link.when, context)),
                resources=tuple(link.slug for link in spec.resources if matches(link.when, context)),
                sources=spec.sources,
                refer=spec.refer.get(lang) if spec.refer else "",
            )
        )
    return steps
