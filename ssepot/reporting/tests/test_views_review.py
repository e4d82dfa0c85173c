"""The analyst's pages: periods, the review queue per agency, validate, return, correct, approve, publish."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ssepot.indicators.models import IndicatorValue
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment, Release, ReportingPeriod

pytestmark = pytest.mark.django_db


def submitted(period: Any, catalogue: Any, bob: Any, values: dict[str, str] | None = None) -> Assignment:
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": values or {"": "12", "01": "5"}}, actor=bob, expected_revision=0)
    return actions.submit(a, actor=bob, expected_revision=a.revision)


def test_an_analyst_landing_on_reporte_sees_the_periods_and_review_queues(
    client: Any, period: Any, alice: Any
) -> None:
    client.force_login(alice)
    page = client.get(reverse("reporting:home")).text
    assert "Revisión de planeación" in page and "Mis asignaciones" not in page
    assert reverse("reporting:review_queue", args=[period.pk]) in page
    assert reverse("reporting:periods") in page
    assert f'href="/informes/{period.plan.slug}/2025/"' in page  # the year's management report


def test_an_analyst_opens_a_period_with_the_form(client: Any, plan: Any, catalogue: Any, alice: Any) -> None:
    client.force_login(alice)
    page = client.get(reverse("reporting:periods")).text
    assert "Abrir periodo" in page and "Aún no hay periodos." in page
    response = client.post(
        reverse("reporting:periods"),
        {"plan": plan.pk, "year": "2025", "cutoff_date": "2025-12-31", "deadline": "2026-02-15"},
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(plan=plan, year=2025)
    assert period.status == "abierto" and period.assignments.count() == 4
    page = client.get(response.url).text
    assert "Periodo 2025 abierto: 4 ítems asignados." in page and "31 de diciembre de 2025" in page


def test_a_deadline_before_the_cutoff_is_refused_next_to_the_field(
    client: Any, plan: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("reporting:periods"),
        {"plan": plan.pk, "year": "2025", "cutoff_date": "2025-12-31", "deadline": "2025-01-15"},
    )
    assert response.status_code == 400
    assert "La fecha límite no puede ser anterior a la fecha de corte." in response.text
    assert not ReportingPeriod.objects.exists()


def test_an_analyst_closes_a_period(client: Any, period: Any, alice: Any) -> None:
    client.force_login(alice)
    client.post(reverse("reporting:close_period", args=[period.pk]))
    period.refresh_from_db()
    assert period.status == "cerrado"


def test_the_queue_counts_items_by_agency_and_state(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    submitted(period, catalogue, bob)
    client.force_login(alice)
    page = client.get(reverse("reporting:review_queue", args=[period.pk])).text
    assert "Secretaría de Movilidad" in page and "Empresa de Desarrollo Urbano" in page
    assert "1 por revisar" in page
    sm = catalogue["indicator"].agency
    assert reverse("reporting:agency_review", args=[period.pk, sm.pk]) in page


def test_an_analyst_validates_and_approves_an_item(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob)
    client.force_login(alice)
    queue = client.get(reverse("reporting:agency_review", args=[period.pk, a.agency_id])).text
    assert "12" in queue and "01 Popular" in queue and "Validar" in queue
    client.post(reverse("reporting:review", args=[a.pk, "validar"]))
    a.refresh_from_db()
    assert a.state == "validado"
    page = client.post(reverse("reporting:review", args=[a.pk, "aprobar"]), follow=True).text
    assert "aprobado: 2 versiones nuevas" in page
    a.refresh_from_db()
    assert a.state == "aprobado"


def test_returning_needs_a_message_and_the_agency_sees_it(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob)
    client.force_login(alice)
    page = client.post(
        reverse("reporting:review", args=[a.pk, "devolver"]), {"message": " "}, follow=True
    ).text
    assert "Escriba la observación para la dependencia." in page
    a.refresh_from_db()
    assert a.state == "enviado"
    client.post(reverse("reporting:review", args=[a.pk, "devolver"]), {"message": "La comuna 01 no cuadra"})
    a.refresh_from_db()
    assert a.state == "devuelto"
    client.force_login(bob)
    assert "La comuna 01 no cuadra" in client.get(reverse("reporting:assignment", args=[a.pk])).text


def test_an_action_that_does_not_apply_is_explained(
    client: Any, period: Any, catalogue: Any, alice: Any
) -> None:
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    client.force_login(alice)
    page = client.post(reverse("reporting:review", args=[a.pk, "aprobar"]), follow=True).text
    assert "esta acción no aplica" in page
    assert client.post(reverse("reporting:review", args=[a.pk, "borrar"])).status_code == 404


def test_an_analyst_corrects_with_a_reason(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = submitted(period, catalogue, bob)
    client.force_login(alice)
    url = reverse("reporting:correct", args=[a.pk])
    form = client.get(url).text
    assert 'value="12"' in form and "Motivo de la corrección" in form
    refused = client.post(url, {"revision": a.revision, "values.": "13", "reason": ""})
    assert refused.status_code == 422 and "Una corrección debe decir por qué." in refused.text
    bad = client.post(url, {"revision": a.revision, "values.": "trece", "reason": "SIMM"})
    assert "«trece»" in bad.text and 'value="trece"' in bad.text
    client.post(
        url, {"revision": a.revision, "values.": "13", "values.01": "5", "reason": "El SIMM corrigió"}
    )
    a.refresh_from_db()
    assert a.state == "validado" and a.draft["values"][""] == "13"
    assert a.events.filter(action="corregir", message="El SIMM corrigió").exists()


def test_approve_all_approves_every_validated_item_of_the_agency(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    c = Assignment.objects.get(period=period, commitment=catalogue["commitment"])
    c = actions.save_draft(c, {"status": "cumplido"}, actor=bob, expected_revision=0)
    c = actions.validate(actions.submit(c, actor=bob, expected_revision=c.revision), actor=alice)
    client.force_login(alice)
    assert (
        "Aprobar los 2 ítems validados"
        in client.get(reverse("reporting:agency_review", args=[period.pk, a.agency_id])).text
    )
    client.post(reverse("reporting:approve_all", args=[period.pk, a.agency_id]))
    assert set(Assignment.objects.filter(pk__in=[a.pk, c.pk]).values_list("state", flat=True)) == {"aprobado"}


def test_publishing_lists_releases_and_the_differences_between_them(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob, {"": "12"}), actor=alice)
    actions.approve(a, actor=alice)
    client.force_login(alice)
    url = reverse("reporting:publish", args=[period.pk])
    assert "1 ítem aprobado espera publicación." in client.get(url).text
    response = client.post(
        url, {"note": "Reporte anual 2025", "confirmacion": client.get(url).context["token"]}
    )
    assert response.status_code == 302
    assert "Publicación 2025-1 hecha." in client.get(url).text
    a.refresh_from_db()
    a = actions.correct(
        a, {"values": {"": "14"}}, "El SIMM corrigió su cifra", actor=alice, expected_revision=a.revision
    )
    actions.approve(a, actor=alice)
    client.post(url, {"note": "Corrección de ciclorrutas", "confirmacion": client.get(url).context["token"]})
    page = client.get(url, {"de": "1", "a": "2"}).text
    assert "Cambios de la publicación 1 a la 2" in page
    assert '<th scope="row">POT-MOV-01 (total)</th><td>12</td><td>14</td><td>Cambiado</td>' in page
    assert "El SIMM corrigió su cifra" in page and "alice" in page
    assert Release.objects.filter(plan=period.plan, year=2025).count() == 2
    total = IndicatorValue.objects.filter(indicator=catalogue["indicator"], territorial_unit=None)
    assert total.published().get().value == Decimal(14)


def test_publishing_with_nothing_approved_is_explained(client: Any, period: Any, alice: Any) -> None:
    client.force_login(alice)
    url = reverse("reporting:publish", args=[period.pk])
    page = client.get(url)
    assert "Nada cambiaría: no hay versiones aprobadas sin publicar." in page.text
    response = client.post(url, {"note": "", "confirmacion": page.context["token"]})
    assert response.status_code == 400 and "No hay versiones aprobadas sin publicar en 2025." in response.text
