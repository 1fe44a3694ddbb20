"""The default map tells the print's facts, and says where it does not know them.

Read from the packaged map file and checked against the print (shared/seed/) and the
confirmed facts (shared/reference/urls.md): languages and how they are available, a value in
every facet the print gives, titles that are the material's own or marked as a description,
people as authors rather than organisations, the print's spelling of labels, and its colophon
line by line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from bronwijzer.catalog import vocab
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.lib.languages import language_name

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seed" / "overzichtskaart-sexting-misbruik-2025.txt"
URLS_MD = SHARED / "reference" / "urls.md"

#: Words an entry uses to say that a fact has not been checked yet.
NOT_VERIFIED = re.compile(r"nog niet (nagekeken|gevonden|bekend|gezien)", re.I)


def _flat(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text("utf-8")
    return re.sub(r"\]\([^)]*\)", "]", text).replace("\\", "")


@pytest.fixture(scope="module")
def urls_md() -> str:
    if not URLS_MD.exists():
        pytest.skip(f"{URLS_MD} is not available")
    return URLS_MD.read_text("utf-8")


@pytest.fixture(scope="module")
def resources(default_document) -> list[dict]:
    MapDocument.model_validate(default_document)  # the file is valid as it stands
    return default_document["resources"]


def _by_slug(resources, slug: str) -> dict:
    return next(r for r in resources if r["slug"] == slug)


# --- facets ---------------------------------------------------------------------------------------

#: The facets the print gives every entry: where it stands, what it is about, for which
#: professionals and audience, what kind of material, in which language. (Context, age and cost
#: it gives only for some.)
EVERY_ENTRY = ("sections", "themes", "professions", "audiences", "formats", "languages")


def test_every_resource_has_a_value_in_every_facet_the_print_gives(resources):
    missing = [(r["slug"], facet) for r in resources for facet in EVERY_ENTRY if not r.get(facet)]
    assert missing == []


#: The print's sections for one professional group, and the professions that belong to it.
SECTION_PROFESSIONS = {
    "onderwijs": {"basisonderwijs", "voortgezet-onderwijs", "speciaal-onderwijs", "mbo"},
    "opvoedondersteuning": {"opvoedondersteuning"},
    "wijk-en-jeugdteams": {"wijk-en-jeugdteams"},
}


def test_a_resource_in_a_professional_groups_section_names_that_group(resources):
    wrong = [
        (r["slug"], section)
        for r in resources
        for section, professions in SECTION_PROFESSIONS.items()
        if section in r["sections"] and not professions & set(r["professions"])
    ]
    assert wrong == []


# --- languages ------------------------------------------------------------------------------------


def test_a_language_the_description_names_is_a_language_of_the_resource(resources):
    """ "Engelstalige gids", "ondertiteling in het Arabisch": the language filter, the kit and the
    handout read ``languages``, so what the text promises must be there."""
    wrong = []
    for r in resources:
        text = " ".join(filter(None, (r["summary"], r.get("languages_note"))))
        text = text.replace("Nederlands Jeugdinstituut", "")  # a name, not a language
        for code in ("nl", "en", "ar", "tr", "fr", "pl", "so", "uk", "de", "es", "pt", "fa", "ti", "ber"):
            if len(code) != 2:
                continue
            name = language_name(code, "nl")
            if re.search(rf"\b{name}(talig\w*)?\b", text) and code not in r["languages"]:
                wrong.append((r["slug"], code))
    assert wrong == []


def test_a_number_of_languages_the_print_gives_is_listed_or_said_to_be_incomplete(resources, seed):
    checked = 0
    for r in resources:
        for sentence in re.split(r"(?<=[.!?])\s+", seed):
            found = re.search(r"in (\d+) talen", sentence)
            if not found or _flat(r["title"]) not in _flat(sentence):
                continue
            checked += 1
            count = int(found.group(1))
            if len(r["languages"]) < count:
                note = r.get("languages_note") or ""
                assert str(count) in note and NOT_VERIFIED.search(note), (r["slug"], note)
    assert checked >= 1  # Zanzu.nl: "in 17 talen"


#: What the print and urls.md (third search pass) say about the languages of some materials:
#: slug -> {language: modes that must be among its modes (empty: any)}.
CONFIRMED_LANGUAGES = {
    # urls.md, third pass: at least Dutch, Arabic, Polish, Somali and Turkish, read aloud in each
    "zanzu-alles-over-seks": {code: {"tekst", "audio"} for code in ("nl", "ar", "pl", "so", "tr")},
    # the print: easy Dutch, and English, French, Turkish and Arabic
    "mediagesprek": {"nl": {"eenvoudig"}, "en": set(), "fr": set(), "tr": set(), "ar": set()},
    # the print: the tips can be read along in Dutch, English and Arabic
    "trias-tips-sociale-media-gebruik": {code: {"ondertiteling"} for code in ("nl", "en", "ar")},
    # urls.md: English possible
    "helpwanted": {"nl": set(), "en": set()},
}


@pytest.mark.parametrize("slug", sorted(CONFIRMED_LANGUAGES))
def test_confirmed_languages_are_listed_with_how_they_are_available(resources, slug):
    resource = _by_slug(resources, slug)
    for code, modes in CONFIRMED_LANGUAGES[slug].items():
        assert code in resource["languages"], code
        assert modes <= set(resource["language_modes"].get(code, [])), code


def test_material_only_in_english_lists_only_english(resources):
    guide = _by_slug(resources, "internet-matters-lhbtqi-kind-online")
    assert guide["languages"] == ["en"]


def test_a_spoken_language_that_was_not_seen_is_not_claimed(resources):
    """The print gives the Trias video's subtitles, not its spoken language."""
    video = _by_slug(resources, "trias-tips-sociale-media-gebruik")
    assert all("audio" not in modes for modes in video["language_modes"].values())
    assert NOT_VERIFIED.search(video["languages_note"])


