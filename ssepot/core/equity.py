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
from typing import Generic, TypeVar

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


S = TypeVar("S")
T = TypeVar("T")


class _kept(Generic[S, T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first read; a plan's
    equity reads thousands): the value is computed on the first read and kept in the instance."""

    def __init__(self, compute: Callable[[S], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, instance: S, owner: type[S] | None = None) -> T:
        value = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


class Spread:
    """The measures of one set of values, each computed the first time it is read and then kept: a year's
    figures and their formulas (written when read) share one mean, one σ, one sum of differences.

    ``ordered`` says the values are already sorted (a year's units are), so the Gini needs no sort.
    """

    def __init__(self, xs: Sequence[Decimal], ordered: bool = False) -> None:
        self.xs = xs
        self.n = len(xs)
        self.ordered = ordered

    @_kept
    def mean(self) -> Decimal | None:
        return sum(self.xs, ZERO) / self.n if self.n else None

    @_kept
    def sigma(self) -> Decimal | None:
        """σ = √(Σ(xᵢ − μ)² / n): the population standard deviation."""
        mu = self.mean
        if mu is None:
            return None
        return (sum([(x - mu) ** 2 for x in self.xs], ZERO) / self.n).sqrt()

    @_kept
    def cv(self) -> Decimal | None:
        """σ / μ × 100 (population σ); None without values or with a zero mean."""
        mu, sigma = self.mean, self.sigma
        if mu is None or sigma is None or mu == 0:
            return None
        return sigma / abs(mu) * HUNDRED

    @_kept
    def ratio_scale(self) -> Decimal | None:
        """The mean, when Gini and Theil apply: values ≥ 0 and a positive mean."""
        mu = self.mean
        if mu is None or mu <= 0 or (self.xs[0] if self.ordered else min(self.xs)) < 0:
            return None
        return mu

    @_kept
    def differences(self) -> Decimal:
        """Σᵢ Σⱼ |xᵢ − xⱼ| over all ordered pairs, from the sorted values: 2 Σ (2i − n − 1) x₍ᵢ₎, in
        O(n log n) instead of n² pairs (the same number: each term is exact)."""
        ordered = self.xs if self.ordered else sorted(self.xs)
        n = self.n
        return TWO * sum([(2 * i - n - 1) * x for i, x in enumerate(ordered, 1)], ZERO)

    @_kept
    def gini(self) -> Decimal | None:
        """Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ); None with a negative value or a mean ≤ 0."""
        mu = self.ratio_scale
        return None if mu is None else self.differences / (TWO * self.n**2 * mu)

    @_kept
    def theil_sum(self) -> Decimal | None:
        """Σ (xᵢ/μ) ln(xᵢ/μ), written (Σ xᵢ ln xᵢ − ln μ Σ xᵢ) / μ so each value's logarithm is its own;
        None where Theil does not apply."""
        mu = self.ratio_scale
        if mu is None:
            return None
        positive = [x for x in self.xs if x > 0]
        return (sum([x * _ln(x) for x in positive], ZERO) - _ln(mu) * sum(positive, ZERO)) / mu

    @_kept
    def theil(self) -> Decimal | None:
        """Theil T = (1/n) Σ (xᵢ/μ) ln(xᵢ/μ); a zero value adds 0; None with a negative value or a mean
        ≤ 0."""
        total = self.theil_sum
        return None if total is None else total / self.n


def mean(xs: Sequence[Decimal]) -> Decimal | None:
    return Spread(xs).mean


def std_population(xs: Sequence[Decimal]) -> Decimal | None:
    return Spread(xs).sigma


def coefficient_of_variation(xs: Sequence[Decimal]) -> Decimal | None:
    return Spread(xs).cv


def absolute_differences(xs: Sequence[Decimal]) -> Decimal:
    return Spread(xs).differences


def gini(xs: Sequence[Decimal]) -> Decimal | None:
    return Spread(xs).gini


def theil(xs: Sequence[Decimal]) -> Decimal | None:
    return Spread(xs).theil


@lru_cache(maxsize=65536)
def _ln(x: Decimal) -> Decimal:
    """NB: cached: a unit's value enters its year's Theil three times (all, its zone, a zone's mean in the
    split) and a plan's figures are computed again for every page and release; ``Decimal.ln`` was most of
    a plan's equity time."""
    return x.ln()


@dataclass(frozen=True)
class TheilSplit:
    within: Decimal
    between: Decimal
    shares: Mapping[str, Decimal]
    """Each zone's share of the total, s_g = n_g μ_g / (n μ)."""


def theil_split(groups: Mapping[str, Sequence[Decimal]]) -> TheilSplit | None:
    """Theil T of all the values split into within the groups and between them (they add up to T)."""
    return _split(
        Spread([x for xs in groups.values() for x in xs]),
        {name: Spread(xs) for name, xs in groups.items() if xs},
    )


def _split(whole: Spread, parts: Mapping[str, Spread]) -> TheilSplit | None:
    """``theil_split`` of ``whole`` (the parts' values, in their order) from the parts' own measures."""
    mu = whole.ratio_scale
    if mu is None:
        return None
    n = whole.n
    within = between = ZERO
    shares = {}
    for name, part in parts.items():
        mu_g = part.mean
        assert mu_g is not None
        share = part.n * mu_g / (n * mu)
        shares[name] = share
        if mu_g > 0:
            part_sum = part.theil_sum
            assert part_sum is not None  # NB: no negative value in the whole, none in a part
            within += share * part_sum / part.n
            between += share * _ln(mu_g / mu)
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
    key: str,
    label: str,
    value: Decimal | None,
    unit: str,
    formula: Callable[[], str],
    method: str,
    inputs: Callable[[], tuple[Input, ...]],
    status: str = "",
) -> Figure:
    """An equity figure; its formula and inputs are written when read (``docs/cifras.md``)."""
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


