"""The agency's entry for one assignment, parsed and checked at the boundary.

A draft is stored as the reporter typed it (JSON of strings), so nothing is lost while it is incomplete;
``parse`` turns it into typed values and lists every problem in words a planner understands, each tied to
the field it concerns (the web form and the Excel upload show them next to the cell).

Shapes, by assignment kind:

- indicator: ``{"values": {"": "12,5", "05": "3"}, "observation": "..."}`` where ``""`` is the city total
  and the other keys are territorial-unit codes; a value may also be a code such as ``S/D``. An indicator
  that reports by quarter or month (its ``frequency``) gives its periods instead, by label:
  ``{"periods": {"T1": {"": "10"}, "T2": {"": "12", "05": "3"}}}``; the year is then combined from them by
  the indicator's rule (``ssepot.core.periods``), and a period not begun at the cut-off cannot be given;
  optionally
  ``"variables": {"V1": "25", "V2": "200"}``, the operative variables of the sheet's formula for the city
  total (when the formula can be computed, the total must be its result: ``ssepot.reporting.validation``);
- commitment: ``{"status": "en_proceso", "progress": "80", "observation": "..."}``;
- project: ``{"budget": "1200000000", "executed": "900000000", "physical_progress": "45,5",
  "observation": "..."}`` (money in whole pesos).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from ssepot.commitments.models import CommitmentStatus
from ssepot.core.inputs import OBSERVATION_MAX_LENGTH, InputError, NumberLimits, clean_text, read_number
from ssepot.core.periods import YEARLY, PeriodError, label_period, period_label
from ssepot.core.periods import labels as period_labels
from ssepot.core.tabular import is_formula_like
from ssepot.indicators.models import VALUE_CODES, IndicatorValue
from ssepot.projects.models import ProjectYear

TOTAL = ""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: str = "error"  # "error" blocks submission; "advertencia" asks for a justification


@dataclass
class Entry:
    """Typed values of a draft; ``problems`` lists what is wrong (and keeps the entry partial)."""

    values: dict[str, Decimal] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    periods: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    """An indicator's values by quarter or month (1..n), then by territorial unit as ``values``."""
    period_codes: dict[int, dict[str, str]] = field(default_factory=dict)
    variables: dict[str, Decimal] = field(default_factory=dict)
    status: str = ""
    progress: Decimal | None = None
    budget: int | None = None
    executed: int | None = None
    physical_progress: Decimal | None = None
    observation: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@cache
def limits(model: Any, name: str) -> NumberLimits:
    """What the database column a draft field goes to holds (read from the model, never restated)."""
    return NumberLimits.of(model._meta.get_field(name))


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    return "" if value is None else str(value).strip()


def _number(entry: Entry, raw: str, name: str, column: NumberLimits, label: str = "") -> Decimal | None:
    """``raw`` read by the one input policy; a problem naming the field when it is not a number or does
    not fit its column."""
    try:
        return read_number(raw, column)
    except InputError as refused:
        message = refused.message
        if is_formula_like(raw):
            message = _("«%(raw)s» parece una fórmula: escriba solo el número") % {"raw": raw}
        entry.problems.append(Problem(name, f"{label}: {message}" if label else message))
    return None


def formula_message(text: str) -> str | None:
    """Why text that a spreadsheet would run as a formula is refused (``ssepot.core.tabular``'s rule), or
    None: the web form, the API and the workbook give the same answer."""
    if not is_formula_like(text):
        return None
    return _(
        "«%(raw)s» empieza con «%(sign)s» y una hoja de cálculo lo tomaría como una fórmula: "
        "escriba solo el valor, o el texto sin ese signo al comienzo"
    ) % {"raw": text if len(text) <= 60 else text[:57] + "...", "sign": text[:1]}


def _observation(entry: Entry, raw: str) -> str:
    try:
        text = clean_text(raw, OBSERVATION_MAX_LENGTH)
    except InputError as refused:
        entry.problems.append(Problem("observation", refused.message))
        return ""
    if (message := formula_message(text)) is not None:
        entry.problems.append(Problem("observation", message))
    return text


