"""CSV and XLSX cells that a spreadsheet cannot run as formulas, while numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.inputs import parse_number
from ssepot.core.tabular import csv_bytes, safe_cell, write_csv, write_xlsx

ATTACKS = [
    "=1+1",
    "+1+1",
    "+57 300 000",
    "\t5",
    "-1+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("x")',
]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_starts_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-5, -1.5, Decimal("-2.25"), 0, None, dt.date(2025, 1, 1), "-1", "+3", "-0,5", "-1.234,5"]
)
def test_numbers_dates_and_plain_numeric_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["Movilidad", "a=b", "1-2", "", "'=x"])
def test_ordinary_text_is_untouched(text: str) -> None:
    assert safe_cell(text) == text


@given(st.text())
def test_no_neutralised_text_starts_with_a_formula_sign(text: str) -> None:
    cell = safe_cell(text)
    assert cell == text or cell == "'" + text
    if cell == text and text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        parse_number(text)  # only a number may keep its sign


def test_csv_writes_numbers_as_numbers_and_neutralises_text() -> None:
    out = StringIO()
    write_csv(out, ["código", "valor", "nota"], [["=cmd", Decimal("-1.50"), None], ["A", -3, "@x"]])
    rows = list(csv.reader(StringIO(out.getvalue())))
    assert rows == [["código", "valor", "nota"], ["'=cmd", "-1.50", ""], ["A", "-3", "'@x"]]


def test_csv_bytes_can_carry_a_byte_order_mark_for_excel() -> None:
    assert csv_bytes(["a"], [["ñ"]], bom=True).startswith("\ufeff".encode())
    assert csv_bytes(["a"], [["ñ"]]) == "a\r\nñ\r\n".encode()


def test_xlsx_keeps_formula_like_text_as_quoted_text_and_numbers_as_numbers() -> None:
    from openpyxl import load_workbook

    data = write_xlsx({"Valores": (["texto", "número"], [["=1+1", -7], ["-1", Decimal("-2.5")]])})
    sheet = load_workbook(BytesIO(data))["Valores"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    assert sheet["B2"].value == -7
    assert sheet["B3"].value == -2.5
    assert not sheet["A3"].quotePrefix
