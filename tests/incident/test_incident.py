"""The incident route "Er is iets gebeurd", through Django's test client against the default map."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import pytest
import textstat
import yaml
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import services
from bronwijzer.catalog.models import HelpLine
from bronwijzer.incident import route as incident
from bronwijzer.lib.phone import is_service_rate
from tests.support.offence_claims import unqualified_offence_claims
from tests.support.safety import image_advice_problems, mentions_image, sentences

pytestmark = pytest.mark.django_db

NOT_FORWARD = {"nl": "Stuur beelden niet door en bewaar ze niet", "en": "Do not forward or keep images"}
NOT_EVEN_AS_EVIDENCE = {"nl": "ook niet als bewijs", "en": "not even as evidence"}
#: The meldcode, said once on every page about someone under 18 (or of unknown age).
MELDCODE = {"nl": "de meldcode van je organisatie", "en": "your organisation's reporting code"}
#: A professional may consult Veilig Thuis without naming the family (not: "you need not give your name").
WITHOUT_THE_FAMILY = {
    "nl": "zonder de naam van het gezin",
    "en": "without naming the family",
}
#: The police and Helpwanted help without anyone keeping the image.
NOBODY_KEEPS_IT = {
    "nl": "zonder dat jij of de familie het beeld bewaart",
    "en": "without you or the family keeping the image",
}
OFFENCE = re.compile(r"strafbaar|offence", re.I)
#: The general help lines for a community the map has no reporting point for.
GENERAL_LINES = {"veilig-thuis", "politie", "helpwanted"}
ENGLISH_WORDS = re.compile(r"\b(the|and|you|what|steps|help)\b", re.I)
DUTCH_WORDS = re.compile(r"\b(het|een|je|wat|stappen|hulp|niet)\b", re.I)


def every_answer_combination() -> list[dict[str, str]]:
    """Every way to fill in the form with ``wat`` answered ("" = question left open)."""
    combinations: list[dict[str, str]] = [{}]
    for question in incident.route().questions:
        choices = question.values if question.name == "wat" else ("", *question.values)
        combinations = [{**combo, question.name: value} for combo in combinations for value in choices]
    return combinations


def url(lang: str = "nl", **answers: str) -> str:
    with translation.override(lang):
        path = reverse("incident:route")
    query = urlencode({name: value for name, value in answers.items() if value})
    return f"{path}?{query}" if query else path


def page_text(html: str) -> str:
    """The visible text of the main content (or of a part of it), block ends kept as sentence breaks."""
    main = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
    main = re.sub(r"(?i)</(p|li|h[1-6]|dt|dd|legend|label|div|section|article)>", "\n", main)
    return re.sub(r"[ \t]+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def shown_helplines(html: str) -> list[str]:
    """The help lines shown, by slug, in page order (in full, and referred to in later steps)."""
    return [
        full or reference for full, reference in re.findall(r'id="hulp-([\w-]+)"|href="#hulp-([\w-]+)"', html)
    ]


def full_helplines(html: str) -> list[str]:
    """The help lines shown in full, by slug, in page order."""
    return re.findall(r'<li class="incident-line" id="hulp-([\w-]+)">', html)


def step_html(html: str, step: str) -> str:
    """The HTML of one step, up to the next step or the end of the list."""
    start = html.index(f'<li class="incident-step" id="stap-{step}">')
    ends = [html.find(mark, start + 1) for mark in ('<li class="incident-step"', "</ol>")]
    return html[start : min(end for end in ends if end > 0)]


def step_ids(html: str) -> list[str]:
    return re.findall(r'<li class="incident-step" id="stap-([\w-]+)">', html)


def map_slugs() -> dict[str, set[str]]:
    document = yaml.safe_load(services.DEFAULT_MAP_PATH.read_text(encoding="utf-8"))
    return {kind: {entry["slug"] for entry in document[kind]} for kind in ("helplines", "resources")}


def database_state() -> tuple[dict[str, int], str]:
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    return counts, services.map_export("json")


def test_without_answers_the_page_shows_the_questions_and_112(client, default_map_module):
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is iemand nu in gevaar? Bel 112" in page_text(html) and 'href="tel:112"' in html
    for name in ("wat", "leeftijd", "gemeenschap", "eer"):
        assert f'<fieldset class="incident-question" id="q-{name}"' in html
        assert f'name="{name}"' in html
    assert html.count("<legend>") == 4
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html
    assert step_ids(html) == []
    assert "<details" not in html  # nothing answered yet: the questions are the page
    assert 'href="/static/incident/incident.css"' in html
    start = html.index('<form class="incident-form"')
    form = html[start : html.index("</form>", start)]
    assert set(re.findall(r"<(input|textarea|select)\b", form)) == {"input"}
    assert set(re.findall(r'<input type="(\w+)"', form)) == {"radio"}  # no names, no files, no free text
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main and "style=" not in main  # ready for a strict CSP


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_sends_the_browser_to_the_steps(client, default_map_module, lang):
    """The action carries the steps' anchor; the heading it names can take focus."""
    empty = client.get(url(lang)).content.decode()
    assert f'action="{url(lang)}#stappen"' in empty
    html = client.get(url(lang, wat="rondgaan", leeftijd="12-17")).content.decode()
    assert f'action="{url(lang)}#stappen"' in html
    assert re.search(r'<h2 id="stappen" class="incident-steps__title" tabindex="-1">', html)
    assert html.index('id="stappen"') < html.index('<li class="incident-step"')


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_with_steps_the_answers_are_a_summary_and_the_form_is_folded_away(client, default_map_module, lang):
    answers = {"wat": "dreiging", "leeftijd": "12-17", "gemeenschap": "moskee", "eer": "nee"}
    html = client.get(url(lang, **answers)).content.decode()
    route = incident.route()
    summary = html[html.index('<div class="incident-answers">') : html.index("</details>")]
    rows = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", summary)
    expected = []
    for question in route.questions:
        option = question.option(answers[question.name])
        expected.append(
            ((question.short or question.legend).get(lang), (option.short or option.label).get(lang))
        )
    assert [(unescape(q), unescape(a)) for q, a in rows] == expected
    # "Wijzig je antwoorden" opens the one form, with the answers checked; it is closed to begin with
    change = route.texts(lang)["change"]
    assert re.search(rf'<details class="incident-change">\s*<summary id="wijzig">{change}</summary>', html)
    assert change in ("Wijzig je antwoorden", "Change your answers")
    assert html.count("<form") - html.count('role="search"') == 1
    assert summary.count('<form class="incident-form"') == 1 and summary.count(" checked") == 4
    assert summary.index("<details") < summary.index("<form") and html.index("</details>") < html.index(
        '<ol class="incident-steps__list">'
    )
    assert 'aria-labelledby="wijzig"' in summary  # the form is named by its "Wijzig" summary


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_combination_renders_with_fitting_help_lines_and_no_image_advice(
    client, default_map_module, lang
):
    before = database_state()
    for answers in every_answer_combination():
        response = client.get(url(lang, **answers))
        assert response.status_code == 200, answers
        assert not response.cookies and "Set-Cookie" not in response.headers, answers
        html = response.content.decode()
        text = page_text(html)
        steps, lines, full = step_ids(html), shown_helplines(html), full_helplines(html)
        context = incident.Answers(answers).context()
        community = answers["gemeenschap"] or "nee"
        assert image_advice_problems(text) == [], answers
        # once, plainly: do not forward or keep images, not even as evidence
        assert text.count(NOT_FORWARD[lang]) == 1, answers
        assert text.lower().count(NOT_EVEN_AS_EVIDENCE[lang]) == 1, answers
        # the law, exactly: an image is an offence to have only when the person shown was
        # under 18 (or the age is not known); said once, never without the age
        assert unqualified_offence_claims(text) == [], answers
        claims = [s for s in sentences(text) if OFFENCE.search(s) and mentions_image(s)]
        assert len(claims) == (0 if context["beeld"] == "18-plus" else 1), (answers, claims)
        if answers["wat"] != "dreiging":
            assert NOBODY_KEEPS_IT[lang] in text, answers
        # the meldcode for every young person under 18 or of unknown age, and with honour-based violence
        meldcode = context["minderjarig"] != "nee" or context["eer"] != "nee"
        assert text.count(MELDCODE[lang]) == (1 if meldcode else 0), answers
        assert (WITHOUT_THE_FAMILY[lang] in text) == meldcode, answers
        assert ("veilig-thuis" in lines) == (meldcode or community in ("moskee", "anders")), answers
        if answers["wat"] == "dreiging":
            assert steps[:3] == ["luisteren", "stoppen", "bewijs"], answers
            assert "politie-nu" in steps and "politie-melden" not in steps, answers
        else:
            assert steps[:2] == ["luisteren", "niet-doorsturen"], answers
            assert "politie-melden" in steps and not {"stoppen", "bewijs", "politie-nu"} & set(steps), answers
        # every help line in full once at most; a later step refers back to it
        assert len(full) == len(set(full)), answers
        assert set(lines) == set(full), answers
        assert {"helpwanted", "politie"} <= set(lines) and 'href="tel:112"' in html, answers
        # the removal tool by age when the image was made
        assert ("take-it-down" in lines) == (context["beeld"] != "18-plus"), answers
        assert ("stopncii" in lines) == (context["beeld"] != "onder-18"), answers
        assert ("de-kindertelefoon" in lines) == (context["minderjarig"] != "nee"), answers
        # Halt's approach for 12-17-year-olds who forwarded an image
        halt = reverse("web:resource", args=["halt-aanpak-ongewenste-sexting"])
        assert (halt in html) == (
            answers["wat"] == "doorgestuurd" and answers["leeftijd"] in ("12-17", "onbekend", "")
        )
        # a faith community or association: Veilige Kerk for a church, the general points otherwise
        assert ("veilige-kerk" in lines) == (community == "kerk"), answers
        assert ("gemeenschap" in steps) == (community in ("moskee", "anders")), answers
        if community in ("moskee", "anders"):
            assert set(shown_helplines(step_html(html, "gemeenschap"))) == GENERAL_LINES, answers
        # honour-based violence possible or unknown: Veilig Thuis before any step about the parents
        if context["eer"] in ("ja", "weet-niet"):
            assert "ouders" not in steps, answers
            assert steps.index("veilig-thuis") < steps.index("halt") if "halt" in steps else True, answers
            assert steps.index("veilig-thuis") <= 3, answers
        else:
            assert "veilig-thuis" not in steps, answers
            assert ("ouders" in steps) == (context["minderjarig"] != "nee"), answers
    assert database_state() == before


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sextortion_says_do_not_pay_stop_the_contact_and_keep_the_messages_not_the_images(
    client, default_map_module, lang
):
    html = client.get(
        url(lang, wat="dreiging", leeftijd="12-17", gemeenschap="nee", eer="nee")
    ).content.decode()
    stop, evidence = page_text(step_html(html, "stoppen")), page_text(step_html(html, "bewijs"))
    if lang == "nl":
        assert "Betaal niet" in stop and "ook geen klein bedrag" in stop
        assert "Reageer niet meer" in stop and "blokkeer de afperser" in stop
        assert stop.index("Schrijf eerst") < stop.index("blokkeer")  # note the profile before blocking
        assert "Bewaar wel de tekst van de berichten als bewijs" in evidence
        for detail in ("de naam van het profiel", "de accountnaam", "rekeningnummer of betaallink"):
            assert detail in evidence
        assert "Maak er ook geen screenshot van" in evidence
        assert "Meld de afpersing ook bij Helpwanted" in page_text(html)
    else:
        assert "Do not pay" in stop and "not even a small amount" in stop
        assert "Stop responding" in stop and "block the extortionist" in stop
        assert stop.index("First write down") < stop.index("block")
        assert "keep the text of the messages as evidence" in evidence
        for detail in ("the profile name", "the account name", "account number or payment link"):
            assert detail in evidence
        assert "Do not take screenshots of them" in evidence
        assert "Report the extortion to Helpwanted too" in page_text(html)
    assert NOT_FORWARD[lang] in evidence and NOT_EVEN_AS_EVIDENCE[lang] in evidence
    assert image_advice_problems(stop + "\n" + evidence) == []
    steps = step_ids(html)
    assert steps.index("bewijs") < steps.index("politie-nu") < steps.index("verwijderen")


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        ({"wat": "rondgaan", "leeftijd": "18-plus"}, ["stopncii"], ["take-it-down", "de-kindertelefoon"]),
        ({"wat": "rondgaan", "leeftijd": "12-17"}, ["take-it-down", "de-kindertelefoon"], ["stopncii"]),
        ({"wat": "rondgaan", "leeftijd": "onder-12"}, ["take-it-down"], ["stopncii"]),
        ({"wat": "dreiging", "leeftijd": "12-17"}, ["politie", "helpwanted"], []),
        ({"wat": "doorgestuurd", "leeftijd": "onder-12"}, ["meldknop"], []),
        ({"wat": "omstander", "gemeenschap": "kerk"}, ["veilige-kerk"], []),
        ({"wat": "omstander", "gemeenschap": "moskee", "eer": "nee"}, ["veilig-thuis"], ["veilige-kerk"]),
        (
            {"wat": "omstander", "leeftijd": "18-plus", "gemeenschap": "nee", "eer": "nee"},
            [],
            ["veilige-kerk", "veilig-thuis", "de-kindertelefoon"],
        ),
        # the meldcode (Veilig Thuis) for every minor, not only with honour-based violence
        ({"wat": "rondgaan", "leeftijd": "12-17", "gemeenschap": "nee", "eer": "nee"}, ["veilig-thuis"], []),
        ({"wat": "omstander", "gemeenschap": "nee", "eer": "nee"}, ["veilig-thuis"], []),
        ({"wat": "rondgaan", "eer": "ja"}, ["veilig-thuis"], []),
        # a link made before question 3 changed
        ({"wat": "omstander", "kerk": "ja"}, ["veilige-kerk"], []),
    ],
)
def test_the_route_points_to_the_right_help_lines(client, default_map_module, answers, present, absent):
    response = client.get(url(**answers))
    assert response.status_code == 200
    lines = shown_helplines(response.content.decode())
    assert set(present) <= set(lines)
    assert not set(absent) & set(lines)


