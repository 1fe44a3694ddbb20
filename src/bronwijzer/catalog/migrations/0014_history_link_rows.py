"""The link rows of every version recorded before the history kept them, from the version's lists.

Versions recorded since 0012 keep their own link rows (``m2m_fields``); the older ones only have
the lists of slugs. Each such version gets the rows its lists name: an organisation or section
that exists now, else (organisations) a proposal with that slug, the newest. A slug that names
nothing any more (an organisation deleted since) gets no row, so the changes page, which reads
these rows, can no longer tell that link apart. Backwards the rows made here stay harmless:
0012 going back removes the tables.
"""

from django.db import migrations

#: History records per round (SQLite allows at most 999 parameters in a query).
CHUNK = 500


def history_rows_from_lists(apps, schema_editor):
    history = apps.get_model("catalog", "HistoricalResource")
    recorded = {
        "organisations": apps.get_model("catalog", "HistoricalResourceOrganisation"),
        "sections": apps.get_model("catalog", "HistoricalResourceSection"),
    }
    proposals = dict(
        apps.get_model("catalog", "OrganisationProposal")
        .objects.order_by("updated_at")
        .values_list("slug", "pk")
    )
    targets = {
        "organisations": {slug: ("proposal_id", pk) for slug, pk in proposals.items()}
        | {
            slug: ("organisation_id", pk)
            for slug, pk in apps.get_model("catalog", "Organisation").objects.values_list("slug", "pk")
        },
        "sections": {
            slug: ("section_id", pk)
            for slug, pk in apps.get_model("catalog", "Section").objects.values_list("slug", "pk")
        },
    }
    ids = list(history.objects.order_by("history_id").values_list("history_id", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        versions = history.objects.filter(history_id__in=chunk).values_list(
            "history_id", "id", "organisations", "sections"
        )
        for name, model in recorded.items():
            done = set(model.objects.filter(history_id__in=chunk).values_list("history_id", flat=True))
            rows = []
            for history_id, resource_id, organisations, sections in versions:
                if history_id in done:
                    continue
                slugs = {"organisations": organisations, "sections": sections}[name] or []
                named = [targets[name][slug] for slug in dict.fromkeys(slugs) if slug in targets[name]]
                rows += [
                    model(
                        history_id=history_id,
                        id=0,
                        resource_id=resource_id,
                        position=position,
                        **{column: ref},
                    )
                    for position, (column, ref) in enumerate(named)
                ]
            model.objects.bulk_create(rows, batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_resource_links_proposal_rows"),
    ]

    operations = [
        migrations.RunPython(history_rows_from_lists, migrations.RunPython.noop),
    ]
