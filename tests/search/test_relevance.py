"""Relevance suite: queries as professionals and parents type them, against the default map.

Each query lists the resources a professional would expect among the first five
results, decided from the content of the map (title, summary, facts), not from
what the engine returns. A query counts as a hit when *all* its expected
resources are in the top five. The suite passes at hits@5 >= 0.95; every query
also has its own test that records its result, so misses show up by name, but
only the aggregate decides (a single miss is allowed by the threshold, never by
editing the expectation).

The searches go through the real path: the default map loaded by the import
service, the engine's per-process index, ``resource_search``. The map is loaded
once for the module (``default_map_module``, the module-scoped twin of
``default_map``), so the hundred searches share one load and one index build.
"""

from __future__ import annotations

import pytest

from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import Selection

pytestmark = pytest.mark.django_db

TOP = 5
THRESHOLD = 0.95

#: (query, resources expected in the top 5, why a professional expects them)
CASES: list[tuple[str, tuple[str, ...], str]] = [
    # --- incidents, help and reporting
    ("nudes doorgestuurd", ("helpwanted",), "passed-on nudes: Helpwanted helps to get images removed"),
    ("hulp bij verwijderen van foto", ("helpwanted", "help-ik-sta-online"), "removing a photo"),
    ("beelden laten verwijderen", ("helpwanted",), "Helpwanted: beelden laten verwijderen"),
    ("foto van mijn dochter staat online", ("help-ik-sta-online",), "book: a photo of you is online"),
    ("sextortion", ("helpwanted",), "sexual extortion online: help line for online abuse"),
    ("aangifte doen", ("politie-video-aangifte", "politie-sexting-misbruik"), "police on reporting"),
    ("police report", ("politie-video-aangifte", "politie-sexting-misbruik"), "English: reporting"),
    ("politei aangifte", ("politie-video-aangifte",), "typo in politie"),
    ("melden", ("meldknop",), "Meldknop is about reporting"),
    ("chat anoniem", ("helpwanted",), "Helpwanted: anoniem chatten"),
    ("misbruik in de kerk melden", ("veilige-kerk-meldpunten",), "reporting points in and around church"),
    ("huiselijk geweld", ("veilige-kerk-meldpunten",), "the only resource on domestic violence"),
    ("mijn zoon heeft een naaktfoto doorgestuurd", ("halt-aanpak-ongewenste-sexting",), "young offender"),
    ("dader", ("halt-aanpak-ongewenste-sexting",), "Halt's approach for young perpetrators"),
    ("online seksueel misbruik steunen", ("helpen-na-online-seksueel-misbruik",), "supporting a victim"),
    # --- what sexting abuse is
    ("sextingmisbruik", ("praten-over-sexting-misbruik", "animatievideo-sexting-misbruik"), "compound"),
    (
        "what is sexting abuse",
        ("praten-over-sexting-misbruik", "animatievideo-sexting-misbruik"),
        "English: the explainers",
    ),
    ("shame sexting", ("teamtool-shame-sexting",), "title"),
    ("meisjes", ("online-grensoverschrijdend-gedrag-meiden-vrouwen",), "girls and women"),
    ("gender", ("online-grensoverschrijdend-gedrag-meiden-vrouwen",), "the role of gender"),
    (
        "grensoverschrijdend gedrag online",
        ("online-grensoverschrijdend-gedrag-meiden-vrouwen", "helpwanted"),
        "online abuse",
    ),
    # --- parents
    ("iets voor een Turkse moeder", ("mediagesprek",), "the only material in Turkish, for parents"),
    ("arabisch", ("mediagesprek", "trias-tips-sociale-media-gebruik"), "the materials in Arabic"),
    ("arabische ouders", ("mediagesprek", "trias-tips-sociale-media-gebruik"), "Arabic, for parents"),
    ("turks", ("mediagesprek",), "Turkish"),
    ("frans", ("mediagesprek",), "French"),
    ("english", ("internet-matters-lhbtqi-kind-online", "mediagesprek"), "materials in English"),
    ("resources for parents in english", ("internet-matters-lhbtqi-kind-online",), "English guide"),
    ("Engelstalig", ("internet-matters-lhbtqi-kind-online",), "Engelstalige gids"),
    (
        "christelijke ouders",
        ("geloofwaardig-opvoeden-sexting", "youth-for-christ-tips-sexting"),
        "for Christian parents",
    ),
    ("reformatorisch", ("kliksafe-sexting-misbruik",), "Reformed internet provider"),
    (
        "ouders met migratieachtergrond",
        ("animatievideo-sexting-misbruik", "praten-over-sexting-misbruik"),
        "KIS material for migrant parents",
    ),
    ("lhbti kind online", ("internet-matters-lhbtqi-kind-online",), "LGBTQI+ child online"),
    (
        "tips voor ouders sexting",
        ("tien-tips-ouders-praten-over-sexting", "youth-for-christ-tips-sexting"),
        "tips for parents",
    ),
    (
        "sextnig tips ouders",
        ("tien-tips-ouders-praten-over-sexting", "youth-for-christ-tips-sexting"),
        "typo in sexting",
    ),
    ("ouder avond", ("kpn-ouderavond-sexting",), "compound the other way"),
    (
        "ouderbijeenkomst",
        ("halt-lessen-social-media-online-veiligheid", "kpn-ouderavond-sexting"),
        "meetings",
    ),
    ("video voor ouders", ("animatievideo-sexting-misbruik",), "animation for parents"),
    ("animatie", ("animatievideo-sexting-misbruik", "mediawijsheid-sexting-misbruik"), "animations"),
    ("explaining sexting to parents video", ("animatievideo-sexting-misbruik",), "English description"),
    ("boek", ("help-ik-sta-online",), "the only book"),
    ("Help ik sta online", ("help-ik-sta-online",), "title"),
    ("oudermodule", ("oudermodule-fonds-slachtofferhulp",), "title"),
    ("mediagebruik kinderen", ("mediagebruik-bij-kinderen",), "title"),
    ("tieners mediagebruik", ("tips-mediagebruik-13-18-jarigen",), "media use of 13-18 year olds"),
    ("mediaopvoeding", ("mediadiamant", "tips-mediagebruik-13-18-jarigen"), "media parenting"),
    ("mediadiamand", ("mediadiamant",), "typo"),
    ("gesprekstool ouders", ("mediagesprek", "mediadiamant"), "conversation tools for parents"),
    # --- victims, podcasts
    ("podcast slachtoffer", ("luister-zonder-oordeel",), "podcast with victims"),
    ("podcats slachtofers", ("luister-zonder-oordeel",), "two typos"),
    ("podcast", ("podcast-niet-jouw-schuld", "luister-zonder-oordeel"), "both podcasts"),
    ("ervaringsverhalen slachtoffers", ("luister-zonder-oordeel",), "experiences of victims"),
    ("niet jouw schuld", ("podcast-niet-jouw-schuld",), "title"),
    ("slachtofferhulp", ("luister-zonder-oordeel", "helpen-na-online-seksueel-misbruik"), "organisation"),
    # --- schools
    ("escape room", ("escaperoom-het-stopt-bij-jou",), "escape room, two words"),
    (
        "les voor middelbare school",
        ("halt-lessen-social-media-online-veiligheid", "lang-leve-de-liefde"),
        "lessons for secondary schools",
    ),
    (
        "basisschool",
        ("halt-lessen-social-media-online-veiligheid", "escaperoom-het-stopt-bij-jou"),
        "primary schools",
    ),
    ("mbo", ("escaperoom-het-stopt-bij-jou",), "the only one for mbo"),
    ("sexting bij jongeren met een beperking", ("escaperoom-het-stopt-bij-jou",), "special education"),
    ("workshop", ("chris-en-voorkom-workshops",), "the only workshops"),
    ("privacy groepsdruk", ("chris-en-voorkom-workshops",), "workshop topics"),
    ("preventie kerken", ("chris-en-voorkom-workshops",), "prevention programmes for churches"),
    ("online veiligheid", ("halt-lessen-social-media-online-veiligheid",), "title"),
    ("seksuele voorlichting", ("halt-voorlichtingsles-seksuele-vorming",), "information lesson"),
    ("gratis lesmateriaal", ("lang-leve-de-liefde",), "free lesson materials"),
    ("lang leve de liefde", ("lang-leve-de-liefde",), "title with stopword"),
    ("respect online", ("halt-aanpak-ongewenste-sexting",), "title"),
    # --- professionals: training, diversity, religion, honour
    (
        "weerbaarheid trainng",
        ("rutgers-online-cursus-online-seksueel-gedrag",),
        "course making youth more resilient",
    ),
    (
        "weerbaarhied",
        ("chris-en-voorkom-workshops", "rutgers-online-cursus-online-seksueel-gedrag"),
        "typo",
    ),
    ("online course for youth workers", ("rutgers-online-cursus-online-seksueel-gedrag",), "English"),
    (
        "trainingen voor sociaal werkers",
        ("introductie-intercultureel-vakmanschap", "de-zin-van-zingeving"),
        "online trainings for social professionals",
    ),
    ("e-learning gratis", ("basiskennis-eergerelateerd-geweld",), "free e-learning"),
    ("eergerelateerd geweld meldcode", ("factsheet-meldcode-eergerelateerd-geweld",), "meldcode factsheet"),
    (
        "eergerelateerd gewelt",
        ("basiskennis-eergerelateerd-geweld", "factsheet-meldcode-eergerelateerd-geweld"),
        "typo",
    ),
    (
        "honour based violence",
        ("basiskennis-eergerelateerd-geweld", "factsheet-meldcode-eergerelateerd-geweld"),
        "English",
    ),
    ("meldcode", ("factsheet-meldcode-eergerelateerd-geweld",), "title"),
    ("cultuursensitief werken", ("cultuursensitief-werken-pharos", "cultuursensitief-praten"), "title"),
    ("cultuursensitif", ("cultuursensitief-werken-pharos", "cultuursensitief-praten"), "typo"),
    ("handreiking cultuursensitief", ("cultuursensitief-werken-pharos",), "the guide"),
    ("pdf downloaden", ("cultuursensitief-werken-pharos",), "free pdf"),
    ("intercultureel", ("introductie-intercultureel-vakmanschap",), "title"),
    ("intersectionaliteit", ("intersectioneel-werken",), "noun of intersectioneel"),
    ("vluchtelingen", ("cultuursensitief-werken-pharos", "zanzu-alles-over-seks"), "refugees, newcomers"),
    ("nieuwkomers seksualiteit", ("zanzu-alles-over-seks",), "Zanzu"),
    (
        "religie",
        ("de-zin-van-zingeving", "levensbeschouwelijke-competenties-hulpverlening"),
        "religion and worldview",
    ),
    ("geloof en hulpverlening", ("levensbeschouwelijke-competenties-hulpverlening",), "faith in care"),
    ("zingeving", ("de-zin-van-zingeving",), "title"),
    ("zes uur online training religie", ("de-zin-van-zingeving",), "long query"),
    (
        "wijkteam",
        (
            "podcast-niet-jouw-schuld",
            "teamtool-shame-sexting",
            "rutgers-online-cursus-online-seksueel-gedrag",
        ),
        "the tools for neighbourhood and youth teams",
    ),
    ("jeugdteam podcast", ("podcast-niet-jouw-schuld",), "podcast for youth teams"),
    ("gesprek in het team", ("teamtool-shame-sexting",), "discuss in your team"),
    (
        "opvoedondersteuning",
        ("tips-mediagebruik-13-18-jarigen", "mediadiamant", "mediagesprek"),
        "the parenting support tools",
    ),
    ("nederlands jeugdinstituut", ("tips-mediagebruik-13-18-jarigen",), "organisation"),
    ("kerk", ("veilige-kerk-meldpunten", "chris-en-voorkom-workshops"), "church"),
    ("halt", ("halt-lessen-social-media-online-veiligheid", "halt-aanpak-ongewenste-sexting"), "org"),
    ("politie", ("politie-sexting-misbruik", "politie-video-aangifte"), "organisation"),
    ("mediawijsheid", ("mediawijsheid-sexting-misbruik", "mediadiamant"), "Netwerk Mediawijsheid"),
    ("kliksafe", ("kliksafe-sexting-misbruik",), "organisation"),
    # --- an audience or context in two words. The map has no Islamic material: for Muslim
    # parents the nearest is its material for parents with a migration background
    # (audience ouders, context migratieachtergrond), the group the map is made for.
    (
        "moslim ouders",
        ("animatievideo-sexting-misbruik", "zanzu-alles-over-seks"),
        "for parents, migration background",
    ),
    (
        "moslimouders",
        ("animatievideo-sexting-misbruik", "zanzu-alles-over-seks"),
        "the same as one word",
    ),
    (
        "islamitische ouders",
        ("animatievideo-sexting-misbruik", "zanzu-alles-over-seks"),
        "for parents, migration background",
    ),
    (
        "muslim parents",
        ("animatievideo-sexting-misbruik", "zanzu-alles-over-seks"),
        "English: for parents, migration background",
    ),
    (
        "migranten ouders",
        ("animatievideo-sexting-misbruik", "zanzu-alles-over-seks"),
        "audience ouders, context migratieachtergrond",
    ),
    ("turkse moeder", ("mediagesprek",), "for parents, in Turkish"),
    ("turkish mother", ("mediagesprek",), "English: for parents, in Turkish"),
    ("arabische moeder", ("mediagesprek", "trias-tips-sociale-media-gebruik"), "for parents, in Arabic"),
    (
        "marokkaanse vader",
        ("mediagesprek", "trias-tips-sociale-media-gebruik", "animatievideo-sexting-misbruik"),
        "for parents: in Arabic, or for a migration background",
    ),
    (
        "syrische ouders",
        ("mediagesprek", "trias-tips-sociale-media-gebruik", "zanzu-alles-over-seks"),
        "for parents: in Arabic, or for newcomers",
    ),
    ("vluchtelingen ouders", ("zanzu-alles-over-seks",), "for parents, context nieuwkomers"),
    (
        "christelijke school",
        ("chris-en-voorkom-workshops", "escaperoom-het-stopt-bij-jou"),
        "context christelijk, for schools",
    ),
    (
        "christelijke jongeren",
        ("chris-en-voorkom-workshops", "escaperoom-het-stopt-bij-jou"),
        "context christelijk, audience jongeren",
    ),
    (
        "christian parents",
        ("geloofwaardig-opvoeden-sexting", "youth-for-christ-tips-sexting", "kliksafe-sexting-misbruik"),
        "English: context christelijk, audience ouders",
    ),
    ("gereformeerde kerk", ("kliksafe-sexting-misbruik",), "context reformatorisch"),
    ("reformed church", ("kliksafe-sexting-misbruik",), "English: context reformatorisch"),
    ("lhbti ouders", ("internet-matters-lhbtqi-kind-online",), "context lhbtiq, audience ouders"),
    # --- language names find the material in that language (the languages facet)
    (
        "engels",
        (
            "mediagesprek",
            "trias-tips-sociale-media-gebruik",
            "internet-matters-lhbtqi-kind-online",
            "helpwanted",
        ),
        "the four resources with English",
    ),
    ("arabic", ("mediagesprek", "trias-tips-sociale-media-gebruik"), "English name of Arabic"),
    ("in het turks", ("mediagesprek",), "Turkish, with stopwords"),
    (
        "materiaal in het arabisch voor ouders",
        ("mediagesprek", "trias-tips-sociale-media-gebruik"),
        "a sentence: Arabic, for parents",
    ),
    # --- words that are words (not typos of another), synonyms and related words
    ("wijkagent", ("politie-sexting-misbruik", "politie-video-aangifte"), "a synonym of politie"),
    ("chantage", ("helpwanted",), "sextortion in Dutch: the help line for online abuse"),
    ("afpersing", ("helpwanted",), "sextortion in Dutch"),
    ("sextortion hulp", ("helpwanted",), "help with sextortion"),
    (
        "nepnaakt",
        ("praten-over-sexting-misbruik", "animatievideo-sexting-misbruik"),
        "fake nudes are sexting abuse (glossary): the explainers",
    ),
    (
        "deepfake",
        ("praten-over-sexting-misbruik", "animatievideo-sexting-misbruik"),
        "fake nudes are sexting abuse (glossary): the explainers",
    ),
    ("pleegouders", ("tien-tips-ouders-praten-over-sexting",), "foster parents are parents"),
    ("weerbaarheidstraining", ("rutgers-online-cursus-online-seksueel-gedrag",), "a compound of two words"),
]

