"""Design of the synthetic development plan 2024-2027 so that its figures match the IGPOT 2025 report.

Plain Python, no Django: the builder turns the design into rows.

The design's figures come from the figures engine itself (``ssepot.core``: ``term_progress`` and the
roll-up's ``effective_weights``, under ``RULES``), so the design and the pages cannot disagree. Its rules:

- An indicator's term progress ``p = clamp(achievement / plan_target, 0, 1)``. Each indicator has a
  profile: a yearly ``flow`` (coded ``NoA``: the achievement is the sum of the values 2024..2025, the plan
  target the sum of the yearly targets), a ``rising`` level or a ``held`` level (both coded ``A``: the
  achievement is the 2025 value, already including the earlier years). All the demo's PDD indicators are
  increasing and their baseline does not count toward the target; the demo has no ``M`` indicators.
- Roll-up: each level is the weighted mean of its children, ``sum(w * P) / sum(w)``, from program
  indicators up to programs, components, lines and the plan, each node with its own weight; component
  indicators do not enter it. These are the plan's declared calculation rules (``RULES``).
- Effective weight ``e_i`` of a program indicator = product of its normalised weights along the path, so
  the plan's physical progress is ``sum(e_i * p_i)``.
- The POT-linked set (149 indicators with at least one POT project): contribution in points
  ``100 * sum(e_i * p_i)``; aggregated progress ``sum(e_i * p_i) / sum(e_i)``.
- Classes at the 2025 cut-off (24 of 48 months, straight-line expectation 50 %): high when ``p >= 0.45``,
  low when ``p < 0.30``, medium between.

Targets: physical progress 57.0 %, contribution 14.9 points, aggregated progress 52.2 %, classes
107 / 18 / 24. Since contribution = aggregated x (sum of linked ``e_i``), the linked indicators' weight
share must be about 0.2854: the design first tunes the weights to that share, then draws progress values
per class and shifts them to hit the sums, then stores rounded values and corrects one indicator per set.
Those searches run in floats (they only look for a factor and a shift); the correction reads the engine's
progress and effective weights, so the stored values give the targets by the engine's own arithmetic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ssepot.core.indicators import IndicatorSeries, term_progress
from ssepot.core.rollup import Node
from ssepot.core.rollup import effective_weights as rollup_weights
from ssepot.core.rules import RuleSet, rollup_tree
from ssepot.demo import content

#: The calculation rules the design was made with, declared for the synthetic plan by the demo builder
#: (``ssepot.indicators.rules.set_rules``) so every figure of the plan computes by them: each node's own
#: weight among its siblings, and an indicator without a value left out (its siblings reweighted).
RULES = {
    "nombre": "demo-pdd-2024-2027",
    "descripcion": (
        "Reglas con que se diseñó el Plan de Desarrollo 2024-2027 sintético de la demostración: pesos "
        "propios de cada nodo; un indicador sin dato se excluye y sus hermanos se renormalizan"
    ),
    "acumulacion": {"A": "acumulado", "NoA": "flujo", "M": "mantenimiento"},
    "tope_anual": None,
    "tope_avance": "1",
    "sin_dato_cuenta_cero": False,
    "pesos": "nodo",
    "verde": "0.9",
    "rojo": "0.6",
}

DESIGNED = RuleSet.from_definition(RULES)
YEARS = (2024, 2025, 2026, 2027)
CUTOFF_YEAR = 2025
TARGET_PHYSICAL = Fraction(570, 1000)
TARGET_AGGREGATED = Fraction(522, 1000)
TARGET_LINKED_SHARE = 0.149 / 0.522
CLASS_COUNTS = {"alto": 107, "medio": 18, "bajo": 24}
LINKED_INDICATORS = 149
PURE_LINKED_PROGRAMS = 10
MICRO = Decimal("0.000001")

# The profiles of an indicator's yearly values; the accumulation code (FC) follows from the profile.
FLOW, RISING, HELD = "flow", "rising", "held"


@dataclass
class IndicatorDesign:
    code: str
    name: str
    unit: str
    indicator_type: str
    profile: str
    linked: bool
    raw_weight: float
    weight: Decimal = Decimal(0)
    plan_target: Decimal = Decimal(0)
    targets: dict[int, Decimal] = field(default_factory=dict)
    values: dict[int, Decimal] = field(default_factory=dict)
    baseline: Decimal = Decimal(0)

    @property
    def accumulation(self) -> str:
        """FC as the city codes it: yearly flows add up (``NoA``), a level is read at the cut-off (``A``)."""
        return "NoA" if self.profile == FLOW else "A"


@dataclass
class NodeDesign:
    code: str
    name: str
    level: str
    raw_weight: float
    weight: Decimal = Decimal(0)
    subsystem: str | None = None
    related_to_systems: bool = False
    children: list[NodeDesign] = field(default_factory=list)
    indicators: list[IndicatorDesign] = field(default_factory=list)


@dataclass
class PddDesign:
    lines: list[NodeDesign]

    def nodes(self) -> Iterable[NodeDesign]:
        for line in self.lines:
            yield line
            for comp in line.children:
                yield comp
                yield from comp.children

    def programs(self) -> Iterable[NodeDesign]:
        return (n for n in self.nodes() if n.level == "programa")

    def components(self) -> Iterable[NodeDesign]:
        return (n for n in self.nodes() if n.level == "componente")


# -- the figures, by the engine ----------------------------------------------------------------------------


def as_series(ind: IndicatorDesign) -> IndicatorSeries:
    """The indicator as the engine reads it (increasing; its baseline does not count toward the target)."""
    return IndicatorSeries(
        id=0,
        code=ind.code,
        name=ind.name,
        accumulation=ind.accumulation,
        direction="C",
        plan_target=ind.plan_target,
        baseline=ind.baseline,
        baseline_included=False,
        targets=ind.targets,
        achievements=ind.values,
        weight=ind.weight,
    )


def progress(ind: IndicatorDesign) -> Fraction:
    """Term progress at the 2025 cut-off as the engine computes it under ``RULES``, as a share of 1."""
    value = term_progress(as_series(ind), CUTOFF_YEAR, DESIGNED).value
    if value is None:
        raise ValueError(f"the design's indicator {ind.code} has no progress")
    return Fraction(value) / 100


def effective_weights(design: PddDesign) -> list[tuple[IndicatorDesign, Fraction]]:
    """Every program indicator with its effective weight from the engine's roll-up (the product of its
    normalised weights along the path). Each indicator counts, whatever its values (the leaves hold 1):
    weights that sum to 1 among siblings make the engine's decimals exact."""
    indicators: list[IndicatorDesign] = []

    def leaf(ind: IndicatorDesign) -> Node:
        indicators.append(ind)
        return Node(f"indicador:{ind.code}", ind.name, ind.weight, value=Decimal(1))

    def node(n: NodeDesign) -> Node:
        kids = [node(c) for c in n.children] if n.children else [leaf(i) for i in n.indicators]
        return Node(f"{n.level}:{n.code}", n.name, n.weight, tuple(kids))

    tree = rollup_tree(Node("pdd", "Plan de Desarrollo", children=tuple(map(node, design.lines))), DESIGNED)
    weights = rollup_weights(tree)
    return [(ind, Fraction(weights[f"indicador:{ind.code}"])) for ind in indicators]


