"""The API's boundary: bearer tokens, request bodies and error messages in Spanish.

- ``TokenAuth`` reads ``Authorization: Bearer ssepot_...``, finds the token by its digest and acts as its
  owner; an unknown, expired or revoked token gets a 401 that says which.
- ``LimitedParser`` refuses a body larger than ``MAX_BODY_BYTES`` (413) or one that is not a JSON object
  (400) before anything is validated.
- The error handlers turn every refusal into ``{"detalle": "...", "problemas": [...]}`` in Spanish.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer
from pydantic import BaseModel

from ssepot.api.models import ApiToken, digest

MAX_BODY_BYTES = 64 * 1024
TOUCH_EVERY = dt.timedelta(minutes=1)


class Refusal(Schema):
    detalle: str
    problemas: list[dict[str, str]] = []


class TokenRefused(AuthenticationError):
    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class TokenAuth(HttpBearer):
    openapi_description = "Token de la API (``ssepot_...``) creado por un administrador."

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            raise TokenRefused(_("Falta el token: envíe la cabecera «Authorization: Bearer <token>»."))
        if not header.lower().startswith("bearer "):
            raise TokenRefused(_("La cabecera Authorization debe ser «Bearer <token>»."))
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("owner").filter(digest=digest(token.strip())).first()
        if found is None:
            raise TokenRefused(_("El token no es válido."))
        if found.revoked_at is not None:
            raise TokenRefused(_("El token fue revocado: pida uno nuevo a un administrador."))
        now = timezone.now()
        if found.expires_at <= now:
            raise TokenRefused(
                _("El token venció el %(date)s: pida uno nuevo a un administrador.")
                % {"date": timezone.localtime(found.expires_at).strftime("%Y-%m-%d")}
            )
        if not found.owner.is_active:
            raise TokenRefused(_("El usuario del token está inactivo."))
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.owner
        return found.owner


def refused(status: int, message: str, problems: list[dict[str, str]] | None = None) -> HttpError:
    """An ``HttpError`` whose answer also lists the problems, each with its place."""
    error = HttpError(status, message)
    error.problems = problems or []  # type: ignore[attr-defined]
    return error


def refuse_unknown_query_parameters(func: Callable[..., Any]) -> Callable[..., Any]:
    """An operation decorator: a query parameter the operation does not declare is a 422, not ignored
    (a misspelt filter such as ``?vigenica=2025`` would otherwise silently return everything)."""

    @wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        allowed: set[str] = set()
        for name, value in kwargs.items():
            allowed |= set(type(value).model_fields) if isinstance(value, BaseModel) else {name}
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            raise refused(
                422,
                _("La solicitud tiene parámetros desconocidos."),
                [{"campo": name, "mensaje": _("parámetro desconocido: no se admite")} for name in unknown],
            )
        return func(request, *args, **{name: without_nul(value) for name, value in kwargs.items()})

    return wrapper


def without_nul(value: Any) -> Any:
    """A parameter with its NUL characters replaced by U+FFFD. NB: PostgreSQL cannot hold a NUL in text;
    no stored code contains one, so a filter with it matches nothing, as it would without the error."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, BaseModel):
        texts = {k: v.replace("\x00", "\ufffd") for k, v in value if isinstance(v, str) and "\x00" in v}
        return value.model_copy(update=texts) if texts else value
    return value


class BodyTooLarge(Exception):
    pass


class BodyNotAnObject(Exception):
    pass


class BodyWithNul(Exception):
    pass


class LimitedParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if len(request.body) > MAX_BODY_BYTES:
            raise BodyTooLarge
        if b"\x00" in request.body or b"\\u0000" in request.body:
            raise BodyWithNul
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject
        return data


PYDANTIC_MESSAGES = {
    "missing": _("falta este campo"),
    "extra_forbidden": _("campo desconocido: no se admite"),
    "int_parsing": _("se esperaba un número entero"),
    "int_type": _("se esperaba un número entero"),
    "int_from_float": _("se esperaba un número entero"),
    "decimal_parsing": _("se esperaba un número"),
    "decimal_type": _("se esperaba un número"),
    "float_parsing": _("se esperaba un número"),
    "string_type": _("se esperaba un texto"),
    "string_too_long": _("el texto es demasiado largo"),
    "dict_type": _("se esperaba un objeto JSON"),
    "model_type": _("se esperaba un objeto JSON"),
    "model_attributes_type": _("se esperaba un objeto JSON"),
    "literal_error": _("valor no permitido"),
    "greater_than_equal": _("el número es demasiado pequeño"),
    "less_than_equal": _("el número es demasiado grande"),
    "bool_parsing": _("se esperaba verdadero o falso"),
}


def _place(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in {"body", "payload", "query", "path", "filters"}]
    return ".".join(parts) or _("cuerpo")


def problem_list(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "campo": _place(e.get("loc", ())),
            "mensaje": str(PYDANTIC_MESSAGES.get(e.get("type", ""), e.get("msg", _("valor no válido")))),
        }
        for e in errors
    ]


def refusal(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    problems: list[dict[str, str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"detalle": detail}
    if problems:
        body["problemas"] = problems
    return api.create_response(request, body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return refusal(
            api,
            request,
            422,
            _("La solicitud tiene datos no válidos; no se hizo ningún cambio."),
            problem_list(exc.errors),
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, BodyTooLarge):
            return refusal(
                api,
                request,
                413,
                _("El cuerpo de la solicitud supera %(n)d KB; no se guardó nada.")
                % {"n": MAX_BODY_BYTES // 1024},
            )
        if isinstance(cause, BodyWithNul):
            return refusal(
                api, request, 400, _("El cuerpo contiene un carácter nulo (\\u0000); no se guardó nada.")
            )
        if isinstance(cause, BodyNotAnObject):
            return refusal(api, request, 400, _("El cuerpo debe ser un objeto JSON; no se guardó nada."))
        if isinstance(cause, json.JSONDecodeError | UnicodeDecodeError):
            where = (
                _(" (línea %(line)d, columna %(col)d)") % {"line": cause.lineno, "col": cause.colno}
                if isinstance(cause, json.JSONDecodeError)
                else ""
            )
            return refusal(
                api,
                request,
                400,
                _("El cuerpo no es JSON válido%(where)s; no se guardó nada.") % {"where": where},
            )
        return refusal(api, request, exc.status_code, str(exc), getattr(exc, "problems", None))

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(HttpError, http_error)
