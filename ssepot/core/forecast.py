"""Will an indicator reach its target by the horizon? The required rate against the observed one, a
projection with its interval, and a status.

The rules, stated once:

- **The series** is the indicator's yearly values up to the year ``N`` of the forecast, as ``N``'s
  release shows them: a value of a later year never enters (the caller cuts the series; ``forecast``
  ignores any year after ``N`` too).
- **What is projected** depends on the accumulation rule. A level (``acumulado``, ``nivel``,
  ``mantenimiento``: each value holds the state of things) is projected as it is. A flow (``flujo``: each
  year's value is that year's own, the target is their sum) is projected as its running total: the base
  (the baseline when it counts toward the target, else 0) plus the values up to each year.
- **Observed rate**: the ordinary least-squares slope of the projected series against the year, in the
  indicator's unit per year (for a flow, the mean yearly amount is given beside it).
- **Required rate**: what is still missing divided by the years left, ``(target - last value) / (horizon
  - last year)``, in the same unit per year (for a flow: the yearly amount still needed). The same
  metric as the observed slope, so the two compare; the compound growth rates are Open SDG's, beside.
- **Projection** to the horizon: the least-squares line at the horizon year, ``a + b × horizon``, with a
  95 % **prediction interval** ``ŷ ± t(0,975; n-2) × s × √(1 + 1/n + (horizon - x̄)² / Sxx)``, ``s`` the
  residuals' standard error ``√(Σe² / (n-2))``. ``t`` comes from a table of Student's t (1 to 30 degrees
  of freedom, then 40, 60, 120, the next lower entry when between), the normal's quantile beyond 120.
  The line is computed exactly (fractions); only the interval's square root is inexact.
- **Status**: «en camino» when the projection reaches the target at the horizon (at or above it for an
  increasing indicator, at or below for a decreasing one), or the last value already does when the
  horizon has come; «fuera de camino» otherwise; «sin datos suficientes» with fewer than 3 values, or
  without a target or a horizon.
- **Stale data**: the last year with a value is older than ``N - k`` (``k``: the plan's, 2 by default):
  «dato desactualizado», beside the status.
- **Second opinion**: Open SDG's progress status (``ssepot.core.opensdg.progress_status``), over the same
  series and target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist

from ssepot.core.figures import Figure, Input, fmt_number
from ssepot.core.indicators import IndicatorSeries
from ssepot.core.opensdg import progress_status
from ssepot.core.rules import FLOW, RuleSet

METHOD_VERSION = "1"

ON_TRACK = "en camino"
OFF_TRACK = "fuera de camino"
NOT_ENOUGH = "sin datos suficientes"
STALE = "dato desactualizado"
STATUSES = (ON_TRACK, OFF_TRACK, NOT_ENOUGH)

MIN_POINTS = 3
DEFAULT_STALE_YEARS = 2
CONFIDENCE = Decimal("0.95")

#: Student's t, two-sided 95 % (the 0,975 quantile), by degrees of freedom
T_975 = {
    1: "12.706", 2: "4.303", 3: "3.182", 4: "2.776", 5: "2.571", 6: "2.447", 7: "2.365", 8: "2.306",
    9: "2.262", 10: "2.228", 11: "2.201", 12: "2.179", 13: "2.160", 14: "2.145", 15: "2.131", 16: "2.120",
    17: "2.110", 18: "2.101", 19: "2.093", 20: "2.086", 21: "2.080", 22: "2.074", 23: "2.069", 24: "2.064",
    25: "2.060", 26: "2.056", 27: "2.052", 28: "2.048", 29: "2.045", 30: "2.042", 40: "2.021", 60: "2.000",
    120: "1.980",
}  # fmt: skip


def t_quantile(df: int) -> Decimal:
    """Student's t 0,975 quantile for ``df`` degrees of freedom: the table's entry, the next lower entry
    between two (a wider interval, never a narrower one), the normal's beyond 120."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df > 120:
        return Decimal(f"{NormalDist().inv_cdf(0.975):.3f}")
    return Decimal(T_975[max(k for k in T_975 if k <= df)])


