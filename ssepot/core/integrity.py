"""Integrity checks on plain records: what would make a figure silently wrong, found before it is shown.

Checks (each a ``Problem`` with a ``kind``, the ``ref`` of the record at fault and a Spanish message):

- ``compromiso_sin_indicador``: a commitment no indicator measures.
- ``indicador_sin_datos``: an indicator with no value in the last N periods up to the cut-off (N = 2 by
  default; the periods are years).
- ``proyecto_sin_vinculo``: a project linked to no indicator and no commitment.
- ``pesos_no_suman``: siblings whose weights sum neither to 1 nor to 100 within a tolerance (0.001 and
  0.1 by default: the sheets store weights with a few decimals).
- ``peso_ausente``: a sibling without a weight among siblings that have one (the roll-up counts it as 0).
- ``meta_faltante``: a year between an indicator's first and last programmed year with no target.

Refs are strings such as ``commitment:17``, ``indicator:4``, ``project:9``, ``programa:1.2.3``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.figures import HUNDRED, fmt_number

COMMITMENT_WITHOUT_INDICATOR = "compromiso_sin_indicador"
INDICATOR_WITHOUT_DATA = "indicador_sin_datos"
PROJECT_UNLINKED = "proyecto_sin_vinculo"
WEIGHTS_DO_NOT_SUM = "pesos_no_suman"
WEIGHT_MISSING = "peso_ausente"
TARGET_MISSING = "meta_faltante"

ONE = Decimal(1)


@dataclass(frozen=True)
class Problem:
    kind: str
    ref: str
    message: str


@dataclass(frozen=True)
class WeightGroup:
    """The children of one node (``parent``) and their weights (None = no weight)."""

    parent: str
    weights: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True)
class TargetSchedule:
    """An indicator's programmed period (first and last year) and the years that have a target."""

    ref: str
    start_year: int
    end_year: int
    target_years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class IntegrityInput:
    """Everything the checks need, as plain ids and links."""

    commitments: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    commitment_indicator_links: tuple[tuple[str, str], ...] = ()
    """(commitment, indicator) pairs."""
    project_indicator_links: tuple[tuple[str, str], ...] = ()
    """(project, indicator) pairs."""
    project_commitment_links: tuple[tuple[str, str], ...] = ()
    """(project, commitment) pairs."""
    data_years: Mapping[str, Collection[int]] = field(default_factory=dict)
    """Indicator ref -> the years with a reported value."""
    weight_groups: tuple[WeightGroup, ...] = ()
    schedules: tuple[TargetSchedule, ...] = ()


def commitments_without_indicators(
    commitments: Iterable[str], links: Iterable[tuple[str, str]]
) -> list[Problem]:
    """Commitments that appear in no (commitment, indicator) link."""
    measured = {c for c, _ in links}
    return [
        Problem(COMMITMENT_WITHOUT_INDICATOR, c, f"El compromiso {c} no tiene ningún indicador que lo mida.")
        for c in commitments
        if c not in measured
    ]


def indicators_without_data(
    data_years: Mapping[str, Collection[int]], indicators: Iterable[str], cutoff_year: int, periods: int = 2
) -> list[Problem]:
    """Indicators with no value in any of the ``periods`` years up to ``cutoff_year`` (inclusive)."""
    if periods < 1:
        raise ValueError("periods must be at least 1")
    window = range(cutoff_year - periods + 1, cutoff_year + 1)
    problems = []
    for ref in indicators:
        if not any(y in window for y in data_years.get(ref, ())):
            problems.append(
                Problem(
                    INDICATOR_WITHOUT_DATA,
                    ref,
                    f"El indicador {ref} no tiene datos en los últimos {periods} periodos "
                    f"({window[0]}-{window[-1]}).",
                )
            )
    return problems


def projects_linked_to_nothing(
    projects: Iterable[str],
    indicator_links: Iterable[tuple[str, str]],
    commitment_links: Iterable[tuple[str, str]],
) -> list[Problem]:
    """Projects that appear in no (project, indicator) and no (project, commitment) link."""
    linked = {p for p, _ in indicator_links} | {p for p, _ in commitment_links}
    return [
        Problem(PROJECT_UNLINKED, p, f"El proyecto {p} no está vinculado a ningún indicador ni compromiso.")
        for p in projects
        if p not in linked
    ]


def weights_not_summing(
    groups: Iterable[WeightGroup],
    tolerance: Decimal = Decimal("0.001"),
    percent_tolerance: Decimal = Decimal("0.1"),
) -> list[Problem]:
    """Sibling weights that sum neither to 1 (within ``tolerance``) nor to 100 (within
    ``percent_tolerance``), and missing weights among siblings that have weights. Siblings with no
    weight at all are a simple mean, not a problem."""
    problems = []
    for group in groups:
        given = [w for _, w in group.weights if w is not None]
        if not given:
            continue
        for child, w in group.weights:
            if w is None:
                problems.append(
                    Problem(
                        WEIGHT_MISSING,
                        child,
                        f"{child} no tiene peso y sus hermanos en {group.parent} sí: en el agregado cuenta "
                        "como 0.",
                    )
                )
        total = sum(given, Decimal(0))
        if abs(total - ONE) > tolerance and abs(total - HUNDRED) > percent_tolerance:
            problems.append(
                Problem(
                    WEIGHTS_DO_NOT_SUM,
                    group.parent,
                    f"Los pesos de los hijos de {group.parent} suman {fmt_number(total, 4)}: ni 1 ni 100.",
                )
            )
    return problems


def missing_targets(schedules: Iterable[TargetSchedule]) -> list[Problem]:
    """Years between an indicator's start and end years (inclusive) without a target, one problem each."""
    return [
        Problem(TARGET_MISSING, s.ref, f"El indicador {s.ref} no tiene meta programada para {year}.")
        for s in schedules
        for year in range(s.start_year, s.end_year + 1)
        if year not in s.target_years
    ]


def check_all(data: IntegrityInput, cutoff_year: int, periods_without_data: int = 2) -> list[Problem]:
    """Every check, in the order of the module docstring."""
    return [
        *commitments_without_indicators(data.commitments, data.commitment_indicator_links),
        *indicators_without_data(data.data_years, data.indicators, cutoff_year, periods_without_data),
        *projects_linked_to_nothing(
            data.projects, data.project_indicator_links, data.project_commitment_links
        ),
        *weights_not_summing(data.weight_groups),
        *missing_targets(data.schedules),
    ]
