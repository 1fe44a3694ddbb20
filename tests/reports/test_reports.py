"""'Meld een fout': a report from a visitor without cookies reaches the editors' queue;
a post from another site, a filled honeypot, a flood, or bad input is refused and not stored."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.cache import cache

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.reports.models import ProblemReport
from bronwijzer.reports.services import PER_CLIENT

URL = "/bron/mediagesprek/meld-een-fout/"
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return services.DEFAULT_MAP_PATH


@pytest.fixture(autouse=True)
def _fresh_rate_limit(db):
    cache.clear()
    yield
    cache.clear()


def post(client, data=None, **headers):
    data = {"kinds": ["link-kapot"], "remark": "De link geeft een foutmelding.", "website": ""} | (data or {})
    return client.post(URL, data, **headers)


def test_a_report_is_stored_for_the_editors_and_the_visitor_gets_no_cookie(client, default_map):
    response = post(client, **SAME_SITE)
    assert response.status_code == 303
    assert response["Location"] == "/bron/mediagesprek/?gemeld=1#meld-een-fout"
    assert not response.cookies and not client.cookies
    report = ProblemReport.objects.get()
    assert report.resource.slug == "mediagesprek" and report.kinds == ["link-kapot"]
    assert report.remark == "De link geeft een foutmelding."
    stored = {f.name for f in ProblemReport._meta.get_fields()}
    assert not stored & {"ip", "ip_address", "address", "user_agent", "email", "name"}


def test_an_accessibility_problem_can_be_reported_and_filtered_by_the_editors(
    client, default_map, admin_client
):
    """The contact route the accessibility statement (/toegankelijkheid/) points to."""
    remark = "Op de gesprekskit kom ik met de Tab-toets niet bij de knop."
    assert post(client, {"kinds": ["toegankelijkheid"], "remark": remark}, **SAME_SITE).status_code == 303
    assert ProblemReport.objects.get().kinds == ["toegankelijkheid"]
    queue = admin_client.get("/redactie/reports/problemreport/?soort=toegankelijkheid").content.decode()
    assert remark in queue


def test_an_origin_header_from_this_site_is_enough(client, default_map):
    assert post(client, HTTP_ORIGIN="http://testserver").status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_a_post_that_did_not_come_from_this_site_is_refused(client, default_map, headers):
    response = post(client, **headers)
    assert response.status_code == 403 and response["X-Bronwijzer-Refused"] == "origin"
    assert ProblemReport.objects.count() == 0


def test_a_filled_honeypot_is_refused(client, default_map):
    response = post(client, {"website": "http://spam.example"}, **SAME_SITE)
    assert response.status_code == 400 and response["X-Bronwijzer-Refused"] == "honeypot"
    assert ProblemReport.objects.count() == 0


def test_a_flood_of_reports_is_refused_after_the_limit(client, default_map):
    statuses = [post(client, **SAME_SITE).status_code for _ in range(PER_CLIENT + 2)]
    assert statuses == [303] * PER_CLIENT + [429, 429]
    assert ProblemReport.objects.count() == PER_CLIENT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kinds": []}, "Kies minstens één van de mogelijkheden."),
        ({"kinds": ["iets-anders"]}, "iets-anders"),
        ({"remark": "x" * 1001}, "hoogstens 1000 tekens"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_not_stored(client, default_map, data, message):
    response = post(client, data, **SAME_SITE)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProblemReport.objects.count() == 0


def test_an_oversized_post_is_refused_before_it_is_read(client, default_map):
    response = post(client, {"remark": "x" * 9000}, **SAME_SITE)
    assert response.status_code == 413
    assert ProblemReport.objects.count() == 0


def test_drafts_cannot_be_reported(client, default_map):
    services.resource_unpublish(Resource.objects.get(slug="mediagesprek"))
    assert post(client, **SAME_SITE).status_code == 404


def test_the_editors_queue_shows_open_reports_with_the_resource_and_marks_them_handled(
    client, default_map, admin_user
):
    post(client, **SAME_SITE)
    client.force_login(admin_user)
    queue = client.get("/redactie/reports/problemreport/?open=ja").content.decode()
    assert "Het Mediagesprek" in queue and "De link werkt niet" in queue
    report = ProblemReport.objects.get()
    client.post(
        "/redactie/reports/problemreport/",
        {"action": "mark_handled", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.handled_at is not None
    assert ProblemReport.objects.open().count() == 0


def test_entries_not_reviewed_for_a_year_are_listed_oldest_first_and_can_be_marked(
    client, default_map, admin_user, settings
):
    import datetime

    from bronwijzer.catalog.services import review_due_before

    settings.REVIEW_AFTER_MONTHS = 12
    today = datetime.date(2026, 11, 24)
    assert review_due_before(today) == datetime.date(2025, 11, 24)
    assert review_due_before(datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)
    Resource.objects.update(reviewed_at=datetime.date(2026, 10, 1))
    Resource.objects.filter(slug="mediadiamant").update(reviewed_at=datetime.date(2025, 1, 1))
    Resource.objects.filter(slug="helpwanted").update(reviewed_at=None)
    stale = list(Resource.objects.stale(review_due_before(today)).values_list("slug", flat=True))
    assert stale == ["helpwanted", "mediadiamant"]

    client.force_login(admin_user)
    listing = client.get("/redactie/catalog/resource/?nakijken=nodig").content.decode()
    assert "MediaDiamant" in listing and "Helpwanted.nl" in listing and "Het Mediagesprek" not in listing
    target = Resource.objects.get(slug="mediadiamant")
    client.post("/redactie/catalog/resource/", {"action": "mark_reviewed", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.reviewed_at is not None and target.reviewed_at >= datetime.date(2026, 1, 1)
    assert target.history.first().reviewed_at == target.reviewed_at  # recorded in the history


def test_without_a_trusted_proxy_a_made_up_forwarded_address_does_not_escape_the_limit(
    client, default_map, settings
):
    settings.TRUSTED_PROXIES = ()
    statuses = [
        post(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", **SAME_SITE).status_code
        for n in range(PER_CLIENT + 3)
    ]
    assert statuses == [303] * PER_CLIENT + [429] * 3
    assert ProblemReport.objects.count() == PER_CLIENT


def test_behind_a_trusted_proxy_one_visitor_over_the_limit_does_not_block_the_next(
    client, default_map, settings
):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)

    def via_proxy(forwarded: str) -> int:
        return post(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded, **SAME_SITE).status_code

    # whatever the first visitor writes before the proxy's entry, it is one visitor
    first = [via_proxy(f"192.0.2.{n}, 198.51.100.7") for n in range(PER_CLIENT + 2)]
    assert first == [303] * PER_CLIENT + [429, 429]
    assert via_proxy("198.51.100.8") == 303
    assert ProblemReport.objects.count() == PER_CLIENT + 1
