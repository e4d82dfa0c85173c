"""A broken DIVIPOLA file fails as a whole, names every problem's line and column, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssepot.catalogue.models import Municipality
from ssepot.importers.base import ImportFailed, Problem
from ssepot.importers.municipalities import MunicipalitiesImporter

from .conftest import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(divipola_file: Path) -> list[str]:
    """The real file's lines, after importing it once so the database is not empty."""
    MunicipalitiesImporter(divipola_file).run()
    return divipola_file.read_text(encoding="utf-8").splitlines()


def fail(lines: list[str], tmp_path: Path) -> list[Problem]:
    path = tmp_path / "divipola.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(ImportFailed) as failed:
        MunicipalitiesImporter(path).run()
    assert snapshot() == before
    return failed.value.problems


def test_a_code_without_its_leading_zero_is_located(lines: list[str], tmp_path: Path) -> None:
    assert lines[1] == "05,05001,ANTIOQUIA,MEDELLÍN,Municipio"
    lines[1] = "05,5001,ANTIOQUIA,MEDELLÍN CAMBIADO,Municipio"

    problems = fail(lines, tmp_path)

    assert [str(p) for p in problems] == [
        "divipola.csv, fila 2, columna 'Código Municipio': se esperaba un código de 5 dígitos "
        "(con el cero inicial, p. ej. 05001) y dice '5001'"
    ]
    assert Municipality.objects.get(divipola_code="05001").name == "MEDELLÍN"


def test_a_department_code_that_is_not_the_prefix_is_a_problem(lines: list[str], tmp_path: Path) -> None:
    lines[3] = lines[3].replace("05,", "08,", 1)

    problems = fail(lines, tmp_path)

    assert [(p.row, p.column) for p in problems] == [(4, "Código Departamento")]


def test_an_unknown_type_and_an_empty_name_are_both_reported(lines: list[str], tmp_path: Path) -> None:
    lines[10] = lines[10].replace(",Municipio", ",Ciudad")
    lines[20] = ",".join([*lines[20].split(",")[:3], "", "Municipio"])

    problems = fail(lines, tmp_path)

    tipo = "Tipo: Municipio / Isla / Área no municipalizada"
    assert [(p.row, p.column) for p in problems] == [(11, tipo), (21, "Nombre Municipio")]
    assert "'Ciudad'" in problems[0].message


def test_a_duplicated_code_names_the_first_line(lines: list[str], tmp_path: Path) -> None:
    lines.append(lines[1])

    problems = fail(lines, tmp_path)

    assert [(p.row, p.column) for p in problems] == [(1124, "Código Municipio")]
    assert "fila 2" in problems[0].message


def test_a_removed_column_is_reported_on_the_header(lines: list[str], tmp_path: Path) -> None:
    lines = [",".join(line.split(",")[:2] + line.split(",")[3:]) for line in lines]

    problems = fail(lines, tmp_path)

    assert [(p.row, p.column, p.message) for p in problems] == [
        (1, "Nombre Departamento", "falta la columna obligatoria")
    ]
