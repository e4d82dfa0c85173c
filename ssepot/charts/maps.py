"""Choropleth maps of comunas and corregimientos from their real boundaries, drawn by Vega-Lite.

No tile server: the boundaries (``catalogue.TerritorialUnit.geometry``, GeoJSON in WGS84, imported from
the city's open data) travel inline in the spec and Vega-Lite draws them as ``geoshape`` marks with a
projection fitted to the features. The official boundaries weigh about 6 MB; ``simplify_features``
simplifies them with shapely (topology preserved) and rounds the coordinates, so a map costs tens of
kilobytes. The caller caches the result (the boundaries change only when the catalogue does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ssepot.charts.base import Spec, chart, clickable
from ssepot.charts.indicators import AUTOSIZE

#: about 40 m at Medellín's latitude: invisible at the size the portal draws a city
TOLERANCE = 0.0004
PLACES = 5
NO_DATA = "#e5e7eb"


def _rounded(coords: Any) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), PLACES) for c in coords]
    return [_rounded(c) for c in coords]


def _clockwise(geometry: Any) -> Any:
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geometry, Polygon):
        return orient(geometry, sign=-1.0)
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(p, sign=-1.0) for p in geometry.geoms])
    return geometry


def simplify_features(
    units: Sequence[Mapping[str, Any]], tolerance: float = TOLERANCE
) -> list[dict[str, Any]]:
    """GeoJSON features for ``units`` (``{"code", "name", "geometry"}``), simplified; units without a
    geometry are left out. Each feature carries ``code`` and ``name`` at the top (for clicks and tooltips)
    and in ``properties``."""
    from shapely.geometry import mapping, shape

    features = []
    # NB: d3-geo (Vega) reads a counter-clockwise ring, GeoJSON's own convention, as "the whole globe
    # except this polygon": exterior rings go clockwise for it.
    for unit in units:
        geometry = unit.get("geometry")
        if not geometry:
            continue
        simplified = _clockwise(shape(geometry).simplify(tolerance, preserve_topology=True))
        features.append(
            {
                "type": "Feature",
                "code": unit["code"],
                "name": unit["name"],
                "properties": {"code": unit["code"], "name": unit["name"]},
                "geometry": {
                    **mapping(simplified),
                    "coordinates": _rounded(mapping(simplified)["coordinates"]),
                },
            }
        )
    return features


def choropleth(
    features: Sequence[Mapping[str, Any]],
    values: Mapping[str, Decimal | int | float | None],
    *,
    key: str,
    title: str,
    measure: str,
    param: str = "unidad",
    selected: str | None = None,
) -> Spec:
    """A map of ``features`` coloured by ``values`` (``{unit code: value}``); units without a value are
    grey and say "sin dato". Clicking a unit sets ``?<param>=<code>``; ``selected`` is outlined.

    The text alternative lists every unit's value, highest first, so the map's content is readable
    without seeing it (the page also puts the data table beside the map)."""
    shown = []
    for feature in features:
        value = values.get(feature["code"])
        shown.append({**feature, "valor": None if value is None else float(value)})
    ranked = sorted((f for f in shown if f["valor"] is not None), key=lambda f: -f["valor"])
    missing = [f["name"] for f in shown if f["valor"] is None]
    parts = "; ".join(f"{f['name']}: {_fmt(f['valor'])}" for f in ranked)
    description = _("Mapa de %(measure)s por comuna y corregimiento, de mayor a menor: %(parts)s.") % {
        "measure": measure,
        "parts": parts or _("sin datos"),
    }
    if missing:
        description += " " + _("Sin dato: %(units)s.") % {"units": ", ".join(missing)}
    spec = chart(
        {
            "data": {"values": shown, "format": {"type": "json"}},
            "projection": {"type": "mercator"},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": 420,
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8, "invalid": "show"},
            "encoding": {
                "color": {
                    "field": "valor",
                    "type": "quantitative",
                    "title": measure,
                    "scale": {"scheme": "blues"},
                    "legend": {"orient": "bottom", "gradientLength": 220, "format": ",.4~f"},
                    "condition": {"test": "datum.valor === null", "value": NO_DATA},
                },
                "strokeWidth": {
                    "condition": {"test": f"datum.code === {_js_string(selected)}", "value": 3},
                    "value": 0.8,
                },
                "stroke": {
                    "condition": {"test": f"datum.code === {_js_string(selected)}", "value": "#c2410c"},
                    "value": "#ffffff",
                },
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": _("unidad territorial")},
                    {"field": "valor", "type": "quantitative", "title": measure, "format": ",.4~f"},
                ],
            },
        },
        key=key,
        title=title,
        description=description,
    )
    return clickable(spec, param=param, field="code")


def _js_string(value: str | None) -> str:
    import json

    return json.dumps(value or "")


def _fmt(value: float) -> str:
    from django.utils import formats

    plain = Decimal(format(Decimal(str(value)).normalize(), "f"))
    return formats.number_format(plain, use_l10n=True, force_grouping=True)


def works_map(
    boundaries: Sequence[Mapping[str, Any]],
    works: Sequence[Mapping[str, Any]],
    *,
    key: str,
    title: str,
) -> Spec:
    """Public works over the territorial units' boundaries: points as circles, lines and polygons as
    outlines, coloured by the contract's status. ``boundaries`` are ``simplify_features`` output (the
    projection fits them); each work is ``{"code", "activity", "status", "unit", "geometry"}``.

    The text alternative counts the works by status and territorial unit; the page puts the full table
    beside the map."""
    from shapely.geometry import mapping, shape

    points, shapes = [], []
    for work in works:
        geometry = work["geometry"]
        fields = {
            "contrato": work["code"],
            "actividad": work["activity"] or "",
            "estado": work["status"] or _("sin estado"),
            "unidad": work["unit"] or _("sin comuna"),
        }
        if geometry["type"] == "Point":
            lon, lat = geometry["coordinates"][:2]
            points.append({**fields, "lon": round(float(lon), 6), "lat": round(float(lat), 6)})
        else:
            drawn = mapping(_clockwise(shape(geometry)))
            shapes.append(
                {
                    "type": "Feature",
                    **fields,
                    "properties": fields,
                    "geometry": {**drawn, "coordinates": _rounded(drawn["coordinates"])},
                }
            )
    by_status: dict[str, int] = {}
    by_unit: dict[str, int] = {}
    for item in [*points, *shapes]:
        by_status[item["estado"]] = by_status.get(item["estado"], 0) + 1
        by_unit[item["unidad"]] = by_unit.get(item["unidad"], 0) + 1
    description = _(
        "Mapa de %(count)s obras sobre los límites de las comunas y corregimientos. Por estado: "
        "%(status)s. Por unidad territorial: %(units)s."
    ) % {
        "count": len(points) + len(shapes),
        "status": "; ".join(f"{k}: {v}" for k, v in sorted(by_status.items())),
        "units": "; ".join(f"{k}: {v}" for k, v in sorted(by_unit.items())),
    }
    tooltip = [
        {"field": "contrato", "type": "nominal", "title": _("contrato")},
        {"field": "actividad", "type": "nominal", "title": _("actividad")},
        {"field": "estado", "type": "nominal", "title": _("estado")},
        {"field": "unidad", "type": "nominal", "title": _("unidad territorial")},
    ]
    color = {"field": "estado", "type": "nominal", "title": _("Estado"), "scale": {"scheme": "dark2"}}
    layers: list[Spec] = [
        {
            "data": {"values": list(boundaries), "format": {"type": "json"}},
            "mark": {"type": "geoshape", "fill": "#f3f4f6", "stroke": "#6b7280", "strokeWidth": 0.7},
            "encoding": {"tooltip": [{"field": "name", "type": "nominal", "title": _("unidad territorial")}]},
        }
    ]
    if shapes:
        layers.append(
            {
                "data": {"values": shapes, "format": {"type": "json"}},
                "mark": {"type": "geoshape", "filled": False, "strokeWidth": 2.5},
                "encoding": {"stroke": color, "tooltip": tooltip},
            }
        )
    if points:
        layers.append(
            {
                "data": {"values": points},
                "mark": {
                    "type": "circle",
                    "size": 45,
                    "opacity": 0.9,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.6,
                },
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "color": color,
                    "tooltip": tooltip,
                },
            }
        )
    return chart(
        {
            "projection": {"type": "mercator"},
            "width": "container",
            "autosize": AUTOSIZE,
            "height": 420,
            "layer": layers,
        },
        key=key,
        title=title,
        description=description,
    )
