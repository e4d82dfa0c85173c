"""OGC API - Features, Part 1 (Core, GeoJSON, OpenAPI 3.0) at ``/ogc/``: each plan's territorial units
(``<plan>-unidades``) and projects (``<plan>-proyectos``) as feature collections a GIS (QGIS, ArcGIS,
OpenLayers, GDAL's ``OAPIF`` driver) opens without a download. Plain Django views, no pygeoapi (ADR 0010).

What goes out is public: the units' catalogue and geometry, and each project as the portal shows it in the
year it opens (``default_year``: the newest year published with results): its subsystem and agency as of
that year's newest release (``catalogue_as_of``), its budget, execution and physical progress the
published version. A project's geometry is its works' (``Work``): one work's own geometry, several works'
as a multi-geometry; a project without works has none (``null``).

The features of a collection are built once per publication and kept in the portal's cache
(``ssepot.front.data.cached``); a request filters them (``bbox``, with shapely) and pages them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ssepot.api.exports import COORDINATE_PLACES
from ssepot.api.ogc_openapi import DEFAULT_LIMIT, GEOJSON, JSON, MAX_LIMIT, OPENAPI, definition
from ssepot.catalogue.models import Agency, Plan, Subsystem, TerritorialUnit
from ssepot.core.inputs import as_written
from ssepot.figures.loaders import PUBLISHED, catalogue_as_of, instances_as_of, reported
from ssepot.front.data import cached, default_year
from ssepot.projects.models import Project, ProjectYear, Work

CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
)
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#: the query parameters each resource knows; any other is a 400 (/req/core/query-param-unknown)
KNOWN = {"f"}
ITEMS_KNOWN = {"f", "limit", "offset", "bbox"}

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Feature:
    id: str
    geometry: dict[str, Any] | None
    properties: dict[str, Any]
    bbox: BBox | None


@dataclass(frozen=True)
class Layer:
    """One kind of collection, offered for every plan as ``<plan>-<suffix>``."""

    suffix: str
    title: Callable[[Plan], str]
    description: Callable[[Plan], str]
    features: Callable[[Plan], list[Feature]]


class Refused(Exception):
    """A request the spec answers with an error (400, 404) as a JSON exception document."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


# -- features ---------------------------------------------------------------------------------------------


def _geometry(geometries: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, BBox | None]:
    """One GeoJSON geometry for ``geometries`` (itself for one; a Multi* of one kind, else a collection),
    rounded, with its bounds."""
    import numpy
    from shapely import transform
    from shapely.geometry import (
        GeometryCollection,
        MultiLineString,
        MultiPoint,
        MultiPolygon,
        mapping,
        shape,
    )

    shapes = [shape(g) for g in geometries if g]
    if not shapes:
        return None, None
    kinds = {s.geom_type for s in shapes}
    multi: dict[str, Callable[[list[Any]], Any]] = {
        "Point": MultiPoint,
        "LineString": MultiLineString,
        "Polygon": MultiPolygon,
    }
    if len(shapes) == 1:
        combined = shapes[0]
    elif len(kinds) == 1 and (kind := next(iter(kinds))) in multi:
        combined = multi[kind](shapes)
    else:
        combined = GeometryCollection(shapes)
    if combined.is_empty:
        return None, None
    # NB: rounded by numpy in one pass (a recursion over a city's 450.000 coordinates took a second)
    drawn: dict[str, Any] = mapping(transform(combined, lambda xy: numpy.round(xy, COORDINATE_PLACES)))
    minx, miny, maxx, maxy = combined.bounds
    return drawn, (minx, miny, maxx, maxy)


def _text(value: Any) -> Any:
    return as_written(value) if isinstance(value, Decimal) else value


def unit_features(plan: Plan) -> list[Feature]:
    units = TerritorialUnit.objects.filter(plan=plan).select_related("parent").order_by("code")
    features = []
    for unit in units:
        geometry, bounds = _geometry([unit.geometry] if unit.geometry else [])
        features.append(
            Feature(
                id=unit.code,
                geometry=geometry,
                bbox=bounds,
                properties={
                    "codigo": unit.code,
                    "nombre": unit.name,
                    "tipo": unit.kind,
                    "codigo_superior": unit.parent.code if unit.parent else None,
                    "area_m2": _text(unit.area_m2),
                    "fuente": unit.source,
                },
            )
        )
    return features


