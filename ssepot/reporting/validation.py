"""Validation of an agency's entry beyond its types: the plan's rules and the indicator's history.

``check_entry`` reads what it needs in a fixed handful of queries and leaves the maths to
``ssepot.core.validation``. What it checks, and how severe each finding is:

Indicators
- range of the unit ("Porcentaje" 0-100, "Índice (0-1)", counts and money >= 0): **error**;
- outlier against the indicator's own history (current values of the other years, same territorial
  unit; at least ``MIN_POINTS`` of them): modified z-score above ``MZ_THRESHOLD`` or outside the min-max
  band widened by ``MINMAX_MARGIN`` times the range: **advertencia** (the reporter justifies it);
- the sheet's formula (``(V1/V2)*100``), when the draft gives its operative variables and the formula
  can be computed: the city total must be its result rounded to the decimals written: **error**;
- a disaggregated indicator in an additive unit (counts, km, m², money): the comunas and corregimientos
  must add up to the total; when some are blank (blank is not zero) their sum is a bound of the total,
  lower when the parts are at least 0 (``core.review.units_sum``): **advertencia**;
- an indicator that reports by quarter or month: the outlier check (against the same period of the other
  years) and the comunas' sum run on each period too, named by it (``T2``);
- the plan's active ``ValidationRule``s that reference the indicator, with the year's values (this
  entry for the indicator itself; for others their draft in the same period, else their current value):
  the rule's severity. A side that cannot be computed gives no verdict. The rules and the sheet's formula
  speak of the year's values only.

Commitments and projects
- progress lower than the latest earlier year's: **advertencia**;
- a project at 100 % physical progress with nothing executed: **advertencia**.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from ssepot.catalogue.models import TerritorialUnit
from ssepot.commitments.models import CommitmentStatus
from ssepot.core.figures import fmt_number
from ssepot.core.periods import period_label
from ssepot.core.review import UnitsSum, units_sum
from ssepot.core.validation import (
    MIN_POINTS,
    MINMAX_MARGIN,
    MZ_THRESHOLD,
    Expression,
    Reference,
    agrees_with_rounding,
    compare,
    evaluate,
    is_additive_unit,
    is_outlier_minmax,
    is_outlier_mzscore,
    minmax_bounds,
    out_of_range,
    parse_expression,
    range_for_unit,
    sheet_formula,
    split_reference,
    spread,
    sum_tolerance,
)
from ssepot.indicators.models import WHOLE_YEAR, Indicator, IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.reporting.entries import TOTAL, Entry, Problem, parse
from ssepot.reporting.models import Assignment, ValidationRule

WARNING = ValidationRule.Severity.WARNING.value
ERROR = ValidationRule.Severity.ERROR.value


def check_entry(assignment: Assignment, entry: Entry) -> list[Problem]:
    """Problems of ``entry`` found by the plan's validation rules and the outlier checks."""
    if assignment.kind == Assignment.Kind.INDICATOR:
        return _indicator_problems(assignment, entry)
    if assignment.kind == Assignment.Kind.COMMITMENT:
        return _commitment_problems(assignment, entry)
    if assignment.kind == Assignment.Kind.PROJECT:
        return _project_problems(assignment, entry)
    return []


def show(value: Decimal) -> str:
    """A value as the reporter would write it (es-CO, no trailing zeros, at most 6 decimals)."""
    exponent = value.normalize().as_tuple().exponent
    places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
    return fmt_number(value, places)


def _field(unit: str) -> str:
    return f"values.{unit}"


def _where(unit: str) -> str:
    return _(" en la unidad territorial %(unit)s") % {"unit": unit} if unit != TOTAL else ""


# -- indicators -------------------------------------------------------------------------------------------