def _cv_formula(spread: Spread) -> Callable[[], str]:
    def write() -> str:
        if spread.cv is None:
            return f"sin valores o con media 0 (n = {spread.n}): no se calcula"
        return (
            f"σ / μ × 100 = {_n(spread.sigma, INDEX_PLACES)} / {_n(spread.mean, INDEX_PLACES)} × 100 = "
            f"{fmt_percent(spread.cv, 2)} (σ poblacional = √(Σ(xᵢ − μ)² / n), n = {spread.n})"
        )

    return write


def _gini_formula(spread: Spread) -> Callable[[], str]:
    def write() -> str:
        if spread.gini is None:
            return f"valores negativos, sin valores o media ≤ 0 (n = {spread.n}): no se calcula"
        return (
            f"Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ) = {_n(spread.differences, INDEX_PLACES)} / "
            f"(2 × {spread.n}² × {_n(spread.mean, INDEX_PLACES)}) = {_n(spread.gini, INDEX_PLACES)}"
        )

    return write


def _theil_formula(spread: Spread) -> Callable[[], str]:
    def write() -> str:
        if spread.theil is None:
            return f"valores negativos, sin valores o media ≤ 0 (n = {spread.n}): no se calcula"
        return (
            f"(1/n) Σ (xᵢ/μ) ln(xᵢ/μ) = {_n(spread.theil_sum, INDEX_PLACES)} / {spread.n} = "
            f"{_n(spread.theil, INDEX_PLACES)} (μ = {_n(spread.mean, INDEX_PLACES)})"
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
    if not units:
        return []
    spread = Spread([u.value for u in units], ordered=True)
    name = f"{series.code} {series.name}, {year}"
    inputs = _inputs(series, year, units)
    low, high = units[0], units[-1]
    best, worst = (high, low) if series.increasing else (low, high)
    ratio = high.value / low.value if low.value > 0 else None
    direction = "creciente: mejor / peor" if series.increasing else "decreciente: peor / mejor"
    figures = [
        _figure(f"{prefix}.rango", f"Rango entre unidades territoriales de {name}", high.value - low.value,
                series.unit,
                lambda: f"máximo ({high.name}) {_n(high.value)} − mínimo ({low.name}) {_n(low.value)} = "
                        f"{_n(high.value - low.value)}",
                "valor más alto − valor más bajo entre comunas y corregimientos", inputs),
        _figure(f"{prefix}.razon", f"Razón entre la mejor y la peor unidad de {name}", ratio, TIMES,
                lambda: f"{direction} = {_n(high.value)} ({high.name}) / {_n(low.value)} ({low.name}) = "
                        f"{_n(ratio)} veces; mejor: {best.name}, peor: {worst.name}"
                        if ratio is not None else "la unidad más baja vale 0 o menos: no se calcula",
                "razón entre el valor de la mejor unidad y el de la peor, según la dirección del indicador",
                inputs),
        _figure(f"{prefix}.cv", f"Coeficiente de variación de {name}", spread.cv, "%", _cv_formula(spread),
                "desviación estándar poblacional / media × 100", inputs),
        *_index_figures(spread, inputs, prefix, name, ""),
    ]  # fmt: skip
    zones = {}
    for zone in ZONES:
        zone_units = [u for u in units if u.zone == zone]
        if zone_units:
            # NB: a subsequence of the sorted units is sorted
            zones[zone] = Spread([u.value for u in zone_units], ordered=True)
            figures += _index_figures(zones[zone], _inputs(series, year, zone_units), prefix, name, zone)
    if len(zones) == len(ZONES):
        figures += _split_figures(zones, inputs, prefix, name)
    return figures


def _index_figures(
    spread: Spread,
    inputs: Callable[[], tuple[Input, ...]],
    prefix: str,
    name: str,
    zone: str,
) -> list[Figure]:
    suffix = f"_{zone}" if zone else ""
    where = f" en la {ZONE_NAMES[zone]}" if zone else ""
    return [
        _figure(f"{prefix}.gini{suffix}", f"Gini entre unidades territoriales{where} de {name}", spread.gini,
                INDEX, _gini_formula(spread), "diferencia absoluta media de todos los pares / (2 × media)",
                inputs),
        _figure(f"{prefix}.theil{suffix}", f"Theil T entre unidades territoriales{where} de {name}",
                spread.theil, INDEX, _theil_formula(spread), "índice de Theil T", inputs),
    ]  # fmt: skip


def _split_figures(
    zones: Mapping[str, Spread], inputs: Callable[[], tuple[Input, ...]], prefix: str, name: str
) -> list[Figure]:
    """Theil between and within the zones, from the zones' own measures."""
    split = _split(Spread([x for spread in zones.values() for x in spread.xs]), zones)
    if split is None:
        return []

    def formula(words: str, value: Decimal) -> Callable[[], str]:
        def write() -> str:
            shares = "; ".join(f"s_{zone} = {_n(s, INDEX_PLACES)}" for zone, s in split.shares.items())
            return f"{words} = {_n(value, INDEX_PLACES)} ({shares})"

        return write

    method = "descomposición del índice de Theil T por zona (s_g = n_g μ_g / (n μ))"
    return [
        _figure(f"{prefix}.theil_entre_zonas", f"Theil entre las zonas urbana y rural de {name}",
                split.between, INDEX, formula("Σ_g s_g ln(μ_g/μ)", split.between), method, inputs),
        _figure(f"{prefix}.theil_dentro_zonas", f"Theil dentro de las zonas urbana y rural de {name}",
                split.within, INDEX, formula("Σ_g s_g T_g", split.within), method, inputs),
    ]  # fmt: skip


def gap_figures(series: EquitySeries, year: int, prefix: str) -> list[Figure]:
    """Each unit's gap to the city's value and to the year's target (``prefix.<unit>.ciudad|meta``)."""
    units = sorted(series.values.get(year, ()), key=lambda u: u.code)
    reference, source = city_reference(series, year)
    target = series.targets.get(year)
    references = [
        (part, ref, words)
        for part, ref, words in (("ciudad", reference, f"ciudad: {source}"), ("meta", target, "meta del año"))
        if ref is not None
    ]
    figures = []
    for u in units:
        for part, ref, words in references:
            g = gap(u.value, ref, series.increasing)
            figures.append(
                _figure(f"{prefix}.{slug(u.code)}.{part}",
                        f"Brecha de {u.name} frente a la {'ciudad' if part == 'ciudad' else 'meta'} en "
                        f"{series.code} {series.name}, {year}", g, series.unit,
                        _gap_formula(series.increasing, u, ref, words, g),
                        "brecha en la unidad del indicador; positiva: la unidad está rezagada",
                        _gap_inputs(series, year, u, part, words, ref))
            )  # fmt: skip
    return figures


def _gap_inputs(
    series: EquitySeries, year: int, unit: UnitValue, part: str, words: str, reference: Decimal
) -> Callable[[], tuple[Input, ...]]:
    return lambda: (
        Input(f"{series.ref}:{unit.code}:{year}", f"{unit.name}, {year}", unit.value),
        Input(f"{series.ref}:{part}:{year}", words, reference),
    )


def _gap_formula(
    increasing: bool, unit: UnitValue, reference: Decimal, words: str, g: Decimal
) -> Callable[[], str]:
    def write() -> str:
        if increasing:
            terms = f"{_n(reference)} ({words}) − {_n(unit.value)} ({unit.name})"
        else:
            terms = f"{_n(unit.value)} ({unit.name}) − {_n(reference)} ({words})"
        sense = "creciente: referencia − valor" if increasing else "decreciente: valor − referencia"
        return f"{sense} = {terms} = {_n(g)}"

    return write


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
            _figure(f"{prefix}.tendencia_{part}",
                    f"Cambio del coeficiente de variación de {series.code} {series.name}, {since}-{year}",
                    change, "puntos", _trend_formula(year, since, now, before, change, status),
                    "diferencia de coeficientes de variación: negativa, las brechas se cierran; positiva, "
                    "se amplían",
                    _trend_inputs(prefix, year, since, now, before), status)
        )  # fmt: skip
    return figures


