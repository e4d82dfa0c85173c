"""The home page lists every plan with its counts, in Colombian Spanish by default, English on request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ssepot.catalogue.models import Horizon, Municipality, Plan, Subsystem, System, TerritorialUnit
from ssepot.development.models import DevelopmentPlan
from ssepot.indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_plan(plan):
    Horizon.objects.create(
        plan=plan, kind="corto", start_date=dt.date(2016, 1, 1), end_date=dt.date(2019, 12, 31)
    )
    system = System.objects.create(plan=plan, code="SFE", name="Sistemas Físico-Espaciales")
    for n in range(3):
        Subsystem.objects.create(plan=plan, system=system, code=f"S{n}", name=f"Subsistema {n}")
    TerritorialUnit.objects.bulk_create(
        TerritorialUnit(plan=plan, code=f"{n:04d}", kind="barrio") for n in range(1234)
    )
    pdd = DevelopmentPlan.objects.create(plan=plan, slug="pdd", name="PDD", start_year=2024, end_year=2027)
    Indicator.objects.create(plan=plan, code="I1", name="POT", indicator_type="R", unit="%", accumulation="A")
    for n in range(2):
        Indicator.objects.create(
            plan=plan,
            code=f"P{n}",
            name="PDD",
            indicator_type="P",
            unit="n",
            accumulation="A",
            development_plan=pdd,
        )
    return plan


def test_home_lists_the_plan_with_its_facts_and_counts(client, filled_plan):
    page = client.get(reverse("front:home")).text
    assert "POT de prueba" in page and "05001" in page and "Acuerdo 48 de 2014" in page
    assert "17 de diciembre de 2014" in page
    assert "Corto plazo: 2016-2019" in page
    assert "1.234" in page  # territorial units with the es-CO thousands separator
    assert '<th scope="row">Indicadores del POT</th><td class="num">1</td>' in page
    assert '<th scope="row">Indicadores del plan de desarrollo</th><td class="num">2</td>' in page
    assert '<th scope="row">Subsistemas</th><td class="num">3</td>' in page


def test_big_amounts_render_with_colombian_separators() -> None:
    template = Template("{{ amount }} {{ share }}")
    from decimal import Decimal

    with translation.override("es"):
        assert template.render(Context({"amount": 5733749, "share": Decimal("17.74")})) == "5.733.749 17,74"
    with translation.override("en"):
        assert template.render(Context({"amount": 5733749, "share": Decimal("17.74")})) == "5,733,749 17.74"


def test_home_counts_take_a_fixed_number_of_queries(client, filled_plan, django_assert_max_num_queries):
    other = Municipality.objects.create(
        divipola_code="05266", name="ENVIGADO", department_code="05", department_name="ANTIOQUIA"
    )
    for n in range(5):
        Plan.objects.create(
            municipality=other,
            slug=f"p{n}",
            name=f"Plan {n}",
            act="Acuerdo",
            adoption_date=dt.date(2011, 1, 1),
            start_date=dt.date(2011, 1, 1),
            end_date=dt.date(2023, 1, 1),
        )
    with django_assert_max_num_queries(4):  # plans with counts, horizons, synthetic banner
        client.get(reverse("front:home"))


def test_page_is_in_spanish_by_default(client, plan):
    page = client.get(reverse("front:home")).text
    assert '<html lang="es' in page
    assert "Planes de ordenamiento territorial" in page


def test_an_english_browser_still_gets_spanish_until_the_visitor_chooses(client, plan):
    page = client.get(reverse("front:home"), headers={"accept-language": "en-US,en;q=0.9"}).text
    assert '<html lang="es' in page and "Planes de ordenamiento territorial" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("front:home")).text
    assert '<html lang="en">' in page
    assert "Land-use plans" in page
    assert "Skip to main content" in page


def test_language_switcher_sets_english(client, plan):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("front:home")).text
    assert '<html lang="en">' in page and "Land-use plans" in page


def test_synthetic_plan_shows_a_banner_on_the_portal_and_in_the_admin(client, plan, admin_user):
    assert "ssepot-synthetic-banner" not in client.get(reverse("front:home")).text
    Plan.objects.filter(pk=plan.pk).update(is_synthetic=True, synthetic_note="Cifras inventadas para la demo")
    page = client.get(reverse("front:home")).text
    assert "ssepot-synthetic-banner" in page and "Cifras inventadas para la demo" in page
    assert "Cifras inventadas para la demo" in client.get(reverse("admin:login")).text
    client.force_login(admin_user)
    assert "Cifras inventadas para la demo" in client.get(reverse("admin:index")).text


def test_home_page_links_to_the_admin(client, plan):
    page = client.get(reverse("front:home")).text
    assert reverse("admin:index") in page
    assert reverse("admin:catalogue_plan_change", args=[plan.pk]) in page


def test_skip_link_comes_before_any_other_link(client, plan):
    page = client.get(reverse("front:home")).text
    assert page.index('class="skip-link"') < page.index("<a ", page.index('class="skip-link"') - 20) + 30
    assert 'id="contenido"' in page


def test_with_many_synthetic_plans_the_banner_counts_them_and_a_plans_page_names_only_that_plan(
    client, plan, medellin
):
    import datetime as dt

    from django.template import Context, Template

    for n in range(5):
        Plan.objects.create(
            municipality=medellin, slug=f"sintetico-{n}", name=f"Plan sintético {n}", act="-",
            adoption_date=dt.date(2014, 1, 1), start_date=dt.date(2014, 1, 1), end_date=dt.date(2027, 12, 31),
            is_synthetic=True, synthetic_note=f"Nota del plan {n}",
        )  # fmt: skip
    page = client.get(reverse("front:home")).text
    assert "5 planes de esta instalación contienen datos sintéticos" in page
    assert "Nota del plan" not in page
    banner = Template("{% load ssepot_front %}{% synthetic_banner %}")
    one = Plan.objects.get(slug="sintetico-3")
    shown = banner.render(Context({"plan": one}))
    assert "Nota del plan 3" in shown and "Nota del plan 1" not in shown
    assert "ssepot-synthetic-banner" not in banner.render(Context({"plan": plan}))  # a real plan: no banner


def test_every_page_links_to_the_open_data_and_the_open_data_page_to_the_api(client, plan):
    page = client.get(reverse("front:home")).text
    assert f'href="{reverse("opendata:index")}"' in page
    opendata = client.get(reverse("opendata:index"))
    assert opendata.status_code == 200
    assert 'aria-current="page">Datos abiertos</a>' in opendata.text
    assert reverse("api-v1:openapi-view") in opendata.text
