"""/resources and /resources/{slug} against the default map: shape, filters, facets, paging, errors."""

from __future__ import annotations

import pytest

from bronwijzer.catalog import services, vocab
from bronwijzer.catalog.models import Resource
from bronwijzer.search.documents import API_FIELDS
from bronwijzer.search.engine import resource_doc, resource_search
from bronwijzer.search.facets import FACETS, parse_selection

FACET_NAMES = [facet.name for facet in FACETS]


def published(test=lambda r: True) -> list[str]:
    """Slugs of the published resources passing ``test``, in printed order (the ground truth)."""
    return [r.slug for r in Resource.objects.published().in_printed_order() if test(r)]


def slugs(body) -> list[str]:
    return [item["slug"] for item in body["results"]]


def counts(body, facet: str) -> dict[str, int]:
    return {option["value"]: option["count"] for option in body["facets"][facet]}


def test_all_published_resources_with_every_facet(get):
    body = get("/resources")
    assert list(body) == ["count", "limit", "offset", "suggestion", "results", "facets"]
    assert body["count"] == 43 == len(published())
    assert (body["limit"], body["offset"], body["suggestion"]) == (20, 0, None)
    assert slugs(body) == published()[:20]
    assert list(body["facets"]) == FACET_NAMES
    for facet in FACET_NAMES:
        for option in body["facets"][facet]:
            assert list(option) == ["value", "label", "count", "selected"]
            assert isinstance(option["count"], int) and option["selected"] is False
    assert [o["value"] for o in body["facets"]["theme"]] == list(vocab.THEMES.slugs)
    assert [o["value"] for o in body["facets"]["age"]] == [band.slug for band in vocab.AGE_BANDS]


def test_a_result_is_the_resource_with_the_contract_field_names(get):
    item = get("/resources", {"limit": 1})["results"][0]
    assert list(item) == list(API_FIELDS)
    assert item == resource_doc(item["slug"]).as_api()


def test_language_gives_the_resources_available_in_that_language(get):
    body = get("/resources", {"language": "ar", "limit": 100})
    expected = published(lambda r: "ar" in r.languages)
    assert expected and slugs(body) == expected and body["count"] == len(expected)
    assert "mediagesprek" in expected
    assert all("ar" in item["languages"] for item in body["results"])


def test_a_repeated_parameter_is_or_and_different_facets_are_and(get):
    arabic = set(published(lambda r: "ar" in r.languages))
    videos = set(published(lambda r: "video" in r.formats))
    podcasts = set(published(lambda r: "podcast" in r.formats))
    parents = set(published(lambda r: "ouders" in r.audiences))
    either = get("/resources", {"format": ["video", "podcast"], "limit": 100})
    assert set(slugs(either)) == videos | podcasts and either["count"] == len(videos | podcasts)
    assert len(videos | podcasts) > max(len(videos), len(podcasts))
    both = get("/resources", {"language": "ar", "audience": "ouders", "limit": 100})
    assert set(slugs(both)) == arabic & parents and both["count"] == len(arabic & parents)


def test_facet_counts_respect_the_other_selections_but_not_their_own(get):
    body = get("/resources", {"language": "ar", "audience": "ouders"})
    # its own selection is ignored: the language counts are those of audience=ouders alone
    parents = get("/resources", {"audience": "ouders"})
    assert counts(body, "language") == counts(parents, "language")
    # every other facet counts what choosing the value would give
    for value, number in counts(body, "theme").items():
        alone = get("/resources", {"language": "ar", "audience": "ouders", "theme": value, "limit": 0})
        assert alone["count"] == number, value
    selected = {(f, o["value"]) for f in FACET_NAMES for o in body["facets"][f] if o["selected"]}
    assert selected == {("language", "ar"), ("audience", "ouders")}


