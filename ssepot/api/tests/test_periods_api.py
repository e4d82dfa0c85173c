"""The API gives each target and value with its period (0 = the whole year, 1-4 quarters, 1-12 months) and
filters by it; the indicator's sheet says its reporting frequency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ssepot.catalogue.models import Plan
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.reporting.models import Approval, Release

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(plan: Plan) -> Indicator:
    indicator = Indicator.objects.create(
        plan=plan, code="POT-Q-01", name="Empleos por trimestre", indicator_type="P", unit="empleos",
        accumulation="NoA", frequency=Indicator.Frequency.QUARTERLY, plan_target=Decimal(400),
    )  # fmt: skip
    now = timezone.now()
    release = Release.objects.create(plan=plan, year=2024, number=1, published_at=now)
    for period, value in ((1, 10), (2, 20), (3, 30)):
        IndicatorTarget.objects.create(plan=plan, indicator=indicator, year=2024, period=period, value=25)
        row = IndicatorValue.objects.create(
            plan=plan, indicator=indicator, year=2024, period=period, value=Decimal(value)
        )
        Approval.objects.create(plan=plan, indicator_value=row, approved_at=now, release=release)
    return indicator


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"/api/v1/planes/pot-prueba/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_values_and_targets_carry_their_quarter_and_filter_by_it(
    client: Client, quarterly: Indicator
) -> None:
    values = get(client, "valores", indicador="POT-Q-01", vigencia=2024)["resultados"]
    assert [(v["periodo"], v["valor"]) for v in values] == [(1, "10"), (2, "20"), (3, "30")]
    second = get(client, "valores", indicador="POT-Q-01", periodo=2)["resultados"]
    assert [(v["periodo"], v["valor"]) for v in second] == [(2, "20")]
    assert get(client, "valores", indicador="POT-Q-01", periodo=0)["resultados"] == []
    targets = get(client, "metas", indicador="POT-Q-01", vigencia=2024, periodo=3)["resultados"]
    assert [(t["periodo"], t["meta"]) for t in targets] == [(3, "25")]


def test_the_indicator_sheet_gives_its_frequency_and_its_targets_by_quarter(
    client: Client, quarterly: Indicator
) -> None:
    sheet = get(client, "indicadores/POT-Q-01")
    assert sheet["frecuencia"] == "trimestral"
    assert [(t["vigencia"], t["periodo"]) for t in sheet["metas"]] == [(2024, 1), (2024, 2), (2024, 3)]
