"""What holds for every API URL: CORS, no cookies, JSON errors, read-only, docs and OpenAPI."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

from bronwijzer.api.errors import INTERNAL_ERROR
from bronwijzer.search.documents import API_FIELDS
from bronwijzer.search.facets import FACETS
from tests.api.conftest import API

JSON_PATHS = [
    "/",
    "/resources",
    "/resources?language=ar&lang=en",
    "/resources/mediagesprek",
    "/sections",
    "/glossary",
    "/helplines",
    "/vocabularies",
    "/openapi.json",
]
ALL_PATHS = [
    *JSON_PATHS,
    "/docs",
    "/resources?limit=abc",  # 422
    "/resources/bestaat-niet",  # 404
    "/bestaat-niet",  # 404
]


@pytest.fixture
def api_client(default_map_module, db, client):
    return client


@pytest.mark.parametrize("path", ALL_PATHS)
def test_every_response_is_open_to_other_origins_sets_no_cookie_and_varies_sanely(api_client, path):
    response = api_client.get(API + path, headers={"Origin": "https://partner.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies and "Set-Cookie" not in response
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    # The allowed origin is the same for everyone and nothing depends on cookies. (Accept-Language is
    # added by the site's locale middleware, Accept-Encoding by gzip, which changes only the coding;
    # the API's content depends only on the URL.)
    assert vary <= {"accept-language", "accept-encoding"}


@pytest.mark.parametrize("path", JSON_PATHS)
def test_the_json_endpoints_answer_json(api_client, path):
    response = api_client.get(API + path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    response.json()


def test_a_preflight_is_answered(api_client):
    response = api_client.options(
        API + "/resources",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "*"
    assert not response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(api_client, method):
    response = getattr(api_client, method)(API + "/resources", {"q": "x"}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_head_is_answered_like_get(api_client):
    response = api_client.head(API + "/resources")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_unknown_paths_under_the_api_are_json_404s(api_client):
    for path in ("/bestaat-niet", "/resources/", "/resources/mediagesprek/extra"):
        response = api_client.get(API + path)
        assert response.status_code == 404
        assert "/api/v1/docs" in response.json()["detail"]


def test_the_index_lists_the_endpoints(api_client):
    body = api_client.get(API + "/").json()
    assert body["docs"] == "/api/v1/docs" and body["openapi"] == "/api/v1/openapi.json"
    assert "/api/v1/resources" in body["endpoints"]


def test_an_unexpected_error_is_a_json_500(api_client, monkeypatch, caplog):
    import bronwijzer.api.reference
    import bronwijzer.api.resources

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(bronwijzer.api.resources, "resource_search", broken)
    monkeypatch.setattr(bronwijzer.api.reference, "languages_in_data", broken)
    for path in ("/resources", "/vocabularies"):
        response = api_client.get(API + path)
        assert response.status_code == 500
        assert response.json() == {"detail": INTERNAL_ERROR}
        assert response["Access-Control-Allow-Origin"] == "*"
    assert "a bug" in caplog.text  # logged with its traceback for the operators


def test_an_unexpected_error_outside_an_operation_is_a_json_500_too(api_client, monkeypatch):
    from bronwijzer.api.api import api

    monkeypatch.setattr(api, "get_openapi_schema", lambda **kwargs: 1 / 0)
    response = api_client.get(API + "/openapi.json")
    assert response.status_code == 500
    assert response.json() == {"detail": INTERNAL_ERROR}


def test_the_docs_page_is_served_from_local_files_only(api_client):
    response = api_client.get(API + "/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Bronwijzer API" in html
    assert "/api/v1/openapi.json" in html  # also the no-script link
    # no CDN or other third-party address: every src and href is a local path
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references and all(ref.startswith("/") for ref in references), references
    assert not re.search(r"https?://", html)
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    for ref in references:
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/")), ref


def test_the_openapi_document_describes_every_endpoint_and_the_real_responses(api_client):
    import schemathesis

    from bronwijzer.api.api import api

    body = api_client.get(API + "/openapi.json").json()
    assert body == json.loads(json.dumps(api.get_openapi_schema()))  # what the fuzz test loads
    schemathesis.openapi.from_dict(body).validate()  # valid OpenAPI 3.1
    assert body["openapi"].startswith("3.1")
    paths = body["paths"]
    assert set(paths) == {
        f"/api/v1/{name}"
        for name in (
            "resources",
            "resources/{slug}",
            "sections",
            "organisations",
            "glossary",
            "helplines",
            "vocabularies",
        )
    }
    for operations in paths.values():
        assert set(operations) == {"get"}
        assert "$ref" in str(operations["get"]["responses"]["200"])
    schemas = body["components"]["schemas"]
    assert list(schemas["ResourceOut"]["properties"]) == list(API_FIELDS)
    assert set(schemas["ResourceOut"]["required"]) == set(API_FIELDS)
    assert list(schemas["FacetsOut"]["properties"]) == [facet.name for facet in FACETS]
    assert list(schemas["ResourceListOut"]["properties"])[:2] == ["count", "limit"]
    parameters = {p["name"] for p in paths["/api/v1/resources"]["get"]["parameters"]}
    assert parameters == {"q", "limit", "offset", "lang"} | {facet.name for facet in FACETS}
    assert "422" in paths["/api/v1/resources"]["get"]["responses"]
    assert "404" in paths["/api/v1/resources/{slug}"]["get"]["responses"]


def test_the_api_is_not_behind_a_language_prefix(api_client):
    response = api_client.get("/en/api/v1/resources")
    assert response.status_code == 404


def test_docs_api_md_covers_every_endpoint_parameter_and_field(api_client):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    body = api_client.get(API + "/openapi.json").json()
    for path in body["paths"]:
        assert f"`GET {path}`" in text, path
    for parameter in body["paths"]["/api/v1/resources"]["get"]["parameters"]:
        assert f"| `{parameter['name']}` |" in text, parameter["name"]
    for field in API_FIELDS:
        assert f"`{field}`" in text, field
    assert "What v1 promises not to break" in text
