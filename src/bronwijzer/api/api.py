"""API v1: the NinjaAPI instance, its docs page and its index."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from bronwijzer.api import reference, resources
from bronwijzer.api.errors import install_exception_handlers, json_response

NAMESPACE = "api_v1"

DESCRIPTION = """\
The open data of Bronwijzer: the resources of the map (articles, trainings, videos, guides,
help lines, ...) with their facets, the sections of the map, the glossary, the help lines and
the controlled vocabularies.

* Read-only, no key, no cookies; CORS is open (`Access-Control-Allow-Origin: *`).
* Every error is JSON with a `detail` string; a 422 also lists `errors` per parameter, with the
  allowed values.
* v1 only grows: field names, types, facet names and slugs stay as they are (see `docs/api.md`).

The selection of resources comes from the *Overzichtskaart sexting misbruik* (KIS, 2025);
please credit the source when you reuse it.
"""


class Utf8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class Docs(Swagger):
    """Swagger UI from the local static files (``ninja`` is an installed app), with a no-script fallback."""

    template = "api/docs.html"

    def __init__(self):
        # validatorUrl: no badge fetched from validator.swagger.io
        super().__init__(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0})

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        context = {
            "api": api,
            "swagger_settings": json.dumps({**self.settings, "url": openapi_url}),
            "openapi_url": openapi_url,
            "root_url": api.get_root_path(kwargs),
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="Bronwijzer API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs=Docs(),
    renderer=Utf8JSONRenderer(),
)
install_exception_handlers(api)
api.add_router("", resources.router)
api.add_router("", reference.router)

ENDPOINTS = (
    "resources",
    "resources/{slug}",
    "sections",
    "organisations",
    "glossary",
    "helplines",
    "vocabularies",
)


def index(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """``/api/v1/``: where things are."""
    root = reverse(f"{NAMESPACE}:api-root")
    return json_response(
        {
            "docs": reverse(f"{NAMESPACE}:openapi-view"),
            "openapi": reverse(f"{NAMESPACE}:openapi-json"),
            "endpoints": [root + name for name in ENDPOINTS],
        }
    )
