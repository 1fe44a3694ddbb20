"""schema.org JSON-LD on the resource, organisation and glossary pages, checked against schema.org 12.0."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog import services
from bronwijzer.catalog.models import GlossaryTerm, Organisation, Resource
from bronwijzer.web import jsonld
from bronwijzer.web.sitemaps import OrganisationSitemap
from tests.web import schemaorg_check

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def jsonld_blocks(html: str) -> list[dict]:
    return [json.loads(text) for text in SCRIPT.findall(html)]


def page_jsonld(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, path
    blocks = jsonld_blocks(response.content.decode())
    assert len(blocks) == 1, f"{path}: {len(blocks)} JSON-LD blocks"
    return blocks[0]


def assert_valid(document: dict, where: str) -> None:
    problems = schemaorg_check.problems(document)
    assert not problems, f"{where}:\n" + "\n".join(problems)


# --- The validator itself can fail ---------------------------------------------------------


GOOD = {
    "@context": "https://schema.org",
    "@type": "LearningResource",
    "@id": "https://example.nl/bron/x/#bron",
    "name": "Een bron",
    "url": "https://example.nl/bron/x/",
    "inLanguage": ["nl", "ar"],
    "isAccessibleForFree": True,
    "typicalAgeRange": "12-18",
    "audience": [{"@type": "EducationalAudience", "audienceType": "Mbo"}],
    "publisher": [{"@type": "Organization", "name": "KIS", "url": "https://www.kis.nl/"}],
    "dateModified": "2025-06-01T10:00:00+02:00",
}


def test_the_validator_accepts_a_good_document():
    assert schemaorg_check.problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": "blue"}, "'colour' is not a schema.org property"),
        ({"hasDefinedTerm": {"@type": "DefinedTerm", "name": "x"}}, "is not a property of LearningResource"),
        ({"isAccessibleForFree": "ja"}, "does not fit ['Boolean']"),
        ({"publisher": "KIS"}, "does not fit ['Organization', 'Person']"),
        ({"audience": {"@type": "Organization", "name": "KIS"}}, "does not fit ['Audience']"),
        ({"url": "niet een adres"}, "does not fit ['URL']"),
        ({"dateModified": "gisteren"}, "does not fit ['Date', 'DateTime']"),
        ({"@type": "LeerBron"}, "is not a schema.org type"),
        ({"@type": "name"}, "is not a schema.org type"),
        ({"@context": "https://example.org/vocab"}, "not schema.org"),
        ({"audience": [{"@type": "Audience", "colour": "x"}]}, "'colour' is not a schema.org property"),
        ({"publisher": [{"name": "KIS"}]}, "an object without @type"),
    ],
)
def test_the_validator_rejects_a_wrong_document(change, expected):
    problems = schemaorg_check.problems({**GOOD, **change})
    assert any(expected in problem for problem in problems), problems


def test_the_validator_knows_the_supertypes():
    vocab = schemaorg_check.vocabulary()
    assert {"LearningResource", "CreativeWork", "Thing"} <= vocab.ancestors("LearningResource")
    assert "Audience" in vocab.ancestors("EducationalAudience")


# --- Every page of the default map ---------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_resource_page_has_valid_learning_resource_jsonld(client, default_map_module, db, language):
    resources = list(Resource.objects.published())
    assert len(resources) == 43
    for resource in resources:
        with translation.override(language):
            path = reverse("web:resource", args=[resource.slug])
            summary = resource.localised("summary")
        data = page_jsonld(client, path)
        assert_valid(data, path)
        assert data["@type"] == "LearningResource"
        assert data["name"] == resource.title
        assert data["description"] == summary
        assert data["url"] == "http://testserver" + path
        assert data["@id"] == f"http://testserver/bron/{resource.slug}/#bron"


def test_english_resource_pages_describe_in_english_with_the_same_id(client, default_map_module, db):
    resource = Resource.objects.published().exclude(summary_en="").first()
    nl = page_jsonld(client, reverse("web:resource", args=[resource.slug]))
    with translation.override("en"):
        path = reverse("web:resource", args=[resource.slug])
    assert path.startswith("/en/")
    en = page_jsonld(client, path)
    assert_valid(en, path)
    assert en["description"] == resource.summary_en != nl["description"]
    assert en["url"] == "http://testserver" + path
    assert en["@id"] == nl["@id"]


def test_every_organisation_page_has_valid_organization_jsonld(client, default_map_module, db):
    organisations = OrganisationSitemap().items()
    assert len(organisations) > 10
    for organisation in organisations:
        path = reverse("web:organisation", args=[organisation.slug])
        data = page_jsonld(client, path)
        assert_valid(data, path)
        assert data["@type"] == "Organization"
        assert data["name"] == organisation.name
        assert data.get("url") == (organisation.url or None)


def test_the_glossary_page_has_a_valid_defined_term_set(client, default_map_module, db):
    for language in ("nl", "en"):
        with translation.override(language):
            path = reverse("web:glossary")
        response = client.get(path)
        html = response.content.decode()
        data = page_jsonld(client, path)
        assert_valid(data, path)
        assert data["@type"] == "DefinedTermSet"
        terms = list(GlossaryTerm.objects.all())
        assert len(data["hasDefinedTerm"]) == len(terms) > 0
        for term, node in zip(terms, data["hasDefinedTerm"], strict=True):
            assert node["@type"] == "DefinedTerm"
            assert node["@id"] == f"http://testserver/begrippen/#{term.slug}"
            assert f'id="{term.slug}"' in html  # the anchor exists on the page
            assert node["inDefinedTermSet"] == data["@id"]
            assert node["name"] == (term.term_en or term.term if language == "en" else term.term)


# --- What a resource's JSON-LD says --------------------------------------------------------


def test_facts_become_schema_org_properties(client, default_map_module, db):
    resource = (
        Resource.objects.published()
        .filter(age_min__isnull=False, age_max__isnull=False, cost="free")
        .exclude(formats=[])
        .first()
    )
    data = page_jsonld(client, reverse("web:resource", args=[resource.slug]))
    assert data["typicalAgeRange"] == f"{resource.age_min}-{resource.age_max}"
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == [code for code in resource.languages if code != "zxx"]
    assert len(data["learningResourceType"]) == len(resource.formats)
    assert len(data["keywords"]) == len(resource.themes)
    names = {org["name"] for org in data["publisher"]}
    assert names == set(
        Organisation.objects.filter(slug__in=resource.organisations).values_list("name", flat=True)
    )
    assert {a["@type"] for a in data["audience"]} <= {"Audience", "EducationalAudience"}
    assert len(data["audience"]) == len(resource.audiences) + len(resource.professions)


def test_only_a_confirmed_link_is_given_as_same_as(client, default_map_module, db):
    verified = Resource.objects.published().filter(url_verified=True).exclude(url=None).first()
    unverified = Resource.objects.published().filter(url_verified=False).exclude(url=None).first()
    assert page_jsonld(client, reverse("web:resource", args=[verified.slug]))["sameAs"] == verified.url
    assert "sameAs" not in page_jsonld(client, reverse("web:resource", args=[unverified.slug]))


def test_no_language_and_unknown_cost_are_left_out(client, default_map_module, db):
    resource = Resource.objects.published().first()
    resource.languages = ["zxx"]
    resource.language_modes = {}
    resource.cost = "unknown"
    resource.age_min, resource.age_max = 11, None
    resource.save()
    data = page_jsonld(client, reverse("web:resource", args=[resource.slug]))
    assert "inLanguage" not in data
    assert "isAccessibleForFree" not in data
    assert data["typicalAgeRange"] == "11-"
    assert_valid(data, resource.slug)


def test_a_draft_has_no_jsonld_even_in_the_staff_preview(client, default_map_module, db):
    draft = Resource.objects.published().first()
    services.resource_unpublish(draft)
    staff = get_user_model().objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("web:resource", args=[draft.slug]))
    assert response.status_code == 200
    assert jsonld_blocks(response.content.decode()) == []
    assert "application/ld+json" not in response.content.decode()


def test_a_title_cannot_break_out_of_the_script_element(client, default_map_module, db):
    hostile = "</script><script>alert(1)</script> & <!-- x"
    resource = Resource.objects.create(
        slug="script-in-titel", title=hostile, summary=hostile, status="published", url="https://example.nl/"
    )
    services.content_changed()
    html = client.get(reverse("web:resource", args=[resource.slug])).content.decode()
    head = html[: html.index("</head>")]
    block = SCRIPT.search(head).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e" in block
    assert "<script>alert(1)" not in html
    data = json.loads(block)
    assert data["name"] == hostile and data["description"] == hostile
    assert_valid(data, resource.slug)


def test_the_script_helper_escapes_and_gives_nothing_for_nothing():
    assert jsonld.script(None) == ""
    text = jsonld.script({"name": "a</script>&b"})
    assert text == '<script type="application/ld+json">{"name":"a\\u003c/script\\u003e\\u0026b"}</script>'


def test_typical_age_range_notation():
    assert jsonld.typical_age_range(12, 18) == "12-18"
    assert jsonld.typical_age_range(11, None) == "11-"
    assert jsonld.typical_age_range(None, 12) == "0-12"
    assert jsonld.typical_age_range(None, None) is None


def test_addresses_use_the_public_url_when_it_is_set(client, default_map_module, db, settings):
    settings.PUBLIC_URL = "https://bronwijzer.example.nl"
    resource = Resource.objects.published().first()
    data = page_jsonld(client, reverse("web:resource", args=[resource.slug]))
    assert data["url"] == f"https://bronwijzer.example.nl/bron/{resource.slug}/"
    assert all(
        org["@id"].startswith("https://bronwijzer.example.nl/organisatie/") for org in data["publisher"]
    )
