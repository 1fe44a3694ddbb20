"""No lost updates: two editors on the same entry, through the real admin views (optimistic concurrency)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bronwijzer.catalog import admin_changes, services, versioning
from bronwijzer.catalog.mapfile.schema import MapDocument
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map, Organisation, Resource, Section
from tests.catalog.support import form_data, publish_through_review

pytestmark = pytest.mark.django_db

REFUSED = "Jouw wijzigingen zijn niet opgeslagen"


def change_url(obj) -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


class Editor:
    """A logged-in editor with her own browser session."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.user = user

    def open(self, obj, url: str | None = None) -> dict:
        response = self.client.get(url or change_url(obj))
        assert response.status_code == 200
        return form_data(response.context["adminform"].form)

    def save(self, obj, data: dict, url: str | None = None):
        return self.client.post(url or change_url(obj), data)


# The map is loaded per test (not once per module): the PostgreSQL test at the end commits for real.


@pytest.fixture
def anna(django_user_model, default_map):
    return Editor(django_user_model.objects.create_superuser("anna", "anna@example.org", "x" * 16))


@pytest.fixture
def bram(django_user_model, default_map):
    return Editor(django_user_model.objects.create_superuser("bram", "bram@example.org", "x" * 16))


@pytest.fixture
def resource(default_map):
    """A draft: edited directly (a published entry is changed through proposals, tested below)."""
    return services.resource_unpublish(Resource.objects.get(slug="escaperoom-het-stopt-bij-jou"))


def refusal(response) -> str:
    assert response.status_code == 200, "the stale save was not refused"
    form = response.context["adminform"].form
    assert form.edit_conflict is not None
    return " ".join(str(error) for error in form.non_field_errors())


# -- one editor ----------------------------------------------------------------------------------


def test_a_single_editor_saves_and_each_save_is_one_version_in_the_history(anna, resource):
    before = resource.history.count()
    version = resource.edit_version
    for title in ("Eerste titel", "Tweede titel"):
        data = anna.open(resource) | {"title": title}
        assert data[admin_changes.LOADED_VERSION] == resource.edit_version
        response = anna.save(resource, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        resource.refresh_from_db()
    assert (resource.title, resource.edit_version) == ("Tweede titel", version + 2)
    assert resource.history.count() == before + 2
    assert resource.history.first().edit_version == version + 2


def test_the_version_cannot_be_set_from_the_form(anna, resource):
    version = resource.edit_version
    data = anna.open(resource) | {"title": "Nieuw", "edit_version": "999"}
    assert anna.save(resource, data).status_code == 302
    resource.refresh_from_db()
    assert resource.edit_version == version + 1


# -- two editors ---------------------------------------------------------------------------------


def test_the_second_save_of_a_stale_form_is_refused_and_shows_the_other_editors_change(anna, bram, resource):
    history = resource.history.count()
    form_a, form_b = anna.open(resource), bram.open(resource)

    assert anna.save(resource, form_a | {"title": "Nieuwe titel van Anna"}).status_code == 302
    response = bram.save(resource, form_b | {"age_max": "16"})

    message = refusal(response)
    assert "Iemand anders (anna) heeft deze bron opgeslagen terwijl jij hem bewerkte (om " in message
    assert REFUSED in message
    assert "Nieuwe titel van Anna" in message and "Het stopt bij jou!" in message  # now, and was
    assert "Nieuwe titel van Anna" in response.content.decode()
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == ("Nieuwe titel van Anna", 17)
    assert resource.history.count() == history + 1  # Anna's save only

    # Bram reloads, makes his change again and saves: accepted, on top of Anna's change
    assert bram.save(resource, bram.open(resource) | {"age_max": "16"}).status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == ("Nieuwe titel van Anna", 16)
    assert resource.history.count() == history + 2
    assert resource.history.first().history_user == bram.user


def test_the_refused_form_keeps_your_change_takes_over_theirs_and_can_be_saved_again(anna, bram, resource):
    form_a, form_b = anna.open(resource), bram.open(resource)
    assert (
        anna.save(
            resource, form_a | {"title": "Titel van Anna", "themes": ["preventie", "diversiteit"]}
        ).status_code
        == 302
    )
    response = bram.save(resource, form_b | {"age_max": "16", "summary": "Tekst van Bram."})
    refusal(response)

    shown = response.context["adminform"].form
    assert shown["title"].value() == "Titel van Anna"  # only Anna changed it: taken over
    assert shown["themes"].value() == ["preventie", "diversiteit"]
    assert shown["summary"].value() == "Tekst van Bram."  # Bram's own change stays
    assert str(shown[admin_changes.LOADED_VERSION].value()) == str(
        Resource.objects.get(pk=resource.pk).edit_version
    )

    assert bram.save(resource, form_data(shown)).status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.themes, resource.age_max, resource.summary) == (
        "Titel van Anna",
        ["preventie", "diversiteit"],
        16,
        "Tekst van Bram.",
    )


