"""Territorial equity of an indicator measured by comuna and corregimiento: how far apart its units are.

Rules (``docs/cifras.md``, «Equidad territorial»):

- The units are the comunas (urban zone) and the corregimientos (rural zone) with a value in the year;
  every unit counts once (no population weights).
- **Range** = highest − lowest value. **Best/worst ratio**: the best unit's value over the worst's for an
  increasing indicator, the worst's over the best's for a decreasing one, so it always reads "times"
  (highest / lowest); ND when the lowest is 0 or below.
- **Coefficient of variation** = σ / μ × 100, with the *population* standard deviation
  σ = √(Σ(xᵢ − μ)² / n) (the units are all of the city's, not a sample of it).
- **Gini** = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ): the mean absolute difference over all ordered pairs (each unit
  with itself included) over twice the mean. 0 when every unit is equal.
- **Theil T** = (1/n) Σ (xᵢ/μ) ln(xᵢ/μ); a zero value adds 0 (the limit). It splits exactly into the
  inequality within the zones, Σ_g s_g T_g, and between them, Σ_g s_g ln(μ_g/μ), where s_g = n_g μ_g / (n μ)
  is the zone's share of the total.
- Gini and Theil need values ≥ 0 and a positive mean (ND otherwise); the coefficient of variation a mean
  other than 0.
- **Gap** of a unit to a reference (the city's value, or the year's target), in the indicator's unit,
  positive when the unit is behind: reference − value for an increasing indicator, value − reference for
  a decreasing one. The city's value is the one published for the whole city; without one, the simple
  mean of the units (and the formula says so).
- **Trend**: the coefficient of variation of the year against the first year measured and against the
  previous year measured: a lower one means the gaps close («se cierran»), a higher one that they widen
  («se amplían»). The CV is used because it does not change with the indicator's scale.

All the arithmetic is in ``Decimal`` (square root and logarithm included): the same numbers on every machine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ssepot.core.commitments import slug
from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent

METHOD_VERSION = "1"
URBAN = "urbano"
RURAL = "rural"
ZONES = (URBAN, RURAL)
ZONE_WORDS = {URBAN: "urbana", RURAL: "rural"}
ZONE_NAMES = {URBAN: "zona urbana (comunas)", RURAL: "zona rural (corregimientos)"}
NOT_AVAILABLE = "ND"
CLOSING = "se cierran"
WIDENING = "se amplían"
STEADY = "sin cambio"
#: the units of the measures that are not in the indicator's own unit
INDEX = "índice"
TIMES = "veces"
#: places shown in a formula for an index (Gini, Theil) and for a value
INDEX_PLACES = 4
VALUE_PLACES = 2

ZERO = Decimal(0)
TWO = Decimal(2)


@dataclass(frozen=True)
class UnitValue:
    """One unit's value in a year: its official code, its name and its zone (``URBAN`` or ``RURAL``)."""

    code: str
    name: str
    zone: str
    value: Decimal


@dataclass(frozen=True)
class EquitySeries:
    """An indicator measured by unit: its values by year, and the city's own values and targets."""

    ref: str
    """The indicator's reference (``indicator:17``); its values' refs add the unit and the year."""
    code: str
    name: str
    unit: str
    increasing: bool
    values: Mapping[int, Sequence[UnitValue]]
    city: Mapping[int, Decimal] = field(default_factory=dict)
    """The value published for the whole city, by year (none for most indicators measured by unit)."""
    targets: Mapping[int, Decimal] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The indicator's key fragment, from its code: ``ECV-IMCV`` -> ``ecv_imcv``."""
        return slug(self.code)

    def years(self, up_to: int) -> list[int]:
        """The years up to ``up_to`` with at least one unit's value."""
        return sorted(y for y, units in self.values.items() if y <= up_to and units)


# -- the measures -----------------------------------------------------------------------------------------


def mean(xs: Sequence[Decimal]) -> Decimal | None:
    return sum(xs, ZERO) / len(xs) if xs else None


def std_population(xs: Sequence[Decimal]) -> Decimal | None:
    """σ = √(Σ(xᵢ − μ)² / n): the population standard deviation."""
    mu = mean(xs)
    if mu is None:
        return None
    return (sum(((x - mu) ** 2 for x in xs), ZERO) / len(xs)).sqrt()


def coefficient_of_variation(xs: Sequence[Decimal]) -> Decimal | None:
    """σ / μ × 100 (population σ); None without values or with a zero mean."""
    mu, sigma = mean(xs), std_population(xs)
    if mu is None or sigma is None or mu == 0:
        return None
    return sigma / abs(mu) * HUNDRED


def _ratio_scale(xs: Sequence[Decimal]) -> Decimal | None:
    """The mean, when Gini and Theil apply: values ≥ 0 and a positive mean."""
    mu = mean(xs)
    if mu is None or mu <= 0 or any(x < 0 for x in xs):
        return None
    return mu