def project_features(plan: Plan) -> list[Feature]:
    """The plan's projects as the portal's year shows them (module docstring)."""
    year = default_year(plan)
    as_of = catalogue_as_of(plan.pk, year, PUBLISHED) if year is not None else None
    projects = instances_as_of(list(Project.objects.filter(plan=plan).order_by("code")), as_of)
    subsystems = {
        pk: (code, name)
        for pk, code, name in Subsystem.objects.filter(plan=plan).values_list("pk", "code", "name")
    }
    agencies = dict(Agency.objects.filter(plan=plan).values_list("pk", "name"))
    years: dict[int, ProjectYear] = {}
    if year is not None:
        published = reported(ProjectYear.objects.filter(plan=plan, year=year), PUBLISHED)
        years = {y.project_id: y for y in published}
    works: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for project_id, geometry in (
        Work.objects.filter(plan=plan).order_by("project_id", "key").values_list("project_id", "geometry")
    ):
        works[project_id].append(geometry)
    features = []
    for project in projects:
        geometry, bounds = _geometry(works.get(project.pk, []))
        subsystem = subsystems.get(project.subsystem_id) if project.subsystem_id else None
        shown = years.get(project.pk)
        features.append(
            Feature(
                id=project.code,
                geometry=geometry,
                bbox=bounds,
                properties={
                    "codigo": project.code,
                    "nombre": project.name,
                    "codigo_subsistema": subsystem[0] if subsystem else None,
                    "subsistema": subsystem[1] if subsystem else None,
                    "dependencia": agencies.get(project.agency_id) if project.agency_id else None,
                    "estado": project.status,
                    "tipo_contrato": project.contract_type,
                    "fecha_inicio": project.start_date.isoformat() if project.start_date else None,
                    "fecha_terminacion": project.end_date.isoformat() if project.end_date else None,
                    "valor_contrato": project.contract_value,
                    "obras": len(works.get(project.pk, [])),
                    "vigencia": year,
                    "presupuesto": shown.budget if shown else None,
                    "ejecutado": shown.executed if shown else None,
                    "avance_fisico": _text(shown.physical_progress) if shown else None,
                },
            )
        )
    return features


LAYERS: tuple[Layer, ...] = (
    Layer(
        "unidades",
        lambda plan: _("Unidades territoriales de %(plan)s") % {"plan": plan.name},
        lambda plan: _("Comunas y corregimientos del plan con su código oficial y sus límites (WGS 84)."),
        unit_features,
    ),
    Layer(
        "proyectos",
        lambda plan: _("Proyectos del programa de ejecución de %(plan)s") % {"plan": plan.name},
        lambda plan: _(
            "Los proyectos del plan como los muestra el portal en su última vigencia publicada (subsistema, "
            "dependencia, presupuesto, ejecución y avance físico de esa vigencia), con la geometría de sus "
            "obras; un proyecto sin obras no tiene geometría."
        ),
        project_features,
    ),
)
BY_SUFFIX = {layer.suffix: layer for layer in LAYERS}


def _collection(collection_id: str) -> tuple[Plan, Layer]:
    slug, _sep, suffix = collection_id.rpartition("-")
    layer = BY_SUFFIX.get(suffix)
    plan = Plan.objects.select_related("municipality").filter(slug=slug).first() if layer else None
    if plan is None or layer is None:
        raise Refused(404, "NotFound", _("No existe la colección «%(id)s».") % {"id": collection_id})
    return plan, layer


def _features(plan: Plan, layer: Layer) -> list[Feature]:
    found: list[Feature] = cached(plan, f"ogc:{layer.suffix}", lambda: layer.features(plan))
    return found