def test_when_both_change_the_same_field_your_version_stays_and_is_marked(anna, bram, resource):
    form_a, form_b = anna.open(resource), bram.open(resource)
    assert anna.save(resource, form_a | {"title": "Titel van Anna"}).status_code == 302
    response = bram.save(resource, form_b | {"title": "Titel van Bram"})
    message = refusal(response)
    assert "jij veranderde dit ook" in message
    assert response.context["adminform"].form["title"].value() == "Titel van Bram"
    assert Resource.objects.get(pk=resource.pk).title == "Titel van Anna"


def test_publishing_between_opening_and_saving_refuses_the_save(anna, bram, resource):
    assert resource.status == "draft"
    form_b = bram.open(resource)
    publish_through_review(anna.client, resource)
    message = refusal(bram.save(resource, form_b | {"title": "Titel van Bram"}))
    assert "Status" in message and "Gepubliceerd" in message
    resource.refresh_from_db()
    assert (resource.status, resource.title) == ("published", "Het stopt bij jou!")

    form_b = bram.open(resource)
    changelist = reverse("admin:catalog_resource_changelist")
    anna.client.post(changelist, {"action": "unpublish", "_selected_action": [resource.pk]})
    assert REFUSED in refusal(bram.save(resource, form_b))


def test_marking_as_reviewed_between_opening_and_saving_refuses_the_save(anna, bram, resource):
    form_b = bram.open(resource)
    changelist = reverse("admin:catalog_resource_changelist")
    anna.client.post(changelist, {"action": "mark_reviewed", "_selected_action": [resource.pk]})
    message = refusal(bram.save(resource, form_b))
    assert REFUSED in message and dt.date.today().strftime("%d-%m-%Y") in message
    assert Resource.objects.get(pk=resource.pk).reviewed_at == dt.date.today()


@pytest.mark.parametrize("loaded_version", ["999", "", None, "-1", "x"])
def test_a_tampered_or_missing_version_never_lets_a_save_through(bram, resource, loaded_version):
    data = bram.open(resource) | {"title": "Titel van Bram"}
    if loaded_version is None:
        del data[admin_changes.LOADED_VERSION]
    else:
        data[admin_changes.LOADED_VERSION] = loaded_version
    history = resource.history.count()
    for _attempt in range(2):  # and sending the refused form again does not help either
        response = bram.save(resource, data)
        assert response.status_code == 200
        data = form_data(response.context["adminform"].form)
    assert Resource.objects.get(pk=resource.pk).title == "Het stopt bij jou!"
    assert resource.history.count() == history


def test_a_save_that_loses_the_race_after_the_check_is_refused_not_written(anna, bram, resource, monkeypatch):
    """Anna's save commits after Bram's form was checked but before his write: the write is refused."""
    form_b = bram.open(resource)
    assert anna.save(resource, anna.open(resource) | {"title": "Titel van Anna"}).status_code == 302
    real, reads = versioning.stored_version, []

    def read_just_before_annas_commit(obj):
        reads.append(obj)
        return form_b[admin_changes.LOADED_VERSION] if len(reads) == 1 else real(obj)

    monkeypatch.setattr(versioning, "stored_version", read_just_before_annas_commit)
    history = resource.history.count()
    message = refusal(bram.save(resource, form_b | {"age_max": "16"}))
    assert "Titel van Anna" in message
    resource.refresh_from_db()
    assert (resource.title, resource.age_max) == ("Titel van Anna", 17)
    assert resource.history.count() == history
    assert len(reads) == 2  # checked twice: the lost race was rolled back and the view run again


