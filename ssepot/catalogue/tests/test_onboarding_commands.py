"""``ssepot plan create``, ``plan list``, ``pdd create`` and ``agency create``: what they write, the audit
entry of each write, and the Spanish message that names the option when the input is wrong."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Municipality, Plan
from ssepot.cli import main
from ssepot.development.models import DevelopmentPlan

pytestmark = pytest.mark.django_db

ENVIGADO = [
    "--divipola",
    "05266",
    "--slug",
    "envigado",
    "--name",
    "POT de Envigado",
    "--act",
    "Acuerdo 10 de 2011",
    "--adopted",
    "2011-06-04",
    "--end",
    "2027",
]


@pytest.fixture
def envigado(db: Any) -> Municipality:
    return Municipality.objects.create(
        divipola_code="05266", name="ENVIGADO", department_code="05", department_name="ANTIOQUIA"
    )


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(name: str, *args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(name, *args)
    return str(error.value)


def test_a_plan_is_created_with_its_horizons_periods_and_audit_entry(envigado: Municipality) -> None:
    out = run(
        "plan_create",
        *ENVIGADO,
        "--horizon",
        "corto:2012-2015",
        "--horizon",
        "mediano:2016-2019",
        "--horizon",
        "largo:2020-2027",
        "--period",
        "Envigado Avanza:2024-2027",
        "--period",
        "2020-2023",
    )
    plan = Plan.objects.get(slug="envigado")
    assert plan.municipality == envigado and plan.act == "Acuerdo 10 de 2011"
    assert (plan.adoption_date, plan.start_date, plan.end_date) == (
        dt.date(2011, 6, 4),
        dt.date(2011, 6, 4),
        dt.date(2027, 12, 31),
    )
    horizons = {h.kind: (h.start_date, h.end_date) for h in Horizon.objects.filter(plan=plan)}
    assert horizons["mediano"] == (dt.date(2016, 1, 1), dt.date(2019, 12, 31)) and len(horizons) == 3
    assert sorted(AdministrativePeriod.objects.filter(plan=plan).values_list("name", flat=True)) == [
        "2020-2023",
        "Envigado Avanza",
    ]
    entry = AuditEntry.objects.get(plan=plan, action="crear plan")
    assert entry.actor is None and entry.changes["horizontes"]["corto"] == "2012-2015"
    assert "Plan «envigado» creado" in out and "ssepot agency create --plan envigado" in out
    listed = run("plan_list")
    assert "envigado" in listed and "ENVIGADO (ANTIOQUIA) 05266" in listed and "largo 2020-2027" in listed
    assert "Envigado Avanza (2024-2027), 2020-2023" in listed or "2020-2023, Envigado Avanza" in listed


def test_a_code_written_without_its_leading_zero_finds_the_municipality(envigado: Municipality) -> None:
    run("plan_create", *[("5266" if a == "05266" else a) for a in ENVIGADO])
    assert Plan.objects.get(slug="envigado").municipality == envigado


def test_a_duplicate_slug_is_refused_naming_the_option(envigado: Municipality) -> None:
    run("plan_create", *ENVIGADO)
    message = refused("plan_create", *ENVIGADO)
    assert "no se creó el plan:" in message
    assert "--slug: ya existe un plan con el identificador «envigado»" in message
    assert Plan.objects.count() == 1 and AuditEntry.objects.filter(action="crear plan").count() == 1


def test_an_unknown_divipola_code_is_refused(envigado: Municipality) -> None:
    args = [("99999" if a == "05266" else a) for a in ENVIGADO]
    assert "--divipola: no hay un municipio con el código DIVIPOLA 99999" in refused("plan_create", *args)
    args = [("Medellín" if a == "05266" else a) for a in ENVIGADO]
    assert "--divipola: «Medellín» no es un código DIVIPOLA" in refused("plan_create", *args)


def test_an_empty_municipality_catalogue_says_how_to_load_it() -> None:
    message = refused("plan_create", *ENVIGADO)
    assert "el catálogo de municipios está vacío" in message
    assert "ssepot import municipalities ../shared/data/colombia-divipola/DIVIPOLA.csv" in message


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--horizon", "corto:2019-2016"], "--horizon: el año final 2016 es anterior al inicial 2019"),
        (["--horizon", "corto"], "--horizon: «corto»: escriba el horizonte como PLAZO:AAAA-AAAA"),
        (["--horizon", "cortísimo:2012-2015"], "con PLAZO corto, mediano, largo"),
        (
            ["--horizon", "corto:2012-2015", "--horizon", "corto:2016-2019"],
            "--horizon: el horizonte corto aparece dos veces",
        ),
        (
            ["--horizon", "largo:2020-2031"],
            "--horizon largo: el horizonte largo 2020-2031 se sale de la vigencia del plan (2011-2027)",
        ),
        (
            ["--horizon", "corto:2012-2016", "--horizon", "mediano:2016-2019"],
            "--horizon mediano: el horizonte mediano 2016-2019 debe empezar después del corto (2012-2016)",
        ),
        (
            ["--period", "A:2012-2015", "--period", "B:2015-2019"],
            "--period: los periodos A (2012-2015) y B (2015-2019) se traslapan",
        ),
        (["--period", "1990-1995"], "--period: el periodo 1990-1995 queda fuera de la vigencia del plan"),
        (["--period", "2024/2027"], "--period: «2024/2027» no es un rango de años AAAA-AAAA"),
        (
            ["--start", "2028-01-01"],
            "--end: el fin de vigencia (2027-12-31) es anterior al inicio (2028-01-01)",
        ),
        (["--adopted", "4 de junio de 2011"], "--adopted: «4 de junio de 2011» no es una fecha AAAA-MM-DD"),
        (["--slug", "envigado 2011"], "--slug: «envigado 2011» no sirve de identificador"),
        (["--name", " "], "--name: es obligatorio"),
        (["--act", "Acuerdo\x0710"], "--act: el texto tiene un carácter de control (U+0007)"),
    ],
)
def test_bad_input_is_refused_naming_the_option(
    envigado: Municipality, extra: list[str], expected: str
) -> None:
    assert expected in refused("plan_create", *ENVIGADO, *extra)
    assert not Plan.objects.exists()


def test_the_console_exits_with_an_error_and_no_traceback(envigado: Municipality, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ssepot", "plan", "create", *ENVIGADO, "--horizon", "corto:2019-2016"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "--horizon: el año final 2016 es anterior al inicial 2019" in err and "Traceback" not in err


def test_a_group_alone_lists_its_commands(capsys: Any) -> None:
    main(["ssepot", "plan"])
    assert "ssepot plan create --help" in capsys.readouterr().out


def test_plan_list_on_an_empty_installation_says_how_to_create_a_plan() -> None:
    assert "No hay planes. Para crear uno: ssepot plan create --divipola CODIGO" in run("plan_list")


# -- development plans and agencies ------------------------------------------------------------------------


@pytest.fixture
def plan(envigado: Municipality) -> Plan:
    run("plan_create", *ENVIGADO)
    return Plan.objects.get(slug="envigado")


PDD = [
    "--plan",
    "envigado",
    "--slug",
    "pdd-2024-2027",
    "--name",
    "Envigado 2024-2027",
    "--start-year",
    "2024",
    "--end-year",
    "2027",
]


def test_a_development_plan_is_registered_with_its_audit_entry(plan: Plan) -> None:
    out = run("pdd_create", *PDD, "--act", "Acuerdo 5 de 2024")
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    assert (pdd.start_year, pdd.end_year, pdd.act) == (2024, 2027, "Acuerdo 5 de 2024")
    assert AuditEntry.objects.get(action="crear plan de desarrollo").plan == plan
    assert "ssepot import plan-indicativo ARCHIVO --plan envigado" in out


def test_a_development_plan_is_refused_with_a_duplicate_slug_or_bad_years(plan: Plan) -> None:
    run("pdd_create", *PDD)
    assert "--slug: el plan envigado ya tiene un plan de desarrollo con el identificador «pdd-2024-2027»" in (
        refused("pdd_create", *PDD)
    )
    backwards = [*PDD[:-4], "--start-year", "2027", "--end-year", "2024"]
    backwards[3] = "otro"
    assert "--end-year: el año final 2024 es anterior al inicial 2027" in refused("pdd_create", *backwards)
    outside = [*PDD[:-4], "--start-year", "2030", "--end-year", "2033"]
    outside[3] = "otro"
    assert "--start-year: 2030-2033 queda fuera de la vigencia del POT (2011-2027)" in refused(
        "pdd_create", *outside
    )
    assert DevelopmentPlan.objects.count() == 1


def test_an_agency_is_added_with_its_audit_entry(plan: Plan) -> None:
    run(
        "agency_create",
        "--plan",
        "envigado",
        "--code",
        "SMV",
        "--name",
        "Secretaría de Movilidad",
        "--acronym",
        "SMV",
        "--email",
        "movilidad@envigado.gov.co",
    )
    agency = Agency.objects.get(plan=plan, code="SMV")
    assert agency.email == "movilidad@envigado.gov.co"
    assert AuditEntry.objects.get(action="crear dependencia").object_id == str(agency.pk)


def test_an_agency_is_refused_with_a_duplicate_code_or_name_or_a_bad_email(plan: Plan) -> None:
    base = ["--plan", "envigado", "--code", "SMV", "--name", "Secretaría de Movilidad"]
    run("agency_create", *base)
    assert "--code: el plan envigado ya tiene una dependencia con el código «SMV»" in refused(
        "agency_create", *base
    )
    same_name = ["--plan", "envigado", "--code", "MOV", "--name", "SECRETARÍA DE MOVILIDAD"]
    assert (
        "--name: el plan envigado ya tiene la dependencia «Secretaría de Movilidad» (código SMV)"
        in refused("agency_create", *same_name)
    )
    message = refused(
        "agency_create", "--plan", "envigado", "--code", "SOP", "--name", "Obras", "--email", "x@"
    )
    assert "--email: «x@» no es un correo electrónico" in message
    assert Agency.objects.count() == 1


def test_a_slug_that_names_a_portal_page_is_refused(envigado: Municipality) -> None:
    args = [("comparar" if a == "envigado" else a) for a in ENVIGADO]
    assert "--slug: «comparar» es el nombre de una página del portal" in refused("plan_create", *args)
    assert not Plan.objects.filter(slug="comparar").exists()
