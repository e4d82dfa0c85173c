"""Indicator figures: yearly compliance, term progress, traffic lights and progress classes.

The rules, as the planning department's development-plan tool applies them and as this module states
them next to every figure:

- **Yearly compliance** = achievement of the year / target of the year x 100 (for a decreasing
  indicator: target / achievement x 100, because less is better). No target programmed for the year:
  ``gris``; a programmed target of 0: ``NA`` (no aplica); no achievement at the cut-off: ``ND``
  (no disponible). Compliance is not capped: 130 % means the year's target was beaten.
- **Term progress** to the plan target, in %: the plan's own calculation rules decide it
  (``ssepot.core.rules``, the one policy: which named rule each accumulation code follows, the baseline,
  the cap); ``term_progress`` only gives it the shape of a figure with its key, label and inputs.
- **Traffic light**: ``ssepot.core.rules.traffic_light``, against the straight-line expectation of the
  months elapsed of the term.
- **Progress classes** (the POT-PDD chapter): ``alto`` when progress >= 90 % of the expectation, ``bajo``
  below 60 %, ``medio`` between; or, when the plan says so, absolute thresholds as shares of the target.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent, share, share_formula
from ssepot.core.periods import Year as PeriodYear
from ssepot.core.rules import RULE_LABELS, Result, RuleSet, Series, Term, evaluate

METHOD_VERSION = "1"

INCREASING = "C"
DECREASING = "D"

GREY = "gris"
NOT_APPLICABLE, NOT_AVAILABLE = "NA", "ND"
HIGH, MEDIUM, LOW = "alto", "medio", "bajo"
CLASS_LABELS = {HIGH: "avance alto", MEDIUM: "avance medio", LOW: "avance bajo", NOT_AVAILABLE: "sin dato"}


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
    periods: Mapping[int, PeriodYear] = field(default_factory=dict)
    """The years combined from quarters or months (``ssepot.core.periods``), with how many were reported."""

    @property
    def ref(self) -> str:
        return f"indicator:{self.id}"

    @property
    def decreasing(self) -> bool:
        return self.direction == DECREASING


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


def period_note(series: IndicatorSeries, year: int) -> str:
    """``2025 parcial: 3 de 4 trimestres reportados`` when the year was combined from some of its quarters
    or months only (the periods not reported are not zeros); empty otherwise."""
    combined = series.periods.get(year)
    if combined is None or not combined.partial:
        return ""
    return f"{year} parcial: {combined.coverage} reportados"


def period_formula(series: IndicatorSeries, year: int) -> str:
    """How the year's value and target were combined from its periods (``; 2025: flujo: suma de T1 + T2
    ...``), or empty when the year has its own rows."""
    combined = series.periods.get(year)
    return f"; {combined.formula}" if combined is not None and combined.reported else ""


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
            f"{period_formula(series, year)}"
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
        note=period_note(series, year),
    )


COMPLIANCE_METHOD = (
    "cumplimiento anual = logro del año / meta del año × 100 (decreciente: meta / logro); "
    "sin meta programada: gris; meta 0: NA; sin logro al corte: ND; sin tope"
)


def rules_series(series: IndicatorSeries) -> Series:
    """The indicator as the plan's rules (``ssepot.core.rules``) read it."""
    return Series(
        ref=series.ref,
        code=series.code,
        accumulation=series.accumulation,
        decreasing=series.decreasing,
        plan_target=series.plan_target,
        baseline=series.baseline,
        baseline_included=series.baseline_included,
        targets=series.targets,
        achievements=series.achievements,
        weight=series.weight,
    )


def progress_term(
    series: IndicatorSeries,
    year: int,
    start_year: int | None = None,
    end_year: int | None = None,
    cutoff: dt.date | None = None,
) -> Term:
    """The term an indicator's progress runs over, cut off on ``cutoff`` (default 31 December of ``year``):
    from ``start_year`` (default: its first year with a target, else with data) to ``end_year`` (default: its
    last year with a target, or ``year`` when later, so every value up to the cut-off counts)."""
    years = sorted(series.targets) or sorted(series.achievements) or [year]
    first = years[0] if start_year is None else start_year
    last = max(year, years[-1]) if end_year is None else end_year
    return Term(first, max(first, last), cutoff or dt.date(year, 12, 31))


def term_progress(
    series: IndicatorSeries,
    year: int,
    rules: RuleSet,
    *,
    start_year: int | None = None,
    end_year: int | None = None,
    cutoff: dt.date | None = None,
    result: Result | None = None,
) -> Figure:
    """Progress toward the plan target at the cut-off ``year`` (on ``cutoff``, default 31 December) by the
    plan's ``rules`` (``result``: that evaluation when the caller already made it)
    (``ssepot.core.rules.evaluate`` over ``progress_term``), in %, floored at 0 and capped by the rules.

    Status ``gris`` without plan target, ``ND`` without data (or a decreasing indicator without
    baseline), ``NA`` when the target equals the starting point. The inputs are the values, the plan
    target, the baseline, the value compared with the target and the uncapped progress.
    """
    r = result or evaluate(
        rules_series(series), rules, progress_term(series, year, start_year, end_year, cutoff)
    )
    ref = series.ref
    # NB: the programmed progress does not make this figure's value (it is the compliance's)
    made = [i for i in r.inputs if not i.ref.startswith(f"{ref}:programado:")]
    if r.compared is not None:
        made.append(Input(f"{ref}:valor:{year}", f"Valor {year} que se compara con la meta", r.compared))
    if r.uncapped is not None:
        made.append(Input(f"{ref}:avance_sin_tope:{year}", f"Avance {year} sin tope", r.uncapped * HUNDRED))
    return Figure(
        key=f"indicador.{series.id}.avance.{year}",
        label=f"Avance {year} de {series.code} {series.name}".strip(),
        value=None if r.progress is None else r.progress * HUNDRED,
        unit="%",
        formula=r.formula + period_formula(series, year),
        method=f"avance del periodo; {RULE_LABELS[r.rule]}; {rules.describe()}",
        version=str(rules.version),
        inputs=tuple(made),
        status=r.status,
        terms=("avance",),
        note=period_note(series, year),
    )


def expected_progress(months_elapsed: int, months_total: int) -> Decimal:
    """The straight-line expectation in %: ``100 x months elapsed / months of the term``."""
    if months_total <= 0:
        raise ValueError("the term must last at least one month")
    return Decimal(months_elapsed) * HUNDRED / Decimal(months_total)


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
