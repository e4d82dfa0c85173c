"""Commitment figures: counts and shares by status, global compliance, breakdowns and yearly history.

Rules: a commitment counts in the year's figures with its current status record; "reported" means done
(cumplido) or in progress (en proceso); the global compliance is the simple mean of the progress of the
reported ones (without a report or not applicable, a commitment does not enter the mean).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ssepot.core.figures import Figure, Input, fmt_number, fmt_percent, share, share_formula

METHOD_VERSION = "1"

DONE = "cumplido"
IN_PROGRESS = "en_proceso"
NO_REPORT = "sin_reporte"
NOT_APPLICABLE = "no_aplica"
NOT_REPORTED = "no_reportado"
"""Not a status but a group: without report or not applicable, as the report counts them together."""
STATUSES = (DONE, IN_PROGRESS, NO_REPORT, NOT_APPLICABLE)
REPORTED = (DONE, IN_PROGRESS)
GROUPS: Mapping[str, tuple[str, ...]] = {
    DONE: (DONE,),
    IN_PROGRESS: (IN_PROGRESS,),
    NO_REPORT: (NO_REPORT,),
    NOT_APPLICABLE: (NOT_APPLICABLE,),
    NOT_REPORTED: (NO_REPORT, NOT_APPLICABLE),
}
GROUP_LABELS = {
    DONE: "cumplidos",
    IN_PROGRESS: "en proceso",
    NO_REPORT: "sin reporte",
    NOT_APPLICABLE: "que no aplican",
    NOT_REPORTED: "sin reporte o que no aplican",
}
GROUP_TERMS = {
    DONE: ("cumplimiento", "cumplidos", "ejecutados", "culminados"),
    IN_PROGRESS: ("en proceso", "en desarrollo", "en ejecución"),
    NO_REPORT: ("sin reporte", "reporte no disponible", "información de reporte"),
    NOT_APPLICABLE: ("no aplica",),
    NOT_REPORTED: ("sin reporte", "no disponible", "no aplica", "información de reporte"),
}
HORIZON_LABELS = {
    "corto": "corto plazo",
    "mediano": "mediano plazo",
    "largo": "largo plazo",
    "plan": "vigencia del plan",
}
HORIZON_TERMS = {
    "corto": ("corto plazo",),
    "mediano": ("mediano plazo",),
    "largo": ("largo plazo",),
    "plan": ("horizonte del plan", "vigencia del plan", "vigencia general del plan", "horizonte del pot"),
}


@dataclass(frozen=True)
class CommitmentRecord:
    """A commitment with its current status record for one year."""

    id: int
    code: str
    horizon: str
    typology: str
    subsystem: str
    agency: str
    status: str
    progress: Decimal | None

    def as_input(self) -> Input:
        """The record as a figure's input; built once, since every breakdown lists the same record."""
        made: Input | None = self.__dict__.get("_input")
        if made is None:
            shown = "sin avance" if self.progress is None else f"{fmt_number(self.progress, 2)} %"
            made = Input(f"commitment:{self.id}", f"{self.code} ({self.status.replace('_', ' ')})", shown)
            self.__dict__["_input"] = made  # NB: not a field: equality and hashing ignore it
        return made


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """A key fragment: ``Espacio público`` -> ``espacio_publico`` (cached: a plan has few distinct names,
    each seen on hundreds of records)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _inputs(records: Sequence[CommitmentRecord]) -> Callable[[], tuple[Input, ...]]:
    """The records as a figure's inputs, listed when the figure's explanation is read."""
    return lambda: tuple(r.as_input() for r in records)


def status_figures(
    records: Sequence[CommitmentRecord], prefix: str, scope: str, terms: tuple[str, ...] = ()
) -> list[Figure]:
    """The group's total, and for each status (and 'no reportado'): its count and its share of the group."""
    counts = Counter(r.status for r in records)
    total = len(records)
    figures = [
        Figure(
            key=f"{prefix}.total",
            label=f"Compromisos ({scope})",
            value=total,
            unit="compromisos",
            formula=f"número de compromisos ({scope}) = {total}",
            method="conteo",
            version=METHOD_VERSION,
            inputs=_inputs(records),
            terms=terms,
        )
    ]
    for group, statuses in GROUPS.items():
        n = sum(counts.get(s, 0) for s in statuses)
        chosen = _inputs([r for r in records if r.status in statuses])
        label = f"compromisos {GROUP_LABELS[group]} ({scope})"
        group_terms = terms + GROUP_TERMS[group]
        figures.append(
            Figure(
                key=f"{prefix}.{group}",
                label=label.capitalize(),
                value=n,
                unit="compromisos",
                formula=f"conteo de compromisos {GROUP_LABELS[group]} = {n}",
                method="conteo por estado",
                version=METHOD_VERSION,
                inputs=chosen,
                terms=group_terms,
            )
        )
        pct = share(n, total)
        figures.append(
            Figure(
                key=f"{prefix}.{group}_pct",
                label=f"Porcentaje de {label}",
                value=pct,
                unit="%",
                formula=share_formula(n, total, pct),
                method="participación en el total del grupo",
                version=METHOD_VERSION,
                inputs=chosen,
                terms=group_terms,
            )
        )
    return figures


