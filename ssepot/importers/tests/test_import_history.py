"""The importers' bulk writes keep the catalogue's history (ADR 0006): a created or updated indicator has
its history row with who imported (``--usuario``) and the file as the reason, and a row written before
without history keeps the state it had."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.history import BEFORE_HISTORY
from ssepot.catalogue.models import Plan
from ssepot.indicators.models import Indicator

pytestmark = pytest.mark.django_db

HistoricalIndicator = Indicator.history.model


@pytest.fixture
def folder(shared_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ods"
    shutil.copytree(shared_data / "opensdg-sample", target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


def test_created_and_updated_indicators_have_history_with_who_imported_and_why(
    plan: Plan, folder: Path, alice: Any
) -> None:
    call_command("import_opensdg", str(folder), plan=plan.slug, usuario="alice", stdout=io.StringIO())
    headline = Indicator.objects.get(plan=plan, code="ODS-11-6-2")
    [created] = HistoricalIndicator.objects.filter(id=headline.pk)
    assert (created.history_type, created.history_user_id) == ("+", alice.pk)
    assert created.history_change_reason == "importación ods"

    meta = folder / "meta" / "11-6-2.yml"
    metadata = yaml.safe_load(meta.read_text(encoding="utf-8"))
    metadata["indicator_name"] = "Nombre corregido por la fuente"
    meta.write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    call_command("import_opensdg", str(folder), plan=plan.slug, stdout=io.StringIO())

    changed = HistoricalIndicator.objects.filter(id=headline.pk).order_by("history_date").last()
    assert (changed.history_type, changed.name) == ("~", "Nombre corregido por la fuente")
    assert changed.history_user_id is None, "without --usuario the system imported"
    entry = AuditEntry.objects.filter(action="importar opensdg").order_by("at", "id").last()
    assert (
        entry is not None
        and entry.actor is None
        and entry.changes["por"].startswith("sistema (usuario del sistema operativo")
    )


def test_a_row_written_without_history_keeps_its_state_before_an_import_changes_it(
    plan: Plan, folder: Path
) -> None:
    Indicator.objects.bulk_create(
        [Indicator(plan=plan, code="ODS-11-6-2", name="Nombre de antes", indicator_type="R", unit="u",
                   accumulation="NoA")]
    )  # fmt: skip
    call_command("import_opensdg", str(folder), plan=plan.slug, stdout=io.StringIO())
    rows = list(
        HistoricalIndicator.objects.filter(code="ODS-11-6-2")
        .order_by("history_date")
        .values_list("history_date", "name", "history_type")
    )
    assert rows[0] == (BEFORE_HISTORY, "Nombre de antes", "+")
    assert rows[1][1] != "Nombre de antes" and rows[1][2] == "~"


def test_a_row_an_import_creates_then_completes_has_one_creation_row_in_its_final_state(
    plan: Plan, alice: Any
) -> None:
    from ssepot.importers.base import ImportResult
    from ssepot.importers.readers import IMPORTING, Importing, upsert

    fields = {"plan_id": plan.pk, "code": "X-1", "name": "Primer nombre", "indicator_type": "R",
              "unit": "u", "accumulation": "NoA"}  # fmt: skip
    token = IMPORTING.set(Importing(alice, "importación fichas.xlsx"))
    try:
        upsert(Indicator, {}, [("X-1", fields)], ImportResult())
        existing = {"X-1": Indicator.objects.get(code="X-1")}
        upsert(Indicator, existing, [("X-1", {**fields, "name": "Nombre completo"})], ImportResult())
    finally:
        IMPORTING.reset(token)
    rows = list(HistoricalIndicator.objects.filter(code="X-1").values_list("history_type", "name"))
    assert rows == [("+", "Nombre completo")], "one creation, in the state the import left"
