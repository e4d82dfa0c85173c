"""Calculation rules as data: how a plan turns its indicators' targets and achievements into progress and
compliance at any cut-off date, and how those roll up its tree. Each plan declares its own ``RuleSet``
(versioned in the database, named beside every figure it makes); Medellín's planning department is a
shipped preset (``PRESETS``).

The rules, in plain words:

- **Accumulation** is a named rule, never a fixed meaning of a letter; each plan maps its own codes
  (``A``/``NoA``/``M``, ``Incremento``/``Mantenimiento``/``Reducción``...) to one of:
  - ``acumulado`` (cumulative stock): each reported value already includes earlier years, so the value
    compared with the plan target is the last one reported up to the cut-off;
  - ``flujo`` (yearly flow): each year's value is that year's own, so the value compared is their sum;
  - ``mantenimiento``: the months-weighted mean of each year's compliance (achievement / that year's
    target), ``Σ months_y × min(c_y, cap) / months of the term``; a year without a value adds 0;
  - ``nivel`` (level to reach): ``(last value - baseline) / (target - baseline)``.
- **Progress** of ``acumulado`` and ``flujo``: ``value / target`` (increasing), or ``(baseline - value) /
  (baseline - target)`` (decreasing); a ``flujo`` whose baseline counts toward the target adds it to its
  sum. An ``acumulado`` is compared with the target as it is even when the sheet says the baseline counts
  toward it (Medellín's workbook does so for every such indicator); a plan whose values run from the
  baseline maps its code to ``nivel``. Floored at 0 and capped at ``progress_cap`` (1 = 100 %) when it is
  shown and rolls up; the uncapped value stays in the formula. No plan target: ``gris``; nothing
  reported: ``ND``; a target equal to the starting point: ``NA``.
- **Codes** such as ``-1``, ``-2``, ``S/D`` are never numbers: a year with a code has no value. With
  ``missing_as_zero`` an indicator with no value at all counts as 0 % in its node's mean (the city's
  practice: it weighs, and it pulls the mean down); otherwise it is left out and its siblings reweighted.
- **Cut-off**: any date. The months of each year of the term up to the cut-off drive the maintenance rule
  and the traffic light; the programmed progress is the programming of the cut-off's year.
- **Programmed progress** of an indicator at the cut-off: the share its planning office declared for that
  year when it declared one; else its yearly targets put through the same rule (as if each were achieved).
- **Compliance** (cumplimiento) = achieved / programmed weighted progress, for an indicator and for every
  node: ``Σ w × min(P, cap) / Σ w × programmed``.
- **Weights**: ``global`` (a node weighs the sum of its indicators' weights: every node's value is the
  weighted mean of all the indicators below it), ``nodo`` (each node's own weight among its siblings) or
  ``conteo`` (a node weighs its number of programs).
- **Traffic light**: with ``m`` months elapsed of an ``M``-month term, green from ``green × m / M``, red
  below ``red × m / M`` (Medellín: 0.01875 × m and 0.0125 × m, its month table); ``gris`` when nothing is
  programmed, ``NA`` when the programmed value is 0, ``ND`` without a value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent
from ssepot.core.rollup import Node

STOCK, FLOW, MAINTENANCE, LEVEL = "acumulado", "flujo", "mantenimiento", "nivel"
RULES = (STOCK, FLOW, MAINTENANCE, LEVEL)
RULE_LABELS = {
    STOCK: "acumulado (stock): último valor reportado hasta el corte",
    FLOW: "flujo anual: suma de los valores de cada año hasta el corte",
    MAINTENANCE: "mantenimiento: media de los cumplimientos anuales ponderada por los meses",
    LEVEL: "nivel a alcanzar: (último valor - línea base) / (meta - línea base)",
}
GLOBAL, BY_NODE, BY_COUNT = "global", "nodo", "conteo"
GREY, NOT_AVAILABLE, NOT_APPLICABLE = "gris", "ND", "NA"
GREEN, YELLOW, RED = "verde", "amarillo", "rojo"
ZERO, ONE = Decimal(0), Decimal(1)


class RulesError(ValueError):
    """A rule set or an indicator that the rules cannot compute, in words a planner understands."""


class _Definition(BaseModel):
    """The stored form of a rule set (JSON in the database, YAML in a mapping): validated here."""

    model_config = ConfigDict(extra="forbid")

    nombre: str = Field(min_length=1, max_length=80)
    descripcion: str = ""
    acumulacion: dict[str, Literal["acumulado", "flujo", "mantenimiento", "nivel"]] = Field(min_length=1)
    tope_anual: Decimal | None = None
    tope_avance: Decimal | None = Decimal(1)
    sin_dato_cuenta_cero: bool = True
    pesos: Literal["global", "nodo", "conteo"] = "global"
    respetar_incluye_linea_base: bool = True
    verde: Decimal = Field(default=Decimal("0.9"), ge=0)
    rojo: Decimal = Field(default=Decimal("0.6"), ge=0)

    @model_validator(mode="after")
    def _red_below_green(self) -> _Definition:
        if self.rojo > self.verde:
            raise ValueError("el umbral rojo del semáforo no puede superar al verde")
        return self


@dataclass(frozen=True)
class RuleSet:
    """One version of a plan's calculation rules."""

    name: str
    accumulation: Mapping[str, str]
    """The plan's own code -> a named rule (``acumulado``, ``flujo``, ``mantenimiento``, ``nivel``)."""
    version: int = 1
    description: str = ""
    yearly_cap: Decimal | None = None
    """Cap of a year's compliance in the maintenance rule (None: no cap, Medellín's practice)."""
    progress_cap: Decimal | None = ONE
    """Cap of an indicator's progress when it is shown and rolls up (1 = 100 %)."""
    missing_as_zero: bool = True
    weights: str = GLOBAL
    baseline_flag: bool = True
    """Whether a sheet's «incluye línea base» adds the baseline to a flow's sum (Medellín: never)."""
    green: Decimal = Decimal("0.9")
    red: Decimal = Decimal("0.6")

    @classmethod
    def from_definition(cls, data: Mapping[str, object], version: int = 1) -> RuleSet:
        """From the stored (Spanish-keyed) definition; a bad one raises ``RulesError`` naming the key."""
        try:
            d = _Definition.model_validate(dict(data))
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"])
            if not key:  # NB: a check across keys (the traffic light's two thresholds)
                raise RulesError(f"reglas de cálculo: {first['ctx']['error']}") from None
            raise RulesError(f"reglas de cálculo, clave «{key}»: {first['msg']}") from None
        return cls(
            name=d.nombre,
            accumulation=dict(d.acumulacion),
            version=version,
            description=d.descripcion,
            yearly_cap=d.tope_anual,
            progress_cap=d.tope_avance,
            missing_as_zero=d.sin_dato_cuenta_cero,
            weights=d.pesos,
            baseline_flag=d.respetar_incluye_linea_base,
            green=d.verde,
            red=d.rojo,
        )

    def definition(self) -> dict[str, object]:
        """The stored form (JSON-ready)."""

        def num(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "nombre": self.name,
            "descripcion": self.description,
            "acumulacion": dict(self.accumulation),
            "tope_anual": num(self.yearly_cap),
            "tope_avance": num(self.progress_cap),
            "sin_dato_cuenta_cero": self.missing_as_zero,
            "pesos": self.weights,
            "respetar_incluye_linea_base": self.baseline_flag,
            "verde": str(self.green),
            "rojo": str(self.red),
        }

    @property
    def label(self) -> str:
        return f"reglas «{self.name}» v{self.version}"

    def rule_for(self, code: str, where: str = "") -> str:
        """The named rule of a plan's accumulation code; an unknown code raises ``RulesError``."""
        rule = self.accumulation.get(code)
        if rule is None:
            known = ", ".join(sorted(self.accumulation)) or "ninguno"
            place = f"{where}: " if where else ""
            raise RulesError(
                f"{place}el tipo de acumulación «{code}» no tiene regla en las {self.label} "
                f"(códigos declarados: {known})"
            )
        return rule

    def describe(self) -> str:
        """One line naming every choice: shown as the method of the figures these rules make."""
        codes = "; ".join(f"{code} = {rule}" for code, rule in sorted(self.accumulation.items()))
        cap = "sin tope" if self.yearly_cap is None else f"tope {fmt_number(self.yearly_cap, 2)}"
        progress_cap = (
            "sin tope" if self.progress_cap is None else f"tope {fmt_percent(self.progress_cap * HUNDRED, 0)}"
        )
        missing = "cuenta como 0" if self.missing_as_zero else "se excluye"
        baseline = (
            "" if self.baseline_flag else "; la línea base no se suma aunque la ficha diga que se incluye"
        )
        return (
            f"{self.label}: {codes}; cumplimiento anual de mantenimiento {cap}; avance con {progress_cap}; "
            f"indicador sin dato {missing}; pesos {self.weights}{baseline}"
        )


