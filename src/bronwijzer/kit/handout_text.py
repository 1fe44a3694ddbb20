"""The texts of the parent handout, in easy Dutch (B1).

These Dutch sentences are the message ids of the ``handout`` gettext domain
(``kit/handout_locale/<lang>/LC_MESSAGES/handout.po``). Keep them short and plain: a
parent reads them with the professional, often in a second language. Every
string the handout prints is listed here, so ``make messages`` can extract them
and the guard tests can check that each handout language translates them all.
"""

from __future__ import annotations

#: A note for the translator beside a message id (a ``#.`` comment in the PO file), by message id.
_NOTES: dict[str, str] = {}


def N_(message: str, note: str = "") -> str:
    """Marks a handout string for extraction; it is translated when the handout is rendered."""
    if note:
        _NOTES[message] = note
    return message


def translator_note(message: str) -> str:
    return _NOTES.get(message, "")


TITLE = N_("Praten met uw kind over internet", "The title of the handout. Address the parent formally.")
INTRO = N_(
    "U heeft met ons gepraat over uw kind en internet. Op dit blad staat materiaal dat u "
    "kan helpen. Scan de code met de camera van uw telefoon, of typ het adres over.",
    "A professional gives this sheet to a parent after a conversation. The code is a QR code.",
)
INTRO_HELP_ONLY = N_(
    "U heeft met ons gepraat over uw kind en internet. Op dit blad staan telefoonnummers waar u "
    "hulp en advies krijgt.",
    "Printed instead of the first paragraph when the sheet lists no material, only the help lines: "
    "it must not promise material. Same first sentence as the first paragraph.",
)


def intro_message(has_material: bool) -> str:
    """The opening paragraph of a sheet: it promises material only when the sheet lists some
    (the handout, its PDF and its listening page alike)."""
    return INTRO if has_material else INTRO_HELP_ONLY


NOT_ALONE = N_(
    "Gaat er iets mis met foto's of filmpjes online? Dat is nooit de schuld van uw kind. "
    "U staat er niet alleen voor: de hulplijnen hieronder helpen u verder.",
    'Never blame the child: "schuld" here is blame, not a mistake. Do not promise that the '
    "help is free: some numbers cost money to call.",
)
MATERIAL = N_("Materiaal voor u", "Heading above the list of material.")
KIND = N_("Soort", 'Label before the kind of material: "Soort: Filmpje".')
LANGUAGES = N_("Talen", "Label before the languages the material is in.")
NO_LINK = N_(
    "Zoek op internet naar deze naam.",
    "Printed instead of a web address when the address has not been checked.",
)
WEBSITE = N_("Website", "Label before a web site's address.")
HELP = N_("Hulp en advies", "Heading above the help lines.")
EMERGENCY = N_("Bij direct gevaar: bel 112.", "112 is the emergency number in the Netherlands.")
FREE = N_(
    "gratis",
    "Beside a help line: both the help and the call are free. Never printed beside a 0900 number.",
)
ANONYMOUS = N_("u hoeft uw naam niet te zeggen", "Beside a help line.")
CHAT = N_("ook chat", "Beside a help line: it can also be reached by chat.")
NO_WORDS = N_("zonder woorden", "In the list of languages: the material needs no language.")
PRIVACY = N_(
    "Dit blad is gemaakt met Bronwijzer. Bronwijzer bewaart niets van dit blad. Wilt u weten "
    "wat er over u wordt bewaard? Vraag het aan de persoon die u dit blad gaf.",
    "Bronwijzer (a name: do not translate) keeps nothing of the sheet. The professional's "
    "organisation may keep a file about the family: do not say that nobody keeps anything.",
)
DUTCH_BESIDE = N_(
    "Ernaast staat de tekst in het Nederlands.",
    "Use the same name for Dutch as everywhere else in this language.",
)

# "Stuur naar ouder": the short message that brings the handout to her phone, and the handout
# page's title and link preview. They may be read on her lock screen or in a preview by someone
# else, so they name no topic, no help line and no organisation.
SEND_MESSAGE = N_(
    "Hallo, hier is de informatie waarover we hebben gepraat.",
    "A text message to the parent, followed by a link. It may show on her lock screen: do not "
    "name the topic (internet, photos, the child). Formal if the language needs a form of address.",
)
SEND_TITLE = N_(
    "Informatie van uw hulpverlener",
    "The subject of the e-mail, the title shown when the handout's link is shared, and the printed "
    "title of the discreet handout. Neutral on purpose: do not name the topic. The helper is the "
    "professional who gave her the link or the sheet.",
)
SEND_DESCRIPTION = N_(
    "Open de link om de informatie te lezen.",
    "Shown under the title in the preview of the handout's link. Neutral on purpose.",
)

