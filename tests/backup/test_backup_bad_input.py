"""bronwijzer restore on hostile and malformed files: streamed, capped, and always a clear message.

A gzip bomb (a small file that unpacks to gigabytes) is refused in little memory; every malformed
backup (an unknown field, a value of the wrong type, a header of the wrong shape) is refused by
``restore --check`` and by ``restore`` with a message that says what is wrong, never a traceback,
and nothing changes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bronwijzer.backup import services as backup
from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource

pytestmark = pytest.mark.django_db

GIB = 1024**3


@pytest.fixture(scope="module")
def zeros_member() -> bytes:
    """About 1 MB of gzip that unpacks to 1 GiB of zero bytes.

    Each MiB of zeros is compressed after a full flush, which empties the compressor's history,
    so every MiB compresses to the same bytes: those are written 1,024 times, with the gzip header
    and trailer (CRC-32 and length of the whole GiB) around them. 0.2 s of CPU instead of the 2.4 s
    of compressing the GiB; unpacked whole (checked by hand, 3 s) it is the GiB, trailer and all.
    """
    chunk = bytes(1024 * 1024)
    chunks = GIB // len(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: header and trailer written here
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(chunks):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
    member = header + block * chunks + deflate.flush() + struct.pack("<II", crc, GIB % 2**32)
    assert zlib.decompressobj(31).decompress(member[: len(header) + 2 * len(block)]) == chunk * 2
    return member


def _header(**changes) -> bytes:
    header = {
        "format": backup.FORMAT,
        "version": backup.VERSION,
        "created_at": "2026-01-01T00:00:00+00:00",
        "migrations": {},
        "counts": {},
        "payload_bytes": 2,
        "payload_sha256": hashlib.sha256(b"[]").hexdigest(),
    }
    return json.dumps(header | changes).encode() + b"\n"


def _bombs(zeros: bytes) -> dict[str, bytes]:
    """gzip files (several members read as one stream) of about 1 MB and 4 MB."""
    return {
        "no-header-1mb": zeros,
        "after-a-header-1mb": gzip.compress(_header()) + zeros,
        "declares-its-size-1mb": gzip.compress(_header(payload_bytes=GIB)) + zeros,
        "no-header-4mb": zeros * 4,
        "after-a-header-4mb": gzip.compress(_header()) + zeros * 4,
    }


# The peak of this process's own memory (VmHWM, kB). Not getrusage's ru_maxrss: Linux carries
# that over an exec from the forked parent, so a big pytest process would count as the child's.
CHILD = """
import atexit, re, sys
def peak():
    status = open("/proc/self/status").read()
    print("PEAK_RSS_KB", re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1), flush=True)
atexit.register(peak)
from bronwijzer.cli import main
main(sys.argv[1:])
"""


def _address_space_capped() -> None:
    """A regression must not take the machine's memory: the child may map at most 2 GiB."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB))


