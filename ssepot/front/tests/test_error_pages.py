"""403, 404 and 500 pages in the site's layout and language with a way back; JSON errors under /api/, even
with the database down; a control character in a public address is a 400, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone

from ssepot.reporting.models import Release


def english() -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def in_the_layout(html: str) -> bool:
    return 'class="site-header"' in html and 'class="site-footer"' in html and 'href="/"' in html


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_sites_layout_in_spanish_and_english(plan: Any) -> None:
    spanish = Client().get("/no-existe/")
    assert spanish.status_code == 404 and in_the_layout(spanish.text)
    assert "Página no encontrada" in spanish.text and "Ir al inicio del portal" in spanish.text
    assert '<html lang="es">' in spanish.text
    other = english().get(f"/planes/{plan.slug}/indicadores/NO-EXISTE/")
    assert other.status_code == 404 and in_the_layout(other.text)
    assert "Page not found" in other.text and "Go to the portal's home page" in other.text
    assert "Página no encontrada" not in other.text


@pytest.mark.django_db
def test_a_forbidden_page_is_a_403_in_the_sites_layout_with_its_reason(
    client: Client, plan: Any, dana: Any
) -> None:
    client.force_login(dana)
    page = client.get(f"/auditoria/{plan.slug}/")
    assert page.status_code == 403 and in_the_layout(page.text), page.status_code
    assert "Acceso no permitido" in page.text and "Ir al inicio del portal" in page.text
    assert "Solo los analistas y administradores del plan" in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/planes/{slug}/2025/indicadores/?q=a%00b",
        "/planes/{slug}/2025/compromisos/?unidad=%00",
        "/planes/{slug}/indicadores/A%00B/",
        "/planes/{slug}/2025/?%00=1",
        "/planes/{slug}/2025/subsistemas/?proyecto=%1b%5b31m",
        "/%00/",
    ],
)
def test_a_control_character_in_a_public_address_is_a_400_not_a_500(plan: Any, address: str) -> None:
    Release.objects.create(plan=plan, year=2025, number=1, published_at=timezone.now())
    answer = Client(raise_request_exception=False).get(address.format(slug=plan.slug))
    assert answer.status_code == 400 and in_the_layout(answer.text)
    assert "carácter de control" in answer.text


@pytest.fixture
def database_down(django_db_blocker: Any) -> Iterator[None]:
    """The default database unreachable: on PostgreSQL a port nothing listens on; on SQLite (an in-memory
    test database that cannot be closed) every query fails as a missing database file does."""

    def unreachable(*args: Any) -> Any:
        raise OperationalError("unable to open database file")

    with django_db_blocker.unblock():
        saved = dict(connection.settings_dict)
        if connection.vendor == "postgresql":
            connection.close()
            connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
        try:
            with connection.execute_wrapper(unreachable):
                yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def test_the_api_answers_json_errors_with_the_database_down(database_down: None) -> None:
    client = Client(raise_request_exception=False)
    down = client.get("/api/v1/planes")
    assert down.status_code == 500 and down["Content-Type"].startswith("application/json")
    assert "Error interno" in down.json()["detalle"]
    missing = client.get("/api/v1/no-existe")
    assert missing.status_code == 404 and "No existe la ruta" in missing.json()["detalle"]
    page = client.get("/planes/medellin/2025/")
    assert page.status_code == 500 and in_the_layout(page.text) and "Error del servidor" in page.text
