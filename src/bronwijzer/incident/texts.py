"""The incident route page's own words: headings, buttons, messages, the facts beside a help line.

Interface text, so gettext (Dutch here, English in ``locale/en/LC_MESSAGES/django.po``; see
docs/localisation.md), in the context "incident route" so a short word ("stap", "Bel") gets the
English this page needs. The route's questions, answers and steps are content, in ``route.yaml``.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

#: Keys as the templates and the view use them (``texts.submit``, ``texts["free"]``).
PAGE = {
    "title": pgettext_lazy("incident route", "Er is iets gebeurd"),
    "intro": pgettext_lazy(
        "incident route",
        "Een korte route voor professionals. Beantwoord vier vragen. Dan zie je rustige "
        "stappen en de hulplijnen die passen. Je kunt de stappen printen.",
    ),
    "privacy": pgettext_lazy(
        "incident route",
        "Je antwoorden staan alleen in het adres van deze pagina. Bronwijzer bewaart ze "
        "niet en vraagt geen namen of beelden.",
    ),
    "danger": pgettext_lazy("incident route", "Is iemand nu in gevaar?"),
    "danger_call": pgettext_lazy("incident route", "Bel 112"),
    "questions_title": pgettext_lazy("incident route", "Vragen"),
    "submit": pgettext_lazy("incident route", "Toon de stappen"),
    "steps_title": pgettext_lazy("incident route", "Wat je nu kunt doen"),
    "answers_title": pgettext_lazy("incident route", "Je antwoorden"),
    "change": pgettext_lazy("incident route", "Wijzig je antwoorden"),
    "not_answered": pgettext_lazy("incident route", "niet ingevuld"),
    "call": pgettext_lazy("incident route", "Bel"),
    # Facts beside a help line (views._facts). "gratis" only when the call is free too
    # (HelpLine.free_to_call): never beside a 0900 number, which says what it may cost.
    "free": pgettext_lazy("incident route", "gratis"),
    "service_rate": pgettext_lazy("incident route", "bellen kan geld kosten (0900-nummer)"),
    "anonymous": pgettext_lazy("incident route", "anoniem mogelijk"),
    "ages": pgettext_lazy("incident route", "{low}–{high} jaar"),
    "ages_from": pgettext_lazy("incident route", "vanaf {low} jaar"),
    "ages_to": pgettext_lazy("incident route", "tot en met {high} jaar"),
    "chat": pgettext_lazy("incident route", "chat"),
    "see_also": pgettext_lazy("incident route", "Zie ook"),
    "step": pgettext_lazy("incident route", "stap"),
    "more": pgettext_lazy("incident route", "Meer lezen"),
    "unverified": pgettext_lazy("incident route", "link nog niet bevestigd"),
    "hours": pgettext_lazy(
        "incident route", "Openingstijden veranderen: kijk op de website van de hulplijn."
    ),
    "print_hint": pgettext_lazy(
        "incident route", "Printen kan via het menu van je browser. Dan komen alleen de stappen op papier."
    ),
    "errors_title": pgettext_lazy("incident route", "Controleer je antwoorden"),
    "error_value": pgettext_lazy(
        "incident route", "Bij de vraag ‘{question}’ kennen we dit antwoord niet. Kies een van de antwoorden."
    ),
    "error_many": pgettext_lazy("incident route", "Bij de vraag ‘{question}’ kies je één antwoord."),
    "missing": pgettext_lazy("incident route", "Kies eerst wat er is gebeurd. Dan zie je de stappen."),
}
