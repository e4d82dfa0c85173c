"""Across municipalities: ``/planes/`` lists every plan with its department, its published headline and its
last publication; ``/planes/comparar/`` puts plans side by side; both read the stored headlines in a few
queries, whatever the number of plans (``ssepot.front.headlines``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from ssepot.catalogue.models import Agency, Municipality, Plan, Subsystem, System
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.front.dashboards.common import percent
from ssepot.front.data import figure_map
from ssepot.front.headlines import COMPLIANCE, store_headline
from ssepot.front.models import Headline
from ssepot.reporting import actions

pytestmark = pytest.mark.django_db

#: (divipola, municipality, department code, department, commitments fulfilled of 4)
TOWNS = [
    ("05002", "ABEJORRAL", "05", "ANTIOQUIA", 1),
    ("05004", "ABRIAQUÍ", "05", "ANTIOQUIA", 3),
    ("08001", "BARRANQUILLA", "08", "ATLÁNTICO", 2),
    ("11001", "BOGOTÁ, D.C.", "11", "BOGOTÁ, D.C.", 4),
]


def make_plan(divipola: str, name: str, dept: str, dept_name: str, slug: str) -> Plan:
    town = Municipality.objects.create(
        divipola_code=divipola, name=name, department_code=dept, department_name=dept_name
    )
    return Plan.objects.create(
        municipality=town, slug=slug, name=f"POT de {name.title()}", act="Acuerdo 1 de 2015",
        adoption_date=dt.date(2015, 1, 1), start_date=dt.date(2015, 1, 1), end_date=dt.date(2027, 12, 31),
    )  # fmt: skip


def report(plan: Plan, fulfilled: int, year: int = 2025, total: int = 4) -> None:
    system = System.objects.get_or_create(plan=plan, code="SFE", defaults={"name": "Físico-espaciales"})[0]
    subsystem = Subsystem.objects.get_or_create(
        plan=plan, system=system, code="MOV", defaults={"name": "Movilidad"}
    )[0]
    agency = Agency.objects.get_or_create(plan=plan, code="SM", defaults={"name": "Secretaría de Movilidad"})[
        0
    ]
    for n in range(1, total + 1):
        commitment, _ = Commitment.objects.get_or_create(
            plan=plan,
            code=f"C-{n}",
            defaults={"description": f"Compromiso {n}", "horizon": "corto", "subsystem": subsystem,
                      "agency": agency},
        )  # fmt: skip
        done = n <= fulfilled
        CommitmentStatus.objects.create(
            plan=plan, commitment=commitment, year=year,
            status="cumplido" if done else "en_proceso", progress=100 if done else 50,
        )  # fmt: skip


@pytest.fixture
def plans(admin_user: Any) -> list[Plan]:
    return publish_towns(admin_user)


def publish_towns(admin_user: Any) -> list[Plan]:
    """Four published plans in three departments, each with its headline stored."""
    made = []
    for n, (divipola, name, dept, dept_name, fulfilled) in enumerate(TOWNS, start=1):
        plan = make_plan(divipola, name, dept, dept_name, f"pot-{n}")
        report(plan, fulfilled)
        actions.publish_existing(plan, 2025, actor=admin_user, note="Datos")
        store_headline(plan)
        made.append(plan)
    return made


def shown_compliance(plan: Plan) -> str:
    """The compliance the plan's own portal shows, in Spanish."""
    return percent(figure_map(plan, 2025)[COMPLIANCE].value)


def test_the_directory_lists_every_plan_with_its_department_headline_and_last_publication(
    plans: list[Plan], client: Client
) -> None:
    page = client.get("/planes/").content.decode()
    for plan, (_code, name, _dept, dept_name, _done) in zip(plans, TOWNS, strict=True):
        assert f'href="/planes/{plan.slug}/"' in page and name in page and dept_name in page
        assert shown_compliance(plan) in page
    assert page.count("2025, versión 1") == len(plans)


def test_the_directory_filters_by_department_and_searches_without_accents(
    plans: list[Plan], client: Client
) -> None:
    antioquia = client.get("/planes/", {"departamento": "05"}).content.decode()
    assert "ABEJORRAL" in antioquia and "ABRIAQUÍ" in antioquia and "BARRANQUILLA" not in antioquia
    found = client.get("/planes/", {"q": "abriaqui"}).content.decode()
    assert "ABRIAQUÍ" in found and "ABEJORRAL" not in found
    unknown = client.get("/planes/", {"departamento": "99"})
    assert unknown.status_code == 400 and "departamento" in unknown.content.decode()


def test_the_directory_sorts_on_the_server_by_a_headline_measure(plans: list[Plan], client: Client) -> None:
    def order(query: str) -> list[str]:
        page = client.get("/planes/", {"orden": query}).content.decode()
        return [slug for _, slug in sorted((page.index(f'href="/planes/{p.slug}/"'), p.slug) for p in plans)]

    compliance = {h.plan_id: h.compliance or Decimal(-1) for h in Headline.objects.all()}
    expected = sorted(plans, key=lambda p: compliance[p.pk], reverse=True)
    assert order("-cumplimiento") == [p.slug for p in expected]
    assert order("cumplimiento") == [p.slug for p in reversed(expected)]
    assert client.get("/planes/", {"orden": "nada"}).status_code == 400
    page = client.get("/planes/", {"orden": "-cumplimiento"}).content.decode()
    assert 'aria-sort="descending"' in page