# -- construction --------------------------------------------------------------------------------------


def normalise(raw: Sequence[float]) -> list[Decimal]:
    """Weights with six decimals that sum to exactly 1 (largest remainder)."""
    total = sum(raw)
    exact = [w / total * 1_000_000 for w in raw]
    micro = [int(x) for x in exact]
    for i in sorted(range(len(raw)), key=lambda i: micro[i] - exact[i])[: 1_000_000 - sum(micro)]:
        micro[i] += 1
    return [Decimal(m) * MICRO for m in micro]


def _q(value: float, quantum: Decimal) -> Decimal:
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _bisect(f: Callable[[float], float], lo: float, hi: float, target: float) -> float:
    """Solve ``f(x) = target`` for a non-decreasing ``f``."""
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _skeleton(rng: random.Random) -> PddDesign:
    lines = []
    for li, (line_name, comps) in enumerate(content.PDD_LINES, start=1):
        line = NodeDesign(str(li), line_name, "linea", rng.randint(15, 25))
        for ci, (comp_name, related, progs) in enumerate(comps, start=1):
            comp = NodeDesign(
                f"{li}.{ci}", comp_name, "componente", rng.randint(10, 30), related_to_systems=related
            )
            for pi, (prog_name, subsystem) in enumerate(progs, start=1):
                comp.children.append(
                    NodeDesign(
                        f"{li}.{ci}.{pi}", prog_name, "programa", rng.randint(10, 30), subsystem=subsystem
                    )
                )
            line.children.append(comp)
        lines.append(line)
    return PddDesign(lines)


