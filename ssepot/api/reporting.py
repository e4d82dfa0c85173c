"""The agencies' reporting through the API: the same actions, access rules and checks as the web forms.

An agency's system lists its assignments, saves a draft and submits it, with a token of one of the
agency's reporters. Each request is one transaction around ``ssepot.reporting.actions`` (``save_draft``,
``submit``), which decide access through ``ssepot.reporting.access`` and write the review event and the
audit entry. The draft is checked with ``actions.parse_entry``, the function the web form and the Excel
upload use; if it has errors the transaction is rolled back, so a refused request writes nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema

from ssepot.api.auth import Refusal, TokenAuth, refused
from ssepot.core.inputs import OBSERVATION_MAX_LENGTH, InputError, clean_text
from ssepot.reporting import access, actions
from ssepot.reporting.entries import TOTAL, Problem, unstorable
from ssepot.reporting.models import Assignment

router = Router(auth=TokenAuth(), tags=["Reporte de dependencias"])

TOTAL_KEY = "total"
FIELDS_BY_KIND = {
    "indicador": {"valores", "periodos", "variables"},
    "compromiso": {"estado", "avance"},
    "proyecto": {"presupuesto", "ejecutado", "avance_fisico"},
}
# the draft's field names (``ssepot.reporting.entries``) -> the API's
API_NAMES = {
    "values": "valores",
    "periods": "periodos",
    "variables": "variables",
    "status": "estado",
    "progress": "avance",
    "budget": "presupuesto",
    "executed": "ejecutado",
    "physical_progress": "avance_fisico",
    "observation": "observacion",
}
WRITE_ERRORS = {
    400: Refusal,
    401: Refusal,
    403: Refusal,
    404: Refusal,
    409: Refusal,
    413: Refusal,
    422: Refusal,
}


def _clean(value: Any) -> Any:
    """Text follows the input policy (``ssepot.core.inputs``): no control characters, the same length
    limits as the web form; numbers are read as the web form reads them, from the draft."""
    if not isinstance(value, str):
        return value
    try:
        return clean_text(value, OBSERVATION_MAX_LENGTH)
    except InputError as refused:
        raise ValueError(refused.message) from None


Number = Annotated[Decimal, WithJsonSchema({"type": "number"})]
YEAR: Any = Query(None, ge=1900, le=2200, description="Vigencia (año), p. ej. 2025.")
Cell = Annotated[
    Decimal | str | None, AfterValidator(_clean), WithJsonSchema({"type": ["number", "string", "null"]})
]
Text = Annotated[str, AfterValidator(_clean)]


class DraftIn(Schema):
    """The entry for one assignment; only the fields of its kind are allowed."""

    model_config = ConfigDict(extra="forbid")

    revision: int = Field(..., ge=0, description="La revisión que el cliente leyó (bloqueo optimista).")
    valores: dict[str, Cell] | None = Field(
        None,
        description="Indicador: valor por unidad territorial; «total» es el total del municipio. "
        "Un número o un código (S/D, -1, -2, ND, NA).",
    )
    periodos: dict[str, dict[str, Cell]] | None = Field(
        None,
        description="Indicador que se reporta por trimestre o por mes (su «frecuencia»): el valor de cada "
        "periodo (T1 a T4, o M01 a M12) por unidad territorial, con «total» para el municipio, p. ej. "
        '{"T1": {"total": 10}, "T2": {"total": 12}}. Solo los periodos que empezaron antes de la fecha de '
        "corte («periodos» de la asignación); el año se combina por la regla del indicador.",
    )
    variables: dict[str, Cell] | None = Field(
        None, description="Indicador: variables operativas (V1, V2...)."
    )
    estado: Literal["cumplido", "en_proceso", "sin_reporte", "no_aplica"] | None = Field(
        None, description="Compromiso: estado del año."
    )
    avance: Number | None = Field(None, ge=0, le=100, description="Compromiso: avance (%) de 0 a 100.")
    presupuesto: int | None = Field(None, ge=0, description="Proyecto: presupuesto en pesos.")
    ejecutado: int | None = Field(None, ge=0, description="Proyecto: monto ejecutado en pesos.")
    avance_fisico: Number | None = Field(
        None, ge=0, le=100, description="Proyecto: avance físico (%) de 0 a 100."
    )
    observacion: Text = Field(
        "", max_length=OBSERVATION_MAX_LENGTH, description="Observación o justificación."
    )


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    revision: int = Field(..., ge=0, description="La revisión que el cliente leyó (bloqueo optimista).")


class ProblemOut(Schema):
    campo: str
    mensaje: str


class AssignmentOut(Schema):
    id: int
    plan: str
    vigencia: int
    tipo: str
    codigo: str
    nombre: str
    dependencia: str
    estado: str
    revision: int
    borrador: dict[str, Any]
    unidades_territoriales: list[str]
    frecuencia: str = Field("", description="Indicador: anual, trimestral o mensual.")
    periodos: list[str] = Field(
        [], description="Indicador trimestral o mensual: los periodos que se reportan (T1, M03...)."
    )
    advertencias: list[ProblemOut] = []


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth set it
    return request.user


def _visible(request: HttpRequest) -> QuerySet[Assignment]:
    return access.assignments_for_user(_user(request)).select_related(
        "plan", "period", "agency", "indicator", "commitment", "project"
    )


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    found = _visible(request).filter(pk=pk).first()
    if found is None:
        raise HttpError(404, _("No existe la asignación %(id)d o no es de su dependencia.") % {"id": pk})
    return found


def _units_to_api(values: Any) -> Any:
    return (
        {(TOTAL_KEY if k == TOTAL else k): v for k, v in values.items()}
        if isinstance(values, dict)
        else values
    )


def _to_api(draft: dict[str, Any]) -> dict[str, Any]:
    out = {API_NAMES.get(k, k): v for k, v in draft.items()}
    out["valores"] = _units_to_api(out.get("valores"))
    if isinstance(out.get("periodos"), dict):
        out["periodos"] = {label: _units_to_api(v) for label, v in out["periodos"].items()}
    return {k: v for k, v in out.items() if v is not None or k != "valores"}


def _field(name: str) -> str:
    head, _sep, rest = name.partition(".")
    if head == "values" and rest == TOTAL:
        return "valores.total"
    if head == "periods" and rest.endswith(".") and rest.count(".") == 1:
        return f"periodos.{rest}{TOTAL_KEY}"
    return API_NAMES.get(head, head) + (f".{rest}" if rest else "")


def _label(text: str) -> str:
    """A period as the form writes it (``t1`` -> ``T1``, ``M3`` -> ``M03``); anything else as given, for
    ``entries.parse`` to refuse by name."""
    match = re.fullmatch(r"\s*([TtMm])0*(\d{1,2})\s*", text)
    if match is None:
        return text
    letter, number = match[1].upper(), int(match[2])
    return f"T{number}" if letter == "T" else f"M{number:02d}"


def _problems(problems: list[Any]) -> list[dict[str, str]]:
    return [
        {"campo": _field(getattr(p, "field", "")), "mensaje": str(getattr(p, "message", p))} for p in problems
    ]


def _out(a: Assignment, warnings: list[Any] | None = None) -> dict[str, Any]:
    item: Any = a.item
    return {
        "id": a.pk,
        "plan": a.plan.slug,
        "vigencia": a.period.year,
        "tipo": a.kind,
        "codigo": item.code,
        "nombre": str(getattr(item, "name", "") or getattr(item, "description", ""))[:300],
        "dependencia": a.agency.name,
        "estado": a.state,
        "revision": a.revision,
        "borrador": _to_api(dict(a.draft)),
        "unidades_territoriales": sorted(actions.unit_codes(a)),
        "frecuencia": a.indicator.frequency if a.indicator is not None else "",
        "periodos": actions.asked_periods(a),
        "advertencias": _problems(warnings or []),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value).strip()


def draft_from(kind: str, body: DraftIn) -> dict[str, Any]:
    """The body in the draft's shape (strings, as the web form stores them); 422 for another kind's fields."""
    given = {name for name in body.model_fields_set if name not in {"revision", "observacion"}}
    foreign = sorted(given - FIELDS_BY_KIND[kind])
    if foreign:
        raise BodyRefused(
            _("Hay campos que no corresponden a este tipo de asignación; no se guardó nada."),
            [Problem(name, _("no aplica a un ítem de tipo «%(kind)s»") % {"kind": kind}) for name in foreign],
        )
    data: dict[str, Any] = {"observation": body.observacion.strip()}
    if kind == "indicador":
        data["values"] = {(TOTAL if k == TOTAL_KEY else k): _text(v) for k, v in (body.valores or {}).items()}
        if body.periodos:
            data["periods"] = {
                _label(label): {(TOTAL if k == TOTAL_KEY else k): _text(v) for k, v in by_unit.items()}
                for label, by_unit in body.periodos.items()
            }
        if body.variables:
            data["variables"] = {k: _text(v) for k, v in body.variables.items()}
    elif kind == "compromiso":
        data |= {"status": body.estado or "", "progress": _text(body.avance)}
    else:
        data |= {
            "budget": _text(body.presupuesto),
            "executed": _text(body.ejecutado),
            "physical_progress": _text(body.avance_fisico),
        }
    if problems := unstorable(data):  # e.g. a control character in a unit's key
        raise BodyRefused(_("Hay texto que no se puede guardar; no se guardó nada."), problems)
    return data


class BodyRefused(actions.ActionRefused):
    """The body's own values are wrong (422); any other refusal of an action is about the item's current
    state (its period is closed, it was already sent, its stored draft has errors...) and is a 409."""


def _refused(action: actions.ActionRefused) -> HttpError:
    status = 422 if isinstance(action, BodyRefused) else 409
    return refused(status, action.message, _problems(action.problems))


def _require_reporter(request: HttpRequest, a: Assignment) -> None:
    if not access.can_report(_user(request), a):
        raise HttpError(403, _("Solo la dependencia responsable puede reportar este ítem."))


@router.get(
    "/asignaciones",
    response={200: list[AssignmentOut], 401: Refusal, 422: Refusal},
    summary="Las asignaciones que el token puede ver",
)
def assignments(request: HttpRequest, vigencia: int | None = YEAR, estado: str | None = None) -> Any:
    qs = _visible(request).order_by("period__year", "kind", "pk")
    if vigencia is not None:
        qs = qs.filter(period__year=vigencia)
    if estado:
        qs = qs.filter(state=estado)
    return [_out(a) for a in qs[:2000]]


@router.get(
    "/asignaciones/{id}",
    response={200: AssignmentOut, 401: Refusal, 404: Refusal, 422: Refusal},
    summary="Una asignación con su borrador y su revisión",
)
def assignment(request: HttpRequest, id: int) -> Any:
    return _out(_assignment(request, id))


@router.put(
    "/asignaciones/{id}/borrador",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="Guardar el borrador (revisado como en el formulario web)",
)
def save_draft(request: HttpRequest, id: int, body: DraftIn) -> Any:
    """Errores en los valores → 422 y no se guarda nada; advertencias → se guarda y se devuelven (al enviar
    piden una observación que las justifique). Un ítem que ya no se puede editar (periodo cerrado, ya
    enviado) o una revisión vieja → 409."""
    a = _assignment(request, id)
    _require_reporter(request, a)
    try:
        with transaction.atomic():
            a = actions.save_draft(
                a, draft_from(a.kind, body), actor=_user(request), expected_revision=body.revision
            )
            entry = actions.parse_entry(a, a.draft)
            if entry.errors:
                raise BodyRefused(_("El borrador tiene errores; no se guardó nada."), entry.errors)
    except actions.ActionRefused as refusal:
        raise _refused(refusal) from None
    return _out(_assignment(request, id), [p for p in entry.problems if p.severity != "error"])


@router.post(
    "/asignaciones/{id}/envio",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="Enviar el borrador a revisión",
)
def submit(request: HttpRequest, id: int, body: SubmitIn) -> Any:
    """Un borrador con errores, vacío o sin la justificación que piden sus advertencias, o un ítem que ya
    no se puede enviar → 409 con los problemas."""
    a = _assignment(request, id)
    _require_reporter(request, a)
    try:
        with transaction.atomic():
            actions.submit(a, actor=_user(request), expected_revision=body.revision)
    except actions.ActionRefused as refusal:
        raise _refused(refusal) from None
    return _out(_assignment(request, id))
