"""The public indicator page shows only what a release published, by year and territorial unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db


def test_the_public_indicator_page_shows_only_published_values(
    client: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    url = reverse("front:indicator", args=[period.plan.slug, "POT-MOV-01"])
    assert "aún no tiene valores publicados" in client.get(url).text
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    a = actions.save_draft(
        a, {"values": {"": "12,5", "01": "5", "02": "S/D"}}, actor=bob, expected_revision=0
    )
    a = actions.validate(actions.submit(a, actor=bob, expected_revision=a.revision), actor=alice)
    actions.approve(a, actor=alice)
    page = client.get(url).text
    assert "aún no tiene valores publicados" in page and "12,5" not in page  # approved is not public
    release = actions.publish(period.plan, 2025, actor=alice, note="Reporte 2025")
    page = client.get(url).text
    assert "Vigencia 2025: publicación 2025-1 del" in page
    assert "Total de la ciudad" in page and "12,5" in page and "01 Popular" in page and "S/D" in page
    # NB: the page shows the city's date (America/Bogota), which is the day before UTC until 05:00 UTC
    assert timezone.localtime(release.published_at).strftime("%Y-%m-%d") in page
    a.refresh_from_db()
    a = actions.correct(
        a, {"values": {"": "14"}}, "Cifra corregida", actor=alice, expected_revision=a.revision
    )
    actions.approve(a, actor=alice)
    page = client.get(url).text
    assert "12,5" in page and ">14<" not in page  # the correction waits for the next release


def test_an_unknown_indicator_is_a_404(client: Any, plan: Any) -> None:
    assert client.get(reverse("front:indicator", args=[plan.slug, "NO-EXISTE"])).status_code == 404
