"""Bad input is inert everywhere: script and HTML in titles, summaries and URLs never execute
in HTML, JSON, PDF or CSV; non-http(s) URLs are refused on input; the query parser and the
facet parser take any text without crashing (property-based)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bronwijzer.catalog.forms import ResourceForm
from bronwijzer.catalog.models import Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH, content_changed
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from tests.catalog.support import form_data
from tests.kit.pdfread import Pdf


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


PAYLOAD_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)>'
PAYLOAD_SUMMARY = '"><svg onload=alert(2)> =cmd|" /C calc"!A0'


@pytest.fixture
def poisoned(default_map):
    resource = Resource.objects.get(slug="mediagesprek")
    resource.title = PAYLOAD_TITLE
    resource.summary = PAYLOAD_SUMMARY
    resource.summary_en = PAYLOAD_SUMMARY
    resource.save()
    content_changed()
    return resource


def test_html_pages_show_the_payload_as_text(client, poisoned):
    for path in ("/bron/mediagesprek/", "/?q=alert", "/?language=ar", "/embed/?language=ar"):
        html = client.get(path).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_json_carries_the_payload_as_a_string_only(client, poisoned):
    response = client.get("/api/v1/resources/mediagesprek")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content)["title"] == PAYLOAD_TITLE
    ld = client.get("/bron/mediagesprek/").content.decode()
    assert "</script><script>" not in ld.split('type="application/ld+json"', 1)[1].split("</script>", 1)[0]


def test_csv_neutralises_formulas_and_keeps_markup_as_text(poisoned):
    job = ExportJob.from_query({"language": ["ar"]})
    rows = list(csv.DictReader(io.StringIO(exporter("csv").render(job).decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["slug"] == "mediagesprek")
    assert row["title"] == PAYLOAD_TITLE  # text in a cell; a spreadsheet does not run HTML
    assert not row["summary"].startswith(("=", "+", "-", "@"))


def test_the_pdf_prints_the_payload_as_text(poisoned):
    pdf = Pdf(exporter("pdf").render_in_language(ExportJob.from_query({"language": ["ar"]})))
    text = " ".join(pdf.text(i) for i in range(len(pdf)))
    assert 'alert("t")' in " ".join(text.split())
    assert b"/JavaScript" not in pdf.objects and b"/JS " not in pdf.objects


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.nl/x",
    ],
)
def test_non_http_urls_are_refused_in_the_admin_form(default_map, url):
    resource = Resource.objects.get(slug="mediagesprek")
    form = ResourceForm(instance=resource, data={**form_data(ResourceForm(instance=resource)), "url": url})
    assert not form.is_valid()
    assert "url" in form.errors


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=120), value=st.text(max_size=30))
def test_any_query_text_and_any_filter_value_is_answered_not_crashed(client, default_map, q, value):
    from bronwijzer.search.engine import resource_search
    from bronwijzer.search.facets import SelectionError, parse_selection

    selection, _ignored = parse_selection({"language": [value], "theme": [value]}, strict=False)
    result = resource_search(selection, q)
    assert 0 <= result.count <= result.total
    try:
        parse_selection({"age": [value]}, strict=True)
    except SelectionError as exc:
        assert "age" in str(exc)