def test_on_sqlite_a_write_from_an_old_snapshot_is_a_lost_race_too(anna, bram, resource, monkeypatch):
    """SQLite cannot write from a read made before another commit ("database is locked"): refuse."""
    form_b = bram.open(resource)
    assert anna.save(resource, anna.open(resource) | {"title": "Titel van Anna"}).status_code == 302
    real, reads = versioning.stored_version, []

    def read_just_before_annas_commit(obj):
        reads.append(obj)
        return form_b[admin_changes.LOADED_VERSION] if len(reads) == 1 else real(obj)

    def locked(obj, version):
        raise OperationalError("database is locked")

    monkeypatch.setattr(versioning, "stored_version", read_just_before_annas_commit)
    monkeypatch.setattr(versioning, "expect_version", locked)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    message = refusal(bram.save(resource, form_b | {"age_max": "16"}))
    assert "Titel van Anna" in message
    assert Resource.objects.get(pk=resource.pk).age_max == 17


def test_other_database_errors_are_not_taken_for_a_lost_race(bram, resource, monkeypatch):
    calls = []

    def broken(obj, version):
        calls.append(version)
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(versioning, "expect_version", broken)
    data = bram.open(resource) | {"age_max": "16"}
    try:
        status = bram.save(resource, data).status_code  # the site's database-fault page, if installed
    except OperationalError:
        status = 500
    assert status in (500, 503)
    assert len(calls) == 1, "not run again"
    assert Resource.objects.get(pk=resource.pk).age_max == 17


def test_the_write_itself_is_a_compare_and_set(resource):
    version = resource.edit_version
    versioning.expect_version(resource, version + 1)  # not what is stored
    resource.title = "Mag niet"
    with pytest.raises(versioning.EditConflict), transaction.atomic():
        resource.save()
    assert Resource.objects.get(pk=resource.pk).title == "Het stopt bij jou!"
    versioning.expect_version(resource, version)
    resource.save()
    assert Resource.objects.get(pk=resource.pk).edit_version == version + 1


def test_an_import_of_many_changed_rows_moves_each_version_by_one_in_a_few_queries(resource, doc):
    for entry in doc["resources"]:
        entry["title"] += " (herzien)"
    before = dict(Resource.objects.values_list("slug", "edit_version"))
    with CaptureQueriesContext(connection) as queries:
        services.map_import(MapDocument.model_validate(doc))
    assert dict(Resource.objects.values_list("slug", "edit_version")) == {
        slug: version + 1 for slug, version in before.items()
    }
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "catalog_resource"')]
    assert len(updates) == len(before) + 1  # each row's save, and one UPDATE moving all their versions


def test_a_copy_read_before_another_save_still_moves_the_version_forward(resource):
    first, second = Resource.objects.get(pk=resource.pk), Resource.objects.get(pk=resource.pk)
    first.save()
    second.save(update_fields=["title"])
    assert Resource.objects.get(pk=resource.pk).edit_version == resource.edit_version + 2
    assert second.edit_version == resource.edit_version + 2


# -- revert from the history ---------------------------------------------------------------------


def test_revert_from_the_history_bumps_the_version_and_is_checked_too(anna, bram, resource):
    form_a = anna.open(resource)
    assert anna.save(resource, form_a | {"title": "Titel van Anna"}).status_code == 302
    first = resource.history.order_by("history_date", "history_id").first()
    revert_url = reverse("admin:catalog_resource_simple_history", args=[resource.pk, first.history_id])

    revert_b = bram.open(resource, revert_url)
    assert anna.save(resource, anna.open(resource) | {"age_max": "15"}).status_code == 302
    assert "15" in refusal(bram.save(resource, revert_b, revert_url))
    assert Resource.objects.get(pk=resource.pk).age_max == 15

    version = Resource.objects.get(pk=resource.pk).edit_version
    response = bram.save(resource, bram.open(resource, revert_url), revert_url)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.age_max, resource.edit_version) == (
        "Het stopt bij jou!",
        17,
        version + 1,
    )
    assert resource.history.first().edit_version == version + 1


# -- other write paths ---------------------------------------------------------------------------


