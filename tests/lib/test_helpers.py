from __future__ import annotations

import os
import stat

import pytest

from bronwijzer.lib.files import atomic_write_bytes
from bronwijzer.lib.languages import is_language_code, language_name
from bronwijzer.lib.phone import tel_href
from bronwijzer.lib.secret import secret_key_from_file
from bronwijzer.lib.textlinks import link_terms


def test_tel_links_keep_only_digits_and_plus():
    assert tel_href("020-261 52 75") == "tel:0202615275"
    assert tel_href("0900-0101") == "tel:09000101"
    assert tel_href("112") == "tel:112"
    assert tel_href("+31 (0)20 123") == "tel:+31020123"


def test_language_codes_and_names():
    assert is_language_code("ar") and is_language_code("uk")
    assert not is_language_code("xx") and not is_language_code("nld")
    assert language_name("tr", "nl") == "Turks"
    assert language_name("tr", "en") == "Turkish"


def test_link_terms_links_the_first_mention_only_and_prefers_the_longest_term():
    html = link_terms(
        "Sexting misbruik is erger dan sexting. Sexting misbruik blijft.",
        [("sexting", "/b/#s"), ("sexting misbruik", "/b/#sm")],
    )
    assert html.count('href="/b/#sm"') == 1
    assert html.count('href="/b/#s"') == 1
    assert html.startswith('<a href="/b/#sm" class="term">Sexting misbruik</a>')


def test_link_terms_escapes_everything_else():
    html = link_terms('<script>alert("x")</script> doxing', [("doxing", "/b/#d")])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="/b/#d" class="term">doxing</a>' in html


def test_link_terms_respects_word_boundaries():
    assert "href" not in link_terms("exposingen", [("exposing", "/x")])


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "map.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["map.json"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.json"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["map.json"]


def test_the_local_secret_key_is_generated_once_and_private(tmp_path):
    path = tmp_path / "secret_key"
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert secret_key_from_file(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