# The discreet handout: its top half (what is seen first, and when the sheet is folded) names no
# topic, no help line and no organisation. Its title is SEND_TITLE; the handout's content follows
# on the lower half of the page.
DISCREET_OPENING = N_(
    "U kreeg dit blad van uw hulpverlener. Lees het op een rustig moment. De informatie staat "
    "op de onderste helft van dit blad.",
    "The first lines of the discreet handout, under its neutral title. Neutral on purpose: do not "
    "name the topic (internet, photos, sex, the child's problem) or any organisation.",
)
DISCREET_HELPER = N_(
    "Uw hulpverlener",
    "On the discreet handout: a line to write the professional's name on. Neutral on purpose.",
)
DISCREET_PHONE = N_("Telefoon", "On the discreet handout: a line to write a phone number on.")
DISCREET_APPOINTMENT = N_(
    "Volgende afspraak",
    "On the discreet handout: a line to write the date of the next meeting on.",
)
DISCREET_NOTES = N_(
    "Aantekeningen",
    "On the discreet handout: space for the parent's own notes. Neutral on purpose.",
)

#: The kinds of help line (``catalog.vocab.HELPLINE_KINDS``), by slug.
HELPLINE_KINDS = {
    "hulplijn": N_("Hulplijn"),
    "meldpunt": N_("Meldpunt"),
    "verwijderhulp": N_("Beelden laten verwijderen"),
}

#: How a language is available (``catalog.vocab.LANGUAGE_MODES``), by slug.
LANGUAGE_MODES = {
    "tekst": N_("tekst"),
    "ondertiteling": N_("ondertiteling"),
    "eenvoudig": N_("eenvoudige taal", "The material is in plain, easy-to-read language."),
    "audio": N_("gesproken", "The material can be listened to (audio, read aloud)."),
}

#: The kinds of material (``catalog.vocab.FORMATS``), by slug, in words a parent knows.
FORMATS = {
    "brochure": N_("Brochure"),
    "artikel": N_("Artikel"),
    "publicatie": N_("Onderzoek"),
    "video": N_("Filmpje"),
    "podcast": N_("Podcast (om te luisteren)"),
    "online-training": N_("Training op internet"),
    "e-learning": N_("Cursus op internet"),
    "cursus": N_("Cursus"),
    "handreiking": N_("Gids met tips"),
    "factsheet": N_("Informatieblad"),
    "toolbox": N_("Verzameling tips"),
    "gesprekstool": N_("Hulpmiddel voor een gesprek"),
    "les": N_("Les"),
    "workshop": N_("Workshop"),
    "escaperoom": N_("Spel"),
    "boek": N_("Boek"),
    "website": N_("Website"),
    "ouderavond": N_("Ouderavond (opname)"),
    "hulplijn": N_("Hulplijn"),
}

# The interpreter sheet ("Tolkblad"): one A4 for the professional and the interpreter or key figure
# from the community who helps with the conversation. Dutch and the parent's language side by side.
# It is not handed to the parent, but the parent may see it: never blame the child.
INTERPRETER_TITLE = N_(
    "Woordenlijst voor de tolk",
    "Title of a sheet for an interpreter, or for a person from the parent's community who helps "
    "with the conversation. The sheet has Dutch and your language side by side.",
)
INTERPRETER_HOW = N_(
    "Voor de tolk of sleutelpersoon. Naast elk Nederlands woord staat hetzelfde woord in de taal "
    "van de ouder, met een korte uitleg. Gebruik woorden die de ouder kent. Het kind heeft nooit "
    "de schuld.",
    "A sleutelpersoon is a trusted person from the parent's community who helps with the "
    "conversation. Address the reader formally. Blame: the sense of fault, not a mistake.",
)
INTERPRETER_WORDS = N_("Woorden in het gesprek", "Heading above the list of key words.")
INTERPRETER_TERMS = N_(
    "Begrippen uit het materiaal",
    "Heading above words that the material (brochures, films) for the parent uses.",
)
NO_TRANSLATION = N_(
    "(nog geen vertaling: laat de tolk dit uitleggen)",
    "Printed in your language's column beside a word that has no translation yet: the "
    "interpreter explains the Dutch word in their own words.",
)

