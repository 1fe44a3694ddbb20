"""The incident route "Er is iets gebeurd", through Django's test client against the default map."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import pytest
import yaml
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import services
from bronwijzer.catalog.models import HelpLine
from bronwijzer.kit import incident
from bronwijzer.lib.safety import image_advice_problems

pytestmark = pytest.mark.django_db

NOT_FORWARD = {
    "nl": "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs",
    "en": "Do not forward or keep images, not even as evidence",
}
ENGLISH_WORDS = re.compile(r"\b(the|and|you|what|steps|help)\b", re.I)
DUTCH_WORDS = re.compile(r"\b(het|een|je|wat|stappen|hulp|niet)\b", re.I)


def url(lang: str = "nl", **answers: str) -> str:
    with translation.override(lang):
        path = reverse("kit:incident")
    query = urlencode({name: value for name, value in answers.items() if value})
    return f"{path}?{query}" if query else path


def page_text(html: str) -> str:
    """The visible text of the main content, block ends kept as sentence breaks."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"(?i)</(p|li|h[1-6]|dt|dd|legend|label|div|section|article)>", "\n", main)
    return re.sub(r"[ \t]+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def shown_helplines(html: str) -> list[str]:
    """The help lines shown, by slug, in page order (full cards and repeats)."""
    names = {line.name: line.slug for line in HelpLine.objects.all()}
    found = re.findall(
        r'<h4 id="hl-\d+-([\w-]+)"|class="incident-helpline-again"><strong>([^<]+)</strong>', html
    )
    return [card or names[unescape(again)] for card, again in found]


def step_ids(html: str) -> list[str]:
    return re.findall(r'<li class="incident-step" id="stap-([\w-]+)">', html)


def map_slugs() -> dict[str, set[str]]:
    document = yaml.safe_load(services.DEFAULT_MAP_PATH.read_text(encoding="utf-8"))
    return {kind: {entry["slug"] for entry in document[kind]} for kind in ("helplines", "resources")}


def database_state() -> tuple[dict[str, int], str]:
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    return counts, services.map_export("json")


def test_without_answers_the_page_shows_the_questions_and_112(client, default_map):
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is iemand nu in gevaar? Bel 112" in page_text(html) and 'href="tel:112"' in html
    for name in ("wat", "leeftijd", "kerk", "eer"):
        assert f'<fieldset class="incident-question" id="q-{name}"' in html
        assert f'name="{name}"' in html
    assert html.count("<legend>") == 4
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html
    assert step_ids(html) == []
    assert 'href="/static/kit/incident.css"' in html
    start = html.index('<form class="incident-form"')
    form = html[start : html.index("</form>", start)]
    assert set(re.findall(r"<(input|textarea|select)\b", form)) == {"input"}
    assert set(re.findall(r'<input type="(\w+)"', form)) == {"radio"}  # no names, no files, no free text
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main and "style=" not in main  # ready for a strict CSP


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_combination_renders_with_fitting_help_lines_and_no_image_advice(client, default_map, lang):
    before = database_state()
    for answers in incident.every_answer_combination():
        response = client.get(url(lang, **answers))
        assert response.status_code == 200, answers
        assert not response.cookies and "Set-Cookie" not in response.headers, answers
        html = response.content.decode()
        text = page_text(html)
        steps, lines = step_ids(html), shown_helplines(html)
        context = incident.Answers(answers).context()
        assert image_advice_problems(text) == [], answers
        assert text.count(NOT_FORWARD[lang]) == 1, answers
        assert steps[:2] == ["luisteren", "niet-doorsturen"], answers
        assert "helpwanted" in lines, answers
        # the removal tool by age when the image was made
        assert ("take-it-down" in lines) == (context["beeld"] != "18-plus"), answers
        assert ("stopncii" in lines) == (context["beeld"] != "onder-18"), answers
        assert ("de-kindertelefoon" in lines) == (context["minderjarig"] != "nee"), answers
        # threats and extortion: the police, 112 and 0900-8844
        if answers["wat"] == "dreiging":
            assert steps[2:4] in (["politie-nu", "verwijderen"], ["veilig-thuis", "politie-nu"]), answers
        assert {"politie", "politie-spoed"} <= set(lines), answers
        # Halt's approach for 12-17-year-olds who forwarded an image
        halt = reverse("web:resource", args=["halt-aanpak-ongewenste-sexting"])
        assert (halt in html) == (
            answers["wat"] == "doorgestuurd" and answers["leeftijd"] in ("12-17", "onbekend", "")
        )
        assert ("veilige-kerk" in lines) == (answers["kerk"] == "ja"), answers
        # honour-based violence possible or unknown: Veilig Thuis before any step about the parents
        if context["eer"] in ("ja", "weet-niet"):
            parents = [i for i, step in enumerate(steps) if step in ("ouders", "halt")]
            assert steps.index("veilig-thuis") < min(parents, default=len(steps)), answers
            assert steps.index("veilig-thuis") <= 2, answers
        else:
            assert "veilig-thuis" not in steps, answers
    assert database_state() == before


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        ({"wat": "rondgaan", "leeftijd": "18-plus"}, ["stopncii"], ["take-it-down", "de-kindertelefoon"]),
        ({"wat": "rondgaan", "leeftijd": "12-17"}, ["take-it-down", "de-kindertelefoon"], ["stopncii"]),
        ({"wat": "rondgaan", "leeftijd": "onder-12"}, ["take-it-down"], ["stopncii"]),
        ({"wat": "dreiging", "leeftijd": "12-17"}, ["politie-spoed", "politie"], []),
        ({"wat": "doorgestuurd", "leeftijd": "onder-12"}, ["meldknop"], []),
        ({"wat": "omstander", "kerk": "ja"}, ["veilige-kerk"], []),
        ({"wat": "omstander", "kerk": "nee", "eer": "nee"}, [], ["veilige-kerk", "veilig-thuis"]),
        ({"wat": "rondgaan", "eer": "ja"}, ["veilig-thuis"], []),
    ],
)
def test_the_route_points_to_the_right_help_lines(client, default_map, answers, present, absent):
    lines = shown_helplines(client.get(url(**answers)).content.decode())
    assert set(present) <= set(lines)
    assert not set(absent) & set(lines)


