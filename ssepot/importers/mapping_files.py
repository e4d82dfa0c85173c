"""The one reader of an importer's mapping file (YAML validated by the importer's pydantic model), with
its errors in Spanish: ``ssepot import plan-indicativo``, ``presupuesto`` and ``obras`` read theirs here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from ssepot.importers.base import Problem

M = TypeVar("M", bound=BaseModel)


def read_mapping(path: Path, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The mapping in ``path`` as ``model``, or the problems that name the file, its line or the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [Problem(path.name, _("no existe el archivo de correspondencias"))]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [
            Problem(path.name, _("YAML no válido: %(e)s") % {"e": getattr(exc, "problem", exc)}, row=line)
        ]
    try:
        return model.model_validate(data or {}), []
    except ValidationError as exc:
        return None, [
            Problem(
                path.name,
                _("clave «%(key)s»: %(msg)s")
                % {"key": ".".join(str(p) for p in e["loc"]) or _("(raíz)"), "msg": mapping_error(e)},
            )
            for e in exc.errors()
        ]


def mapping_error(error: Any) -> str:
    """A validation error of the mapping, in Spanish (pydantic writes English)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    messages = {
        "missing": _("falta esta clave"),
        "extra_forbidden": _("clave desconocida (revise cómo se escribe en docs/correspondencias.md)"),
        "string_type": _("se esperaba un texto"),
        "string_too_short": _("el texto es demasiado corto"),
        "string_too_long": _("el texto tiene más de %(max)s caracteres"),
        "string_pattern_mismatch": _("el texto no tiene la forma esperada (%(pattern)s)"),
        "int_type": _("se esperaba un número entero"),
        "int_parsing": _("se esperaba un número entero"),
        "int_from_float": _("se esperaba un número entero"),
        "greater_than_equal": _("debe ser al menos %(ge)s"),
        "less_than_equal": _("debe ser a lo sumo %(le)s"),
        "bool_type": _("se esperaba true o false"),
        "bool_parsing": _("se esperaba true o false"),
        "dict_type": _("se esperaba una lista de pares clave: valor"),
        "list_type": _("se esperaba una lista"),
        "model_type": _("se esperaba un bloque de claves"),
        "model_attributes_type": _("se esperaba un bloque de claves"),
        "too_short": _("se esperaba al menos %(min_length)s elemento(s)"),
        "too_long": _("se esperaban a lo sumo %(max_length)s elementos"),
        "literal_error": _("se esperaba uno de estos valores: %(expected)s"),
        "date_from_datetime_parsing": _("se esperaba una fecha como 2023-08-31"),
        "date_parsing": _("se esperaba una fecha como 2023-08-31"),
        "date_type": _("se esperaba una fecha como 2023-08-31"),
        "union_tag_invalid": _("valor no válido"),
    }
    message = messages.get(kind)
    if message is None:
        return _("valor no válido: %(value)s") % {"value": str(error.get("input"))[:80]}
    values = {"max": ctx.get("max_length"), "pattern": ctx.get("pattern"), **{k: ctx.get(k) for k in ctx}}
    try:
        return message % values
    except (KeyError, TypeError, ValueError):
        return message.split(" (")[0].split(":")[0]