def _indicator_problems(assignment: Assignment, entry: Entry) -> list[Problem]:
    indicator = assignment.indicator
    assert indicator is not None
    problems = _range_problems(indicator, entry)
    refused = {p.field for p in problems}
    problems += _outlier_problems(indicator, assignment.period.year, entry, skip=refused)
    problems += _formula_problems(indicator, entry)
    sets = _value_sets(indicator, entry)
    checks = units_sum_checks(assignment, indicator, [values for *_, values in sets])
    for (_period, prefix, where, _values), check in zip(sets, checks, strict=True):
        problems += _sum_problems(indicator, check, prefix, where, skip=refused)
    problems += _rule_problems(assignment, indicator, entry)
    return problems


def _value_sets(indicator: Indicator, entry: Entry) -> list[tuple[int, str, str, dict[str, Decimal]]]:
    """The entry's values by territorial unit: the year's (period 0, field prefix ``values``), then each
    quarter's or month's (``periods.T2``), each with the words that place it in a message."""
    sets = [(WHOLE_YEAR, "values", "", entry.values)] if entry.values else []
    for period, by_unit in sorted(entry.periods.items()):
        label = period_label(indicator.frequency, period)
        sets.append((period, f"periods.{label}", _(" en %(period)s") % {"period": label}, by_unit))
    return sets


def _given(indicator: Indicator, entry: Entry) -> list[tuple[int, str, Decimal, str, str]]:
    """Every value of the entry: its period, territorial unit, value, field and words for a message."""
    return [
        (period, unit, value, f"{prefix}.{unit}", where + _where(unit))
        for period, prefix, where, values in _value_sets(indicator, entry)
        for unit, value in sorted(values.items())
    ]


def _range_problems(indicator: Indicator, entry: Entry) -> list[Problem]:
    """Every value out of its unit's range: the year's by territorial unit, and each quarter's or month's
    (an indicator that reports by period)."""
    bounds = range_for_unit(indicator.unit)
    low, high = bounds
    problems = []
    for _period, _unit, value, name, where in _given(indicator, entry):
        if not out_of_range(value, bounds):
            continue
        if high is None:
            message = _("%(value)s%(where)s no puede ser menor que %(low)s en la unidad «%(unit)s»")
        elif low is None:
            message = _("%(value)s%(where)s no puede ser mayor que %(high)s en la unidad «%(unit)s»")
        else:
            message = _(
                "%(value)s%(where)s está fuera del rango de la unidad «%(unit)s»: de %(low)s a %(high)s"
            )
        problems.append(
            Problem(
                name,
                message
                % {
                    "value": show(value),
                    "where": where,
                    "unit": indicator.unit,
                    "low": show(low) if low is not None else "",
                    "high": show(high) if high is not None else "",
                },
            )
        )
    return problems


def _history(
    indicator: Indicator, year: int, periods: Iterable[int]
) -> dict[tuple[int, str], list[tuple[int, Decimal]]]:
    """The current values of the indicator's other years, by period (0: the whole year) and territorial
    unit ("" = total)."""
    rows = (
        IndicatorValue.objects.filter(indicator_id=indicator.pk, value__isnull=False, period__in=set(periods))
        .exclude(year=year)
        .current()
        .order_by("year")
        .values_list("period", "year", "territorial_unit__code", "value")
    )
    history: dict[tuple[int, str], list[tuple[int, Decimal]]] = defaultdict(list)
    for period, row_year, unit, value in rows:
        history[(period, unit or TOTAL)].append((row_year, value))
    return history


