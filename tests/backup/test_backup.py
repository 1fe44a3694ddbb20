"""bronwijzer backup / restore: the round trip gives the same site back, history and all, and a file
that is not a sound Bronwijzer backup is refused without changing anything."""

from __future__ import annotations

import gzip
import hashlib
import json
import stat

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import update_change_reason

from bronwijzer.backup import services as backup
from bronwijzer.catalog import publishing, services
from bronwijzer.catalog.models import ContentChange, ContentVersion, HelpLine, OrganisationProposal, Resource
from bronwijzer.linkcheck import services as linkcheck_services
from bronwijzer.linkcheck.verdict import Verdict
from bronwijzer.reports.models import ProblemReport
from bronwijzer.reports.services import problem_report_create
from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import Selection
from bronwijzer.search.services import zero_result_record
from tests.catalog.support import form_data

pytestmark = pytest.mark.django_db


def site_state() -> dict[str, list[dict]]:
    """Every row of every backed-up table (the content version and its record of changes apart: a
    restore moves it on), plus the accounts' groups and permissions: what "the same site" means."""
    state = {}
    for model in backup.backup_models():
        if model in (ContentVersion, ContentChange):
            continue
        state[model._meta.label_lower] = list(model._base_manager.order_by("pk").values())
    state["auth.user.m2m"] = [
        (user.username, _names(user.groups, "name"), _names(user.user_permissions, "codename"))
        for user in User.objects.order_by("pk")
    ]
    state["auth.group.m2m"] = [
        (group.name, _names(group.permissions, "codename")) for group in Group.objects.order_by("pk")
    ]
    return state


def _names(related, field: str) -> list[str]:
    return sorted(related.values_list(field, flat=True))


def history_tables(state: dict) -> list[str]:
    return [label for label in state if label.split(".")[-1].startswith("historical")]