def unstorable(data: Any, name: str = "") -> list[Problem]:
    """Text the database cannot keep, anywhere in a draft, keys included: control characters (PostgreSQL
    refuses a NUL in JSON) and text beyond the length limit. Checked before a draft is saved."""
    if isinstance(data, Mapping):
        found = []
        for key, value in data.items():
            inner = f"{name}.{key}" if name else str(key)
            found += unstorable(str(key), inner) + unstorable(value, inner)
        return found
    if isinstance(data, list | tuple):
        return [p for value in data for p in unstorable(value, name)]
    if isinstance(data, str):
        try:
            clean_text(data, OBSERVATION_MAX_LENGTH)
        except InputError as refused:
            return [Problem(name, refused.message)]
    return []


def _percent(entry: Entry, raw: str, name: str, label: str, column: NumberLimits) -> Decimal | None:
    if not raw:
        return None
    number = _number(entry, raw, name, column, label)
    if number is not None and not Decimal(0) <= number <= Decimal(100):
        entry.problems.append(
            Problem(
                name, _("%(label)s debe estar entre 0 y 100 (dice %(raw)s)") % {"label": label, "raw": raw}
            )
        )
        return None
    return number


def _pesos(entry: Entry, raw: str, name: str, label: str) -> int | None:
    if not raw:
        return None
    number = _number(entry, raw.replace("$", "").strip(), name, limits(ProjectYear, name), label)
    if number is None:
        return None
    if number < 0:
        entry.problems.append(Problem(name, _("%(label)s no puede ser negativo") % {"label": label}))
        return None
    return int(number)


def _variables(entry: Entry, raw: Any) -> None:
    """The operative variables (V1, V2...) of the sheet's formula, when the reporter gives them."""
    if not raw:
        return
    if not isinstance(raw, Mapping):
        entry.problems.append(
            Problem("variables", _("las variables operativas deben venir por nombre (V1, V2...)"))
        )
        return
    for name, value in raw.items():
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        label = _("la variable %(name)s") % {"name": name}
        number = _number(entry, text, f"variables.{name}", limits(IndicatorValue, "value"), label)
        if number is not None:
            entry.variables[str(name).strip().upper()] = number


def _unit_values(entry: Entry, raw_values: Any, prefix: str, unit_codes: set[str] | None,
                 values: dict[str, Decimal], codes: dict[str, str]) -> bool:  # fmt: skip
    """One set of values by territorial unit (the year's, or a period's) into ``values`` and ``codes``;
    False when it is not a mapping by unit."""
    if not isinstance(raw_values, Mapping):
        entry.problems.append(Problem(prefix, _("los valores deben venir por unidad territorial")))
        return False
    for unit, raw in raw_values.items():
        name = f"{prefix}.{unit}"
        text = "" if raw is None else str(raw).strip()
        if unit != TOTAL and unit not in (unit_codes or set()):
            entry.problems.append(
                Problem(
                    name,
                    _("la unidad territorial «%(unit)s» no existe en el plan o el indicador no se desagrega")
                    % {"unit": unit},
                )
            )
        elif not text:
            continue
        elif text.upper() in VALUE_CODES:
            codes[unit] = text.upper()
        elif (number := _number(entry, text, name, limits(IndicatorValue, "value"))) is not None:
            values[unit] = number
    return True