PRESETS: dict[str, dict[str, object]] = {
    "dap-medellin": {
        "nombre": "dap-medellin",
        "descripcion": (
            "Departamento Administrativo de Planeación de Medellín, libro de seguimiento del Plan de "
            "Desarrollo 2020-2023 (fórmulas del propio libro)"
        ),
        "acumulacion": {
            "A": STOCK,
            "NoA": FLOW,
            "M": MAINTENANCE,
            "Acumulado": STOCK,
            "No acumulado": FLOW,
            "Mantenimiento": MAINTENANCE,
        },
        # NB: the city's workbook caps no year of a maintenance indicator: 35 of its indicators have a
        # year above 100 % and every one is summed uncapped; only the indicator's progress is capped.
        "tope_anual": None,
        # NB: 25 of its NoA indicators say «incluye línea base: Sí» in their sheets, and the workbook sums
        # their years without the baseline every time (2.7.2.6: 5 / 4 = 125 %, not (4 + 5) / 4)
        "respetar_incluye_linea_base": False,
        "tope_avance": "1",
        "sin_dato_cuenta_cero": True,
        "pesos": GLOBAL,
        "verde": "0.9",
        "rojo": "0.6",
    },
    "incremento-mantenimiento-reduccion": {
        "nombre": "incremento-mantenimiento-reduccion",
        "descripcion": "Planes que clasifican sus metas en Incremento, Mantenimiento y Reducción",
        "acumulacion": {"Incremento": FLOW, "Mantenimiento": MAINTENANCE, "Reducción": STOCK},
        "tope_anual": "1",
        "tope_avance": "1",
        "sin_dato_cuenta_cero": True,
        "pesos": GLOBAL,
    },
}
DEFAULT_PRESET = "dap-medellin"


