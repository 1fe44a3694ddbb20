"""Backup and restore of everything that makes this Bronwijzer site: ``bronwijzer backup`` / ``restore``.

A backup is one gzip file holding two lines of JSON:

1. a header: ``{"format": "bronwijzer-backup", "version": 1, "created_at": ...,
   "migrations": {...}, "counts": {"catalog.resource": 43, ...},
   "payload_bytes": ..., "payload_sha256": ...}``;
2. the payload: every row of the backed-up tables as Django's "python"
   serializer writes them (``{"model", "pk", "fields"}``), datetimes with their
   microseconds.

What is in it (:func:`backup_models`): every table of Bronwijzer's own apps,
including the edit history (django-simple-history's ``Historical*`` tables with
``history_date``, ``history_type``, ``history_change_reason`` and
``history_user``), the content version, the link-check runs, checks and states,
the visitors' problem reports and the search's zero-result counts; the editors'
accounts and groups (``auth.User``, ``auth.Group``: the history refers to its
editors, so they are kept; the file therefore holds password hashes and is
written with mode 0600), their two-factor (TOTP) devices, and the admin's action log.
Login lockouts (django-axes) are not copied: they are short-lived. Content types and
permissions are not copied: ``migrate`` creates them, and the backup refers to
them by natural key. Sessions are not copied; a restore ends them all.

:func:`map_backup` reads every table in one read-only transaction (a consistent
snapshot) and writes the file atomically (temporary file, fsync, rename).
:func:`map_restore` reads and checks the whole file before it touches the
database (format, version, checksum, that the database knows every migration the
backup was made with), then in one transaction deletes the rows of every
backed-up table, loads the backup, resets PostgreSQL's sequences, checks the
foreign keys and the row counts, and moves the content version past both the old
and the restored one, so every server process rebuilds its search index. If
anything fails, nothing has changed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from bronwijzer.backup import older
from bronwijzer.catalog.models import ContentVersion
from bronwijzer.catalog.services import content_changed
from bronwijzer.lib.files import atomic_write_bytes

FORMAT = "bronwijzer-backup"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"
#: What a backup made now is called when no file name is given.
DEFAULT_NAME = "bronwijzer-backup-{:%Y%m%d-%H%M%S}.json.gz"


class BackupError(Exception):
    """The file is not a (usable) Bronwijzer backup, or it does not fit this database. Nothing changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    counts: dict[str, int]
    sha256: str
    migrations_missing_in_backup: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        def total(predicate: Callable[[str], bool]) -> int:
            return sum(n for label, n in self.counts.items() if predicate(label))

        history = total(lambda label: label.split(".")[1].startswith("historical"))
        resources = self.counts.get("catalog.resource", 0)
        users = self.counts.get(_label(get_user_model()), 0)
        return (
            f"{self.rows} rows in {len(self.counts)} tables: {resources} resources, "
            f"{history} history rows, {users} user accounts (backup of {self.created_at})"
        )


@dataclass(frozen=True)
class _Backup:
    header: dict[str, Any]
    objects: list[dict[str, Any]]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def backup_models() -> list[type[models.Model]]:
    """What a backup holds, in the order it is loaded.

    Groups and users come first: the admin's log names its user by natural key
    (username), and users name their groups by name, so those must exist first.
    Every other reference is by primary key, and foreign keys are checked at the
    end of the transaction, so the order of the rest does not matter.
    """
    from django.contrib.auth.models import Group

    chosen: list[type[models.Model]] = [Group, get_user_model()]
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("bronwijzer."):
            # a proxy model (staff's Dutch names for third-party tables) has no rows of its own
            chosen.extend(sorted((m for m in app_config.get_models() if not m._meta.proxy), key=_label))
    if apps.is_installed("django.contrib.admin"):
        from django.contrib.admin.models import LogEntry

        chosen.append(LogEntry)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        # without them a restored account that had two-factor login would log in with a password only
        from django_otp.plugins.otp_totp.models import TOTPDevice

        chosen.append(TOTPDevice)
    return chosen


