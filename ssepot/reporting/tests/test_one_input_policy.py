"""The same text typed as an indicator's value means the same everywhere: the web form, the agency's
workbook, the API, the CSV importer and the mapping (plan indicativo) importer read the same number or all
refuse it (``ssepot.core.inputs``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ssepot.api.reporting import BodyRefused, DraftIn, draft_from
from ssepot.core.inputs import InputError
from ssepot.importers.indicator_values import VALUE_LIMITS, IndicatorValuesImporter
from ssepot.importers.plan_indicativo import PlanIndicativoImporter
from ssepot.indicators.models import VALUE_CODES
from ssepot.reporting.entries import TOTAL, parse
from ssepot.reporting.forms import entry_from_post
from ssepot.reporting.tests.workbook_helpers import TOTAL_ROW, VALUE, fill, items_of, read
from ssepot.reporting.workbook import build_workbook

pytestmark = pytest.mark.django_db

Outcome = Decimal | None
"""The number read, or None when the path refused the text."""


def by_form(text: str) -> Outcome:
    draft = entry_from_post("indicador", {"values.": text}, [])
    return parse("indicador", draft).values.get(TOTAL)


def by_api(text: str) -> Outcome:
    try:
        draft = draft_from("indicador", DraftIn.model_validate({"revision": 0, "valores": {"total": text}}))
    except (ValidationError, BodyRefused):
        return None
    return parse("indicador", draft).values.get(TOTAL)


def by_csv(text: str) -> Outcome:
    importer = IndicatorValuesImporter("valores.csv")
    number, _code = importer._value(text, 2)
    return None if importer.problems else number


def by_mapping(text: str) -> Outcome:
    try:
        return PlanIndicativoImporter("plan.xlsx")._read(2, "valor", text, VALUE_LIMITS)
    except InputError:
        return None


def by_workbook(text: str, blank: bytes, period: Any, assignment: Any) -> Outcome:
    result = read(fill(blank, "Indicadores", {f"{VALUE}{TOTAL_ROW}": text}, as_text=True), period,
                  assignment.agency)  # fmt: skip
    if any(p.row == TOTAL_ROW for p in result.problems):
        return None
    return parse("indicador", result.drafts[assignment.pk], {"01", "02"}).values.get(TOTAL)


NUMBERISH = st.text(alphabet="0123456789.,-+ e\u00a0", min_size=1, max_size=24)


def _written(d: Decimal) -> st.SearchStrategy[str]:
    """A number as people write it: plainly, with a decimal comma, or grouped the Colombian way."""
    plain = format(d, "f")
    grouped = f"{d:,.3f}".translate(str.maketrans(",.", ".,"))
    return st.sampled_from([plain, plain.replace(".", ","), grouped])


WRITTEN = st.decimals(min_value=-(10**16), max_value=10**16, places=3, allow_nan=False).flatmap(_written)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(NUMBERISH, WRITTEN))
@example(text="12.500")
@example(text="1.234.567,89")
@example(text="12,5")
@example(text="1234.5")
@example(text="1,234.5")
@example(text="1e22")
@example(text="123456789012345678")
@example(text="99999999999999,9999999")
@example(text="=1+1")
@example(text="-1 000")
@example(text="+57 300 000")
def test_every_path_reads_the_same_text_the_same_way(period: Any, catalogue: Any, text: str) -> None:
    if text.strip().upper() in VALUE_CODES or not text.strip():
        return  # codes and blanks are not numbers: each path keeps them as such
    assignment = items_of(period, catalogue)["edu_indicator"]
    blank = build_workbook(period, assignment.agency)
    expected = by_form(text)
    assert by_api(text) == expected
    assert by_csv(text) == expected
    assert by_mapping(text) == expected
    assert by_workbook(text, blank, period, assignment) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [("12.500", Decimal(12500)), ("1.234.567,89", Decimal("1234567.89")), ("12,5", Decimal("12.5"))],
)
def test_the_issues_examples_are_read_as_the_colombian_planner_means_them(text: str, number: Decimal) -> None:
    assert by_form(text) == by_api(text) == by_csv(text) == by_mapping(text) == number