def test_question_3_asks_about_any_faith_community_or_association(client, default_map_module):
    question = incident.route().question("gemeenschap")
    assert question.values == ("kerk", "moskee", "anders", "nee")
    assert "geloofsgemeenschap of vereniging" in question.legend.nl
    assert "faith community or an association" in question.legend.en
    assert {"kerk", "moskee"} <= set(re.findall(r"\w+", question.hint.nl))
    html = client.get(url()).content.decode()
    for value in question.values:
        assert f'id="q-gemeenschap-{value}" value="{value}"' in html


@pytest.mark.parametrize(
    ("community", "named"), [("moskee", "moskeeën"), ("anders", "deze gemeenschap of vereniging")]
)
@pytest.mark.parametrize("eer", ["nee", "weet-niet"])
def test_a_mosque_or_other_community_gets_the_general_points_and_its_confidential_person(
    client, default_map_module, community, named, eer
):
    html = client.get(url(wat="rondgaan", leeftijd="12-17", gemeenschap=community, eer=eer)).content.decode()
    step = step_html(html, "gemeenschap")
    text = page_text(step)
    assert f"Deze kaart heeft geen apart meldpunt voor {named}." in text
    assert "Ga naar:" in text  # the general points shown in earlier steps, by step number
    assert "vertrouwenspersoon" in text
    if eer == "nee":
        assert "als de jongere dat goed vindt" in text
    else:  # the community may hear of it: Veilig Thuis first
        assert "Overleg eerst met Veilig Thuis voordat je die erbij haalt" in text
    # only the map's own lines: no invented organisation, no phone number outside the map
    assert set(shown_helplines(step)) == GENERAL_LINES
    numbers = {line.phone for line in HelpLine.objects.exclude(phone="")}
    assert set(re.findall(r"\b\d{3,4}-[\d ]{4,}\d\b", text)) <= numbers
    assert "Veilige Kerk" not in page_text(html)


