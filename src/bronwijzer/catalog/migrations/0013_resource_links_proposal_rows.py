"""Rows for the proposed organisations drafts name (kept apart from 0012: on PostgreSQL the backward
delete and 0012's schema changes cannot share one transaction)."""

from django.db import migrations


def proposal_rows_from_lists(apps, schema_editor):
    """A row for every open proposed organisation a resource's list names, at its place in the list.

    The positions of the organisation rows are counted again over both kinds, as in
    ``catalog.links``: a slug that names neither an organisation nor an open proposal gets no row.
    """
    Resource = apps.get_model("catalog", "Resource")
    Link = apps.get_model("catalog", "ResourceOrganisation")
    proposed = dict(
        apps.get_model("catalog", "OrganisationProposal")
        .objects.filter(state="open")
        .values_list("slug", "pk")
    )
    if not proposed:
        return
    organisations = dict(apps.get_model("catalog", "Organisation").objects.values_list("slug", "pk"))
    for pk, slugs in Resource.objects.order_by("pk").values_list("pk", "organisations").iterator(chunk_size=2000):
        slugs = [slug for slug in dict.fromkeys(slugs or []) if slug in organisations or slug in proposed]
        if not any(slug in proposed and slug not in organisations for slug in slugs):
            continue
        Link.objects.filter(resource_id=pk).delete()
        Link.objects.bulk_create(
            Link(resource_id=pk, position=i, organisation_id=organisations.get(slug),
                 proposal_id=None if slug in organisations else proposed[slug])
            for i, slug in enumerate(slugs)
        )


def proposal_rows_drop(apps, schema_editor):
    """Backwards: the organisation column is required again, so the proposal rows go (the lists keep them)."""
    apps.get_model("catalog", "ResourceOrganisation").objects.filter(organisation__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0012_resource_links_proposals_history"),
    ]

    operations = [
        migrations.RunPython(proposal_rows_from_lists, proposal_rows_drop),
    ]
