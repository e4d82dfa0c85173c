"""Indicator figures: yearly compliance, term progress, traffic lights and progress classes.

The rules, as the planning department's development-plan tool applies them and as this module states
them next to every figure:

- **Yearly compliance** = achievement of the year / target of the year x 100 (for a decreasing
  indicator: target / achievement x 100, because less is better). No target programmed for the year:
  ``gris``; a programmed target of 0: ``NA`` (no aplica); no achievement at the cut-off: ``ND``
  (no disponible). Compliance is not capped: 130 % means the year's target was beaten.
- **Term progress** to the plan target, in % and capped to [0, 100] (the uncapped value stays in the
  formula and the inputs). The accumulation type (FC) decides how the years combine, as Medellín's
  planning department reads it: ``A`` (accumulated) is a stock, each reported value already includes the
  earlier years, so the last achievement up to the cut-off year is compared with the target; ``NoA`` (not
  accumulated) is a yearly flow, so the achievements from the term's first year to the cut-off year are
  summed, plus the baseline when the baseline counts toward the target. ``M`` (maintenance) takes the last
  achievement for now, like ``A``. Increasing (``C``): ``(value - start) / (target - start)``, where
  ``start`` is the baseline when it counts toward the target (A and M) and 0 otherwise; decreasing
  (``D``): the progress runs from the baseline down to the target, ``(baseline - value) / (baseline -
  target)``. A zero span (target equal to the start) gives ``NA``; no achievement, or a decreasing
  indicator without a baseline, gives ``ND``; no plan target gives ``gris``.
- **Traffic light** against the straight-line expectation ``100 x months elapsed / months of the term``:
  ``verde`` when progress >= 90 % of the expectation, ``rojo`` below 60 %, ``amarillo`` between (with
  48 months: 0.01875 x m and 0.0125 x m as fractions). The shares are configurable per plan.
- **Progress classes** (the POT-PDD chapter): ``alto`` when progress >= 90 % of the expectation, ``bajo``
  below 60 %, ``medio`` between; or, when the plan says so, absolute thresholds as shares of the target.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent, share, share_formula

METHOD_VERSION = "1"

ACCUMULATED = "A"
NOT_ACCUMULATED = "NoA"
MAINTENANCE = "M"
INCREASING = "C"
DECREASING = "D"

GREEN, YELLOW, RED, GREY = "verde", "amarillo", "rojo", "gris"
NOT_APPLICABLE, NOT_AVAILABLE = "NA", "ND"
HIGH, MEDIUM, LOW = "alto", "medio", "bajo"
CLASS_LABELS = {HIGH: "avance alto", MEDIUM: "avance medio", LOW: "avance bajo", NOT_AVAILABLE: "sin dato"}

ZERO = Decimal(0)


@dataclass(frozen=True)
class IndicatorSeries:
    """One indicator's sheet values: accumulation (``A``, ``NoA``, ``M``), direction (``C``, ``D``),
    plan target, baseline (and whether it counts toward the target), yearly targets and achievements."""

    id: int
    code: str
    name: str
    accumulation: str
    direction: str
    plan_target: Decimal | None
    baseline: Decimal | None = None
    baseline_included: bool = False
    targets: Mapping[int, Decimal] = field(default_factory=dict)
    achievements: Mapping[int, Decimal] = field(default_factory=dict)
    weight: Decimal | None = None

    @property
    def ref(self) -> str:
        return f"indicator:{self.id}"

    @property
    def decreasing(self) -> bool:
        return self.direction == DECREASING


@dataclass(frozen=True)
class Thresholds:
    """Traffic-light thresholds as shares of the straight-line expectation."""

    green: Decimal = Decimal("0.9")
    red: Decimal = Decimal("0.6")


@dataclass(frozen=True)
class ClassThresholds:
    """Progress-class thresholds: shares of the expectation, or of the target when not relative."""

    high: Decimal = Decimal("0.9")
    low: Decimal = Decimal("0.6")
    relative_to_expectation: bool = True


def _pct(value: Decimal | None) -> str:
    return fmt_percent(value, 2)


def _num(value: Decimal | None) -> str:
    """Up to four decimals, trailing zeros dropped: the sheet's own numbers, readable."""
    if value is None:
        return "ND"
    return fmt_number(value, 4).rstrip("0").rstrip(",")


