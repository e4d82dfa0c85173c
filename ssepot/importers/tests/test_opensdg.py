"""Open SDG in and out, on real files (Statistics Canada's SDG data hub): the import is all or nothing and
idempotent, and an export after the import gives back the same values, disaggregations and metadata."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.figures.loaders import WORKING
from ssepot.importers.base import ImportFailed
from ssepot.importers.opensdg import OpenSdgImporter, export_opensdg
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.opendata.models import OpenSdgSeries
from ssepot.reporting.actions import publish
from ssepot.reporting.batches import approve_batch
from ssepot.reporting.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(shared_data: Path) -> Path:
    return shared_data / "opensdg-sample"


@pytest.fixture
def copy(sample: Path, tmp_path: Path) -> Path:
    target = tmp_path / "opensdg"
    shutil.copytree(sample, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


def approve_and_publish(plan: Plan, analyst: Any) -> None:
    """The analyst approves every pending batch, then publishes each year it brought."""
    for batch in ImportBatch.objects.filter(plan=plan, state=ImportBatch.State.PENDING):
        approve_batch(batch, actor=analyst)
    years = IndicatorValue.objects.filter(plan=plan, approval__release__isnull=True).values_list("year")
    for year in sorted({y for (y,) in years}):
        publish(plan, year, actor=analyst)


def rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The header and the rows, with the value as a number so 8e-04 equals 0.0008."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    header = next(reader)
    found = []
    for cells in reader:
        *keys, value = [c.strip() for c in cells]
        found.append((*keys, Decimal(value) if value else None))
    return header, found


def test_importing_then_exporting_gives_back_the_same_values(
    plan: Plan, sample: Path, tmp_path: Path, alice: Any
) -> None:
    call_command("import_opensdg", str(sample), plan=plan.slug, stdout=io.StringIO())
    approve_and_publish(plan, alice)
    out = tmp_path / "export"
    call_command("export_opensdg", plan=plan.slug, out=str(out), only_opensdg=True, stdout=io.StringIO())
    originals = sorted((sample / "data").glob("indicator_*.csv"))
    assert len(originals) == 4
    assert sorted(p.name for p in (out / "data").iterdir()) == [p.name for p in originals]
    for original in originals:
        header, expected = rows(original)
        exported_header, exported = rows(out / "data" / original.name)
        assert exported_header == header
        assert sorted(exported, key=repr) == sorted(expected, key=repr), original.name
    for meta in (sample / "meta").glob("*.yml"):
        assert yaml.safe_load((out / "meta" / meta.name).read_text()) == yaml.safe_load(meta.read_text())


def test_each_series_is_an_indicator_with_its_direction_units_and_range_years(
    plan: Plan, sample: Path, alice: Any
) -> None:
    OpenSdgImporter(sample, plan=plan).run()
    approve_and_publish(plan, alice)
    headline = Indicator.objects.get(plan=plan, code="ODS-11-1-1")
    assert headline.name == "Proportion of urban population in core housing need"
    assert headline.direction == Indicator.Direction.DECREASING  # "negative" in the progress directions
    values = dict(IndicatorValue.objects.filter(indicator=headline).values_list("year", "value"))
    assert values == {2018: Decimal(10), 2021: Decimal("8.2"), 2022: Decimal("10.4")}  # rows 63, 130, 198
    ratio = Indicator.objects.filter(plan=plan, code__startswith="ODS-11-3-1.", unit="Ratio").first()
    assert ratio is not None and OpenSdgSeries.objects.get(indicator=ratio).year_labels == {
        "2021": "2011-2021"
    }
    gaps = IndicatorValue.objects.filter(indicator__code__startswith="ODS-11-6-2", value__isnull=True)
    assert gaps.count() == 7 and set(gaps.values_list("value_code", flat=True)) == {"ND"}


def test_a_second_import_changes_nothing_and_a_dry_run_writes_nothing(
    plan: Plan, sample: Path, alice: Any
) -> None:
    dry = OpenSdgImporter(sample, plan=plan).run(dry_run=True)
    assert dry.created > 0 and not Indicator.objects.filter(plan=plan).exists()
    assert not ImportBatch.objects.exists()
    first = OpenSdgImporter(sample, plan=plan).run()
    approve_and_publish(plan, alice)
    counts = (Indicator.objects.count(), IndicatorValue.objects.count(), OpenSdgSeries.objects.count())
    again = OpenSdgImporter(sample, plan=plan)
    second = again.run()
    assert first.created > 0 and second.created == 0 and second.updated == 0
    assert again.batch is None
    assert (
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        OpenSdgSeries.objects.count(),
    ) == counts


def test_a_bad_value_stops_the_import_at_its_file_row_and_column(plan: Plan, copy: Path) -> None:
    path = copy / "data" / "indicator_11-6-2.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",seis"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        OpenSdgImporter(copy, plan=plan).run()
    [problem] = failed.value.problems
    assert (problem.file, problem.row, problem.column) == ("data/indicator_11-6-2.csv", 4, "Value")
    assert "seis" in problem.message
    assert not Indicator.objects.filter(plan=plan).exists()


def test_a_repeated_year_a_bad_year_and_a_missing_column_are_each_located(plan: Plan, copy: Path) -> None:
    data = copy / "data"
    (data / "indicator_11-6-2.csv").write_text('"Year","Geography","Value"\n2015,,7.2\n2015,,7.3\n')
    (data / "indicator_11-3-1.csv").write_text('"Year","Value"\n"veinte",1\n')
    (data / "indicator_11-1-1.csv").write_text('"Year","Geography"\n2018,Canada\n')
    with pytest.raises(ImportFailed) as failed:
        OpenSdgImporter(copy, plan=plan).run()
    found = {(p.file, p.row, p.column) for p in failed.value.problems}
    assert found == {
        ("data/indicator_11-6-2.csv", 3, "Year"),
        ("data/indicator_11-3-1.csv", 2, "Year"),
        ("data/indicator_11-1-1.csv", 1, "Value"),
    }
    assert not IndicatorValue.objects.exists()


def test_the_plans_own_indicators_are_exported_with_their_territorial_units(
    plan: Plan, tmp_path: Path
) -> None:
    unit = TerritorialUnit.objects.create(plan=plan, code="01", name="Popular", kind="comuna")
    indicator = Indicator.objects.create(
        plan=plan, code="POT-MOV-01", name="Ciclorrutas", indicator_type="P", unit="km", accumulation="A"
    )
    IndicatorValue.objects.create(plan=plan, indicator=indicator, year=2024, value=Decimal("12.500000"))
    IndicatorValue.objects.create(plan=plan, indicator=indicator, year=2024, territorial_unit=unit, value=3)
    export_opensdg(plan, tmp_path, WORKING)
    header, found = rows(tmp_path / "data" / "indicator_POT-MOV-01.csv")
    assert header == ["Year", "Geography", "GeoCode", "Value"]
    assert found == [("2024", "", "", Decimal("12.5")), ("2024", "Popular", "01", Decimal(3))]
    assert yaml.safe_load((tmp_path / "meta" / "POT-MOV-01.yml").read_text())["computation_units"] == "km"

    published = tmp_path / "published"
    export_opensdg(plan, published)  # nothing is published yet: no file for the indicator
    assert not (published / "data" / "indicator_POT-MOV-01.csv").exists()


def test_the_import_publishes_nothing_and_its_values_wait_for_the_analyst(
    plan: Plan, sample: Path, tmp_path: Path, alice: Any
) -> None:
    out = io.StringIO()
    call_command("import_opensdg", str(sample), plan=plan.slug, stdout=out)
    batch = ImportBatch.objects.get(plan=plan)
    assert batch.state == ImportBatch.State.PENDING and batch.importer == "opensdg"
    assert f"lote {batch.pk}" in out.getvalue()
    assert not IndicatorValue.objects.filter(plan=plan).exists(), "no working data before the approval"
    export_opensdg(plan, tmp_path / "trabajo", WORKING, own=False)
    assert rows(tmp_path / "trabajo" / "data" / "indicator_11-6-2.csv")[1] == []

    approve_batch(batch, actor=alice)
    assert not IndicatorValue.objects.filter(plan=plan).published().exists(), "approved, not published"
    export_opensdg(plan, tmp_path / "aprobado", WORKING, own=False)
    assert len(rows(tmp_path / "aprobado" / "data" / "indicator_11-6-2.csv")[1]) == 186  # every data row
