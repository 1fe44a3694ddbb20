"""Fixtures for the back-office guards."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice

from bronwijzer.catalog.models import OrganisationProposal, Resource, Revision
from bronwijzer.reports.models import ProblemReport
from bronwijzer.search.models import ZeroResultQuery


@pytest.fixture
def one_of_everything(default_map, admin_user):
    resource = Resource.objects.get(slug="mediagesprek")
    Revision.objects.create(resource=resource, data={"title": "Nieuw"}, base={"title": resource.title})
    OrganisationProposal.objects.create(slug="nieuw", name="Nieuwe organisatie", author=admin_user)
    ProblemReport.objects.create(resource=resource, resource_slug=resource.slug, kinds=["link-kapot"])
    ZeroResultQuery.objects.create(query="woord", day=dt.date.today(), count=2)
    AccessAttempt.objects.create(
        user_agent="browser",
        ip_address="127.0.0.0",
        username="eva",
        http_accept="*/*",
        path_info="/redactie/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    TOTPDevice.objects.create(user=admin_user, name="telefoon", confirmed=True)
    resource.title = resource.title + " (gewijzigd)"  # a second history record, for the revert page
    resource.save()
    Resource.objects.filter(pk=Resource.objects.order_by("pk").first().pk).update(status="draft")