def yearly_compliance(series: IndicatorSeries, year: int) -> Figure:
    """Achievement of the year / target of the year x 100 (decreasing: target / achievement x 100).

    ``gris`` when no target is programmed for the year, ``NA`` when the target is 0, ``ND`` when there is
    no achievement at the cut-off; the value is None in those three cases. For a decreasing indicator an
    achievement of 0 against a positive target counts as 100 % (the target is beaten; the ratio has no
    value).
    """
    target = series.targets.get(year)
    achievement = series.achievements.get(year)
    value: Decimal | None = None
    status = ""
    if target is None:
        status = GREY
    elif target == 0:
        status = NOT_APPLICABLE
    elif achievement is None:
        status = NOT_AVAILABLE
    elif series.decreasing:
        value = HUNDRED if achievement == 0 else target * HUNDRED / achievement
    else:
        value = achievement * HUNDRED / target

    # NB: the explanation is written when it is read (``Figure``): the same numbers, only later
    def formula() -> str:
        if target is None:
            return f"sin meta programada para {year}: no se calcula (gris)"
        if target == 0:
            return f"meta {year} = 0: no aplica (NA)"
        if achievement is None:
            return f"sin logro reportado para {year} al corte: no disponible (ND)"
        if series.decreasing:
            if achievement == 0:
                return f"indicador decreciente con logro 0 y meta {_num(target)}: meta superada = 100 %"
            return (
                f"meta {year} / logro {year} × 100 = {_num(target)} / {_num(achievement)} × 100 = "
                f"{_pct(value)} (indicador decreciente)"
            )
        return (
            f"logro {year} / meta {year} × 100 = {_num(achievement)} / {_num(target)} × 100 = {_pct(value)}"
        )

    def inputs() -> tuple[Input, ...]:
        return (
            Input(f"{series.ref}:meta:{year}", f"Meta {year} de {series.code}", target),
            Input(f"{series.ref}:logro:{year}", f"Logro {year} de {series.code}", achievement),
        )

    return Figure(
        key=f"indicador.{series.id}.cumplimiento.{year}",
        label=f"Cumplimiento {year} de {series.code} {series.name}".strip(),
        value=value,
        unit="%",
        formula=formula,
        method=COMPLIANCE_METHOD,
        version=METHOD_VERSION,
        inputs=inputs,
        status=status,
        terms=("cumplimiento",),
    )


COMPLIANCE_METHOD = (
    "cumplimiento anual = logro del año / meta del año × 100 (decreciente: meta / logro); "
    "sin meta programada: gris; meta 0: NA; sin logro al corte: ND; sin tope"
)


def _term_start(series: IndicatorSeries, start_year: int | None) -> int | None:
    """The term's first year: given, or the first year with a target, or the first with data."""
    if start_year is not None:
        return start_year
    years = list(series.targets) or list(series.achievements)
    return min(years) if years else None


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), HUNDRED)


