"""Checks of a reported value beyond its type: ranges by unit, outliers against history, and expressions.

Plain Python and Decimal arithmetic; the reporting app reads the database and calls these.

- ``range_for_unit``: the bounds a unit of measure implies (percentages 0-100, an index written
  "Índice (0-1)" its own range, counts and money at least 0).
- Outliers: the modified z-score of Iglewicz and Hoaglin and a min-max band, both against the
  indicator's own history; with fewer than ``min_points`` past values they give no verdict (None).
- Expressions: the sides of an analyst's rule (``#{POT-MOV-01} <= #{POT-MOV-02.*} * 2``) and the
  formulas of indicator sheets (``(V1/V2)*100``), parsed with ``ast`` and walked by hand: only numbers,
  ``+ - * /``, parentheses, unary signs and references. Nothing is ever executed.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
HUNDRED = Decimal(100)

MZ_CONSTANT = Decimal("0.6745")
"""Iglewicz-Hoaglin: 0.6745 = the 0.75 quantile of the standard normal, so M ~ z for normal data."""
MEAN_AD_CONSTANT = Decimal("1.253314")
"""sqrt(pi/2): makes the mean absolute deviation comparable to a standard deviation (the MAD=0 variant)."""
MZ_THRESHOLD = Decimal("3.5")
MINMAX_MARGIN = Decimal("0.5")
MIN_POINTS = 4
INFINITY = Decimal("Infinity")


# -- outliers --------------------------------------------------------------------------------------------


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    if not ordered:
        raise ValueError("la mediana de una serie vacía no existe")
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class Spread:
    """Where a history is centred and how wide it is, as the modified z-score measures it.

    ``score(x) = 0.6745 x (x - median) / MAD``. When more than half the history is one value the MAD is
    0 and the usual variant takes ``(x - median) / (1.253314 x MeanAD)``, MeanAD being the mean absolute
    deviation from the median. When both are 0 the history is constant: a value equal to it scores 0 and
    any other value scores +/- infinity (it departs from a series that never moved), so it is an outlier.
    """

    median: Decimal
    mad: Decimal
    mean_ad: Decimal

    @property
    def method(self) -> str:
        """``MAD``, ``MeanAD`` or ``constante``."""
        return "MAD" if self.mad else "MeanAD" if self.mean_ad else "constante"

    def score(self, value: Decimal) -> Decimal:
        deviation = value - self.median
        if self.mad:
            return MZ_CONSTANT * deviation / self.mad
        if self.mean_ad:
            return deviation / (MEAN_AD_CONSTANT * self.mean_ad)
        return ZERO if deviation == 0 else INFINITY.copy_sign(deviation)


def spread(history: Sequence[Decimal]) -> Spread:
    centre = median(history)
    deviations = [abs(x - centre) for x in history]
    return Spread(centre, median(deviations), sum(deviations, ZERO) / len(deviations))


def modified_z_scores(history: Sequence[Decimal]) -> list[Decimal]:
    """The modified z-score of every point of ``history`` against the history itself."""
    if not history:
        return []
    s = spread(history)
    return [s.score(x) for x in history]


def modified_z_score(value: Decimal, history: Sequence[Decimal]) -> Decimal:
    """The modified z-score of a new ``value`` against ``history`` (not including it)."""
    return spread(history).score(value)


def is_outlier_mzscore(value: Decimal, history: Sequence[Decimal], threshold: Decimal = MZ_THRESHOLD,
                       min_points: int = MIN_POINTS) -> bool | None:  # fmt: skip
    """``|M| > threshold`` (3.5 as Iglewicz and Hoaglin recommend); None with too little history."""
    if len(history) < min_points:
        return None
    return abs(modified_z_score(value, history)) > threshold


def minmax_bounds(history: Sequence[Decimal], margin: Decimal = MINMAX_MARGIN) -> tuple[Decimal, Decimal]:
    """``[min - margin x range, max + margin x range]`` of the history."""
    low, high = min(history), max(history)
    width = (high - low) * margin
    return low - width, high + width


def is_outlier_minmax(value: Decimal, history: Sequence[Decimal], margin: Decimal = MINMAX_MARGIN,
                      min_points: int = MIN_POINTS) -> bool | None:  # fmt: skip
    """Outside the history's band widened by ``margin`` times its range; None with too little history.
    NB: a constant history has no width, so any change leaves the band."""
    if len(history) < min_points:
        return None
    low, high = minmax_bounds(history, margin)
    return not low <= value <= high


# -- units -----------------------------------------------------------------------------------------------

_RANGE = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*(?:-|–|a|al|hasta)\s*(-?\d+(?:[.,]\d+)?)")
_PERCENT_WORDS = {"porcentaje", "porcentual", "%", "por ciento"}
_NOT_BOUNDED_WORDS = {
    "variacion",
    "cambio",
    "crecimiento",
    "diferencia",
    "balance",
    "saldo",
    "tasa de cambio",
}
# NB: additive units add up over territorial units (the comunas' km make the city's km); a rate, an
# average time or a concentration does not.
_ADDITIVE_WORDS = {
    "numero", "no", "n", "cantidad", "unidad", "unidades", "km", "kilometro", "kilometros", "metro",
    "metros", "m", "m2", "m3", "mts", "ml", "ha", "hectarea", "hectareas", "cop", "pesos", "peso", "$",
    "millones", "miles", "billones", "usd", "dolares", "ton", "toneladas", "personas", "hogares",
    "viviendas", "familias", "predios", "beneficiarios", "expediente", "expedientes", "proyectos",
}  # fmt: skip
_NONNEGATIVE_WORDS = {
    "tasa", "razon", "minutos", "minuto", "horas", "hora", "dias", "anos", "mg", "microgramo",
    "microgramos", "ug", "promedio", "densidad", "habitantes",
}  # fmt: skip


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("²", "2").replace("³", "3").casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$%]+", text)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def range_for_unit(unit: str) -> tuple[Decimal | None, Decimal | None]:
    """The bounds a unit of measure implies: ``(low, high)``, None where there is no bound.

    A range written in the unit wins ("Índice (0-1)", "Puntos (0 a 100)", "indice 0-1"); percentages are
    0-100 (not a "variación porcentual", which may be negative or above 100); counts, lengths, areas,
    money and rates are at least 0; anything else has no bounds.
    """
    folded = _fold(unit)
    if not folded:
        return None, None
    inside = re.findall(r"\(([^()]*)\)", folded)
    for text in [*inside, folded]:
        if m := _RANGE.search(text):
            low, high = _number(m.group(1)), _number(m.group(2))
            if low < high:
                return low, high
    words = set(_words(folded))
    if words & _NOT_BOUNDED_WORDS or any(w in folded for w in _NOT_BOUNDED_WORDS if " " in w):
        return None, None
    if words & _PERCENT_WORDS or "%" in folded or "por ciento" in folded:
        return ZERO, HUNDRED
    if words & (_ADDITIVE_WORDS | _NONNEGATIVE_WORDS) or "$" in folded:
        return ZERO, None
    return None, None


def is_additive_unit(unit: str) -> bool:
    """Values in this unit add up over territorial units: counts, lengths, areas, money. Not
    percentages, indices, rates, averages or concentrations."""
    folded = _fold(unit)
    words = set(_words(folded))
    if "(" in folded or words & (_PERCENT_WORDS | _NONNEGATIVE_WORDS | _NOT_BOUNDED_WORDS):
        return False
    if "%" in folded or "/" in folded or "indice" in words or "por" in words:
        return False
    return bool(words & _ADDITIVE_WORDS) or "$" in folded


def out_of_range(value: Decimal, bounds: tuple[Decimal | None, Decimal | None]) -> bool:
    low, high = bounds
    return (low is not None and value < low) or (high is not None and value > high)


# -- expressions -----------------------------------------------------------------------------------------

MAX_EXPRESSION = 1000
_REFERENCE = re.compile(r"#\{([^{}]*)\}")
_VARIABLE = re.compile(r"V\d+")
_PLACEHOLDER = "ref_"
_OPERATORS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


@dataclass(frozen=True)
class Reference:
    """``#{CODE}`` is the total (``unit`` None), ``#{CODE.05}`` territorial unit 05, ``#{CODE.*}`` the sum
    over units (``unit`` "*")."""

    code: str
    unit: str | None = None


def split_reference(ref: str, is_code: Callable[[str], bool] | None = None) -> Reference:
    """Read ``CODE``, ``CODE.unit`` or ``CODE.*``. Codes may hold dots themselves ('1.1.1.2'): when
    ``is_code`` says the whole text is a code, it is the total; otherwise the last dot separates the unit."""
    ref = ref.strip()
    if ref.endswith(".*"):
        return Reference(ref[:-2], "*")
    if (is_code is not None and is_code(ref)) or "." not in ref:
        return Reference(ref)
    code, _dot, unit = ref.rpartition(".")
    return Reference(code, unit)


@dataclass(frozen=True)
class Expression:
    """A parsed expression: ``references`` are the texts inside ``#{...}``, ``variables`` the V names."""

    text: str
    source: str
    """``text`` with each reference replaced by its placeholder name: what ``tree`` was parsed from."""
    tree: ast.Expression
    references: tuple[str, ...]
    variables: tuple[str, ...]
    slots: tuple[tuple[str, str], ...]
    """(placeholder name, what it stands for) in order."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.references, *self.variables]))


def parse_expression(text: str, *, references: bool = True, variables: bool = True) -> Expression:
    """Parse ``text`` or raise ValueError saying, in Spanish, what is not allowed.

    Allowed: numbers, ``+ - * /``, parentheses, unary ``-``/``+``, ``#{CODE}``-style references (when
    ``references``) and variables ``V1``, ``V2``... (when ``variables``).
    """
    if not text or not text.strip():
        raise ValueError("la expresión está vacía")
    if len(text) > MAX_EXPRESSION:
        raise ValueError(f"la expresión es demasiado larga (más de {MAX_EXPRESSION} caracteres)")
    refs: list[str] = []

    def slot(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if not inner:
            raise ValueError("una referencia #{...} está vacía")
        if not references:
            raise ValueError(f"aquí no se admiten referencias a indicadores: #{{{inner}}}")
        if inner not in refs:
            refs.append(inner)
        return f" {_PLACEHOLDER}{refs.index(inner)} "

    if _PLACEHOLDER in _REFERENCE.sub(" ", text).casefold():
        raise ValueError(f"nombre no permitido en la expresión: «{_PLACEHOLDER}»")
    source = _REFERENCE.sub(slot, text)
    if "#" in source or "{" in source or "}" in source:
        raise ValueError("referencia mal escrita: use #{CÓDIGO}, #{CÓDIGO.unidad} o #{CÓDIGO.*}")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as e:
        raise ValueError(f"la expresión no se entiende: «{text.strip()}»") from e
    source = source.strip()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expression | ast.operator | ast.unaryop | ast.Load):
            if isinstance(node, ast.operator) and type(node) not in _OPERATORS:
                raise ValueError("solo se admiten las operaciones + - * / y paréntesis")
            if isinstance(node, ast.unaryop) and not isinstance(node, ast.USub | ast.UAdd):
                raise ValueError("solo se admiten las operaciones + - * / y paréntesis")
        elif isinstance(node, ast.BinOp | ast.UnaryOp):
            continue
        elif isinstance(node, ast.Constant):
            if type(node.value) not in (int, float):
                raise ValueError(f"solo se admiten números, no «{ast.get_source_segment(source, node)}»")
            _literal(source, node)
        elif isinstance(node, ast.Name):
            if node.id.startswith(_PLACEHOLDER) and node.id[len(_PLACEHOLDER) :].isdigit():
                continue
            if variables and _VARIABLE.fullmatch(node.id):
                found.append(node.id)
                continue
            raise ValueError(f"nombre no permitido en la expresión: «{node.id}»")
        else:
            shown = ast.get_source_segment(source, node) if hasattr(node, "lineno") else ""
            raise ValueError(
                "solo se admiten números, + - * /, paréntesis y referencias"
                + (f"; no «{shown}»" if shown else "")
            )
    slots = tuple((f"{_PLACEHOLDER}{i}", ref) for i, ref in enumerate(refs))
    ordered = sorted(set(found), key=lambda name: int(name[1:]))
    return Expression(text, source, tree, tuple(refs), tuple(ordered), slots)


def evaluate(expr: Expression | str, resolve: Callable[[str], Decimal | None]) -> Decimal | None:
    """The value of ``expr``; ``resolve`` gives the value of a reference (the text inside ``#{...}``) or a
    variable (``V1``). None (no verdict) when a value is missing or a division by zero occurs."""
    if isinstance(expr, str):
        expr = parse_expression(expr)
    names = dict(expr.slots)

    def walk(node: ast.AST) -> Decimal | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return _literal(expr.source, node)
        if isinstance(node, ast.Name):
            value = resolve(names.get(node.id, node.id))
            return None if value is None else Decimal(value)
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            if operand is None:
                return None
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Div) and right == 0:
                return None
            try:
                result = _OPERATORS[type(node.op)](left, right)
            except (InvalidOperation, ArithmeticError):
                return None
            return result if result.is_finite() else None
        raise ValueError("expresión no permitida")  # parse_expression never lets one through

    return walk(expr.tree)


def _literal(source: str, node: ast.Constant) -> Decimal:
    """A number as written (``0.1`` is exactly one tenth, not the float nearest to it)."""
    value = node.value
    assert isinstance(value, int | float)
    if isinstance(value, int):
        return Decimal(value)
    try:
        number = Decimal((ast.get_source_segment(source, node) or "").replace("_", ""))
    except InvalidOperation:
        number = Decimal(repr(value))
    if not number.is_finite():
        raise ValueError("número fuera de rango en la expresión")
    return number


OPERATORS = ("==", "!=", "<", "<=", ">", ">=")


def compare(left: Decimal, op: str, right: Decimal, tolerance: Decimal = ZERO) -> bool:
    """Whether ``left op right`` holds, ``tolerance`` in favour of the rule: ``==`` holds when the sides
    differ by at most the tolerance, ``!=`` when they differ by more; ``<=`` holds when
    ``left <= right + tolerance``, ``<`` when ``left < right + tolerance`` (and symmetrically)."""
    tol = abs(tolerance)
    if op == "==":
        return abs(left - right) <= tol
    if op == "!=":
        return abs(left - right) > tol
    if op == "<":
        return left < right + tol
    if op == "<=":
        return left <= right + tol
    if op == ">":
        return left > right - tol
    if op == ">=":
        return left >= right - tol
    raise ValueError(f"operador desconocido: «{op}» (use {', '.join(OPERATORS)})")


# -- indicator sheet formulas ---------------------------------------------------------------------------


def normalize_formula(text: str) -> str:
    """A sheet formula as people write it, made parseable: ``v1`` > ``V1``, ``[ ]`` > ``( )``, decimal
    commas, thousands dots (``100.000``), a final ``*100%`` (a percentage) and ``15%`` (> ``(15/100)``)."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\bv(\d+)\b", r"V\1", text)
    text = text.replace("[", "(").replace("]", ")")
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    text = re.sub(
        r"\b([1-9]\d{0,2})((?:\.\d{3})+)(?![\d.])", lambda m: m.group(1) + m.group(2).replace(".", ""), text
    )
    text = re.sub(r"\*\s*100\s*%", "*100", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", text)
    return text


def sheet_formula(text: str) -> Expression | None:
    """The sheet's formula over V1, V2... when it can be computed; None when it is prose or uses names
    other than V variables (it is then shown, not checked)."""
    if not text or not text.strip():
        return None
    try:
        expr = parse_expression(normalize_formula(text), references=False)
    except ValueError:
        return None
    return expr if expr.variables else None


def agrees_with_rounding(value: Decimal, expected: Decimal) -> bool:
    """``value`` is ``expected`` rounded to the decimals the reporter wrote (33,33 or 33 for 33,333...).

    The tolerance is half a unit of the last decimal written (at least of the units digit)."""
    exponent = value.normalize().as_tuple().exponent
    places = min(exponent, 0) if isinstance(exponent, int) else 0
    return abs(value - expected) <= Decimal("0.5").scaleb(places)


def sum_tolerance(total: Decimal) -> Decimal:
    """How far the territorial units' sum may drift from the total by rounding: 0,1 % of it, at least
    0,01."""
    return max(abs(total) * Decimal("0.001"), Decimal("0.01"))