def preset(name: str) -> RuleSet:
    try:
        return RuleSet.from_definition(PRESETS[name])
    except KeyError:
        raise RulesError(
            f"no existe el conjunto de reglas «{name}»; los incluidos son: {', '.join(sorted(PRESETS))}"
        ) from None


# -- the cut-off ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A plan's term (first and last year, both whole) and a cut-off date inside or after it."""

    start_year: int
    end_year: int
    cutoff: dt.date

    @property
    def months_total(self) -> int:
        return (self.end_year - self.start_year + 1) * 12

    def months_in(self, year: int) -> int:
        """Months of ``year`` elapsed at the cut-off (0 to 12); 0 outside the term."""
        if year < self.start_year or year > self.end_year or year > self.cutoff.year:
            return 0
        return 12 if year < self.cutoff.year else self.cutoff.month

    @property
    def months_elapsed(self) -> int:
        return sum(self.months_in(y) for y in range(self.start_year, self.end_year + 1))

    @property
    def year(self) -> int:
        """The year of the cut-off, within the term."""
        return min(max(self.cutoff.year, self.start_year), self.end_year)

    def describe(self) -> str:
        return (
            f"corte {self.cutoff.isoformat()}: {self.months_elapsed} de {self.months_total} meses del "
            f"periodo {self.start_year}-{self.end_year}"
        )


