"""``/datos/<plan>/sdmx.csv``: the published indicator values as SDMX-CSV 2.0, one observation a row, equal
to the published values (an unpublished correction stays out) and pinned to a release on request."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Max
from django.test import Client

from ssepot.api.sdmx import COLUMNS, DIMENSIONS, MEDIA_TYPE, TOTAL, dataflow, time_period
from ssepot.core.periods import WHOLE_YEAR
from ssepot.indicators.models import IndicatorValue
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db


def read(client: Client, path: str, **query: Any) -> list[dict[str, str]]:
    response = client.get(path, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == MEDIA_TYPE
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[d] for d in DIMENSIONS)


def expected(plan: Any, year: int, values: Any) -> dict[tuple[str, ...], tuple[str, str, str]]:
    """Each published value by its SDMX key: (OBS_VALUE, UNIT_MEASURE, CODIGO_VALOR) as written."""
    found: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for v in values.filter(plan=plan, year=year).select_related(
        "indicator__development_plan", "territorial_unit"
    ):
        sheet = v.indicator
        found[
            (
                sheet.development_plan.slug if sheet.development_plan else "POT",
                sheet.code,
                v.territorial_unit.code if v.territorial_unit else TOTAL,
                time_period(v.year, v.period, sheet.frequency),
            )
        ] = ("" if v.value is None else format(v.value.normalize(), "f"), sheet.unit, v.value_code)
    return found


@pytest.fixture
def year(demo_plan: Any) -> int:
    """The newest year with published values (a later release may publish budgets only)."""
    newest = IndicatorValue.objects.published().filter(plan=demo_plan).aggregate(newest=Max("year"))["newest"]
    assert newest is not None
    return int(newest)


def test_the_sdmx_file_holds_every_published_value_of_the_year(
    client: Client, demo_plan: Any, year: int
) -> None:
    rows = read(client, f"/datos/{demo_plan.slug}/sdmx.csv", vigencia=year)
    published = expected(demo_plan, year, IndicatorValue.objects.published())
    assert len(published) > 50
    assert len(rows) == len({key(r) for r in rows}) == len(published)
    for row in rows:
        assert (row["STRUCTURE"], row["STRUCTURE_ID"], row["ACTION"]) == (
            "dataflow",
            dataflow(demo_plan),
            "I",
        )
        value, unit, code = published[key(row)]
        assert (row["OBS_VALUE"], row["UNIT_MEASURE"], row["CODIGO_VALOR"]) == (value, unit, code)
        assert row["OBS_STATUS"] == ("A" if row["OBS_VALUE"] else "O")
    assert {r["UNIDAD_TERRITORIAL"] for r in rows} > {TOTAL}  # values by comuna too
    assert all(r["TIME_PERIOD"].startswith(str(year)) for r in rows)


def test_a_correction_shows_only_once_published(client: Client, demo_plan: Any, year: int) -> None:
    from ssepot.reporting.actions import publish_existing

    shown = (
        IndicatorValue.objects.published()
        .filter(
            plan=demo_plan, year=year, period=WHOLE_YEAR, value__isnull=False, territorial_unit__isnull=True
        )
        .select_related("indicator")
        .order_by("indicator__code")
        .first()
    )
    assert shown is not None and shown.value is not None
    IndicatorValue.objects.create(
        plan=demo_plan,
        indicator=shown.indicator,
        year=year,
        value=shown.value + 7,
        supersedes=shown,
        reason="corrección de prueba",
    )
    path = f"/datos/{demo_plan.slug}/sdmx.csv"

    def observed(**query: Any) -> Decimal:
        [row] = [
            r
            for r in read(client, path, vigencia=year, **query)
            if r["INDICADOR"] == shown.indicator.code
            and r["UNIDAD_TERRITORIAL"] == TOTAL
            and r["TIME_PERIOD"] == str(year)
        ]
        return Decimal(row["OBS_VALUE"])

    assert observed() == shown.value
    release = publish_existing(demo_plan, year, actor=None, note="prueba")
    assert observed() == shown.value + 7
    before = (
        Release.objects.filter(plan=demo_plan, year=year).exclude(pk=release.pk).order_by("-number").first()
    )
    assert before is not None
    [row] = [
        r
        for r in read(client, f"/datos/{demo_plan.slug}/version/{before.number}/sdmx.csv", vigencia=year)
        if r["INDICADOR"] == shown.indicator.code
        and r["UNIDAD_TERRITORIAL"] == TOTAL
        and r["TIME_PERIOD"] == str(year)
    ]
    assert Decimal(row["OBS_VALUE"]) == shown.value  # the earlier release is frozen


def test_the_open_data_page_links_the_sdmx_file_and_the_ogc_api(client: Client, demo_plan: Any) -> None:
    page = client.get("/datos/").content.decode()
    assert f"/datos/{demo_plan.slug}/sdmx.csv" in page
    assert 'href="/ogc/"' in page
