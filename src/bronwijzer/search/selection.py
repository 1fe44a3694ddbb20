"""What a request asks of the search: the words (``q``) and the facet values, read in one place.

The map, the embeddable list, the downloads, the API and the kit's search box take the same
parameters (``?q=...&theme=...&language=...``). :func:`selection_from` reads them for all of
them, so the words are trimmed the same way (:func:`~bronwijzer.search.query.search_words`) and
the facet values checked by the same rules (:func:`~bronwijzer.search.facets.parse_selection`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.datastructures import MultiValueDict

from bronwijzer.search.facets import Selection, SelectionError, parse_selection
from bronwijzer.search.query import search_words

#: The parameter that holds the search words.
Q = "q"


@dataclass(frozen=True)
class SearchSelection:
    """The search words and the facet selection of one request, with the facet values left out."""

    q: str = ""
    selection: Selection = field(default_factory=Selection)
    #: bad facet values that were left out (not with ``strict``), so a page can say so
    ignored: tuple[SelectionError, ...] = ()

    @property
    def filtered(self) -> bool:
        """Whether it asks for less than the whole map."""
        return bool(self.q) or self.selection.active

    def as_query(self) -> list[tuple[str, str]]:
        """Query pairs that ask for the same again: the words first, then the facet values."""
        return ([(Q, self.q)] if self.q else []) + self.selection.as_query()


def selection_from(
    params: MultiValueDict | Mapping[str, Sequence[str]], *, strict: bool = False, exact: bool = False
) -> SearchSelection:
    """The search words and facet values in ``params``: a request's ``GET`` or a mapping of
    parameter names to lists of values (a command's options, the API's validated query).

    The words are the last ``q`` (as ``QueryDict.get`` reads it), spaces collapsed and cut at
    :data:`~bronwijzer.search.query.Q_MAX_LENGTH`. ``strict`` and ``exact`` are those of
    :func:`~bronwijzer.search.facets.parse_selection`: with ``strict`` the first bad value raises
    :class:`~bronwijzer.search.facets.SelectionError`; otherwise bad values are left out and listed
    in ``ignored``. Parameters that are neither ``q`` nor a facet are not looked at.
    """
    lists: Mapping[str, Sequence[str]] = (
        dict(params.lists()) if isinstance(params, MultiValueDict) else params
    )
    words = list(lists.get(Q, ()))
    q = search_words(words[-1]) if words else ""
    selection, ignored = parse_selection(lists, strict=strict, exact=exact)
    return SearchSelection(q=q, selection=selection, ignored=tuple(ignored))