def _extent(features: Iterable[Feature]) -> BBox | None:
    boxes = [f.bbox for f in features if f.bbox is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# -- the requests -----------------------------------------------------------------------------------------


def _check_query(request: HttpRequest, known: set[str]) -> None:
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise Refused(
            400,
            "InvalidParameterValue",
            _("Parámetro desconocido: %(names)s. Esta ruta acepta: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )
    fmt = request.GET.get("f", "json")
    if fmt not in ("json", "geojson"):
        raise Refused(
            400, "InvalidParameterValue", _("Formato no disponible: «%(f)s»; use f=json.") % {"f": fmt}
        )


def _integer(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise Refused(
            400,
            "InvalidParameterValue",
            _("«%(name)s» debe ser un entero entre %(low)d y %(high)d; llegó «%(raw)s».")
            % {"name": name, "low": low, "high": high, "raw": raw},
        )
    return value


def _bbox(request: HttpRequest) -> BBox | None:
    """``bbox=minx,miny,maxx,maxy`` in CRS84 (six numbers: the heights are ignored)."""
    raw = request.GET.get("bbox")
    if raw is None:
        return None
    refusal = Refused(
        400,
        "InvalidParameterValue",
        _(
            "«bbox» son cuatro números separados por comas (longitud y latitud mínimas, longitud y latitud "
            "máximas, en WGS 84); llegó «%(raw)s»."
        )
        % {"raw": raw},
    )
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        raise refusal from None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise refusal
    minx, miny, maxx, maxy = numbers
    if miny > maxy or not (-90 <= miny <= 90 and -90 <= maxy <= 90):
        raise refusal
    return minx, miny, maxx, maxy


def _intersects(feature: Feature, box: BBox) -> bool:
    from shapely.geometry import box as make_box
    from shapely.geometry import shape

    if feature.bbox is None or feature.geometry is None:
        return False
    minx, miny, maxx, maxy = box
    fminx, fminy, fmaxx, fmaxy = feature.bbox
    if fminy > maxy or fmaxy < miny:
        return False
    # NB: a box whose west edge is east of its east edge crosses the antimeridian (OGC API - Features 7.15.3)
    spans = [(minx, maxx)] if minx <= maxx else [(minx, 180.0), (-180.0, maxx)]
    geometry = shape(feature.geometry)
    return any(
        fminx <= east and fmaxx >= west and geometry.intersects(make_box(west, miny, east, maxy))
        for west, east in spans
    )


def _json(
    request: HttpRequest, document: dict[str, Any], content_type: str = JSON, status: int = 200
) -> HttpResponse:
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = content_type
    response["Access-Control-Allow-Origin"] = "*"  # NB: open data: any site may read it
    return response


def answers(
    known: set[str],
) -> Callable[[Callable[..., dict[str, Any] | HttpResponse]], Callable[..., HttpResponse]]:
    """A view that checks its query parameters and answers a ``Refused`` as the spec's JSON exception."""

    def wrap(view: Callable[..., dict[str, Any] | HttpResponse]) -> Callable[..., HttpResponse]:
        @require_GET
        def handle(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            try:
                _check_query(request, known)
                result = view(request, **kwargs)
            except Refused as refused:
                return _json(
                    request, {"code": refused.code, "description": refused.description}, status=refused.status
                )
            return result if isinstance(result, HttpResponse) else _json(request, result)

        handle.__name__ = view.__name__
        handle.__doc__ = view.__doc__
        return handle

    return wrap


def _url(request: HttpRequest, name: str, *args: str, query: dict[str, Any] | None = None) -> str:
    url = request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _link(href: str, rel: str, kind: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": kind, "title": title}


@answers(KNOWN)
def landing(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": _("SSEPOT: unidades territoriales y proyectos (OGC API - Features)"),
        "description": _(
            "Las comunas, corregimientos y proyectos publicados de cada plan de ordenamiento territorial, "
            "como colecciones de entidades geográficas en GeoJSON (WGS 84)."
        ),
        "links": [
            _link(_url(request, "landing"), "self", JSON, _("Esta página")),
            _link(_url(request, "openapi"), "service-desc", OPENAPI, _("Definición de la API (OpenAPI 3.0)")),
            _link(_url(request, "conformance"), "conformance", JSON, _("Clases de conformidad")),
            _link(_url(request, "collections"), "data", JSON, _("Colecciones")),
        ],
    }


@answers(KNOWN)
def conformance(request: HttpRequest) -> dict[str, Any]:
    return {"conformsTo": list(CONFORMANCE)}


def _collection_document(request: HttpRequest, plan: Plan, layer: Layer) -> dict[str, Any]:
    collection_id = f"{plan.slug}-{layer.suffix}"
    extent = _extent(_features(plan, layer))
    document: dict[str, Any] = {
        "id": collection_id,
        "title": layer.title(plan),
        "description": layer.description(plan),
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            _link(_url(request, "collection", collection_id), "self", JSON, _("Esta colección")),
            _link(_url(request, "items", collection_id), "items", GEOJSON, _("Sus entidades (GeoJSON)")),
            _link(
                request.build_absolute_uri(reverse("opendata:plan", args=[plan.slug])),
                "describedby",
                JSON,
                _("Datos abiertos del plan (paquete de datos)"),
            ),
        ],
    }
    if extent is not None:
        document["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
    return document


@answers(KNOWN)
def collections(request: HttpRequest) -> dict[str, Any]:
    plans = Plan.objects.select_related("municipality").order_by("slug")
    return {
        "links": [_link(_url(request, "collections"), "self", JSON, _("Colecciones"))],
        "collections": [_collection_document(request, plan, layer) for plan in plans for layer in LAYERS],
    }


@answers(KNOWN)
def collection(request: HttpRequest, collection_id: str) -> dict[str, Any]:
    return _collection_document(request, *_collection(collection_id))


def _feature_document(feature: Feature) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": feature.id,
        "geometry": feature.geometry,
        "properties": feature.properties,
    }


@answers(ITEMS_KNOWN)
def items(request: HttpRequest, collection_id: str) -> HttpResponse:
    plan, layer = _collection(collection_id)
    limit = _integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _integer(request, "offset", 0, 0, 10_000_000)
    box = _bbox(request)
    found = _features(plan, layer)
    if box is not None:
        found = [f for f in found if _intersects(f, box)]
    shown = found[offset : offset + limit]
    query = {k: v for k, v in request.GET.items() if k not in ("offset", "limit")}

    def page(start: int) -> str:
        return _url(request, "items", collection_id, query={**query, "limit": limit, "offset": start})

    links = [
        _link(page(offset), "self", GEOJSON, _("Esta página")),
        _link(_url(request, "collection", collection_id), "collection", JSON, _("La colección")),
    ]
    if offset + limit < len(found):
        links.append(_link(page(offset + limit), "next", GEOJSON, _("Página siguiente")))
    if offset > 0:
        links.append(_link(page(max(offset - limit, 0)), "prev", GEOJSON, _("Página anterior")))
    document = {
        "type": "FeatureCollection",
        "features": [_feature_document(f) for f in shown],
        "links": links,
        "numberMatched": len(found),
        "numberReturned": len(shown),
    }
    return _json(request, document, GEOJSON)


@answers(KNOWN)
def item(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    plan, layer = _collection(collection_id)
    feature = next((f for f in _features(plan, layer) if f.id == feature_id), None)
    if feature is None:
        raise Refused(
            404,
            "NotFound",
            _("La colección «%(collection)s» no tiene la entidad «%(id)s».")
            % {"collection": collection_id, "id": feature_id},
        )
    document = _feature_document(feature)
    document["links"] = [
        _link(_url(request, "item", collection_id, feature_id), "self", GEOJSON, _("Esta entidad")),
        _link(_url(request, "collection", collection_id), "collection", JSON, _("La colección")),
    ]
    return _json(request, document, GEOJSON)


@answers(KNOWN)
def not_found(request: HttpRequest, rest: str = "") -> dict[str, Any]:
    raise Refused(404, "NotFound", _("No existe la ruta %(path)s; vea /ogc/.") % {"path": request.path})


@answers(KNOWN)
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(request, definition(request.build_absolute_uri(reverse("ogc:landing"))), OPENAPI)
