"""The agency reporter's pages: sign in, 'Mis asignaciones', the item form, drafts, submission, answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


def item(period: Any, **kind: Any) -> Assignment:
    return Assignment.objects.get(period=period, **kind)


def url(a: Assignment) -> str:
    return reverse("reporting:assignment", args=[a.pk])


def test_signing_in_leads_a_reporter_to_his_assignments(client: Any, period: Any, bob: Any) -> None:
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "Ingresar" in page.text
    response = client.post(reverse("login"), {"username": "bob", "password": "secreto-de-prueba-1"})
    assert response.status_code == 302 and response.url == reverse("reporting:home")
    home = client.get(response.url).text
    assert "Mis asignaciones" in home and "Salir (bob)" in home


def test_a_wrong_password_is_told_in_spanish(client: Any, bob: Any) -> None:
    page = client.post(reverse("login"), {"username": "bob", "password": "no"})
    assert "El usuario o la contraseña no son correctos" in page.text


def test_signing_out_is_a_post_and_ends_the_session(client: Any, bob: Any) -> None:
    client.force_login(bob)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("reporting:home")).status_code == 302


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Any, period: Any) -> None:
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_reporter_sees_only_his_agency_assignments_with_progress(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    client.force_login(bob)
    page = client.get(reverse("reporting:home")).text
    assert "POT-MOV-01" in page and "C-001" in page and "P-001" in page
    assert "POT-EQU-01" not in page  # EDU's indicator
    assert "0 de 3 ítems enviados" in page and "Vigencia 2025" in page
    assert "Descargar libro" in page and "Cargar libro" in page


def test_the_list_filters_by_state_and_kind(client: Any, period: Any, catalogue: Any, bob: Any) -> None:
    a = item(period, commitment=catalogue["commitment"])
    a = actions.save_draft(a, {"status": "cumplido"}, actor=bob, expected_revision=0)
    actions.submit(a, actor=bob, expected_revision=a.revision)
    client.force_login(bob)
    sent = client.get(reverse("reporting:home"), {"estado": "enviado"}).text
    assert "C-001" in sent and "POT-MOV-01" not in sent
    projects = client.get(reverse("reporting:home"), {"tipo": "proyecto"}).text
    assert "P-001" in projects and "C-001" not in projects
    assert "1 de 3 ítems enviados" in projects


def test_the_indicator_page_shows_its_sheet_and_one_row_per_territorial_unit(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    client.force_login(bob)
    page = client.get(url(item(period, indicator=catalogue["indicator"]))).text
    for text in (
        "POT-MOV-01",
        "Kilómetros de ciclorruta",
        "km",
        "Creciente",
        "A (acumulado)",
        "Total de la ciudad (km)",
        "01 Popular",
        "02 Santa Cruz",
        "Guardar borrador",
        "Enviar",
    ):
        assert text in page, text
    assert 'name="values."' in page and 'name="values.01"' in page and 'name="values.02"' in page
    assert 'name="revision" value="0"' in page


def test_the_commitment_and_project_pages_show_their_own_fields(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    client.force_login(bob)
    commitment = client.get(url(item(period, commitment=catalogue["commitment"]))).text
    assert "Adoptar el plan de movilidad" in commitment and "Corto plazo" in commitment
    assert 'name="status"' in commitment and 'name="progress"' in commitment and "En proceso" in commitment
    project = client.get(url(item(period, project=catalogue["project"]))).text
    assert "Metro de la 80" in project and "Movilidad" in project
    for name in ("budget", "executed", "physical_progress"):
        assert f'name="{name}"' in project


def test_saving_a_draft_keeps_the_typed_values_and_redirects(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    a = item(period, indicator=catalogue["indicator"])
    client.force_login(bob)
    response = client.post(
        url(a),
        {
            "revision": "0",
            "values.": "12,5",
            "values.01": "5",
            "values.02": "",
            "observation": "Fuente: SIMM",
            "action": "save",
        },
    )
    assert response.status_code == 302 and response.url == url(a)
    a.refresh_from_db()
    assert a.draft == {"values": {"": "12,5", "01": "5", "02": ""}, "observation": "Fuente: SIMM"}
    assert a.state == "borrador" and a.revision == 1
    page = client.get(url(a)).text
    assert 'value="12,5"' in page and "Borrador guardado." in page and "Guardó el borrador" in page


def test_submitting_sends_the_item_to_review(client: Any, period: Any, catalogue: Any, bob: Any) -> None:
    a = item(period, commitment=catalogue["commitment"])
    client.force_login(bob)
    response = client.post(
        url(a), {"revision": "0", "status": "en_proceso", "progress": "40", "action": "submit"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == "enviado" and a.draft["progress"] == "40"
    page = client.get(url(a)).text
    assert (
        "Enviado a revisión." in page and "solo se puede consultar" in page and "Guardar borrador" not in page
    )


def test_problems_are_shown_next_to_their_fields(client: Any, period: Any, catalogue: Any, bob: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])
    client.force_login(bob)
    response = client.post(
        url(a),
        {"revision": "0", "values.": "doce", "values.01": "=SUM(A1)", "values.02": "7", "action": "submit"},
    )
    assert response.status_code == 422
    page = response.text
    assert "Corrija los errores antes de enviar." in page
    total = page.index('id="f-values-total"')
    assert page.index("«doce»", total) < page.index('id="f-values-01"')
    assert page.index("parece una fórmula", page.index('id="f-values-01"')) < page.index('id="f-values-02"')
    assert 'aria-describedby="f-values-01-problems"' in page
    a.refresh_from_db()
    assert a.state == "borrador" and a.draft["values"][""] == "doce"  # the draft keeps what was typed


def test_a_project_problem_is_shown_next_to_its_field(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    a = item(period, project=catalogue["project"])
    client.force_login(bob)
    page = client.post(
        url(a),
        {"revision": "0", "budget": "100", "executed": "150", "physical_progress": "120", "action": "submit"},
    ).text
    executed = page.index('id="f-executed"')
    assert page.index("entre 0 y 100", page.index('id="f-physical_progress"')) > executed


def test_a_stale_revision_shows_the_message_and_keeps_the_typed_values(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    a = item(period, indicator=catalogue["indicator"])
    actions.save_draft(a, {"values": {"": "10"}}, actor=bob, expected_revision=0)  # someone else, meanwhile
    client.force_login(bob)
    response = client.post(url(a), {"revision": "0", "values.": "99", "values.01": "40", "action": "save"})
    assert response.status_code == 409
    page = response.text
    assert "Otra persona guardó este ítem mientras usted lo editaba" in page
    assert 'name="values." id="f-values-total" value="99"' in page and 'value="40"' in page
    assert "Lo que la otra persona guardó" in page
    a.refresh_from_db()
    assert a.draft == {"values": {"": "10"}} and a.revision == 1


def test_an_inline_save_with_htmx_returns_the_form_and_refreshes_the_timeline(
    client: Any, period: Any, catalogue: Any, bob: Any
) -> None:
    a = item(period, indicator=catalogue["indicator"])
    client.force_login(bob)
    response = client.post(
        url(a), {"revision": "0", "values.": "3", "action": "save"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "entry-saved"
    assert response.text.startswith('<section id="entry"') and "Borrador guardado." in response.text
    assert 'name="revision" value="1"' in response.text
    timeline = client.get(reverse("reporting:timeline", args=[a.pk])).text
    assert "Guardó el borrador" in timeline


def test_a_returned_item_shows_the_observation_and_takes_an_answer(
    client: Any, period: Any, catalogue: Any, bob: Any, alice: Any
) -> None:
    a = item(period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": {"": "12"}}, actor=bob, expected_revision=0)
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    actions.return_to_agency(a, "El total no coincide con el SIMM", actor=alice)
    client.force_login(bob)
    page = client.get(url(a)).text
    assert "El total no coincide con el SIMM" in page and "Responder la observación" in page
    response = client.post(reverse("reporting:answer", args=[a.pk]), {"message": "Revisamos: era 14"})
    assert response.status_code == 302
    assert a.events.filter(action="responder", message="Revisamos: era 14", actor=bob).exists()
    empty = client.post(reverse("reporting:answer", args=[a.pk]), {"message": "  "}, follow=True)
    assert "Escriba la respuesta." in empty.text
