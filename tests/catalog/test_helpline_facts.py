"""The help lines of the default map say what shared/reference/urls.md confirms, and no more.

urls.md's two tables of help lines ("Help and reporting lines" and "Removal tools beside
Helpwanted") are parsed, and every help line of the map is held against its row: the phone
numbers, the web address, free, anonymous, open day and night, and the ages. A change on
either side that the other does not follow fails here (issue 13: 0900 numbers printed as
free, De Kindertelefoon without its ages, claims no source backs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bronwijzer.catalog import services

URLS_MD = Path(__file__).resolve().parents[3] / "shared" / "reference" / "urls.md"
TABLES = ("## Help and reporting lines", "## Removal tools beside Helpwanted")
PHONE = re.compile(r"\b0\d{2,3}-[\d ]*\d\b|\b112\b")
URL = re.compile(r"https?://[^\s|,;)]+")
AGES = re.compile(r"ages (\d+)\s*[–-]\s*(\d+)")


@dataclass(frozen=True)
class Row:
    name: str
    text: str  # every cell but the name, in one string

    @property
    def phones(self) -> set[str]:
        return set(PHONE.findall(self.text))

    @property
    def urls(self) -> set[str]:
        return {url.rstrip(".") for url in URL.findall(self.text)}

    def says(self, word: str) -> bool:
        return re.search(rf"\b{word}\b", self.text, re.IGNORECASE) is not None


def table_rows(markdown: str, heading: str) -> list[Row]:
    section = markdown[markdown.index(heading) :].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or set(cells[0]) <= set("-: ") or cells[0] in ("Line", "Tool"):
            continue
        rows.append(Row(re.sub(r"\s*\(.*\)$", "", cells[0]), " | ".join(cells[1:])))
    return rows


@pytest.fixture(scope="module")
def reference() -> str:
    if not URLS_MD.exists():
        pytest.skip(f"{URLS_MD} is not on this machine")
    return URLS_MD.read_text("utf-8")


@pytest.fixture(scope="module")
def pairs(reference) -> list[tuple[dict, Row]]:
    """Every help line of the map with its row in urls.md (by name; "Politie (spoed)" is Politie's)."""
    rows = [row for heading in TABLES for row in table_rows(reference, heading)]
    assert len(rows) >= 10, "urls.md's help-line tables were not found"
    lines = yaml.safe_load(services.DEFAULT_MAP_PATH.read_text("utf-8"))["helplines"]
    found = []
    for line in lines:
        matches = [row for row in rows if re.sub(r"\s*\(.*\)$", "", line["name"]) == row.name]
        assert len(matches) == 1, f"{line['slug']}: no single row in urls.md backs it ({matches})"
        found.append((line, matches[0]))
    return found


def lines_of(pairs, row: Row) -> list[dict]:
    return [line for line, r in pairs if r == row]


def test_every_row_of_urls_md_is_on_the_map(pairs, reference):
    rows = {row.name for heading in TABLES for row in table_rows(reference, heading)}
    assert rows == {row.name for _, row in pairs}


def test_the_phone_numbers_are_those_urls_md_gives(pairs):
    for row in {row for _, row in pairs}:
        on_map = {line["phone"] for line in lines_of(pairs, row) if line["phone"]}
        assert on_map == row.phones, row.name


def test_every_address_is_the_rows_own_or_a_confirmed_home_page(pairs, reference):
    for line, row in pairs:
        if row.urls:
            assert line["url"] in row.urls, line["slug"]
        else:  # urls.md gives the line no address: the organisation's home page it lists elsewhere
            assert line["url"] and line["url"] in URL.findall(reference), line["slug"]


def test_free_only_where_urls_md_says_so(pairs):
    for line, row in pairs:
        assert (line["free"] is True) == row.says("free"), line["slug"]


def test_anonymous_only_where_urls_md_says_so_and_said_where_it_does(pairs):
    for line, row in pairs:
        if line["anonymous"]:
            assert row.says("anonymous"), line["slug"]
    for row in {row for _, row in pairs if row.says("anonymous")}:
        said = [
            line
            for line in lines_of(pairs, row)
            if line["anonymous"] or "anoniem" in (line["note"] or "").lower()
        ]
        assert said, row.name


def test_open_day_and_night_only_where_urls_md_says_24_7(pairs):
    for line, row in pairs:
        text = " ".join(filter(None, (line["note"], line["helps_with"]))).lower()
        if "dag en nacht" in text:
            assert "24/7" in row.text, line["slug"]


def test_the_ages_are_those_urls_md_gives(pairs):
    for line, row in pairs:
        ages = AGES.search(row.text)
        expected = (int(ages.group(1)), int(ages.group(2))) if ages else (None, None)
        assert (line.get("age_min"), line.get("age_max")) == expected, line["slug"]
    kindertelefoon = next(line for line, _ in pairs if line["slug"] == "de-kindertelefoon")
    assert (kindertelefoon["age_min"], kindertelefoon["age_max"]) == (8, 18)


def test_the_parser_reads_the_rows_it_checks(reference):
    """A guard for the tests above: the parser sees the lines and their facts as urls.md writes them."""
    rows = {row.name: row for row in table_rows(reference, TABLES[0])}
    assert rows["Helpwanted"].phones == {"020-261 52 75"} and rows["Helpwanted"].says("anonymous")
    assert rows["Politie"].phones == {"112", "0900-8844"}
    assert rows["De Kindertelefoon"].urls == {"https://www.kindertelefoon.nl"}
    assert AGES.search(rows["De Kindertelefoon"].text).groups() == ("8", "18")
    assert not rows["Meldknop"].says("free")
