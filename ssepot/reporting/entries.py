"""The agency's entry for one assignment, parsed and checked at the boundary.

A draft is stored as the reporter typed it (JSON of strings), so nothing is lost while it is incomplete;
``parse`` turns it into typed values and lists every problem in words a planner understands, each tied to
the field it concerns (the web form and the Excel upload show them next to the cell).

Shapes, by assignment kind:

- indicator: ``{"values": {"": "12,5", "05": "3"}, "observation": "..."}`` where ``""`` is the city total
  and the other keys are territorial-unit codes; a value may also be a code such as ``S/D``; optionally
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
from typing import Any

from django.utils.translation import gettext as _

from ssepot.commitments.models import CommitmentStatus
from ssepot.importers.readers import to_decimal
from ssepot.indicators.models import VALUE_CODES

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


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    return "" if value is None else str(value).strip()


def _percent(entry: Entry, raw: str, name: str, label: str) -> Decimal | None:
    if not raw:
        return None
    number = to_decimal(raw, places=2)
    if number is None:
        entry.problems.append(
            Problem(
                name, _("%(label)s: se esperaba un número y dice «%(raw)s»") % {"label": label, "raw": raw}
            )
        )
    elif not Decimal(0) <= number <= Decimal(100):
        entry.problems.append(
            Problem(
                name, _("%(label)s debe estar entre 0 y 100 (dice %(raw)s)") % {"label": label, "raw": raw}
            )
        )
    else:
        return number
    return None


def _pesos(entry: Entry, raw: str, name: str, label: str) -> int | None:
    if not raw:
        return None
    number = to_decimal(
        raw.replace(".", "").replace("$", "") if raw.count(".") > 1 else raw.replace("$", ""), 2
    )
    if number is None or number != number.to_integral_value():
        entry.problems.append(
            Problem(
                name,
                _("%(label)s: se esperaba un monto en pesos, sin decimales, y dice «%(raw)s»")
                % {"label": label, "raw": raw},
            )
        )
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
        if (number := to_decimal(text)) is None:
            entry.problems.append(
                Problem(
                    f"variables.{name}",
                    _("la variable %(name)s: se esperaba un número y dice «%(raw)s»")
                    % {"name": name, "raw": text},
                )
            )
        else:
            entry.variables[str(name).strip().upper()] = number


def parse(kind: str, data: Mapping[str, Any], unit_codes: set[str] | None = None) -> Entry:
    """Parse a draft of an assignment of ``kind``; ``unit_codes`` are the territorial units allowed
    (for a disaggregated indicator)."""
    entry = Entry(observation=_text(data, "observation"))
    if kind == "indicador":
        raw_values = data.get("values") or {}
        if not isinstance(raw_values, Mapping):
            entry.problems.append(Problem("values", _("los valores deben venir por unidad territorial")))
            return entry
        for unit, raw in raw_values.items():
            name = f"values.{unit}"
            text = "" if raw is None else str(raw).strip()
            if unit != TOTAL and unit not in (unit_codes or set()):
                entry.problems.append(
                    Problem(
                        name,
                        _(
                            "la unidad territorial «%(unit)s» no existe en el plan o "
                            "el indicador no se desagrega"
                        )
                        % {"unit": unit},
                    )
                )
            elif not text:
                continue
            elif text.upper() in VALUE_CODES:
                entry.codes[unit] = text.upper()
            elif text[:1] in {"=", "+", "@"}:
                entry.problems.append(
                    Problem(name, _("«%(raw)s» parece una fórmula: escriba solo el número") % {"raw": text})
                )
            elif (number := to_decimal(text)) is None:
                entry.problems.append(
                    Problem(
                        name,
                        _("se esperaba un número o un código (%(codes)s) y dice «%(raw)s»")
                        % {"codes": ", ".join(VALUE_CODES), "raw": text},
                    )
                )
            else:
                entry.values[unit] = number
        _variables(entry, data.get("variables"))
    elif kind == "compromiso":
        entry.status = _text(data, "status")
        if entry.status not in CommitmentStatus.Status.values:
            entry.problems.append(
                Problem("status", _("elija un estado: cumplido, en proceso, sin reporte o no aplica"))
            )
        entry.progress = _percent(entry, _text(data, "progress"), "progress", _("El avance"))
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
            entry, _text(data, "physical_progress"), "physical_progress", _("El avance físico")
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
        return not entry.values and not entry.codes
    if kind == "compromiso":
        return not entry.status
    return entry.budget is None and entry.executed is None and entry.physical_progress is None