_results: dict[str, list[str]] = {}


def top(query: str) -> list[str]:
    if query not in _results:
        _results[query] = [doc.slug for doc in resource_search(Selection(), query, limit=TOP).results]
    return _results[query]


def is_hit(query: str, expected: tuple[str, ...]) -> bool:
    return set(expected) <= set(top(query))


def test_the_suite_is_large_and_expects_existing_resources(default_map_module, db):
    from bronwijzer.search.engine import search_index

    slugs = {doc.slug for doc in search_index().docs}
    assert len(CASES) >= 45
    assert len({q for q, _, _ in CASES}) == len(CASES), "duplicate query"
    unknown = {s for _, expected, _ in CASES for s in expected} - slugs
    assert not unknown


@pytest.mark.parametrize(("query", "expected", "why"), CASES, ids=[c[0] for c in CASES])
def test_query_finds_what_a_professional_expects(default_map_module, db, query, expected, why):
    """Records each query's top 5; a miss is reported but only the aggregate below decides."""
    found = top(query)
    if not is_hit(query, expected):
        pytest.xfail(f"miss ({why}): expected {expected}, top {TOP}: {found}")


def test_hits_at_5_is_at_least_95_percent(default_map_module, db):
    misses = [(q, e, top(q)) for q, e, _ in CASES if not is_hit(q, e)]
    score = 1 - len(misses) / len(CASES)
    report = "\n".join(f"  {q!r}: expected {e}, got {got}" for q, e, got in misses)
    assert score >= THRESHOLD, f"hits@{TOP} = {score:.3f} < {THRESHOLD}; misses:\n{report}"