def term_at(start_year: int, end_year: int, cutoff: dt.date | None, year: int) -> Term:
    """The term with its cut-off: the given date, else 31 December of ``year``."""
    return Term(start_year, end_year, cutoff or dt.date(year, 12, 31))


# -- one indicator ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """What the rules read of one indicator."""

    ref: str
    code: str
    accumulation: str
    decreasing: bool
    plan_target: Decimal | None
    baseline: Decimal | None = None
    baseline_included: bool = False
    targets: Mapping[int, Decimal] = field(default_factory=dict)
    achievements: Mapping[int, Decimal] = field(default_factory=dict)
    programmed: Mapping[int, Decimal] = field(default_factory=dict)
    """Programmed progress (a fraction of the plan target) the planning office declared per year."""
    weight: Decimal | None = None


@dataclass(frozen=True)
class Result:
    """An indicator's progress at the cut-off (fractions, not %), with its explanation."""

    progress: Decimal | None
    """Capped by the rules' progress cap; None when ND or gris."""
    uncapped: Decimal | None
    programmed: Decimal | None
    status: str
    formula: str
    inputs: tuple[Input, ...]
    rule: str
    contributions: tuple[tuple[int, Decimal | None], ...] = ()
    """Each year of the term up to the cut-off and its own contribution to the progress (fraction of the
    plan target); None for a year not reported, kept apart from a measured 0."""
    compared: Decimal | None = None
    """The value compared with the plan target (the last value, or the sum); None for maintenance."""

    @property
    def compliance(self) -> Decimal | None:
        if self.progress is None or not self.programmed:
            return None
        return self.progress / self.programmed


def _n(value: Decimal | None) -> str:
    return "ND" if value is None else fmt_number(value, 4).rstrip("0").rstrip(",")


def _ratio(value: Decimal, s: Series) -> tuple[Decimal | None, str]:
    """``value`` against the plan target, by direction (and the level rule's baseline)."""
    target = s.plan_target
    assert target is not None
    if s.decreasing:
        if s.baseline is None:
            return None, "indicador decreciente sin línea base: ND"
        span = s.baseline - target
        if span == 0:
            # NB: the city's workbook: a decreasing indicator whose target equals its baseline must stay at
            # or below it, and its progress is target / value (3.1.18 of Medellín 2020-2023)
            if value == 0:
                return ONE, "decreciente con meta = línea base y valor 0: meta cumplida"
            return (
                target / value,
                f"decreciente con meta = línea base: meta / valor = {_n(target)} / {_n(value)}",
            )
        return (s.baseline - value) / span, (
            f"(línea base - valor) / (línea base - meta) = ({_n(s.baseline)} - {_n(value)}) / "
            f"({_n(s.baseline)} - {_n(target)})"
        )
    if target == 0:
        return None, "meta del plan 0: no aplica (NA)"
    return value / target, f"valor / meta = {_n(value)} / {_n(target)}"


def _level(value: Decimal, s: Series) -> tuple[Decimal | None, str]:
    target = s.plan_target
    assert target is not None
    start = s.baseline or ZERO
    span = target - start
    if span == 0:
        return None, f"meta = línea base ({_n(target)}): no aplica (NA)"
    return (value - start) / span, (
        f"(valor - línea base) / (meta - línea base) = ({_n(value)} - {_n(start)}) / "
        f"({_n(target)} - {_n(start)})"
    )


def _compared(
    rule: str, values: Sequence[tuple[int, Decimal]], s: Series, rules: RuleSet
) -> tuple[Decimal, str]:
    if rule == FLOW:
        total = sum((v for _, v in values), ZERO)
        described = f"suma {values[0][0]}-{values[-1][0]} = {' + '.join(_n(v) for _, v in values)}"
        if rules.baseline_flag and s.baseline_included and s.baseline is not None and not s.decreasing:
            total += s.baseline
            described += f" + línea base {_n(s.baseline)}"
        return total, f"{described} = {_n(total)}"
    year, last = values[-1]
    return last, f"último valor ({year}) = {_n(last)}"


