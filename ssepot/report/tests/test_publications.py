"""The annual report in public (``/planes/<slug>/publicaciones/``): anonymous readers list the releases'
reports, read the HTML and download the PDF and the Excel annex; an unknown year or version is a 404; the
Atom feed has one entry per release; a later publication leaves an earlier version's files as they were."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ssepot.report import publications
from ssepot.report.tests.test_release_pinning import correct_2024_commitment
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def media(tmp_path_factory: Any) -> Path:
    return Path(tmp_path_factory.mktemp("publicaciones"))


@pytest.fixture(autouse=True)
def _media(settings: Any, media: Path) -> None:
    settings.MEDIA_ROOT = media


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_list_shows_every_release_with_its_three_files(client: Any, demo_plan: Any) -> None:
    releases = list(Release.objects.filter(plan=demo_plan))
    assert releases, "the demo publishes its years"
    page = client.get(f"/planes/{demo_plan.slug}/publicaciones/")
    assert page.status_code == 200
    text = page.text
    for r in releases:
        stem = f"/planes/{demo_plan.slug}/publicaciones/informe-{r.year}-v{r.number}"
        assert f"Informe de seguimiento {r.year}, versión {r.number}" in text
        assert f"Muestra los datos de la publicación {r.year}-{r.number}" in text
        for suffix in ("/", ".pdf", ".xlsx"):
            assert f'href="{stem}{suffix}"' in text
    assert f'href="/planes/{demo_plan.slug}/publicaciones/feed/"' in text


def test_the_list_in_english(client: Any, demo_plan: Any) -> None:
    client.cookies["django_language"] = "en"
    r = Release.objects.filter(plan=demo_plan)[0]
    text = client.get(f"/planes/{demo_plan.slug}/publicaciones/").text
    assert f"Monitoring report {r.year}, version {r.number}" in text and "Publications of" in text


def test_unknown_plans_years_and_versions_are_404_and_build_nothing(
    client: Any, demo_plan: Any, media: Path
) -> None:
    latest = Release.objects.filter(plan=demo_plan).order_by("-year", "-number")[0]
    base = f"/planes/{demo_plan.slug}/publicaciones"
    for url in [
        f"{base}/informe-1999-v1/",
        f"{base}/informe-{latest.year}-v{latest.number + 1}/",
        f"{base}/informe-{latest.year}-v{latest.number + 1}.pdf",
        f"{base}/informe-{latest.year}-v0.xlsx",
        f"{base}/informe-{latest.year}-v1.docx",
        "/planes/no-existe/publicaciones/",
        "/planes/no-existe/publicaciones/feed/",
        f"/planes/no-existe/publicaciones/informe-{latest.year}-v1/",
    ]:
        assert client.get(url).status_code == 404, url
    assert not list(media.rglob("*.pdf"))


def test_the_feed_has_one_atom_entry_per_release(client: Any, demo_plan: Any) -> None:
    response = client.get(f"/planes/{demo_plan.slug}/publicaciones/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    releases = Release.objects.filter(plan=demo_plan).order_by("-year", "-number")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [publications.title(r) for r in releases]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [  # type: ignore[union-attr]
        f"http://testserver/planes/{demo_plan.slug}/publicaciones/informe-{r.year}-v{r.number}/"
        for r in releases
    ]


def test_the_feed_dates_releases_in_bogota_with_their_offset(client: Any, demo_plan: Any) -> None:
    feed = ET.fromstring(client.get(f"/planes/{demo_plan.slug}/publicaciones/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    releases = Release.objects.filter(plan=demo_plan).order_by("-year", "-number")
    for entry, release in zip(entries, releases, strict=True):
        local = timezone.localtime(release.published_at, ZoneInfo("America/Bogota"))
        for tag in ("published", "updated"):
            assert entry.findtext(f"{ATOM}{tag}") == local.isoformat(), (release, tag)
            assert local.isoformat().endswith("-05:00")
        assert local.strftime("%d/%m/%Y") in (entry.findtext(f"{ATOM}summary") or "")


def test_the_plan_pages_link_their_latest_annual_report(client: Any, demo_plan: Any) -> None:
    latest = Release.objects.filter(plan=demo_plan).order_by("-year", "-number")[0]
    text = client.get(f"/planes/{demo_plan.slug}/{latest.year}/").text
    assert f'href="/planes/{demo_plan.slug}/publicaciones/informe-{latest.year}-v{latest.number}/"' in text
    assert f'href="/planes/{demo_plan.slug}/publicaciones/"' in text


def test_anonymous_readers_get_the_html_pdf_and_xlsx_and_a_later_release_leaves_them_as_they_were(
    client: Any, demo_plan: Any, media: Path
) -> None:
    assert Release.objects.filter(plan=demo_plan, year=2024).count() == 1
    base = f"/planes/{demo_plan.slug}/publicaciones/informe-2024-v1"
    started = time.perf_counter()
    html = client.get(f"{base}/")
    built = time.perf_counter() - started
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    first = body(html)
    assert "Publicación de los datos: 2024-1".encode() in first

    pdf = client.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pdf_bytes = body(pdf)
    assert pdf_bytes.startswith(b"%PDF")
    assert f"informe-{demo_plan.slug}-2024-v1.pdf" in pdf["Content-Disposition"]

    xlsx = client.get(f"{base}.xlsx")
    assert xlsx.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(body(xlsx)))
    assert workbook.sheetnames and workbook[workbook.sheetnames[0]].max_row > 1
    print(f"first request built the three files in {built:.1f} s")

    _commitment, reason = correct_2024_commitment(demo_plan)  # publishes 2024-2
    assert reverse("publications:publication", args=[demo_plan.slug, 2024, 2]).endswith("informe-2024-v2/")
    assert body(client.get(f"{base}/")) == first
    assert body(client.get(f"{base}.pdf")) == pdf_bytes
    second = body(client.get(f"/planes/{demo_plan.slug}/publicaciones/informe-2024-v2/"))
    assert "Publicación de los datos: 2024-2".encode() in second and second != first
    assert reason.encode() not in first
    listing = client.get(f"/planes/{demo_plan.slug}/publicaciones/").text
    assert "Informe de seguimiento 2024, versión 2" in listing
