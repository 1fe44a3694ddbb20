"""``/resources``: the same search engine as the site, as JSON."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Query, Router

from bronwijzer.api.errors import ApiValidationError, ParameterProblem
from bronwijzer.api.schemas import (
    ErrorOut,
    ResourceListOut,
    ResourceOut,
    ResourceQuery,
    ValidationErrorOut,
)
from bronwijzer.search.engine import resource_doc, resource_search
from bronwijzer.search.facets import FACETS, FacetCounts
from bronwijzer.search.selection import Q, SearchSelection, selection_from

router = Router(tags=["resources"])

#: Allowed values in words where the engine's wording does not say everything the API checks.
ALLOWED_TEXT = {
    "language": "lowercase ISO 639-1 codes such as nl, en, ar, tr, fr, pl, uk "
    "(the languages in the data are listed at /api/v1/vocabularies)",
    "age": "an age from 0 to 99 (e.g. 14) or a range whose first age is not above the second "
    "(e.g. 12-14), without spaces or leading zeros",
}


def search_selection(params: ResourceQuery) -> SearchSelection:
    """The search words and facet selection of a request, or :class:`ApiValidationError` naming
    every bad value.

    Values must be exactly canonical (``ar``, not ``AR`` or `` ar``): a contract
    that means one thing per value is easier to keep.
    """
    query = {facet.name: getattr(params, facet.name) for facet in FACETS} | {Q: [params.q]}
    asked = selection_from(query, exact=True)
    if errors := asked.ignored:
        raise ApiValidationError(
            [
                ParameterProblem(error.parameter, error.value, ALLOWED_TEXT[error.parameter], hint=error.hint)
                if error.parameter in ALLOWED_TEXT
                else ParameterProblem.from_selection_error(error, error.hint)
                for error in errors
            ]
        )
    return asked


def facets_json(facets: list[FacetCounts]) -> dict[str, list[dict[str, Any]]]:
    """Facets as JSON; labels are in the language the search ran in (see ``list_resources``)."""
    return {
        facet.name: [
            {"value": option.value, "label": option.label, "count": option.count, "selected": option.selected}
            for option in facet.options
        ]
        for facet in facets
    }


@router.get(
    "/resources",
    response={200: ResourceListOut, 422: ValidationErrorOut, 500: ErrorOut},
    operation_id="listResources",
    summary="Search and filter the published resources",
    description="Words (`q`) and facets combine in one request, exactly as on the map page. "
    "A facet parameter may repeat: OR within a facet, AND across facets. Each facet lists every "
    "value with the number of results choosing it would give. Unknown parameters are ignored.",
)
def list_resources(request: HttpRequest, params: Query[ResourceQuery]):
    asked = search_selection(params)
    with translation.override(params.lang):  # labels follow ?lang=, never the request's headers
        result = resource_search(asked.selection, asked.q, limit=params.limit, offset=params.offset)
    return {
        "count": result.count,
        "limit": params.limit,
        "offset": params.offset,
        "suggestion": result.suggestion,
        "results": [doc.as_api() for doc in result.results],
        "facets": facets_json(result.facets),
    }


@router.get(
    "/resources/{slug}",
    response={200: ResourceOut, 404: ErrorOut, 500: ErrorOut},
    operation_id="getResource",
    summary="One published resource",
    description="404 for a slug that is unknown or not published.",
)
def get_resource(request: HttpRequest, slug: str):
    doc = resource_doc(slug)
    if doc is None:
        shown = slug if len(slug) <= 100 else slug[:100] + "…"
        raise Http404(f"No published resource with slug {shown!r}.")
    return doc.as_api()