def _outlier_problems(indicator: Indicator, year: int, entry: Entry, skip: set[str]) -> list[Problem]:
    """Each value against the same unit's history: the year's against the other years', a quarter's or
    month's against the same period of the other years."""
    given = _given(indicator, entry)
    if not given:
        return []
    history = _history(indicator, year, {g[0] for g in given})
    problems = []
    for period, unit, value, name, where in given:
        past = history.get((period, unit), [])
        numbers = [v for _year, v in past]
        if name in skip or len(numbers) < MIN_POINTS:
            continue
        by_score = is_outlier_mzscore(value, numbers, MZ_THRESHOLD)
        by_band = is_outlier_minmax(value, numbers, MINMAX_MARGIN)
        if not (by_score or by_band):
            continue
        s = spread(numbers)
        low, high = minmax_bounds(numbers, MINMAX_MARGIN)
        reasons = []
        if by_score:
            score = s.score(value)
            reasons.append(
                _("puntaje z modificado %(score)s, por encima de %(threshold)s")
                % {"score": show(abs(score)) if score.is_finite() else "∞", "threshold": show(MZ_THRESHOLD)}
            )
        if by_band:
            reasons.append(
                _("fuera de la franja de %(low)s a %(high)s") % {"low": show(low), "high": show(high)}
            )
        problems.append(
            Problem(
                name,
                _(
                    "%(value)s%(where)s se aparta de la historia del indicador: entre %(first)s y %(last)s "
                    "estuvo entre %(min)s y %(max)s (mediana %(median)s; %(reasons)s). Justifique el valor "
                    "en la observación."
                )
                % {
                    "value": show(value),
                    "where": where,
                    "first": past[0][0],
                    "last": past[-1][0],
                    "min": show(min(numbers)),
                    "max": show(max(numbers)),
                    "median": show(s.median),
                    "reasons": "; ".join(reasons),
                },
                severity=WARNING,
            )
        )
    return problems


def _formula_problems(indicator: Indicator, entry: Entry) -> list[Problem]:
    formula = sheet_formula(indicator.formula)
    if formula is None or not entry.variables:
        return []
    typed_wrong = {p.field for p in entry.problems}
    missing = [
        n for n in formula.variables if n not in entry.variables and f"variables.{n}" not in typed_wrong
    ]
    if missing:
        return [
            Problem(
                f"variables.{name}",
                _("falta la variable %(name)s de la fórmula %(formula)s")
                % {"name": name, "formula": indicator.formula.strip()},
            )
            for name in missing
        ]
    total = entry.values.get(TOTAL)
    expected = evaluate(formula, entry.variables.get)  # None when a variable was not a number
    if total is None or expected is None or agrees_with_rounding(total, expected):
        return []
    given = ", ".join(f"{name} = {show(entry.variables[name])}" for name in formula.variables)
    return [
        Problem(
            _field(TOTAL),
            _(
                "el total %(value)s no es el resultado de la fórmula de la ficha, %(formula)s, "
                "con %(given)s: da %(expected)s"
            )
            % {
                "value": show(total),
                "formula": indicator.formula.strip(),
                "given": given,
                "expected": show(expected.quantize(Decimal("0.000001"))),
            },
        )
    ]


def units_sum_check(
    assignment: Assignment, indicator: Indicator, values: Mapping[str, Decimal]
) -> UnitsSum | None:
    """The comunas and corregimientos of ``values`` (the year's, or one quarter's or month's, by
    territorial unit) against their total (``core.review.units_sum``: a blank unit is not zero), for a
    disaggregated indicator in an additive unit with a total and at least one unit reported; None
    otherwise. A unit given a code (S/D) has no number: it counts as blank."""
    return units_sum_checks(assignment, indicator, [values])[0]


def units_sum_checks(
    assignment: Assignment, indicator: Indicator, sets: Sequence[Mapping[str, Decimal]]
) -> list[UnitsSum | None]:
    """``units_sum_check`` of each of ``sets`` (the year's values, each period's), reading the territorial
    units once."""
    if not indicator.is_disaggregated or not is_additive_unit(indicator.unit):
        return [None] * len(sets)
    if not any(values.get(TOTAL) is not None for values in sets):
        return [None] * len(sets)
    # NB: comunas and corregimientos (no parent) make the city; barrios below them would count twice.
    top = set(
        TerritorialUnit.objects.filter(plan_id=assignment.plan_id, parent__isnull=True).values_list(
            "code", flat=True
        )
    )
    checks: list[UnitsSum | None] = []
    for values in sets:
        total = values.get(TOTAL)
        parts = {unit: value for unit, value in values.items() if unit in top}
        checks.append(
            None if total is None or not parts else units_sum(total, parts, len(top), sum_tolerance(total))
        )
    return checks