def _maintenance(s: Series, rules: RuleSet, term: Term) -> tuple[Decimal, str, list[Input]]:
    """``Σ months_y × min(c_y, cap) / months of the term``; decreasing: ``c_y = 1`` at or below the
    target, else target / value."""
    total = ZERO
    parts: list[str] = []
    inputs: list[Input] = []
    for year in range(term.start_year, term.year + 1):
        months = term.months_in(year)
        target, value = s.targets.get(year), s.achievements.get(year)
        if months == 0:
            continue
        if value is None or target is None:
            parts.append(f"{months} × 0 ({year} sin {'valor' if value is None else 'meta'})")
            continue
        if s.decreasing:
            c = ONE if value <= target else target / value
        elif target == 0:
            parts.append(f"{months} × 0 ({year} con meta 0)")
            continue
        else:
            c = value / target
        if rules.yearly_cap is not None:
            c = min(c, rules.yearly_cap)
        total += months * c
        parts.append(f"{months} × {_n(c)}")
        inputs.append(Input(f"{s.ref}:cumplimiento:{year}", f"Cumplimiento {year} de {s.code}", c))
    progress = total / term.months_total
    cap = "sin tope anual" if rules.yearly_cap is None else f"tope anual {_n(rules.yearly_cap)}"
    text = f"Σ meses × cumplimiento anual / {term.months_total} = ({' + '.join(parts)}) / {term.months_total}"
    return progress, f"{text} ({cap})", inputs


def _programmed(s: Series, rule: str, rules: RuleSet, term: Term) -> tuple[Decimal | None, str]:
    """The programmed progress at the cut-off's year: declared, else the targets through the rule."""
    year = term.year
    if year in s.programmed:
        return s.programmed[year], f"avance programado declarado para {year}"
    if rule == MAINTENANCE:
        months = sum(12 for y in range(term.start_year, year + 1))
        return Decimal(months) / term.months_total, f"{months} / {term.months_total} meses programados"
    if s.plan_target is None:
        return None, "sin meta del plan"
    targets = sorted((y, v) for y, v in s.targets.items() if term.start_year <= y <= year)
    if not targets:
        return None, f"sin metas anuales hasta {year}"
    value, _ = _compared(rule, targets, s, rules)
    ratio, _ = _level(value, s) if rule == LEVEL else _ratio(value, s)
    if ratio is None:
        return None, "las metas no dan un avance programado"
    ratio = min(max(ratio, ZERO), ONE)
    return ratio, f"metas anuales con la misma regla hasta {year} = {_n(ratio)}"


def contributions(s: Series, rule: str, term: Term) -> tuple[tuple[int, Decimal | None], ...]:
    """Each year's own share of the plan target: flow, the year's value / target; stock and level, what
    the year added to the last value / the target span; maintenance, months x that year's compliance /
    months of the term. None when the year has no value (not reported is not zero)."""
    found: list[tuple[int, Decimal | None]] = []
    previous: Decimal | None = None
    for year in range(term.start_year, term.year + 1):
        value = s.achievements.get(year)
        share: Decimal | None = None
        if value is not None and rule == MAINTENANCE:
            target = s.targets.get(year)
            if target:
                c = (ONE if value <= target else target / value) if s.decreasing else value / target
                share = term.months_in(year) * c / term.months_total
        elif value is not None and s.plan_target is not None:
            start = s.baseline if (rule == LEVEL or s.decreasing) and s.baseline is not None else ZERO
            span = (start - s.plan_target) if s.decreasing else (s.plan_target - start)
            if span:
                gained = value if rule == FLOW else value - (previous if previous is not None else start)
                share = (-gained if s.decreasing else gained) / span
            previous = value
        found.append((year, share))
    return tuple(found)


