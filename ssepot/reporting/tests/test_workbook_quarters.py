"""The agency's workbook for an indicator that reports by quarter: a row per quarter begun at the cut-off (and
per territorial unit), each with its period and target; the quarters read back into the draft, the
workbook re-uploads unchanged, and a period cell changed or an observation out of place is refused by
sheet, row and column with nothing written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from ssepot.indicators.models import Indicator, IndicatorTarget
from ssepot.reporting import actions, workbook
from ssepot.reporting.models import Assignment
from ssepot.reporting.tests.workbook_helpers import OBSERVATION, PERIOD, VALUE, fill, located, read, refused
from ssepot.reporting.workbook import apply_workbook, build_workbook

pytestmark = pytest.mark.django_db

SHEET = "Indicadores"


@pytest.fixture
def half_year(plan: Any, catalogue: dict[str, Any], alice: Any) -> Any:
    """POT-MOV-01 (two comunas) reports by quarter; the period 2025 has its cut-off on 30 June."""
    indicator: Indicator = catalogue["indicator"]
    indicator.frequency = Indicator.Frequency.QUARTERLY
    indicator.save()
    for quarter, target in ((1, 10), (2, 12)):
        IndicatorTarget.objects.create(
            plan=plan, indicator=indicator, year=2025, period=quarter, value=target
        )
    return actions.open_period(plan, 2025, dt.date(2025, 6, 30), dt.date(2025, 7, 31), actor=alice)


@pytest.fixture
def sm(agencies: dict[str, Any]) -> Any:
    return agencies["movilidad"]


def rows_of(data: bytes) -> list[dict[str, Any]]:
    keys = [c.key for c in workbook.columns("indicador", 2025)]
    ws = load_workbook(io.BytesIO(data))[SHEET]
    return [dict(zip(keys, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]


def test_a_quarterly_indicator_has_a_row_per_quarter_begun_and_unit_with_its_target(
    half_year: Any, sm: Any
) -> None:
    rows = rows_of(build_workbook(half_year, sm))
    assert [(r["period"], r["unit"], r["target"]) for r in rows] == [
        ("2025-T1", "TOTAL", 10),
        ("2025-T1", "01", None),
        ("2025-T1", "02", None),
        ("2025-T2", "TOTAL", 12),
        ("2025-T2", "01", None),
        ("2025-T2", "02", None),
    ]


def test_the_quarters_read_back_into_the_draft_and_the_workbook_reuploads_unchanged(
    half_year: Any, sm: Any, bob: Any, catalogue: dict[str, Any]
) -> None:
    blank = build_workbook(half_year, sm)
    filled = fill(blank, SHEET, {f"{VALUE}2": 4.5, f"{VALUE}6": "S/D", f"{VALUE}5": 6,
                                 f"{OBSERVATION}2": "Conteo de obra"})  # fmt: skip
    result = read(filled, half_year, sm)
    assert result.ok, result.problems
    assert apply_workbook(result, actor=bob) == 1
    a = Assignment.objects.get(period=half_year, indicator=catalogue["indicator"])
    entry = actions.parse_entry(a, a.draft)
    assert entry.periods == {1: {"": Decimal("4.5")}, 2: {"": Decimal(6)}}
    assert entry.period_codes == {2: {"01": "S/D"}} and entry.observation == "Conteo de obra"
    again = build_workbook(half_year, sm)
    assert [r["value"] for r in rows_of(again)] == [4.5, None, None, 6, "S/D", None]
    unchanged = read(again, half_year, sm)
    assert unchanged.ok and unchanged.drafts[a.pk] == a.draft
    assert apply_workbook(unchanged, actor=bob) == 0


def test_a_period_changed_or_an_observation_out_of_place_is_refused_where_it_is(
    half_year: Any, sm: Any, bob: Any
) -> None:
    blank = build_workbook(half_year, sm)
    moved = refused(fill(blank, SHEET, {f"{PERIOD}5": "2025-T3"}), half_year, sm, bob)
    assert "«2025-T3» no es un periodo que se reporte para POT-MOV-01" in located(moved, SHEET, 5, "Periodo")
    misplaced = refused(fill(blank, SHEET, {f"{OBSERVATION}5": "T2"}), half_year, sm, bob)
    assert "primera fila" in located(misplaced, SHEET, 5, "Observación")
