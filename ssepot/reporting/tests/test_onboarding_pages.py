"""The configuration pages: a superuser or platform operator creates a plan; the plan's analyst registers
development plans, agencies and people with their roles. Same actions, checks and audit as the console."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from ssepot.accounts.models import Membership
from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Plan
from ssepot.development.models import DevelopmentPlan

pytestmark = pytest.mark.django_db
PASSWORD = "Ciclorruta-2024-segura"
NEW_PLAN = {
    "divipola_code": "05001",
    "slug": "pot-2",
    "name": "Segundo POT",
    "act": "Acuerdo 1 de 2026",
    "adoption_date": "2026-03-01",
    "start_date": "",
    "end_date": "2038-12-31",
    "horizon_corto": "2027-2030",
    "horizon_mediano": "2031-2034",
    "horizon_largo": "",
    "periods": "Medellín Te Quiere: 2024-2027\n2028-2031",
    "description": "",
}


def page(client: Any, slug: str = "pot-prueba") -> Any:
    return client.get(reverse("onboarding:plan", args=[slug]))


def test_a_superuser_creates_a_plan_with_its_horizons_and_periods(client, admin_user, medellin) -> None:
    client.force_login(admin_user)
    assert "Crear un plan" in client.get(reverse("onboarding:index")).text
    response = client.post(reverse("onboarding:new_plan"), NEW_PLAN)
    assert response.status_code == 302 and response.url == reverse("onboarding:plan", args=["pot-2"])
    plan = Plan.objects.get(slug="pot-2")
    assert plan.start_date.isoformat() == "2026-03-01"
    assert set(Horizon.objects.filter(plan=plan).values_list("kind", flat=True)) == {"corto", "mediano"}
    assert set(AdministrativePeriod.objects.filter(plan=plan).values_list("name", flat=True)) == {
        "Medellín Te Quiere",
        "2028-2031",
    }
    assert AuditEntry.objects.get(action="crear plan").actor == admin_user
    assert "Plan «Segundo POT» creado." in client.get(response.url).text


def test_a_bad_plan_is_refused_beside_its_fields(client, admin_user, medellin, plan) -> None:
    client.force_login(admin_user)
    data = {
        **NEW_PLAN,
        "slug": "pot-prueba",
        "divipola_code": "99999",
        "horizon_corto": "2030-2027",
        "periods": "2024-2027\n2026-2029",
    }
    response = client.post(reverse("onboarding:new_plan"), data)
    assert response.status_code == 400
    assert "el año final 2027 es anterior al inicial 2030" in response.text
    assert not Plan.objects.filter(name="Segundo POT").exists()
    data["horizon_corto"] = "2027-2030"
    response = client.post(reverse("onboarding:new_plan"), data)
    assert response.status_code == 400
    for message in (
        "ya existe un plan con el identificador «pot-prueba»",
        "no hay un municipio con el código DIVIPOLA 99999",
        "los periodos 2024-2027 y 2026-2029 se traslapan",
    ):
        assert message in response.text
    assert not Plan.objects.filter(name="Segundo POT").exists()


def test_a_platform_operator_creates_plans_and_an_analyst_does_not(client, alice, medellin) -> None:
    client.force_login(alice)
    assert client.get(reverse("onboarding:new_plan")).status_code == 404
    assert client.post(reverse("onboarding:new_plan"), NEW_PLAN).status_code == 404
    assert "Crear un plan" not in client.get(reverse("onboarding:index")).text
    operator = get_user_model().objects.create_user("operador", password=PASSWORD)
    operator.user_permissions.add(Permission.objects.get(codename="add_plan"))
    client.force_login(operator)
    assert client.post(reverse("onboarding:new_plan"), NEW_PLAN).status_code == 302


def test_the_analyst_sees_the_plan_and_its_three_forms(client, plan, agencies, alice, bob) -> None:
    client.force_login(alice)
    home = client.get(reverse("reporting:home")).text
    assert reverse("onboarding:index") in home
    text = page(client).text
    for heading in (
        "Registrar un plan de desarrollo",
        "Agregar una dependencia",
        "Dar un rol a una persona",
        "Secretaría de Movilidad",
        "bob",
    ):
        assert heading in text
    assert 'value="administrador"' not in text and 'value="analista"' in text


def test_the_analyst_registers_a_development_plan_and_an_agency(client, plan, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("onboarding:add_development_plan", args=[plan.slug]),
        {
            "slug": "pdd-2024-2027",
            "name": "PDD 2024-2027",
            "act": "",
            "start_year": "2024",
            "end_year": "2027",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#planes-de-desarrollo")
    assert DevelopmentPlan.objects.filter(plan=plan, slug="pdd-2024-2027").exists()
    response = client.post(
        reverse("onboarding:add_agency", args=[plan.slug]),
        {"code": "SOP", "name": "Secretaría de Obras Públicas", "acronym": "", "email": "obras@x.gov.co"},
    )
    assert response.status_code == 302
    assert Agency.objects.get(plan=plan, code="SOP").email == "obras@x.gov.co"
    entries = AuditEntry.objects.filter(plan=plan, actor=alice)
    assert set(entries.values_list("action", flat=True)) == {"crear plan de desarrollo", "crear dependencia"}


def test_a_duplicate_agency_code_is_shown_beside_the_field(client, plan, agencies, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("onboarding:add_agency", args=[plan.slug]),
        {"code": "SM", "name": "Otra", "acronym": "", "email": ""},
    )
    assert response.status_code == 400
    assert "el plan pot-prueba ya tiene una dependencia con el código «SM»" in response.text
    assert 'id="id_code_error"' in response.text
    assert Agency.objects.filter(plan=plan).count() == 2


def test_the_analyst_gives_a_new_person_a_reporter_role(client, plan, agencies, alice) -> None:
    client.force_login(alice)
    data = {
        "username": "jgomez",
        "role": "reportante",
        "agency": "SM",
        "first_name": "Juan",
        "last_name": "Gómez",
        "email": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    response = client.post(reverse("onboarding:add_member", args=[plan.slug]), data)
    assert response.status_code == 302
    user = authenticate(username="jgomez", password=PASSWORD)
    assert user is not None and Membership.objects.get(user=user).agency == agencies["movilidad"]
    assert "Usuario «jgomez» creado con el rol Reportante de dependencia." in client.get(response.url).text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"agency": ""}, "quien reporta debe pertenecer a una dependencia"),
        ({"password_again": "otra"}, "Las dos contraseñas no coinciden."),
        ({"password": "", "password_again": ""}, "un usuario nuevo necesita una contraseña"),
        ({"role": "administrador"}, "Escoja una opción válida"),
    ],
)
def test_a_person_is_refused_with_the_reason_beside_the_field(
    client, plan, agencies, alice, changes, expected
) -> None:
    client.force_login(alice)
    data = {
        "username": "jgomez",
        "role": "reportante",
        "agency": "SM",
        "first_name": "",
        "last_name": "",
        "email": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    response = client.post(reverse("onboarding:add_member", args=[plan.slug]), data)
    assert response.status_code == 400 and expected in response.text
    assert not get_user_model().objects.filter(username="jgomez").exists()


@pytest.mark.parametrize("who", ["bob", "dana"])
def test_reporters_and_readers_have_no_configuration_pages(client, plan, agencies, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("onboarding:index")).status_code == 404
    assert page(client).status_code == 404
    response = client.post(reverse("onboarding:add_agency", args=[plan.slug]), {"code": "X", "name": "X"})
    assert response.status_code == 404 and not Agency.objects.filter(code="X").exists()
    assert reverse("onboarding:index") not in client.get(reverse("reporting:home")).text


def test_an_analyst_of_another_plan_does_not_see_this_one(client, plan, medellin) -> None:
    other = Plan.objects.create(
        municipality=medellin,
        slug="otro",
        name="Otro",
        act="A",
        adoption_date=plan.adoption_date,
        start_date=plan.start_date,
        end_date=plan.end_date,
    )
    user = get_user_model().objects.create_user("ana", password=PASSWORD)
    Membership.objects.create(plan=other, user=user, role="analista")
    client.force_login(user)
    assert page(client, "otro").status_code == 200
    assert page(client).status_code == 404


def test_in_the_admin_an_analyst_cannot_make_an_administrator(client, plan, alice, dana) -> None:
    client.force_login(alice)
    url = reverse("admin:accounts_membership_add")
    response = client.post(url, {"plan": plan.pk, "user": dana.pk, "role": "administrador", "agency": ""})
    assert response.status_code == 200 and "Su rol en el plan no le permite dar este rol." in response.text
    assert not Membership.objects.filter(role="administrador").exists()
    response = client.post(url, {"plan": plan.pk, "user": dana.pk, "role": "analista", "agency": ""})
    assert response.status_code == 302 and Membership.objects.filter(user=dana, role="analista").exists()