def evaluate(
    s: Series, rules: RuleSet, term: Term, missing: str = "sin valores reportados hasta el corte"
) -> Result:
    """The indicator's progress and programmed progress at the cut-off, by the plan's rules; ``missing``
    says why there is no value (``sin valores publicados...`` for the published view)."""
    rule = rules.rule_for(s.accumulation, f"indicador {s.code}, campo tipo de acumulación")
    values = sorted(
        (y, v) for y, v in s.achievements.items() if term.start_year <= y <= term.year and term.months_in(y)
    )
    programmed, programmed_text = _programmed(s, rule, rules, term)
    inputs = [Input(f"{s.ref}:logro:{y}", f"Valor {y} de {s.code}", v) for y, v in values]
    inputs.append(Input(f"{s.ref}:meta_plan", f"Meta del plan de {s.code}", s.plan_target))
    if s.baseline is not None:
        inputs.append(Input(f"{s.ref}:linea_base", f"Línea base de {s.code}", s.baseline))
    uncapped: Decimal | None = None
    compared: Decimal | None = None
    status = ""
    if s.plan_target is None and rule != MAINTENANCE:
        status, formula = GREY, "sin meta del plan: no se calcula (gris)"
    elif rule == MAINTENANCE:
        if not values:
            status, formula = NOT_AVAILABLE, f"{missing}: no disponible (ND)"
        else:
            uncapped, formula, more = _maintenance(s, rules, term)
            inputs += more
    elif not values:
        status, formula = NOT_AVAILABLE, f"{missing}: no disponible (ND)"
    else:
        compared, described = _compared(rule, values, s, rules)
        uncapped, how = _level(compared, s) if rule == LEVEL else _ratio(compared, s)
        formula = f"{described}; {how}"
        if uncapped is None:
            status = NOT_APPLICABLE if "NA" in how else NOT_AVAILABLE
    progress = uncapped
    if progress is not None:
        progress = max(progress, ZERO)
        if rules.progress_cap is not None:
            progress = min(progress, rules.progress_cap)
        formula += f" = {fmt_percent(uncapped * HUNDRED, 2)}" if uncapped is not None else ""
        if progress != uncapped:
            formula += f"; con tope = {fmt_percent(progress * HUNDRED, 2)}"
    formula += f"; programado: {programmed_text}"
    if programmed is not None:
        inputs.append(Input(f"{s.ref}:programado:{term.year}", f"Avance programado de {s.code}", programmed))
    return Result(
        progress,
        uncapped,
        programmed,
        status,
        formula,
        tuple(inputs),
        rule,
        contributions(s, rule, term),
        compared,
    )


def traffic_light(
    progress: Decimal | None,
    rules: RuleSet,
    term: Term,
    *,
    programmed: bool = True,
    not_applicable: bool = False,
) -> str:
    """Green from ``green × m / M``, red below ``red × m / M`` (``progress`` as a fraction); ``gris``
    when nothing is programmed, ``NA`` when the programmed value is 0, ``ND`` without a value (checked in
    that order)."""
    if not programmed:
        return GREY
    if not_applicable:
        return NOT_APPLICABLE
    if progress is None:
        return NOT_AVAILABLE
    expected = Decimal(term.months_elapsed) / Decimal(term.months_total)
    if progress >= rules.green * expected:
        return GREEN
    if progress < rules.red * expected:
        return RED
    return YELLOW


def rollup_tree(root: Node, rules: RuleSet, *, counted: bool = True) -> Node:
    """A roll-up tree (``ssepot.core.rollup``: leaves hold progress in % or None) weighed as these rules
    weigh: ``nodo`` keeps each node's own weight; ``conteo`` weighs a node by its programs (the nodes
    whose children are leaves); ``global`` weighs a node by the sum of its leaves' weights (a leaf without
    a weight weighs 1), so every node's mean is the flat weighted mean of the leaves below it.

    ``counted``: the tree as the rules count it, for the value: with ``sin_dato_cuenta_cero`` a leaf
    without a value enters as 0 %, unless no leaf of the tree has a value (no data at the cut-off: ND);
    ``global`` then sums the weights of the leaves counted only. Not ``counted``: the leaves as they are,
    for the coverage (the share of the weight that has data)."""
    zero = counted and rules.missing_as_zero and _any_value(root)
    if rules.weights == BY_NODE and not zero:
        return root

    def visit(node: Node) -> tuple[Node, Decimal]:
        """The node as counted, and its weight for ``global`` (its leaves') or ``conteo`` (programs)."""
        if not node.children:
            leaf = node
            if node.value is None and zero:
                leaf = Node(node.id, f"{node.label} (sin dato al corte: cuenta como 0 %)", node.weight,
                            value=ZERO)  # fmt: skip
            skipped = counted and leaf.value is None
            return leaf, ZERO if skipped else (leaf.weight if leaf.weight is not None else ONE)
        kids = [visit(child) for child in node.children]
        if rules.weights == BY_COUNT:
            programs = sum((w for _, w in kids), ZERO) if node.children[0].children else ONE
            weight = programs
        elif rules.weights == GLOBAL:
            weight = sum((w for _, w in kids), ZERO)
        else:
            weight = node.weight if node.weight is not None else ONE
        children = tuple(k for k, _ in kids)
        return Node(node.id, node.label, weight, children), weight

    return visit(root)[0]


