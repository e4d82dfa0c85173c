"""The ``ssepot import ...`` commands: summary, dry run, problems on stderr and exit status 1."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.catalogue.models import Municipality, Plan, TerritorialUnit
from ssepot.cli import main
from ssepot.development.models import DevelopmentPlan
from ssepot.indicators.models import Indicator

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_municipalities_prints_a_spanish_summary(divipola_file: Path) -> None:
    out, _ = run("import_municipalities", str(divipola_file))

    assert "creados: 1122, actualizados: 0, sin cambios: 0" in out
    assert "Advertencias (2):" in out and "BOGOTÁ. D.C." in out

    out, _ = run("import_municipalities", str(divipola_file))
    assert "creados: 0, actualizados: 0, sin cambios: 1122" in out
    assert Municipality.objects.count() == 1122


def test_import_territories_dry_run_says_so_and_writes_nothing(plan: Plan, geojson_file: Path) -> None:
    out, _ = run("import_territories", str(geojson_file), "--plan", plan.slug, "--dry-run")

    assert "Simulación (--dry-run)" in out and "se crearían: 23" in out
    assert not TerritorialUnit.objects.exists()


def test_import_indicator_sheets_takes_the_development_plan_options(plan: Plan, sheets_file: Path) -> None:
    out, _ = run(
        "import_indicator_sheets",
        str(sheets_file),
        "--plan",
        plan.slug,
        "--development-plan",
        "pdd-medellin-futuro",
        "--name",
        "Medellín Futuro",
        "--start-year",
        "2020",
        "--end-year",
        "2023",
    )

    assert "indicadores: 810" in out
    development_plan = DevelopmentPlan.objects.get(plan=plan)
    assert (development_plan.slug, development_plan.name) == ("pdd-medellin-futuro", "Medellín Futuro")
    assert Indicator.objects.filter(development_plan=development_plan).count() == 810


def test_an_unknown_plan_is_a_clear_error(plan: Plan, geojson_file: Path) -> None:
    with pytest.raises(CommandError, match=r"no existe un plan con identificador 'nada'.*pot-prueba"):
        run("import_territories", str(geojson_file), "--plan", "nada")


def test_a_missing_file_is_a_clear_error(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run("import_territories", str(tmp_path / "no-existe.geojson"), "--plan", plan.slug)


# NB: Django closes the connection after a command run from the command line, which a test wrapped
# in a transaction does not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_cli_prints_every_problem_on_stderr_and_exits_with_1(
    divipola_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = divipola_file.read_text(encoding="utf-8").splitlines()
    lines[1] = "05,5001,ANTIOQUIA,MEDELLÍN,Municipio"
    lines[2] = "05,05002,ANTIOQUIA,ABEJORRAL,Ciudad"
    broken = tmp_path / "divipola.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot()

    with pytest.raises(SystemExit) as exit_:
        main(["ssepot", "import", "municipalities", str(broken)])

    assert exit_.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(
        "divipola.csv, fila 2, columna 'Código Municipio': se esperaba un código de 5 dígitos"
    )
    assert err[1].startswith(
        "divipola.csv, fila 3, columna 'Tipo: Municipio / Isla / Área no municipalizada'"
    )
    assert err[2] == "CommandError: no se importó nada: 2 problema(s) en divipola.csv"
    assert len(err) == 3
    assert snapshot() == before


# NB: Django closes the connection after a command run from the command line, which a test wrapped
# in a transaction does not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_cli_suggests_latin1_for_a_latin1_file(
    divipola_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1 = tmp_path / "divipola.csv"
    latin1.write_bytes(divipola_file.read_text(encoding="utf-8").encode("latin-1"))

    with pytest.raises(SystemExit) as exit_:
        main(["ssepot", "import", "municipalities", str(latin1)])

    assert exit_.value.code == 1
    assert "--encoding latin-1" in capsys.readouterr().err
    assert not Municipality.objects.exists()

    main(["ssepot", "import", "municipalities", str(latin1), "--encoding", "latin-1"])
    assert "creados: 1122" in capsys.readouterr().out


def test_ssepot_import_help_lists_every_importer_with_what_it_imports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["ssepot", "import", "--help"])
    out = capsys.readouterr().out
    for kind in ("plan-indicativo", "indicator-sheets", "territories", "municipalities", "opensdg"):
        assert f"ssepot import {kind} --help" in out
    [line] = [x for x in out.splitlines() if x.strip().startswith("plan-indicativo ")]
    assert "Importa el plan indicativo de un plan de desarrollo" in line
