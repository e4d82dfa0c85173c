"""The portal in a real Chromium: accessible (axe, WCAG 2.1 AA), keyboard-friendly, switchable to English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def plans(transactional_db: None) -> None:
    from ssepot.catalogue.models import Horizon, Municipality, Plan

    medellin = Municipality.objects.create(
        divipola_code="05001", name="MEDELLÍN", department_code="05", department_name="ANTIOQUIA"
    )
    plan = Plan.objects.create(
        municipality=medellin,
        slug="demo",
        name="POT de Medellín (demostración)",
        act="Acuerdo 48 de 2014",
        adoption_date=dt.date(2014, 12, 17),
        start_date=dt.date(2014, 12, 17),
        end_date=dt.date(2027, 12, 31),
        is_synthetic=True,
        synthetic_note="Cifras ilustrativas para la demostración.",
    )
    Horizon.objects.create(
        plan=plan, kind="corto", start_date=dt.date(2016, 1, 1), end_date=dt.date(2019, 12, 31)
    )


def test_home_page_has_no_wcag_aa_violations(page: Any, plans: None, axe_violations: Any) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Planes de ordenamiento territorial"
    assert page.locator(".ssepot-synthetic-banner").is_visible()
    assert axe_violations(page) == []


def test_home_page_in_english_has_no_wcag_aa_violations(
    page: Any, live_server: Any, plans: None, axe_violations: Any
) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


def test_admin_login_page_loads(page: Any) -> None:
    page.goto("/admin/login/")
    assert page.locator("#id_username").is_visible()
    assert page.locator("#id_password").is_visible()
    assert "SSEPOT" in page.title()


def test_language_switcher_switches_to_english(page: Any, plans: None) -> None:
    page.goto("/")
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar idioma").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Land-use plans"
    assert page.get_by_label("Language").input_value() == "en"


def test_skip_link_is_the_first_focusable_element_and_reaches_the_content(page: Any, plans: None) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.innerText]")
    assert focused == ["skip-link", "Saltar al contenido principal"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenido"