def term_progress(series: IndicatorSeries, year: int, start_year: int | None = None) -> Figure:
    """Progress toward the plan target at the cut-off ``year``, in % capped to [0, 100].

    ``start_year`` is the term's first year (default: the first year with a target). ``NoA`` sums the
    achievements from ``start_year`` to ``year`` (plus the baseline when it counts toward the target);
    ``A`` and ``M`` take the last achievement in that range. Increasing: ``(value - start) / (target -
    start) x 100`` with ``start`` = baseline when it counts toward the target (A, M) else 0. Decreasing:
    ``(baseline - value) / (baseline - target) x 100``. Status: ``gris`` without plan target, ``ND``
    without data (or a decreasing indicator without baseline), ``NA`` for a zero span.
    """
    first = _term_start(series, start_year)
    in_term = sorted(
        (y, v) for y, v in series.achievements.items() if y <= year and (first is None or y >= first)
    )
    baseline = series.baseline
    uses_baseline = series.baseline_included and baseline is not None
    # NB: FC=NoA holds yearly flows, so the term's values add up; A (a stock that already includes the
    # earlier years), M and any other code hold a level, so the last value is the one compared
    summed = series.accumulation == NOT_ACCUMULATED
    target = series.plan_target
    compared: Decimal | None = None  # the value compared with the target
    start = ZERO
    uncapped: Decimal | None = None
    status = ""
    if target is None:
        status = GREY
    elif not in_term:
        status = NOT_AVAILABLE
    else:
        if summed:
            compared = sum((v for _, v in in_term), ZERO)
            if uses_baseline and baseline is not None:
                compared += baseline
        else:
            compared = in_term[-1][1]
        if series.decreasing:
            if baseline is None:
                status = NOT_AVAILABLE
            else:
                start = baseline
                span = start - target
                if span == 0:
                    status = NOT_APPLICABLE
                else:
                    uncapped = (start - compared) * HUNDRED / span
        else:
            start = baseline if uses_baseline and not summed and baseline is not None else ZERO
            span = target - start
            if span == 0:
                status = NOT_APPLICABLE
            else:
                uncapped = (compared - start) * HUNDRED / span
    value = None if uncapped is None else _clamp(uncapped)

    # NB: the explanation is written when it is read (``Figure``): the same numbers, only later
    def formula() -> str:
        if target is None:
            return "sin meta del plan: no se calcula (gris)"
        if not in_term:
            return f"sin logros reportados hasta {year}: no disponible (ND)"
        if summed:
            parts = " + ".join(_num(v) for _, v in in_term)
            described = f"suma de los logros {in_term[0][0]}-{year} = {parts}"
            if uses_baseline and baseline is not None:
                described += f" + línea base {_num(baseline)}"
            described += f" = {_num(compared)}"
        else:
            described = f"último logro ({in_term[-1][0]}) = {_num(compared)}"
        if series.decreasing:
            if baseline is None:
                return f"{described}; indicador decreciente sin línea base: ND"
            if uncapped is None:
                return f"{described}; línea base = meta ({_num(target)}): NA"
            ratio = (
                f"(línea base - valor) / (línea base - meta) × 100 = ({_num(start)} - {_num(compared)}) / "
                f"({_num(start)} - {_num(target)}) × 100"
            )
        elif uncapped is None:
            return f"{described}; meta = punto de partida ({_num(start)}): NA"
        elif start == 0:
            ratio = f"valor / meta × 100 = {_num(compared)} / {_num(target)} × 100"
        else:
            ratio = (
                f"(valor - línea base) / (meta - línea base) × 100 = ({_num(compared)} - {_num(start)}) / "
                f"({_num(target)} - {_num(start)}) × 100"
            )
        tail = _pct(uncapped)
        if value != uncapped:
            tail += f"; con tope en [0 %, 100 %] = {_pct(value)}"
        return f"{described}; {ratio} = {tail}"

    def inputs() -> tuple[Input, ...]:
        ref, code = series.ref, series.code
        made = [Input(f"{ref}:logro:{y}", f"Logro {y} de {code}", v) for y, v in in_term]
        made.append(Input(f"{ref}:meta_plan", f"Meta del plan de {code}", target))
        if baseline is not None:
            made.append(Input(f"{ref}:linea_base", f"Línea base de {code}", baseline))
        if compared is not None:
            made.append(Input(f"{ref}:valor:{year}", f"Valor {year} que se compara con la meta", compared))
        if uncapped is not None:
            made.append(Input(f"{ref}:avance_sin_tope:{year}", f"Avance {year} sin tope", uncapped))
        return tuple(made)

    return Figure(
        key=f"indicador.{series.id}.avance.{year}",
        label=f"Avance {year} de {series.code} {series.name}".strip(),
        value=value,
        unit="%",
        formula=formula,
        method=_progress_method(series.accumulation, series.decreasing, series.baseline_included),
        version=METHOD_VERSION,
        inputs=inputs,
        status=status,
        terms=("avance",),
    )


@lru_cache(maxsize=64)
def _progress_method(accumulation: str, decreasing: bool, baseline_included: bool) -> str:
    """The method's text, the same for every indicator of the same kind."""
    how = {
        ACCUMULATED: "acumulado (A): último logro hasta el corte (ya incluye los años anteriores)",
        NOT_ACCUMULATED: "no acumulado (NoA): suma de los logros del periodo hasta el corte",
        MAINTENANCE: "mantenimiento (M): último logro hasta el corte",
    }.get(accumulation, f"acumulación {accumulation}: último logro hasta el corte")
    if decreasing:
        span = "decreciente: (línea base - valor) / (línea base - meta)"
    elif baseline_included:
        span = "creciente con línea base incluida: (valor - línea base) / (meta - línea base) (NoA: se suma)"
    else:
        span = "creciente: valor / meta"
    return f"avance del periodo; {how}; {span}; con tope en [0 %, 100 %]"


def expected_progress(months_elapsed: int, months_total: int) -> Decimal:
    """The straight-line expectation in %: ``100 x months elapsed / months of the term``."""
    if months_total <= 0:
        raise ValueError("the term must last at least one month")
    return Decimal(months_elapsed) * HUNDRED / Decimal(months_total)


