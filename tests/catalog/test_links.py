"""The links from resources to organisations and sections are relation rows (``catalog.links``).

``Resource.organisations`` and ``.sections`` read and set the rows as ordered lists of slugs
(``catalog.linklists``); no column holds a list. Whatever writes a resource (a save, a map
import, a restore, a revert), the rows must say what was written, in its order.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bronwijzer.backup import services as backup
from bronwijzer.catalog import proposals, services
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.catalog.models import (
    Organisation,
    OrganisationProposal,
    Resource,
    ResourceOrganisation,
    ResourceSection,
    Section,
)
from bronwijzer.catalog.snapshot import snapshot_map


def linked(resource: Resource) -> tuple[list[str], list[str]]:
    """The resource's links as the relation rows hold them, in their order (read apart from the model)."""
    organisations = ResourceOrganisation.objects.filter(resource=resource).order_by("position")
    sections = ResourceSection.objects.filter(resource=resource).order_by("position")
    return (
        [
            org or proposed
            for org, proposed in organisations.values_list("organisation__slug", "proposal__slug")
        ],
        list(sections.values_list("section__slug", flat=True)),
    )


def assert_every_resource_linked_as_in(document: dict) -> None:
    """Each resource's rows name what its entry in the map file names, in the same order."""
    slug_of = {org["name"]: org["slug"] for org in document["organisations"]}
    entries = document["resources"]
    assert entries
    for entry in entries:
        resource = Resource.objects.get(slug=entry["slug"])
        expected = ([slug_of[name] for name in entry.get("organisations", [])], entry.get("sections", []))
        assert linked(resource) == expected, entry["slug"]
        assert (resource.organisations, resource.sections) == expected, entry["slug"]


def test_a_loaded_map_has_every_link_as_a_row_in_the_order_of_the_map_file(loaded, doc):
    assert any(len(entry.get("organisations", [])) > 1 for entry in doc["resources"]), "order is tested"
    assert_every_resource_linked_as_in(doc)
    assert ResourceOrganisation.objects.count() == sum(
        len(e.get("organisations", [])) for e in doc["resources"]
    )


def test_saving_a_resource_writes_the_lists_set_on_it_as_rows_in_their_order(loaded):
    resource = Resource.objects.get(slug="meldknop")
    others = [
        slug
        for slug in Organisation.objects.values_list("slug", flat=True)
        if slug not in resource.organisations
    ]
    organisations = [others[1], *resource.organisations, others[0]]
    sections = list(reversed(Section.objects.values_list("slug", flat=True)[:2]))
    resource.organisations, resource.sections = organisations, sections
    assert linked(resource) != (organisations, sections), "nothing is written before the save"
    resource.save()
    assert linked(resource) == (organisations, sections)
    fresh = Resource.objects.get(pk=resource.pk)
    assert (fresh.organisations, fresh.sections) == (organisations, sections)
    resource.organisations, resource.sections = [], []
    resource.save()
    assert linked(resource) == ([], [])


def test_a_new_resource_made_with_its_lists_is_saved_with_its_rows(loaded):
    organisations = list(Organisation.objects.values_list("slug", flat=True)[:2])[::-1]
    section = Section.objects.values_list("slug", flat=True).first()
    resource = Resource(
        slug="nieuw", title="Nieuw", summary="x", organisations=organisations, sections=[section]
    )
    assert resource.organisations == organisations
    resource.save()
    assert linked(resource) == (organisations, [section])


def test_resources_read_with_their_links_ask_no_query_per_resource(loaded, django_assert_max_num_queries):
    expected = {r.slug: (r.organisations, r.sections) for r in Resource.objects.all()}
    # the resources; their organisation rows, organisations, proposals; their section rows, sections
    with django_assert_max_num_queries(6):
        read = {r.slug: (r.organisations, r.sections) for r in Resource.objects.with_links()}
    assert read == expected
    assert any(organisations for organisations, _ in read.values())


def test_a_map_import_that_drops_an_organisation_relinks_the_resources_that_stay(loaded, doc):
    dropped = doc["organisations"].pop(0)
    for entry in doc["resources"]:
        entry["organisations"] = [o for o in entry.get("organisations", []) if o != dropped["name"]]
    for entry in doc["helplines"]:
        if entry.get("organisation") == dropped["name"]:
            entry["organisation"] = None
    assert ResourceOrganisation.objects.filter(organisation__slug=dropped["slug"]).exists(), "in use"
    services.map_import(MapDocument.model_validate(doc), replace=True)
    assert not Organisation.objects.filter(slug=dropped["slug"]).exists()
    assert_every_resource_linked_as_in(doc)


