"""Money figures: budget, executed amount, execution and shares, in integer COP.

Rules: amounts are integer pesos (COP) and stay integers; a total is the plain sum of the records whose
year falls in the chosen years (the budget and the executed amount may use different years, e.g. the
execution program's full budget against the investment executed so far); execution % = executed /
budget x 100, not capped, and ``ND`` when the budget is 0. Formulas show amounts in millions of COP
(es-CO format) because that is how the report writes them; the values stay in pesos.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.commitments import slug
from ssepot.core.figures import Figure, Input, Number, fmt_number, fmt_percent, share

METHOD_VERSION = "1"

MILLION = Decimal(1_000_000)
UNASSIGNED = "Sin asignar"


@dataclass(frozen=True)
class MoneyRecord:
    """One budget line for one year: budget and executed amount in COP, and the groups it belongs to
    (``subsistema``, ``sistema``, ``programa``, ``dependencia``...)."""

    ref: str
    label: str
    year: int
    budget: int
    executed: int
    groups: Mapping[str, str] = field(default_factory=dict)


def millions(amount: Number | None, places: int = 0) -> str:
    """``5.733.749 millones`` from 5_733_749_000_000 pesos."""
    if amount is None:
        return "ND"
    return f"{fmt_number(Decimal(amount) / MILLION, places)} millones"


def _years_text(years: Collection[int] | None) -> str:
    if years is None:
        return "todos los años"
    ordered = sorted(set(years))
    if not ordered:
        return "ningún año"
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}-{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


def money_totals(
    records: Iterable[MoneyRecord],
    years: Collection[int] | None,
    key: str,
    label: str,
    *,
    budget_years: Collection[int] | None = None,
    executed_years: Collection[int] | None = None,
) -> list[Figure]:
    """Budget, executed and execution % of the records (keys ``{key}.presupuesto``, ``{key}.ejecutado``,
    ``{key}.ejecucion_pct``). ``years`` None means every year; ``budget_years`` and ``executed_years``
    override ``years`` for one of the two sums."""
    records = list(records)
    b_years = budget_years if budget_years is not None else years
    e_years = executed_years if executed_years is not None else years
    b_records = [r for r in records if b_years is None or r.year in b_years]
    e_records = [r for r in records if e_years is None or r.year in e_years]
    budget = sum(r.budget for r in b_records)
    executed = sum(r.executed for r in e_records)
    execution = share(executed, budget)
    b_text, e_text = _years_text(b_years), _years_text(e_years)

    # NB: inputs and formulas are written when they are read (``Figure``): the same numbers, only later
    def b_inputs() -> tuple[Input, ...]:
        return tuple(Input(r.ref, f"{r.label} ({r.year}), presupuesto", r.budget) for r in b_records)

    def e_inputs() -> tuple[Input, ...]:
        return tuple(Input(r.ref, f"{r.label} ({r.year}), ejecutado", r.executed) for r in e_records)

    return [
        Figure(
            key=f"{key}.presupuesto",
            label=f"Presupuesto de {label} ({b_text})",
            value=budget,
            unit="COP",
            formula=lambda: (
                f"Σ presupuesto de {len(b_records)} registros ({b_text}) = {millions(budget)} de COP"
            ),
            method="suma del presupuesto de los registros del periodo, en pesos enteros",
            version=METHOD_VERSION,
            inputs=b_inputs,
            terms=("presupuesto",),
        ),
        Figure(
            key=f"{key}.ejecutado",
            label=f"Ejecución de {label} ({e_text})",
            value=executed,
            unit="COP",
            formula=lambda: (
                f"Σ ejecutado de {len(e_records)} registros ({e_text}) = {millions(executed)} de COP"
            ),
            method="suma de lo ejecutado en los registros del periodo, en pesos enteros",
            version=METHOD_VERSION,
            inputs=e_inputs,
            terms=("inversión", "ejecución", "ejecutado"),
        ),
        Figure(
            key=f"{key}.ejecucion_pct",
            label=f"Porcentaje de ejecución de {label}",
            value=execution,
            unit="%",
            formula=lambda: (
                f"ejecutado / presupuesto × 100 = {millions(executed)} / {millions(budget)} × 100 = "
                f"{fmt_percent(execution, 2)}"
            ),
            method="ejecución financiera = ejecutado / presupuesto × 100, sin tope; presupuesto 0: ND",
            version=METHOD_VERSION,
            inputs=lambda: b_inputs() + e_inputs(),
            status="" if execution is not None else "ND",
            terms=("ejecución",),
        ),
    ]


def money_by_group(
    records: Iterable[MoneyRecord],
    group: str,
    key_prefix: str,
    years: Collection[int] | None = None,
    *,
    budget_years: Collection[int] | None = None,
    executed_years: Collection[int] | None = None,
) -> list[Figure]:
    """``money_totals`` for each value of ``records[].groups[group]`` (sorted by name), keyed
    ``{key_prefix}.{slug(name)}``; records without the group go to ``Sin asignar``."""
    by_name: dict[str, list[MoneyRecord]] = defaultdict(list)
    for r in records:
        by_name[r.groups.get(group) or UNASSIGNED].append(r)
    figures: list[Figure] = []
    for name, group_records in sorted(by_name.items()):
        figures += money_totals(
            group_records,
            years,
            f"{key_prefix}.{slug(name)}",
            name,
            budget_years=budget_years,
            executed_years=executed_years,
        )
    return figures


def share_figure(part: Figure, whole: Figure, key: str, label: str) -> Figure:
    """``part`` as a % of ``whole``, with both as inputs; ``ND`` when either is missing or the whole is
    0."""
    value = None if part.value is None or whole.value is None else share(part.value, whole.value)

    def shown(f: Figure) -> str:
        return millions(f.value) if f.unit == "COP" else fmt_number(f.value, 2)

    return Figure(
        key=key,
        label=label,
        value=value,
        unit="%",
        formula=lambda: (
            f"{part.label} / {whole.label} × 100 = {shown(part)} / {shown(whole)} × 100 = "
            f"{fmt_percent(value, 2)}"
        ),
        method="participación = parte / total × 100",
        version=METHOD_VERSION,
        inputs=(Input(part.key, part.label, part.value), Input(whole.key, whole.label, whole.value)),
        status="" if value is not None else "ND",
    )
