"""Migrations 0011-0015: every link a resource lists becomes a row, in order; then the lists go."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalog", "0010_labels_after_merge")]
AFTER = [("catalog", "0011_resource_links")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_a_row_of_every_link_the_lists_name_in_their_order():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation, section = old.get_model("catalog", "Organisation"), old.get_model("catalog", "Section")
    for slug in ("a", "b", "c"):
        organisation.objects.create(slug=slug, name=slug.upper())
        section.objects.create(slug=f"s-{slug}", title=slug)
    resource = old.get_model("catalog", "Resource")
    named = resource.objects.create(
        slug="named",
        title="Named",
        summary="x",
        organisations=["c", "proposed-only", "a"],  # a draft may name an organisation still proposed
        sections=["s-b", "s-a"],
    )
    resource.objects.create(slug="bare", title="Bare", summary="x")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(AFTER).apps
    links = new.get_model("catalog", "ResourceOrganisation").objects.filter(resource_id=named.pk)
    places = new.get_model("catalog", "ResourceSection").objects.filter(resource_id=named.pk)
    assert list(links.order_by("position").values_list("organisation__slug", "position")) == [
        ("c", 0),
        ("a", 1),
    ]
    assert list(places.order_by("position").values_list("section__slug", "position")) == [
        ("s-b", 0),
        ("s-a", 1),
    ]
    assert new.get_model("catalog", "ResourceOrganisation").objects.count() == 2


PROPOSALS_BEFORE = [("catalog", "0011_resource_links")]
PROPOSALS_AFTER = [("catalog", "0013_resource_links_proposal_rows")]


@pytest.mark.django_db(transaction=True)
def test_migrations_0012_0013_give_an_open_proposal_a_row_at_its_place_and_takes_it_back():
    executor = MigrationExecutor(connection)
    executor.migrate(PROPOSALS_BEFORE)
    old = executor.loader.project_state(PROPOSALS_BEFORE).apps
    for slug in ("a", "c"):
        old.get_model("catalog", "Organisation").objects.create(slug=slug, name=slug.upper())
    proposal = old.get_model("catalog", "OrganisationProposal")
    proposal.objects.create(slug="nieuw", name="Nieuw", state="open")
    proposal.objects.create(slug="weg", name="Weg", state="declined")
    resource = old.get_model("catalog", "Resource").objects.create(
        slug="named", title="Named", summary="x", organisations=["c", "weg", "nieuw", "a"]
    )
    organisation = old.get_model("catalog", "Organisation")
    link = old.get_model("catalog", "ResourceOrganisation")
    link.objects.create(resource_id=resource.pk, organisation=organisation.objects.get(slug="c"), position=0)
    link.objects.create(resource_id=resource.pk, organisation=organisation.objects.get(slug="a"), position=1)

    executor = MigrationExecutor(connection)
    executor.migrate(PROPOSALS_AFTER)
    new = executor.loader.project_state(PROPOSALS_AFTER).apps
    rows = new.get_model("catalog", "ResourceOrganisation").objects.filter(resource_id=resource.pk)
    assert list(
        rows.order_by("position").values_list("organisation__slug", "proposal__slug", "position")
    ) == [
        ("c", None, 0),
        (None, "nieuw", 1),
        ("a", None, 2),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(PROPOSALS_BEFORE)
    back = executor.loader.project_state(PROPOSALS_BEFORE).apps
    rows = back.get_model("catalog", "ResourceOrganisation").objects.filter(resource_id=resource.pk)
    assert list(rows.order_by("position").values_list("organisation__slug", flat=True)) == ["c", "a"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_0014_gives_every_older_version_the_link_rows_its_lists_name():
    before, after = (
        [("catalog", "0013_resource_links_proposal_rows")],
        [("catalog", "0014_history_link_rows")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    for slug in ("a", "b"):
        old.get_model("catalog", "Organisation").objects.create(slug=slug, name=slug.upper())
        old.get_model("catalog", "Section").objects.create(slug=f"s-{slug}", title=slug)
    old.get_model("catalog", "OrganisationProposal").objects.create(slug="nieuw", name="Nieuw")
    history = old.get_model("catalog", "HistoricalResource")
    at = "2025-01-01T00:00Z"
    common = {
        "id": 7,
        "slug": "r",
        "title": "R",
        "summary": "x",
        "history_type": "~",
        "created_at": at,
        "updated_at": at,
    }
    first = history.objects.create(
        **common, history_date="2025-01-01T00:00Z", organisations=["b", "weg", "a"], sections=["s-a"]
    )
    second = history.objects.create(
        **common, history_date="2025-02-01T00:00Z", organisations=["nieuw"], sections=["s-b", "s-a"]
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    named = new.get_model("catalog", "HistoricalResourceOrganisation").objects.order_by(
        "history_id", "position"
    )
    placed = new.get_model("catalog", "HistoricalResourceSection").objects.order_by("history_id", "position")
    assert list(named.values_list("history_id", "organisation__slug", "proposal__slug", "position")) == [
        (first.pk, "b", None, 0),
        (first.pk, "a", None, 1),
        (second.pk, None, "nieuw", 0),
    ]
    assert list(placed.values_list("history_id", "section__slug", "resource_id")) == [
        (first.pk, "s-a", 7),
        (second.pk, "s-b", 7),
        (second.pk, "s-a", 7),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_0015_drops_the_lists_and_backwards_fills_them_again_from_the_rows_in_order():
    before, after = [("catalog", "0014_history_link_rows")], [("catalog", "0015_resource_lists_are_rows")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organisation, section = old.get_model("catalog", "Organisation"), old.get_model("catalog", "Section")
    for slug in ("a", "b", "c"):
        organisation.objects.create(slug=slug, name=slug.upper())
        section.objects.create(slug=f"s-{slug}", title=slug)
    old.get_model("catalog", "OrganisationProposal").objects.create(slug="nieuw", name="Nieuw")
    resource = old.get_model("catalog", "Resource").objects.create(
        slug="named", title="Named", summary="x", organisations=["c", "nieuw", "a"], sections=["s-b", "s-a"]
    )
    old.get_model("catalog", "Resource").objects.create(slug="bare", title="Bare", summary="x")
    links = old.get_model("catalog", "ResourceOrganisation")
    proposal = old.get_model("catalog", "OrganisationProposal").objects.get(slug="nieuw")
    for position, (org, prop) in enumerate(
        [
            (organisation.objects.get(slug="c"), None),
            (None, proposal),
            (organisation.objects.get(slug="a"), None),
        ]
    ):
        links.objects.create(resource_id=resource.pk, organisation=org, proposal=prop, position=position)
    for position, slug in enumerate(["s-b", "s-a"]):
        old.get_model("catalog", "ResourceSection").objects.create(
            resource_id=resource.pk, section=section.objects.get(slug=slug), position=position
        )
    history = old.get_model("catalog", "HistoricalResource")
    at = "2025-01-01T00:00Z"
    version = history.objects.create(
        id=resource.pk, slug="named", title="Named", summary="x", history_type="~", created_at=at,
        updated_at=at, history_date=at, organisations=["a", "b"], sections=["s-c"],
    )  # fmt: skip
    recorded = old.get_model("catalog", "HistoricalResourceOrganisation")
    for position, slug in enumerate(["a", "b"]):
        recorded.objects.create(
            history_id=version.pk,
            id=0,
            resource_id=resource.pk,
            organisation_id=organisation.objects.get(slug=slug).pk,
            position=position,
        )
    old.get_model("catalog", "HistoricalResourceSection").objects.create(
        history_id=version.pk, id=0, resource_id=resource.pk, section_id=section.objects.get(slug="s-c").pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    columns = {f.name for f in new.get_model("catalog", "Resource")._meta.concrete_fields}
    assert not {"organisations", "sections"} & columns
    assert (
        new.get_model("catalog", "ResourceOrganisation").objects.filter(resource_id=resource.pk).count() == 3
    )

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps
    named = back.get_model("catalog", "Resource").objects.get(slug="named")
    assert (named.organisations, named.sections) == (["c", "nieuw", "a"], ["s-b", "s-a"])
    bare = back.get_model("catalog", "Resource").objects.get(slug="bare")
    assert (bare.organisations, bare.sections) == ([], [])
    old_version = back.get_model("catalog", "HistoricalResource").objects.get(pk=version.pk)
    assert (old_version.organisations, old_version.sections) == (["a", "b"], ["s-c"])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
