"""Indicator figures: yearly compliance, term progress, traffic lights and progress classes.

The rules, as the planning department's development-plan tool applies them and as this module states
them next to every figure:

- **Yearly compliance** = achievement of the year / target of the year x 100 (for a decreasing
  indicator: target / achievement x 100, because less is better). No target programmed for the year:
  ``gris``; a programmed target of 0: ``NA`` (no aplica); no achievement at the cut-off: ``ND``
  (no disponible). Compliance is not capped: 130 % means the year's target was beaten.
- **Term progress** to the plan target, in % and capped to [0, 100] (the uncapped value stays in the
  formula and the inputs). The accumulation type (FC) decides how the years combine: ``A`` (accumulated)
  sums the achievements from the term's first year to the cut-off year, plus the baseline when the
  baseline counts toward the target; ``NoA`` (not accumulated) and ``M`` (maintenance) take the last
  achievement up to the cut-off year. Increasing (``C``): ``(value - start) / (target - start)``, where
  ``start`` is the baseline when it counts toward the target (NoA and M) and 0 otherwise; decreasing
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent, share

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
    inputs = (
        Input(f"{series.ref}:meta:{year}", f"Meta {year} de {series.code}", target),
        Input(f"{series.ref}:logro:{year}", f"Logro {year} de {series.code}", achievement),
    )
    value: Decimal | None = None
    status = ""
    if target is None:
        status = GREY
        formula = f"sin meta programada para {year}: no se calcula (gris)"
    elif target == 0:
        status = NOT_APPLICABLE
        formula = f"meta {year} = 0: no aplica (NA)"
    elif achievement is None:
        status = NOT_AVAILABLE
        formula = f"sin logro reportado para {year} al corte: no disponible (ND)"
    elif series.decreasing:
        if achievement == 0:
            value = HUNDRED
            formula = f"indicador decreciente con logro 0 y meta {_num(target)}: meta superada = 100 %"
        else:
            value = target * HUNDRED / achievement
            formula = (
                f"meta {year} / logro {year} × 100 = {_num(target)} / {_num(achievement)} × 100 = "
                f"{_pct(value)} (indicador decreciente)"
            )
    else:
        value = achievement * HUNDRED / target
        formula = (
            f"logro {year} / meta {year} × 100 = {_num(achievement)} / {_num(target)} × 100 = {_pct(value)}"
        )
    return Figure(
        key=f"indicador.{series.id}.cumplimiento.{year}",
        label=f"Cumplimiento {year} de {series.code} {series.name}".strip(),
        value=value,
        unit="%",
        formula=formula,
        method=(
            "cumplimiento anual = logro del año / meta del año × 100 (decreciente: meta / logro); "
            "sin meta programada: gris; meta 0: NA; sin logro al corte: ND; sin tope"
        ),
        version=METHOD_VERSION,
        inputs=inputs,
        status=status,
        terms=("cumplimiento",),
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

    ``start_year`` is the term's first year (default: the first year with a target). ``A`` sums the
    achievements from ``start_year`` to ``year`` (plus the baseline when it counts toward the target);
    ``NoA`` and ``M`` take the last achievement in that range. Increasing: ``(value - start) / (target -
    start) x 100`` with ``start`` = baseline when it counts toward the target (NoA, M) else 0. Decreasing:
    ``(baseline - value) / (baseline - target) x 100``. Status: ``gris`` without plan target, ``ND``
    without data (or a decreasing indicator without baseline), ``NA`` for a zero span.
    """
    key = f"indicador.{series.id}.avance.{year}"
    label = f"Avance {year} de {series.code} {series.name}".strip()
    first = _term_start(series, start_year)
    in_term = sorted(
        (y, v) for y, v in series.achievements.items() if y <= year and (first is None or y >= first)
    )
    inputs: list[Input] = [
        Input(f"{series.ref}:logro:{y}", f"Logro {y} de {series.code}", v) for y, v in in_term
    ]
    inputs.append(Input(f"{series.ref}:meta_plan", f"Meta del plan de {series.code}", series.plan_target))
    if series.baseline is not None:
        inputs.append(Input(f"{series.ref}:linea_base", f"Línea base de {series.code}", series.baseline))
    uses_baseline = series.baseline_included and series.baseline is not None

    def result(value: Decimal | None, formula: str, status: str = "") -> Figure:
        return Figure(
            key=key,
            label=label,
            value=value,
            unit="%",
            formula=formula,
            method=_progress_method(series),
            version=METHOD_VERSION,
            inputs=tuple(inputs),
            status=status,
            terms=("avance",),
        )

    target = series.plan_target
    if target is None:
        return result(None, "sin meta del plan: no se calcula (gris)", GREY)
    if not in_term:
        return result(None, f"sin logros reportados hasta {year}: no disponible (ND)", NOT_AVAILABLE)

    if series.accumulation == ACCUMULATED:
        value = sum((v for _, v in in_term), ZERO)
        parts = " + ".join(_num(v) for _, v in in_term)
        described = f"logro acumulado {in_term[0][0]}-{year} = {parts}"
        if uses_baseline and series.baseline is not None:
            value += series.baseline
            described += f" + línea base {_num(series.baseline)}"
        described += f" = {_num(value)}"
    else:
        last_year, value = in_term[-1]
        described = f"último logro ({last_year}) = {_num(value)}"
    inputs.append(Input(f"{series.ref}:valor:{year}", f"Valor {year} que se compara con la meta", value))

    if series.decreasing:
        if series.baseline is None:
            return result(None, f"{described}; indicador decreciente sin línea base: ND", NOT_AVAILABLE)
        start = series.baseline
        span = start - target
        if span == 0:
            return result(None, f"{described}; línea base = meta ({_num(target)}): NA", NOT_APPLICABLE)
        uncapped = (start - value) * HUNDRED / span
        ratio = (
            f"(línea base - valor) / (línea base - meta) × 100 = ({_num(start)} - {_num(value)}) / "
            f"({_num(start)} - {_num(target)}) × 100"
        )
    else:
        use_start = uses_baseline and series.accumulation != ACCUMULATED
        start = series.baseline if use_start and series.baseline is not None else ZERO
        span = target - start
        if span == 0:
            return result(None, f"{described}; meta = punto de partida ({_num(start)}): NA", NOT_APPLICABLE)
        uncapped = (value - start) * HUNDRED / span
        if start == 0:
            ratio = f"valor / meta × 100 = {_num(value)} / {_num(target)} × 100"
        else:
            ratio = (
                f"(valor - línea base) / (meta - línea base) × 100 = ({_num(value)} - {_num(start)}) / "
                f"({_num(target)} - {_num(start)}) × 100"
            )
    inputs.append(Input(f"{series.ref}:avance_sin_tope:{year}", f"Avance {year} sin tope", uncapped))
    capped = _clamp(uncapped)
    tail = f"{_pct(uncapped)}"
    if capped != uncapped:
        tail += f"; con tope en [0 %, 100 %] = {_pct(capped)}"
    return result(capped, f"{described}; {ratio} = {tail}")