def admin_edit(client, resource: Resource, **changes) -> None:
    """Change a resource through the real admin change form."""
    url = reverse("admin:catalog_resource_change", args=[resource.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, form_data(form) | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def edited_site(default_map, client, admin_user, monkeypatch):
    """The default map after a few weeks of work: edits through the services and the admin (so the
    history has versions, editors and reasons), an editor with a group, link checks, a report and
    counted searches."""
    services.resource_unpublish(Resource.objects.get(slug="mediadiamant"))
    reviewed = services.resource_mark_reviewed(Resource.objects.get(slug="zanzu-alles-over-seks"))
    update_change_reason(reviewed, "Nagekeken met de organisatie")

    editors = Group.objects.create(name="Redactie")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_resource", "view_resource"]))
    admin_user.groups.add(editors)
    admin_user.user_permissions.add(Permission.objects.get(codename="add_glossaryterm"))
    client.force_login(admin_user)
    escaperoom = Resource.objects.get(slug="escaperoom-het-stopt-bij-jou")
    admin_edit(client, escaperoom, age_max="16")  # a proposal, published by the publisher
    publishing.changes_publish([publishing.pending_change(escaperoom).token], by=admin_user)
    TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    helpline = HelpLine.objects.get(slug="helpwanted")
    helpline.note = "Ook via WhatsApp."
    helpline.save()

    now = timezone.now()
    urls = [Resource.objects.get(slug="zanzu-alles-over-seks").url, helpline.url]
    verdicts = [
        Verdict(url=urls[0], status="ok", http_status=200, attempts=1, checked_at=now),
        Verdict(url=urls[1], status="broken", http_status=404, attempts=2, checked_at=now),
    ]
    monkeypatch.setattr(linkcheck_services, "run_checks", lambda todo, options, progress: verdicts)
    linkcheck_services.link_check_run(urls=urls)

    problem_report_create(Resource.objects.get(slug="zanzu-alles-over-seks"), ["link-kapot"], "Werkt niet.")
    OrganisationProposal.objects.create(slug="nieuw", name="Nieuwe organisatie", author=admin_user)
    zero_result_record("qqxyzzyqq")
    zero_result_record("qqxyzzyqq")
    # A handout translation reviewed, with its uploaded catalogue (the kit app keeps both, with history)
    apps.get_model("kit", "HandoutTranslation").objects.create(
        language="ar", reviewed=True, reviewed_on=timezone.localdate(), catalogue='msgid ""\nmsgstr ""\n'
    )
    return client


def test_backup_and_restore_give_the_same_site_back(edited_site, tmp_path):
    before = site_state()
    export = services.map_export("json")
    exported = json.loads(export)  # the comparison below covers the colophon and the authors too
    assert exported["map"]["colophon"] and any(r["authors"] for r in exported["resources"])
    assert all(before[label] for label in history_tables(before))
    assert any(row["history_user_id"] for row in before["catalog.historicalresource"])
    assert any(row["history_change_reason"] for row in before["catalog.historicalresource"])
    assert before["admin.logentry"] and before["linkcheck.linkcheck"] and before["search.zeroresultquery"]

    counter_at_backup = services.content_version()[0]
    info = backup.map_backup(tmp_path / "site.json.gz")
    assert info.counts["catalog.resource"] == 43
    assert info.counts["catalog.historicalresource"] == len(before["catalog.historicalresource"])

    # Weeks later: entries changed and removed, a new account, more history, another run.
    services.map_load_default(replace=True)
    Resource.objects.get(slug="zanzu-alles-over-seks").delete()
    services.resource_unpublish(Resource.objects.get(slug="escaperoom-het-stopt-bij-jou"))
    User.objects.create_user("nieuw", password="x" * 16)
    Group.objects.all().delete()
    ProblemReport.objects.all().delete()
    zero_result_record("nog iets")
    assert site_state() != before
    counter_before = services.content_version()[0]

    restored = backup.map_restore(tmp_path / "site.json.gz")

    assert restored.counts == info.counts
    after = site_state()
    for label in before:
        assert after[label] == before[label], f"{label} differs after the restore"
    assert services.map_export("json") == export
    # Moved past both the counter it replaced and the one it restored: every process rebuilds.
    assert services.content_version()[0] > max(counter_before, counter_at_backup)


def _as_a_new_database() -> None:
    """Start every id sequence again from 1 on the now empty tables, as in a newly created database
    (PostgreSQL; SQLite's ids follow the rows)."""
    with connection.cursor() as cursor:
        for model in backup.backup_models():
            assert model in (ContentVersion, ContentChange) or not model._base_manager.exists(), model
        for sql in connection.ops.sequence_reset_sql(no_style(), backup.backup_models()):
            cursor.execute(sql)


def test_restore_onto_an_empty_database_and_new_rows_still_get_fresh_ids(db, tmp_path, client):
    Group.objects.all().delete()  # empty: not even the roles' groups, which `migrate` creates
    backup.map_backup(tmp_path / "empty.json.gz")
    _as_a_new_database()
    services.map_load_default(replace=True)  # ids from 1, as in a new database
    admin_user = User.objects.create_superuser("redacteur", password="z" * 16)
    client.force_login(admin_user)
    admin_edit(client, Resource.objects.get(slug="escaperoom-het-stopt-bij-jou"), age_max="15")
    full = site_state()
    export = services.map_export("json")
    backup.map_backup(tmp_path / "full.json.gz")

    backup.map_restore(tmp_path / "empty.json.gz")
    assert all(rows == [] for label, rows in site_state().items()), "the empty backup left rows behind"
    _as_a_new_database()
    assert services.map_export("json") != export

    backup.map_restore(tmp_path / "full.json.gz")
    assert site_state() == full
    assert services.map_export("json") == export

    # The sequences follow the restored rows (PostgreSQL): new rows do not collide with them.
    services.resource_unpublish(Resource.objects.get(slug="mediadiamant"))
    problem_report_create(Resource.objects.get(slug="mediadiamant"), ["info-onjuist"], "")
    User.objects.create_user("later", password="y" * 16)


def test_after_a_restore_the_search_serves_the_restored_content(default_map, tmp_path):
    def found(slug: str) -> bool:
        return slug in [doc.slug for doc in resource_search(Selection(), "mediadiamant").results]

    assert found("mediadiamant")
    backup.map_backup(tmp_path / "site.json.gz")
    services.resource_unpublish(Resource.objects.get(slug="mediadiamant"))
    assert not found("mediadiamant")
    backup.map_restore(tmp_path / "site.json.gz")
    assert found("mediadiamant")


def test_the_file_is_gzip_with_a_header_and_readable_only_by_its_owner(default_map, tmp_path):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the editors' password hashes
    head, payload = gzip.decompress(path.read_bytes()).decode("utf-8").rstrip("\n").split("\n")
    header = json.loads(head)
    assert header["format"] == "bronwijzer-backup" and header["version"] == 1
    assert header["payload_sha256"] == hashlib.sha256(payload.encode("utf-8")).hexdigest()
    assert "catalog" in header["migrations"]
    history = [o for o in json.loads(payload) if o["model"] == "catalog.historicalresource"]
    assert len(history) == header["counts"]["catalog.historicalresource"] == 43
    fields = set(history[0]["fields"])
    assert {"history_date", "history_type", "history_change_reason", "history_user"} <= fields


#: catalog's migrations 0001-0010, squashed into one that new databases get instead.
SQUASH = "0001_squashed_0010_labels_after_merge"


def test_a_backup_names_the_migrations_a_squash_stands_for_and_fits_a_database_made_before_it(
    default_map, tmp_path
):
    """Django records a squashed migration beside the ones it replaces. The backup names those, not
    the squash: it restores, with no note about missing migrations, onto a database that was made
    before the squash (so never recorded it), as a backup from that database restores onto this."""
    recorded = MigrationRecorder.Migration.objects.filter(app="catalog")
    assert recorded.filter(name=SQUASH).exists() and recorded.filter(name="0010_labels_after_merge").exists()
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    head, _ = gzip.decompress(path.read_bytes()).decode("utf-8").rstrip("\n").split("\n")
    catalog = json.loads(head)["migrations"]["catalog"]
    assert SQUASH not in catalog and {
        "0001_initial",
        "0010_labels_after_merge",
        "0011_resource_links",
    } <= set(catalog)

    recorded.filter(name=SQUASH).delete()  # a database migrated before the squash existed
    assert backup.map_restore(path).migrations_missing_in_backup == []


def test_a_failed_backup_leaves_no_file_and_keeps_the_previous_one(default_map, tmp_path, monkeypatch):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    good = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(gzip, "compress", broken)
    with pytest.raises(OSError, match="disk full"):
        backup.map_backup(path)
    assert path.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.json.gz"]


# --- refusals ----------------------------------------------------------------------------------


def _rewrite(path, *, header=None, payload=None, fix_checksum=False) -> None:
    head, data = gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")
    header_obj = json.loads(head)
    if header:
        header_obj.update(header)
    if payload is not None:
        data = payload(data)
    if fix_checksum:
        header_obj["payload_bytes"] = len(data)
        header_obj["payload_sha256"] = hashlib.sha256(data).hexdigest()
    path.write_bytes(gzip.compress(json.dumps(header_obj).encode() + b"\n" + data + b"\n"))


def _dangling_report(data: bytes) -> bytes:
    objects = json.loads(data)
    report = next(o for o in objects if o["model"] == "reports.problemreport")
    report["fields"]["resource"] = 987654
    return json.dumps(objects).encode()


def _drop_user_rows(data: bytes) -> bytes:
    return json.dumps([o for o in json.loads(data) if o["model"] != "auth.user"]).encode()


def _damage(path):
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))


