"""es-CO number formatting: the fast formatter against a slow, obviously correct one."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from ssepot.core.figures import fmt_number, fmt_percent, quantize


def reference(value: Decimal, places: int) -> str:
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ("-" if q < 0 else "") + ".".join(groups)
    return f"{text},{frac}" if frac else text


def test_colombian_separators_and_rounding() -> None:
    assert fmt_number(Decimal("5733749")) == "5.733.749"
    assert fmt_number(Decimal("92.05"), 1) == "92,1"  # half up, not half even
    assert fmt_number(Decimal("-1234.5"), 1) == "-1.234,5"
    assert fmt_number(Decimal("-0.04"), 1) == "0,0"  # the rounded value decides the sign
    assert fmt_number(999, 0) == "999"
    assert fmt_number(1000, 2) == "1.000,00"
    assert fmt_number(None) == "ND"
    assert fmt_percent(Decimal("34.44")) == "34,4 %"
    assert quantize(7, 1) == Decimal("7.0")


@given(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=6),
    st.integers(min_value=0, max_value=4),
)
def test_fast_formatter_matches_the_reference(value: Decimal, places: int) -> None:
    assert fmt_number(value, places) == reference(value, places)