def _sum_problems(
    indicator: Indicator, check: UnitsSum | None, prefix: str, where: str, skip: set[str]
) -> list[Problem]:
    if check is None or check.holds is not False or any(f.startswith(f"{prefix}.") for f in skip):
        # NB: a value out of its unit's range is already an error; its sum would say it twice
        return []
    if check.bound == "igual":
        message = _(
            "la suma de las unidades territoriales (%(sum)s) no coincide con el total (%(total)s) "
            "en una unidad que se suma («%(unit)s»): revise o justifique"
        )
    elif check.bound == "minimo":
        message = _(
            "las unidades territoriales reportadas (%(reported)d de %(expected)d) suman %(sum)s, más que el "
            "total (%(total)s), en una unidad que se suma («%(unit)s»); las otras %(blank)d están en blanco "
            "y en blanco no es cero, así que la suma solo puede crecer: revise o justifique"
        )
    else:
        message = _(
            "las unidades territoriales reportadas (%(reported)d de %(expected)d) suman %(sum)s, menos que "
            "el total (%(total)s), en una unidad que se suma («%(unit)s»); las otras %(blank)d están en "
            "blanco y en blanco no es cero, así que la suma solo puede bajar: revise o justifique"
        )
    shown = {"sum": show(check.added), "total": show(check.total), "unit": indicator.unit,
             "reported": check.reported, "blank": check.blank, "expected": check.expected}  # fmt: skip
    text = message % shown
    if where:
        text = _("%(where)s: %(message)s") % {"where": where.strip(), "message": text}
    return [Problem(f"{prefix}.{TOTAL}", text, severity=WARNING)]


# -- the plan's rules -------------------------------------------------------------------------------------


def _rule_problems(assignment: Assignment, indicator: Indicator, entry: Entry) -> list[Problem]:
    code = indicator.code
    marker = "#{" + code
    rules = ValidationRule.objects.filter(plan_id=assignment.plan_id, active=True).filter(
        Q(left__contains=marker) | Q(right__contains=marker)
    )
    parsed: list[tuple[ValidationRule, Expression, Expression]] = []
    for rule in rules:
        try:
            left = parse_expression(rule.left, variables=False)
            right = parse_expression(rule.right, variables=False)
        except ValueError:
            continue  # NB: a broken rule is the analyst's to fix; it must not block the agencies
        parsed.append((rule, left, right))
    texts = {ref for _rule, left, right in parsed for ref in (*left.references, *right.references)}
    values = _YearValues(assignment, indicator, entry, texts)
    problems = []
    for rule, left, right in parsed:
        own = [r for r in (*left.references, *right.references) if values.reference(r).code == code]
        if not own:
            continue  # the marker matched a longer code (POT-MOV-01 in POT-MOV-011)
        left_value, right_value = evaluate(left, values.resolve), evaluate(right, values.resolve)
        if left_value is None or right_value is None:
            continue
        if compare(left_value, rule.operator, right_value, rule.tolerance):
            continue
        unit = values.reference(own[0]).unit
        problems.append(
            Problem(
                "values" if unit == "*" else _field(unit or TOTAL),
                _("%(name)s: %(message)s (%(left)s = %(lv)s; %(right)s = %(rv)s; se esperaba %(op)s)")
                % {
                    "name": rule.name,
                    "message": rule.message,
                    "left": rule.left,
                    "lv": show(left_value),
                    "right": rule.right,
                    "rv": show(right_value),
                    "op": rule.get_operator_display(),
                },
                severity=rule.severity,
            )
        )
    return problems


