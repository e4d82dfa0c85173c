"""Importing measured indicator values from CSV: Medellín's real quality-of-life indices by comuna.

The file is built from ``medellin-ecv-indicadores-comuna`` (real values 2014-2024 for 21 comunas and
corregimientos) for three indicators created in the test plan; broken copies of it must fail as a whole.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssepot.catalogue.models import Plan
from ssepot.core.inputs import InputError, parse_number
from ssepot.importers.base import ImportFailed, Problem
from ssepot.importers.indicator_values import IndicatorValuesImporter
from ssepot.importers.territories import TerritoriesImporter
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.batches import approve_batch

pytestmark = pytest.mark.django_db

HEADER = ["codigo_indicador", "vigencia", "codigo_unidad", "valor", "observacion"]
ECV = {"idh": "ECV-IDH", "imcv": "ECV-IMCV", "pobreza_multidimensional": "ECV-IPM"}


@pytest.fixture
def ecv_plan(plan: Plan, geojson_file: Path) -> Plan:
    """The test plan with Medellín's 23 official units and the three survey indicators."""
    TerritoriesImporter(geojson_file, plan=plan).run()
    for source, code in ECV.items():
        Indicator.objects.create(
            plan=plan,
            code=code,
            name=f"Encuesta de Calidad de Vida: {source}",
            indicator_type=Indicator.Type.RESULT,
            unit="índice",
            accumulation=Indicator.Accumulation.NOT_ACCUMULATED,
            is_disaggregated=True,
        )
    Indicator.objects.create(
        plan=plan,
        code="POT-1",
        name="Indicador solo con total municipal",
        indicator_type=Indicator.Type.PRODUCT,
        unit="número",
        accumulation=Indicator.Accumulation.ACCUMULATED,
    )
    return plan


@pytest.fixture
def ecv_rows(shared_data: Path) -> list[list[str]]:
    """Header plus one row per real value; every other row writes the number the Colombian way."""
    path = shared_data / "medellin-ecv-indicadores-comuna" / "ecv_indicadores_comuna_2014_2024.csv"
    with path.open(encoding="utf-8") as f:
        source = list(csv.DictReader(f))
    rows = [HEADER]
    for n, r in enumerate(source):
        value = r["valor"].replace(".", ",") if n % 2 else r["valor"]
        rows.append([ECV[r["indicador"]], r["anio"], r["codigo_comuna"], value, ""])
    return rows


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[list[str]], name: str = "valores.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        return path

    return write


def snapshot() -> list[dict[str, Any]]:
    return [dict(row) for row in IndicatorValue.objects.order_by("pk").values()]


def imported(importer: IndicatorValuesImporter, analyst: Any) -> Any:
    """Run the import and approve its batch, as the analyst does on the Importaciones page."""
    result = importer.run()
    if importer.batch is not None:
        approve_batch(importer.batch, actor=analyst)
    return result


def value_of(plan: Plan, code: str, year: int, unit: str | None) -> IndicatorValue:
    return IndicatorValue.objects.current().get(
        plan=plan, indicator__code=code, year=year, territorial_unit__code=unit
    )


# -- a good file ------------------------------------------------------------------------------------------


def test_the_real_survey_values_are_imported_with_their_comunas(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path], alice: Any
) -> None:
    result = imported(IndicatorValuesImporter(write_csv(ecv_rows), plan=ecv_plan), alice)

    assert (result.created, result.unchanged) == (588, 0)
    assert IndicatorValue.objects.filter(plan=ecv_plan).count() == 588
    popular_2014 = value_of(ecv_plan, "ECV-IDH", 2014, "01")
    assert popular_2014.value == Decimal("0.57") and popular_2014.version == 1
    assert popular_2014.territorial_unit is not None and popular_2014.territorial_unit.name == "Popular"
    # Row 3 of the file wrote '0,64' (es-CO) and row 2 '0.57' (plain): both are numbers.
    assert ecv_rows[2][3] == "0,64"
    assert value_of(ecv_plan, "ECV-IDH", 2015, "01").value == Decimal("0.64")


def test_importing_the_same_file_twice_changes_nothing(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path], alice: Any
) -> None:
    path = write_csv(ecv_rows)
    imported(IndicatorValuesImporter(path, plan=ecv_plan), alice)
    before = snapshot()

    again = IndicatorValuesImporter(path, plan=ecv_plan)
    result = again.run()

    assert (result.created, result.unchanged, result.details["versiones nuevas"]) == (0, 588, 0)
    assert again.batch is None, "a file that changes nothing leaves no batch to review"
    assert snapshot() == before


