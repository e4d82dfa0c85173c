"""Publishing shows what will change against the year's current release and asks to confirm it; a
release's diff lists new, changed and withdrawn values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ssepot.reporting import actions, releases
from ssepot.reporting.models import Assignment, Release
from ssepot.reporting.tests.test_views_review import submitted

pytestmark = pytest.mark.django_db


def approved(period: Any, catalogue: Any, alice: Any, bob: Any, values: dict[str, str]) -> Assignment:
    a = actions.validate(submitted(period, catalogue, bob, values), actor=alice)
    actions.approve(a, actor=alice)
    return Assignment.objects.get(pk=a.pk)


def corrected(a: Assignment, values: dict[str, str], alice: Any) -> None:
    a = actions.correct(a, {"values": values}, "El SIMM corrigió", actor=alice, expected_revision=a.revision)
    actions.approve(a, actor=alice)


def test_the_publish_page_shows_what_will_change_before_confirming(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    approved(period, catalogue, alice, bob, {"": "12", "01": "5"})
    client.force_login(alice)
    page = client.get(reverse("reporting:publish", args=[period.pk])).text
    assert "Lo que cambiará con la publicación 2025-1" in page
    assert "Es la primera publicación de la vigencia: todo lo aprobado es nuevo." in page
    assert '<th scope="row">POT-MOV-01 (total)</th><td>—</td><td>12</td><td>Nuevo</td>' in page
    assert '<th scope="row">POT-MOV-01 (01)</th><td>—</td><td>5</td><td>Nuevo</td>' in page
    assert 'name="confirmacion" value="' in page and "Confirmar y publicar 2025-1" in page


def test_a_post_without_the_confirmation_publishes_nothing(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    approved(period, catalogue, alice, bob, {"": "12"})
    client.force_login(alice)
    response = client.post(reverse("reporting:publish", args=[period.pk]), {"note": "Reporte 2025"})
    assert response.status_code == 400
    assert "Revise lo que cambiará al publicar y confirme" in response.text
    assert not Release.objects.exists()


def test_a_confirmation_of_a_preview_that_no_longer_holds_is_refused(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    approved(period, catalogue, alice, bob, {"": "12"})
    client.force_login(alice)
    url = reverse("reporting:publish", args=[period.pk])
    token = client.get(url).context["token"]
    c = Assignment.objects.get(period=period, commitment=catalogue["commitment"])
    c = actions.save_draft(c, {"status": "cumplido"}, actor=bob, expected_revision=0)
    actions.approve(actions.validate(actions.submit(c, actor=bob, expected_revision=c.revision), actor=alice),
                    actor=alice)  # fmt: skip
    response = client.post(url, {"note": "Reporte 2025", "confirmacion": token})
    assert response.status_code == 409 and "Lo que se iba a publicar cambió" in response.text
    assert not Release.objects.exists()
    assert "C-001" in response.text  # the page now previews the commitment too
    fresh = response.context["token"]
    assert fresh != token
    assert client.post(url, {"note": "Reporte 2025", "confirmacion": fresh}).status_code == 302
    assert Release.objects.get().approvals.count() == 2


def test_the_preview_of_a_correction_compares_with_the_current_release(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = approved(period, catalogue, alice, bob, {"": "12"})
    actions.publish(period.plan, 2025, actor=alice)
    corrected(Assignment.objects.get(pk=a.pk), {"": "14", "02": "3"}, alice)
    client.force_login(alice)
    page = client.get(reverse("reporting:publish", args=[period.pk])).text
    assert "Frente a la publicación vigente, 2025-1." in page
    assert '<th scope="row">POT-MOV-01 (total)</th><td>12</td><td>14</td><td>Cambiado</td>' in page
    assert '<th scope="row">POT-MOV-01 (02)</th><td>—</td><td>3</td><td>Nuevo</td>' in page


def test_a_release_diff_lists_new_changed_and_withdrawn_values(
    period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = approved(period, catalogue, alice, bob, {"": "12", "01": "5"})
    actions.publish(period.plan, 2025, actor=alice)
    corrected(Assignment.objects.get(pk=a.pk), {"": "14", "01": "S/D", "02": "3"}, alice)
    second = actions.publish(period.plan, 2025, actor=alice)
    rows = releases.release_differences(period.plan, 2025, 1, 2)
    kinds = sorted((r["kind"], getattr(r["record"].territorial_unit, "code", "")) for r in rows)
    assert kinds == [("cambiado", ""), ("nuevo", "02"), ("retirado", "01")]
    withdrawn = next(r for r in rows if r["kind"] == "retirado")
    assert withdrawn["previous"].value == Decimal(5) and withdrawn["record"].value_code == "S/D"
    assert {r["release"] for r in rows} == {second}
    # from nothing (release 0), everything release 1 showed is new
    assert {r["kind"] for r in releases.release_differences(period.plan, 2025, 0, 1)} == {"nuevo"}


def test_the_release_diff_on_the_page_names_each_kind_of_change(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = approved(period, catalogue, alice, bob, {"": "12", "01": "5"})
    actions.publish(period.plan, 2025, actor=alice)
    corrected(Assignment.objects.get(pk=a.pk), {"": "14", "01": "S/D", "02": "3"}, alice)
    actions.publish(period.plan, 2025, actor=alice)
    client.force_login(alice)
    page = client.get(reverse("reporting:publish", args=[period.pk]), {"de": "1", "a": "2"}).text
    assert "Cambios de la publicación 1 a la 2" in page
    assert '<th scope="row">POT-MOV-01 (01)</th><td>5</td><td>S/D</td><td>Retirado</td>' in page
    assert '<th scope="row">POT-MOV-01 (02)</th><td>—</td><td>3</td><td>Nuevo</td>' in page
    assert '<th scope="row">POT-MOV-01 (total)</th><td>12</td><td>14</td><td>Cambiado</td>' in page
