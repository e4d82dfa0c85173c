"""Weighted roll-up of progress up any hierarchy, with coverage, effective weights and subsets.

Rules:

- Each level is the weighted mean of its children: ``sum(w x P) / sum(w)`` (indicators up to programs,
  components, lines and the plan; subsystems up to systems).
- **Missing values** (one treatment, everywhere): a child without a value, or whose whole subtree has no
  data, is left out, and the weights of its siblings are renormalised (``sum(w)`` runs over the children
  with data only).
- **Missing weights**: when no sibling has a weight, each counts as 1 (a simple mean); when some have
  one, a missing weight is an integrity problem: it counts as 0 and the figure's note says so. A negative
  weight is treated the same way.
- **Coverage**: the share of the effective weight (all weights, before renormalising) whose leaves have
  data, in %. It goes with every roll-up so a mean over half the plan is never read as the plan's.
- **Effective weight** of a leaf: the product of its normalised weights along the path (normalised among
  the siblings with data), so the root's value is ``sum(e_i x p_i)`` and the ``e_i`` sum to 1 over the
  leaves with data (leaves without data get 0).
- **Subsets** (e.g. the PDD indicators linked to POT projects): contribution in points
  ``sum(e_i x p_i)`` over the subset (``100 x sum(e_i x p_i / 100)`` with ``p_i`` in %), and the
  subset's mean ``sum(e_i x p_i) / sum(e_i)``.

``Node.id`` becomes the ``Input`` ref, so give ids that are refs (``indicator:17``, ``programa:1.2.3``);
ids must be unique in a tree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ssepot.core.commitments import slug
from ssepot.core.figures import HUNDRED, Figure, Input, fmt_number, fmt_percent

METHOD_VERSION = "1"

ZERO = Decimal(0)
ONE = Decimal(1)
PARTIAL = "cobertura parcial"
NOT_AVAILABLE = "ND"
METHOD = (
    "media ponderada Σ(w × P) / Σ(w) en cada nivel; los hijos sin dato se excluyen y se renormalizan "
    "los pesos de sus hermanos; sin pesos en ningún hermano, pesos iguales; un peso ausente entre "
    "hermanos con peso cuenta como 0 (problema de integridad)"
)
LISTED_TERMS = 8
"""A formula lists its terms one by one up to this many; beyond, it gives the sums."""


@dataclass(frozen=True)
class Node:
    """A node of the hierarchy; a leaf (no children) carries its progress in % or None (missing). An
    inner node's own ``value`` is ignored: its value is always rolled up from its children."""

    id: str
    label: str
    weight: Decimal | None = None
    children: tuple[Node, ...] = ()
    value: Decimal | None = None


@dataclass
class _Result:
    node: Node
    value: Decimal | None
    coverage: Decimal
    """Share (0..1) of this node's effective weight with data."""
    weights: tuple[Decimal, ...] = ()
    """The weight each child counts with (after the missing-weight rule)."""
    children: tuple[_Result, ...] = ()
    problems: tuple[str, ...] = ()
    excluded: tuple[str, ...] = field(default=())


def _child_weights(node: Node) -> tuple[tuple[Decimal, ...], tuple[str, ...]]:
    if all(c.weight is None for c in node.children):
        return tuple(ONE for _ in node.children), ()
    weights = []
    problems = []
    for c in node.children:
        if c.weight is None:
            weights.append(ZERO)
            problems.append(f"{c.id} sin peso entre hermanos con peso: cuenta como 0")
        elif c.weight < 0:
            weights.append(ZERO)
            problems.append(f"{c.id} con peso negativo ({fmt_number(c.weight, 4)}): cuenta como 0")
        else:
            weights.append(c.weight)
    return tuple(weights), tuple(problems)


_RECENT: list[tuple[Node, _Result]] = []


def _computed(root: Node) -> _Result:
    """``_compute(root)``, remembered for the last few roots: the figures of one tree (value, coverage,
    effective weights, the subsets' contribution and mean) ask for the same roll-up five times. Nodes
    are immutable, so a root seen again (the same object) has the same result."""
    for seen, result in _RECENT:
        if seen is root:
            return result
    result = _compute(root)
    _RECENT.insert(0, (root, result))
    del _RECENT[4:]
    return result


def _compute(node: Node) -> _Result:
    if not node.children:
        return _Result(node, node.value, ONE if node.value is not None else ZERO)
    children = tuple(_compute(c) for c in node.children)
    weights, problems = _child_weights(node)
    with_data = [(w, r) for w, r in zip(weights, children, strict=True) if r.value is not None and w > 0]
    total_weight = sum(weights, ZERO)
    data_weight = sum((w for w, _ in with_data), ZERO)
    value = (
        sum((w * r.value for w, r in with_data if r.value is not None), ZERO) / data_weight
        if data_weight > 0
        else None
    )
    coverage = (
        sum((w * r.coverage for w, r in zip(weights, children, strict=True)), ZERO) / total_weight
        if total_weight > 0
        else ZERO
    )
    excluded = tuple(r.node.id for r in children if r.value is None)
    return _Result(node, value, coverage, weights, children, problems, excluded)