def _any_value(node: Node) -> bool:
    if not node.children:
        return node.value is not None
    return any(_any_value(child) for child in node.children)


# -- the tree ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    ref: str
    label: str
    weight: Decimal | None
    result: Result


@dataclass(frozen=True)
class Group:
    """A node of the plan's tree (a program, component, line, the plan) or a cross-cut (an agency)."""

    ref: str
    label: str
    leaves: tuple[Leaf, ...] = ()
    children: tuple[Group, ...] = ()
    weight: Decimal | None = None
    """The node's own weight among its siblings (rules ``nodo``)."""
    programs: int = 0
    """How many programs it holds (rules ``conteo``)."""


@dataclass(frozen=True)
class Totals:
    """A group's weighted sums: Σ w, Σ w × P and Σ w × programmed (P capped, fractions)."""

    weight: Decimal
    achieved: Decimal
    programmed: Decimal
    with_value: int
    leaves: int

    @property
    def progress(self) -> Decimal | None:
        return self.achieved / self.weight if self.weight > 0 else None

    @property
    def compliance(self) -> Decimal | None:
        return self.achieved / self.programmed if self.programmed > 0 else None


def _leaf_totals(leaves: Iterable[Leaf], rules: RuleSet) -> Totals:
    weight = achieved = programmed = ZERO
    count = with_value = 0
    for leaf in leaves:
        count += 1
        p = leaf.result.progress
        if p is None and not rules.missing_as_zero:
            continue
        w = leaf.weight if leaf.weight is not None else ONE
        weight += w
        achieved += w * (p or ZERO)
        programmed += w * (leaf.result.programmed or ZERO)
        with_value += p is not None
    return Totals(weight, achieved, programmed, with_value, count)


def totals(group: Group, rules: RuleSet) -> Totals:
    """``global``: the flat weighted sums of every indicator below; ``nodo``/``conteo``: each child's
    mean weighted by its own weight (or its programs), so Σ w × P / Σ w is the weighted mean of means."""
    if rules.weights == GLOBAL or not group.children:
        return _leaf_totals(_all_leaves(group), rules)
    weight = achieved = programmed = ZERO
    with_value = count = 0
    parts = [(c, totals(c, rules)) for c in group.children]
    if group.leaves:
        parts.append((Group(group.ref, group.label, leaves=group.leaves), _leaf_totals(group.leaves, rules)))
    for child, t in parts:
        w = (
            Decimal(child.programs)
            if rules.weights == BY_COUNT
            else (child.weight if child.weight is not None else ONE)
        )
        count += t.leaves
        with_value += t.with_value
        if t.progress is None:
            continue
        weight += w
        achieved += w * t.progress
        if t.programmed and t.weight:
            programmed += w * t.programmed / t.weight
    return Totals(weight, achieved, programmed, with_value, count)


def _all_leaves(group: Group) -> Iterable[Leaf]:
    yield from group.leaves
    for child in group.children:
        yield from _all_leaves(child)


