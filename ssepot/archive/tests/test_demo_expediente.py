"""The demo's archive documents are in Medellín's public expediente, for anyone, and searchable."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssepot.archive.models import ArchiveDocument

pytestmark = pytest.mark.django_db


def test_anyone_finds_the_demo_documents_in_the_expediente(client: Any, demo_plan: Any) -> None:
    url = reverse("archive:expediente", args=[demo_plan.slug])
    page = client.get(url)
    assert page.status_code == 200
    documents = ArchiveDocument.objects.filter(plan=demo_plan, is_public=True)
    assert documents.exists()
    assert all(d.title in page.text for d in documents)
    found = client.get(url, {"q": "gestion"}).text
    reports = documents.filter(title__contains="Informe de Gestión")
    assert reports.exists() and all(
        d.title.replace("Gestión", "<mark>Gestión</mark>") in found for d in reports
    )
    assert "Acuerdo 48 de 2014, por medio" not in found


def test_the_demo_checklist_names_the_adopting_act_present(client: Any, demo_plan: Any) -> None:
    html = client.get(reverse("archive:expediente", args=[demo_plan.slug])).text
    row = html[html.index("Acto administrativo de adopción del POT") :].split("</tr>")[0]
    act = ArchiveDocument.objects.get(plan=demo_plan, product="acto-adopcion")
    assert "Presente" in row and reverse("archive:document", args=[demo_plan.slug, act.pk]) in row
