"""Guards: no missing migrations, every setting documented, translations compile."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.management import call_command

import bronwijzer
from bronwijzer.lib.env import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
LOCALE = Path(bronwijzer.__file__).parent / "locale"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"a model change has no migration (run `bronwijzer makemigrations`):\n{out.getvalue()}")
        raise exit_


def test_every_setting_read_from_the_environment_is_documented():
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "docs" / "settings.md").read_text(), re.M))
    assert REGISTRY, "settings read no environment variables through bronwijzer.lib.env"
    assert REGISTRY - documented == set(), "undocumented settings"
    assert documented - REGISTRY == set(), "documented settings that no longer exist"


def test_the_readme_points_to_every_setting():
    readme = (ROOT / "README.md").read_text()
    assert "docs/settings.md" in readme
    for name in REGISTRY:
        assert f"`{name}`" in readme, f"README does not mention {name}"


#: Dutch for the back office's third-party apps, kept by hand (bronwijzer.settings.LOCALE_PATHS).
NL_OVERRIDES = Path(bronwijzer.__file__).parent / "staff" / "nl_overrides"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po")) + sorted(
    NL_OVERRIDES.glob("*/LC_MESSAGES/django.po")
)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:-2]))
def test_translations_parse_and_the_compiled_catalogue_is_current(po):
    with po.open("rb") as handle:
        catalog = read_po(handle)
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert not problems, problems
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    with mo.open("rb") as handle:
        compiled = read_mo(handle)

    def key(value):
        if isinstance(value, bytes):  # babel's read_mo leaves a message context undecoded
            return value.decode("utf-8")
        return tuple(value) if isinstance(value, list | tuple) else value

    # keyed by context too: one Dutch word may have two English translations in two contexts
    expected = {
        (key(m.context), key(m.id)): key(m.string) for m in catalog if m.id and m.string and not m.fuzzy
    }
    actual = {(key(m.context), key(m.id)): key(m.string) for m in compiled if m.id}
    assert actual == expected, "the .mo file is stale: run `make messages`"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert not untranslated, f"{len(untranslated)} untranslated strings, e.g. {untranslated[:3]}"


def test_there_is_an_english_catalogue():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.po").exists()


def test_the_handout_catalogues_are_complete_compiled_and_say_whether_they_were_reviewed():
    from bronwijzer.kit.messages import catalogue_problems

    assert catalogue_problems() == []
