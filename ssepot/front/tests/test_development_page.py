"""The portal's development-plan page shows the real plan's published levels at the year's cut-off: the
headline progress and compliance, lines > components > programs with their traffic light and «¿Cómo se
calculó?», the source's inconsistencies, and the table as CSV."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssepot.core.figures import quantize
from ssepot.development.models import DevelopmentPlan
from ssepot.figures.development import DevelopmentFigures, development_figures
from ssepot.figures.loaders import PUBLISHED
from ssepot.front.dashboards.common import percent


@pytest.fixture
def plan(city_tracking_plan: Any, db: None) -> Any:
    return city_tracking_plan


def published(plan: Any) -> DevelopmentFigures:
    import datetime as dt

    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2020-2023")
    return development_figures(pdd, 2023, dt.date(2023, 8, 31), PUBLISHED)


def text(html: str) -> str:
    """The page's words; a non-breaking space stays one (``81,25\u00a0%``)."""
    return re.sub(r"[ \t\n\r]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_the_published_plan_figures_at_the_cut_off_labelled_as_real(
    client: Client, plan: Any
) -> None:
    figures = published(plan)
    response = client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Datos reales." in page and "Datos sintéticos" not in page
    assert "corte al 31 de agosto de 2023" in page
    head = figures.levels[0]
    assert head.progress.value is not None and head.compliance.value is not None
    # es-CO: 81,xx % with a non-breaking space, as the city writes its 81,25 %
    assert percent(head.progress.value, 2) in page and percent(head.compliance.value, 2) in page
    assert re.search(r"\d{2},\d{2}\u00a0%", percent(head.progress.value, 2))
    # the method names the rule set and the cut-off, for the plan and for every level
    assert f"reglas «{figures.rules.name}»" in page and "corte 2023-08-31" in page
    lines = [row for row in figures.levels if row.level == "linea"]
    programs = [row for row in figures.levels if row.level == "programa"]
    assert len(lines) == 5 and len(programs) == 105
    for row in [*lines, *programs]:
        assert f"{row.code} {row.name}" in page
    assert page.count("¿Cómo se calculó?") == 1 + 5 + 28 + 105


def test_the_source_s_inconsistencies_are_listed_plainly(client: Client, plan: Any) -> None:
    figures = published(plan)
    page = text(client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/").content.decode())
    assert "Inconsistencias de la fuente" in page
    two_weights = [p for p in figures.problems if p.kind == "dos_pesos"]
    assert len(two_weights) == 29
    assert f"Indicadores con dos pesos distintos en la fuente ({len(two_weights)})" in page
    assert two_weights[0].message.replace("  ", " ") in page


def test_the_levels_download_as_csv_with_the_page_s_numbers(client: Client, plan: Any) -> None:
    figures = published(plan)
    response = client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/?descargar=pdd-niveles.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Nivel",
        "Código",
        "Nivel del plan",
        "Avance físico (%)",
        "Semáforo",
        "Cumplimiento (%)",
    ]
    assert len(rows) == 1 + 1 + 5 + 28 + 105
    head = figures.levels[0]
    assert head.progress.value is not None
    assert Decimal(rows[1][3]) == quantize(head.progress.value, 6)
    agencies = client.get(f"/planes/{plan.slug}/2023/plan-de-desarrollo/?descargar=pdd-dependencias.xlsx")
    assert agencies.status_code == 200 and agencies.content[:2] == b"PK"
