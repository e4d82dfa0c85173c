"""Importing DANE's DIVIPOLA municipality list (CSV)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssepot.catalogue.models import Municipality
from ssepot.importers.base import ImportFailed
from ssepot.importers.municipalities import MunicipalitiesImporter

pytestmark = pytest.mark.django_db


def test_municipalities_import_creates_all_1122_divipola_rows(divipola_file: Path) -> None:
    result = MunicipalitiesImporter(divipola_file).run()

    assert result.created == 1122
    assert Municipality.objects.count() == 1122
    assert Municipality.objects.filter(kind="municipio").count() == 1102
    assert Municipality.objects.filter(kind="area_no_municipalizada").count() == 19
    assert Municipality.objects.filter(kind="isla").count() == 1


def test_codes_keep_their_leading_zeros(divipola_file: Path) -> None:
    MunicipalitiesImporter(divipola_file).run()

    medellin = Municipality.objects.get(divipola_code="05001")
    assert (medellin.name, medellin.department_code, medellin.department_name) == (
        "MEDELLÍN",
        "05",
        "ANTIOQUIA",
    )
    assert Municipality.objects.get(divipola_code="19318").name == "GUAPI"


def test_bogota_is_kept_as_written_with_a_warning(divipola_file: Path) -> None:
    result = MunicipalitiesImporter(divipola_file).run()

    assert Municipality.objects.get(divipola_code="11001").name == "BOGOTÁ. D.C."
    located = sorted((w.row, w.column) for w in result.warnings)
    assert located == [(150, "Nombre Departamento"), (150, "Nombre Municipio")]


def test_municipalities_import_is_idempotent(divipola_file: Path) -> None:
    MunicipalitiesImporter(divipola_file).run()
    before = list(Municipality.objects.order_by("pk").values())

    again = MunicipalitiesImporter(divipola_file).run()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1122)
    assert list(Municipality.objects.order_by("pk").values()) == before


def test_an_existing_municipality_is_updated_not_duplicated(divipola_file: Path) -> None:
    Municipality.objects.create(
        divipola_code="05001", name="Medellín", department_code="05", department_name="ANTIOQUIA"
    )

    result = MunicipalitiesImporter(divipola_file).run()

    assert (result.created, result.updated) == (1121, 1)
    assert Municipality.objects.get(divipola_code="05001").name == "MEDELLÍN"


def test_municipalities_dry_run_writes_nothing(divipola_file: Path) -> None:
    result = MunicipalitiesImporter(divipola_file).run(dry_run=True)

    assert result.dry_run and result.created == 1122
    assert not Municipality.objects.exists()


def test_a_utf8_file_with_bom_is_read(divipola_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "divipola_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + divipola_file.read_bytes())

    MunicipalitiesImporter(path).run()

    assert Municipality.objects.count() == 1122


@pytest.fixture
def latin1_copy(divipola_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "divipola_latin1.csv"
    path.write_bytes(divipola_file.read_text(encoding="utf-8").encode("latin-1"))
    return path


def test_a_latin1_file_is_refused_with_the_line_and_a_hint(latin1_copy: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        MunicipalitiesImporter(latin1_copy).run()

    [problem] = failed.value.problems
    assert (problem.file, problem.row) == ("divipola_latin1.csv", 1)
    assert "--encoding latin-1" in problem.message and "línea 1" in problem.message
    assert not Municipality.objects.exists()


def test_a_latin1_file_imports_with_the_encoding_option(latin1_copy: Path) -> None:
    MunicipalitiesImporter(latin1_copy, encoding="latin-1").run()

    assert Municipality.objects.count() == 1122
    assert Municipality.objects.get(divipola_code="05004").name == "ABRIAQUÍ"