def _trend_formula(
    year: int, since: int, now: Decimal | None, before: Decimal | None, change: Decimal | None, status: str
) -> Callable[[], str]:
    return lambda: (
        f"CV {year} − CV {since} = {fmt_percent(now, 2)} − {fmt_percent(before, 2)} = "
        f"{_n(change)} puntos: las brechas {status}"
    )


def _trend_inputs(
    prefix: str, year: int, since: int, now: Decimal | None, before: Decimal | None
) -> Callable[[], tuple[Input, ...]]:
    return lambda: (
        Input(f"{prefix}.cv:{year}", f"CV {year}", now),
        Input(f"{prefix}.cv:{since}", f"CV {since}", before),
    )


def equity_figures(series: EquitySeries, year: int) -> list[Figure]:
    """The equity of ``series`` as of ``year``: the measures of its latest year measured up to ``year``
    (``equidad.<indicator>.*``: the headline ones) with each unit's gaps and the trend, and the measures
    of every year measured (``equidad.historia.<indicator>.<year>.*``)."""
    years = series.years(year)
    if not years:
        return []
    latest = years[-1]
    key = series.key
    headline = year_figures(series, latest, f"equidad.{key}")
    figures = [
        *headline,
        *trend_figures(series, latest, f"equidad.{key}"),
        *gap_figures(series, latest, f"equidad.brecha.{key}"),
    ]
    for y in years[:-1]:
        figures += year_figures(series, y, f"equidad.historia.{key}.{y}")
    # NB: the latest year's history is the headline's measures under the history's keys, not computed twice
    start = len(f"equidad.{key}")
    history = f"equidad.historia.{key}.{latest}"
    return figures + [f.replaced(key=history + f.key[start:]) for f in headline]