def _stem(rng: random.Random, stems: Sequence[tuple[str, str]], topic: str) -> tuple[str, str]:
    name, unit = rng.choice(stems)
    return name.format(t=topic), unit


def _add_indicators(design: PddDesign, rng: random.Random) -> None:
    linked_programs = [p for p in design.programs() if p.subsystem]
    extra = set(rng.sample(range(len(linked_programs)), LINKED_INDICATORS - 2 * len(linked_programs)))
    pure = set(rng.sample(range(len(linked_programs)), PURE_LINKED_PROGRAMS))
    li = 0
    for prog in design.programs():
        if prog.subsystem:
            n_linked = 3 if li in extra else 2
            n_other = 0 if li in pure else rng.randint(1, 3)
            li += 1
        else:
            n_linked, n_other = 0, rng.randint(2, 5)
        # NB: stems drawn without replacement, so no program repeats an indicator name.
        products = rng.sample(content.PRODUCT_STEMS, len(content.PRODUCT_STEMS))
        results = rng.sample(content.RESULT_STEMS, len(content.RESULT_STEMS))
        for seq in range(1, n_linked + n_other + 1):
            linked = seq <= n_linked
            kind = "P" if linked or not results or rng.random() < 0.7 else "R"
            stem, unit = (products if kind == "P" else results).pop()
            name = stem.format(t=prog.name)
            # NB: a percentage is a level, never a flow; the lists' order keeps the demo's random draws
            profiles = [RISING, HELD] if unit == "Porcentaje" else [FLOW, FLOW, RISING, HELD]
            profile = rng.choice(profiles)
            prog.indicators.append(
                IndicatorDesign(f"{prog.code}.{seq}", name, unit, kind, profile, linked, rng.randint(1, 4))
            )


def _tune_weights(design: PddDesign) -> None:
    """Scale the linked indicators' weights in mixed programs so the linked share hits its target."""
    comp_f: dict[str, float] = {}
    line_total = sum(line.raw_weight for line in design.lines)
    prog_f: dict[str, float] = {}
    for line in design.lines:
        comp_total = sum(c.raw_weight for c in line.children)
        for comp in line.children:
            comp_f[comp.code] = line.raw_weight / line_total * comp.raw_weight / comp_total
            prog_total = sum(p.raw_weight for p in comp.children)
            for prog in comp.children:
                prog_f[prog.code] = comp_f[comp.code] * prog.raw_weight / prog_total

    def share(lam: float) -> float:
        total = 0.0
        for prog in design.programs():
            a = sum(i.raw_weight for i in prog.indicators if i.linked)
            b = sum(i.raw_weight for i in prog.indicators if not i.linked)
            if a:
                total += prog_f[prog.code] * lam * a / (lam * a + b)
        return total

    if not share(1e-6) < TARGET_LINKED_SHARE < share(1e6):
        raise ValueError("the PDD skeleton cannot reach the linked weight share")
    lam = _bisect(share, 1e-6, 1e6, TARGET_LINKED_SHARE)
    for prog in design.programs():
        mixed = any(not i.linked for i in prog.indicators)
        for ind in prog.indicators:
            if ind.linked and mixed:
                ind.raw_weight *= lam
    groups: list[Sequence[NodeDesign | IndicatorDesign]] = [
        design.lines,
        *(ln.children for ln in design.lines),
        *(c.children for c in design.components()),
        *(p.indicators for p in design.programs()),
    ]
    for siblings in groups:
        for s, w in zip(siblings, normalise([s.raw_weight for s in siblings]), strict=True):
            s.weight = w