def test_forwarded_by_a_12_to_17_year_old_leads_to_halt(client, default_map):
    html = client.get(url(wat="doorgestuurd", leeftijd="12-17", kerk="nee", eer="nee")).content.decode()
    assert "halt" in step_ids(html)
    assert reverse("web:resource", args=["halt-aanpak-ongewenste-sexting"]) in html
    assert "Respect Online" in html and "12 tot en met 17 jaar" in html


@pytest.mark.parametrize("eer", ["ja", "weet-niet"])
def test_honour_based_violence_puts_veilig_thuis_before_the_parents(client, default_map, eer):
    html = client.get(url(wat="doorgestuurd", leeftijd="12-17", kerk="nee", eer=eer)).content.decode()
    steps = step_ids(html)
    assert steps.index("veilig-thuis") < steps.index("halt") < steps.index("ouders")
    assert "Vertel het de ouders" in html and "nog niet" in html and "meldcode" in html
    assert html.index("0800-2000") < html.index("Respect Online")


def test_the_steps_are_numbered_and_the_form_keeps_the_answers(client, default_map):
    html = client.get(url(wat="rondgaan", leeftijd="12-17", kerk="ja", eer="nee")).content.decode()
    numbers = re.findall(r'<span class="incident-step__number">(\d+)\.</span>', html)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 5
    for name, value in {"wat": "rondgaan", "leeftijd": "12-17", "kerk": "ja", "eer": "nee"}.items():
        assert re.search(rf'id="q-{name}-{value}" value="{value}" checked', html)
    assert html.count(" checked") == 4
    assert 'href="tel:0202615275"' in html  # Helpwanted, through the tel filter
    assert 'href="https://takeitdown.ncmec.org"' in html


@pytest.mark.parametrize(
    ("query", "field", "message", "sent"),
    [
        ("wat=vuurwerk", "wat", "Wat is er gebeurd?", "vuurwerk"),
        ("wat=rondgaan&leeftijd=15", "leeftijd", "Hoe oud is de jongere om wie het gaat?", "15"),
        ("wat=rondgaan&kerk=misschien", "kerk", "Speelt het in of rond een kerk?", "misschien"),
        ("wat=rondgaan&eer=ja&eer=nee", "eer", "kies je één antwoord", None),
        ("wat=" + "x" * 500, "wat", "Wat is er gebeurd?", "x" * 500),
    ],
)
def test_invalid_answers_get_a_message_naming_the_question(client, default_map, query, field, message, sent):
    response = client.get(url() + "?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#q-{field}"' in html and f'id="err-{field}"' in html
    if sent:
        assert sent not in page_text(html)  # the value sent is never shown back
    assert step_ids(html) == []
    assert not response.cookies


def test_an_invalid_answer_in_english_is_explained_in_english(client, default_map):
    response = client.get(url("en") + "?wat=rondgaan&leeftijd=old")
    assert response.status_code == 400
    assert "How old is the young person this is about?" in response.content.decode()


def test_answers_without_what_happened_ask_for_it(client, default_map):
    response = client.get(url(leeftijd="12-17", eer="nee"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies eerst wat er is gebeurd." in html
    assert step_ids(html) == []


def test_other_parameters_are_ignored_and_never_shown(client, default_map):
    response = client.get(url(wat="rondgaan") + "&naam=Fatima&foto=x.jpg")
    assert response.status_code == 200
    assert "Fatima" not in page_text(response.content.decode())


def test_the_english_page_is_english(client, default_map):
    html = client.get(
        url("en", wat="dreiging", leeftijd="18-plus", kerk="ja", eer="weet-niet")
    ).content.decode()
    assert '<html lang="en">' in html
    assert 'action="/en/er-is-iets-gebeurd/"' in html
    text = page_text(html)
    assert "Something has happened" in text and "Is someone in danger right now? Call 112" in text
    assert "Threats or extortion: the police" in text and "ask for the vice police" in text
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


def test_a_slug_missing_from_the_current_map_is_left_out(client, default_map):
    HelpLine.objects.filter(slug="take-it-down").delete()
    response = client.get(url(wat="rondgaan", leeftijd="12-17", kerk="nee", eer="nee"))
    assert response.status_code == 200
    lines = shown_helplines(response.content.decode())
    assert "take-it-down" not in lines and "helpwanted" in lines
