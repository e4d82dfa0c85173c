"""The shared chart layer: one spec, drawn as SVG for the report and served to the browser."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from ssepot.charts.base import bundle_version, chart, clickable, to_svg


def bars() -> dict:
    spec = {
        "data": {
            "values": [{"programa": "Movilidad", "monto": 5733749.5}, {"programa": "Vivienda", "monto": 1200}]
        },
        "mark": "bar",
        "encoding": {
            "y": {"field": "programa", "type": "nominal"},
            "x": {"field": "monto", "type": "quantitative", "axis": {"format": ",.1f"}},
        },
    }
    return chart(spec, key="montos", description="Monto por programa", title="Montos")


def test_svg_writes_numbers_the_colombian_way_in_spanish_and_the_english_way_in_english():
    spec = bars()
    spanish = to_svg(spec, "es")
    english = to_svg(spec, "en")
    assert spanish.startswith("<svg")
    assert "5.000.000,0" in spanish
    assert "5,000,000.0" in english


def test_the_active_language_decides_when_none_is_given():
    with translation.override("en"):
        assert "5,000,000.0" in to_svg(bars())
    with translation.override("es"):
        assert "5.000.000,0" in to_svg(bars())


def test_a_chart_carries_its_text_alternative_its_key_and_the_shared_look():
    spec = clickable(bars(), param="programa", field="programa")
    assert spec["description"] == "Monto por programa"
    assert spec["usermeta"] == {"key": "montos", "click": {"param": "programa", "field": "programa"}}
    assert spec["mark"] == {"type": "bar", "cursor": "pointer"}
    assert spec["config"]["font"]
    assert 'aria-label="Monto por programa"' in to_svg(spec) or "Monto por programa" in to_svg(spec)


def test_the_chart_tag_embeds_the_spec_as_json_and_the_caption_as_text():
    html = Template("{% load ssepot_charts %}{% vega_chart spec %}").render(Context({"spec": bars()}))
    assert '<figure class="chart " id="grafico-montos">' in html
    assert '<script id="grafico-montos-spec" type="application/json">' in html
    assert '<figcaption class="chart__caption">Monto por programa</figcaption>' in html


@pytest.mark.django_db
def test_the_bundle_is_served_locally_and_cached_by_version(client):
    url = f"/graficos/vega-{bundle_version()}.js"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "immutable" in response["Cache-Control"]
    body = response.content.decode()
    assert "window.vegaEmbed" in body and len(body) > 500_000
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    stale = client.get("/graficos/vega-old.js")
    assert stale["Cache-Control"] == "no-cache"
