"""The texts of the parent handout, in easy Dutch (B1).

These Dutch sentences are the message ids of the ``handout`` gettext domain
(``kit/handout_locale/<lang>/LC_MESSAGES/handout.po``). Keep them short and plain: a
parent reads them with the professional, often in a second language. Every
string the handout prints is listed here, so ``make messages`` can extract them
and the guard tests can check that each handout language translates them all.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a handout string for extraction; it is translated when the handout is rendered."""
    return message


TITLE = N_("Praten met uw kind over internet")
INTRO = N_(
    "U heeft met ons gepraat over uw kind en internet. Op dit blad staat materiaal dat u "
    "kan helpen. Scan de code met de camera van uw telefoon, of typ het adres over."
)
NOT_ALONE = N_(
    "Gaat er iets mis met foto's of filmpjes online? Dat is nooit de schuld van uw kind. "
    "U staat er niet alleen voor: de hulplijnen hieronder helpen gratis."
)
MATERIAL = N_("Materiaal voor u")
KIND = N_("Soort")
LANGUAGES = N_("Talen")
ADDRESS = N_("Adres")
NO_LINK = N_("Zoek op internet naar deze naam.")
WEBSITE = N_("Website")
HELP = N_("Hulp en advies")
EMERGENCY = N_("Bij direct gevaar: bel 112.")
PHONE = N_("Bellen")
FREE = N_("gratis")
ANONYMOUS = N_("u hoeft uw naam niet te zeggen")
CHAT = N_("ook chat")
NO_WORDS = N_("zonder woorden")
PRIVACY = N_("Dit blad is gemaakt met Bronwijzer. Niemand bewaart uw naam of gegevens.")
DUTCH_BESIDE = N_("Ernaast staat de tekst in het Nederlands.")

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
    "eenvoudig": N_("eenvoudige taal"),
    "audio": N_("gesproken"),
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