def test_the_database_refuses_to_delete_an_organisation_or_section_in_use(loaded):
    resource = Resource.objects.filter(organisation_links__isnull=False, section_links__isnull=False).first()
    assert resource is not None
    for model, slug in ((Organisation, resource.organisations[0]), (Section, resource.sections[0])):
        with pytest.raises(ProtectedError):
            model.objects.get(slug=slug).delete()
        assert model.objects.filter(slug=slug).exists()


def test_a_draft_naming_a_proposed_organisation_is_linked_once_it_is_approved(loaded):
    proposal = OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    draft = Resource.objects.get(slug="meldknop")
    draft.status = "draft"
    named = [draft.organisations[0], "stichting-nieuw"]
    draft.organisations = named
    draft.save()
    assert linked(draft)[0] == named == Resource.objects.get(pk=draft.pk).organisations
    row = ResourceOrganisation.objects.get(resource=draft, position=1)
    assert (row.organisation, row.proposal) == (None, proposal), "the proposal holds its place"
    publisher = get_user_model().objects.create_superuser("piet", "piet@example.org", "x")
    organisation = proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)
    assert linked(draft)[0] == named
    row.refresh_from_db()
    assert (row.organisation, row.proposal) == (organisation, None)


def test_a_map_import_that_brings_a_proposed_organisation_links_the_drafts_that_named_it(loaded, doc):
    """The import creates organisations in bulk (no post_save): it moves the proposal's rows itself."""
    proposal = OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    first = Organisation.objects.order_by("slug").first()
    draft = Resource.objects.create(
        slug="nieuw-concept",
        title="Nieuw concept",
        status="draft",
        position=99,
        organisations=[first.slug, "stichting-nieuw"],
    )
    doc["organisations"].append({"slug": "stichting-nieuw", "name": "Stichting Nieuw"})
    services.map_import(MapDocument.model_validate(doc))
    row = ResourceOrganisation.objects.get(resource=draft, position=1)
    assert (row.organisation.slug, row.proposal) == ("stichting-nieuw", None)
    assert OrganisationProposal.objects.filter(pk=proposal.pk).exists(), "the proposal itself is kept"


def test_a_slug_that_names_nothing_gets_no_row_and_a_declined_proposal_none_either(loaded):
    declined = OrganisationProposal.objects.create(slug="afgewezen", name="Afgewezen", state="declined")
    draft = Resource.objects.get(slug="meldknop")
    kept = draft.organisations[0]
    draft.organisations = ["onbekend", declined.slug, kept]
    draft.save()
    assert linked(draft)[0] == [kept] == Resource.objects.get(pk=draft.pk).organisations
    assert ResourceOrganisation.objects.get(resource=draft).position == 0


def test_every_version_in_the_history_keeps_the_links_it_had_and_a_revert_reads_them(loaded):
    resource = Resource.objects.get(slug="meldknop")
    before, places = list(resource.organisations), list(resource.sections)
    others = [s for s in Organisation.objects.values_list("slug", flat=True) if s not in before][:2]
    resource.organisations = [others[1], *before, others[0]]
    resource.sections = list(reversed(places))
    resource.save()
    newest, previous = resource.history.order_by("-history_id")[:2]
    assert _recorded(newest) == ([others[1], *before, others[0]], list(reversed(places)))
    assert _recorded(previous) == (before, places)
    old = previous.instance  # what the admin's revert form starts from
    assert (old.organisations, old.sections) == (before, places)
    old.save()  # the revert
    assert linked(resource) == (before, places)
    assert _recorded(resource.history.order_by("-history_id").first()) == (before, places)


def test_the_admin_filters_resources_by_section_with_the_relation(loaded, admin_client):
    section = Section.objects.filter(resource_links__isnull=False).first()
    response = admin_client.get(reverse("admin:catalog_resource_changelist"), {"section": section.slug})
    shown = {r.slug for r in response.context["cl"].result_list}
    assert shown == {r.slug for r in Resource.objects.all() if section.slug in linked(r)[1]}
    assert 0 < len(shown) < Resource.objects.count()


LINK_LABELS = (
    "catalog.resourceorganisation",
    "catalog.resourcesection",
    "catalog.historicalresourceorganisation",
    "catalog.historicalresourcesection",
)