MAGNITUDES = {
    "Número": [40, 120, 300, 800, 2500],
    "Metros cuadrados": [8000, 25000, 90000],
    "Kilómetros": [6, 15, 40],
    "Porcentaje": [60, 80, 95, 100],
}


def _set_targets(ind: IndicatorDesign, rng: random.Random) -> None:
    """Yearly targets; the plan target is their sum (a flow, NoA) or the 2027 level (a level, A)."""
    magnitude = rng.choice(MAGNITUDES[ind.unit])
    if ind.profile == FLOW:
        parts = [rng.uniform(0.8, 1.2) for _ in YEARS]
        ind.targets = {
            y: Decimal(max(1, round(magnitude * p / sum(parts)))) for y, p in zip(YEARS, parts, strict=True)
        }
        ind.plan_target = sum(ind.targets.values(), Decimal(0))
    elif ind.profile == RISING:
        ind.targets = {
            y: Decimal(round(magnitude * f)) for y, f in zip(YEARS, (0.55, 0.7, 0.85, 1.0), strict=True)
        }
        ind.plan_target = ind.targets[2027]
    else:
        ind.targets = {y: Decimal(magnitude) for y in YEARS}
        ind.plan_target = Decimal(magnitude)
    ind.baseline = Decimal(round(magnitude * rng.uniform(0.2, 0.9)))


def _quantum(ind: IndicatorDesign) -> Decimal:
    return Decimal(1) if ind.unit == "Número" and ind.plan_target >= 500 else Decimal("0.01")


def _set_values(ind: IndicatorDesign, p: float, rng: random.Random) -> None:
    """Yearly achievements 2024 and 2025 that give term progress ``p`` (before rounding)."""
    q = _quantum(ind)
    target = float(ind.plan_target)
    if ind.profile == FLOW:
        total = _q(p * target, q)
        first = _q(float(total) * rng.uniform(0.35, 0.55), q)
        ind.values = {2024: first, 2025: total - first}
    elif ind.profile == RISING:
        last = _q(p * target, q)
        ind.values = {2024: _q(float(last) * rng.uniform(0.6, 0.95), q), 2025: last}
    else:
        ind.values = {
            2024: _q(target * min(1.0, max(0.0, p + rng.uniform(-0.1, 0.05))), q),
            2025: _q(p * target, q),
        }


def _draw(rng: random.Random, klass: str) -> float:
    # NB: a margin from the class limits keeps rounding from moving an indicator to another class.
    return {
        "alto": rng.uniform(0.5, 0.97),
        "medio": rng.uniform(0.31, 0.44),
        "bajo": rng.uniform(0.04, 0.28),
    }[klass]