def global_compliance(
    records: Sequence[CommitmentRecord],
    key: str = "compromisos.cumplimiento_global",
    label: str = "Cumplimiento global de los compromisos",
    terms: tuple[str, ...] = ("cumplimiento global", "balance general"),
) -> Figure:
    """Mean progress of the reported commitments (done or in progress)."""
    reported = [r for r in records if r.status in REPORTED and r.progress is not None]
    total = sum((r.progress for r in reported if r.progress is not None), Decimal(0))
    value = total / len(reported) if reported else None
    return Figure(
        key=key,
        label=label,
        value=value,
        unit="%",
        formula=lambda: (
            f"suma del avance de los {len(reported)} compromisos reportados ({fmt_number(total, 2)}) "
            f"/ {len(reported)} = {fmt_percent(value, 2)}"
        ),
        method=(
            "media simple del avance de los compromisos cumplidos y en proceso; "
            "los que no tienen reporte o no aplican no entran"
        ),
        version=METHOD_VERSION,
        inputs=_inputs(reported),
        terms=terms,
    )


def horizon_figures(
    records: Sequence[CommitmentRecord], prefix: str = "compromisos.horizonte"
) -> list[Figure]:
    """Per horizon: its share of all commitments, then its status figures."""
    by_horizon: dict[str, list[CommitmentRecord]] = defaultdict(list)
    for r in records:
        by_horizon[r.horizon].append(r)
    figures = []
    for horizon in [h for h in HORIZON_LABELS if h in by_horizon] + sorted(
        set(by_horizon) - set(HORIZON_LABELS)
    ):
        group = by_horizon[horizon]
        label = HORIZON_LABELS.get(horizon, horizon)
        terms = HORIZON_TERMS.get(horizon, (label,))
        pct = share(len(group), len(records))
        figures.append(
            Figure(
                key=f"{prefix}.{horizon}.participacion",
                label=f"Participación de los compromisos de {label}",
                value=pct,
                unit="%",
                formula=share_formula(len(group), len(records), pct),
                method="participación en el total de compromisos",
                version=METHOD_VERSION,
                inputs=_inputs(group),
                terms=terms,
            )
        )
        figures += status_figures(group, f"{prefix}.{horizon}", label, terms)
    return figures


def breakdown(
    records: Iterable[CommitmentRecord], by: Callable[[CommitmentRecord], str], prefix: str
) -> list[Figure]:
    """Status figures for each group (typology, subsystem, agency), keyed by the group's slug."""
    groups: dict[str, list[CommitmentRecord]] = defaultdict(list)
    for r in records:
        groups[by(r)].append(r)
    figures = []
    for name, group in sorted(groups.items()):
        figures += status_figures(group, f"{prefix}.{slug(name)}", name, (name.lower(),))
        figures.append(
            global_compliance(
                group,
                f"{prefix}.{slug(name)}.cumplimiento",
                f"Cumplimiento de los compromisos ({name})",
                (f"cumplimiento de {name.lower()}", name.lower()),
            )
        )
    return figures


def year_figures(records: Sequence[CommitmentRecord]) -> list[Figure]:
    """Every commitment figure of one year."""
    return [
        *status_figures(records, "compromisos", "todos", ("compromisos",)),
        global_compliance(records),
        *horizon_figures(records),
        *breakdown(records, lambda r: r.typology, "compromisos.tipologia"),
        *breakdown(records, lambda r: r.subsystem, "compromisos.subsistema"),
        *breakdown(records, lambda r: r.agency, "compromisos.dependencia"),
    ]


def history(by_year: Mapping[int, Sequence[CommitmentRecord]]) -> list[Figure]:
    """The accumulated yearly history (2017-2025 in Medellín): per year, status counts and compliance."""
    figures = []
    for year in sorted(by_year):
        records = by_year[year]
        figures += status_figures(records, f"compromisos.historia.{year}", str(year))
        figures.append(
            global_compliance(
                records,
                f"compromisos.historia.{year}.cumplimiento_global",
                f"Cumplimiento global de los compromisos en {year}",
                (f"cumplimiento global {year}",),
            )
        )
    return figures
