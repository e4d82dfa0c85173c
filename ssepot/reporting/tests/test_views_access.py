"""Every page and every write endpoint refuses another agency's reporter and a reader: 404, nothing changes.

The analyst's endpoints also refuse the agency's own reporter, who may see his items but not review them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssepot.audit.models import AuditEntry
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment, AssignmentEvent, Evidence, Release, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    """Uploaded files go to a temporary folder, not the data folder."""
    settings.MEDIA_ROOT = tmp_path


PDF = b"%PDF-1.4\n%test\n%%EOF\n"


@pytest.fixture
def submitted(period: Any, catalogue: Any, bob: Any) -> Assignment:
    """Bob's indicator, submitted: every review action applies to it."""
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": {"": "12"}}, actor=bob, expected_revision=0)
    return actions.submit(a, actor=bob, expected_revision=a.revision)


def agency_writes(a: Assignment) -> list[tuple[str, dict[str, Any]]]:
    """The agency's write endpoints on item ``a``."""
    return [
        (
            reverse("reporting:assignment", args=[a.pk]),
            {"revision": a.revision, "values.": "1", "action": "save"},
        ),
        (
            reverse("reporting:assignment", args=[a.pk]),
            {"revision": a.revision, "values.": "1", "action": "submit"},
        ),
        (reverse("reporting:answer", args=[a.pk]), {"message": "respuesta"}),
        (reverse("reporting:upload_evidence", args=[a.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}),
        (
            reverse("reporting:upload_workbook", args=[a.period_id, a.agency_id]),
            {"file": SimpleUploadedFile("libro.xlsx", b"PK\x03\x04")},
        ),
    ]


def review_writes(a: Assignment) -> list[tuple[str, dict[str, Any]]]:
    """The analyst's write endpoints on item ``a``, its agency and its period."""
    return [
        (reverse("reporting:review", args=[a.pk, "validar"]), {}),
        (reverse("reporting:review", args=[a.pk, "devolver"]), {"message": "no"}),
        (reverse("reporting:review", args=[a.pk, "aprobar"]), {}),
        (reverse("reporting:correct", args=[a.pk]), {"revision": a.revision, "values.": "1", "reason": "x"}),
        (reverse("reporting:approve_all", args=[a.period_id, a.agency_id]), {}),
        (reverse("reporting:publish", args=[a.period_id]), {"note": "x"}),
        (reverse("reporting:close_period", args=[a.period_id]), {}),
        (
            reverse("reporting:periods"),
            {"plan": a.plan_id, "year": 2026, "cutoff_date": "2026-12-31", "deadline": "2027-02-15"},
        ),
    ]


def pages(a: Assignment) -> list[str]:
    return [
        reverse("reporting:assignment", args=[a.pk]),
        reverse("reporting:timeline", args=[a.pk]),
        reverse("reporting:download_workbook", args=[a.period_id, a.agency_id]),
        reverse("reporting:upload_workbook", args=[a.period_id, a.agency_id]),
    ]


def review_pages(a: Assignment) -> list[str]:
    return [
        reverse("reporting:periods"),
        reverse("reporting:review_queue", args=[a.period_id]),
        reverse("reporting:agency_review", args=[a.period_id, a.agency_id]),
        reverse("reporting:correct", args=[a.pk]),
        reverse("reporting:publish", args=[a.period_id]),
    ]


def snapshot(a: Assignment) -> tuple[Any, ...]:
    a.refresh_from_db()
    return (
        a.state,
        a.draft,
        a.revision,
        AssignmentEvent.objects.count(),
        Evidence.objects.count(),
        AuditEntry.objects.count(),
        Release.objects.count(),
        ReportingPeriod.objects.count(),
        ReportingPeriod.objects.get(pk=a.period_id).status,
    )


@pytest.mark.parametrize("who", ["charlie", "dana"])
def test_every_write_endpoint_refuses_another_agency_reporter_and_a_reader(
    client: Any, submitted: Assignment, who: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(who))
    before = snapshot(submitted)
    for url, data in agency_writes(submitted) + review_writes(submitted):
        response = client.post(url, data)
        assert response.status_code == 404, url
    assert snapshot(submitted) == before


@pytest.mark.parametrize("who", ["charlie", "dana"])
def test_every_page_refuses_another_agency_reporter_and_a_reader(
    client: Any, submitted: Assignment, who: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(who))
    for url in pages(submitted) + review_pages(submitted):
        assert client.get(url).status_code == 404, url


def test_another_agency_reporter_cannot_download_the_evidence(
    client: Any, period: Any, catalogue: Any, bob: Any, charlie: Any
) -> None:
    from ssepot.reporting.evidence import add_evidence

    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    evidence = add_evidence(a, SimpleUploadedFile("acta.pdf", PDF), actor=bob)
    url = reverse("reporting:download_evidence", args=[evidence.pk])
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_the_agency_reporter_cannot_review_his_own_items(
    client: Any, submitted: Assignment, bob: Any
) -> None:
    client.force_login(bob)
    before = snapshot(submitted)
    for url, data in review_writes(submitted):
        assert client.post(url, data).status_code == 404, url
    for url in review_pages(submitted):
        assert client.get(url).status_code == 404, url
    assert snapshot(submitted) == before


def test_writes_need_a_post_and_a_signed_in_user(client: Any, submitted: Assignment, alice: Any) -> None:
    for url, data in agency_writes(submitted) + review_writes(submitted):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    client.force_login(alice)
    assert client.get(reverse("reporting:review", args=[submitted.pk, "validar"])).status_code == 405
    assert client.get(reverse("reporting:answer", args=[submitted.pk])).status_code == 405


def test_writes_need_the_csrf_token(submitted: Assignment, bob: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    response = client.post(reverse("reporting:answer", args=[submitted.pk]), {"message": "x"})
    assert response.status_code == 403
