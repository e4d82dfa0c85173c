"""The REST API, version 1 (``/api/v1/``), with its OpenAPI 3 schema at ``/api/v1/openapi.json``.

Public reads show published data only: the catalogue of each plan, and reported data through a view of
``ssepot.figures.loaders`` (the latest published version, or what release N showed with ``version=N``).
Every list is paginated (``limite``, ``desplazamiento``) and every 200 answer carries an ``ETag``, so a
client that sends ``If-None-Match`` gets a 304 when nothing changed. Agencies' writes live in
``ssepot.api.reporting``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger
from pydantic import Field, create_model

from ssepot.api import datasets as ds
from ssepot.api.auth import LimitedParser, Refusal, install_error_handlers, refuse_unknown_query_parameters
from ssepot.api.exports import plan_summary, view_for
from ssepot.api.framework import router as framework_router
from ssepot.api.reporting import router as reporting_router
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Plan, System
from ssepot.core.figures import Figure
from ssepot.development.models import DevelopmentPlan, plan_levels
from ssepot.figures.compute import all_figures
from ssepot.figures.development import LevelMoney
from ssepot.figures.loaders import year_cutoff
from ssepot.front.data import cached, development_levels
from ssepot.front.directory import MAX_COMPARED
from ssepot.front.headlines import PlanHeadline, figure_from, plan_headlines, with_headlines
from ssepot.reporting.models import Release

TYPES: dict[str, Any] = {"string": str, "integer": int, "number": str, "boolean": bool}
MAX_PAGE = 1000
YEAR: Any = Query(None, ge=1900, le=2200, description="Vigencia (año), p. ej. 2025.")
PERIOD: Any = Query(
    None, ge=0, le=12, description="Periodo: 0 = el año completo; 1-4 el trimestre o 1-12 el mes."
)


class SpanishSwagger(Swagger):
    """Swagger UI from the installed package's static files (no CDN), in a page that declares Spanish."""

    template = "api/swagger.html"


class CachedAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.headers.get("Authorization")
        ):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            patch_cache_control(response, public=True, max_age=60)
            return get_conditional_response(request, etag=response["ETag"], response=response) or response
        return response


api = CachedAPI(
    title="SSEPOT API",
    version="1",
    description=(
        "Datos publicados de los planes de ordenamiento territorial (lectura pública) y reporte de las "
        "dependencias con token (escritura). Los números decimales se entregan como texto para no perder "
        'precisión. Los errores llegan como `{"detalle": ..., "problemas": [...]}`.'
    ),
    urls_namespace="api-v1",
    docs=SpanishSwagger(settings={"validatorUrl": None}),
    parser=LimitedParser(),
)
install_error_handlers(api)
api.add_decorator(refuse_unknown_query_parameters)


READ_ERRORS = {404: Refusal, 422: Refusal}


def page_model(name: str, item: Any) -> Any:
    return create_model(
        name,
        total=(int, ...),
        limite=(int, ...),
        desplazamiento=(int, ...),
        resultados=(list[item], ...),
    )


def row_model(dataset: ds.Dataset) -> Any:
    fields: dict[str, Any] = {}
    for c in dataset.columns:
        kind = TYPES[c.type]
        fields[c.name] = (kind, ...) if c.required else (kind | None, None)
    return create_model(f"Fila_{dataset.name}", **fields)


ROWS = {d.name: row_model(d) for d in ds.DATASETS}
PAGES = {name: page_model(f"Pagina_{name}", model) for name, model in ROWS.items()}


class Paging(Schema):
    limite: int = Field(100, ge=1, le=MAX_PAGE, description="Filas por página (1 a 1000).")
    desplazamiento: int = Field(0, ge=0, le=10_000_000, description="Filas que se saltan.")


class ReleaseFilter(Schema):
    version: int | None = Field(
        None, ge=1, le=1000, description="Lo que mostró la versión publicada N de cada vigencia."
    )