def absolute_differences(xs: Sequence[Decimal]) -> Decimal:
    """Σᵢ Σⱼ |xᵢ − xⱼ| over all ordered pairs, from the sorted values (2 Σ (2i − n − 1) x₍ᵢ₎)."""
    ordered = sorted(xs)
    n = len(ordered)
    return TWO * sum((Decimal(2 * i - n - 1) * x for i, x in enumerate(ordered, 1)), ZERO)


def gini(xs: Sequence[Decimal]) -> Decimal | None:
    """Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ); None with a negative value or a mean ≤ 0."""
    mu = _ratio_scale(xs)
    if mu is None:
        return None
    return absolute_differences(xs) / (TWO * len(xs) ** 2 * mu)


@lru_cache(maxsize=65536)
def _ln(x: Decimal) -> Decimal:
    """NB: cached: a unit's value enters its year's Theil four times (all, its zone, the split) and the
    year is measured for the headline and the history; ``Decimal.ln`` was most of a plan's equity time."""
    return x.ln()


def _theil_sum(xs: Sequence[Decimal], mu: Decimal) -> Decimal:
    """Σ (xᵢ/μ) ln(xᵢ/μ), written (Σ xᵢ ln xᵢ − ln μ Σ xᵢ) / μ so each value's logarithm is its own."""
    positive = [x for x in xs if x > 0]
    return (sum((x * _ln(x) for x in positive), ZERO) - _ln(mu) * sum(positive, ZERO)) / mu


def theil(xs: Sequence[Decimal]) -> Decimal | None:
    """Theil T = (1/n) Σ (xᵢ/μ) ln(xᵢ/μ); a zero value adds 0; None with a negative value or a mean ≤ 0."""
    mu = _ratio_scale(xs)
    if mu is None:
        return None
    return _theil_sum(xs, mu) / len(xs)


@dataclass(frozen=True)
class TheilSplit:
    within: Decimal
    between: Decimal
    shares: Mapping[str, Decimal]
    """Each zone's share of the total, s_g = n_g μ_g / (n μ)."""


def theil_split(groups: Mapping[str, Sequence[Decimal]]) -> TheilSplit | None:
    """Theil T of all the values split into within the groups and between them (they add up to T)."""
    everything = [x for xs in groups.values() for x in xs]
    mu = _ratio_scale(everything)
    if mu is None:
        return None
    n = len(everything)
    within = between = ZERO
    shares = {}
    for name, xs in groups.items():
        if not xs:
            continue
        mu_g = mean(xs)
        assert mu_g is not None
        share = len(xs) * mu_g / (n * mu)
        shares[name] = share
        if mu_g > 0:
            within += share * _theil_sum(xs, mu_g) / len(xs)
            between += share * (mu_g / mu).ln()
    return TheilSplit(within, between, shares)


def gap(value: Decimal, reference: Decimal, increasing: bool) -> Decimal:
    """How far ``value`` is behind ``reference``, in the indicator's unit (negative: ahead of it)."""
    return reference - value if increasing else value - reference


# -- the figures ------------------------------------------------------------------------------------------


def _n(value: Decimal | None, places: int = VALUE_PLACES) -> str:
    return fmt_number(value, places)


def _inputs(series: EquitySeries, year: int, units: Sequence[UnitValue]) -> Callable[[], tuple[Input, ...]]:
    return lambda: tuple(
        Input(f"{series.ref}:{u.code}:{year}", f"{u.name} ({ZONE_WORDS[u.zone]}), {year}", u.value)
        for u in units
    )


def _figure(
    series: EquitySeries,
    key: str,
    label: str,
    value: Decimal | None,
    unit: str,
    formula: str | Callable[[], str],
    method: str,
    inputs: Callable[[], tuple[Input, ...]] | tuple[Input, ...] = (),
    status: str = "",
) -> Figure:
    return Figure(
        key=key,
        label=label,
        value=value,
        unit=unit,
        formula=formula,
        method=f"{method}; sin ponderar por población (equidad territorial v{METHOD_VERSION})",
        version=METHOD_VERSION,
        inputs=inputs,
        status=NOT_AVAILABLE if value is None and not status else status,
    )


def _cv_formula(xs: Sequence[Decimal], cv: Decimal | None) -> Callable[[], str]:
    def write() -> str:
        mu, sigma = mean(xs), std_population(xs)
        if cv is None:
            return f"sin valores o con media 0 (n = {len(xs)}): no se calcula"
        return (
            f"σ / μ × 100 = {_n(sigma, INDEX_PLACES)} / {_n(mu, INDEX_PLACES)} × 100 = {fmt_percent(cv, 2)} "
            f"(σ poblacional = √(Σ(xᵢ − μ)² / n), n = {len(xs)})"
        )

    return write


