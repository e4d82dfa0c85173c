"""``{% vega_scripts %}`` once per page, then ``{% vega_chart spec %}`` for each chart.

A chart is a ``<figure>`` with the text alternative as its caption; the spec travels as JSON in a
``<script type="application/json">`` that ``charts.js`` hands to vega-embed. Without JavaScript, the
caption and the data table the page puts beside every chart carry the content.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script

from ssepot.charts.base import Spec, bundle_version, embed_options

register = template.Library()


@register.simple_tag
def vega_scripts() -> str:
    """The chart libraries and the page's embed options (locale, export menu), deferred."""
    options = json_script(embed_options(), "vega-embed-options")
    return format_html(
        '{}<script src="{}" defer></script><script src="{}" defer></script>',
        options,
        reverse("charts:vega", args=[bundle_version()]),
        static("charts/charts.js"),
    )


@register.simple_tag
def vega_chart(spec: Spec, css_class: str = "") -> str:
    """A chart: the canvas vega-embed draws into, the spec as JSON, and the text alternative as caption."""
    key = str(spec.get("usermeta", {}).get("key", "grafico"))
    element_id = f"grafico-{key}"
    data: dict[str, Any] = {"click": spec.get("usermeta", {}).get("click")}
    return format_html(
        '<figure class="chart {}" id="{}">'
        '<div class="chart__canvas" data-vega-spec="{}-spec" data-vega-meta="{}"></div>'
        "{}"
        '<figcaption class="chart__caption">{}</figcaption>'
        "</figure>",
        css_class,
        element_id,
        element_id,
        json.dumps(data),
        json_script(spec, f"{element_id}-spec"),
        spec.get("description", ""),
    )