def test_a_different_value_becomes_a_new_version_that_supersedes_the_current_one(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path], alice: Any
) -> None:
    imported(IndicatorValuesImporter(write_csv(ecv_rows), plan=ecv_plan), alice)
    old = value_of(ecv_plan, "ECV-IDH", 2014, "01")
    ecv_rows[1][3] = "0,58"
    ecv_rows[1][4] = "Corregido con la base definitiva"

    correction = IndicatorValuesImporter(write_csv(ecv_rows, "correccion.csv"), plan=ecv_plan)
    result = imported(correction, alice)

    assert (result.created, result.unchanged, result.details["versiones nuevas"]) == (0, 587, 1)
    new = value_of(ecv_plan, "ECV-IDH", 2014, "01")
    assert (new.value, new.version, new.supersedes_id) == (Decimal("0.58"), 2, old.pk)
    assert correction.batch is not None
    assert new.reason == f"importación correccion.csv (lote {correction.batch.pk})"
    assert new.observation == "Corregido con la base definitiva"
    old.refresh_from_db()
    assert old.value == Decimal("0.57"), "the old version is kept, never updated"
    assert IndicatorValue.objects.filter(plan=ecv_plan).count() == 589


def test_unknown_value_codes_are_kept_as_codes_not_numbers(
    ecv_plan: Plan, write_csv: Callable[..., Path], alice: Any
) -> None:
    rows = [
        HEADER,
        ["POT-1", "2016", "", "S/D", "sin dato de la fuente"],
        ["POT-1", "2017", "", "-1", ""],
        ["POT-1", "2018", "", "-2", ""],
        ["POT-1", "2019", "", "1.234,5", ""],
        ["POT-1", "2020", "", "1234.5", ""],
        ["POT-1", "2021", "", "-3", ""],
    ]

    imported(IndicatorValuesImporter(write_csv(rows), plan=ecv_plan), alice)

    stored = {v.year: (v.value, v.value_code) for v in IndicatorValue.objects.filter(plan=ecv_plan)}
    assert stored == {
        2016: (None, "S/D"),
        2017: (None, "-1"),
        2018: (None, "-2"),
        2019: (Decimal("1234.5"), ""),
        2020: (Decimal("1234.5"), ""),
        2021: (Decimal("-3"), ""),
    }


def test_the_number_of_queries_does_not_grow_with_the_file(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path]
) -> None:
    counts = []
    for size in (20, len(ecv_rows)):
        importer = IndicatorValuesImporter(write_csv(ecv_rows[:size], f"valores-{size}.csv"), plan=ecv_plan)
        with CaptureQueriesContext(connection) as queries:
            importer.run(dry_run=True)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert not IndicatorValue.objects.exists()


def test_the_command_prints_a_summary_and_a_dry_run_writes_nothing(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path]
) -> None:
    path = write_csv(ecv_rows)
    out = StringIO()

    call_command("import_indicator_values", str(path), "--plan", ecv_plan.slug, "--dry-run", stdout=out)

    assert "Simulación (--dry-run)" in out.getvalue()
    assert "se crearían: 588" in out.getvalue()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("-0,25", "-0.25"),
        ("1234.5", "1234.5"),
        ("1.234", "1234"),
        ("12.500", "12500"),
        ("42", "42"),
        ("doce", None),
        ("1,234.5", None),
        ("", None),
    ],
)
def test_numbers_are_read_the_colombian_way_or_plainly(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InputError):
            parse_number(text)
    else:
        assert parse_number(text) == Decimal(expected)


# -- broken files -----------------------------------------------------------------------------------------


def fail(plan: Plan, path: Path) -> list[Problem]:
    before = snapshot()
    with pytest.raises(ImportFailed) as failed:
        IndicatorValuesImporter(path, plan=plan).run()
    assert snapshot() == before
    return failed.value.problems