def test_the_map_import_moves_the_version_of_what_it_changes_only(bram, doc, resource):
    form_b = bram.open(resource)
    other = Resource.objects.exclude(pk=resource.pk).first()
    entry = next(e for e in doc["resources"] if e["slug"] == resource.slug)
    entry["title"] = "Titel uit het kaartbestand"
    doc["resources"].append({**entry, "slug": "nieuwe-bron", "title": "Nieuwe bron"})
    doc["map"]["intro"] = "Een nieuwe inleiding."
    doc["sections"][0]["question"] = "Een nieuwe vraag?"
    section = Section.objects.get(slug=doc["sections"][0]["slug"])
    the_map = Map.objects.get()

    services.map_import(MapDocument.model_validate(doc))

    assert Resource.objects.get(pk=resource.pk).edit_version == resource.edit_version + 1
    assert Resource.objects.get(pk=other.pk).edit_version == other.edit_version
    assert Resource.objects.get(slug="nieuwe-bron").edit_version == 0
    assert Section.objects.get(pk=section.pk).edit_version == section.edit_version + 1
    assert Map.objects.get().edit_version == the_map.edit_version + 1
    assert resource.history.first().edit_version == resource.edit_version + 1
    message = refusal(bram.save(resource, form_b | {"age_max": "16"}))
    assert "Iemand anders heeft deze bron" in message and "Titel uit het kaartbestand" in message


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (Organisation, "url_verified", lambda obj: not obj.url_verified),
        (Section, "question", lambda obj: "Een andere vraag?"),
        (GlossaryTerm, "definition", lambda obj: "Een andere uitleg."),
        (HelpLine, "phone", lambda obj: "0800-0000"),
        (Map, "intro", lambda obj: "Een andere inleiding."),
    ],
    ids=["Organisation", "Section", "GlossaryTerm", "HelpLine", "Map"],
)
def test_every_editable_model_refuses_a_stale_save_and_merges_the_other_change(
    anna, bram, model, name, value
):
    obj = model.objects.order_by("pk").first()
    version, new = obj.edit_version, value(obj)
    form_a, form_b = anna.open(obj), bram.open(obj)
    if new is True:
        form_a[name] = "on"
    elif new is False:
        form_a.pop(name, None)
    else:
        form_a[name] = new
    assert anna.save(obj, form_a).status_code == 302
    response = bram.save(obj, form_b)
    assert REFUSED in refusal(response)
    assert bram.save(obj, form_data(response.context["adminform"].form)).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, name) == new
    assert obj.edit_version == version + 2
    assert obj.history.count() == 3  # created, Anna, Bram


def test_a_glossary_term_is_het_woord(anna, bram):
    term = GlossaryTerm.objects.order_by("pk").first()
    form_a, form_b = anna.open(term), bram.open(term)
    assert anna.save(term, form_a | {"definition": "Nieuw."}).status_code == 302
    assert "heeft dit begrip opgeslagen terwijl jij het bewerkte" in refusal(bram.save(term, form_b))


# -- PostgreSQL: two connections at the same time ------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite allows one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_compare_and_sets_on_postgresql_let_exactly_one_through():
    org = Organisation.objects.create(slug="gelijktijdig", name="Gelijktijdig")
    first_wrote, results = threading.Event(), {}

    def save(name: str, wait: threading.Event | None):
        try:
            with transaction.atomic():
                copy = Organisation.objects.get(pk=org.pk)
                versioning.expect_version(copy, 0)
                copy.name = f"Naam van {name}"
                copy.save()
                first_wrote.set()
                if wait is not None:
                    wait.wait(5)  # hold the row lock for a moment
            results[name] = "saved"
        except versioning.EditConflict:
            results[name] = "refused"
        finally:
            close_old_connections()
            connection.close()

    release = threading.Event()
    anna = threading.Thread(target=save, args=("anna", release))
    anna.start()
    assert first_wrote.wait(5)
    bram = threading.Thread(target=save, args=("bram", None))
    bram.start()
    bram.join(0.5)
    assert bram.is_alive(), "Bram's write should wait for Anna's row lock"
    release.set()
    anna.join(5)
    bram.join(5)
    assert results == {"anna": "saved", "bram": "refused"}
    org.refresh_from_db()
    assert (org.name, org.edit_version) == ("Naam van anna", 1)