def _gini_formula(xs: Sequence[Decimal], g: Decimal | None) -> Callable[[], str]:
    def write() -> str:
        if g is None:
            return f"valores negativos, sin valores o media ≤ 0 (n = {len(xs)}): no se calcula"
        mu = mean(xs)
        return (
            f"Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ) = {_n(absolute_differences(xs), INDEX_PLACES)} / "
            f"(2 × {len(xs)}² × {_n(mu, INDEX_PLACES)}) = {_n(g, INDEX_PLACES)}"
        )

    return write


def _theil_formula(xs: Sequence[Decimal], t: Decimal | None) -> Callable[[], str]:
    def write() -> str:
        if t is None:
            return f"valores negativos, sin valores o media ≤ 0 (n = {len(xs)}): no se calcula"
        mu = mean(xs)
        assert mu is not None
        return (
            f"(1/n) Σ (xᵢ/μ) ln(xᵢ/μ) = {_n(_theil_sum(xs, mu), INDEX_PLACES)} / {len(xs)} = "
            f"{_n(t, INDEX_PLACES)} (μ = {_n(mu, INDEX_PLACES)})"
        )

    return write


def city_reference(series: EquitySeries, year: int) -> tuple[Decimal | None, str]:
    """The city's value of the year and where it comes from."""
    if year in series.city:
        return series.city[year], "valor publicado para toda la ciudad"
    xs = [u.value for u in series.values.get(year, ())]
    return mean(xs), "promedio simple de las unidades (no hay valor publicado para toda la ciudad)"


def year_figures(series: EquitySeries, year: int, prefix: str) -> list[Figure]:
    """Range, ratio, CV, Gini and Theil of the year's units, and Gini and Theil by zone (``prefix.*``)."""
    units = sorted(series.values.get(year, ()), key=lambda u: (u.value, u.code))
    xs = [u.value for u in units]
    name = f"{series.code} {series.name}, {year}"
    inputs = _inputs(series, year, units)
    figures: list[Figure] = []
    if not units:
        return figures
    low, high = units[0], units[-1]
    best, worst = (high, low) if series.increasing else (low, high)
    figures.append(
        _figure(series, f"{prefix}.rango", f"Rango entre unidades territoriales de {name}",
                high.value - low.value, series.unit,
                f"máximo ({high.name}) {_n(high.value)} − mínimo ({low.name}) {_n(low.value)} = "
                f"{_n(high.value - low.value)}",
                "valor más alto − valor más bajo entre comunas y corregimientos", inputs)
    )  # fmt: skip
    ratio = high.value / low.value if low.value > 0 else None
    direction = "creciente: mejor / peor" if series.increasing else "decreciente: peor / mejor"
    figures.append(
        _figure(series, f"{prefix}.razon", f"Razón entre la mejor y la peor unidad de {name}", ratio, TIMES,
                f"{direction} = {_n(high.value)} ({high.name}) / {_n(low.value)} ({low.name}) = "
                f"{_n(ratio)} veces; mejor: {best.name}, peor: {worst.name}"
                if ratio is not None else "la unidad más baja vale 0 o menos: no se calcula",
                "razón entre el valor de la mejor unidad y el de la peor, según la dirección del indicador",
                inputs)
    )  # fmt: skip
    cv = coefficient_of_variation(xs)
    figures.append(
        _figure(series, f"{prefix}.cv", f"Coeficiente de variación de {name}", cv, "%",
                _cv_formula(xs, cv), "desviación estándar poblacional / media × 100", inputs)
    )  # fmt: skip
    figures += _index_figures(series, xs, inputs, prefix, name, "")
    by_zone = {zone: [u for u in units if u.zone == zone] for zone in ZONES}
    for zone, zone_units in by_zone.items():
        if zone_units:
            zone_xs = [u.value for u in zone_units]
            figures += _index_figures(series, zone_xs, _inputs(series, year, zone_units), prefix, name, zone)
    split = theil_split({zone: [u.value for u in us] for zone, us in by_zone.items()})
    if split is not None and all(by_zone.values()):
        shares = "; ".join(f"s_{zone} = {_n(s, INDEX_PLACES)}" for zone, s in split.shares.items())
        for part, value, words in (
            ("entre_zonas", split.between, "Σ_g s_g ln(μ_g/μ)"),
            ("dentro_zonas", split.within, "Σ_g s_g T_g"),
        ):
            figures.append(
                _figure(series, f"{prefix}.theil_{part}",
                        f"Theil {'entre' if part == 'entre_zonas' else 'dentro de'} las zonas urbana y rural "
                        f"de {name}", value, INDEX, f"{words} = {_n(value, INDEX_PLACES)} ({shares})",
                        "descomposición del índice de Theil T por zona (s_g = n_g μ_g / (n μ))", inputs)
            )  # fmt: skip
    return figures


