"""Every export format behind one interface: the map as PDF, open-data CSV and JSON, and
the downloads of the (filtered) overview; failed exports leave no file behind."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Resource
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter, exporters
from tests.kit.pdfread import Pdf


@pytest.fixture(scope="module")
def map_pdf(default_map_module, django_db_blocker) -> Pdf:
    with django_db_blocker.unblock():
        return Pdf(exporter("pdf").render_in_language(ExportJob()))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_map_pdf_holds_every_title_term_and_phone_number(map_pdf):
    text = _flat(" ".join(map_pdf.text(page) for page in range(len(map_pdf))))
    missing = [r.title for r in Resource.objects.published() if _flat(r.title) not in text]
    assert missing == []
    assert [t.term for t in GlossaryTerm.objects.all() if t.term not in text] == []
    phones = [h.phone for h in HelpLine.objects.exclude(phone="")]
    assert len(phones) >= 7 and [p for p in phones if p not in text] == []
    assert "0800-0432 https://www.kindertelefoon.nl (8–18 jaar)" in text  # the ages a line is for


@pytest.mark.django_db
def test_the_map_pdf_holds_the_whole_colophon_of_the_source(map_pdf):
    text = _flat(" ".join(map_pdf.text(page) for page in range(len(map_pdf))))
    colophon = Map.objects.get().colophon
    assert len(colophon) >= 13
    for line in colophon:
        printed = f"{line['label']}: {line['value']}" if line["label"] else line["value"]
        assert _flat(printed) in text, printed


def test_the_english_map_pdf_gives_the_colophon_with_english_labels(default_map):
    pdf = Pdf(exporter("pdf").render_in_language(ExportJob(lang="en")))
    text = _flat(" ".join(pdf.text(p) for p in range(len(pdf))))
    for line in Map.objects.get().colophon:
        assert _flat(f"{line['label_en']}: {line['value']}") in text, line


@pytest.mark.django_db
def test_the_map_pdf_marks_descriptive_titles_and_names_authors(map_pdf):
    text = _flat(" ".join(map_pdf.text(page) for page in range(len(map_pdf))))
    described = Resource.objects.filter(title_descriptive=True).first()
    assert _flat(f"{described.title} (beschrijvende titel)") in text
    assert "Francien Regelink" in text


@pytest.mark.django_db
def test_the_map_pdf_is_tagged_a4_titled_in_its_language_with_our_fonts_embedded(map_pdf):
    objects = map_pdf.objects
    assert b"/StructTreeRoot" in objects and b"/Lang (nl)" in objects
    assert map_pdf.title == "Overzichtskaart sexting misbruik 2025"
    assert map_pdf.font_names and all(name.startswith("Bronwijzer-") for name in map_pdf.font_names)
    assert b"/FontFile2" in objects
    width, height = map_pdf.doc[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert b"/Subtype /Image" not in objects  # QR codes are vector paths


@pytest.mark.django_db
def test_every_qr_code_in_the_map_pdf_is_the_url_printed_beside_it(map_pdf):
    page = next(i for i in range(len(map_pdf)) if "Het Mediagesprek" in map_pdf.text(i))
    codes = map_pdf.qr_codes(page)
    assert codes
    for code in codes:
        printed = map_pdf.find(code.text, page)
        assert printed is not None and printed.distance(code.box) < 40, code.text


def test_a_filtered_pdf_in_english_holds_only_the_selection(default_map):
    job = ExportJob.from_query({"language": ["ar"]}, lang="en")
    pdf = Pdf(exporter("pdf").render_in_language(job))
    text = _flat(" ".join(pdf.text(p) for p in range(len(pdf))))
    in_arabic = [r for r in Resource.objects.published() if "ar" in r.languages]
    assert "Het Mediagesprek" in text and "Praten over sexting misbruik" not in text
    assert f"A selection: {len(in_arabic)} resources" in text
    assert b"/Lang (en)" in pdf.objects


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected", "codes"),
    [
        ("nl", "Doelgroep: Ouders — Taal: Arabisch", "audience: ouders"),
        ("en", "Audience: Parents — Language: Arabic", "language: ar"),
    ],
)
def test_a_filtered_pdfs_cover_names_the_filters_in_words_not_codes(default_map, lang, expected, codes):
    job = ExportJob.from_query({"language": ["ar"], "audience": ["ouders"]}, lang=lang)
    cover = _flat(Pdf(exporter("pdf").render_in_language(job)).text(0))
    assert expected in cover
    assert codes not in cover


def test_open_data_csv_and_json_follow_the_filters_and_neutralise_formulas(default_map):
    Resource.objects.filter(slug="mediagesprek").update(title='=HYPERLINK("http://evil")')
    from bronwijzer.catalog.services import content_changed

    content_changed()
    job = ExportJob.from_query({"language": ["ar"]})
    rows = list(csv.DictReader(io.StringIO(exporter("csv").render(job).decode("utf-8-sig")), delimiter=";"))
    in_arabic = {r.slug for r in Resource.objects.published() if "ar" in r.languages}
    assert "mediagesprek" in in_arabic and len(in_arabic) < Resource.objects.published().count()
    assert {r["slug"] for r in rows} == in_arabic
    assert next(r for r in rows if r["slug"] == "mediagesprek")["title"].startswith("'=")
    document = json.loads(exporter("json").render(job))
    assert document["count"] == len(in_arabic) and document["filters"] == [["language", "ar"]]
    assert document["map"]["edition_year"] == 2025
    assert {r["slug"] for r in document["resources"]} == {r["slug"] for r in rows}


def test_every_format_is_one_exporter_with_a_name_type_and_file_name():
    names = {e.name for e in exporters()}
    assert {"pdf", "csv", "json"} <= names
    for export in exporters():
        assert export.media_type and export.extension
        assert export.filename(ExportJob()).endswith("." + export.extension)


def test_downloads_give_the_overviews_selection_as_an_attachment(client, default_map):
    page = client.get("/", {"language": "ar", "q": "ouders"}).content.decode()
    link = re.search(r'href="(/download/kaart\.csv\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "language=ar" in link and "q=ouders" in link
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bronwijzer-selectie-nl.csv"'
    pdf = client.get("/en/download/kaart.pdf", {"theme": "preventie"})
    assert pdf["Content-Type"] == "application/pdf" and b"/Lang (en)" in Pdf(pdf.content).objects
    assert not pdf.cookies


@pytest.mark.parametrize(("query", "fragment"), [({"language": "xx"}, "language"), ({"age": "200"}, "age")])
def test_a_bad_filter_in_a_download_is_refused_naming_it(client, default_map, query, fragment):
    response = client.get("/download/kaart.json", query)
    assert response.status_code == 400
    assert response.content.decode().startswith(fragment)


def test_an_unknown_download_format_is_not_found(client, default_map):
    assert client.get("/download/kaart.exe").status_code == 404


def test_exportpdf_writes_the_file_and_reports_progress(default_map, tmp_path, capsys):
    out = tmp_path / "kaart.pdf"
    call_command("exportpdf", "-o", str(out), "--lang", "en", "--theme", "preventie")
    assert out.read_bytes().startswith(b"%PDF")
    err = capsys.readouterr().err
    assert "resources" in err and "typesetting" in err and f"Wrote {out}" in err


def test_exportpdf_refuses_a_bad_filter_and_writes_nothing(default_map, tmp_path):
    out = tmp_path / "kaart.pdf"
    with pytest.raises(CommandError, match="language: 'xx' is not allowed"):
        call_command("exportpdf", "-o", str(out), "--language", "xx")
    assert not out.exists()


def test_a_failed_export_leaves_the_old_file_and_no_half_file(default_map, tmp_path, monkeypatch):
    out = tmp_path / "kaart.pdf"
    out.write_bytes(b"the previous export")

    def broken(*args, **kwargs):
        raise RuntimeError("the typesetter crashed")

    monkeypatch.setattr("bronwijzer.exports.pdf.html_to_pdf", broken)
    with pytest.raises(RuntimeError):
        exporter("pdf").write(ExportJob(), out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.pdf"]
