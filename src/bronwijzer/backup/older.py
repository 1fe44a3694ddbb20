"""What a backup of an older Bronwijzer holds that this one stores differently; how a restore takes it.

A restore accepts a backup of an older version (``services._check_fits``). Most changes since
are new tables or columns, which a restore simply leaves empty or at their default; the links
from resources to organisations and sections changed shape twice, and are handled here:

- before migrations 0011-0014 there were no link rows (or not every kind): they are made
  from the lists of slugs in the backup, as those migrations made them;
- before migration 0015 resources and their versions held those lists as columns: the lists
  are taken out before loading, since the columns are gone.
"""

from __future__ import annotations

from typing import Any

from bronwijzer.catalog import links

#: The migrations after which a backup holds the link rows a restore would otherwise make from the
#: lists: the rows of proposed organisations (0013), the rows of every version in the history (0014).
LINK_ROWS_SINCE = "0013_resource_links_proposal_rows"
HISTORY_LINK_ROWS_SINCE = "0014_history_link_rows"


#: Fields an older backup may hold that are gone, each with what a restore makes of it: the lists of
#: slugs became rows in migration 0015 (:func:`lists_taken_out`).
RETIRED_FIELDS = {
    "catalog.resource": {"organisations", "sections"},
    "catalog.historicalresource": {"organisations", "sections"},
}

#: What a backup made before migration 0015 holds beside the link rows: each resource's and each
#: version's lists of slugs, ``kind -> {pk: slugs}`` and ``kind -> {history_id: (resource id, slugs)}``.
Lists = tuple[dict[str, dict[int, Any]], dict[str, dict[int, Any]]]


def lists_taken_out(objects: list[dict[str, Any]]) -> Lists:
    """Take the lists ``organisations`` and ``sections`` out of a backup made while they were columns.

    Since migration 0015 the link rows are all there is; the lists are returned for a backup
    too old to hold every row (:func:`links_from_lists`).
    """
    lists: dict[str, dict[int, Any]] = {kind: {} for kind in links.LINK_KINDS}
    versions: dict[str, dict[int, Any]] = {kind: {} for kind in links.LINK_KINDS}
    for obj in objects:
        if obj["model"] not in ("catalog.resource", "catalog.historicalresource"):
            continue
        fields = obj["fields"]
        for kind in links.LINK_KINDS:
            if kind not in fields:
                continue
            slugs = fields.pop(kind) or []
            if obj["model"] == "catalog.resource":
                lists[kind][obj["pk"]] = slugs
            else:
                versions[kind][obj["pk"]] = (fields["id"], slugs)
    return lists, versions


def links_from_lists(header: dict[str, Any], taken_out: Lists) -> None:
    """A backup made before the links were all rows: the rows it lacks, from the lists of slugs in it.

    Resources get their rows from their lists (also the rows a backup of 0011-0012 has, which
    miss the proposed organisations); versions in the history get theirs as migration 0014
    gives them. A backup made since holds every row itself.
    """
    catalog = (header.get("migrations") or {}).get("catalog", [])
    rows, history = LINK_ROWS_SINCE not in catalog, HISTORY_LINK_ROWS_SINCE not in catalog
    lists, versions = taken_out
    for kind in links.LINK_KINDS:
        if rows:
            links.resource_links_write(kind, lists[kind])
        if history:
            links.history_links_write(kind, versions[kind])