def group_figures(group: Group, rules: RuleSet, term: Term, key: str) -> tuple[Figure, Figure, Figure]:
    """A node's physical progress, compliance and programmed progress (in %), each with its formula,
    inputs and the rules."""
    t = totals(group, rules)
    progress = None if t.progress is None else t.progress * HUNDRED
    compliance = None if t.compliance is None else t.compliance * HUNDRED
    method = f"{rules.describe()}; {term.describe()}"
    light = traffic_light(t.progress, rules, term, programmed=t.programmed > 0)

    def leaf_inputs() -> tuple[Input, ...]:
        return tuple(
            Input(leaf.ref, f"{leaf.label} (peso {_n(leaf.weight)}, programado {_n(leaf.result.programmed)})",
                  None if leaf.result.progress is None else leaf.result.progress * HUNDRED)
            for leaf in _all_leaves(group)
        )  # fmt: skip

    mean = (
        "media ponderada de todos los indicadores"
        if rules.weights == GLOBAL
        else f"pesos por {rules.weights}"
    )
    missing = t.leaves - t.with_value
    note = f"{missing} de {t.leaves} indicadores sin dato al corte" if missing else ""
    # NB: the three figures share the rules, the cut-off and the indicators below the node
    figure = partial(Figure, unit="%", method=method, version=str(rules.version), inputs=leaf_inputs)
    progress_figure = figure(
        key=f"{key}.avance",
        label=f"Avance físico de {group.label}",
        value=progress,
        formula=lambda: (
            f"Σ(w × min(avance, tope)) / Σ(w) = {fmt_number(t.achieved, 6)} / {fmt_number(t.weight, 6)} = "
            f"{fmt_percent(progress, 2)} ({mean}; {t.with_value} de {t.leaves} indicadores con dato)"
        ),
        status=light if progress is not None else NOT_AVAILABLE,
        terms=("avance",),
        note=note,
    )
    compliance_figure = figure(
        key=f"{key}.cumplimiento",
        label=f"Cumplimiento de {group.label}",
        value=compliance,
        formula=lambda: (
            f"avance logrado / avance programado = Σ(w × avance) / Σ(w × programado) = "
            f"{fmt_number(t.achieved, 6)} / {fmt_number(t.programmed, 6)} = {fmt_percent(compliance, 2)}"
            if compliance is not None
            else "nada programado al corte: no se calcula (gris)"
        ),
        status="" if compliance is not None else GREY,
        terms=("cumplimiento",),
        note=note,
    )
    expected = None if not t.weight else t.programmed / t.weight * HUNDRED
    programmed_figure = figure(
        key=f"{key}.programado",
        label=f"Avance programado de {group.label}",
        value=expected,
        formula=lambda: (
            f"Σ(w × programado) / Σ(w) = {fmt_number(t.programmed, 6)} / {fmt_number(t.weight, 6)} = "
            f"{fmt_percent(expected, 2)}"
        ),
        status="" if expected is not None else NOT_AVAILABLE,
        terms=("avance programado",),
    )
    return progress_figure, compliance_figure, programmed_figure


def indicator_figures(leaf: Leaf, rules: RuleSet, term: Term, key: str) -> tuple[Figure, Figure]:
    """An indicator's progress (with its traffic light) and compliance at the cut-off, in %."""
    r = leaf.result
    method = f"{RULE_LABELS[r.rule]}; {rules.describe()}; {term.describe()}"
    progress = None if r.progress is None else r.progress * HUNDRED
    compliance = None if r.compliance is None else r.compliance * HUNDRED
    status = r.status or traffic_light(r.progress, rules, term, programmed=bool(r.programmed))
    return (
        Figure(key=f"{key}.avance", label=f"Avance de {leaf.label}", value=progress, unit="%",
               formula=r.formula, method=method, version=str(rules.version), inputs=r.inputs, status=status,
               terms=("avance",)),
        Figure(key=f"{key}.cumplimiento", label=f"Cumplimiento de {leaf.label}", value=compliance, unit="%",
               formula=(f"avance / avance programado = {_n(r.progress)} / {_n(r.programmed)} = "
                        f"{fmt_percent(compliance, 2)}" if compliance is not None
                        else "sin avance o sin avance programado al corte"),
               method=method, version=str(rules.version), inputs=r.inputs,
               status="" if compliance is not None else (r.status or GREY), terms=("cumplimiento",)),
    )  # fmt: skip