def traffic_light(
    progress: Decimal | None,
    months_elapsed: int,
    months_total: int,
    thresholds: Thresholds = Thresholds(),
    *,
    programmed: bool = True,
    target_is_zero: bool = False,
) -> str:
    """``verde`` when progress >= green x expectation, ``rojo`` below red x expectation, else
    ``amarillo``; ``gris`` when nothing is programmed, ``NA`` when the target is 0, ``ND`` without data
    (checked in that order)."""
    if not programmed:
        return GREY
    if target_is_zero:
        return NOT_APPLICABLE
    if progress is None:
        return NOT_AVAILABLE
    expected = expected_progress(months_elapsed, months_total)
    if progress >= thresholds.green * expected:
        return GREEN
    if progress < thresholds.red * expected:
        return RED
    return YELLOW


def _class_bounds(
    months_elapsed: int, months_total: int, thresholds: ClassThresholds
) -> tuple[Decimal, Decimal]:
    """The (high, low) bounds in %."""
    base = expected_progress(months_elapsed, months_total) if thresholds.relative_to_expectation else HUNDRED
    return thresholds.high * base, thresholds.low * base


def progress_class(
    progress: Decimal | None,
    months_elapsed: int,
    months_total: int,
    thresholds: ClassThresholds = ClassThresholds(),
) -> str:
    """``alto`` when progress >= high bound, ``bajo`` below the low bound, ``medio`` between, ``ND``
    without a value. Bounds: shares of the straight-line expectation, or of 100 % when not relative."""
    if progress is None:
        return NOT_AVAILABLE
    high, low = _class_bounds(months_elapsed, months_total, thresholds)
    if progress >= high:
        return HIGH
    if progress < low:
        return LOW
    return MEDIUM


def class_distribution(
    progress_by_ref: Mapping[str, Decimal | None],
    months_elapsed: int,
    months_total: int,
    thresholds: ClassThresholds = ClassThresholds(),
    key_prefix: str = "pdd.clases",
) -> list[Figure]:
    """The total, then per class (``alto``, ``medio``, ``bajo``, and ``ND`` if any): count and share of
    all the indicators given (those without a value included in the base)."""
    high, low = _class_bounds(months_elapsed, months_total, thresholds)
    if thresholds.relative_to_expectation:
        expected = expected_progress(months_elapsed, months_total)
        rule = (
            f"esperado en línea recta = {months_elapsed} / {months_total} meses = {_pct(expected)}; "
            f"alto si avance >= {_pct(high)}, bajo si avance < {_pct(low)}, medio entre ambos"
        )
    else:
        rule = f"alto si avance >= {_pct(high)} de la meta, bajo si < {_pct(low)}, medio entre ambos"
    classes = {
        ref: progress_class(p, months_elapsed, months_total, thresholds) for ref, p in progress_by_ref.items()
    }
    counts = Counter(classes.values())
    total = len(classes)
    figures = [
        Figure(
            key=f"{key_prefix}.total",
            label="Indicadores clasificados",
            value=total,
            unit="indicadores",
            formula=f"número de indicadores = {total}",
            method="conteo",
            version=METHOD_VERSION,
            inputs=lambda: tuple(Input(ref, ref, p) for ref, p in progress_by_ref.items()),
        )
    ]
    names = [HIGH, MEDIUM, LOW] + ([NOT_AVAILABLE] if counts[NOT_AVAILABLE] else [])
    for name in names:
        n = counts[name]
        chosen = _class_inputs(progress_by_ref, classes, name)
        pct = share(n, total)
        figures.append(
            Figure(
                key=f"{key_prefix}.{name}",
                label=f"Indicadores con {CLASS_LABELS[name]}".capitalize(),
                value=n,
                unit="indicadores",
                formula=f"conteo de indicadores con {CLASS_LABELS[name]} = {n} ({rule})",
                method="clasificación del avance frente a lo esperado",
                version=METHOD_VERSION,
                inputs=chosen,
                terms=(CLASS_LABELS[name],),
            )
        )
        figures.append(
            Figure(
                key=f"{key_prefix}.{name}_pct",
                label=f"Porcentaje de indicadores con {CLASS_LABELS[name]}",
                value=pct,
                unit="%",
                formula=share_formula(n, total, pct),
                method="participación en el total de indicadores clasificados",
                version=METHOD_VERSION,
                inputs=chosen,
                terms=(CLASS_LABELS[name],),
            )
        )
    return figures


def _class_inputs(
    progress_by_ref: Mapping[str, Decimal | None], classes: Mapping[str, str], name: str
) -> Callable[[], tuple[Input, ...]]:
    """The inputs of one class, listed when the figure's explanation is read."""
    return lambda: tuple(Input(ref, ref, progress_by_ref[ref]) for ref, c in classes.items() if c == name)
