"""A handout language's PO file out to a translator and back, from the back office and the command
line: a round trip changes nothing, a corrected file changes the handout and resets the review,
and every kind of broken file is refused whole, with a Dutch message naming the line or text."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog.admin_reasons import change_reason_text
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.catalogues import (
    MAX_BYTES,
    CatalogueInvalid,
    handout_catalogue_check,
    handout_catalogue_export,
    handout_catalogue_import,
    handout_catalogue_missing,
    handout_catalogue_reset,
)
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HandoutText, handout_text
from bronwijzer.kit.languages import po_path
from bronwijzer.kit.messages import handout_msgids, po_bytes, po_translations
from bronwijzer.kit.models import HandoutTranslation
from bronwijzer.kit.options import KitOptions
from bronwijzer.staff import roles

pytestmark = pytest.mark.django_db
CORRECTED = "تحدّثوا مع طفلكم عن الإنترنت"


def _reviewed(code: str) -> HandoutTranslation:
    row, _ = HandoutTranslation.objects.get_or_create(language=code)
    row.reviewed, row.reviewed_on, row.reviewer = True, dt.date(2026, 12, 1), "Samira"
    row.save()
    return row


def _replace(data: bytes, old: str, new: str, count: int = 1) -> bytes:
    text = data.decode("utf-8")
    assert old in text, old
    return text.replace(old, new, count).encode("utf-8")


def _arabic_title_changed() -> bytes:
    exported = handout_catalogue_export("ar")
    return _replace(exported, f'msgstr "{HandoutText("ar").TITLE}"', f'msgstr "{CORRECTED}"')


def _problems(code: str, data: bytes) -> str:
    with pytest.raises(CatalogueInvalid) as caught:
        handout_catalogue_check(code, data)
    return "\n".join(caught.value.problems)


def test_the_export_holds_every_text_its_translation_the_language_and_a_note_for_the_translator():
    data = handout_catalogue_export("tr")
    text = data.decode("utf-8")
    assert '"Language: tr\\n"' in text
    assert po_translations(data) == {m: HandoutText("tr").gettext(m) for m in handout_msgids()}
    assert "#. Beside a help line: both the help and the call are free." in text
    assert "X-Native-Speaker-Review" not in text  # the review is kept in the back office


def test_a_round_trip_changes_nothing_and_keeps_the_review():
    _reviewed("ar")
    result = handout_catalogue_import("ar", handout_catalogue_export("ar"))
    assert result.changed == [] and not result.review_reset
    row = HandoutTranslation.objects.get(language="ar")
    assert row.reviewed and row.catalogue == ""


def test_a_corrected_file_is_what_the_handout_prints_and_the_review_starts_again(client, default_map):
    packaged = po_path("ar").read_bytes()
    _reviewed("ar")
    result = handout_catalogue_import("ar", _arabic_title_changed())
    assert result.changed == [T.TITLE] and result.review_reset
    row = HandoutTranslation.objects.get(language="ar")
    assert not row.reviewed and row.reviewed_on is None and row.reviewer == ""
    assert row.catalogue_uploaded_at is not None
    assert po_path("ar").read_bytes() == packaged  # the package directory is never written
    assert handout_text("ar").TITLE == CORRECTED
    code = kit_encode(Kit(KitOptions(who="ouder"), (resource_key("zanzu-alles-over-seks"),)))
    page = unescape(client.get(f"/gesprekskit/{code}/ouders/ar/").content.decode())
    assert f"<h1>{CORRECTED}</h1>" in page and "nog niet nagekeken" in page
    assert f'msgstr "{CORRECTED}"' in handout_catalogue_export("ar").decode()  # exports what it prints

    assert handout_catalogue_reset("ar")
    assert handout_text("ar").TITLE == HandoutText("ar").TITLE != CORRECTED


def test_the_history_records_codes_and_the_back_office_says_them_in_words(client, admin_user):
    handout_catalogue_import("ar", _arabic_title_changed())
    handout_catalogue_reset("ar")
    row = HandoutTranslation.objects.get(language="ar")
    reasons = [record.history_change_reason for record in row.history.order_by("history_date", "history_id")]
    assert reasons[-2:] == ["catalogue uploaded:1", "catalogue reset"], "codes, no Dutch sentences"
    client.force_login(admin_user)
    history = client.get(reverse("admin:kit_handouttranslation_history", args=[row.pk]))
    page = unescape(history.content.decode())
    assert "Vertaling geüpload door onbekend: 1 tekst gewijzigd" in page  # no request: nobody recorded
    assert "Terug naar de meegeleverde vertaling, door onbekend" in page
    with translation.override("en"):
        assert change_reason_text("catalogue uploaded:3", admin_user) == (
            f"Translation uploaded by {admin_user.get_username()}: 3 texts changed"
        )
    stored = "Vertaling geüpload: 2 tekst(en) gewijzigd"  # written before the codes: shown as it was
    assert change_reason_text(stored, admin_user) == stored


def test_poedit_style_headers_a_byte_order_mark_and_obsolete_entries_are_fine():
    data = _arabic_title_changed().replace(
        b'"Language: ar\\n"', b'"Language: ar_MA\\n"\n"X-Generator: Poedit 3.4\\n"'
    )
    data = b"\xef\xbb\xbf" + data + b'\n#~ msgid "Adres"\n#~ msgstr "\xd8\xa7\xd9\x84\xd8\xb9"\n'
    assert handout_catalogue_check("ar", data)[T.TITLE] == CORRECTED


def test_a_file_that_is_too_big_is_refused_unread():
    assert "te groot" in _problems("ar", b"#" * (MAX_BYTES + 1))


def test_a_file_that_is_not_utf8_is_refused():
    data = handout_catalogue_export("fr").decode().encode("latin-1", errors="replace")
    assert "geen UTF-8" in _problems("fr", data)


def test_a_broken_line_is_named_with_its_number():
    data = _replace(handout_catalogue_export("pl"), 'msgstr "Języki"', 'msgstr "Języki')
    line = data.decode().splitlines().index('msgstr "Języki') + 1
    assert f"Regel {line}: deze regel is geen geldige PO-regel" in _problems("pl", data)
    garbage = _replace(handout_catalogue_export("pl"), 'msgstr "Języki"', 'msgstr "Języki"\nJęzyki')
    assert "geen geldige PO-regel" in _problems("pl", garbage)


def test_a_file_in_another_language_or_without_one_is_refused():
    turkish = handout_catalogue_export("tr")
    assert "in een andere taal (tr), niet in het Arabisch (ar)" in _problems("ar", turkish)
    anonymous = turkish.replace(b'"Language: tr\\n"\n', b"")
    assert "het veld Language" in _problems("tr", anonymous)


def test_an_unknown_text_a_missing_one_an_empty_one_and_a_fuzzy_one_are_each_named():
    data = handout_catalogue_export("uk")
    unknown = _replace(data, 'msgid "Talen"', 'msgid "Adressen"')
    problems = _problems("uk", unknown)
    assert "«Adressen» is geen tekst van het ouderblad" in problems
    assert "Deze tekst ontbreekt in het bestand: «Talen»" in problems
    other_file = 'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\nmsgid "Talen"\nmsgstr "Мови"\n'.encode()
    total = len(handout_msgids())
    assert f"Er ontbreken {total - 1} van de {total} teksten" in _problems("uk", other_file)
    empty = _replace(data, 'msgstr "Мови"', 'msgstr ""')
    assert "«Talen» is nog niet vertaald" in _problems("uk", empty)
    fuzzy = _replace(data, 'msgid "Talen"', '#, fuzzy\nmsgid "Talen"')
    assert "«Talen» is als onzeker (fuzzy) gemarkeerd" in _problems("uk", fuzzy)
    twice = data + b'\nmsgid "Talen"\nmsgstr "\xd0\x9c\xd0\xbe\xd0\xb2\xd0\xb8"\n'
    assert "«Talen» staat er twee keer in" in _problems("uk", twice)


def test_a_translation_must_keep_the_placeholders_and_hold_no_control_characters():
    data = handout_catalogue_export("en")
    added = _replace(data, 'msgstr "Languages"', 'msgstr "Languages {name}"')
    assert "invulplekken" in _problems("en", added) and "{name}" in _problems("en", added)
    tab = _replace(data, 'msgstr "Languages"', 'msgstr "Lan\\tguages"')
    assert "stuurteken (U+0009)" in _problems("en", tab)
    bell = _replace(data, 'msgstr "Languages"', 'msgstr "Lan\x07guages"')
    assert "stuurteken (U+0007)" in _problems("en", bell)


def test_a_refused_file_changes_nothing():
    versions = _reviewed("ar").history.count()
    broken = _arabic_title_changed() + b'\nmsgid "Bestaat niet"\nmsgstr "x"\n'
    with pytest.raises(CatalogueInvalid):
        handout_catalogue_import("ar", broken)
    row = HandoutTranslation.objects.get(language="ar")
    assert row.reviewed and row.catalogue == "" and row.history.count() == versions
    assert handout_text("ar").TITLE != CORRECTED


def test_a_language_without_a_record_gets_one_with_its_first_upload_not_reviewed():
    assert not HandoutTranslation.objects.filter(language="fr").exists()
    corrected = _replace(handout_catalogue_export("fr"), "Langues", "Les langues")
    result = handout_catalogue_import("fr", corrected)
    assert result.changed == [T.LANGUAGES]
    assert HandoutTranslation.objects.get(language="fr").reviewed is False


@pytest.fixture
def eva(default_map) -> Client:
    client = Client()
    client.force_login(roles.staff_assign("eva", "editor", password="een-lang-wachtwoord-voor-tests"))
    return client


def test_an_editor_downloads_the_file_and_uploads_a_corrected_one(eva):
    row = _reviewed("ar")
    listing = unescape(eva.get(reverse("admin:kit_handouttranslation_changelist")).content.decode())
    shown = re.sub(r"<[^>]+>", "", listing)
    for name in ("Arabisch (العربية)", "Turks (Türkçe)", "Oekraïens (Українська)"):
        assert name in shown  # every language, with or without a record
    # each in its own script marked as its language, so that a screen reader and the font match it
    assert '<span lang="ar" dir="rtl">العربية</span>' in listing
    assert '<span lang="ti" dir="ltr">ትግርኛ</span>' in listing
    assert "ja, op 1 december 2026 (Samira)" in listing and listing.count("nog niet") >= 5
    download = eva.get(reverse("admin:kit_handouttranslation_po", args=["ar"]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="ouderblad-ar.po"'
    assert download.content == handout_catalogue_export("ar")

    upload_url = reverse("admin:kit_handouttranslation_upload", args=["ar"])
    page = eva.get(upload_url).content.decode()
    assert "Poedit" in page and "Uploaden en controleren" in page
    corrected = io.BytesIO(_arabic_title_changed())
    corrected.name = "ouderblad-ar.po"
    response = eva.post(upload_url, {"po_file": corrected}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:kit_handouttranslation_change", args=[row.pk])
    message = unescape(response.content.decode())
    assert "1 tekst(en) gewijzigd" in message and "weer op 'nog niet nagekeken" in message
    assert handout_text("ar").TITLE == CORRECTED
    assert not HandoutTranslation.objects.get(pk=row.pk).reviewed


def test_the_upload_page_lists_what_to_fix_in_dutch_and_keeps_the_old_text(eva):
    broken = io.BytesIO(_replace(handout_catalogue_export("tr"), 'msgstr "Diller"', 'msgstr ""'))
    broken.name = "tr.po"
    response = eva.post(reverse("admin:kit_handouttranslation_upload", args=["tr"]), {"po_file": broken})
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Het bestand is niet gebruikt" in page and "«Talen» is nog niet vertaald" in page
    assert not HandoutTranslation.objects.filter(language="tr").exists()  # nothing written
    assert eva.get(reverse("admin:kit_handouttranslation_po", args=["xx"])).status_code == 404


def test_someone_without_the_change_permission_cannot_upload(default_map):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("gast", password="een-lang-wachtwoord-voor-tests")
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("admin:kit_handouttranslation_upload", args=["tr"]), {"po_file": io.BytesIO(b"")}
    )
    assert response.status_code == 403


def test_the_command_exports_imports_and_resets_for_it(tmp_path):
    out = tmp_path / "ar.po"
    call_command("handouttranslation", "export", "ar", "-o", str(out))
    assert out.read_bytes() == handout_catalogue_export("ar")
    stdout = io.StringIO()
    call_command("handouttranslation", "export", "uk", stdout=stdout)
    assert '"Language: uk\\n"' in stdout.getvalue()

    out.write_bytes(_arabic_title_changed())
    stderr = io.StringIO()
    call_command("handouttranslation", "import", "ar", str(out), stderr=stderr)
    assert "1 texts changed" in stderr.getvalue()
    assert handout_text("ar").TITLE == CORRECTED

    out.write_bytes(_replace(out.read_bytes(), 'msgid "Talen"', 'msgid "Tallen"'))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("handouttranslation", "import", "ar", str(out), stderr=stderr)
    assert "«Tallen» is geen tekst van het ouderblad" in stderr.getvalue()

    call_command("handouttranslation", "reset", "ar", stderr=io.StringIO())
    assert handout_text("ar").TITLE == HandoutText("ar").TITLE


def test_the_list_names_texts_added_after_an_upload_which_the_handout_still_prints_in_dutch(eva):
    """A Turkish catalogue uploaded before the help-lines-only opening existed."""
    translations = po_translations(po_path("tr").read_bytes())
    del translations[T.INTRO_HELP_ONLY]
    row = HandoutTranslation.objects.create(
        language="tr",
        catalogue=po_bytes("tr", translations).decode(),
        catalogue_uploaded_at=dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC),
    )
    assert handout_catalogue_missing(row) == [T.INTRO_HELP_ONLY]
    assert handout_text("tr").INTRO_HELP_ONLY == T.INTRO_HELP_ONLY  # Dutch, where Turkish should be
    listing = unescape(eva.get(reverse("admin:kit_handouttranslation_changelist")).content.decode())
    assert "1 nieuwere tekst staat nog in het Nederlands: download het PO-bestand" in listing

    export = handout_catalogue_export("tr")  # what the translator gets: the new text, untranslated
    assert po_translations(export).keys() == translations.keys()
    translated = {**translations, T.INTRO_HELP_ONLY: HandoutText("tr").INTRO_HELP_ONLY}
    done = io.BytesIO(po_bytes("tr", translated))  # the translator added it
    done.name = "ouderblad-tr.po"
    eva.post(reverse("admin:kit_handouttranslation_upload", args=["tr"]), {"po_file": done})
    assert handout_catalogue_missing(HandoutTranslation.objects.get(pk=row.pk)) == []
    listing = unescape(eva.get(reverse("admin:kit_handouttranslation_changelist")).content.decode())
    assert "nog in het Nederlands" not in listing