def test_age_filters_on_the_range_and_keeps_material_without_one(get):
    escape_room = "escaperoom-het-stopt-bij-jou"
    assert escape_room in slugs(get("/resources", {"age": "12-14", "limit": 100}))
    assert escape_room not in slugs(get("/resources", {"age": "18-99", "limit": 100}))
    body = get("/resources", {"age": "14", "limit": 100})
    expected = published(
        lambda r: (
            (r.age_min is None and r.age_max is None)
            or ((r.age_min or 0) <= 14 <= (r.age_max if r.age_max is not None else 99))
        )
    )
    assert slugs(body) == expected
    chosen = {"value": "14", "label": "14 jaar", "count": len(expected), "selected": True}
    assert chosen in body["facets"]["age"]


def test_limit_and_offset_page_through_the_results(get):
    everything = slugs(get("/resources", {"limit": 100}))
    assert len(everything) == 43
    pages = [get("/resources", {"limit": 7, "offset": start}) for start in range(0, 43, 7)]
    assert [slug for page in pages for slug in slugs(page)] == everything
    assert all(page["count"] == 43 for page in pages)
    beyond = get("/resources", {"offset": 1000})
    assert (beyond["results"], beyond["count"], beyond["offset"]) == ([], 43, 1000)
    only_counts = get("/resources", {"limit": 0, "cost": "free"})
    assert only_counts["results"] == [] and only_counts["count"] > 0
    assert sum(counts(only_counts, "cost").values()) == 43  # cost ignores its own selection


def test_labels_are_dutch_by_default_and_english_with_lang_en(get):
    dutch = get("/resources", {"limit": 0}, headers={"Accept-Language": "en"})  # headers do not switch
    english = get("/resources", {"limit": 0, "lang": "en"})

    def label(body, facet, value):
        return next(o["label"] for o in body["facets"][facet] if o["value"] == value)

    assert label(dutch, "theme", "eergerelateerd-geweld") == "Eergerelateerd geweld"
    assert label(english, "theme", "eergerelateerd-geweld") == "Honour-based violence"
    assert label(dutch, "language", "ar") == "Arabisch" and label(english, "language", "ar") == "Arabic"
    assert label(dutch, "cost", "free") == "Gratis" and label(english, "cost", "free") == "Free"
    values = [o["value"] for o in dutch["facets"]["format"]]
    assert values == [o["value"] for o in english["facets"]["format"]]


SAME_QUERIES = [
    ("", {}),
    ("ouders", {"language": ["en"]}),
    ("sexting", {}),
    ("escaperoom", {}),
    ("video", {"cost": ["free"]}),
    ("", {"theme": ["preventie"], "audience": ["ouders", "jongeren"]}),
    ("", {"age": ["14"], "language": ["ar", "tr"]}),
    ("", {"format": ["e-learning", "online-training"], "profession": ["sociaal-professionals"]}),
    ("qqqxyzzz", {}),
]


@pytest.mark.parametrize(("q", "filters"), SAME_QUERIES, ids=lambda v: repr(v))
def test_the_api_and_the_engine_give_the_same_results_and_facets(get, q, filters):
    body = get("/resources", {"q": q, **filters, "limit": 100})
    selection, _ = parse_selection(filters, strict=True)
    result = resource_search(selection, q)
    assert slugs(body) == [doc.slug for doc in result.results]
    assert body["count"] == result.count
    assert body["suggestion"] == result.suggestion
    for facet in result.facets:
        assert [(o["value"], o["count"], o["selected"]) for o in body["facets"][facet.name]] == [
            (o.value, o.count, o.selected) for o in facet.options
        ]


def test_search_words_are_read_like_the_search_box_reads_them(get):
    assert slugs(get("/resources", {"q": "  ouders \t "})) == slugs(get("/resources", {"q": "ouders"}))


def test_unknown_parameters_are_ignored(get):
    assert get("/resources", {"colour": "blue", "language": "ar"}) == get("/resources", {"language": "ar"})