BAD_FILES = {
    "plain-text": (lambda p: p.write_text("hello"), "not a gzip file"),
    "map-file-gzipped": (
        lambda p: p.write_bytes(gzip.compress(services.map_export("json").encode())),
        "no Bronwijzer backup header",
    ),
    "foreign-gzip": (lambda p: p.write_bytes(gzip.compress(b'{"format": "other"}\n[]\n')), "no Bronwijzer"),
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "damaged or cut short"),
    "flipped-byte": (_damage, "damaged"),
    "payload-changed": (
        lambda p: _rewrite(p, payload=lambda d: d.replace(b'"slug":"', b'"slug":"x', 1)),
        "checksum does not match",
    ),
    "newer-format": (lambda p: _rewrite(p, header={"version": 99}), "newer Bronwijzer"),
    "newer-schema": (
        lambda p: _rewrite(p, header={"migrations": {"catalog": ["0001_initial", "0099_from_the_future"]}}),
        "catalog.0099_from_the_future",
    ),
    "unknown-table": (
        lambda p: _rewrite(p, header={"counts": {"elsewhere.thing": 0}}),
        "does not have the table(s) elsewhere.thing",
    ),
    "rows-missing": (lambda p: _rewrite(p, payload=_drop_user_rows, fix_checksum=True), "number of rows"),
    "dangling-reference": (
        lambda p: _rewrite(p, payload=_dangling_report, fix_checksum=True),
        "does not fit this database",
    ),
    "missing": (lambda p: p.unlink(), "cannot read"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes(edited_site, tmp_path, kind):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    make_bad, message = BAD_FILES[kind]
    make_bad(path)
    Resource.objects.filter(slug="mediadiamant").update(title="Gewijzigd na de backup")
    before, export, version = site_state(), services.map_export("json"), services.content_version()

    with pytest.raises(backup.BackupError, match="Nothing was changed") as refused:
        backup.map_restore(path)
    assert message in str(refused.value)

    assert site_state() == before
    assert services.map_export("json") == export
    assert services.content_version() == version


# --- the commands ------------------------------------------------------------------------------


def test_the_commands_round_trip_and_check(edited_site, tmp_path, capsys):
    path = tmp_path / "site.json.gz"
    before = site_state()
    call_command("backup", str(path))
    assert f"Wrote {path}: " in capsys.readouterr().out
    call_command("restore", str(path), "--check")
    assert "is a usable backup" in capsys.readouterr().out
    Resource.objects.all().delete()
    call_command("restore", str(path), interactive=False)
    assert "Restored" in capsys.readouterr().out
    assert site_state() == before


def test_backup_without_a_name_writes_into_the_data_folder(default_map, tmp_path, settings, capsys):
    settings.DATA_DIR = tmp_path
    call_command("backup")
    [written] = (tmp_path / "backups").iterdir()
    assert written.name.startswith("bronwijzer-backup-") and written.name.endswith(".json.gz")
    call_command("restore", str(written), "--check")


def test_restore_refuses_with_a_clear_message(default_map, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    with pytest.raises(CommandError, match=r"notes.txt is not a usable Bronwijzer backup: it is not a gzip"):
        call_command("restore", str(path), interactive=False)


def test_restore_asks_before_it_replaces_everything(default_map, tmp_path, monkeypatch):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    Resource.objects.filter(slug="mediadiamant").delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path))
    assert not Resource.objects.filter(slug="mediadiamant").exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("restore", str(path))
    assert Resource.objects.filter(slug="mediadiamant").exists()


def test_the_backup_holds_every_table_of_the_project_and_the_history_of_every_model():
    labels = {m._meta.label_lower for m in backup.backup_models()}
    assert {"auth.user", "auth.group", "admin.logentry", "catalog.contentversion"} <= labels
    assert {"linkcheck.linkcheckrun", "linkcheck.linkcheck", "linkcheck.linkstate"} <= labels
    assert {"reports.problemreport", "search.zeroresultquery"} <= labels
    for model in ("map", "section", "organisation", "resource", "glossaryterm", "helpline"):
        assert {f"catalog.{model}", f"catalog.historical{model}"} <= labels