#: The key words of the conversation: (the word, a short explanation), in the sheet's order.
#: Translate the word as people say it; keep a word that is used as it is (sexting) and add your
#: own word in brackets if there is one. Names of organisations stay as they are.
KEY_WORDS = (
    (
        N_("sexting", "A key word on the interpreter sheet. Often used as it is; add your word if any."),
        N_("Seksuele berichten, foto's of filmpjes die mensen elkaar sturen met de telefoon."),
    ),
    (
        N_("sexting misbruik", "A key word: when sexting is used against someone."),
        N_(
            "Een seksuele foto of een filmpje van iemand wordt verspreid of gebruikt terwijl die "
            "persoon dat niet wil."
        ),
    ),
    (
        N_("sextortion", "A key word: blackmail with nude images (sex + extortion)."),
        N_("Chantage: iemand dreigt naaktbeelden te verspreiden. Hij wil dan geld of meer beelden."),
    ),
    (
        N_("naaktbeeld", "A key word: a nude photo or video."),
        N_("Een foto of filmpje waarop iemand naakt of bijna naakt is."),
    ),
    (
        N_("doorsturen", "A key word: to pass a message or picture on to others."),
        N_(
            "Als iemand een bericht, foto of filmpje naar anderen stuurt. Stuur een naaktbeeld nooit "
            "door, ook niet als bewijs."
        ),
    ),
    (
        N_("melden", "A key word: to tell a help line, the school or the police what happened."),
        N_("Vertellen wat er is gebeurd, aan een hulplijn, de school of de politie."),
    ),
    (
        N_("aangifte doen", "A key word: to file an official report with the police."),
        N_("Aan de politie vertellen dat er iets strafbaars is gebeurd. De politie kan het dan onderzoeken."),
    ),
    (
        N_("Veilig Thuis", "A key word, the name of an organisation: keep the name as it is."),
        N_("Hulp en advies bij geweld of onveiligheid in het gezin. U kunt er ook eerst advies vragen."),
    ),
    (
        N_("hulplijn", "A key word: a phone number or chat for help and advice."),
        N_("Een telefoonnummer of chat voor hulp en advies."),
    ),
    (
        N_("vertrouwenspersoon", "A key word: a person you can talk to in confidence."),
        N_("Iemand met wie u in vertrouwen kunt praten, bijvoorbeeld op school of in een vereniging."),
    ),
    (
        N_("toestemming", "A key word: consent, permission."),
        N_("Iemand zegt zelf en vrij 'ja', zonder druk. Later 'nee' zeggen mag ook."),
    ),
    (
        N_("privacy", "A key word: the right to decide about your own information."),
        N_("Het recht om zelf te kiezen wie uw gegevens, foto's en berichten ziet."),
    ),
    (
        N_("schaamte en schuld", "A key word: shame and blame (the sense of fault, not a mistake)."),
        N_("Schamen is normaal. Maar de schuld ligt bij wie een beeld misbruikt, nooit bij het kind."),
    ),
)

# "Luister": the handout read aloud on her own phone (the listening page, and the one QR code on
# the printed handout that opens it). The phone's own voices read the texts above; these are the
# page's buttons and messages.
LISTEN = N_(
    "Luister",
    "A button and the label of a QR code: the phone reads this sheet aloud. An imperative, formal.",
)
LISTEN_INTRO = N_(
    "Uw telefoon leest dit blad voor, zin voor zin.",
    "At the top of the listening page. The phone's own voice reads the text aloud.",
)
LISTEN_DUTCH = N_(
    "Luister in het Nederlands",
    "A button: the phone reads the Dutch text aloud. Use the same name for Dutch as elsewhere.",
)
LISTEN_PAUSE = N_("Pauze", "A button: stop reading aloud for a moment.")
LISTEN_STOP = N_("Stop", "A button: stop reading aloud and go back to the start.")
LISTEN_PREVIOUS = N_("Vorige zin", "A button: read the sentence before this one.")
LISTEN_NEXT = N_("Volgende zin", "A button: read the next sentence.")
LISTEN_NO_VOICE = N_(
    "Op dit apparaat is geen stem voor deze taal. Luister in het Nederlands.",
    "The phone has no voice that can read this language aloud; it can read the Dutch text.",
)
LISTEN_NO_SPEECH = N_(
    "Op dit apparaat kunt u niet luisteren. U kunt de tekst wel lezen.",
    "The phone or browser cannot read text aloud at all.",
)
LISTEN_NEEDS_JS = N_(
    "Luisteren werkt alleen met JavaScript.",
    "JavaScript is a name: keep it. Shown when the browser runs no scripts.",
)
LISTEN_PLAYING = N_("De telefoon leest voor.", "A status line while the text is read aloud.")
LISTEN_PAUSED = N_("Gepauzeerd.", "A status line: reading aloud is paused.")
LISTEN_STOPPED = N_("Gestopt.", "A status line: reading aloud stopped.")
LISTEN_PHONE = N_(
    "Telefoonnummer",
    'Read aloud before a help line\'s number: "Telefoonnummer: 0 8 0 0, 2 0 0 0".',
)
