"""Imports go through review: a CSV of values becomes a batch the analyst sees beside the current data
(new, changed, unchanged, withdrawn) and approves, after which the values wait for the year's next release,
or rejects. Nothing is stranded and nothing is published unreviewed; every row names who imported it."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting import batches
from ssepot.reporting.actions import publish, publish_existing
from ssepot.reporting.models import ImportBatch

pytestmark = pytest.mark.django_db

HEADER = "codigo_indicador,vigencia,codigo_unidad,valor,observacion\n"


@pytest.fixture
def survey(plan: Plan) -> Plan:
    """Two comunas and a disaggregated indicator with 2024 values already published."""
    popular = TerritorialUnit.objects.create(plan=plan, code="01", name="Popular", kind="comuna")
    santa_cruz = TerritorialUnit.objects.create(plan=plan, code="02", name="Santa Cruz", kind="comuna")
    idh = Indicator.objects.create(
        plan=plan, code="ECV-IDH", name="Índice de desarrollo humano", indicator_type="R", unit="índice",
        accumulation="NoA", is_disaggregated=True,
    )  # fmt: skip
    for unit, value in ((popular, "0.57"), (santa_cruz, "0.61")):
        IndicatorValue.objects.create(plan=plan, indicator=idh, year=2024, territorial_unit=unit, value=value)
    publish_existing(plan, 2024, actor=None, note="histórico")
    return plan


def csv_file(tmp_path: Path, body: str, name: str = "valores.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def staged(plan: Plan, path: Path, actor: Any = None) -> ImportBatch:
    importer = IndicatorValuesImporter(path, plan=plan, actor=actor)
    importer.run()
    assert importer.batch is not None
    return importer.batch


def current(plan: Plan, unit: str, year: int = 2024) -> IndicatorValue:
    return IndicatorValue.objects.current().get(plan=plan, year=year, territorial_unit__code=unit)


def test_an_import_is_a_pending_batch_that_no_figure_reads(survey: Plan, tmp_path: Path, bob: Any) -> None:
    before = list(IndicatorValue.objects.order_by("pk").values())
    batch = staged(
        survey, csv_file(tmp_path, 'ECV-IDH,2024,01,"0,58",base definitiva\nECV-IDH,2025,01,0.6,\n')
    )
    assert batch.state == ImportBatch.State.PENDING and batch.values.count() == 2
    assert list(IndicatorValue.objects.order_by("pk").values()) == before, "nothing enters the data"
    assert batch.imported_by is None and batch.imported_as.startswith("sistema (usuario del sistema")


def test_the_differences_list_new_changed_unchanged_and_withdrawn_with_the_previous_value(
    survey: Plan, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, 'ECV-IDH,2024,01,"0,58",base definitiva\nECV-IDH,2025,01,0.6,\n')
    found = batches.differences(staged(survey, path))
    assert found.counts == {"nuevo": 1, "cambiado": 1, "sin cambios": 0, "retirado": 1}
    shown = {
        (r.label, r.unit, r.year, r.before, r.after) for r in batches.shown(staged(survey, path), found.rows)
    }
    assert shown == {
        ("cambiado", "01", "2024", "0,57", "0,58"),
        ("nuevo", "01", "2025", "", "0,6"),
        ("retirado", "02", "2024", "0,61", ""),
    }
    same = csv_file(tmp_path, "ECV-IDH,2024,01,0.57,\nECV-IDH,2024,02,0.7,\n", "otro.csv")
    assert batches.differences(staged(survey, same)).counts == {
        "nuevo": 0, "cambiado": 1, "sin cambios": 1, "retirado": 0,
    }  # fmt: skip


def test_approving_writes_versions_that_name_the_batch_and_wait_for_the_next_release(
    survey: Plan, tmp_path: Path, alice: Any
) -> None:
    body = 'ECV-IDH,2024,01,"0,58",base definitiva\nECV-IDH,2024,02,0.61,\n'  # 02 unchanged, not withdrawn
    batch = staged(survey, csv_file(tmp_path, body), actor=alice)
    old = current(survey, "01")
    [approval] = batches.approve_batch(batch, actor=alice, note="revisado con la fuente")
    new = current(survey, "01")
    assert (new.value, new.version, new.supersedes_id) == (Decimal("0.58"), 2, old.pk)
    assert new.reason == f"importación valores.csv (lote {batch.pk})" and new.recorded_by == alice
    assert (approval.indicator_value, approval.batch, approval.reported_by) == (new, batch, alice)
    assert approval.release is None, "approved, not published"
    assert IndicatorValue.objects.filter(plan=survey).published().get(territorial_unit__code="01").value == (
        Decimal("0.57")
    )
    release = publish(survey, 2024, actor=alice)
    assert IndicatorValue.objects.filter(plan=survey).published().get(territorial_unit__code="01") == new
    assert release.number == 2
    entry = AuditEntry.objects.get(action="aprobar lote")
    assert (entry.actor, entry.object_id, entry.changes["cambiado"]) == (alice, str(batch.pk), 1)
    batch.refresh_from_db()
    assert (batch.state, batch.decided_by, batch.note) == ("aprobado", alice, "revisado con la fuente")


def test_an_unrelated_publication_does_not_publish_a_pending_batch(
    survey: Plan, tmp_path: Path, alice: Any
) -> None:
    staged(survey, csv_file(tmp_path, "ECV-IDH,2024,01,0.99,\n"))
    # another value of the year, approved through the historical path, is published meanwhile
    IndicatorValue.objects.create(
        plan=survey, indicator=Indicator.objects.get(code="ECV-IDH"), year=2024, value=Decimal("0.6")
    )
    publish_existing(survey, 2024, actor=alice, note="otra publicación")
    shown = IndicatorValue.objects.filter(plan=survey).published()
    assert shown.get(territorial_unit__code="01").value == Decimal("0.57")
    assert not IndicatorValue.objects.filter(value=Decimal("0.99")).exists()


def test_rejecting_writes_nothing_and_needs_a_reason_and_a_batch_is_decided_once(
    survey: Plan, tmp_path: Path, alice: Any
) -> None:
    batch = staged(survey, csv_file(tmp_path, "ECV-IDH,2024,01,0.99,\n"))
    count = IndicatorValue.objects.count()
    with pytest.raises(batches.BatchRefused, match="por qué"):
        batches.reject_batch(batch, actor=alice, reason=" ")
    batches.reject_batch(batch, actor=alice, reason="la fuente publicó otra cifra")
    assert IndicatorValue.objects.count() == count
    with pytest.raises(batches.BatchRefused, match="ya fue revisado"):
        batches.approve_batch(batch, actor=alice)
    assert AuditEntry.objects.get(action="rechazar lote").reason == "la fuente publicó otra cifra"


def test_only_the_plans_analysts_review_batches(
    survey: Plan, tmp_path: Path, bob: Any, dana: Any, client: Client
) -> None:
    batch = staged(survey, csv_file(tmp_path, "ECV-IDH,2024,01,0.99,\n"))
    for user in (bob, dana):
        with pytest.raises(batches.BatchRefused, match="Solo un analista"):
            batches.approve_batch(batch, actor=user)
        client.force_login(user)
        assert client.get(f"/reporte/importaciones/{batch.pk}/").status_code == 404
        assert client.post(f"/reporte/importaciones/{batch.pk}/aprobar/").status_code == 404
        assert f"Lote {batch.pk}" not in client.get("/reporte/importaciones/").content.decode()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PENDING


def test_the_page_shows_the_previous_value_beside_the_new_one_and_approves_by_post(
    survey: Plan, tmp_path: Path, alice: Any, client: Client
) -> None:
    batch = staged(survey, csv_file(tmp_path, 'ECV-IDH,2024,01,"1.234,5",\nECV-IDH,2024,02,0.61,\n'))
    client.force_login(alice)
    listing = client.get("/reporte/importaciones/").content.decode()
    assert f"Lote {batch.pk}" in listing and "valores.csv" in listing
    page = client.get(f"/reporte/importaciones/{batch.pk}/").content.decode()
    assert "0,57" in page and "1.234,5" in page and "Santa Cruz" not in page
    assert "Aprobar: 0 nuevos y 1 cambiados" in page
    assert client.get(f"/reporte/importaciones/{batch.pk}/aprobar/").status_code == 405
    response = client.post(f"/reporte/importaciones/{batch.pk}/aprobar/", {"nota": ""})
    assert response.status_code == 302
    assert current(survey, "01").value == Decimal("1234.5")
    after = client.get(response["Location"]).content.decode()
    assert "Aprobado" in after and "Confirmar y publicar 2024" in after  # 2024 has no reporting period
    assert "la publicación llevará 1 versión aprobada" in after

    publish_url = f"/reporte/importaciones/{batch.pk}/publicar/2024/"
    client.post(publish_url, {"confirmacion": "otra-vista"})
    assert IndicatorValue.objects.filter(plan=survey).published().get(territorial_unit__code="01").value == (
        Decimal("0.57")
    ), "a stale or forged confirmation publishes nothing"
    token = re.search(r'name="confirmacion" value="([0-9a-f]+)"', after)
    assert token is not None
    assert client.post(publish_url, {"confirmacion": token[1]}).status_code == 302
    published = IndicatorValue.objects.filter(plan=survey).published().get(territorial_unit__code="01")
    assert published.value == Decimal("1234.5") and published.approval.release.number == 2


def test_the_command_line_names_who_imported_and_reviews_batches(
    survey: Plan, tmp_path: Path, alice: Any
) -> None:
    path = csv_file(tmp_path, "ECV-IDH,2024,01,0.99,\n")
    with pytest.raises(CommandError, match="no existe un usuario activo 'nadie'"):
        call_command("import_indicator_values", str(path), plan=survey.slug, usuario="nadie")
    out = io.StringIO()
    call_command("import_indicator_values", str(path), plan=survey.slug, usuario="alice", stdout=out)
    batch = ImportBatch.objects.get()
    assert f"lote {batch.pk}" in out.getvalue()
    assert (batch.imported_by, batch.imported_as) == (alice, "alice")
    entry = AuditEntry.objects.get(action="importar indicator-values")
    assert (entry.actor, entry.object_id, entry.changes["lote"]) == (alice, str(batch.pk), batch.pk)

    listing = io.StringIO()
    call_command("import_lotes", plan=survey.slug, stdout=listing)
    assert "valores.csv" in listing.getvalue() and "Pendiente" in listing.getvalue()
    shown = io.StringIO()
    call_command("import_lotes", plan=survey.slug, lote=batch.pk, stdout=shown)
    assert "cambiado: 1" in shown.getvalue() and "0,57 → 0,99" in shown.getvalue()
    with pytest.raises(CommandError, match="--usuario"):
        call_command("import_lotes", plan=survey.slug, aprobar=batch.pk)
    call_command("import_lotes", plan=survey.slug, aprobar=batch.pk, usuario="alice", stdout=io.StringIO())
    assert current(survey, "01").value == Decimal("0.99")
