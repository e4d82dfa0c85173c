"""``GET /api/v1/planes/{slug}/marco-estrategico``: the strategic framework as the public page shows it
(``ssepot.front.framework``): its elements by kind, the methodology's phases with their status in a year,
the study variables with their objectives, and each objective's indicators, commitments and projects."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from ssepot.api.auth import Refusal
from ssepot.front.framework import framework

router = Router(tags=["Planes"])
YEAR: Any = Query(None, ge=1900, le=2200, description="Vigencia (año) del estado de las fases, p. ej. 2025.")


class ElementOut(Schema):
    codigo: str
    nombre: str
    descripcion: str
    articulos: list[str]


class KindOut(Schema):
    tipo: str
    nombre: str
    elementos: list[ElementOut]


class PhaseOut(Schema):
    numero: int
    nombre: str
    estado: str | None
    avance: str | None


class VariableOut(Schema):
    codigo: str
    nombre: str
    estudio: str
    unidad: str
    fuente: str
    objetivos: list[str]


class ObjectiveLinksOut(Schema):
    codigo: str
    indicadores: list[str]
    compromisos: list[str]
    proyectos: list[str]
    variables: list[str]


class FrameworkOut(Schema):
    vigencia: int
    marco: list[KindOut]
    fases: list[PhaseOut]
    variables: list[VariableOut]
    objetivos: list[ObjectiveLinksOut]


@router.get(
    "/planes/{slug}/marco-estrategico",
    response={200: FrameworkOut, 404: Refusal, 422: Refusal},
    summary="Marco estratégico, metodología de evaluación y matriz de variables y objetivos",
)
def strategic_framework(request: HttpRequest, slug: str, vigencia: int | None = YEAR) -> Any:
    """Principios, imaginario, apuestas, objetivos, modelo de ocupación y estrategias del catálogo; las fases
    de la metodología con su estado al cierre de ``vigencia`` (por defecto, la última publicada); las
    variables de los estudios con sus objetivos y los vínculos de cada objetivo."""
    from ssepot.api.v1 import plan_or_404
    from ssepot.front.data import default_year

    plan = plan_or_404(slug)
    year = vigencia if vigencia is not None else default_year(plan)
    if year is None:
        raise HttpError(404, _("El plan «%(slug)s» no tiene datos publicados.") % {"slug": slug})
    data = framework(plan, year)
    return {
        "vigencia": year,
        "marco": [
            {
                "tipo": str(section["kind"]),
                "nombre": str(section["label"]),
                "elementos": [
                    {
                        "codigo": e["element"].code,
                        "nombre": e["element"].name,
                        "descripcion": e["element"].description,
                        "articulos": [a.number for a in e["element"].articles.all()],
                    }
                    for e in section["elements"]
                ],
            }
            for section in data.sections
        ],
        "fases": [
            {
                "numero": p["phase"].number,
                "nombre": p["phase"].name,
                "estado": p["status"].status if p["status"] else None,
                "avance": format(p["status"].progress, "f")
                if p["status"] and p["status"].progress is not None
                else None,
            }
            for p in data.phases
        ],
        "variables": [
            {
                "codigo": v.code,
                "nombre": v.name,
                "estudio": v.study,
                "unidad": v.unit,
                "fuente": v.source,
                "objetivos": [o.code for o in v.objectives.all()],
            }
            for v in data.variables
        ],
        "objetivos": [
            {
                "codigo": o.element.code,
                "indicadores": [i.code for i in o.indicators],
                "compromisos": [c.code for c in o.commitments],
                "proyectos": [p.code for p in o.projects],
                "variables": [v.code for v in o.variables],
            }
            for o in data.objectives
        ],
    }