def _index_figures(
    series: EquitySeries,
    xs: Sequence[Decimal],
    inputs: Callable[[], tuple[Input, ...]],
    prefix: str,
    name: str,
    zone: str,
) -> list[Figure]:
    suffix = f"_{zone}" if zone else ""
    where = f" en la {ZONE_NAMES[zone]}" if zone else ""
    g, t = gini(xs), theil(xs)
    return [
        _figure(series, f"{prefix}.gini{suffix}", f"Gini entre unidades territoriales{where} de {name}", g,
                INDEX, _gini_formula(xs, g), "diferencia absoluta media de todos los pares / (2 × media)",
                inputs),
        _figure(series, f"{prefix}.theil{suffix}", f"Theil T entre unidades territoriales{where} de {name}",
                t, INDEX, _theil_formula(xs, t), "índice de Theil T", inputs),
    ]  # fmt: skip


def gap_figures(series: EquitySeries, year: int, prefix: str) -> list[Figure]:
    """Each unit's gap to the city's value and to the year's target (``prefix.<unit>.ciudad|meta``)."""
    units = sorted(series.values.get(year, ()), key=lambda u: u.code)
    reference, source = city_reference(series, year)
    target = series.targets.get(year)
    figures = []
    for u in units:
        value_input = (Input(f"{series.ref}:{u.code}:{year}", f"{u.name}, {year}", u.value),)
        for part, ref, words in (
            ("ciudad", reference, f"ciudad: {source}"),
            ("meta", target, "meta del año"),
        ):
            if ref is None:
                continue
            g = gap(u.value, ref, series.increasing)
            figures.append(
                _figure(series, f"{prefix}.{slug(u.code)}.{part}",
                        f"Brecha de {u.name} frente a la {'ciudad' if part == 'ciudad' else 'meta'} en "
                        f"{series.code} {series.name}, {year}", g, series.unit,
                        _gap_formula(series.increasing, u, ref, words, g),
                        "brecha en la unidad del indicador; positiva: la unidad está rezagada",
                        (*value_input, Input(f"{series.ref}:{part}:{year}", words, ref)))
            )  # fmt: skip
    return figures


def _gap_formula(increasing: bool, unit: UnitValue, reference: Decimal, words: str, g: Decimal) -> str:
    if increasing:
        terms = f"{_n(reference)} ({words}) − {_n(unit.value)} ({unit.name})"
    else:
        terms = f"{_n(unit.value)} ({unit.name}) − {_n(reference)} ({words})"
    sense = "creciente: referencia − valor" if increasing else "decreciente: valor − referencia"
    return f"{sense} = {terms} = {_n(g)}"


def trend_figures(series: EquitySeries, year: int, prefix: str) -> list[Figure]:
    """The CV of ``year`` against the first and the previous year measured: do the gaps close or widen?"""
    years = series.years(year)
    if len(years) < 2 or years[-1] != year:
        return []
    cvs = {
        y: coefficient_of_variation([u.value for u in series.values[y]]) for y in (years[0], years[-2], year)
    }
    now = cvs[year]
    figures = []
    for part, since in (("inicio", years[0]), ("anterior", years[-2])):
        before = cvs[since]
        change = None if now is None or before is None else now - before
        status = (
            NOT_AVAILABLE if change is None else CLOSING if change < 0 else WIDENING if change > 0 else STEADY
        )
        figures.append(
            _figure(series, f"{prefix}.tendencia_{part}",
                    f"Cambio del coeficiente de variación de {series.code} {series.name}, {since}-{year}",
                    change, "puntos",
                    f"CV {year} − CV {since} = {fmt_percent(now, 2)} − {fmt_percent(before, 2)} = "
                    f"{_n(change)} puntos: las brechas {status}",
                    "diferencia de coeficientes de variación: negativa, las brechas se cierran; positiva, "
                    "se amplían",
                    (Input(f"{prefix}.cv:{year}", f"CV {year}", now),
                     Input(f"{prefix}.cv:{since}", f"CV {since}", before)),
                    status)
        )  # fmt: skip
    return figures


def equity_figures(series: EquitySeries, year: int) -> list[Figure]:
    """The equity of ``series`` as of ``year``: the measures of its latest year measured up to ``year``
    (``equidad.<indicator>.*``: the headline ones) with each unit's gaps and the trend, and the measures
    of every year measured (``equidad.historia.<indicator>.<year>.*``)."""
    years = series.years(year)
    if not years:
        return []
    latest = years[-1]
    key = series.key
    figures = [
        *year_figures(series, latest, f"equidad.{key}"),
        *trend_figures(series, latest, f"equidad.{key}"),
        *gap_figures(series, latest, f"equidad.brecha.{key}"),
    ]
    for y in years:
        figures += year_figures(series, y, f"equidad.historia.{key}.{y}")
    return figures
