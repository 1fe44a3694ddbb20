"""Property-based tests (hypothesis) for the map-file schema, reader and writer.

* The URL check accepts generated http(s) URLs with a host, and whatever it accepts is an
  http(s) URL with a host; every other scheme is refused.
* Slugs are accepted exactly when they match SLUG_PATTERN (and fit the column).
* The reader turns any input at all (text, bytes, structured data in YAML or JSON, a valid
  map with one field replaced by anything) into a MapDocument or a MapFileError, never another
  exception; the cross-entry checks never raise either.
* The writer's YAML and JSON read back as exactly what was written.

No database is needed: these run against the mapfile package directly.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from bronwijzer.catalog.mapfile import reader, schema, writer
from bronwijzer.catalog.mapfile.checks import Known, check_document
from bronwijzer.catalog.mapfile.errors import MapFileError, Problem

EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run: no flaky CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FEWER = settings(EXAMPLES, max_examples=100)  # the costlier properties (YAML round trips)
URL = TypeAdapter(schema.Url)
SLUG = TypeAdapter(schema.Slug)


def accepted(adapter: TypeAdapter, value) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


# --- URLs -------------------------------------------------------------------------------------

LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789"
word = st.text(alphabet=LOWER_DIGITS, min_size=1, max_size=8)
label = word | st.builds(lambda a, b: f"{a}-{b}", word, word)  # a DNS label: no hyphen at either end
host = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(label, min_size=1, max_size=3),
    st.sampled_from(["nl", "com", "org", "eu", "amsterdam", "co.uk"]),
) | st.just("localhost")
path = st.lists(st.text(alphabet="ABCxyz0189._~%!$&'()*+,;=:@-", max_size=10), max_size=4).map(
    lambda parts: "/" + "/".join(parts) if parts else ""
)
query = st.none() | st.text(alphabet="Aaz09=&_.%-/?", max_size=16)


@st.composite
def http_urls(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "Http"]))
    port = draw(st.none() | st.integers(1, 65535))
    url = f"{scheme}://{draw(host)}{'' if port is None else f':{port}'}{draw(path)}"
    if (q := draw(query)) is not None:
        url += f"?{q}"
    if (fragment := draw(query)) is not None:
        url += f"#{fragment}"
    return url


other_scheme = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abfjmdhtsxHJMFDT"),
    st.text(alphabet="aptsvcrhmilo0123+.-JAVS", max_size=10),
).filter(lambda scheme: scheme.lower() not in ("http", "https")) | st.sampled_from(
    ["javascript", "ftp", "mailto", "data", "file", "vbscript", "tel", "httpx", "https2", "ws", "wss"]
)


@EXAMPLES
@given(http_urls())
def test_url_check_accepts_http_urls_with_a_host(url):
    assert URL.validate_python(url) == url


@EXAMPLES
@given(other_scheme, st.one_of(host.map(lambda h: f"//{h}/"), st.text(max_size=40)))
def test_url_check_refuses_every_other_scheme(scheme, rest):
    url = f"{scheme}:{rest}"
    assert urlsplit(url).scheme not in ("http", "https")
    assert not accepted(URL, url)


@EXAMPLES
@given(st.one_of(st.text(max_size=60), http_urls().map(lambda u: u[: len(u) // 2]), st.just("https://")))
def test_whatever_the_url_check_accepts_is_http_with_a_host(text):
    if accepted(URL, text):
        parts = urlsplit(text)
        assert parts.scheme in ("http", "https")
        assert parts.hostname
        assert text.isprintable()
        assert " " not in text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "java\tscript:alert(1)",  # urlsplit drops the tab: a scheme in disguise
        "\x01https://www.example.nl",  # urlsplit strips leading controls
        "https://www.example.nl/\u202egnp.exe",  # right-to-left override
        "https://www.example.nl/\u200b",  # zero-width space
        "https://www.example.nl\n",
        "https:www.example.nl",
        "http:///pad",
    ],
)
def test_url_check_refuses_disguised_urls(url):
    assert not accepted(URL, url)


# --- slugs ------------------------------------------------------------------------------------

valid_slug = st.lists(word, min_size=1, max_size=6).map("-".join) | st.lists(
    st.text(alphabet=LOWER_DIGITS, min_size=1, max_size=40), min_size=2, max_size=4
).map("-".join)  # some longer than the 100 characters the column holds


def _spoil(slug: str, how: str) -> str:
    return {
        "upper": slug.upper() + "A",
        "space": slug + " x",
        "lead": "-" + slug,
        "trail": slug + "-",
        "double": slug + "--x",
        "underscore": slug + "_x",
        "accent": slug + "é",
        "newline": slug + "\n",
        "dot": slug + ".x",
        "slash": slug + "/x",
    }[how]


@EXAMPLES
@given(valid_slug)
def test_slugs_matching_the_pattern_are_accepted(slug):
    assert re.fullmatch(schema.SLUG_PATTERN, slug)
    assert accepted(SLUG, slug) == (len(slug) <= 100)


@EXAMPLES
@given(
    st.one_of(
        st.text(max_size=30),
        st.builds(_spoil, valid_slug, st.sampled_from(["upper", "space", "lead", "trail", "double"])),
        st.builds(_spoil, valid_slug, st.sampled_from(["underscore", "accent", "newline", "dot", "slash"])),
    )
)
def test_slugs_outside_the_pattern_are_refused(text):
    assume(not re.fullmatch(schema.SLUG_PATTERN, text))
    assert not accepted(SLUG, text)


# --- the reader never raises anything but MapFileError -------------------------------------------


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def read_bytes_as(workdir: Path, data: bytes, suffix: str):
    """Read ``data`` as a map file; return the MapDocument or the MapFileError."""
    path = workdir / f"input{suffix}"
    path.write_bytes(data)
    try:
        document = reader.read_map_file(path, 1_000_000)
    except MapFileError as error:
        assert error.problems
        assert all(isinstance(p, Problem) and p.where and p.message for p in error.problems)
        assert error.render().startswith(f"{path}: {len(error.problems)} problem(s)")
        return error
    # A valid document: the cross-entry checks must not raise either.
    assert all(isinstance(p, Problem) for p in check_document(document, Known(), require_map=False))
    return document


YAML_PIECES = [
    "map:", "resources:", "glossary:", "sections:", "- ", "slug: x", "title: t", "summary: s",
    "&a ", "*a", "{", "}", "[", "]", ": ", ", ", "? ", "\n", "  ", "\t", "!!binary ", "!!set ",
    "!!python/object:os.system ", "!!timestamp ", "2025-13-45", "2025-01-01", "<<: ", '"\\0"',
    '"\\ud800"', "'", '"', "#", "---", "...", "yes", "no", "~", "null", "1e999", "0x1F", "9" * 50,
    "%YAML 1.1\n", "|\n", ">-\n", "url: javascript:x", "languages: [no]", "\ufeff", "\x85",
]  # fmt: skip
JSON_PIECES = [
    "{", "}", "[", "]", ",", ":", '"map"', '"resources"', '"slug"', '"x"', "1", "-0", "1e999",
    "NaN", "Infinity", "true", "null", '"\\u0000"', '"\\ud800"', " ", "\n", '"a"', "9" * 50,
]  # fmt: skip


@EXAMPLES
@given(st.text(max_size=200), st.sampled_from([".yaml", ".json", ".txt"]))
def test_reader_on_arbitrary_text(workdir, text, suffix):
    read_bytes_as(workdir, text.encode("utf-8", errors="surrogatepass"), suffix)


@EXAMPLES
@given(st.binary(max_size=200), st.sampled_from([".yaml", ".json"]))
def test_reader_on_arbitrary_bytes(workdir, data, suffix):
    read_bytes_as(workdir, data, suffix)


@EXAMPLES
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
def test_reader_on_yaml_shaped_text(workdir, text):
    read_bytes_as(workdir, text.encode("utf-8", errors="surrogatepass"), ".yaml")


@EXAMPLES
@given(st.lists(st.sampled_from(JSON_PIECES), max_size=40).map("".join))
def test_reader_on_json_shaped_text(workdir, text):
    read_bytes_as(workdir, text.encode("utf-8", errors="surrogatepass"), ".json")


field_names = st.sampled_from(sorted({*schema.ResourceEntry.model_fields, *schema.MapInfo.model_fields}))
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | field_names
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | field_names, children, max_size=4)
    ),
    max_leaves=20,
)


@FEWER
@given(st.dictionaries(st.sampled_from(schema.TOP_LEVEL_KEYS), values, max_size=4), st.booleans())
def test_reader_on_arbitrary_structured_documents(workdir, document, as_json):
    if as_json:
        data = json.dumps(document).encode()
    else:
        data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8", errors="surrogatepass")
    read_bytes_as(workdir, data, ".json" if as_json else ".yaml")


SMALL_MAP = {
    "map": {"slug": "kaart", "title": "Kaart", "edition_year": 2025, "source_url": "https://www.kis.nl"},
    "sections": [
        {"slug": "boven", "title": "Boven"},
        {"slug": "onder", "title": "Onder", "parent": "boven"},
    ],
    "organisations": [{"slug": "kis", "name": "KIS", "url": "https://www.kis.nl", "url_verified": True}],
    "resources": [
        {
            "slug": "een",
            "title": "Een",
            "url": "https://www.kis.nl/een",
            "organisations": ["KIS"],
            "summary": "Eerste bron.",
            "sections": ["boven", "onder"],
            "formats": ["video"],
            "languages": ["nl", "en"],
            "language_modes": {"nl": ["eenvoudig"]},
            "age_min": 11,
            "age_max": 17,
            "recognition": [{"source": "NJi", "level": "goed onderbouwd", "date": "2019-11-28"}],
            "reviewed_at": "2025-01-01",
        },
        {"slug": "twee", "title": "Twee", "summary": "Tweede bron.", "cost": "free"},
    ],
    "glossary": [
        {"slug": "a", "term": "A", "definition": "Een.", "related": ["b"]},
        {"slug": "b", "term": "B", "definition": "Twee.", "related": ["a"]},
    ],
    "helplines": [
        {"slug": "lijn", "name": "Lijn", "organisation": "KIS", "phone": "0800-0432", "helps_with": "x"}
    ],
}


def test_the_small_map_is_valid(workdir):
    assert isinstance(read_bytes_as(workdir, json.dumps(SMALL_MAP).encode(), ".json"), schema.MapDocument)
    document = schema.MapDocument.model_validate(SMALL_MAP)
    assert check_document(document, Known(), require_map=True) == []


entries = st.sampled_from(
    [("map", None)]
    + [(key, index) for key in schema.TOP_LEVEL_KEYS[1:] for index in range(len(SMALL_MAP[key]))]
)


@FEWER
@given(entries, field_names | st.text(max_size=10), values, st.booleans())
def test_reader_on_a_valid_map_with_one_field_replaced(workdir, entry, field, value, as_json):
    document = copy.deepcopy(SMALL_MAP)
    key, index = entry
    target = document[key] if index is None else document[key][index]
    target[field] = value
    if as_json:
        data = json.dumps(document).encode()
    else:
        data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8", errors="surrogatepass")
    result = read_bytes_as(workdir, data, ".json" if as_json else ".yaml")
    if isinstance(result, MapFileError) and str(field) in schema.ResourceEntry.model_fields and key != "map":
        # A problem in an entry names the entry by its position (and slug).
        assert any(p.where.startswith(f"{key} entry {index + 1}") for p in result.problems), result.render()


# --- the writer's output reads back exactly ---------------------------------------------------------

TRICKY = [
    "yes", "no", "null", "~", "1.0", "0o17", "2025-01-01", " lead", "trail ", "a: b", "- x", "#c",
    "@x", "'q'", '"q"', "line\nline", "line\n", "\n", "\r\n", "tab\there", "x\u2028y", "\ufeffbom",
    "\x85nel", "&a", "*a", "=1+1", "+31", "-1", "\t=x", "a;b", "%YAML",
]  # fmt: skip
WORDS = ["woord", " ", "  ", "\n", "\n\n", "x" * 40, "- ", ": ", " #", "é", "\t", "'", '"']
texts = (
    st.text(max_size=60)
    | st.sampled_from(TRICKY)
    | st.lists(st.sampled_from(TRICKY), max_size=4).map("".join)
    | st.lists(st.sampled_from(WORDS), max_size=40).map("".join)  # long: past the 100-column fold
)


@FEWER
@given(st.dictionaries(st.sampled_from(["title", "summary", "note", "x"]), texts, min_size=1), st.integers())
def test_writer_yaml_and_json_read_back_exactly(document, number):
    document = {"resources": [{**document, "age": number, "flags": [True, None]}]}
    assert reader.parse_text(writer.to_yaml(document), "yaml", "t") == document
    assert reader.parse_text(writer.to_json(document), "json", "t") == document
    assert writer.to_yaml(document) == writer.to_yaml(copy.deepcopy(document))  # deterministic


LIST_COLUMNS = ("sections", "themes", "professions", "audiences", "formats", "languages", "contexts")


@EXAMPLES
@given(st.lists(texts, min_size=1, max_size=3))
def test_csv_cells_never_start_a_formula(strings):
    resource = {name: strings[i % len(strings)] for i, name in enumerate(writer.CSV_COLUMNS)}
    resource.update({name: strings for name in LIST_COLUMNS})
    resource["organisations"] = [{"name": s} for s in strings]
    resource["language_modes"] = {s: strings for s in strings}
    resource["url_verified"] = True
    resource["age_min"] = -1  # not a valid age, but the writer must not care
    text = writer.to_csv([resource])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert len(rows) == 2
    assert len(rows[1]) == len(writer.CSV_COLUMNS)
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    single = dict(zip(rows[0], rows[1], strict=True))
    for name in ("title", "summary"):
        value = resource[name]
        assert single[name] == ("'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value)
