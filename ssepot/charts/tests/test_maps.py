"""Choropleths from the real boundaries: simplified, wound for d3-geo, coloured by the given values."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from shapely.geometry import shape

from ssepot.charts.base import to_svg
from ssepot.charts.maps import choropleth, simplify_features

BOUNDARIES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "medellin-comunas"


@pytest.fixture(scope="module")
def units() -> list[dict]:
    data = json.loads((BOUNDARIES / "medellin_comunas_corregimientos.geojson").read_text(encoding="utf-8"))
    features = data["features"]
    assert len(features) >= 21
    keys = list(features[0]["properties"])
    code_key = next(k for k in keys if "cod" in k.lower())
    name_key = next(k for k in keys if "nomb" in k.lower())
    return [
        {
            "code": str(f["properties"][code_key]),
            "name": str(f["properties"][name_key]),
            "geometry": f["geometry"],
        }
        for f in features
    ]


def test_simplified_boundaries_are_small_and_keep_their_shape(units):
    features = simplify_features(units)
    original = sum(len(json.dumps(u["geometry"])) for u in units)
    simplified = len(json.dumps(features))
    assert simplified < 80_000 < original / 10
    for unit, feature in zip(units, features, strict=True):
        before, after = shape(unit["geometry"]), shape(feature["geometry"])
        assert after.is_valid
        # each unit keeps its area within 3 %, or 0,05 km² (4e-6 square degrees) for the small ones
        assert abs(after.area - before.area) <= max(0.03 * before.area, 4e-6)
        assert feature["code"] == unit["code"] == feature["properties"]["code"]
    total_before = sum(shape(u["geometry"]).area for u in units)
    total_after = sum(shape(f["geometry"]).area for f in features)
    assert total_after == pytest.approx(total_before, rel=0.01)


def test_exterior_rings_run_clockwise_for_d3_geo(units):
    from shapely.geometry import Polygon

    for feature in simplify_features(units):
        geometry = shape(feature["geometry"])
        polygons = [geometry] if isinstance(geometry, Polygon) else list(geometry.geoms)
        assert all(not p.exterior.is_ccw for p in polygons)


def test_units_without_geometry_are_left_out():
    assert simplify_features([{"code": "01", "name": "Popular", "geometry": None}]) == []


def test_choropleth_colours_by_value_and_describes_every_unit(units):
    features = simplify_features(units)
    values = {features[0]["code"]: Decimal("0.91"), features[1]["code"]: Decimal("0.57")}
    spec = choropleth(features, values, key="mapa", title="IDH", measure="IDH", selected=features[1]["code"])
    shown = {f["code"]: f["valor"] for f in spec["data"]["values"]}
    assert shown[features[0]["code"]] == 0.91 and shown[features[1]["code"]] == 0.57
    assert sum(v is None for v in shown.values()) == len(features) - 2
    assert spec["mark"]["type"] == "geoshape" and spec["projection"]["type"] == "mercator"
    assert spec["usermeta"]["click"] == {"param": "unidad", "field": "code"}
    assert spec["encoding"]["stroke"]["condition"]["test"] == f'datum.code === "{features[1]["code"]}"'
    # the text alternative lists the values, highest first, then the units without data
    description = spec["description"]
    assert description.index("0,91") < description.index("0,57")
    assert "Sin dato:" in description


def test_the_map_draws_one_shape_per_unit(units):
    features = simplify_features(units)
    spec = choropleth(
        features, {f["code"]: i for i, f in enumerate(features)}, key="mapa", title="t", measure="m"
    )
    spec["width"] = 300  # a container width means nothing outside a page
    svg = to_svg(spec)
    assert svg.count('aria-roledescription="geoshape"') == len(features) or svg.count("<path") >= len(
        features
    )