def _periods(entry: Entry, raw: Any, unit_codes: set[str] | None, frequency: str, begun: int | None) -> None:
    """An indicator's values by quarter or month, keyed by label (``T1``, ``M03``); a period that is not
    one of the indicator's, or that had not begun at the cut-off, is refused when it holds a value."""
    if not raw:
        return
    if not isinstance(raw, Mapping):
        entry.problems.append(
            Problem("periods", _("los valores por periodo deben venir por trimestre o mes"))
        )
        return
    for label, by_unit in raw.items():
        prefix = f"periods.{label}"
        values: dict[str, Decimal] = {}
        codes: dict[str, str] = {}
        if not _unit_values(entry, by_unit, prefix, unit_codes, values, codes) or not (values or codes):
            continue
        try:
            period = label_period(frequency, str(label))
        except PeriodError:
            if frequency == YEARLY:
                message = _("«%(label)s»: el indicador se reporta por año, no por trimestre ni por mes") % {
                    "label": label
                }
            else:
                known = period_labels(frequency)
                message = _("«%(label)s» no es un periodo del indicador: escriba %(first)s a %(last)s") % {
                    "label": label, "first": known[0], "last": known[-1]}  # fmt: skip
            entry.problems.append(Problem(prefix, message))
            continue
        if begun is not None and period > begun:
            entry.problems.append(
                Problem(
                    prefix,
                    _("%(label)s no había empezado en la fecha de corte del periodo: no se puede reportar")
                    % {"label": period_label(frequency, period)},
                )
            )
            continue
        if values:
            entry.periods[period] = values
        if codes:
            entry.period_codes[period] = codes


def parse(kind: str, data: Mapping[str, Any], unit_codes: set[str] | None = None, *,
          frequency: str = YEARLY, begun: int | None = None) -> Entry:  # fmt: skip
    """Parse a draft of an assignment of ``kind``; ``unit_codes`` are the territorial units allowed
    (for a disaggregated indicator); ``frequency`` is an indicator's (its periods' labels) and ``begun``
    how many of its periods had begun at the cut-off (``ssepot.core.periods.periods_begun``)."""
    entry = Entry()
    entry.observation = _observation(entry, _text(data, "observation"))
    if kind == "indicador":
        if not _unit_values(entry, data.get("values") or {}, "values", unit_codes, entry.values, entry.codes):
            return entry
        _periods(entry, data.get("periods"), unit_codes, frequency, begun)
        _variables(entry, data.get("variables"))
    elif kind == "compromiso":
        entry.status = _text(data, "status")
        if entry.status not in CommitmentStatus.Status.values:
            entry.problems.append(
                Problem("status", _("elija un estado: cumplido, en proceso, sin reporte o no aplica"))
            )
        entry.progress = _percent(
            entry, _text(data, "progress"), "progress", _("El avance"), limits(CommitmentStatus, "progress")
        )
        if entry.status == CommitmentStatus.Status.DONE and entry.progress is None:
            entry.progress = Decimal(100)
        if entry.status == CommitmentStatus.Status.DONE and entry.progress != Decimal(100):
            entry.problems.append(Problem("progress", _("un compromiso cumplido tiene avance de 100")))
        if entry.status == CommitmentStatus.Status.IN_PROGRESS and entry.progress is None:
            entry.problems.append(Problem("progress", _("indique el avance del compromiso en proceso")))
        if entry.status in {CommitmentStatus.Status.NO_REPORT, CommitmentStatus.Status.NOT_APPLICABLE}:
            entry.progress = None
    elif kind == "proyecto":
        entry.budget = _pesos(entry, _text(data, "budget"), "budget", _("El presupuesto"))
        entry.executed = _pesos(entry, _text(data, "executed"), "executed", _("Lo ejecutado"))
        entry.physical_progress = _percent(
            entry,
            _text(data, "physical_progress"),
            "physical_progress",
            _("El avance físico"),
            limits(ProjectYear, "physical_progress"),
        )
        if entry.budget is not None and entry.executed is not None and entry.executed > entry.budget:
            entry.problems.append(
                Problem(
                    "executed",
                    _("lo ejecutado supera el presupuesto: revise o justifique"),
                    severity="advertencia",
                )
            )
    else:
        entry.problems.append(Problem("kind", _("tipo de asignación desconocido: %(kind)s") % {"kind": kind}))
    return entry


def is_empty(kind: str, entry: Entry) -> bool:
    """Nothing was entered (an empty entry cannot be submitted)."""
    if kind == "indicador":
        return not (entry.values or entry.codes or entry.periods or entry.period_codes)
    if kind == "compromiso":
        return not entry.status
    return entry.budget is None and entry.executed is None and entry.physical_progress is None
