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
