"""tests.support.safety: no text of ours advises keeping or passing on an image."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import services
from tests.support.safety import image_advice_problems, sentences

ADVICE = [
    # Dutch: imperatives, with separable verbs and after a condition
    "Maak een screenshot als bewijs.",
    "Bewaar de foto.",
    "Sla de naaktfoto op in een veilige map.",
    "Stuur het filmpje door naar de mentor.",
    "Als er een foto rondgaat, maak dan een screenshot.",
    "Tip: verzamel alle beelden op één plek.",
    "Download de video voordat hij verdwijnt.",
    "Deel de beelden met de politie.",
    "Fotografeer het scherm met een andere telefoon.",
    "Screenshot het gesprek.",
    "Verzamel bewijs.",
    "Bewaar de berichten als bewijs.",
    "Leg de beelden vast.",
    "Neem een screenshot van de chat.",
    "Zet de foto's op een usb-stick.",
    "Daarna sla je de beelden op.",
    # Dutch: modals, frames, passives, bare instructions
    "Je kunt de foto het beste opslaan.",
    "Het is verstandig om de beelden te bewaren.",
    "Zorg ervoor dat je de screenshots bewaart.",
    "Vergeet niet de foto's op te slaan.",
    "De beelden moeten worden bewaard.",
    "Foto's bewaren als bewijs.",
    "Bewaar alles als bewijs.",
    "Het kan geen kwaad om een kopie van de foto te bewaren.",
    # Dutch: a negation that governs another verb or another part of the sentence
    "Stuur de foto niet door, maar bewaar hem als bewijs.",
    "Verwijder niets en bewaar de beelden.",
    "Er gaat een foto rond. Bewaar die als bewijs.",
    # English
    "Save the photo.",
    "Take a screenshot as evidence.",
    "You should keep the pictures.",
    "Make sure you save the images.",
    "Don't forget to save the video.",
    "Forward the nude to the police.",
    "Screenshot the chat.",
    "It is best to store the photos somewhere safe.",
    "Don't delete it, keep it as evidence.",
    "Images should be saved.",
    "Collect evidence.",
    "Don't hesitate to share the picture with the police.",
    "Do not delete the photos; download them.",
    "Keep a copy of the image.",
    "Hold on to the screenshots.",
    "We recommend saving the images.",
    "Grab a screenshot of the image.",
    "Upload the picture to the police website.",
    "Someone is sending a nude around. Keep it safe until the police arrive.",
    "Do keep the photos.",
    # An image that comes along with what is kept ("met", "with", "of") or is added in a list
    "Bewaar de chat met de foto's als bewijs.",
    "Bewaar het gesprek met de naaktfoto.",
    "Keep the chat with the intimate images as evidence.",
    "Bewaar de tekst of de foto's.",
    "Keep the text or the images.",
    "Bewaar de tekst van de berichten en de foto's.",
    "Keep the text messages and the photos as evidence.",
    "Bewaar de namen, de accountnaam en de beelden.",
    "Sla de chat op, de foto's ook.",
    "Maak een notitie en een screenshot.",
    "De tekstberichten en de foto's als bewijs bewaren.",
    # "As evidence" with nothing that says the kept thing is only text
    "Keep the messages as evidence.",
    "Bewaar als bewijs: de tekst, de accountnaam en de foto's.",
]

NOT_ADVICE = [
    # Advice against keeping or forwarding
    "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs.",
    "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs: dat is zelf strafbaar.",
    "Bewaar, kopieer of deel geen foto's.",
    "Maak nooit een screenshot van een naaktfoto.",
    "Do not forward or keep images, not even as evidence.",
    "Do not save, copy or forward images.",
    "Never save or share nude images.",
    "Avoid taking screenshots of the images.",
    "Keeping or forwarding such images is an offence.",
    "Het doorsturen van beelden is strafbaar.",
    # Advice about something else in a sentence that mentions an image
    "Bewaar het nummer van Helpwanted.",
    "Save the number, not the photo.",
    "Stuur een bericht over de foto naar Helpwanted.",
    "Share your worries about the image with a colleague.",
    "Deel je zorgen met een collega die de foto heeft gezien.",
    "Neem contact op met Helpwanted als er een foto rondgaat.",
    "Keep calm and call Helpwanted about the photo.",
    "Take It Down removes matches of the image from participating platforms.",
    "Maak een afspraak met Helpwanted over de foto.",
    "Make a report to the police about the image.",
    "Stop met het delen van beelden.",
    "Plaats nooit een foto van een ander online.",
    "Only the hash is sent, never the image itself.",
    # Descriptions and conditions
    "Als iemand je foto deelt, bel dan Helpwanted.",
    "If someone shares your photo, call Helpwanted.",
    "Doorsturen van naaktfoto's gebeurt vaak in groepsapps.",
    "Iemand stuurt een seksueel getinte foto van een ander door zonder dat die persoon dat goedvindt.",
    "Ook nepbeelden die anderen maken en verspreiden horen erbij.",
    "Naaktfoto's of filmpjes van iemand worden via sociale media verspreid.",
    "Young people who share images need support.",
    "Someone passes on a sexual photo of another person without consent.",
    "Het beeld zelf wordt niet verstuurd.",
    "Helpwanted helpt ook om beelden van internet te laten verwijderen.",
    # Keeping what is only text, as evidence, is not advice to keep an image
    "Bewaar de tekstberichten als bewijs.",
    "De tekstberichten als bewijs bewaren.",
    "Keep the text messages as evidence.",
    "Bewaar wel de tekst van de berichten als bewijs.",
    "Do keep the text of the messages as evidence.",
    "Bewaar de accountnaam en de betaalverzoeken als bewijs, nooit de beelden.",
    "Keep the usernames and payment requests as evidence, never the images.",
    "Schrijf de naam van het profiel op en blokkeer de afperser.",
    # "met", "with" and lists that do not bring an image along
    "Deel dit nummer met de ouders als de foto rondgaat.",
    "Share the number with the parents of the pupil in the photo.",
    "Stuur een mail met je vraag naar Helpwanted.",
    "Bewaar het nummer, en de foto's worden dan verwijderd.",
    "Bewaar het nummer en bel Helpwanted over de foto.",
    "Do you keep the photos?",
]


@pytest.mark.parametrize("text", ADVICE)
def test_advice_to_keep_or_pass_on_an_image_is_found(text):
    assert image_advice_problems(text) == [sentences(text)[-1]]


@pytest.mark.parametrize("text", NOT_ADVICE)
def test_advice_against_it_and_other_sentences_pass(text):
    assert image_advice_problems(text) == []


def test_only_the_advising_sentences_are_returned():
    text = (
        "Luister rustig. Het is nooit de schuld van degene op de foto. Maak een screenshot als bewijs.\n"
        "• Bel Helpwanted, bijv. over de foto. Keep the video, please!"
    )
    assert image_advice_problems(text) == ["Maak een screenshot als bewijs.", "Keep the video, please!"]


def test_empty_text_has_no_problems():
    assert image_advice_problems("") == []


def _map_prose(node, path=""):
    """Every prose field of the map file (summaries, help-line texts, notes, definitions, map texts)."""
    prose = ("summary", "helps_with", "note", "definition", "intro", "credits", "previous_edition")
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key.removesuffix("_en").endswith(prose):
                yield f"{path}.{key}", value
            else:
                yield from _map_prose(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _map_prose(
                item, f"{path}[{item.get('slug', index) if isinstance(item, dict) else index}]"
            )


def test_no_prose_field_of_the_default_map_advises_keeping_or_passing_on_an_image():
    document = yaml.safe_load(services.DEFAULT_MAP_PATH.read_text(encoding="utf-8"))
    fields = dict(_map_prose(document))
    assert len(fields) > 100, "the map's prose fields were not found"
    assert any(name.endswith("definition_en") for name in fields)
    problems = {name: image_advice_problems(text) for name, text in fields.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def page_text(html: str) -> str:
    """The visible text of a page: tags removed, block ends kept as sentence breaks."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?i)</(p|li|h[1-6]|dt|dd|legend|label|div|section|article|td|th)>|<br\s*/?>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_help_page_gives_no_image_advice(client, default_map, language):
    with translation.override(language):
        url = reverse("web:help")
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert ("Helpwanted" in text) and ("112" in text)
    assert image_advice_problems(text) == []
