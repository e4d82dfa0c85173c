"""The analysts' pages: start the report in the background and follow it, download it, edit the narrative."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssepot.audit.models import AuditEntry
from ssepot.report.models import NarrativeText, ReportBuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(demo_plan: Any) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="analista"))
    return client


@pytest.fixture
def immediate(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_an_analyst_generates_the_report_and_downloads_it(
    analyst: Client,
    demo_plan: Any,
    immediate: None,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = reverse("report:builds", args=[demo_plan.slug, 2025])
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post(url, {"release": ""})
    assert response.status_code == 302
    build = ReportBuild.objects.get(plan=demo_plan, year=2025)
    assert build.status == "terminado", build.error
    assert build.release_label == "2025-1" and build.progress == 100
    assert any("12 compromisos" in f for f in build.findings)
    page = analyst.get(reverse("report:progress", args=[build.pk]))
    assert b"hx-trigger" not in page.content  # finished: the page stops polling
    pdf: Any = analyst.get(reverse("report:download", args=[build.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert analyst.get(reverse("report:download", args=[build.pk, "zip"])).status_code == 404


def test_a_queued_build_polls_its_progress(analyst: Client, demo_plan: Any) -> None:
    build = ReportBuild.objects.create(plan=demo_plan, year=2025, progress=40, message="Componiendo el PDF")
    page = analyst.get(reverse("report:progress", args=[build.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page and "Componiendo el PDF" in page


def test_a_reporter_or_a_stranger_does_not_see_the_report_pages(demo_plan: Any) -> None:
    from django.contrib.auth import get_user_model

    build = ReportBuild.objects.create(plan=demo_plan, year=2025)
    client = Client()
    client.force_login(get_user_model().objects.get(username="movilidad"))
    for url in (
        reverse("report:builds", args=[demo_plan.slug, 2025]),
        reverse("report:progress", args=[build.pk]),
        reverse("report:texts", args=[demo_plan.slug, 2025]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("report:builds", args=[demo_plan.slug, 2025])).status_code == 404
    assert ReportBuild.objects.filter(plan=demo_plan).count() == 1
    assert Client().get(reverse("report:builds", args=[demo_plan.slug, 2025])).status_code == 302  # to login


def test_a_text_naming_an_unknown_figure_is_refused_and_nothing_is_written(
    analyst: Client, demo_plan: Any
) -> None:
    before = NarrativeText.objects.get(plan=demo_plan, year=2025, section="revision").body
    url = reverse("report:edit_text", args=[demo_plan.slug, 2025, "revision"])
    response = analyst.post(
        url, {"title": "7. Revisión", "body": "Avance de {{ compromisos.cumplimiento_glob }}", "source": ""}
    )
    assert response.status_code == 200
    assert "compromisos.cumplimiento_glob" in response.content.decode()
    assert NarrativeText.objects.get(plan=demo_plan, year=2025, section="revision").body == before


def test_an_analyst_saves_a_text_with_a_reference_and_the_preview_shows_the_value(
    analyst: Client, demo_plan: Any
) -> None:
    url = reverse("report:edit_text", args=[demo_plan.slug, 2025, "revision"])
    body = "El cumplimiento global llegó a {{ compromisos.cumplimiento_global }}."
    assert analyst.post(url, {"title": "7. Revisión", "body": body, "source": "DAP"}).status_code == 302
    text = NarrativeText.objects.get(plan=demo_plan, year=2025, section="revision")
    assert text.body == body
    assert AuditEntry.objects.filter(action="editar texto", object_id=str(text.pk)).exists()
    page = analyst.get(url).content.decode()
    assert "92,1 %" in page


def test_the_texts_page_lists_the_consistency_findings(analyst: Client, demo_plan: Any) -> None:
    page = analyst.get(reverse("report:texts", args=[demo_plan.slug, 2025])).content.decode()
    assert "12 compromisos" in page and "14 compromisos" in page