def test_one_resource(get):
    body = get("/resources/mediagesprek")
    assert list(body) == list(API_FIELDS)
    assert body["languages"] == ["nl", "en", "fr", "tr", "ar"]
    assert body["status"] == "published"
    assert body == resource_doc("mediagesprek").as_api()


def test_a_resource_names_its_authors_and_whether_its_title_is_a_description(get):
    book = get("/resources/help-ik-sta-online")
    assert (book["authors"], book["title_descriptive"], book["organisations"]) == (
        ["Francien Regelink"],
        False,
        [],
    )
    described = get("/resources/youth-for-christ-tips-sexting")
    assert described["title_descriptive"] is True and described["authors"] == []
    assert list(book)[:3] == ["slug", "title", "title_descriptive"]


def test_an_unknown_or_unpublished_resource_is_a_json_404(get):
    assert get("/resources/bestaat-niet", status=404) == {
        "detail": "No published resource with slug 'bestaat-niet'."
    }
    services.resource_unpublish(Resource.objects.get(slug="mediagesprek"))
    assert "mediagesprek" in get("/resources/mediagesprek", status=404)["detail"]
    assert "mediagesprek" not in slugs(get("/resources", {"limit": 100}))
    assert get("/resources")["count"] == 42


INVALID = [
    ({"limit": "abc"}, "limit", "an integer from 0 to 100"),
    ({"limit": "101"}, "limit", "an integer from 0 to 100"),
    ({"limit": "-1"}, "limit", "an integer from 0 to 100"),
    ({"limit": "2.5"}, "limit", "an integer from 0 to 100"),
    ({"limit": ""}, "limit", "an integer from 0 to 100"),
    ({"offset": "-1"}, "offset", "an integer of 0 or more"),
    ({"offset": "x"}, "offset", "an integer of 0 or more"),
    ({"lang": "de"}, "lang", "nl, en"),
    ({"q": "x" * 201}, "q", "at most 200 characters"),
    ({"age": "x"}, "age", "an age from 0 to 99"),
    ({"age": "15-12"}, "age", "first age is not above the second"),
    ({"age": "100"}, "age", "an age from 0 to 99"),
    ({"theme": "nope"}, "theme", "wat-is-sexting-misbruik, diversiteit"),
    ({"cost": ""}, "cost", "free, paid, unknown"),
    ({"format": "Video"}, "format", "brochure, artikel"),
    ({"language": "xx"}, "language", "ISO 639-1"),
    ({"language": "arabic"}, "language", "ISO 639-1"),
]


@pytest.mark.parametrize(("params", "parameter", "allowed"), INVALID, ids=lambda v: repr(v))
def test_a_bad_parameter_is_a_422_naming_it_and_the_allowed_values(get, params, parameter, allowed):
    body = get("/resources", params, status=422)
    assert list(body) == ["detail", "errors"]
    [error] = body["errors"]
    assert error["parameter"] == parameter
    assert error["value"] == params[parameter]
    assert allowed in error["allowed"]
    assert error["message"].startswith(f"{parameter}: ")
    assert "allowed values: " + error["allowed"] in error["message"]
    assert body["detail"] == error["message"]


def test_a_vocabulary_error_lists_the_values_and_every_bad_parameter_is_named(get):
    body = get("/resources", {"theme": ["preventie", "nope"], "audience": "x", "language": "AR"}, status=422)
    by_parameter = {error["parameter"]: error for error in body["errors"]}
    assert list(by_parameter) == ["theme", "audience", "language"]
    assert by_parameter["theme"]["value"] == "nope"
    assert by_parameter["theme"]["allowed_values"] == list(vocab.THEMES.slugs)
    assert by_parameter["audience"]["allowed_values"] == list(vocab.AUDIENCES.slugs)
    assert "did you mean 'ar'?" in by_parameter["language"]["message"]
    assert all(error["message"] in body["detail"] for error in body["errors"])