def _text(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def plan_or_404(slug: str) -> Plan:
    plan = Plan.objects.select_related("municipality").filter(slug=slug).first()
    if plan is None:
        raise HttpError(404, _("No existe el plan «%(slug)s».") % {"slug": slug})
    return plan


def page(dataset: ds.Dataset, qs: QuerySet[Any], paging: Paging) -> dict[str, Any]:
    start, size = paging.desplazamiento, paging.limite
    rows = [{k: _text(v) for k, v in row.items()} for row in dataset.dicts(qs[start : start + size])]
    return {"total": qs.count(), "limite": size, "desplazamiento": start, "resultados": rows}


def dataset_qs(name: str, slug: str, version: int | None = None) -> tuple[ds.Dataset, QuerySet[Any]]:
    dataset = ds.BY_NAME[name]
    return dataset, dataset.queryset(plan_or_404(slug), view_for(version))


def _pdd(qs: QuerySet[Any], slug: str | None, lookup: str) -> QuerySet[Any]:
    """``plan_desarrollo=pot`` keeps the POT's own indicators; a slug keeps that development plan's."""
    if slug is None:
        return qs
    if slug == "pot":
        return qs.filter(**{f"{lookup}__isnull": True})
    return qs.filter(**{f"{lookup}__slug": slug})


# -- plans and structure ----------------------------------------------------------------------------------


class ReleaseOut(Schema):
    vigencia: int
    numero: int
    publicado: str
    nota: str


class PlanOut(Schema):
    identificador: str
    nombre: str
    municipio: str
    codigo_divipola: str
    acto: str
    inicio: str
    fin: str
    datos_sinteticos: bool


class PlanDetail(PlanOut):
    versiones: list[ReleaseOut]


class InputOut(Schema):
    ref: str
    etiqueta: str
    valor: str | None


class FigureOut(Schema):
    clave: str
    etiqueta: str
    valor: str | None
    unidad: str
    formula: str
    metodo: str
    version_metodo: str
    estado: str
    nota: str
    insumos: list[InputOut]


class CoverageOut(Schema):
    reportados: int = Field(
        description="Compromisos con estado reportado e indicadores programados con valor."
    )
    total: int = Field(description="Compromisos del plan e indicadores del POT programados en la vigencia.")


class FigureValueOut(Schema):
    clave: str
    etiqueta: str
    valor: str | None
    unidad: str
    estado: str
    nota: str


class HeadlineOut(Schema):
    vigencia: int = Field(description="La vigencia con la que abre el portal del plan.")
    parcial: bool = Field(
        description="La publicación cubre menos de lo que el plan pide para titular: sin porcentajes "
        "globales."
    )
    cobertura: CoverageOut
    publicacion: ReleaseOut | None = Field(
        description="La publicación de la vigencia de la que salen las cifras."
    )
    calculado: str
    cifras: list[FigureValueOut] = Field(
        description="Cumplimiento de compromisos, avance y cumplimiento de los indicadores del POT, "
        "ejecución financiera (con fórmula e insumos en /comparacion)."
    )


class ExplainedHeadlineOut(HeadlineOut):
    cifras: list[FigureOut] = Field(  # type: ignore[assignment]
        description="Las mismas cifras, cada una con su fórmula y sus primeros 25 insumos."
    )


class PlanListItem(PlanOut):
    codigo_departamento: str
    departamento: str
    ultima_publicacion: ReleaseOut | None
    cifras_principales: HeadlineOut | None = Field(
        description="null: el plan no ha publicado nada, o las cifras de su última publicación aún se "
        "calculan."
    )


class PlanCompared(PlanListItem):
    cifras_principales: ExplainedHeadlineOut | None = Field(
        description="null: el plan no ha publicado nada, o las cifras de su última publicación aún se "
        "calculan."
    )


class PlanPage(Schema):
    total: int
    limite: int
    desplazamiento: int
    resultados: list[PlanListItem]


class ComparedPage(Schema):
    total: int
    limite: int
    desplazamiento: int
    resultados: list[PlanCompared]


class PlanFilter(Schema):
    departamento: str | None = Field(
        None, max_length=2, description="Código DIVIPOLA del departamento (dos dígitos), p. ej. 05."
    )


def _release_out(release: Release | None) -> dict[str, Any] | None:
    if release is None:
        return None
    return {
        "vigencia": release.year,
        "numero": release.number,
        "publicado": release.published_at.isoformat(),
        "nota": release.note,
    }


def _figure_value(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        "clave": stored["key"],
        "etiqueta": stored["label"],
        "valor": stored["value"],
        "unidad": stored["unit"],
        "estado": stored["status"],
        "nota": stored["note"],
    }


def plan_item(row: PlanHeadline, explained: bool) -> dict[str, Any]:
    """A plan with its department, its last publication and its stored headline (``front.headlines``):
    each figure's value, and with ``explained`` its formula and first inputs too."""
    plan, headline = row.plan, row.headline
    figures = None
    if headline is not None:
        figures = {
            "vigencia": headline.year,
            "parcial": headline.partial,
            "cobertura": {"reportados": headline.covered, "total": headline.coverable},
            "publicacion": _release_out(headline.release),
            "calculado": headline.computed_at.isoformat(),
            "cifras": [
                figure_out(figure_from(f)) if explained else _figure_value(f) for f in headline.figures
            ],
        }
    return {
        **plan_summary(plan),
        "codigo_departamento": plan.municipality.department_code,
        "departamento": plan.municipality.department_name,
        "ultima_publicacion": _release_out(row.last_release),
        "cifras_principales": figures,
    }


def plan_page(plans: QuerySet[Plan], paging: Paging, explained: bool = False) -> dict[str, Any]:
    start, size = paging.desplazamiento, paging.limite
    shown = list(with_headlines(plans).order_by("municipality__name", "slug")[start : start + size])
    rows = plan_headlines(shown, explained=False)
    return {
        "total": plans.count(),
        "limite": size,
        "desplazamiento": start,
        "resultados": [plan_item(r, explained) for r in rows],
    }


@api.get(
    "/planes",
    response={200: PlanPage, 422: Refusal},
    tags=["Planes"],
    summary="Planes con su departamento, su última publicación y sus cifras principales publicadas",
)
def plans(request: HttpRequest, filters: Query[PlanFilter], paging: Query[Paging]) -> Any:
    """Las cifras principales son las de la vigencia con la que abre el portal de cada plan, como las muestra
    el directorio ``/planes/``: calculadas una vez por publicación, solo de datos publicados."""
    found = Plan.objects.all()
    if filters.departamento:
        found = found.filter(municipality__department_code=filters.departamento)
    return plan_page(found, paging)


class ComparisonFilter(Schema):
    planes: str | None = Field(
        None,
        max_length=2000,
        pattern=rf"^[^,]*(,[^,]*){{0,{MAX_COMPARED - 1}}}$",
        description=f"Identificadores de los planes separados por comas (hasta {MAX_COMPARED}).",
    )
    departamento: str | None = Field(
        None, max_length=2, description="Código DIVIPOLA del departamento: todos sus planes."
    )


@api.get(
    "/comparacion",
    response={200: ComparedPage, 422: Refusal},
    tags=["Planes"],
    summary="Planes lado a lado con las mismas cifras publicadas",
)
def comparison(request: HttpRequest, filters: Query[ComparisonFilter], paging: Query[Paging]) -> Any:
    """Los planes de ``departamento`` o los de ``planes`` (o los de ``planes`` en ``departamento``; sin
    ninguno, todos), con las cifras de la página ``/planes/comparar/``."""
    slugs = list(dict.fromkeys(s.strip() for s in (filters.planes or "").split(",") if s.strip()))
    found = Plan.objects.all()
    if slugs:
        found = found.filter(slug__in=slugs)
    if filters.departamento:
        found = found.filter(municipality__department_code=filters.departamento)
    return plan_page(found, paging, explained=True)


@api.get(
    "/planes/{slug}",
    response={200: PlanDetail, **READ_ERRORS},
    tags=["Planes"],
    summary="Un plan y sus versiones publicadas",
)
def plan_detail(request: HttpRequest, slug: str) -> Any:
    plan = plan_or_404(slug)
    versions = [
        {"vigencia": r.year, "numero": r.number, "publicado": r.published_at.isoformat(), "nota": r.note}
        for r in Release.objects.filter(plan=plan).order_by("year", "number")
    ]
    return {**plan_summary(plan), "versiones": versions}


class SubsystemOut(Schema):
    codigo: str
    nombre: str


class SystemOut(Schema):
    codigo: str
    nombre: str
    subsistemas: list[SubsystemOut]


class Span(Schema):
    nombre: str
    inicio: str
    fin: str


class NodeOut(Schema):
    codigo: str
    nivel: str
    nombre: str
    codigo_superior: str | None
    peso: str | None


class DevelopmentPlanOut(Schema):
    identificador: str
    nombre: str
    inicio: int
    fin: int
    niveles: list[NodeOut]


class UnitOut(Schema):
    codigo: str
    nombre: str
    tipo: str
    codigo_superior: str | None


class StructureOut(Schema):
    sistemas: list[SystemOut]
    horizontes: list[Span]
    periodos_administrativos: list[Span]
    unidades_territoriales: list[UnitOut]
    planes_desarrollo: list[DevelopmentPlanOut]


@api.get(
    "/planes/{slug}/estructura",
    response={200: StructureOut, **READ_ERRORS},
    tags=["Planes"],
    summary="Sistemas, subsistemas, horizontes, unidades territoriales y planes de desarrollo",
)
def structure(request: HttpRequest, slug: str) -> Any:
    plan = plan_or_404(slug)
    systems = [
        {
            "codigo": s.code,
            "nombre": s.name,
            "subsistemas": [
                {"codigo": x.code, "nombre": x.name}
                for x in sorted(s.subsystems.all(), key=lambda x: (x.order, x.code))
            ],
        }
        for s in System.objects.filter(plan=plan).prefetch_related("subsystems")
    ]
    units = ds.BY_NAME["unidades_territoriales"]
    nodes = ds.BY_NAME["estructura_pdd"]
    pdds = []
    for d in DevelopmentPlan.objects.filter(plan=plan).order_by("start_year"):
        rows = nodes.dicts(nodes.queryset(plan, view_for(None)).filter(development_plan=d))
        pdds.append(
            {
                "identificador": d.slug,
                "nombre": d.name,
                "inicio": d.start_year,
                "fin": d.end_year,
                "niveles": [{k: _text(v) for k, v in r.items() if k != "plan_desarrollo"} for r in rows],
            }
        )
    return {
        "sistemas": systems,
        "horizontes": [
            {
                "nombre": h.get_kind_display(),
                "inicio": h.start_date.isoformat(),
                "fin": h.end_date.isoformat(),
            }
            for h in Horizon.objects.filter(plan=plan)
        ],
        "periodos_administrativos": [
            {"nombre": p.name, "inicio": p.start_date.isoformat(), "fin": p.end_date.isoformat()}
            for p in AdministrativePeriod.objects.filter(plan=plan)
        ],
        "unidades_territoriales": [
            {k: r[k] for k in ("codigo", "nombre", "tipo", "codigo_superior")}
            for r in units.dicts(units.queryset(plan, view_for(None)))
        ],
        "planes_desarrollo": pdds,
    }


# -- catalogue lists --------------------------------------------------------------------------------------


@api.get(
    "/planes/{slug}/unidades-territoriales",
    response={200: PAGES["unidades_territoriales"], **READ_ERRORS},
    tags=["Catálogo"],
    summary="Unidades territoriales",
)
def territorial_units(request: HttpRequest, slug: str, paging: Query[Paging], tipo: str | None = None) -> Any:
    dataset, qs = dataset_qs("unidades_territoriales", slug)
    return page(dataset, qs.filter(kind=tipo) if tipo else qs, paging)


@api.get(
    "/planes/{slug}/subsistemas",
    response={200: PAGES["subsistemas"], **READ_ERRORS},
    tags=["Catálogo"],
    summary="Subsistemas con su sistema",
)
def subsystems(request: HttpRequest, slug: str, paging: Query[Paging], sistema: str | None = None) -> Any:
    dataset, qs = dataset_qs("subsistemas", slug)
    return page(dataset, qs.filter(system__code=sistema) if sistema else qs, paging)


@api.get(
    "/planes/{slug}/estructura-pdd",
    response={200: PAGES["estructura_pdd"], **READ_ERRORS},
    tags=["Catálogo"],
    summary="Niveles de los planes de desarrollo",
)
def pdd_nodes(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    plan_desarrollo: str | None = None,
    nivel: str | None = None,
) -> Any:
    dataset, qs = dataset_qs("estructura_pdd", slug)
    if plan_desarrollo:
        qs = qs.filter(development_plan__slug=plan_desarrollo)
    return page(dataset, qs.filter(level=nivel) if nivel else qs, paging)


@api.get(
    "/planes/{slug}/indicadores",
    response={200: PAGES["indicadores"], **READ_ERRORS},
    tags=["Indicadores"],
    summary="Fichas técnicas de indicadores",
)
def indicators(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    plan_desarrollo: str | None = None,
    subsistema: str | None = None,
    tipo: str | None = None,
) -> Any:
    """``plan_desarrollo=pot`` da solo los indicadores propios del POT."""
    dataset, qs = dataset_qs("indicadores", slug)
    qs = _pdd(qs, plan_desarrollo, "development_plan")
    if subsistema:
        qs = qs.filter(subsystem__code=subsistema)
    return page(dataset, qs.filter(indicator_type=tipo) if tipo else qs, paging)


class TargetOut(Schema):
    vigencia: int
    periodo: int = Field(description="0 = el año completo; 1-4 el trimestre o 1-12 el mes")
    meta: str | None


IndicatorDetail = create_model("IndicatorDetail", __base__=ROWS["indicadores"], metas=(list[TargetOut], ...))


@api.get(
    "/planes/{slug}/indicadores/{codigo}",
    response={200: IndicatorDetail, **READ_ERRORS},
    tags=["Indicadores"],
    summary="Ficha técnica de un indicador con sus metas",
)
def indicator_detail(request: HttpRequest, slug: str, codigo: str, plan_desarrollo: str | None = None) -> Any:
    """Sin ``plan_desarrollo``, el código se busca entre los indicadores propios del POT."""
    dataset, qs = dataset_qs("indicadores", slug)
    qs = _pdd(qs, plan_desarrollo or "pot", "development_plan").filter(code=codigo)
    rows = list(dataset.dicts(qs))
    if not rows:
        raise HttpError(404, _("No existe el indicador «%(code)s» en el plan.") % {"code": codigo})
    targets_ds = ds.BY_NAME["metas_indicadores"]
    targets = targets_ds.queryset(qs.get().plan, view_for(None)).filter(indicator__in=qs)
    return {
        **{k: _text(v) for k, v in rows[0].items()},
        "metas": [
            {"vigencia": t["vigencia"], "periodo": t["periodo"], "meta": _text(t["meta"])}
            for t in targets_ds.dicts(targets)
        ],
    }


@api.get(
    "/planes/{slug}/metas",
    response={200: PAGES["metas_indicadores"], **READ_ERRORS},
    tags=["Indicadores"],
    summary="Metas de indicadores, por vigencia o por trimestre o mes",
)
def targets(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    plan_desarrollo: str | None = None,
    indicador: str | None = None,
    vigencia: int | None = YEAR,
    periodo: int | None = PERIOD,
) -> Any:
    dataset, qs = dataset_qs("metas_indicadores", slug)
    qs = _pdd(qs, plan_desarrollo, "indicator__development_plan")
    if indicador:
        qs = qs.filter(indicator__code=indicador)
    if periodo is not None:
        qs = qs.filter(period=periodo)
    return page(dataset, qs.filter(year=vigencia) if vigencia is not None else qs, paging)


@api.get(
    "/planes/{slug}/valores",
    response={200: PAGES["valores_indicadores"], **READ_ERRORS},
    tags=["Indicadores"],
    summary="Valores publicados de indicadores",
)
def values(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    release: Query[ReleaseFilter],
    plan_desarrollo: str | None = None,
    indicador: str | None = None,
    vigencia: int | None = YEAR,
    unidad_territorial: str | None = None,
    periodo: int | None = PERIOD,
) -> Any:
    """``unidad_territorial=total`` da solo el total del municipio; un código, esa comuna o corregimiento.
    ``periodo=0`` da solo los valores del año completo; 1-4 (o 1-12), ese trimestre (o mes)."""
    dataset, qs = dataset_qs("valores_indicadores", slug, release.version)
    qs = _pdd(qs, plan_desarrollo, "indicator__development_plan")
    if indicador:
        qs = qs.filter(indicator__code=indicador)
    if vigencia is not None:
        qs = qs.filter(year=vigencia)
    if periodo is not None:
        qs = qs.filter(period=periodo)
    if unidad_territorial == "total":
        qs = qs.filter(territorial_unit__isnull=True)
    elif unidad_territorial:
        qs = qs.filter(territorial_unit__code=unidad_territorial)
    return page(dataset, qs, paging)


@api.get(
    "/planes/{slug}/compromisos",
    response={200: PAGES["compromisos"], **READ_ERRORS},
    tags=["Compromisos"],
    summary="Compromisos del plan",
)
def commitments(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    horizonte: str | None = None,
    subsistema: str | None = None,
) -> Any:
    dataset, qs = dataset_qs("compromisos", slug)
    if horizonte:
        qs = qs.filter(horizon=horizonte)
    return page(dataset, qs.filter(subsystem__code=subsistema) if subsistema else qs, paging)


@api.get(
    "/planes/{slug}/estados-compromisos",
    response={200: PAGES["estados_compromisos"], **READ_ERRORS},
    tags=["Compromisos"],
    summary="Estado anual publicado de los compromisos",
)
def commitment_statuses(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    release: Query[ReleaseFilter],
    compromiso: str | None = None,
    vigencia: int | None = YEAR,
    estado: str | None = None,
) -> Any:
    dataset, qs = dataset_qs("estados_compromisos", slug, release.version)
    if compromiso:
        qs = qs.filter(commitment__code=compromiso)
    if vigencia is not None:
        qs = qs.filter(year=vigencia)
    return page(dataset, qs.filter(status=estado) if estado else qs, paging)


@api.get(
    "/planes/{slug}/proyectos",
    response={200: PAGES["proyectos"], **READ_ERRORS},
    tags=["Proyectos"],
    summary="Proyectos del programa de ejecución",
)
def projects(request: HttpRequest, slug: str, paging: Query[Paging], subsistema: str | None = None) -> Any:
    dataset, qs = dataset_qs("proyectos", slug)
    return page(dataset, ds.in_subsystem(qs, subsistema) if subsistema else qs, paging)


@api.get(
    "/planes/{slug}/ejecucion-proyectos",
    response={200: PAGES["ejecucion_proyectos"], **READ_ERRORS},
    tags=["Proyectos"],
    summary="Ejecución anual publicada de los proyectos",
)
def project_years(
    request: HttpRequest,
    slug: str,
    paging: Query[Paging],
    release: Query[ReleaseFilter],
    proyecto: str | None = None,
    vigencia: int | None = YEAR,
) -> Any:
    dataset, qs = dataset_qs("ejecucion_proyectos", slug, release.version)
    if proyecto:
        qs = qs.filter(project__code=proyecto)
    return page(dataset, qs.filter(year=vigencia) if vigencia is not None else qs, paging)


# -- figures ----------------------------------------------------------------------------------------------


def figure_out(f: Figure) -> dict[str, Any]:
    """A figure as the API gives it: its value as text, with its formula, method and inputs."""
    return {
        "clave": f.key,
        "etiqueta": f.label,
        "valor": None if f.value is None else str(f.value),
        "unidad": f.unit,
        "formula": f.formula,
        "metodo": f.method,
        "version_metodo": f.version,
        "estado": f.status,
        "nota": f.note,
        "insumos": [
            {"ref": i.ref, "etiqueta": i.label, "valor": None if i.value is None else str(i.value)}
            for i in f.inputs
        ],
    }


class FigurePage(Schema):
    total: int
    limite: int
    desplazamiento: int
    vigencia: int
    resultados: list[FigureOut]


class FigureFilter(Schema):
    vigencia: int = Field(..., ge=2000, le=2100, description="Vigencia de las cifras (p. ej. 2025).")
    clave: str | None = Field(
        None,
        description="Prefijo de la clave, p. ej. «compromisos.», «equidad.» (equidad territorial por comuna "
        "y corregimiento) o «pronostico.» (¿llegará a la meta?: tasas, proyección y estado de cada indicador "
        "del POT), docs/cifras.md.",
    )


@api.get(
    "/planes/{slug}/cifras",
    response={200: FigurePage, **READ_ERRORS},
    tags=["Cifras"],
    summary="Cifras del año con fórmula e insumos",
)
def figures(
    request: HttpRequest,
    slug: str,
    filters: Query[FigureFilter],
    paging: Query[Paging],
    release: Query[ReleaseFilter],
) -> Any:
    """Cada cifra se calcula con el mismo motor que el portal y el informe, sobre datos publicados."""
    plan = plan_or_404(slug)
    view = view_for(release.version)
    published = Release.objects.filter(plan=plan, year=filters.vigencia)
    if release.version is not None and not published.filter(number=release.version).exists():
        raise HttpError(
            404,
            _("La vigencia %(year)d no tiene una versión publicada número %(n)d.")
            % {"year": filters.vigencia, "n": release.version},
        )
    if published.exists():
        every = cached(
            plan, f"api:figures:{filters.vigencia}:{view}", lambda: all_figures(plan, filters.vigencia, view)
        )
    else:  # NB: computed, not cached: a year nothing published must not let requests fill the cache
        every = all_figures(plan, filters.vigencia, view)
    found = [f for f in every if not filters.clave or f.key.startswith(filters.clave)]
    start, size = paging.desplazamiento, paging.limite
    rows = [figure_out(f) for f in found[start : start + size]]
    return {
        "total": len(found),
        "limite": size,
        "desplazamiento": start,
        "vigencia": filters.vigencia,
        "resultados": rows,
    }


# -- a development plan's levels --------------------------------------------------------------------------


class MoneyOut(Schema):
    vigencia: int
    lineas_presupuesto: int = Field(description="Líneas de presupuesto que suman este nivel.")
    apropiacion_inicial: str | None = Field(description="Pesos (COP) enteros; null: ninguna línea lo trae.")
    apropiacion_definitiva: str | None = Field(description="Presupuesto ajustado, en pesos (COP) enteros.")
    compromisos: str | None
    obligaciones: str | None
    pagos: str | None
    ejecutado: str | None = Field(
        description="Lo ejecutado que reporta la fuente (sin esa columna, los compromisos)."
    )
    plan_financiero: str | None
    ejecucion_financiera: FigureOut


def money_out(money: LevelMoney | None) -> dict[str, Any] | None:
    """A level's money as the API gives it: every amount in integer pesos as text (null: not reported)."""
    if money is None:
        return None
    return {
        "vigencia": money.year,
        "lineas_presupuesto": money.lines,
        **{key: None if total is None else str(total) for key, total in money.amounts},
        "ejecucion_financiera": figure_out(money.execution),
    }


class LevelOut(Schema):
    nivel: str = Field(
        description=(
            "plan, los niveles del plan (por defecto linea, componente, programa), dependencia o indicador."
        )
    )
    codigo: str
    nombre: str
    avance: FigureOut
    cumplimiento: FigureOut
    dinero: MoneyOut | None = Field(
        None,
        description="Presupuesto y ejecución financiera del nivel en la vigencia (niveles con líneas de "
        "presupuesto cargadas con «ssepot import presupuesto»); sin líneas, null.",
    )


class SourceProblemOut(Schema):
    tipo: str
    ref: str
    mensaje: str


class DevelopmentPlanSummary(Schema):
    identificador: str
    nombre: str
    inicio: int
    fin: int
    datos_sinteticos: bool
    fuente: str


class RulesOut(Schema):
    nombre: str
    version: int
    descripcion: str


class LevelPage(Schema):
    plan_desarrollo: DevelopmentPlanSummary
    vigencia: int
    corte: str
    meses_transcurridos: int
    meses_periodo: int
    reglas: RulesOut
    total: int
    limite: int
    desplazamiento: int
    resultados: list[LevelOut]
    inconsistencias_fuente: list[SourceProblemOut]


class LevelFilter(Schema):
    vigencia: int = Field(..., ge=2000, le=2100, description="Vigencia de las cifras (p. ej. 2023).")
    corte: dt.date | None = Field(
        None,
        description="Fecha de corte AAAA-MM-DD dentro de la vigencia; por omisión, la del periodo de reporte "
        "de la vigencia (31 de diciembre si no la tiene).",
    )
    nivel: str | None = Field(
        None,
        description=(
            "Solo un nivel: plan, los del plan (por defecto linea, componente, programa), dependencia o "
            "indicador."
        ),
    )


@api.get(
    "/planes/{slug}/planes-de-desarrollo/{identificador}/niveles",
    response={200: LevelPage, **READ_ERRORS},
    tags=["Cifras"],
    summary="Avance y cumplimiento de cada nivel de un plan de desarrollo a una fecha de corte",
)
def development_plan_levels(
    request: HttpRequest,
    slug: str,
    identificador: str,
    filters: Query[LevelFilter],
    paging: Query[Paging],
    release: Query[ReleaseFilter],
) -> Any:
    """El plan, sus líneas, componentes y programas, las dependencias y los indicadores, con el avance
    físico (y su semáforo en ``estado``) y el cumplimiento, calculados con las reglas del plan sobre datos
    publicados; también las inconsistencias de la fuente. Son las cifras de la página «Plan de desarrollo»
    del portal."""
    plan = plan_or_404(slug)
    pdd = DevelopmentPlan.objects.filter(plan=plan, slug=identificador).first()
    if pdd is None:
        raise HttpError(
            404,
            _("No existe el plan de desarrollo «%(pdd)s» en el plan «%(slug)s».")
            % {"pdd": identificador, "slug": slug},
        )
    year = filters.vigencia
    if not pdd.start_year <= year <= pdd.end_year:
        raise HttpError(
            404,
            _("El plan de desarrollo «%(pdd)s» va de %(start)d a %(end)d: no tiene cifras de %(year)d.")
            % {"pdd": pdd.slug, "start": pdd.start_year, "end": pdd.end_year, "year": year},
        )
    if filters.corte is not None and filters.corte.year != year:
        raise HttpError(
            404,
            _("La fecha de corte %(cutoff)s no está en la vigencia %(year)d.")
            % {"cutoff": filters.corte.isoformat(), "year": year},
        )
    # NB: the structure's levels are the plan's own (any depth and names); Medellín's are the default ones
    levels = ("plan", *(key for key, _name in plan_levels(pdd)), "dependencia", "indicador")
    if filters.nivel is not None and filters.nivel not in levels:
        raise HttpError(
            404,
            _("No existe el nivel «%(level)s»: use %(levels)s.")
            % {"level": filters.nivel, "levels": ", ".join(levels)},
        )
    cutoff = filters.corte or year_cutoff(plan, year)
    result = development_levels(pdd, year, cutoff, view_for(release.version))
    agencies = {
        code: acronym or code
        for code, acronym in Agency.objects.filter(plan=plan).values_list("code", "acronym")
    }
    rows = [
        row
        for row in (*result.levels, *result.indicators)
        if filters.nivel is None or row.level == filters.nivel
    ]
    start, size = paging.desplazamiento, paging.limite
    return {
        "plan_desarrollo": {
            "identificador": pdd.slug,
            "nombre": pdd.name,
            "inicio": pdd.start_year,
            "fin": pdd.end_year,
            "datos_sinteticos": pdd.is_synthetic,
            "fuente": pdd.source,
        },
        "vigencia": year,
        "corte": result.term.cutoff.isoformat(),
        "meses_transcurridos": result.term.months_elapsed,
        "meses_periodo": result.term.months_total,
        "reglas": {
            "nombre": result.rules.name,
            "version": result.rules.version,
            "descripcion": result.rules.describe(),
        },
        "total": len(rows),
        "limite": size,
        "desplazamiento": start,
        "resultados": [
            {
                "nivel": row.level,
                "codigo": agencies.get(row.code, "") if row.level == "dependencia" else row.code,
                "nombre": row.name,
                "avance": figure_out(row.progress),
                "cumplimiento": figure_out(row.compliance),
                "dinero": money_out(row.money),
            }
            for row in rows[start : start + size]
        ],
        "inconsistencias_fuente": [
            {"tipo": p.kind, "ref": p.ref, "mensaje": p.message} for p in result.problems
        ],
    }


api.add_router("", reporting_router)
api.add_router("", framework_router)