def _walk(result: _Result) -> Iterator[_Result]:
    yield result
    for child in result.children:
        yield from _walk(child)


def _check_unique(root: Node) -> None:
    seen: set[str] = set()

    def visit(node: Node) -> None:
        if node.id in seen:
            raise ValueError(f"node id {node.id!r} appears twice in the tree")
        seen.add(node.id)
        for c in node.children:
            visit(c)

    visit(root)


def _num(value: Decimal) -> str:
    """Weights with up to six decimals (the sheets' precision), trailing zeros dropped."""
    return fmt_number(value, 6).rstrip("0").rstrip(",")


def _formula(result: _Result) -> str:
    """The roll-up's formula with its terms (all of them up to ``LISTED_TERMS``, else their sums)."""
    if not result.children:
        return f"valor del nodo hoja = {fmt_percent(result.value, 2)}"
    terms = [
        (w, r) for w, r in zip(result.weights, result.children, strict=True) if r.value is not None and w > 0
    ]
    if not terms:
        formula = "ningún hijo con dato y peso: no disponible (ND)"
    elif len(terms) <= LISTED_TERMS:
        num = " + ".join(f"{_num(w)} × {fmt_number(r.value, 2)}" for w, r in terms)
        den = " + ".join(_num(w) for w, _ in terms)
        formula = f"Σ(w × P) / Σ(w) = ({num}) / ({den}) = {fmt_percent(result.value, 2)}"
    else:
        num_total = sum((w * r.value for w, r in terms if r.value is not None), ZERO)
        den_total = sum((w for w, _ in terms), ZERO)
        formula = (
            f"Σ(w × P) / Σ(w) sobre {len(terms)} hijos con dato = {fmt_number(num_total, 4)} / "
            f"{_num(den_total)} = {fmt_percent(result.value, 2)}"
        )
    formula += f"; cobertura: {fmt_percent(result.coverage * HUNDRED, 2)} del peso efectivo tiene datos"
    if result.excluded:
        formula += (
            f"; {len(result.excluded)} hijo(s) sin dato excluido(s), pesos de sus hermanos renormalizados"
        )
    return formula


def _inputs(result: _Result, key: str) -> tuple[Input, ...]:
    node = result.node
    if not result.children:
        inputs: tuple[Input, ...] = (Input(node.id, node.label, node.value),)
    else:
        inputs = tuple(
            Input(r.node.id, f"{r.node.label} (peso {_num(w)})", r.value)
            for w, r in zip(result.weights, result.children, strict=True)
        )
    return (
        *inputs,
        Input(f"{key}.cobertura", "Cobertura (% del peso efectivo con datos)", result.coverage * HUNDRED),
    )


def _figure(result: _Result, key: str) -> Figure:
    if result.value is None:
        status = NOT_AVAILABLE
    elif result.coverage < ONE:
        status = PARTIAL
    else:
        status = ""
    # NB: formula and inputs are written when they are read (``Figure``): the same numbers, only later
    return Figure(
        key=key,
        label=result.node.label,
        value=result.value,
        unit="%",
        formula=lambda: _formula(result),
        method=METHOD,
        version=METHOD_VERSION,
        inputs=lambda: _inputs(result, key),
        status=status,
        terms=("avance",),
        note="; ".join(result.problems),
    )


def _coverage_figure(result: _Result, key: str) -> Figure:
    pct = result.coverage * HUNDRED
    leaves = [r for r in _walk(result) if not r.children]
    missing = [r.node.id for r in leaves if r.value is None]
    return Figure(
        key=f"{key}.cobertura",
        label=f"Cobertura de {result.node.label}",
        value=pct,
        unit="%",
        formula=lambda: (
            f"peso efectivo de las hojas con dato / peso efectivo total × 100 = {fmt_percent(pct, 2)} "
            f"({len(leaves) - len(missing)} de {len(leaves)} hojas con dato)"
        ),
        method="cobertura: participación del peso efectivo (antes de renormalizar) que tiene datos",
        version=METHOD_VERSION,
        inputs=lambda: tuple(Input(r.node.id, r.node.label, r.value) for r in leaves),
        status=NOT_AVAILABLE if not leaves or pct == 0 else "",
        terms=("cobertura",),
    )


def rollup(node: Node, key: str) -> Figure:
    """The weighted mean of the tree at ``node`` (see the module rules), with its coverage stated."""
    return rollup_with_coverage(node, key)[0]


def rollup_with_coverage(node: Node, key: str) -> tuple[Figure, Figure]:
    """The roll-up figure and its coverage figure (in %, key ``{key}.cobertura``)."""
    _check_unique(node)
    result = _computed(node)
    return _figure(result, key), _coverage_figure(result, key)