def test_old_links_with_kerk_still_work(client, default_map_module):
    for old, new in (("ja", "kerk"), ("nee", "nee")):
        response = client.get(url() + f"?wat=rondgaan&leeftijd=12-17&kerk={old}&eer=nee")
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(rf'id="q-gemeenschap-{new}" value="{new}" checked', html)
        assert ("veilige-kerk" in shown_helplines(html)) == (new == "kerk")
    same = client.get(url() + "?wat=rondgaan&kerk=ja&gemeenschap=kerk")
    assert same.status_code == 200  # the old and the new name saying the same thing


def test_a_help_line_is_shown_in_full_once_and_then_referred_to(client, default_map_module):
    html = client.get(url(wat="rondgaan", leeftijd="12-17", gemeenschap="nee", eer="nee")).content.decode()
    steps = step_ids(html)
    support, parents = steps.index("steun") + 1, steps.index("ouders") + 1
    assert full_helplines(html).count("meldknop") == 1
    assert 'id="hulp-meldknop"' in step_html(html, "steun")
    see = step_html(html, "ouders")
    assert f'<a href="#hulp-meldknop">Meldknop (stap {support})</a>' in see
    assert 'id="hulp-meldknop"' not in see and parents > support
    assert full_helplines(html).count("helpwanted") == 1
    assert 'id="hulp-helpwanted"' in step_html(html, "verwijderen")
    card = html[html.index('id="hulp-helpwanted"') : html.index("</li>", html.index('id="hulp-helpwanted"'))]
    assert 'href="tel:0202615275">Bel 020-261 52 75</a>' in card
    assert re.search(
        r'<a class="incident-line__web" href="https://www.helpwanted.nl"[^>]*>helpwanted.nl</a>', card
    )
    assert "gratis, anoniem mogelijk, chat" in card