def test_the_directory_pages_its_plans(plans: list[Plan], client: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr("ssepot.front.directory.PER_PAGE", 3)
    first = client.get("/planes/").content.decode()
    second = client.get("/planes/", {"pagina": "2"}).content.decode()
    assert "página 1 de 2" in first and 'rel="next"' in first
    assert sum(f'href="/planes/{p.slug}/"' in second for p in plans) == 1


def test_an_unpublished_value_never_shows(plans: list[Plan], client: Client, admin_user: Any) -> None:
    plan = plans[0]
    before = Headline.objects.get(plan=plan).compliance
    commitment = Commitment.objects.get(plan=plan, code="C-4")
    current = CommitmentStatus.objects.filter(commitment=commitment, year=2025).current().get()
    CommitmentStatus.objects.create(
        plan=plan, commitment=commitment, year=2025, status="cumplido", progress=100, supersedes=current,
        reason="sin publicar",
    )  # fmt: skip
    store_headline(plan)
    assert Headline.objects.get(plan=plan).compliance == before
    unpublished = make_plan("05001", "MEDELLÍN", "05", "ANTIOQUIA", "sin-publicar")
    report(unpublished, 4)
    row = client.get("/planes/", {"q": "medellin"}).content.decode()
    assert "Sin publicaciones" in row and percent(Decimal(100)) not in row


def test_a_new_release_shows_as_being_computed_until_its_headline_is_stored(
    plans: list[Plan], client: Client, admin_user: Any
) -> None:
    plan = plans[0]
    report(plan, 4, year=2026)
    actions.publish_existing(plan, 2026, actor=admin_user, note="Nueva")
    page = client.get("/planes/", {"q": plan.municipality.name}).content.decode()
    assert "En cálculo" in page and "2026, versión 1" in page
    call_command("headlines")
    page = client.get("/planes/", {"q": plan.municipality.name}).content.decode()
    assert "En cálculo" not in page and percent(Decimal(100)) in page


def test_the_directory_reads_a_bounded_number_of_queries(
    plans: list[Plan], client: Client, django_assert_max_num_queries: Any, admin_user: Any
) -> None:
    # NB: the departments, the count, the page, the newest releases of plans whose headline is stale, the
    # synthetic-data banner and the page cache's look-up of a plan named like the path («comparar»)
    limit = 6
    with django_assert_max_num_queries(limit):
        client.get("/planes/")
    for n in range(5, 12):
        extra = make_plan(f"05{n:03d}", f"PUEBLO {n}", "05", "ANTIOQUIA", f"pot-{n}")
        report(extra, n % 4)
        actions.publish_existing(extra, 2025, actor=admin_user, note="Datos")
        if n % 2:
            store_headline(extra)
    with django_assert_max_num_queries(limit):
        client.get("/planes/", {"orden": "-avance"})
    with django_assert_max_num_queries(limit):
        client.get("/planes/comparar/", {"departamento": "05"})


def test_the_comparison_puts_a_departments_plans_side_by_side_with_how_each_figure_was_computed(
    plans: list[Plan], client: Client
) -> None:
    page = client.get("/planes/comparar/", {"departamento": "05"}).content.decode()
    assert "ABEJORRAL" in page and "ABRIAQUÍ" in page and "BARRANQUILLA" not in page
    assert page.count("¿Cómo se calculó?") >= 2 and shown_compliance(plans[1]) in page
    chosen = client.get("/planes/comparar/", {"planes": "pot-3,pot-4"}).content.decode()
    assert "BARRANQUILLA" in chosen and "BOGOTÁ" in chosen and "ABEJORRAL" not in chosen
    too_many = ",".join(f"p{n}" for n in range(60))
    assert client.get("/planes/comparar/", {"planes": too_many}).status_code == 400


def test_the_directory_speaks_english(plans: list[Plan], client: Client) -> None:
    client.cookies["django_language"] = "en"
    page = client.get("/planes/").content.decode()
    assert "Land-use plans directory" in page and "2025, release 1" in page


def test_the_release_warm_up_stores_the_plans_headline(
    plans: list[Plan], client: Client, admin_user: Any
) -> None:
    from ssepot.front.warmup import warm

    plan = plans[2]
    report(plan, 4, year=2026)
    release = actions.publish_existing(plan, 2026, actor=admin_user, note="Nueva")
    assert "En cálculo" in client.get("/planes/", {"departamento": "08"}).content.decode()
    warm(release.pk)
    assert Headline.objects.get(plan=plan).stamp_id == release.pk
    page = client.get("/planes/", {"departamento": "08"}).content.decode()
    assert "En cálculo" not in page and percent(Decimal(100)) in page


def test_a_partial_year_shows_counts_and_no_global_percentage(
    plans: list[Plan], client: Client, admin_user: Any
) -> None:
    partial = make_plan("05001", "MEDELLÍN", "05", "ANTIOQUIA", "parcial")
    report(partial, 1, total=1)
    for n in range(2, 5):  # three more commitments nobody reported: 1 of 4 covered
        Commitment.objects.create(
            plan=partial, code=f"C-{n}", description="Sin reporte", horizon="corto",
            subsystem=Subsystem.objects.get(plan=partial), agency=Agency.objects.get(plan=partial),
        )  # fmt: skip
    actions.publish_existing(partial, 2025, actor=admin_user, note="Parcial")
    headline = store_headline(partial)
    assert headline is not None and headline.partial and headline.compliance is None
    row = client.get("/planes/", {"q": "medellin"}).content.decode()
    assert "parcial: cobertura 25,0 %" in row and "1 cumplidos de 4" in row
    assert "No se muestra: vigencia parcial" in row
    compared = client.get("/planes/comparar/", {"planes": "parcial"}).content.decode()
    assert 'data-figure="compromisos.cumplimiento_global"' not in compared
    assert 'data-figure="compromisos.cumplido"' in compared
