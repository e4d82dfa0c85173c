"""The Open SDG progress status, offered as a second method beside the city's term progress.

Open SDG (the platform many national SDG reporting sites run on) computes a progress status with the
method Statistics Canada adapted from Eurostat, implemented in sdg-build's ``ProgressMeasure``. It looks
at growth, not at the share of the target reached:

- **Observed growth**: the compound annual growth rate between the base year ``t0`` and the latest year
  with data ``ti``: ``CAGR_o = (y_i / y_0) ^ (1 / (t_i - t_0)) - 1``. The base year is the one given
  (sdg-build's default is 2015); when it has no value, the next year with data is used; without a base
  year, the first year with data.
- **With a target** ``y_T`` for the year ``t_T``: the required rate ``CAGR_r = (y_T / y_0) ^ (1 / (t_T -
  t_0)) - 1`` and the ratio ``R = s x d x CAGR_o / |CAGR_r|`` (``d`` = +1 increasing, -1 decreasing;
  ``s`` = -1 when the base value is negative). Categories: target achieved when the latest value reaches
  the target (``y_i >= y_T`` increasing, ``<=`` decreasing), whatever R is; ``R >= 0.95`` substantial
  progress (sdg-build's ``substantial_progress``, "on track" on Statistics Canada's site);
  ``0.6 <= R < 0.95`` moderate progress ("progress made but acceleration needed"); ``0 <= R < 0.6``
  limited progress; ``R < 0`` deterioration.
- **Without a target**: ``s x d x CAGR_o`` against fixed rates: ``>= 1.5 %`` a year substantial progress,
  ``0.5 % .. 1.5 %`` moderate, ``0 .. 0.5 %`` limited, ``< 0`` deterioration.
- Not available (``ND``): fewer than two years of data, base and latest values of opposite signs.

Where we differ from sdg-build, on purpose: a base value of 0 gives ``ND`` (sdg-build replaces it with
0.001, which turns any later value into an enormous growth rate); a target of 0 is used as it is (a
required rate of -100 %, sdg-build uses 0.001); when the required rate is 0 (target equal to the base
value) and the target is not reached, the status is deterioration (the series moved away from a target
it started on). The natural-limit scaling of the no-target thresholds (Statistics Canada's ``C``
coefficient) is not applied, and the -5..5 score is not computed: the thresholds are compared directly.

CAGR uses fractional powers, so this is the one place with an inexact result. The power is computed in
binary floating point, as sdg-build does with numpy, and kept as a Decimal rounded to 12 decimal places, so
that a rate sitting exactly on a threshold (1,5 % over two years) is not pushed below it by the float's
last bit; over a single year the rate is exact. That is far below any threshold's resolution and 25 times
faster than Decimal's 28-digit power (method version 2; version 1 used Decimal and differs from the 12th
significant digit on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent

METHOD_VERSION = "2"

TARGET_ACHIEVED = "meta alcanzada"
SUBSTANTIAL = "progreso sustancial"
MODERATE = "progreso moderado"
LIMITED = "progreso limitado"
DETERIORATION = "deterioro"
NOT_AVAILABLE = "ND"

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class ProgressConfig:
    """Thresholds of the two variants (sdg-build's defaults): ``with_target_*`` apply to the ratio R of
    observed over required growth, ``without_target_*`` to the observed yearly growth rate."""

    with_target_high: Decimal = Decimal("0.95")
    with_target_medium: Decimal = Decimal("0.6")
    with_target_low: Decimal = Decimal("0")
    without_target_high: Decimal = Decimal("0.015")
    without_target_medium: Decimal = Decimal("0.005")
    without_target_low: Decimal = Decimal("0")


def cagr(current: Decimal, base: Decimal, years: int) -> Decimal:
    """``(current / base) ^ (1 / years) - 1``; both values of the same sign and non-zero (the module's
    note says why in floating point)."""
    if years == 1:
        return current / base - ONE  # exact, as every other figure
    rate = (float(current) / float(base)) ** (1 / years) - 1
    return Decimal(f"{rate:.12f}")


def _category(value: Decimal, high: Decimal, medium: Decimal, low: Decimal) -> str:
    if value >= high:
        return SUBSTANTIAL
    if value >= medium:
        return MODERATE
    if value >= low:
        return LIMITED
    return DETERIORATION


def _rate(value: Decimal) -> str:
    return f"{fmt_number(value * HUNDRED, 2)} %"


@lru_cache(maxsize=64)
def _method(config: ProgressConfig, has_target: bool) -> str:
    """The method's text, the same for every indicator with the same thresholds."""
    if has_target:
        high, medium, low = (
            fmt_percent(t * HUNDRED, 0)
            for t in (config.with_target_high, config.with_target_medium, config.with_target_low)
        )
        rule = f"R = crecimiento anual compuesto observado / requerido para la meta; sustancial R >= {high}"
    else:
        high, medium, low = (
            fmt_percent(t * HUNDRED, 1)
            for t in (config.without_target_high, config.without_target_medium, config.without_target_low)
        )
        rule = f"crecimiento anual compuesto observado en la dirección deseada; sustancial >= {high}"
    return (
        f"Open SDG (sdg-build ProgressMeasure): {rule}, moderado >= {medium}, limitado >= {low}, "
        f"deterioro < {low}" + ("; meta alcanzada si el último valor llega a la meta" if has_target else "")
    )


def progress_status(
    series: Mapping[int, Decimal],
    direction: str,
    target: Decimal | None,
    target_year: int | None,
    base_year: int | None = None,
    config: ProgressConfig = ProgressConfig(),
) -> Figure:
    """The Open SDG progress status of one yearly series (see the module rules); ``direction`` is ``C``
    (increasing) or ``D`` (decreasing). The value, in %, is R (with a target) or the directed observed
    yearly growth rate (without); the status is the category in Spanish."""
    d = -1 if direction == "D" else 1
    years = sorted(y for y, v in series.items() if v is not None)
    has_target = target is not None and target_year is not None
    t0: int | None = None
    ti = 0
    y0 = yi = ZERO
    s = 1
    observed: Decimal | None = None
    required: Decimal | None = None
    ratio: Decimal | None = None
    achieved = False
    value: Decimal | None = None
    status = NOT_AVAILABLE
    if years:
        t0 = min((y for y in years if y >= base_year), default=None) if base_year is not None else years[0]
        ti = years[-1]
    if t0 is not None and ti - t0 >= 1:
        y0, yi = series[t0], series[ti]
        if y0 != 0 and (y0 > 0) == (yi > 0) and yi != 0:
            s = -1 if y0 < 0 else 1
            observed = cagr(yi, y0, ti - t0)
    if observed is not None and t0 is not None:
        if target is not None and target_year is not None:
            achieved = yi >= target if d == 1 else yi <= target
            if target_year > t0 and (target == 0 or (target > 0) == (y0 > 0)):
                required = cagr(target, y0, target_year - t0)
                if required == 0:
                    status = TARGET_ACHIEVED if achieved else DETERIORATION
                else:
                    ratio = s * d * observed / abs(required)
                    value = ratio * HUNDRED
                    status = (
                        TARGET_ACHIEVED
                        if achieved
                        else _category(
                            ratio, config.with_target_high, config.with_target_medium, config.with_target_low
                        )
                    )
        else:
            directed = s * d * observed
            value = directed * HUNDRED
            status = _category(
                directed, config.without_target_high, config.without_target_medium, config.without_target_low
            )

    # NB: the explanation is written when it is read (``Figure``): the same numbers, only later
    def formula() -> str:
        if not years:
            return "sin datos: no disponible (ND)"
        if t0 is None or ti - t0 < 1:
            return "se necesitan al menos dos años de datos desde el año base: ND"
        if y0 == 0:
            return f"valor base ({t0}) = 0: la tasa de crecimiento no está definida (ND)"
        if observed is None:
            return (
                f"valor base {fmt_number(y0, 2)} y valor actual {fmt_number(yi, 2)} de signos distintos "
                "o nulo: ND"
            )
        observed_text = (
            f"CAGR observado = ({fmt_number(yi, 2)} / {fmt_number(y0, 2)})^(1/{ti - t0}) - 1 = "
            f"{_rate(observed)}"
        )
        if target is None or target_year is None:
            directed = s * d * observed
            return (
                f"{observed_text}; en la dirección deseada ({'decreciente' if d == -1 else 'creciente'}) = "
                f"{_rate(directed)} anual: {status}"
            )
        if target_year <= t0:
            return f"{observed_text}; año de la meta ({target_year}) no posterior al base: ND"
        if required is None:
            return f"{observed_text}; meta y valor base de signos distintos: ND"
        required_text = (
            f"CAGR requerido = ({fmt_number(target, 2)} / {fmt_number(y0, 2)})^(1/{target_year - t0}) - 1 "
            f"= {_rate(required)}"
        )
        if ratio is None:
            if achieved:
                return f"{observed_text}; {required_text}; la meta se mantiene: meta alcanzada"
            return f"{observed_text}; {required_text}; la serie partió en la meta y se alejó: deterioro"
        ratio_text = f"R = {s * d} × CAGR observado / |CAGR requerido| = {fmt_number(ratio * HUNDRED, 2)} %"
        if achieved:
            verdict = f"el valor {ti} ({fmt_number(yi, 2)}) alcanza la meta: meta alcanzada, sea cual sea R"
        else:
            verdict = status
        return f"{observed_text}; {required_text}; {ratio_text}: {verdict}"

    def inputs() -> tuple[Input, ...]:
        made = [Input(f"serie:{y}", f"Valor {y}", series[y]) for y in years]
        if target is not None:
            made.append(Input("meta", f"Meta ({target_year})", target))
        if observed is not None:
            made.append(Input("cagr_observado", f"Crecimiento anual compuesto {t0}-{ti}", observed))
        if required is not None:
            made.append(Input("cagr_requerido", f"Crecimiento anual requerido {t0}-{target_year}", required))
        return tuple(made)

    return Figure(
        key="opensdg.estado_progreso",
        label="Estado de progreso (método Open SDG)",
        value=value,
        unit="%",
        formula=formula,
        method=_method(config, has_target),
        version=METHOD_VERSION,
        inputs=inputs,
        status=status,
        terms=("estado de progreso",),
    )