def test_forwarded_by_a_12_to_17_year_old_leads_to_halt(client, default_map_module):
    html = client.get(
        url(wat="doorgestuurd", leeftijd="12-17", gemeenschap="nee", eer="nee")
    ).content.decode()
    assert "halt" in step_ids(html)
    assert reverse("web:resource", args=["halt-aanpak-ongewenste-sexting"]) in html
    assert "Respect Online" in html and "12 tot en met 17 jaar" in html


@pytest.mark.parametrize("eer", ["ja", "weet-niet"])
def test_honour_based_violence_puts_veilig_thuis_before_the_parents(client, default_map_module, eer):
    html = client.get(url(wat="doorgestuurd", leeftijd="12-17", gemeenschap="nee", eer=eer)).content.decode()
    steps = step_ids(html)
    assert steps.index("veilig-thuis") < steps.index("halt") and "ouders" not in steps
    text = page_text(step_html(html, "veilig-thuis"))
    assert "Vertel het de ouders" in text and "nog niet" in text and "meldcode" in text
    assert "of en hoe je de ouders veilig betrekt" in text
    assert html.index("0800-2000") < html.index("Respect Online")


def test_the_steps_are_numbered_and_the_form_keeps_the_answers(client, default_map_module):
    html = client.get(url(wat="rondgaan", leeftijd="12-17", gemeenschap="kerk", eer="nee")).content.decode()
    numbers = re.findall(r'<span class="incident-step__number">(\d+)\.</span>', html)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 5
    for name, value in {"wat": "rondgaan", "leeftijd": "12-17", "gemeenschap": "kerk", "eer": "nee"}.items():
        assert re.search(rf'id="q-{name}-{value}" value="{value}" checked', html)
    assert html.count(" checked") == 4
    assert 'href="tel:0202615275"' in html  # Helpwanted, through the tel filter
    assert 'href="https://takeitdown.ncmec.org"' in html


