"""The links from resources to organisations and sections as relations (``catalog.links``).

The lists of slugs on a resource stay what the map file, the API and the history read;
the relation rows must always say the same, in the same order, whatever wrote the resource.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
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
    """The resource's links as the relation rows hold them, in their order."""
    organisations = ResourceOrganisation.objects.filter(resource=resource).order_by("position")
    sections = ResourceSection.objects.filter(resource=resource).order_by("position")
    return (
        [
            org or proposed
            for org, proposed in organisations.values_list("organisation__slug", "proposal__slug")
        ],
        list(sections.values_list("section__slug", flat=True)),
    )


def assert_every_resource_linked_as_listed() -> None:
    resources = list(Resource.objects.all())
    assert resources
    for resource in resources:
        assert linked(resource) == (resource.organisations, resource.sections), resource.slug


def test_a_loaded_map_has_every_link_as_a_row_in_the_order_of_the_lists(loaded):
    assert ResourceOrganisation.objects.count() == sum(len(r.organisations) for r in Resource.objects.all())
    assert any(len(r.organisations) > 1 for r in Resource.objects.all()), "the order is put to the test"
    assert_every_resource_linked_as_listed()


def test_saving_a_resource_moves_its_rows_with_its_lists(loaded):
    resource = Resource.objects.get(slug="meldknop")
    others = [
        slug
        for slug in Organisation.objects.values_list("slug", flat=True)
        if slug not in resource.organisations
    ]
    resource.organisations = [others[1], *resource.organisations, others[0]]
    resource.sections = list(reversed(Section.objects.values_list("slug", flat=True)[:2]))
    resource.save()
    assert linked(resource) == (resource.organisations, resource.sections)
    resource.organisations, resource.sections = [], []
    resource.save(update_fields=["organisations", "sections"])
    assert linked(resource) == ([], [])


def test_a_map_import_that_drops_an_organisation_relinks_the_resources_that_stay(loaded, doc):
    dropped = doc["organisations"].pop(0)
    for entry in doc["resources"]:
        entry["organisations"] = [o for o in entry.get("organisations", []) if o != dropped["name"]]
    for entry in doc["helplines"]:
        if entry.get("organisation") == dropped["name"]:
            entry["organisation"] = None
    assert any(dropped["slug"] in r.organisations for r in Resource.objects.all()), "the test needs it in use"
    services.map_import(MapDocument.model_validate(doc), replace=True)
    assert not Organisation.objects.filter(slug=dropped["slug"]).exists()
    assert_every_resource_linked_as_listed()


def test_the_database_refuses_to_delete_an_organisation_or_section_in_use(loaded):
    resource = Resource.objects.exclude(organisations=[]).exclude(sections=[]).first()
    for model, slug in ((Organisation, resource.organisations[0]), (Section, resource.sections[0])):
        with pytest.raises(ProtectedError):
            model.objects.get(slug=slug).delete()
        assert model.objects.filter(slug=slug).exists()


def test_a_draft_naming_a_proposed_organisation_is_linked_once_it_is_approved(loaded):
    proposal = OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    draft = Resource.objects.get(slug="meldknop")
    draft.status = "draft"
    draft.organisations = [draft.organisations[0], "stichting-nieuw"]
    draft.save()
    assert linked(draft)[0] == draft.organisations
    row = ResourceOrganisation.objects.get(resource=draft, position=1)
    assert (row.organisation, row.proposal) == (None, proposal), "the proposal holds its place"
    publisher = get_user_model().objects.create_superuser("piet", "piet@example.org", "x")
    organisation = proposals.organisation_proposal_approve(proposal, by=publisher, may_publish=True)
    assert linked(draft)[0] == draft.organisations
    row.refresh_from_db()
    assert (row.organisation, row.proposal) == (organisation, None)


def test_a_slug_that_names_nothing_gets_no_row_and_a_declined_proposal_none_either(loaded):
    declined = OrganisationProposal.objects.create(slug="afgewezen", name="Afgewezen", state="declined")
    draft = Resource.objects.get(slug="meldknop")
    draft.organisations = ["onbekend", declined.slug, draft.organisations[0]]
    draft.save()
    assert linked(draft)[0] == draft.organisations[2:]
    assert ResourceOrganisation.objects.get(resource=draft).position == 0


def test_every_version_in_the_history_keeps_the_links_it_had_in_their_order(loaded):
    resource = Resource.objects.get(slug="meldknop")
    before = list(resource.organisations)
    others = [s for s in Organisation.objects.values_list("slug", flat=True) if s not in before][:2]
    resource.organisations = [others[1], *before, others[0]]
    resource.sections = list(reversed(resource.sections))
    resource.save()
    newest, previous = resource.history.order_by("-history_id")[:2]

    def recorded(version) -> tuple[list[str], list[str]]:
        orgs = version.linked_organisations.order_by("position").values_list("organisation__slug", flat=True)
        places = version.linked_sections.order_by("position").values_list("section__slug", flat=True)
        return list(orgs), list(places)

    assert recorded(newest) == (resource.organisations, resource.sections)
    assert recorded(previous) == (before, list(reversed(resource.sections)))


def test_the_admin_filters_resources_by_section_with_the_relation(loaded, admin_client):
    section = Section.objects.get(slug=Resource.objects.exclude(sections=[]).first().sections[0])
    response = admin_client.get(reverse("admin:catalog_resource_changelist"), {"section": section.slug})
    shown = {r.slug for r in response.context["cl"].result_list}
    assert shown == {r.slug for r in Resource.objects.all() if section.slug in r.sections}
    assert 0 < len(shown) < Resource.objects.count()


LINK_LABELS = (
    "catalog.resourceorganisation",
    "catalog.resourcesection",
    "catalog.historicalresourceorganisation",
    "catalog.historicalresourcesection",
)


def _as_made_before_the_link_rows(path) -> None:
    """The backup as one made before migration 0011: no link rows of any kind, no such migrations."""
    head, data = gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")
    header = json.loads(head)
    objects = [o for o in json.loads(data) if o["model"] not in LINK_LABELS]
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


def test_a_backup_without_link_rows_restores_them_from_the_lists_with_the_history(loaded, tmp_path):
    OrganisationProposal.objects.create(slug="stichting-nieuw", name="Stichting Nieuw")
    draft = Resource.objects.get(slug="meldknop")
    draft.organisations = ["stichting-nieuw", *draft.organisations]
    draft.save()
    path = tmp_path / "old.json.gz"
    backup.map_backup(path)
    _as_made_before_the_link_rows(path)
    before = snapshot_map()
    versions = {v.history_id: (v.organisations, v.sections) for v in Resource.history.all()}
    backup.map_restore(path)
    assert snapshot_map() == before
    assert_every_resource_linked_as_listed()
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
