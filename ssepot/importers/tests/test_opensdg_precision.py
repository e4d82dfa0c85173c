"""A national Open SDG file writes its values with 15 significant digits (67.8571428571429,
0.0734463276836158): they are accepted, stored as written and exported back identically, through the Open
SDG folder and the API, after the analyst's review. Built on the real Statistics Canada file 11-1-1
(its columns, years, disaggregations and empty values), with each value turned into a 15-digit one."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from ssepot.catalogue.models import Plan
from ssepot.importers.opensdg import OpenSdgImporter
from ssepot.indicators.models import IndicatorValue
from ssepot.reporting.actions import publish
from ssepot.reporting.batches import approve_batch
from ssepot.reporting.models import ImportBatch

pytestmark = pytest.mark.django_db

FILE = "indicator_11-1-1.csv"


def fifteen_digits(value: str, row: int) -> str:
    """The real value divided by 7 (or by 700 every other row), written with 15 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 15
        number = Decimal(value) / (7 if row % 2 else 700)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@pytest.fixture
def national(shared_data: Path, tmp_path: Path) -> Path:
    """The sample folder with 11-1-1 alone, its values made 15-digit ones."""
    source = shared_data / "opensdg-sample"
    folder = tmp_path / "nacional"
    (folder / "data").mkdir(parents=True)
    (folder / "meta").mkdir()
    shutil.copy(source / "meta" / "11-1-1.yml", folder / "meta" / "11-1-1.yml")
    shutil.copy(source / "indicator_progress_direction.yml", folder / "indicator_progress_direction.yml")
    lines = list(csv.reader(io.StringIO((source / "data" / FILE).read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(lines[0])
    for n, cells in enumerate(lines[1:]):
        *keys, value = cells
        writer.writerow([*keys, fifteen_digits(value, n) if value.strip() else ""])
    (folder / "data" / FILE).write_text(out.getvalue(), encoding="utf-8")
    return folder


def cells(path: Path) -> list[tuple[str, ...]]:
    """The rows as text, exactly as written (the value is compared as text, not as a number)."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    next(reader)
    return sorted(tuple(c.strip() for c in row) for row in reader)


def test_fifteen_digit_values_are_imported_and_exported_back_identically(
    plan: Plan, national: Path, tmp_path: Path, alice: Any, client: Client
) -> None:
    written = cells(national / "data" / FILE)
    values = [row[-1] for row in written if row[-1]]
    assert sum(len(Decimal(v).as_tuple().digits) == 15 for v in values) > 100
    assert any(Decimal(v) < 1 and len(v.split(".")[1]) > 15 for v in values), "more than 15 decimals too"

    call_command("import_opensdg", str(national), plan=plan.slug, usuario="alice", stdout=io.StringIO())
    batch = ImportBatch.objects.get(plan=plan)
    approve_batch(batch, actor=alice)
    for year in sorted(set(IndicatorValue.objects.filter(plan=plan).values_list("year", flat=True))):
        publish(plan, year, actor=alice)

    out = tmp_path / "export"
    call_command("export_opensdg", plan=plan.slug, out=str(out), only_opensdg=True, stdout=io.StringIO())
    assert cells(out / "data" / FILE) == written

    stored = {str(v.normalize()) for v in IndicatorValue.objects.filter(plan=plan, value__isnull=False)
              .values_list("value", flat=True) if v is not None}  # fmt: skip
    assert {str(Decimal(v).normalize()) for v in values} <= stored

    response = client.get(f"/api/v1/planes/{plan.slug}/valores", {"indicador": "ODS-11-1-1", "limite": "500"})
    assert response.status_code == 200, response.content
    served = {Decimal(str(row["valor"])) for row in response.json()["resultados"] if row["valor"] is not None}
    headline = [row for row in written if not any(row[1:-1]) and row[-1]]
    assert served == {Decimal(row[-1]) for row in headline} and served


def test_a_value_beyond_the_column_is_refused_at_its_row_and_rounding_is_a_warning(
    plan: Plan, national: Path
) -> None:
    path = national / "data" / FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",0.30000000000000004"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = OpenSdgImporter(national, plan=plan).run(dry_run=True)
    [warning] = [w for w in result.warnings if w.row == 2]
    assert warning.column == "Value" and "0.30000000000000004" in warning.message and "0.3" in warning.message

    lines[1] = lines[1].rsplit(",", 1)[0] + ",123456789012345.5"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(Exception) as failed:
        OpenSdgImporter(national, plan=plan).run()
    [problem] = failed.value.problems  # type: ignore[attr-defined]
    assert (problem.file, problem.row, problem.column) == (f"data/{FILE}", 2, "Value")
    assert "caben a lo sumo 14" in problem.message
    assert not IndicatorValue.objects.exists() and not ImportBatch.objects.exists()
