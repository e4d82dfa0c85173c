"""The whole reporting cycle in a real Chromium, as the issue describes it.

The analyst opens 2025; the Secretaría de Movilidad's reporter fills the form, uploads a workbook with one
bad cell, reads the error, fixes it and submits; the analyst returns one value; the reporter corrects it and
sends it again; the analyst validates, approves and publishes; the public page shows the value and the
audit log has every step. axe-core checks the reporter's pages (WCAG 2.1 AA).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssepot.reporting.tests.workbook_helpers import UNIT_01_ROW, UNIT_02_ROW, VALUE, fill

pytestmark = pytest.mark.browser

PASSWORD = "secreto-de-prueba-1"


def sign_in(page: Any, username: str) -> None:
    page.goto("/cuenta/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Ingresar").click()
    page.wait_for_url("**/reporte/")


def sign_out(page: Any, username: str) -> None:
    page.get_by_role("button", name=f"Salir ({username})").click()
    page.wait_for_url(lambda url: "/reporte/" not in url)


def upload_workbook(page: Any, period_id: int, agency_id: int, data: bytes) -> None:
    page.goto(f"/reporte/{period_id}/cargar/{agency_id}/")
    page.get_by_label("Archivo").set_input_files(
        {"name": "reporte.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.locator("main form").get_by_role("button", name="Cargar libro").click()


def test_the_reporting_cycle_from_opening_to_the_public_page(
    transactional_db: None, page: Any, axe_violations: Any, catalogue: Any, alice: Any, bob: Any, charlie: Any
) -> None:
    from ssepot.audit.models import AuditEntry
    from ssepot.reporting.models import Assignment, ReportingPeriod

    # the analyst opens 2025
    sign_in(page, "alice")
    page.goto("/reporte/periodos/")
    page.get_by_label("Vigencia").fill("2025")
    page.get_by_label("Fecha de corte").fill("2025-12-31")
    page.get_by_label("Fecha límite de reporte").fill("2026-02-15")
    page.locator("main").get_by_role("button", name="Abrir periodo").click()
    assert "Periodo 2025 abierto: 4 ítems asignados." in page.locator(".messages").inner_text()
    period = ReportingPeriod.objects.get(year=2025)
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    sign_out(page, "alice")

    # the agency's reporter sees his assignments and fills the form (inline save with htmx)
    sign_in(page, "bob")
    assert page.locator("h2#mine-heading").inner_text() == "Mis asignaciones"
    assert "POT-EQU-01" not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="POT-MOV-01 Kilómetros de ciclorruta").click()
    page.wait_for_url("**/reporte/asignacion/*/")
    assert axe_violations(page) == []
    page.get_by_label("Total de la ciudad (km)").fill("12,5")
    page.get_by_label("01 Popular").fill("5")
    page.get_by_role("button", name="Guardar borrador").click()
    page.locator("#entry .message--success").wait_for()
    page.locator("#conversacion").get_by_text(
        "Guardó el borrador"
    ).wait_for()  # the timeline refreshed itself
    assert page.get_by_label("Total de la ciudad (km)").input_value() == "12,5"

    # ... downloads the workbook, fills comuna 02 and a bad cell, reads the exact error, fixes it
    page.goto("/reporte/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar libro (Secretaría de Movilidad)").click()
    downloaded = Path(download.value.path()).read_bytes()
    upload_workbook(
        page,
        period.pk,
        a.agency_id,
        fill(downloaded, "Indicadores", {f"{VALUE}{UNIT_01_ROW}": "cinco", f"{VALUE}{UNIT_02_ROW}": 7.5}),
    )
    rows = page.locator(".problems-table tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[:3] == ["Indicadores", str(UNIT_01_ROW), "Valor"] and "«cinco»" in cells[3]
    assert "no se guardó nada" in page.locator(".problems-table caption").inner_text()
    upload_workbook(
        page,
        period.pk,
        a.agency_id,
        fill(downloaded, "Indicadores", {f"{VALUE}{UNIT_01_ROW}": 5, f"{VALUE}{UNIT_02_ROW}": 7.5}),
    )
    page.locator(".messages").get_by_text("Libro cargado: 1 borrador guardado.").wait_for()

    # ... and submits
    page.get_by_role("link", name="POT-MOV-01 Kilómetros de ciclorruta").click()
    assert page.get_by_label("02 Santa Cruz").input_value() == "7.5"  # as the workbook brought it
    page.get_by_role("button", name="Enviar").click()
    assert "Enviado a revisión." in page.locator(".messages").inner_text()
    sign_out(page, "bob")

    # the analyst returns one value with an observation
    sign_in(page, "alice")
    page.goto(f"/reporte/revision/{period.pk}/")
    page.get_by_role("link", name="Secretaría de Movilidad").click()
    item = page.locator(f"#item-{a.pk}")
    item.get_by_label("Observación para la dependencia").fill("La comuna 01 no coincide con el SIMM: revise.")
    item.get_by_role("button", name="Devolver").click()
    assert "devuelto a la dependencia" in page.locator(".messages").inner_text()
    sign_out(page, "alice")

    # the reporter reads it, answers, corrects the value and sends it again
    sign_in(page, "bob")
    page.get_by_role("link", name="POT-MOV-01 Kilómetros de ciclorruta").click()
    assert "La comuna 01 no coincide con el SIMM" in page.locator("#conversacion").inner_text()
    page.get_by_label("Respuesta").fill("Tiene razón: la comuna 01 tiene 6 km.")
    page.get_by_role("button", name="Responder").click()
    page.get_by_label("01 Popular").fill("6")
    page.get_by_label("Total de la ciudad (km)").fill("13,5")
    page.get_by_role("button", name="Enviar").click()
    assert "Enviado a revisión." in page.locator(".messages").inner_text()
    sign_out(page, "bob")

    # the analyst validates, approves and publishes
    sign_in(page, "alice")
    page.goto(f"/reporte/revision/{period.pk}/{a.agency_id}/")
    # beside each value, the comparison and the comunas' sum with its blank unit (axe checks the page)
    comparison = page.locator(f"#item-{a.pk} table.comparison")
    assert "sentido: Creciente" in comparison.locator("caption").inner_text()
    assert (
        "Las 2 unidades territoriales suman 13,5, igual al total (13,5)."
        in page.locator(f"#item-{a.pk}").inner_text()
    )
    assert axe_violations(page) == []
    page.locator(f"#item-{a.pk}").get_by_role("button", name="Validar").click()
    page.locator(f"#item-{a.pk}").get_by_role("button", name="Aprobar").click()
    assert "aprobado: 3 versiones nuevas" in page.locator(".messages").inner_text()
    page.goto(f"/reporte/publicar/{period.pk}/")
    preview = page.locator("section[aria-labelledby=preview-heading]")
    assert "Lo que cambiará con la publicación 2025-1" in preview.inner_text()
    assert "Nuevo" in preview.locator("table").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Nota de la publicación").fill("Reporte anual 2025")
    page.locator("main form").get_by_role("button", name="Confirmar y publicar 2025-1").click()
    assert "Publicación 2025-1 hecha." in page.locator(".messages").inner_text()

    # the public page shows the value, and the audit log has every step
    page.goto(f"/planes/{period.plan.slug}/indicadores/POT-MOV-01/")
    table = page.locator("table.data").first
    assert "Valores publicados y metas por vigencia" in table.locator("caption").inner_text()
    row = table.locator("tbody tr").filter(has=page.locator("th", has_text="2025"))
    assert row.locator("td.num").first.inner_text() == "13,5"
    assert "versión 1 del" in row.inner_text()
    steps = list(AuditEntry.objects.order_by("at", "id").values_list("action", "actor__username"))
    assert steps == [
        ("abrir periodo", "alice"),
        ("guardar borrador", "bob"),  # the inline save
        ("guardar borrador", "bob"),  # the workbook
        ("guardar borrador", "bob"),  # the form sent as it stood
        ("enviar", "bob"),
        ("devolver", "alice"),
        ("responder observación", "bob"),
        ("guardar borrador", "bob"),
        ("enviar", "bob"),
        ("validar", "alice"),
        ("aprobar", "alice"),
        ("publicar", "alice"),
    ]
