"""The one place that answers "which resources, and how many per facet value"."""

from __future__ import annotations

from dataclasses import dataclass

from bronwijzer.catalog.models import Resource
from bronwijzer.search import facets
from bronwijzer.search.facets import FacetCounts, Selection


@dataclass(frozen=True)
class SearchResult:
    results: list[Resource]
    facets: list[FacetCounts]
    total: int  # all published resources, before filtering

    @property
    def count(self) -> int:
        return len(self.results)


def published_documents() -> list[Resource]:
    return list(Resource.objects.published().in_printed_order())


def resource_search(selection: Selection) -> SearchResult:
    documents = published_documents()
    return SearchResult(
        results=facets.apply(documents, selection),
        facets=facets.count(documents, selection),
        total=len(documents),
    )