def _natural_keys(model: type[models.Model]) -> bool:
    """Accounts, groups and the admin's log refer to permissions and content types, whose ids differ
    between databases: those references are written as natural keys. The rest use primary keys
    (fast, and a historical row keeps pointing at its editor's account)."""
    return model._meta.app_label in ("auth", "admin")


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _applied_migrations(connection: BaseDatabaseWrapper, app_labels: set[str]) -> dict[str, list[str]]:
    """The migrations applied to the database, by app, without squashed ones (a migration that
    ``replaces`` others): Django records the migrations a squash stands for beside it, and a backup
    names those, so that it fits a database made before the squash and one made from it."""
    applied = MigrationRecorder(connection).applied_migrations()
    squashes = set(MigrationLoader(None, ignore_no_migrations=True).replacements)
    found: dict[str, list[str]] = {}
    for app_label, name in applied:
        if app_label in app_labels and (app_label, name) not in squashes:
            found.setdefault(app_label, []).append(name)
    return {label: sorted(names) for label, names in sorted(found.items())}


def _serialize(chosen: list[type[models.Model]]) -> tuple[list[dict], dict[str, int]]:
    objects: list[dict] = []
    counts: dict[str, int] = {}
    for model in chosen:
        queryset = model._base_manager.order_by("pk")
        rows = serializers.serialize(
            "python", queryset.iterator(chunk_size=2000), use_natural_foreign_keys=_natural_keys(model)
        )
        counts[_label(model)] = len(rows)
        objects.extend(rows)
    return objects, counts


def map_backup(path: Path | str) -> BackupInfo:
    """Write a backup of this site to ``path`` (atomically); return what it holds."""
    path = Path(path)
    connection = connections[DEFAULT_DB_ALIAS]
    chosen = backup_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        objects, counts = _serialize(chosen)
        migrations = _applied_migrations(connection, {m._meta.app_label for m in chosen})
    payload = json.dumps(objects, cls=_Encoder, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(payload).hexdigest()
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "payload_bytes": len(payload),
        "payload_sha256": digest,
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    atomic_write_bytes(path, gzip.compress(head + b"\n" + payload + b"\n", mtime=0))
    return BackupInfo(path, str(header["created_at"]), counts, digest)


def _refuse(path: Path, reason: str) -> BackupError:
    return BackupError(f"{path} is not a usable Bronwijzer backup: {reason}. Nothing was changed.")


#: The header line is small (a few kB); a first line longer than this is not a backup's header.
HEADER_MAX_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


#: What reading a damaged gzip stream raises (gzip.BadGzipFile is an OSError).
_GZIP_ERRORS = (EOFError, OSError, zlib.error)
#: What turning a backup's rows into model instances, or saving them, raises for data that does not
#: fit: a wrong value, an unknown field or model, a reference to a row that is not there.
_DATA_ERRORS = (
    DeserializationError,
    DatabaseError,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
)


def _read_header(path: Path, stream: gzip.GzipFile) -> dict[str, Any]:
    try:
        head = stream.readline(HEADER_MAX_BYTES + 1)
    except _GZIP_ERRORS as error:
        raise _refuse(path, f"the file is damaged or cut short ({error})") from None
    if len(head) > HEADER_MAX_BYTES or not head.endswith(b"\n"):
        raise _refuse(path, "it has no Bronwijzer backup header")
    try:
        header = json.loads(head)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse(path, "it has no Bronwijzer backup header")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(path, f"unknown backup format version {version!r}")
    if version > VERSION:
        raise _refuse(
            path, f"it was made by a newer Bronwijzer (backup format {version}; this one reads {VERSION})"
        )
    size = header.get("payload_bytes")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _refuse(path, "its header does not say how long the data is")
    if size > settings.MAX_RESTORE_BYTES:
        raise _refuse(path, _too_large(size))
    counts = header.get("counts")
    if not isinstance(counts, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
    ):
        raise _refuse(path, "its header's row counts have the wrong shape")
    return header


def _too_large(size: int) -> str:
    return (
        f"its data is {size:,} bytes unpacked, more than BRONWIJZER_MAX_RESTORE_BYTES "
        f"({settings.MAX_RESTORE_BYTES:,}) allows; raise that setting if this machine has the memory "
        "(a restore needs about ten times the data's size)"
    )


def _payload_checked(path: Path, header: dict[str, Any], *, keep: bool) -> bytes:
    """Stream the data after the header: its length and checksum must be what the header says.

    Holds no more than a chunk at a time unless ``keep`` (then the data, at most the declared and
    capped length): a file that unpacks to more than it declares (a "gzip bomb") is refused as
    soon as it does, after reading one chunk more than the declared length.
    """
    size: int = header["payload_bytes"]
    digest = hashlib.sha256()
    kept = bytearray() if keep else None
    read = 0
    tail = b""
    try:
        with gzip.open(path, "rb") as stream:
            stream.readline(HEADER_MAX_BYTES + 1)
            while chunk := stream.read(_CHUNK):
                data, extra = chunk[: max(size - read, 0)], chunk[max(size - read, 0) :]
                read += len(data)
                digest.update(data)
                if kept is not None:
                    kept += data
                tail += extra
                if len(tail) > 1:
                    raise _refuse(
                        path, "the checksum does not match: the data is longer than its header says"
                    )
    except _GZIP_ERRORS as error:
        raise _refuse(path, f"the file is damaged or cut short ({error})") from None
    except MemoryError:
        raise _refuse(path, "this machine does not have the memory to read it") from None
    if read != size or tail not in (b"", b"\n") or digest.hexdigest() != header.get("payload_sha256"):
        raise _refuse(path, "the checksum does not match: the file is damaged or incomplete")
    return bytes(kept) if kept is not None else b""


def _read_file(path: Path, *, objects: bool = True) -> _Backup:
    """Read and check the file itself: gzip, header, version, length and checksum, JSON.

    The file is streamed, never unpacked whole: first the header and a pass over the data that
    checks its length and checksum in constant memory, then (``objects``) the data is read and
    parsed. A file is never unpacked beyond its header's length or ``BRONWIJZER_MAX_RESTORE_BYTES``.
    """
    try:
        with path.open("rb") as file:
            magic = file.read(2)
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}. Nothing was changed.") from None
    if magic != GZIP_MAGIC:
        raise _refuse(path, "it is not a gzip file (a backup is written by `bronwijzer backup`)")
    with gzip.open(path, "rb") as stream:
        header = _read_header(path, stream)
    _payload_checked(path, header, keep=False)
    if not objects:
        return _Backup(header, [])
    payload = _payload_checked(path, header, keep=True)
    try:
        parsed = json.loads(payload)
    except ValueError as error:
        raise _refuse(path, f"the data is not valid JSON ({str(error)[:200]})") from None
    except (MemoryError, RecursionError):
        raise _refuse(path, "this machine does not have the memory to read its data") from None
    del payload
    if not isinstance(parsed, list):
        raise _refuse(path, "the data has the wrong shape")
    return _Backup(header, parsed)