def _as_made_before_the_link_rows(path) -> None:
    """The backup as one made before migration 0011: lists of slugs in columns, no link rows at all."""
    head, data = gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")
    header = json.loads(head)
    objects = json.loads(data)
    slug_of = {
        (o["model"], o["pk"]): o["fields"]["slug"]
        for o in objects
        if o["model"] in ("catalog.organisation", "catalog.organisationproposal", "catalog.section")
    }
    targets = (
        ("organisation", "catalog.organisation", "organisations"),
        ("proposal", "catalog.organisationproposal", "organisations"),
        ("section", "catalog.section", "sections"),
    )
    lists: dict[tuple[str, int], dict[str, list[str]]] = {}  # (resource or version, pk) -> kind -> slugs
    rows = sorted((o for o in objects if o["model"] in LINK_LABELS), key=lambda o: o["fields"]["position"])
    for row in rows:
        fields = row["fields"]
        owner = ("catalog.historicalresource", fields["history"]) if "history" in fields else None
        owner = owner or ("catalog.resource", fields["resource"])
        for column, model, kind in targets:
            if fields.get(column) is not None:
                lists.setdefault(owner, {}).setdefault(kind, []).append(slug_of[model, fields[column]])
    for obj in objects:
        if obj["model"] in ("catalog.resource", "catalog.historicalresource"):
            named = lists.get((obj["model"], obj["pk"]), {})
            obj["fields"].update(
                organisations=named.get("organisations", []), sections=named.get("sections", [])
            )
    objects = [o for o in objects if o["model"] not in LINK_LABELS]
    data = json.dumps(objects).encode()
    header["counts"] = {label: n for label, n in header["counts"].items() if label not in LINK_LABELS}
    header["migrations"]["catalog"] = [name for name in header["migrations"]["catalog"] if name < "0011"]
    header["payload_bytes"] = len(data)
    header["payload_sha256"] = hashlib.sha256(data).hexdigest()
    path.write_bytes(gzip.compress(json.dumps(header).encode() + b"\n" + data + b"\n"))


def _recorded(version) -> tuple[list[str], list[str]]:
    orgs = version.linked_organisations.order_by("position").values_list(
        "organisation__slug", "proposal__slug"
    )
    places = version.linked_sections.order_by("position").values_list("section__slug", flat=True)
    return [org or proposed for org, proposed in orgs], list(places)


def test_a_backup_made_while_the_lists_were_columns_restores_them_as_rows_with_the_history(loaded, tmp_path):
    OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    draft = Resource.objects.get(slug="meldknop")
    draft.organisations = ["stichting-nieuw", *draft.organisations]
    draft.save()
    path = tmp_path / "old.json.gz"
    backup.map_backup(path)
    _as_made_before_the_link_rows(path)
    before = snapshot_map()
    lists = {r.slug: (r.organisations, r.sections) for r in Resource.objects.all()}
    versions = {v.history_id: _recorded(v) for v in Resource.history.all()}
    backup.map_restore(path)
    assert snapshot_map() == before
    assert {r.slug: linked(r) for r in Resource.objects.all()} == lists
    assert linked(Resource.objects.get(slug="meldknop"))[0][0] == "stichting-nieuw"
    restored = {v.history_id: _recorded(v) for v in Resource.history.all()}
    assert restored == versions
    assert len(versions) > Resource.objects.count(), "the draft's new version is in the history too"


def test_the_admin_history_names_a_change_of_organisations_once_in_dutch(loaded, admin_client):
    resource = Resource.objects.get(slug="meldknop")
    other = Organisation.objects.exclude(slug__in=resource.organisations).first()
    resource.organisations = [other.slug, *resource.organisations]
    resource.save()
    page = admin_client.get(reverse("admin:catalog_resource_history", args=[resource.pk]))
    html = page.content.decode()
    assert "<strong>Organisaties:</strong>" in html
    assert "Linked organisations" not in html and "linked_organisations" not in html


def test_the_admin_history_asks_no_more_queries_for_more_versions(loaded, admin_client):
    resource = Resource.objects.get(slug="meldknop")
    unnamed = Organisation.objects.exclude(slug__in=resource.organisations)
    others = list(unnamed.values_list("slug", flat=True))
    url = reverse("admin:catalog_resource_history", args=[resource.pk])

    def queries_after(versions: int) -> int:
        for slug in others[:versions]:
            resource.organisations = [slug, *resource.organisations]
            resource.save()
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    admin_client.get(url)  # the first request of a session asks a few things once
    assert queries_after(1) == queries_after(4)
