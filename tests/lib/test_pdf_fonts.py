"""The PDF fonts come with Bronwijzer, vendored inside the package as static fonts (Noto Sans, made
from the variable font of a font package, which WeasyPrint would otherwise make static again for
every PDF; Noto Sans Ethiopic, which no PyPI package carries; static Noto Sans Arabic, as the
package's variable font garbles the text layer), with their licence, and shipped in the wheel."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import fontpkg
from fontTools.ttLib import TTFont

import bronwijzer
from bronwijzer.lib.pdf import FONT_DIR, VENDORED, font_css

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_every_family_the_paper_stylesheets_name_has_a_font_face():
    css = font_css()
    for family in ("Bronwijzer Sans", "Bronwijzer Arabic", "Bronwijzer Ethiopic"):
        assert f'font-family: "{family}"' in css, family
    for files in VENDORED.values():
        for name, _, _ in files:
            assert (FONT_DIR / name).as_uri() in css
    stylesheets = Path(bronwijzer.__file__).parent / "kit" / "static" / "kit"
    for sheet in ("handout.css", "sheet.css"):
        text = (stylesheets / sheet).read_text()
        assert '"Bronwijzer Arabic", "Bronwijzer Ethiopic"' in text, sheet


#: Per vendored family: the font's own family name and a letter it must have.
EXPECTED = {
    "Bronwijzer Sans": ("Noto Sans", "\u0416"),  # Ж, a Cyrillic letter (Ukrainian)
    "Bronwijzer Ethiopic": ("Noto Sans Ethiopic", "\u1275"),  # ት, as in ትግርኛ
    "Bronwijzer Arabic": ("Noto Sans Arabic", "\u06af"),  # گ, a Persian letter
}


def test_the_vendored_fonts_are_static_noto_fonts_under_the_open_font_license():
    assert set(VENDORED) == set(EXPECTED)
    licence = (FONT_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Google" in licence
    for family, files in VENDORED.items():
        noto, letter = EXPECTED[family]
        for name, _, _ in files:
            font = TTFont(FONT_DIR / name)
            names = {record.nameID: record.toUnicode() for record in font["name"].names}
            assert names[1] == noto
            assert "SIL Open Font License, Version 1.1" in names[13]
            assert ord(letter) in font.getBestCmap()
            assert "fvar" not in font  # static: one file per weight, no variation axes
            assert name in licence


def test_the_static_noto_sans_files_are_the_variable_font_of_the_pinned_package_at_their_weight():
    """Made from fontpkg-noto-sans's variable font (lib/fonts/README.md says how): a new version of
    that package fails here until they are made again."""
    for name, weight, style in VENDORED["Bronwijzer Sans"]:
        static = TTFont(FONT_DIR / name)
        variable = TTFont(fontpkg.path("Noto Sans", style=style))
        assert static["head"].fontRevision == variable["head"].fontRevision, name
        assert static.getGlyphOrder() == variable.getGlyphOrder(), name
        assert static["OS/2"].usWeightClass == (700 if weight == "bold" else 400), name
        assert bool(static["head"].macStyle & 0b10) == (style == "italic"), name


def test_the_vendored_fonts_and_their_licence_are_package_data_of_the_wheel():
    globs = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-data"]["bronwijzer"]
    package = Path(bronwijzer.__file__).parent
    for path in FONT_DIR.iterdir():
        if path.suffix in (".ttf", ".txt"):
            relative = path.relative_to(package).as_posix()  # lib/fonts/NotoSansEthiopic-Regular.ttf
            assert any(fnmatch(relative, glob) for glob in globs), f"{relative} is not shipped"
