"""/sections, /glossary, /helplines and /vocabularies against the default map."""

from __future__ import annotations

from bronwijzer.catalog import vocab
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Resource, Section
from bronwijzer.search.facets import FACETS


def test_sections_in_printed_order_with_parent_and_guiding_question(get):
    body = get("/sections")
    sections = list(Section.objects.order_by("position"))
    assert body["count"] == len(sections) == len(body["results"])
    assert [s["slug"] for s in body["results"]] == [s.slug for s in sections]
    first = body["results"][0]
    assert list(first) == ["slug", "title", "title_en", "question", "question_en", "parent"]
    assert first["question"] and first["question_en"] and first["parent"] is None
    children = [s for s in body["results"] if s["parent"]]
    assert children, "the default map has sub-sections"
    slugs = [s["slug"] for s in body["results"]]
    for child in children:
        assert slugs.index(child["parent"]) < slugs.index(child["slug"])
        assert child["parent"] == Section.objects.get(slug=child["slug"]).parent.slug


def test_glossary(get):
    body = get("/glossary")
    assert body["count"] == 6 == GlossaryTerm.objects.count()
    term = next(t for t in body["results"] if t["slug"] == "sexting-misbruik")
    assert list(term) == ["slug", "term", "term_en", "definition", "definition_en", "related"]
    assert (term["term"], term["term_en"]) == ("Sexting misbruik", "Sexting abuse")
    known = {t["slug"] for t in body["results"]}
    assert all(set(t["related"]) <= known for t in body["results"])


def test_helplines(get):
    body = get("/helplines")
    assert body["count"] == HelpLine.objects.count() >= 5
    helpwanted = next(h for h in body["results"] if h["slug"] == "helpwanted")
    assert helpwanted["free"] is True and helpwanted["url"] == "https://www.helpwanted.nl"
    assert helpwanted["organisation"] == {"name": "Offlimits", "url": None}
    assert {h["kind"] for h in body["results"]} <= set(vocab.HELPLINE_KINDS.slugs)


def test_every_vocabulary_with_dutch_and_english_labels(get):
    body = get("/vocabularies")
    assert list(body) == ["vocabularies", "languages", "age_bands"]
    vocabularies = body["vocabularies"]
    assert set(vocabularies) == {
        "theme",
        "profession",
        "audience",
        "format",
        "context",
        "cost",
        "explicitness",
        "language_mode",
        "status",
        "helpline_kind",
    }
    assert vocabularies["format"]["field"] == "formats"
    assert [t["slug"] for t in vocabularies["format"]["terms"]] == list(vocab.FORMATS.slugs)
    honour = next(t for t in vocabularies["theme"]["terms"] if t["slug"] == "eergerelateerd-geweld")
    assert honour == {
        "slug": "eergerelateerd-geweld",
        "label": "Eergerelateerd geweld",
        "label_en": "Honour-based violence",
    }
    assert (vocabularies["cost"]["label"], vocabularies["cost"]["label_en"]) == ("Kosten", "Cost")
    # every facet parameter that takes a vocabulary points to it; the others say so
    parameters = {v["parameter"] for v in vocabularies.values()} - {None}
    assert parameters == {f.name for f in FACETS} - {"language", "age"}
    assert vocabularies["explicitness"]["parameter"] is None


def test_the_languages_present_in_the_data_and_the_age_bands(get):
    body = get("/vocabularies")
    in_data = {code for r in Resource.objects.published() for code in r.languages}
    assert {lang["code"] for lang in body["languages"]} == in_data
    assert [lang["code"] for lang in body["languages"]][:2] == ["nl", "en"]
    arabic = next(lang for lang in body["languages"] if lang["code"] == "ar")
    assert arabic == {
        "code": "ar",
        "label": "Arabisch",
        "label_en": "Arabic",
        "count": sum("ar" in r.languages for r in Resource.objects.published()),
    }
    assert [band["slug"] for band in body["age_bands"]] == [band.slug for band in vocab.AGE_BANDS]
    band = body["age_bands"][1]
    assert list(band) == ["slug", "min", "max", "label", "label_en"]
    assert (band["slug"], band["min"], band["max"], band["label"]) == ("12-14", 12, 14, "12 tot 15 jaar")
    assert band["label_en"] and band["label_en"] != band["label"]


def test_every_age_band_and_vocabulary_slug_is_accepted_as_a_filter(get):
    body = get("/vocabularies")
    for band in body["age_bands"]:
        get("/resources", {"age": band["slug"], "limit": 0})
    for vocabulary in body["vocabularies"].values():
        if vocabulary["parameter"]:
            values = [t["slug"] for t in vocabulary["terms"]]
            get("/resources", {vocabulary["parameter"]: values, "limit": 0})
    get("/resources", {"language": [lang["code"] for lang in body["languages"]], "limit": 0})


def test_organisations_list_every_organisation_with_its_published_resource_count(client, default_map):
    from bronwijzer.catalog.models import Organisation, Resource

    body = client.get("/api/v1/organisations").json()
    assert body["count"] == Organisation.objects.count() == len(body["results"])
    halt = next(o for o in body["results"] if o["name"] == "Halt")
    expected = sum(1 for r in Resource.objects.published() if halt["slug"] in r.organisations)
    assert halt["resource_count"] == expected > 0
    assert set(halt) == {"slug", "name", "url", "url_verified", "resource_count"}
