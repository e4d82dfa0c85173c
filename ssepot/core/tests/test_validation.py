"""Validation maths by hand and by property: ranges by unit, outliers, the safe expression evaluator."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ssepot.core.validation import (
    INFINITY,
    Reference,
    agrees_with_rounding,
    compare,
    evaluate,
    is_additive_unit,
    is_outlier_minmax,
    is_outlier_mzscore,
    minmax_bounds,
    modified_z_score,
    modified_z_scores,
    normalize_formula,
    out_of_range,
    parse_expression,
    range_for_unit,
    sheet_formula,
    split_reference,
    spread,
    sum_tolerance,
)

# El Poblado's HDI 2014-2017 as the city's survey published it (../shared/data, ECV).
POBLADO_HDI = [D("0.91"), D("0.92"), D("0.9"), D("0.93")]


def ds(*values: str | int) -> list[D]:
    return [D(v) for v in values]


# -- modified z-score ------------------------------------------------------------------------------------


def test_modified_z_score_by_hand() -> None:
    # median 3, deviations 2 1 0 1 97 -> MAD 1; M(100) = 0.6745 x 97 / 1
    scores = modified_z_scores(ds(1, 2, 3, 4, 100))
    assert scores[2] == 0
    assert scores[4] == D("0.6745") * 97
    assert scores[0] == D("-1.349")


def test_when_the_mad_is_zero_the_mean_absolute_deviation_takes_over() -> None:
    history = ds(1, 1, 1, 2)  # median 1, MAD 0, MeanAD 0.25
    s = spread(history)
    assert (s.mad, s.mean_ad, s.method) == (D(0), D("0.25"), "MeanAD")
    assert modified_z_score(D(2), history) == 1 / (D("1.253314") * D("0.25"))


def test_a_constant_history_makes_any_change_an_outlier_and_the_same_value_not() -> None:
    history = ds(5, 5, 5, 5)
    assert spread(history).method == "constante"
    assert modified_z_scores(history) == [0, 0, 0, 0]
    assert modified_z_score(D(6), history) == INFINITY
    assert modified_z_score(D(4), history) == -INFINITY
    assert is_outlier_mzscore(D(5), history) is False
    assert is_outlier_mzscore(D("5.01"), history) is True


def test_mzscore_flags_el_poblado_hdi_above_one_and_not_a_usual_year() -> None:
    assert is_outlier_mzscore(D("1.01"), POBLADO_HDI) is True
    assert is_outlier_mzscore(D("0.94"), POBLADO_HDI) is False


def test_no_verdict_with_too_little_history() -> None:
    assert is_outlier_mzscore(D(1000), ds(1, 2, 3)) is None
    assert is_outlier_minmax(D(1000), ds(1, 2, 3)) is None
    assert is_outlier_mzscore(D(1000), ds(1, 2), min_points=2) is True
    assert is_outlier_minmax(D(1000), ds(1, 2), min_points=2) is True


def test_the_threshold_is_configurable() -> None:
    history = ds(1, 2, 3, 4, 5)  # median 3, MAD 1
    assert modified_z_score(D(8), history) == D("3.3725")
    assert is_outlier_mzscore(D(8), history) is False
    assert is_outlier_mzscore(D(8), history, threshold=D(3)) is True


def test_minmax_band_is_widened_by_half_the_range() -> None:
    history = ds(10, 20, 30, 40)
    assert minmax_bounds(history) == (D(-5), D(55))
    assert is_outlier_minmax(D(55), history) is False
    assert is_outlier_minmax(D("55.01"), history) is True
    assert is_outlier_minmax(D(-6), history) is True
    assert is_outlier_minmax(D(60), history, margin=D(1)) is False


def test_a_growing_accumulated_indicator_is_not_an_outlier_the_next_year() -> None:
    history = ds(10, 20, 30, 40)
    assert is_outlier_mzscore(D(50), history) is False
    assert is_outlier_minmax(D(50), history) is False


histories = st.lists(
    st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


@given(histories, st.decimals(min_value=-1000, max_value=1000, places=2),
       st.decimals(min_value="0.01", max_value=1000, places=2))  # fmt: skip
def test_z_scores_are_invariant_to_shifting_and_scaling(history: list[D], shift: D, factor: D) -> None:
    moved = [x * factor + shift for x in history]
    for a, b in zip(modified_z_scores(history), modified_z_scores(moved), strict=True):
        if a.is_infinite() or b.is_infinite():
            assert a == b
        else:
            assert abs(a - b) <= D("1e-20") * max(D(1), abs(a))


@given(histories, st.decimals(min_value="0.01", max_value=100, places=2))
def test_a_negative_scale_flips_the_sign_of_every_score(history: list[D], factor: D) -> None:
    flipped = [-x * factor for x in history]
    for a, b in zip(modified_z_scores(history), modified_z_scores(flipped), strict=True):
        assert a == b == 0 or (a.is_infinite() and a == -b) or abs(a + b) <= D("1e-20") * max(D(1), abs(a))


@given(histories.filter(lambda h: len(h) >= 4))
def test_a_value_equal_to_the_median_is_never_an_outlier(history: list[D]) -> None:
    centre = spread(history).median
    assert is_outlier_mzscore(centre, history) is False
    assert is_outlier_minmax(centre, history) is False


@given(histories.filter(lambda h: len(h) >= 4))
def test_every_history_value_is_inside_its_own_minmax_band(history: list[D]) -> None:
    assert not any(is_outlier_minmax(x, history) for x in history)


# -- units -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "bounds"),
    [
        ("Porcentaje", (D(0), D(100))),
        ("%", (D(0), D(100))),
        ("Índice (0-1)", (D(0), D(1))),
        ("Puntos (0-100)", (D(0), D(100))),
        ("Puntos (0 a 100)", (D(0), D(100))),
        ("indice 0-1", (D(0), D(1))),  # as in the ECV file
        ("Índice (1 - 5)", (D(1), D(5))),
        ("Número", (D(0), None)),
        ("km", (D(0), None)),
        ("Kilómetros", (D(0), None)),
        ("m²", (D(0), None)),
        ("Metros Cuadrados", (D(0), None)),
        ("COP", (D(0), None)),
        ("Millones de pesos", (D(0), None)),
        ("Tasa por 100.000 habitantes", (D(0), None)),
        ("Variación porcentual", (None, None)),
        ("Índice", (None, None)),
        ("Nivel de Desempeño", (None, None)),
        ("", (None, None)),
    ],
)
def test_range_for_unit(unit: str, bounds: tuple[D | None, D | None]) -> None:
    assert range_for_unit(unit) == bounds


@pytest.mark.parametrize(
    ("unit", "additive"),
    [
        ("Número", True),
        ("km", True),
        ("m²", True),
        ("COP", True),
        ("Millones de pesos", True),
        ("Hectáreas", True),
        ("Porcentaje", False),
        ("Índice (0-1)", False),
        ("Tasa por 100.000 habitantes", False),
        ("Minutos", False),
        ("Microgramo/metro cúbico", False),
        ("", False),
    ],
)
def test_which_units_add_up_over_territorial_units(unit: str, additive: bool) -> None:
    assert is_additive_unit(unit) is additive


def test_an_hdi_of_one_point_zero_one_is_out_of_an_index_zero_to_one() -> None:
    bounds = range_for_unit("Índice (0-1)")
    assert out_of_range(D("1.01"), bounds)
    assert not out_of_range(D("1.0"), bounds)
    assert not out_of_range(D("-5"), (None, None))


# -- expressions -----------------------------------------------------------------------------------------


def test_a_rule_side_with_references_is_evaluated_in_decimal() -> None:
    expr = parse_expression("(#{POT-MOV-01} + #{POT-MOV-03.05}) / 2 - -#{POT-MOV-03.*} * 0.1")
    assert expr.references == ("POT-MOV-01", "POT-MOV-03.05", "POT-MOV-03.*")
    values = {"POT-MOV-01": D(3), "POT-MOV-03.05": D(5), "POT-MOV-03.*": D(10)}
    assert evaluate(expr, values.get) == D(5)


def test_decimal_literals_are_exact() -> None:
    assert evaluate("0.1 + 0.2", lambda _: None) == D("0.3")
    assert evaluate("1e3 / 4", lambda _: None) == D(250)


def test_a_repeated_reference_is_resolved_once_per_use() -> None:
    expr = parse_expression("#{A} * #{A}")
    assert expr.references == ("A",)
    assert evaluate(expr, lambda _: D(3)) == 9


def test_a_missing_value_or_a_division_by_zero_gives_no_verdict() -> None:
    assert evaluate("#{A} + 1", lambda _: None) is None
    assert evaluate("#{A} / (#{B} - 2)", {"A": D(1), "B": D(2)}.get) is None
    assert evaluate("V1 / V2 * 100", {"V1": D(1), "V2": D(0)}.get) is None


def test_sheet_formulas_use_v_variables() -> None:
    expr = parse_expression("(V1/V2)*100")
    assert expr.variables == ("V1", "V2") and expr.references == ()
    assert evaluate(expr, {"V1": D(1), "V2": D(3)}.get) == D(100) / 3
    assert evaluate("(V1+V2+V3)", {"V1": D(1), "V2": D(2), "V3": D("0.5")}.get) == D("3.5")


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__('os').system('echo hacked')",
        "open('/etc/passwd').read()",
        "().__class__.__bases__[0].__subclasses__()",
        "x.real",
        "abs(-1)",
        "V1 ** 2",
        "V1 // 2",
        "V1 % 2",
        "1 if V1 else 2",
        "[1, 2]",
        "'texto'",
        "True",
        "1j",
        "V1 < V2",
        "not V1",
        "lambda: 1",
        "#{A",
        "#{}",
        "x",
        "ref_0",
        "",
        "   ",
        "1 +",
        "a = 1",
    ],
)
def test_anything_but_arithmetic_is_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_expression(text)
    assert str(refused.value)


def test_references_or_variables_can_be_forbidden() -> None:
    with pytest.raises(ValueError, match="referencias"):
        parse_expression("#{A} + 1", references=False)
    with pytest.raises(ValueError, match="V1"):
        parse_expression("V1 + 1", variables=False)


_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)


@given(_names, st.sampled_from(["{}()", "{}.x", "{}.{}", "{}[0]", "{}"]))
def test_the_evaluator_never_resolves_or_calls_a_name_other_than_a_variable(name: str, shape: str) -> None:
    assume(not (shape == "{}" and name.startswith("V") and name[1:].isdigit()))
    text = shape.format(name, name)
    looked_up: list[str] = []

    def look_up(ref: str) -> D:
        looked_up.append(ref)
        return D(1)

    with pytest.raises(ValueError):
        evaluate(text, look_up)
    assert looked_up == []


@given(st.text(max_size=40))
def test_arbitrary_text_either_parses_to_arithmetic_or_raises_value_error(text: str) -> None:
    try:
        expr = parse_expression(text)
    except ValueError:
        return
    result = evaluate(expr, lambda _: D(1))
    assert result is None or isinstance(result, D)


def test_split_reference() -> None:
    assert split_reference("POT-MOV-01") == Reference("POT-MOV-01")
    assert split_reference("POT-MOV-03.05") == Reference("POT-MOV-03", "05")
    assert split_reference("POT-MOV-03.*") == Reference("POT-MOV-03", "*")
    assert split_reference("1.1.1.2", is_code={"1.1.1.2"}.__contains__) == Reference("1.1.1.2")
    assert split_reference("1.1.1.2.05", is_code={"1.1.1.2"}.__contains__) == Reference("1.1.1.2", "05")


@pytest.mark.parametrize(
    ("left", "op", "right", "tolerance", "holds"),
    [
        ("1", "==", "1", "0", True),
        ("1", "==", "1.05", "0.1", True),
        ("1", "==", "1.2", "0.1", False),
        ("1", "!=", "1.05", "0.1", False),
        ("1", "!=", "2", "0", True),
        ("3", "<", "3", "0", False),
        ("3", "<", "3", "0.5", True),
        ("3", "<=", "3", "0", True),
        ("3.4", "<=", "3", "0.5", True),
        ("4", "<=", "3", "0.5", False),
        ("3", ">", "3", "0", False),
        ("2.6", ">=", "3", "0.5", True),
        ("2", ">=", "3", "0.5", False),
    ],
)
def test_compare_with_tolerance(left: str, op: str, right: str, tolerance: str, holds: bool) -> None:
    assert compare(D(left), op, D(right), D(tolerance)) is holds


def test_compare_refuses_an_unknown_operator() -> None:
    with pytest.raises(ValueError, match="operador"):
        compare(D(1), "=<", D(2))


# -- sheet formulas as people write them -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "parsed"),
    [
        ("(V1/V2)*100", "(V1/V2)*100"),
        ("V1/V2 *100.000", "V1/V2 *100000"),
        ("(V0/V1)*100%", "(V0/V1)*100"),
        ("(V1*15% )+ (V2*5%)", "(V1*(15/100) )+ (V2*(5/100))"),
        ("(V1*0,2) + (v2*0.3)", "(V1*0.2) + (V2*0.3)"),
        ("[(V1+V2)/V3]*100", "((V1+V2)/V3)*100"),
    ],
)
def test_normalize_formula(written: str, parsed: str) -> None:
    assert normalize_formula(written) == parsed


def test_a_prose_or_foreign_formula_is_not_computable() -> None:
    for text in ("", "ΣV1", "V1 = (V2/V3)*100", "Sumatoria de los logros de cada vigencia", "(V1xW1)", "100"):
        assert sheet_formula(text) is None
    formula = sheet_formula("(V1/V2)*100%")
    assert formula is not None and evaluate(formula, {"V1": D(1), "V2": D(4)}.get) == 25


def test_a_value_agrees_with_its_formula_rounded_to_the_decimals_written() -> None:
    third = D(100) / 3
    assert agrees_with_rounding(D("33.33"), third)
    assert agrees_with_rounding(D("33.330000"), third)  # how the entry parser stores 33,33
    assert agrees_with_rounding(D("33"), third)
    assert not agrees_with_rounding(D("33.4"), third)
    assert not agrees_with_rounding(D("34"), third)
    assert agrees_with_rounding(D("100"), D("100.4"))


def test_sum_tolerance_is_a_thousandth_of_the_total_at_least_a_cent() -> None:
    assert sum_tolerance(D(100_000)) == 100
    assert sum_tolerance(D(1)) == D("0.01")