@dataclass(frozen=True)
class Fit:
    """A least-squares line ``a + b × year`` over ``n`` points, with what the interval needs."""

    n: int
    intercept: Fraction
    slope: Fraction
    mean_year: Fraction
    sxx: Fraction
    sse: Fraction

    def at(self, year: int) -> Fraction:
        return self.intercept + self.slope * year

    def half_width(self, year: int) -> Decimal | None:
        """Half the 95 % prediction interval at ``year``; None with fewer than 3 points."""
        if self.n < MIN_POINTS:
            return None
        s2 = self.sse / (self.n - 2)
        factor = 1 + Fraction(1, self.n) + (year - self.mean_year) ** 2 / self.sxx
        spread = _decimal(s2 * factor).sqrt()
        return t_quantile(self.n - 2) * spread


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def least_squares(points: Mapping[int, Decimal]) -> Fit:
    """The ordinary least-squares line of the values against the years, exact (fractions); two points or
    more, of at least two distinct years."""
    n = len(points)
    xs = list(points)
    ys = [Fraction(v) for v in points.values()]
    mean_x = Fraction(sum(xs), n)
    mean_y = sum(ys, Fraction(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), Fraction(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Fraction(0))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    sse = sum(((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True)), Fraction(0))
    return Fit(n, intercept, slope, mean_x, sxx, sse)


@dataclass(frozen=True)
class ForecastInput:
    """One indicator's forecast question: its yearly values, whether they are a flow (the target is their
    sum), the base a flow's total starts from, the direction (``C``, ``D``), the target and its year."""

    code: str
    name: str
    values: Mapping[int, Decimal]
    flow: bool
    direction: str
    target: Decimal | None
    horizon: int | None
    base: Decimal = Decimal(0)
    unit: str = ""


@dataclass(frozen=True)
class Forecast:
    """The forecast's numbers (``None`` when not computed) and status."""

    year: int
    status: str
    stale: bool
    last_year: int | None
    series: Mapping[int, Decimal]
    """What is projected: the values, or a flow's running total."""
    required: Decimal | None
    observed: Decimal | None
    mean_amount: Decimal | None
    projection: Decimal | None
    low: Decimal | None
    high: Decimal | None


def question_of(series: IndicatorSeries, rules: RuleSet, unit: str = "") -> ForecastInput:
    """An indicator's forecast question: its plan target by its last programmed year (the horizon; the
    last yearly target when it has no plan target), a flow by the plan's rules for its accumulation code
    (its baseline as the total's base when it counts toward the target)."""
    years = sorted(series.targets)
    horizon = years[-1] if years else None
    target = series.plan_target
    if target is None and horizon is not None:
        target = series.targets[horizon]
    flow = rules.accumulation.get(series.accumulation) == FLOW
    base = (
        series.baseline if flow and series.baseline_included and series.baseline is not None else Decimal(0)
    )
    return ForecastInput(
        code=series.code,
        name=series.name,
        values=series.achievements,
        flow=flow,
        direction=series.direction,
        target=target,
        horizon=horizon,
        base=base,
        unit=unit,
    )


def forecast(question: ForecastInput, year: int, stale_years: int = DEFAULT_STALE_YEARS) -> Forecast:
    """The forecast of ``year`` (see the module's rules)."""
    values = {y: v for y, v in sorted(question.values.items()) if y <= year and v is not None}
    last_year = max(values, default=None)
    stale = last_year is None or last_year < year - stale_years
    series: dict[int, Decimal] = {}
    running = question.base
    for y, v in values.items():
        running = running + v if question.flow else v
        series[y] = running
    empty = Forecast(year, NOT_ENOUGH, stale, last_year, series, None, None, None, None, None, None)
    if last_year is None or len(series) < MIN_POINTS:
        return empty
    fit = least_squares(series)
    observed = _decimal(fit.slope)
    mean_amount = sum(values.values(), Decimal(0)) / len(values) if question.flow else None
    target, horizon = question.target, question.horizon
    if target is None or horizon is None:
        return Forecast(
            year, NOT_ENOUGH, stale, last_year, series, None, observed, mean_amount, None, None, None
        )
    last = series[last_year]
    decreasing = question.direction == "D"

    def reaches(value: Fraction | Decimal) -> bool:
        return value <= target if decreasing else value >= target

    if horizon <= last_year:
        status = ON_TRACK if reaches(last) else OFF_TRACK
        return Forecast(year, status, stale, last_year, series, None, observed, mean_amount, last, None, None)
    required = (target - last) / (horizon - last_year)
    point = fit.at(horizon)
    projection = _decimal(point)
    half = fit.half_width(horizon)
    low = high = None
    if half is not None:
        low, high = projection - half, projection + half
    status = ON_TRACK if reaches(point) else OFF_TRACK
    return Forecast(
        year, status, stale, last_year, series, required, observed, mean_amount, projection, low, high
    )


def _num(value: Decimal | None) -> str:
    return fmt_number(value, 2)


METHOD = (
    "pronóstico por mínimos cuadrados ordinarios sobre la serie anual hasta el año (flujo: su total "
    "acumulado); tasa requerida = (meta - último valor) / años que faltan; intervalo de predicción del 95 % "
    "con t de Student de los residuos; en camino si la proyección llega a la meta en el horizonte; "
    f"sin datos suficientes con menos de {MIN_POINTS} valores"
)


def forecast_figures(
    question: ForecastInput, year: int, key: str, stale_years: int = DEFAULT_STALE_YEARS
) -> list[Figure]:
    """The forecast as figures: ``<key>.estado`` (status; value: the projection's gap to the target),
    ``.tasa_requerida``, ``.tasa_observada``, ``.proyeccion`` (status: the interval), ``.desactualizado``
    (1 when the last value is older than ``year - stale_years``), and ``.opensdg``, Open SDG's status."""
    f = forecast(question, year, stale_years)
    q = question
    unit_per_year = f"{q.unit} por año".strip() if q.unit else "por año"
    what = "total acumulado" if q.flow else "valor"
    name = f"{q.code} {q.name}".strip()
    points = "; ".join(f"{y}: {_num(v)}" for y, v in f.series.items()) or "sin valores"

    def inputs() -> tuple[Input, ...]:
        made = [Input(f"serie:{y}", f"Valor {y}", v) for y, v in sorted(q.values.items()) if y <= year]
        if q.flow:
            made.append(Input("base", "Base del total (línea base que cuenta para la meta)", q.base))
        made += [
            Input("meta", f"Meta ({q.horizon})", q.target),
            Input("horizonte", "Año de la meta", q.horizon),
        ]
        return tuple(made)

    def status_formula() -> str:
        if len(f.series) < MIN_POINTS:
            return (
                f"{len(f.series)} valores hasta {year} ({points}); se necesitan al menos {MIN_POINTS}: "
                f"{f.status}"
            )
        if q.target is None or q.horizon is None:
            return f"sin meta o sin año de la meta: {f.status}"
        sign = "≤" if q.direction == "D" else "≥"
        if f.required is None:
            return (
                f"el horizonte ({q.horizon}) ya llegó: último {what} ({f.last_year}) {_num(f.projection)} "
                f"{sign} meta {_num(q.target)}? {f.status}"
            )
        return (
            f"proyección {q.horizon} = {_num(f.projection)} {sign} meta {_num(q.target)}? {f.status} "
            f"(tasa observada {_num(f.observed)} frente a requerida {_num(f.required)} {unit_per_year})"
        )

    def required_formula() -> str:
        if f.required is None:
            return "no se calcula: " + status_formula()
        last = f.series[f.last_year] if f.last_year is not None else None
        return (
            f"(meta - último {what}) / (horizonte - último año) = ({_num(q.target)} - {_num(last)}) / "
            f"({q.horizon} - {f.last_year}) = {_num(f.required)} {unit_per_year}"
        )

    def observed_formula() -> str:
        if f.observed is None:
            return "no se calcula: " + status_formula()
        text = (
            f"pendiente de mínimos cuadrados del {what} contra el año ({points}) = {_num(f.observed)} "
            f"{unit_per_year}"
        )
        if f.mean_amount is not None:
            text += f"; promedio anual observado = {_num(f.mean_amount)} {unit_per_year}"
        return text

    def projection_formula() -> str:
        if f.projection is None:
            return "no se calcula: " + status_formula()
        if f.low is None:
            return f"el horizonte ({q.horizon}) ya llegó: último {what} = {_num(f.projection)}"
        n = len(f.series)
        return (
            f"a + b × {q.horizon} = {_num(f.projection)} (b = {_num(f.observed)}); intervalo del 95 %: "
            f"{_num(f.projection)} ± t({n - 2}) = {fmt_number(t_quantile(n - 2), 3)} × s × √(1 + 1/{n} + "
            f"({q.horizon} - x̄)² / Sxx) = [{_num(f.low)}; {_num(f.high)}]"
        )

    gap = None
    if f.projection is not None and q.target is not None:
        gap = f.projection - q.target

    def projection_inputs() -> tuple[Input, ...]:
        bounds = (
            ()
            if f.low is None
            else (Input("intervalo:bajo", "Límite inferior (95 %)", f.low),
                  Input("intervalo:alto", "Límite superior (95 %)", f.high))
        )  # fmt: skip
        # NB: a flow is projected as its running total: the totals are what the line was fitted to
        totals = (
            tuple(Input(f"total:{y}", f"Total acumulado {y}", v) for y, v in f.series.items())
            if q.flow
            else ()
        )
        return inputs() + totals + bounds

    stale_text = (
        f"último valor {f.last_year}, anterior a {year - stale_years}: {STALE}"
        if f.stale and f.last_year is not None
        else (f"sin valores hasta {year}: {STALE}" if f.stale else f"último valor {f.last_year}: al día")
    )
    opensdg = progress_status(
        {y: v for y, v in q.values.items() if y <= year}, q.direction, q.target, q.horizon
    )
    return [
        Figure(f"{key}.estado", f"¿Llegará a la meta? {name}", gap, q.unit, status_formula, METHOD,
               METHOD_VERSION, inputs, f.status),
        Figure(f"{key}.tasa_requerida", f"Tasa requerida de {name}", f.required, unit_per_year,
               required_formula, METHOD, METHOD_VERSION, inputs, f.status),
        Figure(f"{key}.tasa_observada", f"Tasa observada de {name}", f.observed, unit_per_year,
               observed_formula, METHOD, METHOD_VERSION, inputs, f.status),
        Figure(f"{key}.proyeccion", f"Proyección a {q.horizon} de {name}", f.projection, q.unit,
               projection_formula, METHOD, METHOD_VERSION, projection_inputs, f.status),
        Figure(f"{key}.desactualizado", f"Dato desactualizado de {name}", int(f.stale), "indicadores",
               stale_text, f"último año con valor anterior a N - {stale_years}", METHOD_VERSION, inputs,
               STALE if f.stale else ""),
        opensdg.replaced(
            key=f"{key}.opensdg", label=f"Estado de progreso (método Open SDG) de {name}", terms=()
        ),
    ]  # fmt: skip