# --- titles, people, links ------------------------------------------------------------------------


def test_a_title_is_the_materials_own_or_marked_as_a_description(resources, seed, urls_md):
    """A title that neither the print nor urls.md gives is ours, and must say so."""
    known = _flat(seed) + " " + _flat(urls_md)
    invented = [r["slug"] for r in resources if not r["title_descriptive"] and _flat(r["title"]) not in known]
    assert invented == []
    assert sum(r["title_descriptive"] for r in resources) >= 2


def test_people_are_authors_not_organisations(default_document, resources):
    organisations = {o["name"] for o in default_document["organisations"]}
    authors = {name for r in resources for name in r["authors"]}
    assert authors and not authors & organisations
    for r in resources:
        assert not set(r["authors"]) & {
            ref if isinstance(ref, str) else ref["name"] for ref in r["organisations"]
        }
    assert _by_slug(resources, "help-ik-sta-online")["authors"] == ["Francien Regelink"]


def test_the_prints_people_are_no_organisations(default_document, seed):
    """The people the print names (its own authors and the materials' makers) are no organisations."""
    colophon = seed.split("Colofon", 1)[1]
    people = {
        name.strip()
        for line in colophon.splitlines()
        if line.startswith("Auteurs")
        for name in re.split(r",| en ", line.split(":", 1)[1])
    }
    people |= {"Francien Regelink", "Abdellah Mehrzaz"}
    assert not people & {o["name"] for o in default_document["organisations"]}


def test_a_link_to_a_page_for_other_ages_says_so(resources):
    """The NJi toolbox for 13-18 year-olds links a related page for 13-16: the entry must say so."""
    checked = 0
    for r in resources:
        found = re.search(r"(\d+)-(\d+)-jarigen", r["url"] or "")
        if not found or (int(found.group(1)), int(found.group(2))) == (r["age_min"], r["age_max"]):
            continue
        checked += 1
        assert not r["url_verified"], r["slug"]
        for text in (r["summary"], r["summary_en"]):
            assert found.group(1) in text and found.group(2) in text, (r["slug"], text)
    assert checked >= 1


def test_who_speaks_in_luister_zonder_oordeel(resources):
    summary = _by_slug(resources, "luister-zonder-oordeel")["summary"].lower()
    for who in ("psycholog", "ervaringsdeskundig", "slachtoffer", "ouders"):
        assert who in summary
    assert "over hun ervaringen" not in summary  # the print does not say what the psychologists tell


def test_respect_online_keeps_the_prints_ages(resources):
    respect = _by_slug(resources, "halt-aanpak-ongewenste-sexting")
    assert (respect["age_min"], respect["age_max"]) == (12, 17)


# --- labels ---------------------------------------------------------------------------------------


def test_labels_use_the_prints_spelling(seed):
    """A label word that the print spells with the same letters in another order ("Lhbtiq+" for
    "lhbtqi+") takes the print's spelling."""
    printed = set(re.findall(r"\w+", seed.lower()))
    by_letters: dict[str, set[str]] = {}
    for word in printed:
        by_letters.setdefault("".join(sorted(word)), set()).add(word)
    respelled = []
    with translation.override("nl"):
        for vocabulary in (*vocab.LIST_FACETS, vocab.COST, vocab.LANGUAGE_MODES, vocab.HELPLINE_KINDS):
            for term in vocabulary.terms:
                for word in re.findall(r"\w+", str(term.label).lower()):
                    same_letters = by_letters.get("".join(sorted(word)), set())
                    if same_letters and word not in same_letters:
                        respelled.append((vocabulary.name, str(term.label), sorted(same_letters)))
    assert respelled == []
    with translation.override("nl"):
        assert vocab.CONTEXTS.label_for("lhbtiq") == "lhbtqi+"


# --- the colophon ---------------------------------------------------------------------------------


def test_the_colophon_is_the_prints_line_by_line(default_document, seed):
    printed = [line.strip() for line in seed.split("\nColofon\n", 1)[1].splitlines() if line.strip()]
    ours = [
        f"{line['label']}: {line['value']}" if line["label"] else line["value"]
        for line in default_document["map"]["colophon"]
    ]
    assert ours == printed
    assert all(line["label_en"] for line in default_document["map"]["colophon"])
