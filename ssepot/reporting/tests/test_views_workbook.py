"""The Excel round-trip through the pages: download the agency's workbook, upload it, read every problem."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssepot.reporting.models import Assignment
from ssepot.reporting.tests.workbook_helpers import TOTAL_ROW, UNIT_01_ROW, VALUE, fill, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(period: Any, agencies: dict[str, Any]) -> tuple[str, str]:
    sm = agencies["movilidad"]
    return (
        reverse("reporting:download_workbook", args=[period.pk, sm.pk]),
        reverse("reporting:upload_workbook", args=[period.pk, sm.pk]),
    )


def test_the_agency_downloads_its_workbook(client: Any, urls: tuple[str, str], bob: Any) -> None:
    client.force_login(bob)
    response = client.get(urls[0])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="reporte-2025-SM.xlsx"'
    assert response.content[:2] == b"PK"


def test_a_workbook_with_a_bad_cell_lists_sheet_row_column_and_message_and_saves_nothing(
    client: Any, period: Any, catalogue: Any, urls: tuple[str, str], bob: Any
) -> None:
    client.force_login(bob)
    data = fill(
        client.get(urls[0]).content,
        "Indicadores",
        {f"{VALUE}{TOTAL_ROW}": "doce", f"{VALUE}{UNIT_01_ROW}": 5},
    )
    before = snapshot(period)
    response = client.post(urls[1], {"file": SimpleUploadedFile("reporte.xlsx", data)})
    assert response.status_code == 422
    page = response.text
    assert "El libro tiene 1 problema; no se guardó nada." in page
    assert '<td>Indicadores</td><td class="num">2</td><td>Valor</td>' in page and "«doce»" in page
    assert snapshot(period) == before


def test_a_correct_workbook_saves_the_drafts(
    client: Any, period: Any, catalogue: Any, urls: tuple[str, str], bob: Any
) -> None:
    client.force_login(bob)
    data = fill(
        client.get(urls[0]).content, "Indicadores", {f"{VALUE}{TOTAL_ROW}": 12.5, f"{VALUE}{UNIT_01_ROW}": 5}
    )
    response = client.post(urls[1], {"file": SimpleUploadedFile("reporte.xlsx", data)}, follow=True)
    assert "Libro cargado: 1 borrador guardado." in response.text
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    assert a.draft["values"][""] == "12.5" and a.events.filter(action="cargar", actor=bob).exists()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(
    client: Any, period: Any, urls: tuple[str, str], bob: Any
) -> None:
    client.force_login(bob)
    before = snapshot(period)
    response = client.post(urls[1], {"file": SimpleUploadedFile("reporte.xlsx", b"%PDF-1.4 no soy un libro")})
    assert response.status_code == 422 and "<td>" in response.text
    assert snapshot(period) == before