@pytest.mark.parametrize(
    ("query", "field", "message", "sent"),
    [
        ("wat=vuurwerk", "wat", "Wat is er gebeurd?", "vuurwerk"),
        ("wat=rondgaan&leeftijd=15", "leeftijd", "Hoe oud is de jongere om wie het gaat?", "15"),
        ("wat=rondgaan&gemeenschap=misschien", "gemeenschap", "Is er een geloofsgemeenschap", "misschien"),
        ("wat=rondgaan&kerk=misschien", "gemeenschap", "Is er een geloofsgemeenschap", "misschien"),
        ("wat=rondgaan&kerk=ja&gemeenschap=moskee", "gemeenschap", "kies je één antwoord", None),
        ("wat=rondgaan&eer=ja&eer=nee", "eer", "kies je één antwoord", None),
        ("wat=" + "x" * 500, "wat", "Wat is er gebeurd?", "x" * 500),
    ],
)
def test_invalid_answers_get_a_message_naming_the_question(
    client, default_map_module, query, field, message, sent
):
    response = client.get(url() + "?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#q-{field}"' in html and f'id="err-{field}"' in html
    if sent:
        assert sent not in page_text(html)  # the value sent is never shown back
    assert step_ids(html) == []
    assert "<details" not in html  # no steps: the questions are open
    assert not response.cookies


def test_an_invalid_answer_in_english_is_explained_in_english(client, default_map_module):
    response = client.get(url("en") + "?wat=rondgaan&leeftijd=old")
    assert response.status_code == 400
    assert "How old is the young person this is about?" in response.content.decode()


def test_answers_without_what_happened_ask_for_it(client, default_map_module):
    response = client.get(url(leeftijd="12-17", eer="nee"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies eerst wat er is gebeurd." in html
    assert step_ids(html) == []


def test_other_parameters_are_ignored_and_never_shown(client, default_map_module):
    response = client.get(url(wat="rondgaan") + "&naam=Fatima&foto=x.jpg")
    assert response.status_code == 200
    assert "Fatima" not in page_text(response.content.decode())


def test_the_english_page_is_english(client, default_map_module):
    html = client.get(
        url("en", wat="dreiging", leeftijd="18-plus", gemeenschap="anders", eer="weet-niet")
    ).content.decode()
    assert '<html lang="en">' in html
    assert 'action="/en/er-is-iets-gebeurd/#stappen"' in html
    text = page_text(html)
    assert "Something has happened" in text and "Is someone in danger right now? Call 112" in text
    assert "Report the extortion to the police" in text and "ask for the vice squad" in text
    assert "Do not pay" in text and "Change your answers" in text
    for texts in incident.route().all_texts():
        assert texts.nl not in text or texts.nl == texts.en, texts.nl
    assert len(ENGLISH_WORDS.findall(text)) > 5 * len(DUTCH_WORDS.findall(text))


def test_every_source_and_link_of_the_route_exists_in_the_default_map():
    slugs = map_slugs()
    everything = slugs["helplines"] | slugs["resources"]
    for step in incident.route().steps:
        assert step.sources, f"step {step.id} names no sources"
        assert set(step.sources) <= everything, (step.id, set(step.sources) - everything)
        assert {link.slug for link in step.helplines} <= slugs["helplines"], step.id
        assert {link.slug for link in step.resources} <= slugs["resources"], step.id
        linked = {link.slug for link in (*step.helplines, *step.resources)}
        assert linked <= set(step.sources), (step.id, linked - set(step.sources))


def test_every_text_of_the_route_is_in_both_languages_and_gives_no_image_advice():
    texts = incident.route().all_texts()
    assert len(texts) > 60
    for text in texts:
        assert text.nl and text.en
        assert image_advice_problems(text.nl) == [], text.nl
        assert image_advice_problems(text.en) == [], text.en


@pytest.mark.parametrize(
    ("replaces", "error"),
    [
        ({"name": "kerk", "values": {"ja": "synagoge"}}, "maps to values the question does not have"),
        ({"name": "wat", "values": {"ja": "kerk"}}, "must be unique"),
    ],
)
def test_a_replaced_question_must_map_to_real_answers_under_a_free_name(replaces, error):
    raw = yaml.safe_load(incident.ROUTE_FILE.read_text(encoding="utf-8"))
    next(q for q in raw["questions"] if q["name"] == "gemeenschap")["replaces"] = replaces
    with pytest.raises(incident.RouteFileError, match=error):
        incident._parse(raw)


def test_a_slug_missing_from_the_current_map_is_left_out(client, default_map_module):
    HelpLine.objects.filter(slug="take-it-down").delete()
    response = client.get(url(wat="rondgaan", leeftijd="12-17", gemeenschap="nee", eer="nee"))
    assert response.status_code == 200
    lines = shown_helplines(response.content.decode())
    assert "take-it-down" not in lines and "helpwanted" in lines


def test_the_dutch_route_reads_at_b1_level():
    """Flesch–Douma reading ease: 60–70 is "fairly easy", above 70 "easy" (B1 and below)."""
    textstat.set_lang("nl")
    route = incident.route()
    questions = [q.legend.nl for q in route.questions] + [
        o.label.nl for q in route.questions for o in q.options
    ]
    steps = [step.title.nl for step in route.steps] + [
        p.text.nl for step in route.steps for p in step.paragraphs
    ]
    assert textstat.flesch_reading_ease(" ".join(questions)) >= 65
    assert textstat.flesch_reading_ease(" ".join(steps)) >= 75


def line_card(html: str, slug: str) -> str:
    """The text of a help line shown in full in the route."""
    start = html.index(f'<li class="incident-line" id="hulp-{slug}">')
    return page_text(html[start : html.index("</li>", start)])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_0900_number_is_called_free_and_its_cost_is_said(client, default_map_module, lang):
    """Slachtofferhulp's help is free, its 0900 number is not: "gratis" only where the call is free too."""
    html = client.get(
        url(lang, wat="rondgaan", leeftijd="12-17", gemeenschap="nee", eer="nee")
    ).content.decode()
    free, cost = incident.route().texts(lang)["free"], incident.route().texts(lang)["service_rate"]
    facts = {
        slug: unescape(text).split(", ")
        for slug, text in re.findall(
            r'id="hulp-([\w-]+)">.*?(?:<span class="incident-line__facts">([^<]*)</span>|</li>)', html, re.S
        )
    }
    service_rate = {slug for slug in facts if is_service_rate(HelpLine.objects.get(slug=slug).phone)}
    assert "slachtofferhulp-nederland" in service_rate and set(facts) == set(full_helplines(html))
    for slug, said in facts.items():
        line = HelpLine.objects.get(slug=slug)
        assert (free in said) == line.free_to_call, slug
        assert (cost in said) == (slug in service_rate), slug
        if slug in service_rate:
            assert not [fact for fact in said if re.search(r"gratis|\bfree\b", fact)], slug
    assert free in facts["de-kindertelefoon"] and free in facts["helpwanted"]
    assert HelpLine.objects.get(slug="slachtofferhulp-nederland").free  # the help is free, the call is not


@pytest.mark.parametrize(("lang", "ages"), [("nl", "8–18 jaar"), ("en", "ages 8–18")])
def test_de_kindertelefoon_is_shown_with_its_ages(client, default_map_module, lang, ages):
    html = client.get(url(lang, wat="rondgaan", leeftijd="12-17")).content.decode()
    assert ages in line_card(html, "de-kindertelefoon")
    assert "jaar" not in line_card(html, "helpwanted") and "ages" not in line_card(html, "helpwanted")


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        ({"wat": "rondgaan", "leeftijd": "12-17"}, "Dan is zo'n beeld hebben of doorsturen strafbaar"),
        ({"wat": "rondgaan", "leeftijd": "onbekend"}, "Ga dan uit van jonger dan 18"),
        ({"wat": "doorgestuurd", "leeftijd": "12-17"}, "Ga dan uit van jonger dan 18"),
        ({"wat": "dreiging", "leeftijd": "onder-12"}, "Dan is zo'n beeld hebben of doorsturen strafbaar"),
        ({"wat": "rondgaan", "leeftijd": "18-plus"}, "elke kopie kan verder rondgaan"),
        ({"wat": "dreiging", "leeftijd": "18-plus"}, "elke kopie kan verder rondgaan"),
    ],
)
def test_keeping_an_image_is_called_an_offence_only_for_someone_under_18(
    client, default_map_module, answers, says
):
    text = page_text(client.get(url(**answers)).content.decode())
    assert says in text
    if answers["leeftijd"] == "18-plus":
        assert "strafbaar" not in text
    assert "dat is zelf strafbaar" not in text


def test_the_route_makes_no_claim_its_sources_do_not_back():
    """Helpwanted "bij elke leeftijd" is in no source; Veilig Thuis is anonymous for the family only."""
    texts = [t for text in incident.route().all_texts() for t in (text.nl, text.en)]
    for claim in ("elke leeftijd", "any age", "je hoeft je naam niet", "need not give your name"):
        assert not [t for t in texts if claim in t.lower()], claim