def _restore_in_a_process(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    env = os.environ | {
        "BRONWIJZER_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bronwijzer.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "restore", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_address_space_capped,
    )
    peak = int(done.stdout.rsplit("PEAK_RSS_KB", 1)[1].split()[0])
    return done, peak


@pytest.mark.parametrize("kind", ["no-header-1mb", "after-a-header-1mb", "declares-its-size-1mb"])
def test_a_1mb_gzip_bomb_is_refused_in_under_200mb(tmp_path, zeros_member, kind):
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(_bombs(zeros_member)[kind])
    assert path.stat().st_size < 1.2 * 1024 * 1024

    done, peak_kb = _restore_in_a_process(tmp_path, str(path), "--check")

    assert done.returncode != 0
    assert "is not a usable Bronwijzer backup" in done.stderr and "Traceback" not in done.stderr
    assert peak_kb < 200 * 1024, f"peak RSS {peak_kb // 1024} MB"


@pytest.mark.parametrize("kind", ["no-header-4mb", "after-a-header-4mb"])
def test_a_4mb_gzip_bomb_gives_a_message_not_a_memory_error(tmp_path, zeros_member, kind):
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(_bombs(zeros_member)[kind])

    done, peak_kb = _restore_in_a_process(tmp_path, str(path), "--no-input")

    assert done.returncode != 0
    assert "is not a usable Bronwijzer backup" in done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
    assert peak_kb < 200 * 1024, f"peak RSS {peak_kb // 1024} MB"


# --- malformed backups: restore --check and restore both say what is wrong ----------------------


def _rewritten(path: Path, *, header=None, objects=None, raw_payload=None) -> None:
    head, data = gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")
    header_obj = json.loads(head)
    if objects is not None:
        data = json.dumps(objects(json.loads(data))).encode()
    if raw_payload is not None:
        data = raw_payload
    header_obj["payload_bytes"] = len(data)
    header_obj["payload_sha256"] = hashlib.sha256(data).hexdigest()
    if header:
        header_obj.update(header)
    path.write_bytes(gzip.compress(json.dumps(header_obj).encode() + b"\n" + data + b"\n"))


def _first(objects: list[dict], model: str) -> dict:
    return next(o for o in objects if o["model"] == model)


def _changed(model: str, change):
    def edit(objects: list[dict]) -> list[dict]:
        change(_first(objects, model))
        return objects

    return edit


MALFORMED = {
    "unknown-field": (
        dict(objects=_changed("catalog.resource", lambda o: o["fields"].update(colour="blue"))),
        "has field(s) this Bronwijzer does not have: colour",
    ),
    "date-not-a-date": (
        dict(objects=_changed("catalog.resource", lambda o: o["fields"].update(reviewed_at="gisteren"))),
        "does not fit",
    ),
    "number-not-a-number": (
        dict(objects=_changed("catalog.resource", lambda o: o["fields"].update(age_min="twaalf"))),
        "does not fit",
    ),
    "pk-not-a-number": (
        dict(objects=_changed("catalog.resource", lambda o: o.update(pk="abc"))),
        "does not fit",
    ),
    "many-to-many-not-a-list": (
        dict(objects=_changed("auth.user", lambda o: o["fields"].update(groups=7))),
        "does not fit",
    ),
    "model-is-a-list": (
        dict(objects=_changed("catalog.resource", lambda o: o.update(model=["catalog.resource"]))),
        "unexpected object",
    ),
    "row-is-a-string": (dict(objects=lambda objects: [*objects, "hello"]), "unexpected object"),
    "data-is-an-object": (dict(raw_payload=b'{"rows": []}'), "wrong shape"),
    "data-not-json": (dict(raw_payload=b"[{,}]"), "not valid JSON"),
    "counts-not-numbers": (dict(header={"counts": {"catalog.resource": "many"}}), "row counts"),
    "migrations-wrong-shape": (dict(header={"migrations": {"catalog": 5}}), "migrations has the wrong shape"),
    "size-not-a-number": (dict(header={"payload_bytes": "big"}), "does not say how long"),
    "longer-than-declared": (dict(header={"payload_bytes": 10}), "longer than its header says"),
    "shorter-than-declared": (dict(header={"payload_bytes": 10**7}), "checksum does not match"),
    "over-the-restore-limit": (dict(header={"payload_bytes": 2 * GIB}), "BRONWIJZER_MAX_RESTORE_BYTES"),
    "version-is-true": (dict(header={"version": True}), "unknown backup format version"),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_malformed_backup_is_refused_by_check_and_restore_with_a_message(
    default_map, admin_user, tmp_path, kind
):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    changes, message = MALFORMED[kind]
    _rewritten(path, **changes)
    export, version = services.map_export("json"), services.content_version()

    with pytest.raises(CommandError, match="is not a usable Bronwijzer backup") as checked:
        call_command("restore", str(path), "--check")
    assert message in str(checked.value)
    with pytest.raises(CommandError, match="Nothing was changed") as restored:
        call_command("restore", str(path), interactive=False)
    assert message in str(restored.value)
    with pytest.raises(backup.BackupError, match="Nothing was changed"):
        backup.map_restore(path)  # also without the command's check first

    assert services.map_export("json") == export
    assert services.content_version() == version
    assert Resource.objects.published().exists()


def test_a_sound_backup_still_passes_the_check_and_restores(default_map, tmp_path, capsys):
    path = tmp_path / "site.json.gz"
    backup.map_backup(path)
    call_command("restore", str(path), "--check")
    assert "is a usable backup" in capsys.readouterr().out
    call_command("restore", str(path), interactive=False)
    assert "Restored" in capsys.readouterr().out