def _shift_to(
    pairs: list[tuple[IndicatorDesign, float]],
    base: dict[str, float],
    movable: set[str],
    lo: float,
    hi: float,
    target: float,
) -> dict[str, float]:
    """Shift the movable indicators' progress by one amount (clipped) so ``sum(e * p)`` hits the target."""

    def total(t: float) -> float:
        return sum(
            e * (min(hi, max(lo, base[i.code] + t)) if i.code in movable else base[i.code]) for i, e in pairs
        )

    t = _bisect(total, -1.0, 1.0, target)
    return {
        i.code: (min(hi, max(lo, base[i.code] + t)) if i.code in movable else base[i.code]) for i, _ in pairs
    }


def _correct(pairs: list[tuple[IndicatorDesign, Fraction]], target: Fraction) -> None:
    """Move the 2025 value of the heaviest indicator so ``sum(e * p)`` equals the target to 1e-6 precision."""
    candidates = [(i, e) for i, e in pairs if Fraction(1, 2) <= progress(i) <= Fraction(95, 100)]
    ind, e = max(candidates, key=lambda pe: (pe[1], pe[0].code))
    current = sum((w * progress(i) for i, w in pairs), Fraction(0))
    delta = (target - current) / e * Fraction(ind.plan_target)
    new = Fraction(ind.values[CUTOFF_YEAR]) + delta
    ind.values[CUTOFF_YEAR] = Decimal(new.numerator) / Decimal(new.denominator)
    ind.values[CUTOFF_YEAR] = ind.values[CUTOFF_YEAR].quantize(MICRO, rounding=ROUND_HALF_UP)


def design_pdd(rng: random.Random) -> PddDesign:
    """The deterministic synthetic PDD whose figures are those of the report (see the module docstring)."""
    design = _skeleton(rng)
    _add_indicators(design, rng)
    _tune_weights(design)
    pairs = effective_weights(design)
    for ind, _ in pairs:
        _set_targets(ind, rng)

    linked = [(i, e) for i, e in pairs if i.linked]
    others = [(i, e) for i, e in pairs if not i.linked]
    classes = [k for k, n in CLASS_COUNTS.items() for _ in range(n)]
    rng.shuffle(classes)
    klass = {i.code: k for (i, _), k in zip(linked, classes, strict=True)}
    base = {i.code: _draw(rng, klass[i.code]) for i, _ in linked}
    linked_share = float(sum(e for _, e in linked))
    high = {c for c, k in klass.items() if k == "alto"}
    p_linked = _shift_to(
        [(i, float(e)) for i, e in linked], base, high, 0.47, 1.0, float(TARGET_AGGREGATED) * linked_share
    )
    base = {i.code: rng.uniform(0.3, 1.0) for i, _ in others}
    target_others = float(TARGET_PHYSICAL) - float(TARGET_AGGREGATED) * linked_share
    p_others = _shift_to([(i, float(e)) for i, e in others], base, set(base), 0.05, 1.0, target_others)
    for ind, _ in pairs:
        _set_values(ind, {**p_linked, **p_others}[ind.code], rng)

    _correct(linked, TARGET_AGGREGATED * sum((e for _, e in linked), Fraction(0)))
    _correct(others, TARGET_PHYSICAL - TARGET_AGGREGATED * sum((e for _, e in linked), Fraction(0)))
    return design


def component_indicators(design: PddDesign, rng: random.Random) -> list[tuple[NodeDesign, IndicatorDesign]]:
    """Result indicators of components: 38 at components related to the POT's systems, a few elsewhere."""
    related = [c for c in design.components() if c.related_to_systems]
    counts = {c.code: 3 for c in related}
    for c in rng.sample(related, 38 - 3 * len(related)):
        counts[c.code] += 1
    out = []
    for comp in design.components():
        for n in range(1, counts.get(comp.code, 1) + 1):
            name, unit = _stem(rng, content.RESULT_STEMS, comp.name)
            ind = IndicatorDesign(f"{comp.code}.R{n}", name, unit, "R", RISING, False, 1.0, weight=Decimal(1))
            _set_targets(ind, rng)
            _set_values(ind, rng.uniform(0.3, 0.9), rng)
            out.append((comp, ind))
    return out