def _progress_method(series: IndicatorSeries) -> str:
    how = {
        ACCUMULATED: "acumulado (A): suma de los logros del periodo hasta el corte",
        NOT_ACCUMULATED: "no acumulado (NoA): último logro hasta el corte",
        MAINTENANCE: "mantenimiento (M): último logro hasta el corte",
    }.get(series.accumulation, f"acumulación {series.accumulation}: último logro hasta el corte")
    if series.decreasing:
        span = "decreciente: (línea base - valor) / (línea base - meta)"
    elif series.baseline_included:
        span = "creciente con línea base incluida: (valor - línea base) / (meta - línea base) (A: se suma)"
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
            inputs=tuple(Input(ref, ref, p) for ref, p in progress_by_ref.items()),
        )
    ]
    names = [HIGH, MEDIUM, LOW] + ([NOT_AVAILABLE] if counts[NOT_AVAILABLE] else [])
    for name in names:
        n = counts[name]
        chosen = tuple(Input(ref, ref, progress_by_ref[ref]) for ref, c in classes.items() if c == name)
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
                formula=f"{n} / {total} × 100 = {_pct(pct)}",
                method="participación en el total de indicadores clasificados",
                version=METHOD_VERSION,
                inputs=chosen,
                terms=(CLASS_LABELS[name],),
            )
        )
    return figures
