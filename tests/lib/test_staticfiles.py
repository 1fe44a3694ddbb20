"""Static files are collected at a server start only when their sources changed."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from bronwijzer.lib.staticfiles import STAMP, static_collect


@pytest.fixture
def sources(settings, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: #000; }")
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return source


def test_the_first_start_collects_and_the_next_one_does_not(sources, settings):
    assert static_collect() is True
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()
    assert static_collect() is False


def test_a_changed_or_added_source_is_collected_again(sources, settings):
    static_collect()
    css = sources / "site.css"
    css.write_text("body { color: #111; }")
    os.utime(css, ns=(css.stat().st_atime_ns, css.stat().st_mtime_ns + 1_000_000_000))
    assert static_collect() is True
    (sources / "new.js").write_text("void 0;")
    assert static_collect() is True
    assert (settings.STATIC_ROOT / "new.js").exists()
    assert static_collect() is False


def test_a_collection_cut_short_is_done_again(sources, settings):
    static_collect()
    (settings.STATIC_ROOT / STAMP).unlink()  # as after a crash midway
    assert static_collect() is True
    (settings.STATIC_ROOT / "staticfiles.json").unlink()  # files gone, stamp still there
    assert static_collect() is True


def test_the_fonts_a_screen_may_need_are_collected_and_those_only_the_pdfs_use_are_not(settings, tmp_path):
    """Tigrinya's Ge'ez font is served (many computers lack one); the Arabic fonts only print PDFs."""
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    fonts = {path.name for path in (settings.STATIC_ROOT / "fonts").iterdir()}
    assert {"NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf", "OFL.txt"} <= fonts
    assert not {name for name in fonts if name.startswith("NotoSansArabic")}
