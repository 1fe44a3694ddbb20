"""Migration 0011 moves every link a resource lists into rows, in the order of the lists."""

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