def test_every_problem_of_a_broken_copy_is_located_and_nothing_is_written(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path], alice: Any
) -> None:
    imported(IndicatorValuesImporter(write_csv(ecv_rows, "original.csv"), plan=ecv_plan), alice)
    ecv_rows[1][3] = "0,99"  # a valid change that must not be written either
    ecv_rows[2][0] = "ECV-XYZ"
    ecv_rows[3][2] = "17"
    ecv_rows[4][1] = "2031"
    ecv_rows[5][3] = "cero coma cinco"
    ecv_rows[6][1] = "dos mil"
    ecv_rows.append(list(ecv_rows[10]))

    problems = fail(ecv_plan, write_csv(ecv_rows))

    assert [str(p) for p in problems] == [
        "valores.csv, fila 3, columna 'codigo_indicador': no existe el indicador 'ECV-XYZ' en el plan",
        "valores.csv, fila 4, columna 'codigo_unidad': no existe la unidad territorial '17' en el plan",
        "valores.csv, fila 5, columna 'vigencia': el año 2031 está fuera de la vigencia del plan (2014-2027)",
        "valores.csv, fila 6, columna 'valor': se esperaba un número o un código (S/D, -1, -2): «cero coma "
        "cinco» no es un número: escriba, por ejemplo, 12.500 o 1.234,5 (punto para los miles y coma para "
        "los decimales)",
        "valores.csv, fila 7, columna 'vigencia': se esperaba un año (p. ej. 2024) y dice 'dos mil'",
        "valores.csv, fila 590, columna 'codigo_indicador': el indicador 'ECV-IDH', año 2015 y unidad '02' "
        "ya aparecen en la fila 11",
    ]
    assert value_of(ecv_plan, "ECV-IDH", 2014, "01").value == Decimal("0.57")


def test_a_missing_column_is_reported_on_the_header(
    ecv_plan: Plan, ecv_rows: list[list[str]], write_csv: Callable[..., Path]
) -> None:
    rows = [r[:3] + r[4:] for r in ecv_rows]

    problems = fail(ecv_plan, write_csv(rows))

    assert [(p.row, p.column, p.message) for p in problems] == [(1, "valor", "falta la columna obligatoria")]


def test_a_unit_for_an_indicator_without_breakdown_and_an_empty_value_are_problems(
    ecv_plan: Plan, write_csv: Callable[..., Path]
) -> None:
    rows = [HEADER, ["POT-1", "2020", "01", "3", ""], ["POT-1", "2021", "", "", ""]]

    problems = fail(ecv_plan, write_csv(rows))

    assert [(p.row, p.column) for p in problems] == [(2, "codigo_unidad"), (3, "valor")]
    assert "no está desagregado" in problems[0].message
    assert problems[1].message == "falta el valor: escriba un número o un código (S/D, -1, -2)"


def test_a_number_too_large_for_the_field_is_a_problem(
    ecv_plan: Plan, write_csv: Callable[..., Path]
) -> None:
    rows = [HEADER, ["POT-1", "2020", "", "123456789012345", ""]]

    problems = fail(ecv_plan, write_csv(rows))

    assert [(p.row, p.column) for p in problems] == [(2, "valor")]


# -- audit ------------------------------------------------------------------------------------------------


def test_an_import_from_the_command_line_is_in_the_audit_log_as_the_system_with_its_file(
    ecv_plan: Plan, write_csv: Callable[..., Path]
) -> None:
    from ssepot.audit.models import AuditEntry

    path = write_csv([HEADER, ["POT-1", "2020", "", "12.500", ""]], name="logros-2020.csv")
    call_command("import_indicator_values", str(path), "--plan", ecv_plan.slug, stdout=StringIO())
    entry = AuditEntry.objects.get(action="importar indicator-values")
    assert (entry.actor, entry.plan_id) == (None, ecv_plan.pk)
    assert entry.changes["archivo"] == "logros-2020.csv"
    assert entry.changes["por"].startswith("sistema (usuario del sistema operativo: ")
    assert entry.changes["creados"] == 1 and "logros-2020.csv" in entry.reason


def test_an_import_run_by_a_person_names_him_and_a_dry_run_writes_no_entry(
    ecv_plan: Plan, write_csv: Callable[..., Path], alice: Any
) -> None:
    from ssepot.audit.models import AuditEntry

    path = write_csv([HEADER, ["POT-1", "2020", "", "7", ""]])
    ours = AuditEntry.objects.filter(action="importar indicator-values")
    IndicatorValuesImporter(path, plan=ecv_plan).run(dry_run=True)
    assert not ours.exists()
    IndicatorValuesImporter(path, plan=ecv_plan, actor=alice).run()
    entry = ours.get()
    assert entry.actor == alice and entry.changes["por"] == "alice"
