"""The OpenAPI 3.0 definition of ``/ogc/`` (the ``service-desc`` of its landing page), written by hand after
the OGC API - Features Part 1 building blocks: its paths, parameters and responses are the ones
``ssepot.api.ogc`` answers, and a test checks both against each other."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000


def _json(schema: str, description: str, kind: str = JSON) -> dict[str, Any]:
    return {
        "description": description,
        "content": {kind: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


ERRORS = {
    "400": {"$ref": "#/components/responses/InvalidParameter"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
F = {"$ref": "#/components/parameters/f"}
COLLECTION_ID = {"$ref": "#/components/parameters/collectionId"}

LINK = {
    "type": "object",
    "required": ["href", "rel"],
    "properties": {
        "href": {"type": "string"},
        "rel": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
    },
}
LINKS = {"type": "array", "items": {"$ref": "#/components/schemas/link"}}
FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string"},
        "geometry": {"type": "object", "nullable": True},
        "properties": {"type": "object", "nullable": True},
        "links": LINKS,
    },
}


def definition(server: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SSEPOT OGC API - Features",
            "version": "1.0.0",
            "description": "Unidades territoriales y proyectos publicados de cada plan (GeoJSON, WGS 84).",
            "license": {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getLandingPage",
                    "summary": "Página de inicio",
                    "parameters": [F],
                    "responses": {"200": _json("landingPage", "Enlaces de la API"), **ERRORS},
                }
            },
            "/conformance": {
                "get": {
                    "operationId": "getConformance",
                    "summary": "Clases de conformidad",
                    "parameters": [F],
                    "responses": {"200": _json("confClasses", "Clases que cumple la API"), **ERRORS},
                }
            },
            "/api": {
                "get": {
                    "operationId": "getAPIDefinition",
                    "summary": "Esta definición (OpenAPI 3.0)",
                    "parameters": [F],
                    "responses": {
                        "200": {
                            "description": "La definición",
                            "content": {OPENAPI: {"schema": {"type": "object"}}},
                        },
                        **ERRORS,
                    },
                }
            },
            "/collections": {
                "get": {
                    "operationId": "getCollections",
                    "summary": "Colecciones: de cada plan, sus unidades territoriales y sus proyectos",
                    "parameters": [F],
                    "responses": {"200": _json("collections", "Las colecciones"), **ERRORS},
                }
            },
            "/collections/{collectionId}": {
                "get": {
                    "operationId": "describeCollection",
                    "summary": "Una colección con su extensión",
                    "parameters": [COLLECTION_ID, F],
                    "responses": {"200": _json("collection", "La colección"), **ERRORS},
                }
            },
            "/collections/{collectionId}/items": {
                "get": {
                    "operationId": "getFeatures",
                    "summary": "Las entidades de una colección, por páginas",
                    "parameters": [
                        COLLECTION_ID,
                        {"$ref": "#/components/parameters/limit"},
                        {"$ref": "#/components/parameters/offset"},
                        {"$ref": "#/components/parameters/bbox"},
                        F,
                    ],
                    "responses": {
                        "200": _json("featureCollectionGeoJSON", "Una página de entidades", GEOJSON),
                        **ERRORS,
                    },
                }
            },
            "/collections/{collectionId}/items/{featureId}": {
                "get": {
                    "operationId": "getFeature",
                    "summary": "Una entidad (código de la unidad o del proyecto)",
                    "parameters": [
                        COLLECTION_ID,
                        {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}},
                        F,
                    ],
                    "responses": {"200": _json("featureGeoJSON", "La entidad", GEOJSON), **ERRORS},
                }
            },
        },
        "components": {
            "parameters": {
                "f": {
                    "name": "f",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["json", "geojson"], "default": "json"},
                },
                "collectionId": {
                    "name": "collectionId",
                    "in": "path",
                    "required": True,
                    "description": "<plan>-unidades o <plan>-proyectos",
                    "schema": {"type": "string"},
                },
                "limit": {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "style": "form",
                    "explode": False,
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_LIMIT,
                        "default": DEFAULT_LIMIT,
                    },
                },
                "offset": {
                    "name": "offset",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0},
                },
                "bbox": {
                    "name": "bbox",
                    "in": "query",
                    "required": False,
                    "style": "form",
                    "explode": False,
                    "description": "minx,miny,maxx,maxy en CRS84 (WGS 84, longitud y latitud)",
                    "schema": {
                        "type": "array",
                        "minItems": 4,
                        "maxItems": 6,
                        "items": {"type": "number"},
                    },
                },
            },
            "responses": {
                "InvalidParameter": _json("exception", "Un parámetro desconocido o inválido"),
                "NotFound": _json("exception", "La colección o la entidad no existe"),
            },
            "schemas": {
                "link": LINK,
                "exception": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
                },
                "landingPage": {
                    "type": "object",
                    "required": ["links"],
                    "properties": {
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "links": LINKS,
                    },
                },
                "confClasses": {
                    "type": "object",
                    "required": ["conformsTo"],
                    "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
                },
                "collection": {
                    "type": "object",
                    "required": ["id", "links"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "links": LINKS,
                        "extent": {"type": "object"},
                        "itemType": {"type": "string"},
                        "crs": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "collections": {
                    "type": "object",
                    "required": ["links", "collections"],
                    "properties": {
                        "links": LINKS,
                        "collections": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/collection"},
                        },
                    },
                },
                "featureGeoJSON": FEATURE,
                "featureCollectionGeoJSON": {
                    "type": "object",
                    "required": ["type", "features"],
                    "properties": {
                        "type": {"type": "string", "enum": ["FeatureCollection"]},
                        "features": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/featureGeoJSON"},
                        },
                        "links": LINKS,
                        "numberMatched": {"type": "integer", "minimum": 0},
                        "numberReturned": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
    }
