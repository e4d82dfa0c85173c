"""The input policy: numbers written the Colombian way or plainly, limits of the column, clean text."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.inputs import (
    InputError,
    NumberLimits,
    as_written,
    clean_text,
    fit_number,
    fold,
    is_number,
    parse_number,
    read_number,
    to_decimal,
)

VALUE = NumberLimits(decimal_places=6, integer_digits=14)
PERCENT = NumberLimits(decimal_places=2, integer_digits=3)
PESOS = NumberLimits(decimal_places=0, integer_digits=19, maximum=9223372036854775807)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12.500", D("12500")),
        ("1.234", D("1234")),
        ("1.234.567,89", D("1234567.89")),
        ("12,5", D("12.5")),
        ("1,234", D("1.234")),
        ("1234.5", D("1234.5")),
        ("12.5", D("12.5")),
        ("0.500", D("0.5")),
        (".5", D("0.5")),
        (",5", D("0.5")),
        ("-3", D("-3")),
        ("+7", D("7")),
        ("-1.234,5", D("-1234.5")),
        ("1 234 567,5", D("1234567.5")),
        ("1\u00a0234", D("1234")),
        ("  42  ", D("42")),
    ],
)
def test_numbers_are_read_the_colombian_way_or_plainly(text: str, number: D) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("1,234.5", "coma antes del punto"),
        ("1,234,567", "varias comas"),
        ("1.23.456", "grupos de tres"),
        ("1.234.5", "grupos de tres"),
        ("12 5", "grupos de tres"),
        ("1e22", "sin exponente"),
        ("1.5E+3", "sin exponente"),
        ("doce", "punto para los miles"),
        ("12.", "grupos de tres"),
        ("", "falta"),
        ("١٢", "no es un número"),
        ("1" * 80, "demasiado largo"),
    ],
)
def test_ambiguous_or_wrong_numbers_are_refused_saying_how_to_write_them(text: str, advice: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_number(text)
    assert advice in refused.value.message
    assert not is_number(text)


def test_a_value_keeps_its_columns_decimals_rounding_half_up() -> None:
    assert fit_number(D("33.3333335"), VALUE) == D("33.333334")
    assert fit_number(D("12.345"), PERCENT) == D("12.35")


@pytest.mark.parametrize(
    "number", [D("1e14"), D("1e22"), D("123456789012345678901"), D("99999999999999.9999999"), D("-1e15")]
)
def test_a_value_with_more_digits_than_its_column_holds_is_refused(number: D) -> None:
    with pytest.raises(InputError, match="caben a lo sumo 14"):
        fit_number(number, VALUE)


def test_the_largest_value_the_column_holds_passes() -> None:
    assert fit_number(D("99999999999999.9"), VALUE) == D("99999999999999.9")
    assert fit_number(D(PESOS.maximum or 0), PESOS) == PESOS.maximum


def test_money_in_pesos_refuses_decimals_and_values_beyond_its_column() -> None:
    assert fit_number(D("1200.00"), PESOS) == 1200
    with pytest.raises(InputError, match="sin decimales"):
        fit_number(D("1200.5"), PESOS)
    with pytest.raises(InputError, match="el máximo es"):
        fit_number(D(PESOS.maximum or 0) + 1, PESOS)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), D("NaN"), D("-Infinity"), 1e308, None, True])
def test_what_is_not_a_finite_number_in_range_is_refused(value: object) -> None:
    with pytest.raises(InputError):
        read_number(value, VALUE)


def test_cells_and_json_numbers_are_read_exactly() -> None:
    assert read_number(48.2, VALUE) == D("48.2")
    assert read_number(12500, VALUE) == D("12500")
    assert read_number("12.500", VALUE) == D("12500")


def test_limits_are_read_from_the_database_columns() -> None:
    class Decimal20x6:
        max_digits, decimal_places = 20, 6

    class Bounded:
        code, limit_value = "max_value", 32767

    class SmallInteger:
        validators = [Bounded()]

    assert NumberLimits.of(Decimal20x6()) == VALUE
    assert NumberLimits.of(SmallInteger()) == NumberLimits(0, 5, 32767)


@pytest.mark.parametrize("text", ["a\x00b", "\x07", "nota\x1b[31m", "x\x7f"])
def test_text_with_control_characters_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="carácter de control"):
        clean_text(text)


def test_text_keeps_tabs_and_line_breaks_and_its_length_limit() -> None:
    assert clean_text(" línea 1\r\nlínea\t2 ") == "línea 1\r\nlínea\t2"
    with pytest.raises(InputError, match="caben a lo sumo 3"):
        clean_text("abcd", 3)


@given(
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=6,
        min_value=D("-999999999.999999"),
        max_value=D("999999999.999999"),
    )
)  # NB: fifteen significant digits, what every database keeps
def test_a_number_written_the_colombian_way_reads_back_as_itself(number: D) -> None:
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = sign + grouped + ("," + fraction if fraction else "")
    assert fit_number(parse_number(text), VALUE) == number
    if fraction:  # a plain decimal point is read as such
        assert parse_number(sign + whole + "." + fraction) == number


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_refused_with_a_message(text: str) -> None:
    try:
        number = parse_number(text)
    except InputError as refused:
        assert refused.message
    else:
        assert number.is_finite()


def test_a_decimal_keeps_fifteen_significant_digits_on_every_database() -> None:
    twenty = NumberLimits(decimal_places=20, integer_digits=14)  # the indicator value's column
    assert fit_number(D("67.8571428571429"), twenty) == D("67.8571428571429")
    assert fit_number(D("0.0734463276836158"), twenty) == D("0.0734463276836158")
    assert fit_number(D("0.30000000000000004"), twenty) == D("0.3")
    assert fit_number(D("1234567.891234567"), twenty) == D("1234567.89123457")
    assert fit_number(D("1234567891234567"), PESOS) == 1234567891234567, "money in pesos keeps every digit"


def test_a_stored_number_reads_back_as_written() -> None:
    assert str(as_written(D("12.50000000000000000000"))) == "12.5"
    assert str(as_written(D("100.00000000000000000000"))) == "100"
    assert str(as_written(D("0.07344632768361580000"))) == "0.0734463276836158"


def test_to_decimal_reads_numbers_and_refuses_words() -> None:
    assert to_decimal(48.2) == D("48.2")
    assert to_decimal("12,5") == D("12.5")
    assert to_decimal(" 1200 ") == D("1200")
    assert to_decimal("cien") is None
    assert to_decimal("80;9") is None
    assert to_decimal(True) is None
    assert to_decimal(None) is None


def test_fold_compares_words_without_case_or_accents() -> None:
    assert fold(" Sí ") == fold("SI") == fold("si") == "si"
    assert fold("Código Municipio") == "codigo municipio"