def _check_fits(path: Path, backup: _Backup, connection: BaseDatabaseWrapper) -> list[str]:
    """That this installation has every table and migration of the backup; return the migrations the
    database has that the backup does not (a backup of an older version: allowed)."""
    counts: dict[str, int] = backup.header["counts"]
    known = {_label(m) for m in backup_models()}
    unknown = sorted(set(counts) - known)
    if unknown:
        raise _refuse(path, f"this Bronwijzer does not have the table(s) {', '.join(unknown)}")
    fields = {_label(m): _field_names(m) for m in backup_models()}
    seen: dict[str, int] = {}
    for obj in backup.objects:
        label = obj.get("model") if isinstance(obj, dict) else None
        if not isinstance(label, str) or label not in counts or not isinstance(obj.get("fields"), dict):
            raise _refuse(path, f"unexpected object in the data: {str(obj)[:80]}")
        unknown_fields = sorted(set(obj["fields"]) - fields[label] - older.RETIRED_FIELDS.get(label, set()))
        if unknown_fields:
            raise _refuse(
                path,
                f"a row of {label} (pk {str(obj.get('pk'))[:40]}) has field(s) this Bronwijzer does not "
                f"have: {', '.join(str(f)[:40] for f in unknown_fields[:5])}",
            )
        seen[label] = seen.get(label, 0) + 1
    if any(seen.get(label, 0) != n for label, n in counts.items()):
        raise _refuse(path, "the number of rows does not match the header")
    migrations = backup.header.get("migrations") or {}
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        raise _refuse(path, "its list of migrations has the wrong shape")
    applied = _applied_migrations(connection, set(migrations))
    newer = sorted(
        f"{app}.{name}"
        for app, names in migrations.items()
        for name in names
        if name not in applied.get(app, ())
    )
    if newer:
        raise _refuse(
            path,
            f"it was made with database migrations this database does not have ({', '.join(newer[:5])}); "
            "run `bronwijzer migrate` with the Bronwijzer version that made the backup, or a newer one",
        )
    return sorted(
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if app in migrations and name not in migrations[app]
    )