class _YearValues:
    """The period's values of every indicator the rules reference, read in two queries.

    This entry stands for its own indicator; another indicator's draft in the same period stands for it
    when it holds any value; otherwise its current values for the year."""

    def __init__(self, assignment: Assignment, indicator: Indicator, entry: Entry, texts: Iterable[str]):
        texts = set(texts)
        candidates = {t for t in texts} | {t.rpartition(".")[0] for t in texts if "." in t}
        candidates.discard(indicator.code)
        self.values: dict[str, dict[str, Decimal]] = {indicator.code: dict(entry.values)}
        if candidates:
            drafts = Assignment.objects.filter(
                period_id=assignment.period_id, indicator__code__in=candidates
            ).values_list("indicator__code", "draft")
            for code, draft in drafts:
                raw = draft.get("values") if isinstance(draft, dict) else None
                if isinstance(raw, dict):
                    typed = parse(Assignment.Kind.INDICATOR, {"values": raw}, set(raw)).values
                    if typed:
                        self.values[code] = typed
            stored = (
                IndicatorValue.objects.filter(
                    indicator__plan_id=assignment.plan_id,
                    indicator__development_plan__isnull=True,
                    indicator__code__in=candidates - set(self.values),
                    year=assignment.period.year,
                    period=WHOLE_YEAR,
                    value__isnull=False,
                )
                .current()
                .values_list("indicator__code", "territorial_unit__code", "value")
            )
            for code, unit, value in stored:
                self.values.setdefault(code, {})[unit or TOTAL] = value
        self.codes = set(self.values)

    def reference(self, text: str) -> Reference:
        return split_reference(text, self.codes.__contains__)

    def resolve(self, text: str) -> Decimal | None:
        ref = self.reference(text)
        values = self.values.get(ref.code, {})
        if ref.unit == "*":
            parts = [v for unit, v in values.items() if unit != TOTAL]
            return sum(parts, Decimal(0)) if parts else None
        return values.get(ref.unit or TOTAL)


# -- commitments and projects -----------------------------------------------------------------------------


def _went_down(field: str, now: Decimal | None, before: tuple[int, Decimal] | None) -> list[Problem]:
    if now is None or before is None or now >= before[1]:
        return []
    return [
        Problem(
            field,
            _(
                "el avance baja de %(before)s %% en %(year)s a %(now)s %%: justifique la disminución en la "
                "observación"
            )
            % {"before": show(before[1]), "year": before[0], "now": show(now)},
            severity=WARNING,
        )
    ]


def _commitment_problems(assignment: Assignment, entry: Entry) -> list[Problem]:
    before = (
        CommitmentStatus.objects.filter(
            commitment_id=assignment.commitment_id or 0,
            year__lt=assignment.period.year,
            progress__isnull=False,
        )
        .current()
        .order_by("-year")
        .values_list("year", "progress")
        .first()
    )
    return _went_down("progress", entry.progress, before)


def _project_problems(assignment: Assignment, entry: Entry) -> list[Problem]:
    year = assignment.period.year
    rows = list(
        ProjectYear.objects.filter(project_id=assignment.project_id or 0, year__lte=year)
        .current()
        .order_by("-year")
        .values_list("year", "executed", "physical_progress")
    )
    this_year = next((r for r in rows if r[0] == year), None)
    before = next(((y, p) for y, _e, p in rows if y < year and p is not None), None)
    problems = _went_down("physical_progress", entry.physical_progress, before)
    # NB: as approving does, an empty "executed" keeps the year's current amount.
    executed = entry.executed if entry.executed is not None else (this_year[1] if this_year else 0)
    if entry.physical_progress == 100 and executed == 0:
        problems.append(
            Problem(
                "executed",
                _(
                    "el avance físico es 100 %% y lo ejecutado es 0: justifique cómo se terminó sin "
                    "ejecución financiera"
                ),
                severity=WARNING,
            )
        )
    return problems