def rollup_all(node: Node, key_prefix: str) -> dict[str, Figure]:
    """A roll-up figure for every node of the tree (leaves included), by node id; keys
    ``{key_prefix}.{slug(id)}``."""
    _check_unique(node)
    return {r.node.id: _figure(r, f"{key_prefix}.{slug(r.node.id)}") for r in _walk(_computed(node))}


def effective_weights(root: Node) -> dict[str, Decimal]:
    """Leaf id -> product of its normalised weights along the path, normalised among the siblings with
    data; sums to 1 over the leaves with data, 0 for leaves without data (all 0 if nothing has data)."""
    _check_unique(root)
    out: dict[str, Decimal] = {}

    def visit(result: _Result, factor: Decimal) -> None:
        if not result.children:
            out[result.node.id] = factor if result.value is not None else ZERO
            return
        data_weight = sum(
            (w for w, r in zip(result.weights, result.children, strict=True) if r.value is not None), ZERO
        )
        for w, r in zip(result.weights, result.children, strict=True):
            has_data = r.value is not None and data_weight > 0
            visit(r, factor * w / data_weight if has_data else ZERO)

    visit(_computed(root), ONE)
    return out


def _subset(root: Node, leaf_ids: Collection[str]) -> tuple[list[tuple[Node, Decimal]], list[str], str]:
    """The subset's leaves with data and their effective weights, the ids left out, and a note."""
    weights = effective_weights(root)
    leaves = {r.node.id: r.node for r in _walk(_computed(root)) if not r.children}
    wanted = list(dict.fromkeys(leaf_ids))
    chosen = [(leaves[i], weights[i]) for i in wanted if i in leaves and leaves[i].value is not None]
    unknown = [i for i in wanted if i not in leaves]
    no_data = [i for i in wanted if i in leaves and leaves[i].value is None]
    notes = []
    if no_data:
        notes.append(f"{len(no_data)} hoja(s) del subconjunto sin dato: no suman")
    if unknown:
        notes.append(f"{len(unknown)} id(s) que no son hojas del árbol: ignorados ({', '.join(unknown[:5])})")
    return chosen, unknown + no_data, "; ".join(notes)


def _subset_inputs(chosen: list[tuple[Node, Decimal]]) -> tuple[Input, ...]:
    return tuple(Input(n.id, f"{n.label} (peso efectivo {_num(e)})", n.value) for n, e in chosen)


def subset_contribution(root: Node, leaf_ids: Collection[str], key: str) -> Figure:
    """Points the subset adds to the root's value: ``sum(e_i x p_i)`` over the subset's leaves with data
    (``p_i`` in %), unit ``puntos``."""
    chosen, _, note = _subset(root, leaf_ids)
    points = sum((e * n.value for n, e in chosen if n.value is not None), ZERO)
    share_e = sum((e for _, e in chosen), ZERO)
    total = _computed(root).value
    return Figure(
        key=key,
        label=f"Aporte del subconjunto a {root.label}",
        value=points,
        unit="puntos",
        formula=lambda: (
            f"Σ(e_i × p_i) sobre {len(chosen)} hojas del subconjunto = {fmt_number(points, 2)} puntos "
            f"(peso efectivo del subconjunto Σe_i = {_num(share_e)}; valor total de {root.label} = "
            f"{fmt_percent(total, 2)})"
        ),
        method=(
            "aporte en puntos = 100 × Σ(e_i × p_i / 100), con e_i el producto de los pesos normalizados "
            "en la ruta y p_i el avance en %"
        ),
        version=METHOD_VERSION,
        inputs=lambda: _subset_inputs(chosen),
        terms=("puntos", "aporte"),
        note=note,
    )


def subset_mean(root: Node, leaf_ids: Collection[str], key: str) -> Figure:
    """The subset's own weighted progress: ``sum(e_i x p_i) / sum(e_i)`` over its leaves with data."""
    chosen, _, note = _subset(root, leaf_ids)
    points = sum((e * n.value for n, e in chosen if n.value is not None), ZERO)
    share_e = sum((e for _, e in chosen), ZERO)
    value = points / share_e if share_e > 0 else None
    return Figure(
        key=key,
        label=f"Avance agregado del subconjunto de {root.label}",
        value=value,
        unit="%",
        formula=lambda: (
            f"Σ(e_i × p_i) / Σ(e_i) sobre {len(chosen)} hojas = {fmt_number(points, 4)} / {_num(share_e)} "
            f"= {fmt_percent(value, 2)}"
        ),
        method="media ponderada del subconjunto con los pesos efectivos del árbol completo",
        version=METHOD_VERSION,
        inputs=lambda: _subset_inputs(chosen),
        status="" if value is not None else NOT_AVAILABLE,
        terms=("avance agregado",),
        note=note,
    )