def _field_names(model: type[models.Model]) -> set[str]:
    """The field names the serializer writes for a row of ``model``."""
    opts = model._meta
    return {f.name for f in opts.concrete_fields if not f.primary_key} | {f.name for f in opts.many_to_many}


def _rows_converted(path: Path, objects: list[dict]) -> None:
    """Turn every row into a model instance, as a restore would, without saving any: each value
    must fit its field. (References to other rows are checked by the restore itself.)"""
    for number, obj in enumerate(objects, start=1):
        try:
            for _item in serializers.deserialize("python", [obj], handle_forward_references=True):
                pass
        except _DATA_ERRORS as error:
            label, pk = obj.get("model"), str(obj.get("pk"))[:40]
            raise _refuse(path, f"row {number} ({label}, pk {pk}) does not fit: {str(error)[:200]}") from None


def backup_check(path: Path | str) -> BackupInfo:
    """Read and check a backup file completely, without changing anything."""
    path = Path(path)
    backup = _read_file(path)
    newer = _check_fits(path, backup, connections[DEFAULT_DB_ALIAS])
    _rows_converted(path, backup.objects)
    header = backup.header
    return BackupInfo(path, str(header.get("created_at")), header["counts"], header["payload_sha256"], newer)


def _tables_to_empty(chosen: list[type[models.Model]]) -> list[str]:
    """The tables of the backed-up models, their many-to-many tables, and the sessions."""
    tables: list[str] = []
    for model in chosen:
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
        tables.append(model._meta.db_table)
    if apps.is_installed("django.contrib.sessions"):
        from django.contrib.sessions.models import Session

        tables.append(Session._meta.db_table)
    return list(dict.fromkeys(tables))


def _load(objects: list[dict]) -> None:
    """Save every object as loaddata does (raw: no auto_now, no new history rows)."""
    deferred = []
    for item in serializers.deserialize("python", objects, handle_forward_references=True):
        item.save()
        if item.deferred_fields:
            deferred.append(item)
    for item in deferred:
        item.save_deferred_fields()


def _content_version_moved_on(before: int) -> None:
    """Past both the old and the restored counter, so no process keeps an index of either."""
    restored = ContentVersion.objects.filter(pk=1).values_list("counter", flat=True).first() or 0
    floor = max(before, restored)
    if floor:
        ContentVersion.objects.update_or_create(pk=1, defaults={"counter": floor})
    content_changed()


def map_restore(path: Path | str) -> BackupInfo:
    """Replace this site's content, history, accounts and logs with the backup in ``path``.

    The whole file is checked first; then everything happens in one transaction.
    """
    path = Path(path)
    connection = connections[DEFAULT_DB_ALIAS]
    backup = _read_file(path)
    chosen = backup_models()
    with transaction.atomic():
        newer = _check_fits(path, backup, connection)
        before = ContentVersion.objects.filter(pk=1).values_list("counter", flat=True).first()
        tables = _tables_to_empty(chosen)
        with connection.cursor() as cursor:
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        try:
            taken_out = older.lists_taken_out(backup.objects)
            _load(backup.objects)
            older.links_from_lists(backup.header, taken_out)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), chosen):
                    cursor.execute(sql)
            connection.check_constraints(table_names=tables)
        except _DATA_ERRORS as error:
            raise _refuse(path, f"its data does not fit this database ({str(error)[:300]})") from error
        for label, expected in backup.header["counts"].items():
            if apps.get_model(label)._base_manager.count() != expected:
                raise _refuse(path, f"after loading, {label} does not have the {expected} rows of the backup")
        _content_version_moved_on(before or 0)
    header = backup.header
    return BackupInfo(path, str(header.get("created_at")), header["counts"], header["payload_sha256"], newer)


def default_backup_path(directory: Path) -> Path:
    return Path(directory) / DEFAULT_NAME.format(timezone.localtime())
